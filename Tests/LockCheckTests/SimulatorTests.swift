import XCTest

@testable import LockCheck

final class SimulatorTests: XCTestCase {
  func testSplitMix64MatchesTheReferenceSequence() {
    // First outputs of the reference implementation (Vigna's splitmix64.c) seeded with 0.
    var random = SplitMix64(seed: 0)
    XCTAssertEqual(random.next(), 0xE220_A839_7B1D_CDAF)
    XCTAssertEqual(random.next(), 0x6E78_9E6A_A1B9_65F4)
    XCTAssertEqual(random.next(), 0x06C4_5D18_8009_454F)
  }

  func testBoundedDrawsStayInRangeAndCoverIt() {
    var random = SplitMix64(seed: 7)
    var seen = [Int](repeating: 0, count: 5)
    for _ in 0..<5000 { seen[random.next(below: 5)] += 1 }
    XCTAssertTrue(seen.allSatisfy { $0 > 800 }, "\(seen)")
  }

  func testSameSeedSameResult() throws {
    let options = SimulationOptions(seed: 42, runs: 200)
    let first = try RandomSimulator(system: UseAfterFree.system, options: options).run()
    let second = try RandomSimulator(system: UseAfterFree.system, options: options).run()
    XCTAssertEqual(first, second)
    let failure = try XCTUnwrap(first.failure)
    XCTAssertEqual(failure.property, "reaper_no_uaf")
    XCTAssertEqual(failure.seed, 42)
    XCTAssertEqual(failure.counterexample.steps.last?.label, "unmap")
    // The schedule is random: the free is step 2 or 3, depending on when the reaper trylocked.
    let steps = failure.counterexample.steps
    let freeStep = try XCTUnwrap(steps.firstIndex { $0.label == "free_pgtables" }) + 1
    XCTAssertEqual(
      failure.counterexample.conclusion, "use after free of pgtables (freed by exit at step \(freeStep))")
    XCTAssertEqual(first.runs, failure.run + 1)
  }

  func testReplayingTheFailingRunGivesTheSameTrace() throws {
    let simulator = try RandomSimulator(system: UseAfterFree.system, options: SimulationOptions(seed: 9, runs: 500))
    let failure = try XCTUnwrap(simulator.run().failure)
    let replay = simulator.run(index: failure.run)
    XCTAssertEqual(replay.violated, UseAfterFree.noUAF)
    let trace = CounterexampleBuilder(system: UseAfterFree.system).counterexample(
      property: UseAfterFree.noUAF, path: replay.path)
    XCTAssertEqual(trace, failure.counterexample)
  }

  func testDifferentSeedsGiveDifferentSchedules() throws {
    let schedules = try (0..<8).map { seed -> [String] in
      let simulator = try RandomSimulator(system: CounterRace.system, options: SimulationOptions(seed: UInt64(seed)))
      return (0..<4).flatMap { simulator.run(index: $0).path.transitions.map { "\($0.step)" } }
    }
    XCTAssertGreaterThan(Set(schedules).count, 1)
  }

  func testCleanModelRunsToCompletionAndWitnessesReachables() throws {
    let simulator = try RandomSimulator(
      system: CounterRace.system,
      options: SimulationOptions(seed: 1, runs: 100, properties: ["bounded", "reaches_two", "deadlock_free"]))
    let result = simulator.run()
    XCTAssertNil(result.failure)
    XCTAssertEqual(result.runs, 100)
    XCTAssertEqual(result.completedRuns, 100)
    XCTAssertEqual(result.steps, 400)
    XCTAssertEqual(result.reached, ["reaches_two"])
  }

  func testNeverViolationAndDeadlockAreReported() throws {
    let race = try RandomSimulator(
      system: CounterRace.system, options: SimulationOptions(seed: 3, runs: 100, properties: ["lost_update"])
    ).run()
    XCTAssertEqual(race.failure?.property, "lost_update")
    XCTAssertEqual(race.failure?.counterexample.conclusion, "lost_update: never condition holds")
    let abba = try RandomSimulator(system: ABBA.system, options: SimulationOptions(seed: 3, runs: 100)).run()
    XCTAssertEqual(abba.failure?.property, "deadlock_free")
    XCTAssertEqual(abba.failure?.counterexample.steps.count, 2)
  }

  func testMaxStepsTruncatesRuns() throws {
    let result = try RandomSimulator(
      system: Grid(threads: 2, limit: 50), options: SimulationOptions(seed: 5, runs: 3, maxSteps: 10)
    ).run()
    XCTAssertEqual(result.truncatedRuns, 3)
    XCTAssertEqual(result.steps, 30)
    XCTAssertNil(result.failure)
  }
}
