import XCTest

@testable import LockCheck

final class ExplorerTests: XCTestCase {
  func explore(_ system: ScriptedSystem, _ options: ExplorationOptions = ExplorationOptions()) throws
    -> ExplorationResult
  {
    try Explorer(system: system, options: options).run()
  }

  func testCounterRaceCountsMatchTheHandCount() throws {
    let result = try explore(CounterRace.system)
    XCTAssertEqual(result.statistics.states, 13)
    XCTAssertEqual(result.statistics.transitions, 14)
    XCTAssertEqual(result.statistics.maxDepth, 4)
    XCTAssertEqual(result.stopReason, .completed)
    XCTAssertNil(result.bound)
    XCTAssertEqual(result.model, "examples/counter-race")
  }

  func testCounterRaceVerdicts() throws {
    let result = try explore(CounterRace.system)
    XCTAssertEqual(result.properties.map(\.name), CounterRace.metadata.properties.map(\.name))
    XCTAssertEqual(result[property: "lost_update"]?.verdict, .violated)
    XCTAssertEqual(result[property: "bounded"]?.verdict, .holds)
    XCTAssertEqual(result[property: "reaches_two"]?.verdict, .holds)
    XCTAssertEqual(result[property: "deadlock_free"]?.verdict, .holds)
    XCTAssertEqual(result[property: "reaches_three"]?.verdict, .violated)
    XCTAssertNil(result[property: "reaches_three"]?.counterexample)
    XCTAssertNil(result[property: "bounded"]?.counterexample)
    XCTAssertTrue(result.meetsExpectations)
  }

  func testNeverViolationIsAShortestTraceInBFSOrder() throws {
    let result = try explore(CounterRace.system)
    let trace = try XCTUnwrap(result[property: "lost_update"]?.counterexample)
    XCTAssertEqual(trace.kind, .violation)
    // The first lost update in BFS order: read0, read1, write0, write1.
    XCTAssertEqual(trace.steps.map(\.label), ["read0", "read1", "write0", "write1"])
    XCTAssertEqual(trace.steps.map(\.thread), ["inc[0]", "inc[1]", "inc[0]", "inc[1]"])
    XCTAssertEqual(trace.conclusion, "lost_update: never condition holds")
  }

  func testReachableWitnessIsShortest() throws {
    let result = try explore(CounterRace.system)
    let witness = try XCTUnwrap(result[property: "reaches_two"]?.counterexample)
    XCTAssertEqual(witness.kind, .witness)
    XCTAssertEqual(witness.steps.map(\.label), ["read0", "write0", "read1", "write1"])
    XCTAssertEqual(witness.conclusion, "reaches_two: condition reached")
  }

  func testCounterexampleStepsCarryChangesAndResults() throws {
    let result = try explore(CounterRace.system)
    let steps = try XCTUnwrap(result[property: "lost_update"]?.counterexample).steps
    // read0: tmp is the result slot, reported as the result and not as a change; pc is hidden.
    XCTAssertEqual(steps[0].result, "0")
    XCTAssertEqual(steps[0].changes, [])
    XCTAssertEqual(steps[2].changes, [CounterexampleStep.Change(slot: "x", from: "0", to: "1")])
    XCTAssertNil(steps[2].result)
    XCTAssertEqual(steps[3].changes, [])  // x stays 1: the lost update
    XCTAssertEqual(steps[3].location, "lib/count.c:bump")
    XCTAssertEqual(steps[3].code, "WRITE_ONCE(x, tmp + 1);")
    XCTAssertEqual(steps[3].stepIndex, 3)
    XCTAssertEqual(steps[3].threadIndex, 1)
  }

  func testDeadlockIsFoundWithBlockedThreads() throws {
    let result = try explore(ABBA.system)
    let deadlock = try XCTUnwrap(result[property: "deadlock_free"])
    XCTAssertEqual(deadlock.verdict, .violated)
    XCTAssertFalse(deadlock.meetsExpectation)
    let trace = try XCTUnwrap(deadlock.counterexample)
    XCTAssertEqual(trace.steps.map(\.label), ["a_lock_a", "b_lock_b"])
    XCTAssertEqual(
      trace.conclusion,
      "deadlock: no thread can move; A blocked at mutex_lock(&b), B blocked at mutex_lock(&a)")
    XCTAssertEqual(result[property: "both_hold"]?.verdict, .holds)
  }

  func testFinalStatesAreNotDeadlocks() throws {
    // The counter race ends with both threads done and no successors: not a deadlock.
    var system = CounterRace.system
    system.final = { _ in false }
    let result = try explore(system)
    XCTAssertEqual(result[property: "deadlock_free"]?.verdict, .violated)
    XCTAssertEqual(result[property: "deadlock_free"]?.counterexample?.steps.count, 4)
    XCTAssertEqual(try explore(CounterRace.system)[property: "deadlock_free"]?.verdict, .holds)
  }

  func testTransitionFaultEndsWithTheFaultingStep() throws {
    let result = try explore(UseAfterFree.system)
    let uaf = try XCTUnwrap(result[property: "reaper_no_uaf"])
    XCTAssertEqual(uaf.verdict, .violated)
    let trace = try XCTUnwrap(uaf.counterexample)
    XCTAssertEqual(trace.steps.map(\.label), ["mmput", "free_pgtables", "trylock", "unmap"])
    XCTAssertEqual(trace.conclusion, "use after free of pgtables (freed by exit at step 2)")
    XCTAssertEqual(trace.steps[2].result, "ok")
    XCTAssertEqual(trace.steps[1].changes, [CounterexampleStep.Change(slot: "pgtables", from: "live", to: "freed")])
    XCTAssertEqual(result[property: "no_double_free"]?.verdict, .holds)
  }

  func testMaxStatesGivesUnknownWithFigures() throws {
    let result = try explore(CounterRace.system, ExplorationOptions(maxStates: 5))
    XCTAssertEqual(result.stopReason, .maxStates)
    XCTAssertEqual(result.bound, BoundHit(bound: .maxStates, limit: 5, reached: 5))
    XCTAssertEqual(result.statistics.states, 5)
    XCTAssertEqual(result[property: "bounded"]?.verdict, .unknown)
    XCTAssertEqual(result[property: "lost_update"]?.verdict, .unknown)
    XCTAssertEqual(result[property: "reaches_three"]?.verdict, .unknown)
    XCTAssertFalse(result.meetsExpectations)
  }

  func testMaxStatesEqualToTheStateCountCompletes() throws {
    let result = try explore(CounterRace.system, ExplorationOptions(maxStates: 13))
    XCTAssertEqual(result.stopReason, .completed)
    XCTAssertEqual(result[property: "bounded"]?.verdict, .holds)
  }

  func testMaxDepthStopsBelowTheLastLevel() throws {
    let result = try explore(CounterRace.system, ExplorationOptions(maxDepth: 2))
    XCTAssertEqual(result.stopReason, .maxDepth)
    XCTAssertEqual(result.bound, BoundHit(bound: .maxDepth, limit: 2, reached: 2))
    XCTAssertEqual(result.statistics.states, 6)
    XCTAssertEqual(result.statistics.maxDepth, 2)
    XCTAssertEqual(result[property: "bounded"]?.verdict, .unknown)
    XCTAssertEqual(result[property: "reaches_two"]?.verdict, .unknown)
  }

  func testMaxDepthAtTheLastLevelIsComplete() throws {
    // Depth-4 states have no successors: nothing was cut off.
    let result = try explore(CounterRace.system, ExplorationOptions(maxDepth: 4))
    XCTAssertEqual(result.stopReason, .completed)
    XCTAssertEqual(result[property: "bounded"]?.verdict, .holds)
    let cut = try explore(CounterRace.system, ExplorationOptions(maxDepth: 3))
    XCTAssertEqual(cut.stopReason, .maxDepth)
  }

  func testTransitionFaultsOutOfTheDepthLimitAreStillChecked() throws {
    // The faulting transition leaves a depth-3 state.
    let result = try explore(UseAfterFree.system, ExplorationOptions(maxDepth: 3))
    XCTAssertEqual(result[property: "reaper_no_uaf"]?.verdict, .violated)
    XCTAssertEqual(result[property: "reaper_no_uaf"]?.counterexample?.steps.count, 4)
  }

  func testMemoryBudgetGivesUnknown() throws {
    let grid = Grid(threads: 4, limit: 30)
    let result = try Explorer(system: grid, options: ExplorationOptions(memoryBudget: 1 << 20)).run()
    XCTAssertEqual(result.stopReason, .memory)
    XCTAssertEqual(result.bound?.limit, 1 << 20)
    XCTAssertGreaterThan(result.bound?.reached ?? 0, 1 << 20)
    XCTAssertLessThanOrEqual(result.statistics.storeBytes, 1 << 20)
    XCTAssertGreaterThan(result.statistics.states, 1000)
    XCTAssertEqual(result.properties.map(\.verdict), [.unknown])
  }

  func testPropertySubsetReportsOnlyTheSelected() throws {
    let result = try explore(CounterRace.system, ExplorationOptions(properties: ["reaches_two", "lost_update"]))
    // Declaration order, not selection order.
    XCTAssertEqual(result.properties.map(\.name), ["lost_update", "reaches_two"])
    XCTAssertEqual(result.properties.map(\.verdict), [.violated, .holds])
  }

  func testEarlyStopWhenEverySelectedPropertyIsDecided() throws {
    let full = try explore(ABBA.system, ExplorationOptions(stopWhenDecided: false))
    let early = try explore(ABBA.system, ExplorationOptions(properties: ["deadlock_free"]))
    XCTAssertEqual(full.stopReason, .completed)
    XCTAssertEqual(early.stopReason, .decided)
    XCTAssertLessThan(early.statistics.states, full.statistics.states)
    XCTAssertEqual(early.properties.map(\.verdict), [.violated])
    XCTAssertEqual(early[property: "deadlock_free"]?.counterexample, full[property: "deadlock_free"]?.counterexample)
    // With a property that can only hold, there is no early stop.
    XCTAssertEqual(try explore(ABBA.system).stopReason, .completed)
  }

  func testUnknownPropertyNameIsAnError() {
    XCTAssertThrowsError(try Explorer(system: ABBA.system, options: ExplorationOptions(properties: ["nope"]))) {
      error in
      XCTAssertEqual(
        error as? ExplorationError,
        .unknownProperty("nope", model: "examples/abba", available: ["both_hold", "deadlock_free"]))
    }
  }

  func testInitialStateViolationHasNoSteps() throws {
    var system = CounterRace.system
    system.violated = { s in s[0] == 0 ? 1 << UInt64(CounterRace.bounded) : 0 }
    let result = try explore(system)
    let trace = try XCTUnwrap(result[property: "bounded"]?.counterexample)
    XCTAssertEqual(trace.steps, [])
    XCTAssertEqual(trace.conclusion, "bounded: always condition fails")
  }

  func testSeveralInitialStatesAreAllRoots() throws {
    var system = CounterRace.system
    system.initial = [[0, 0, 0, 0, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0]]
    let result = try explore(system)
    // Two disjoint copies of the 13-state graph (x offset by one).
    XCTAssertEqual(result.statistics.states, 26)
    XCTAssertEqual(result[property: "bounded"]?.verdict, .violated)
    // x == 3 from the second root: read0, write0, read1, write1.
    let witness = try XCTUnwrap(result[property: "reaches_three"]?.counterexample)
    XCTAssertEqual(witness.steps.count, 4)
  }

  func testGridCountsAreExact() throws {
    let result = try Explorer(system: Grid(threads: 3, limit: 9)).run()
    XCTAssertEqual(result.statistics.states, 1000)
    // Each counter below its limit gives one transition: 3 * 9 * 10 * 10.
    XCTAssertEqual(result.statistics.transitions, 2700)
    XCTAssertEqual(result.statistics.maxDepth, 27)
    XCTAssertEqual(result.properties.map(\.verdict), [.holds])
  }

  func testDeadlockWithoutRestingStepsSaysOnlyThat() throws {
    var system = ABBA.system
    system.resting = { _ in [] }
    let trace = try XCTUnwrap(try explore(system)[property: "deadlock_free"]?.counterexample)
    XCTAssertEqual(trace.conclusion, "deadlock: no thread can move")
  }

  func testFaultsAreCountedOncePerPropertyAndTransitionsAllCounted() throws {
    // Without early stop every transition is still counted after the violation.
    let result = try explore(UseAfterFree.system, ExplorationOptions(stopWhenDecided: false))
    // (pcExit, pcReaper) in 0...2 x 0...2: 9 states, 12 transitions.
    XCTAssertEqual(result.statistics.states, 9)
    XCTAssertEqual(result.statistics.transitions, 12)
    XCTAssertEqual(result.stopReason, .completed)
    let early = try explore(UseAfterFree.system, ExplorationOptions(properties: ["reaper_no_uaf"]))
    XCTAssertEqual(early.stopReason, .decided)
    XCTAssertEqual(early[property: "reaper_no_uaf"]?.counterexample, result[property: "reaper_no_uaf"]?.counterexample)
  }

  func testResultRoundTripsThroughJSON() throws {
    let result = try explore(UseAfterFree.system, ExplorationOptions(maxDepth: 1))
    let decoded = try JSONDecoder().decode(ExplorationResult.self, from: Data(JSONReport.encode(result).utf8))
    XCTAssertEqual(decoded, result)
    XCTAssertEqual(decoded.bound?.bound, .maxDepth)
  }
}
