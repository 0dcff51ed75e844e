/// Where exploration first decided a property: only indices are kept on the hot path; the
/// trace is rebuilt from them afterwards.
@usableFromInline
enum Finding: Sendable, Equatable {
  /// The state at this store index violates the property (or witnesses a `reachable` one,
  /// or is a deadlock).
  case state(UInt32)
  /// The `ordinal`-th successor emitted from the state at `parent` raised the fault.
  case transition(parent: UInt32, ordinal: Int32)
}
