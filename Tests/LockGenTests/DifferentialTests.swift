import LockCheck
import LockGen
import LockSpec
import LockTestSupport
import LockspecModels
import XCTest

/// For every spec under `specs/`: the compiled model in `LockspecModels` and the interpreter
/// running the same spec agree exactly: metadata, initial states, every transition (thread,
/// step, faults, successor words) in order, state verdicts, fault notes, and the explorer's
/// results (state and transition counts, verdicts, counterexamples).
final class DifferentialTests: XCTestCase {
  /// The variants and the interpreter of each, paired with the registry's compiled models.
  func pairs() throws -> [(variant: Variant, compiled: any CompiledModel.Type)] {
    let variants = try SpecCorpus.variants.get()
    XCTAssertEqual(
      ModelRegistry.all.map { $0.name }, variants.map(\.name),
      "Generated/ is stale: run `swift run lockspec generate`")
    return variants.compactMap { variant in
      guard let compiled = ModelRegistry.model(named: variant.name) else { return nil }
      return (variant, compiled)
    }
  }

  func testRegistryListsEverySpecWithItsFiles() throws {
    for (variant, compiled) in try pairs() {
      XCTAssertEqual(compiled.specPath, variant.specPath, variant.name)
      XCTAssertEqual(compiled.patchPath, variant.patchPath, variant.name)
      XCTAssertEqual(compiled.parent, variant.parent, variant.name)
    }
  }

  func testMetadataMatchesTheInterpreter() throws {
    for (variant, compiled) in try pairs() {
      XCTAssertEqual(compiled.modelMetadata, Interpreter(model: variant.model).metadata, variant.name)
      XCTAssertEqual(compiled.init().wordCount, Interpreter(model: variant.model).wordCount, variant.name)
      XCTAssertEqual(compiled.init().reductionFacts, Interpreter(model: variant.model).reductionFacts, variant.name)
      XCTAssertEqual(compiled.init().symmetryFacts, Interpreter(model: variant.model).symmetryFacts, variant.name)
    }
  }

  /// Breadth-first over the first `limit` states of each model, comparing everything the
  /// explorer and the renderers ask of a transition system (the models on every processor).
  func testEveryTransitionMatchesTheInterpreter() throws {
    let pairs = try pairs()
    let outcomes = ConcurrentMap.map(pairs.count) { index in
      let (variant, compiled) = pairs[index]
      return Self.compare(compiled.init(), Interpreter(model: variant.model), limit: 20_000, name: variant.name)
    }
    for ((variant, _), outcome) in zip(pairs, outcomes) {
      for problem in outcome.problems { XCTFail(problem) }
      XCTAssertGreaterThan(outcome.states, 0, variant.name)
    }
  }

  /// States of each model whose threads' transitions are also compared one thread at a time.
  static let threadAloneStates = 2_000

  /// Explorations larger than this many states are compared over their first `bound` states
  /// (both stop at the same state, with the same bound hit) unless `LOCKSPEC_DIFFERENTIAL=full`
  /// is set: every mm-exit model has millions of states, and CI has a time budget.
  static let bound = 250_000

  /// Whole explorations: identical results up to timing (the explorer is the same, so this
  /// checks the transition relation over every reachable state, and the counterexamples). The
  /// compiled model runs on two workers, the interpreter on one: the parallel search must agree.
  func testExplorationResultsMatchTheInterpreter() throws {
    let full = ProcessInfo.processInfo.environment["LOCKSPEC_DIFFERENTIAL"] == "full"
    let pairs = try pairs()
    // The models on every processor; each pair of results is compared on this thread.
    let outcomes = ConcurrentMap.map(pairs.count) { index in
      Result { () throws -> [(generated: ExplorationResult, interpreted: ExplorationResult)] in
        let (variant, compiled) = pairs[index]
        var runs: [(generated: ExplorationResult, interpreted: ExplorationResult)] = []
        for reductions in [[], Reductions.all] {
          for stopWhenDecided in [true, false] {
            let options = ExplorationOptions(
              maxStates: full ? nil : Self.bound, stopWhenDecided: stopWhenDecided, reductions: reductions)
            var parallel = options
            parallel.workers = 2
            parallel.chunkStates = 16
            let generated = try compiled.explore(parallel)
            let interpreted = try Interpreter(model: variant.model).explore(options: options)
            runs.append((generated, interpreted))
            // Without an early stop the second exploration would be the same.
            if interpreted.stopReason != .decided { break }
          }
        }
        return runs
      }
    }
    var bounded: [String] = []
    for ((variant, _), outcome) in zip(pairs, outcomes) {
      for (generated, interpreted) in try outcome.get() {
        XCTAssertEqual(Self.untimed(generated), Self.untimed(interpreted), variant.name)
        if generated.bound != nil && !bounded.contains(variant.name) { bounded.append(variant.name) }
      }
    }
    if !bounded.isEmpty {
      print(
        "DifferentialTests: compared the first \(Self.bound) states of \(bounded.count) larger models "
          + "(LOCKSPEC_DIFFERENTIAL=full compares them to the end): \(bounded.joined(separator: ", "))")
    }
  }

  /// `result` without the figures that depend on timing and the process.
  static func untimed(_ result: ExplorationResult) -> ExplorationResult {
    var result = result
    result.statistics.seconds = 0
    result.statistics.statesPerSecond = 0
    result.statistics.peakMemoryBytes = 0
    return result
  }

  /// Compares `a` and `b` over the states reachable in breadth-first order, up to `limit`
  /// states; returns how many states were compared and what differed (no XCTest assertions:
  /// it runs off the test's thread).
  static func compare<A: TransitionSystem, B: TransitionSystem>(
    _ a: A, _ b: B, limit: Int, name: String
  ) -> (states: Int, problems: [String]) {
    var problems: [String] = []
    let wordCount = a.wordCount
    guard wordCount == b.wordCount else { return (0, ["\(name): word counts \(wordCount) vs \(b.wordCount)"]) }
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    defer { scratch.deallocate() }

    func initials<S: TransitionSystem>(_ system: S) -> [[UInt64]] {
      var states: [[UInt64]] = []
      system.forEachInitialState(scratch: scratch) {
        states.append(Array($0.prefix(wordCount)))
        return true
      }
      return states
    }
    func successors<S: TransitionSystem>(_ system: S, _ state: [UInt64]) -> [Successor] {
      var result: [Successor] = []
      state.withUnsafeBufferPointer { words in
        system.forEachSuccessor(of: words, scratch: scratch) { transition, next in
          result.append(Successor(transition: transition, state: Array(next.prefix(wordCount))))
        }
      }
      return result
    }
    func successors<S: TransitionSystem>(_ system: S, _ state: [UInt64], thread: Int) -> [Successor] {
      var result: [Successor] = []
      state.withUnsafeBufferPointer { words in
        system.forEachSuccessor(of: words, thread: thread, scratch: scratch) { transition, next in
          result.append(Successor(transition: transition, state: Array(next.prefix(wordCount))))
        }
      }
      return result
    }

    let threads = a.metadata.threads.indices
    let start = initials(a)
    if start != initials(b) { problems.append("\(name): initial states \(start) vs \(initials(b))") }
    var seen = Set(start)
    var queue = start
    var index = 0
    while index < queue.count && index < limit {
      let state = queue[index]
      index += 1
      let mine = successors(a, state)
      let theirs = successors(b, state)
      guard mine == theirs else {
        problems.append("\(name): successors of state \(index - 1) \(state) differ:\n\(mine)\nvs\n\(theirs)")
        return (index, problems)
      }
      let agrees = state.withUnsafeBufferPointer { words -> Bool in
        var same = true
        func check<T: Equatable>(_ x: T, _ y: T, _ what: String) {
          if x != y {
            problems.append("\(name): \(what) of \(state): \(x) vs \(y)")
            same = false
          }
        }
        check(a.evaluate(words), b.evaluate(words), "evaluate")
        check(a.isFinal(words), b.isFinal(words), "isFinal")
        check(a.slotValues(words), b.slotValues(words), "slotValues")
        check(a.restingSteps(words), b.restingSteps(words), "restingSteps")
        check(
          threads.map { a.programCounter(of: $0, in: words) }, threads.map { b.programCounter(of: $0, in: words) },
          "programCounter")
        for thread in Set(mine.map { Int($0.transition.thread) }).sorted() {
          check(a.faultNotes(from: words, thread: thread), b.faultNotes(from: words, thread: thread), "faultNotes")
        }
        // One thread's transitions alone (partial-order reduction tries them first): those of
        // the whole expansion, in the same order. Over the first states only: both engines
        // generate them with the same per-thread code as the whole expansion.
        for thread in threads where index <= Self.threadAloneStates {
          let alone = mine.filter { $0.transition.thread == thread }
          check(successors(a, state, thread: thread), alone, "successors of thread \(thread)")
          check(successors(b, state, thread: thread), alone, "successors of thread \(thread)")
        }
        return same
      }
      guard agrees else { return (index, problems) }
      for successor in mine where seen.insert(successor.state).inserted {
        queue.append(successor.state)
      }
    }
    return (index, problems)
  }

  struct Successor: Equatable, CustomStringConvertible {
    var transition: Transition
    var state: [UInt64]

    var description: String {
      "(thread \(transition.thread), step \(transition.step), faults \(transition.faults)) -> \(state)"
    }
  }
}
