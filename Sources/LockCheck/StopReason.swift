/// Why an exploration ended.
public enum StopReason: String, Sendable, Equatable, Codable {
  /// Every reachable state was expanded.
  case completed
  /// Every selected property was decided before the search finished.
  case decided
  /// `maxStates` was reached.
  case maxStates = "max_states"
  /// States at `maxDepth` had successors that were not kept.
  case maxDepth = "max_depth"
  /// The state store would have outgrown the memory budget.
  case memory

  /// Whether this reason is a bound (the search is incomplete and undecided properties are unknown).
  public var isBound: Bool {
    switch self {
    case .completed, .decided: return false
    case .maxStates, .maxDepth, .memory: return true
    }
  }
}
