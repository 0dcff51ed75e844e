import Synchronization

/// A memory budget shared by the searches running at the same time: each state store reserves
/// bytes before it grows and gives them back when it is freed, so one large model may use what
/// the finished ones no longer hold. Thread-safe.
public final class MemoryPool: Sendable {
  /// The bytes all stores together may hold.
  public let limit: Int
  private let used = Atomic<Int>(0)

  public init(limit: Int) {
    self.limit = max(limit, 0)
  }

  /// Bytes reserved now.
  public var reserved: Int { used.load(ordering: .relaxed) }

  /// Reserves `bytes` if the total stays within `limit`.
  public func reserve(_ bytes: Int) -> Bool {
    guard bytes > 0 else { return true }
    var current = used.load(ordering: .relaxed)
    while true {
      let (total, overflow) = current.addingReportingOverflow(bytes)
      if overflow || total > limit { return false }
      let (exchanged, original) = used.compareExchange(
        expected: current, desired: total, ordering: .relaxed)
      if exchanged { return true }
      current = original
    }
  }

  /// Counts `bytes` as reserved even past the limit (a store's first small blocks).
  public func force(_ bytes: Int) {
    guard bytes > 0 else { return }
    used.add(bytes, ordering: .relaxed)
  }

  /// Gives back `bytes` reserved earlier.
  public func release(_ bytes: Int) {
    guard bytes > 0 else { return }
    used.subtract(bytes, ordering: .relaxed)
  }
}
