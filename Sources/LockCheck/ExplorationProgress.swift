import Synchronization

/// Live figures of one search, written by the explorer every few thousand states and read by a
/// progress display on another thread. Thread-safe; never on stdout or in a report.
public final class ExplorationProgress: Sendable {
  private let storedStates = Atomic<Int>(0)
  private let currentDepth = Atomic<Int>(0)
  private let queued = Atomic<Int>(0)
  private let bytes = Atomic<Int>(0)
  private let started = Atomic<Bool>(false)
  private let finished = Atomic<Bool>(false)

  public init() {}

  /// A consistent-enough reading of the figures.
  public struct Snapshot: Sendable, Equatable {
    /// States stored so far.
    public var states: Int
    /// The BFS level being expanded.
    public var depth: Int
    /// States stored but not yet expanded.
    public var queue: Int
    /// Estimated bytes of the state store.
    public var bytes: Int
    /// Whether the search has begun.
    public var started: Bool
    /// Whether the search has ended.
    public var finished: Bool
  }

  /// The latest figures.
  public var snapshot: Snapshot {
    Snapshot(
      states: storedStates.load(ordering: .relaxed), depth: currentDepth.load(ordering: .relaxed),
      queue: queued.load(ordering: .relaxed), bytes: bytes.load(ordering: .relaxed),
      started: started.load(ordering: .relaxed), finished: finished.load(ordering: .relaxed))
  }

  /// Publishes the explorer's figures.
  public func publish(states: Int, depth: Int, queue: Int, bytes: Int) {
    storedStates.store(states, ordering: .relaxed)
    currentDepth.store(depth, ordering: .relaxed)
    queued.store(queue, ordering: .relaxed)
    self.bytes.store(bytes, ordering: .relaxed)
    started.store(true, ordering: .relaxed)
  }

  /// Marks the search ended.
  public func finish() {
    started.store(true, ordering: .relaxed)
    finished.store(true, ordering: .relaxed)
  }
}
