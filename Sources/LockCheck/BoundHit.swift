/// A bound that stopped an exploration: which one, its limit, and the figure reached.
public struct BoundHit: Sendable, Equatable, Codable {
  /// `maxStates`, `maxDepth`, `memory`, `maxReadHolds`, `maxSeconds` or `interrupted`.
  public var bound: StopReason
  /// The configured limit (states, steps, bytes or milliseconds); 0 for `maxReadHolds`, whose
  /// limits are declared per rwsem in the spec, and for `interrupted`.
  public var limit: Int
  /// What the search reached: states stored, depth stored, estimated bytes the store needed,
  /// the number of transitions not followed because they passed `max_read_holds`, or (time
  /// budget, interruption) the states stored when the search stopped.
  public var reached: Int

  public init(bound: StopReason, limit: Int, reached: Int) {
    self.bound = bound
    self.limit = limit
    self.reached = reached
  }

  /// One line for reports, e.g. `max_states bound hit: 1000000 states (limit 1000000)`.
  public var summary: String {
    switch bound {
    case .maxDepth: return "max_depth bound hit: states at depth \(reached) have unexplored successors (limit \(limit))"
    case .memory: return "memory bound hit: the state store needs \(reached) bytes (limit \(limit))"
    case .maxReadHolds:
      return "max_read_holds bound hit: a thread would take more read holds of an rwsem than its max_read_holds "
        + "(\(reached) such transitions not followed); raise max_read_holds on the rwsem"
    case .maxSeconds:
      return
        "max_seconds bound hit: the time budget of \(Decimal3.format(Double(limit) / 1000)) s ran out after \(reached) states"
    case .interrupted: return "interrupted after \(reached) states"
    default: return "\(bound.rawValue) bound hit: \(reached) states (limit \(limit))"
    }
  }
}
