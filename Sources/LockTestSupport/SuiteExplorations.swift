import Foundation
import LockCheck

/// The explorations of every generated test class in one test run: started together on first use,
/// one model per processor (as `lockspec check` runs a corpus), so a class finds its model
/// explored, or being explored, by the time XCTest reaches it. Thread-safe.
///
/// A model explored on its own processor uses it fully, where one search spread over two
/// gains little (v5.15: 1.05-1.2x); the last searches borrow the processors the finished
/// ones give back, through a `CorePool`.
final class SuiteExplorations: @unchecked Sendable {
  /// Where one model stands.
  private enum Entry {
    case waiting
    case running
    case done(Result<ExplorationResult, any Error>)
  }

  private let models: [any CompiledModel.Type]
  private let options: ExplorationOptions
  private let condition = NSCondition()
  private var entries: [Entry]
  /// Models asked for before anything started them, first asked first.
  private var asked: [Int] = []
  /// The next model in registry order to consider.
  private var next = 0

  /// Starts exploring `models` on `threads` threads with `options`; the searches share the
  /// processors of threads that have nothing left to do.
  init(models: [any CompiledModel.Type], options: ExplorationOptions, threads: Int) {
    self.models = models
    entries = Array(repeating: .waiting, count: models.count)
    let cores = CorePool()
    var options = options
    options.cores = cores
    options.workers = max(options.workers, threads)
    self.options = options
    for _ in 0..<max(1, min(threads, models.count)) {
      let thread = Thread { [self] in
        while let index = take() { finish(index, Result { try self.models[index].explore(self.options) }) }
        cores.give(1)
      }
      // As the explorer's own helper threads: deep recursion in the rendering of long traces.
      thread.stackSize = 8 << 20
      thread.start()
    }
  }

  /// The outcome of `model`'s exploration, waiting for it if needed; a model missing from the
  /// registry is explored on the caller's thread.
  func outcome(of model: any CompiledModel.Type) -> Result<ExplorationResult, any Error> {
    guard let index = models.firstIndex(where: { ObjectIdentifier($0) == ObjectIdentifier(model) }) else {
      return Result { try model.explore(options) }
    }
    condition.lock()
    defer { condition.unlock() }
    if case .waiting = entries[index], !asked.contains(index) { asked.append(index) }
    while true {
      if case .done(let outcome) = entries[index] { return outcome }
      condition.wait()
    }
  }

  /// The next model to explore: one a class asked for, else the next in registry order.
  private func take() -> Int? {
    condition.lock()
    defer { condition.unlock() }
    while let index = asked.first {
      asked.removeFirst()
      if case .waiting = entries[index] {
        entries[index] = .running
        return index
      }
    }
    while next < entries.count {
      next += 1
      if case .waiting = entries[next - 1] {
        entries[next - 1] = .running
        return next - 1
      }
    }
    return nil
  }

  private func finish(_ index: Int, _ outcome: Result<ExplorationResult, any Error>) {
    condition.lock()
    entries[index] = .done(outcome)
    condition.broadcast()
    condition.unlock()
  }
}
