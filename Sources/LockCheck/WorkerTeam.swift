import Foundation
import Synchronization

/// Threads that run one function together, batch after batch: the caller's thread is worker 0,
/// helper threads (started on first use, kept until the team is freed) are the others. Each
/// `forEachChunk` returns when every worker has finished, so what the workers wrote is visible to the
/// caller afterwards.
public final class WorkerTeam: @unchecked Sendable {
  /// What the helper threads share with the team (they outlive neither it nor their batch).
  private final class Shared: @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    /// The function of the current batch, set before the helpers are woken and read by them
    /// only between their wake-up and their `done` signal.
    var body: ((Int) -> Void)?
    var stopping = false
    /// The next chunk of `forEachChunk` to hand out.
    let nextChunk = Atomic<Int>(0)
  }

  private let shared = Shared()
  /// Per helper thread: the semaphore it waits on for work.
  private var starts: [DispatchSemaphore] = []

  public init() {}

  deinit {
    shared.stopping = true
    for start in starts { start.signal() }
  }

  /// Calls `body(w)` for `w` in `0..<workers`, concurrently, worker 0 on this thread.
  private func run(workers: Int, _ body: (Int) -> Void) {
    guard workers > 1 else {
      body(0)
      return
    }
    while starts.count < workers - 1 { startHelper(number: starts.count + 1) }
    withoutActuallyEscaping(body) { body in
      shared.body = body
      for k in 0..<(workers - 1) { starts[k].signal() }
      body(0)
      for _ in 0..<(workers - 1) { shared.done.wait() }
      shared.body = nil
    }
  }

  /// Calls `body(worker, chunk)` once for every `chunk` in `0..<chunks`, on up to `workers`
  /// workers; each worker takes the next chunk not yet taken when it is done with one.
  public func forEachChunk(_ chunks: Int, workers: Int, _ body: (_ worker: Int, _ chunk: Int) -> Void) {
    let workers = min(workers, chunks)
    guard workers > 1 else {
      for chunk in 0..<chunks { body(0, chunk) }
      return
    }
    let shared = self.shared
    shared.nextChunk.store(0, ordering: .relaxed)
    run(workers: workers) { worker in
      while true {
        let chunk = shared.nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
        if chunk >= chunks { return }
        body(worker, chunk)
      }
    }
  }

  private func startHelper(number: Int) {
    let start = DispatchSemaphore(value: 0)
    starts.append(start)
    let shared = self.shared
    let thread = Thread {
      while true {
        start.wait()
        if shared.stopping { return }
        shared.body?(number)
        shared.done.signal()
      }
    }
    thread.stackSize = 8 << 20
    thread.start()
  }
}

/// Cores that searches running side by side may borrow: a search whose options allow several
/// workers takes what is free before each batch and gives it back after, so the last models of a
/// corpus use the cores the finished ones left. Thread-safe.
public final class CorePool: Sendable {
  private let free: Atomic<Int>

  /// A pool holding `free` idle cores.
  public init(free: Int = 0) {
    self.free = Atomic(max(free, 0))
  }

  /// Cores idle now.
  public var idle: Int { free.load(ordering: .relaxed) }

  /// Takes up to `count` idle cores and returns how many it took.
  public func borrow(upTo count: Int) -> Int {
    guard count > 0 else { return 0 }
    var current = free.load(ordering: .relaxed)
    while current > 0 {
      let taken = min(current, count)
      let (exchanged, original) = free.compareExchange(
        expected: current, desired: current - taken, ordering: .relaxed)
      if exchanged { return taken }
      current = original
    }
    return 0
  }

  /// Gives back `count` cores (borrowed ones, or a worker's own once it has nothing left to do).
  public func give(_ count: Int) {
    guard count > 0 else { return }
    free.add(count, ordering: .relaxed)
  }
}
