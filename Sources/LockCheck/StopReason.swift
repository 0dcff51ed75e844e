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
  /// Some transition would have taken a thread past its rwsem's `max_read_holds`; the search
  /// went on without it.
  case maxReadHolds = "max_read_holds"
  /// The time budget (`--max-seconds`) ran out.
  case maxSeconds = "max_seconds"
  /// The run was interrupted (SIGINT or SIGTERM); the figures are those reached so far.
  case interrupted

  /// Whether this reason is a bound (the search is incomplete and undecided properties are unknown).
  public var isBound: Bool {
    switch self {
    case .completed, .decided: return false
    case .maxStates, .maxDepth, .memory, .maxReadHolds, .maxSeconds, .interrupted: return true
    }
  }

  /// Whether the state and transition counts are those of the whole reachable state space.
  public var countsComplete: Bool { self == .completed }
}
