import LockCheck
import XCTest

@testable import LockSpec

/// Every bound binds everywhere: the enumeration of initial states, the time budget, a request
/// to stop (SIGINT), and a memory budget shared by searches running side by side.
final class BudgetTests: XCTestCase {
  override func tearDown() {
    Interruption.reset()
    super.tearDown()
  }

  func explore(_ text: String, _ options: ExplorationOptions) throws -> ExplorationResult {
    let model = try XCTUnwrap(frontendLoad(text))
    return try Interpreter(model: model).explore(options: options)
  }

  /// Ten ints of 4,096 initial values each: 4096^10 initial states, which no search can list.
  static let vastInitialStates: String = {
    var state = ""
    for i in 0..<10 { state += "  x\(i): {type: int, min: 0, max: 4095, initial: any}\n" }
    return """
      state:
      \(state)threads:
        t:
          steps:
            - assign: {x0: "0"}
      properties:
        - name: small
          check: never
          condition: x0 > 5000
      """
  }()

  func testMaxStatesBindsWhileListingInitialStates() throws {
    let result = try explore(Self.vastInitialStates, ExplorationOptions(maxStates: 1000))
    XCTAssertEqual(result.stopReason, .maxStates)
    XCTAssertEqual(result.statistics.states, 1000)
    XCTAssertEqual(Set(result.properties.map(\.verdict)), [.unknown])
  }

  func testMemoryBudgetBindsWhileListingInitialStates() throws {
    let result = try explore(Self.vastInitialStates, ExplorationOptions(memoryBudget: 4 << 20))
    XCTAssertEqual(result.stopReason, .memory)
    XCTAssertLessThanOrEqual(result.statistics.storeBytes, 4 << 20)
    XCTAssertEqual(result.bound?.limit, 4 << 20)
  }

  /// A chain of states (a counter going up): as many breadth-first levels as states, and the
  /// levels' starts (8 bytes each) and liveness bits (a byte each) count against the budget with
  /// the store, so the search stops on memory within it instead of the process running out.
  func testTheLevelsOfADeepGraphCountAgainstTheMemoryBudget() throws {
    let chain =
      Self.endless + "\n" + """
          - name: grows
            check: eventually
            condition: n > 100000000
        """
    let budget = 8 << 20
    let result = try explore(chain, ExplorationOptions(memoryBudget: budget))
    XCTAssertEqual(result.stopReason, .memory)
    XCTAssertLessThanOrEqual(result.statistics.storeBytes, budget)
    XCTAssertEqual(result.statistics.maxDepth, result.statistics.states - 1)
  }

  /// The liveness pass's working memory (depth-first numbers, its stack and frames, the lasso's
  /// searches) counts against the budget with the store: a graph the search stores within the
  /// budget but the pass cannot then decide ends on the memory bound with the liveness verdict
  /// unknown and the safety verdicts kept (under an address-space limit it once trapped).
  func testTheLivenessPassStaysWithinTheMemoryBudget() throws {
    let chain =
      Self.counter(upTo: 100_000) + "\n" + """
          - name: reaches
            check: eventually
            condition: n == 100000
        """
    let tight = try explore(chain, ExplorationOptions(memoryBudget: 16 << 20))
    XCTAssertEqual(tight.stopReason, .memory)
    XCTAssertEqual(tight.statistics.states, 200_002, "the search itself completed")
    XCTAssertGreaterThan(tight.bound?.reached ?? 0, 16 << 20)
    XCTAssertEqual(tight[property: "reaches"]?.verdict, .unknown)
    XCTAssertEqual(tight[property: "bounded"]?.verdict, .holds)
    let roomy = try explore(chain, ExplorationOptions(memoryBudget: 256 << 20))
    XCTAssertEqual(roomy.stopReason, .completed)
    XCTAssertEqual(roomy[property: "reaches"]?.verdict, .holds)
  }

  /// A counterexample is rebuilt only when its path's estimated bytes are at most half the
  /// budget: the counter overflows (an assertion) at the end of a 200,000-state chain, a path of
  /// about 100 MB once rendered, which under a 64 MB budget leaves the property unknown on the
  /// memory bound (under an address-space limit building it once trapped); a short one is shown.
  func testACounterexampleLongerThanTheBudgetAllowsIsUnknown() throws {
    let long = try explore(Self.counter(upTo: 100_000), ExplorationOptions(memoryBudget: 64 << 20))
    XCTAssertEqual(long.stopReason, .memory)
    XCTAssertEqual(long[property: "assertions"]?.verdict, .unknown)
    XCTAssertTrue(long[property: "assertions"]?.counterexample == nil, "a counterexample was built")
    XCTAssertGreaterThan(long.bound?.reached ?? 0, 32 << 20)
    XCTAssertEqual(long[property: "bounded"]?.verdict, .holds)
    let short = try explore(Self.counter(upTo: 1_000), ExplorationOptions(memoryBudget: 64 << 20))
    XCTAssertEqual(short.stopReason, .completed)
    XCTAssertEqual(short[property: "assertions"]?.verdict, .violated)
    XCTAssertNotNil(short[property: "assertions"]?.counterexample)
  }

  func testTimeBudgetBindsWhileListingInitialStates() throws {
    let start = ContinuousClock.now
    let result = try explore(Self.vastInitialStates, ExplorationOptions(deadline: Deadline(seconds: 0.3)))
    XCTAssertEqual(result.stopReason, .maxSeconds)
    XCTAssertEqual(result.bound?.limit, 300)
    XCTAssertGreaterThan(result.statistics.states, 0)
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(10))
    XCTAssertEqual(Set(result.properties.map(\.verdict)), [.unknown])
  }

  /// A counter that counts up to `max` (two states a value), and a property that it never passes it.
  static func counter(upTo max: Int) -> String {
    """
    state:
      n: {type: counter, max: \(max)}
    threads:
      t:
        steps:
          - loop:
              steps:
                - inc: n
    properties:
      - name: bounded
        check: never
        condition: n > \(max)
    """
  }

  /// A counter that counts for ever, as far as a search can tell: it never ends by itself.
  static let endless = counter(upTo: 100_000_000)

  func testTimeBudgetStopsTheSearch() throws {
    let result = try explore(Self.endless, ExplorationOptions(deadline: Deadline(seconds: 0.2)))
    XCTAssertEqual(result.stopReason, .maxSeconds)
    XCTAssertEqual(Set(result.properties.map(\.verdict)), [.unknown])
    XCTAssertEqual(result.bound?.summary.hasPrefix("max_seconds bound hit: the time budget of 0.200 s"), true)
  }

  func testAnInterruptionStopsTheSearchAndKeepsTheFiguresReached() throws {
    let model = try XCTUnwrap(frontendLoad(Self.endless))
    let progress = ExplorationProgress()
    let options = ExplorationOptions(progress: progress)
    // Ask for the stop once the search has visibly made progress.
    let watcher = Thread {
      while progress.snapshot.states < 10_000 { usleep(1000) }
      Interruption.request()
    }
    watcher.start()
    let result = try Interpreter(model: model).explore(options: options)
    XCTAssertEqual(result.stopReason, .interrupted)
    XCTAssertGreaterThanOrEqual(result.statistics.states, 10_000)
    XCTAssertEqual(result.bound?.reached, result.statistics.states)
    XCTAssertEqual(Set(result.properties.map(\.verdict)), [.unknown])
    XCTAssertTrue(progress.snapshot.finished)
  }

  func testASearchStartedAfterAnInterruptionStopsAtOnce() throws {
    Interruption.request()
    let result = try explore(Self.vastInitialStates, ExplorationOptions())
    XCTAssertEqual(result.stopReason, .interrupted)
    XCTAssertEqual(result.statistics.states, 0)
  }

  /// Two stores share one pool: the second cannot take what the first holds, and gets it once
  /// the first is freed.
  func testAMemoryPoolIsSharedOnlyByStoresAlive() throws {
    let pool = MemoryPool(limit: 8 << 20)
    var first: StateStore? = StateStore(wordCount: 1, pool: pool)
    var state: [UInt64] = [0]
    var stored = 0
    while true {
      state[0] = UInt64(stored)
      guard case .inserted = state.withUnsafeBufferPointer({ first!.insert($0, parent: 0) }) else { break }
      stored += 1
    }
    XCTAssertGreaterThan(stored, 100_000)
    XCTAssertLessThanOrEqual(pool.reserved, pool.limit)
    let second = StateStore(wordCount: 1, initialCapacity: 16, pool: pool)
    /// Inserts states 0..<count until the store is full; returns how many it holds.
    func fill(_ store: StateStore, _ count: Int) -> Int {
      for i in 0..<count {
        state[0] = UInt64(i)
        if case .full = state.withUnsafeBufferPointer({ store.insert($0, parent: 0) }) { break }
      }
      return store.count
    }
    let before = fill(second, stored)
    // The first holds most of the pool (its last growth was refused), so the second gets less.
    XCTAssertLessThan(before, stored)
    first = nil
    let after = fill(second, stored)
    XCTAssertGreaterThan(after, before)
    XCTAssertGreaterThan(after, stored / 2)
    XCTAssertLessThanOrEqual(pool.reserved, pool.limit)
  }
}

/// Forwards to `base`, and asks for an interruption on the `after`-th expansion of a state (the
/// breadth-first search expands each state once; later calls come from the liveness pass, which
/// regenerates the edges of the states it visits).
final class InterruptingSystem<Base: TransitionSystem>: TransitionSystem, @unchecked Sendable {
  let base: Base
  let after: Int
  var expansions = 0

  init(_ base: Base, after: Int) {
    self.base = base
    self.after = after
  }

  var metadata: ModelMetadata { base.metadata }
  var wordCount: Int { base.wordCount }
  func forEachInitialState(
    scratch: UnsafeMutableBufferPointer<UInt64>, _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool
  ) {
    base.forEachInitialState(scratch: scratch, emit)
  }
  func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    expansions += 1
    if expansions == after { Interruption.request() }
    base.forEachSuccessor(of: state, scratch: scratch, emit)
  }
  func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts { base.evaluate(state) }
  func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool { base.isFinal(state) }
  func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int] { base.slotValues(state) }
  func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote] {
    base.faultNotes(from: state, thread: thread)
  }
}

extension BudgetTests {
  /// An interruption during the liveness pass leaves the liveness verdicts unknown, but the
  /// safety verdicts, decided by the complete breadth-first search, stand.
  func testAnInterruptedLivenessPassKeepsTheSafetyVerdicts() throws {
    let text = """
      state:
        n: {type: counter, max: 200}
      threads:
        t:
          count: 2
          steps:
            - loop:
                max: 100
                steps:
                  - inc: n
      properties:
        - name: bounded
          check: never
          condition: "n > 200"
        - name: ends
          check: eventually
          condition: "n == 200"
      """
    let model = try XCTUnwrap(frontendLoad(text))
    let complete = try Interpreter(model: model).explore(options: ExplorationOptions(stopWhenDecided: false))
    XCTAssertEqual(complete.stopReason, .completed)
    let states = complete.statistics.states
    XCTAssertGreaterThan(states, 4096)
    let system = InterruptingSystem(Interpreter(model: model), after: states + 1)
    let result = try Explorer(system: system, options: ExplorationOptions(stopWhenDecided: false)).run()
    XCTAssertEqual(result.stopReason, .interrupted)
    XCTAssertEqual(result[property: "bounded"]?.verdict, .holds)
    XCTAssertEqual(result[property: "deadlock_free"]?.verdict, .holds)
    XCTAssertEqual(result[property: "ends"]?.verdict, .unknown)
    XCTAssertEqual(complete[property: "ends"]?.verdict, .holds)
  }
}
