import LockCheck
import XCTest

/// `LockHold.holds`: lock holds read from the changes of lock slots, by hand-built traces.
final class LockHoldTests: XCTestCase {
  let locks = LockSlots([
    "m": .init(name: "m", role: .owner), "sem.writer": .init(name: "sem", role: .writer),
    "sem.readers": .init(name: "sem", role: .readers),
  ])

  func step(_ thread: String, _ index: Int, _ changes: [(String, String, String)]) -> CounterexampleStep {
    CounterexampleStep(
      thread: thread, threadIndex: index, stepIndex: 0, label: "", code: "", location: "",
      changes: changes.map { .init(slot: $0.0, from: $0.1, to: $0.2) }, result: nil)
  }

  func testHoldsRunFromTheTakingStepToTheReleasingOne() {
    let trace = Counterexample(
      property: "p", model: "m", kind: .violation,
      steps: [
        step("a", 0, [("m", "free", "a")]),
        step("b", 1, [("sem.readers", "0", "1")]),
        step("b", 1, [("sem.readers", "1", "2")]),
        step("a", 0, [("m", "a", "free"), ("flag", "false", "true")]),
        step("b", 1, [("sem.readers", "2", "1")]),
        step("a", 0, [("sem.writer", "none", "a")]),
      ], conclusion: "")
    XCTAssertEqual(
      LockHold.holds(in: trace, locks: locks),
      [
        LockHold(lock: "m", mode: .write, threadIndex: 0, from: 0, until: 3),
        LockHold(lock: "sem", mode: .read, threadIndex: 1, from: 1, until: nil),
        // The inner read hold is released first.
        LockHold(lock: "sem", mode: .read, threadIndex: 1, from: 2, until: 4),
        LockHold(lock: "sem", mode: .write, threadIndex: 0, from: 5, until: nil),
      ])
  }

  func testAReleaseByAnotherThreadEndsTheHoldersBar() {
    let trace = Counterexample(
      property: "p", model: "m", kind: .violation,
      steps: [step("a", 0, [("m", "free", "a")]), step("b", 1, [("m", "a", "free")])], conclusion: "")
    XCTAssertEqual(
      LockHold.holds(in: trace, locks: locks), [LockHold(lock: "m", mode: .write, threadIndex: 0, from: 0, until: 1)])
    XCTAssertEqual(LockHold.holds(in: trace, locks: LockSlots()), [])
  }
}
