import Foundation
import LockCheck
import LockSpec

/// Explores several models at once, one per worker thread, and hands each outcome back in model
/// order (as soon as it and every model before it are done), so output stays deterministic.
struct ParallelExploration {
  /// One model to explore.
  struct Job {
    var variant: Variant
    var options: ExplorationOptions
    /// The job's verdict-cache key (nil when the cache is off).
    var key: String? = nil
    /// A result found in the verdict cache: delivered as it is, nothing explored.
    var cached: ExplorationResult? = nil
  }

  var workers: Int
  /// Where a worker with no model left to start lends its processor to the searches still
  /// running (and where the processors beyond one per model wait from the start).
  var cores: CorePool? = nil

  /// Job indices, biggest search first by `sizes` (states of earlier runs by variant name);
  /// a variant never explored counts as biggest, and among those the ones `unreduced` marks
  /// (liveness properties: a full or cone-restricted graph, then a serial pass over it) come
  /// first; equal sizes keep their order.
  static func biggestFirst(_ names: [String], sizes: [String: Int], unreduced: [Bool] = []) -> [Int] {
    func rank(_ index: Int) -> (Int, Int) {
      (sizes[names[index]] ?? Int.max, unreduced.indices.contains(index) && unreduced[index] ? 1 : 0)
    }
    return names.indices.sorted { a, b in
      let (x, y) = (rank(a), rank(b))
      return x != y ? x > y : a < b
    }
  }

  /// Runs every job, starting them in `order` (job indices; default: job order), and calls
  /// `deliver` on one thread at a time, in job order.
  func run(_ jobs: [Job], order: [Int]? = nil, deliver: (Int, Result<ExplorationResult, any Error>) -> Void) {
    let state = Shared(count: jobs.count, order: order ?? Array(jobs.indices))
    let threads = max(1, min(workers, jobs.count))
    cores?.give(workers - threads)
    withoutActuallyEscaping(deliver) { deliver in
      let box = DeliverBox(deliver)
      DispatchQueue.concurrentPerform(iterations: threads) { _ in
        defer { cores?.give(1) }
        while let index = state.take() {
          let job = jobs[index]
          let outcome: Result<ExplorationResult, any Error>
          if let cached = job.cached {
            job.options.progress?.finish()
            outcome = .success(cached)
          } else {
            outcome = Result { try Interpreter(model: job.variant.model).explore(options: job.options) }
          }
          state.finish(index, outcome) { box.call($0, $1) }
        }
      }
    }
  }

  /// The work queue and the results not yet delivered, behind one lock.
  private final class Shared: @unchecked Sendable {
    let lock = NSLock()
    var next = 0
    var delivered = 0
    var results: [Result<ExplorationResult, any Error>?]
    let order: [Int]

    init(count: Int, order: [Int]) {
      results = Array(repeating: nil, count: count)
      self.order = order
    }

    func take() -> Int? {
      lock.lock()
      defer { lock.unlock() }
      guard next < order.count else { return nil }
      next += 1
      return order[next - 1]
    }

    /// Stores a result and delivers every result now ready in order (under the lock, so
    /// deliveries never interleave).
    func finish(
      _ index: Int, _ outcome: Result<ExplorationResult, any Error>,
      _ deliver: (Int, Result<ExplorationResult, any Error>) -> Void
    ) {
      lock.lock()
      defer { lock.unlock() }
      results[index] = outcome
      while delivered < results.count, let ready = results[delivered] {
        results[delivered] = nil
        deliver(delivered, ready)
        delivered += 1
      }
    }
  }

  /// Lets the delivery closure cross into the worker threads; calls are serialized by `Shared`.
  private struct DeliverBox: @unchecked Sendable {
    let call: (Int, Result<ExplorationResult, any Error>) -> Void
    init(_ call: @escaping (Int, Result<ExplorationResult, any Error>) -> Void) { self.call = call }
  }
}
