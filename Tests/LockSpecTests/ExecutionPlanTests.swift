import LockCheck
import XCTest

@testable import LockSpec

/// The facts the execution plan computes once for every engine: step numbering, and each step's
/// read and write sets and the properties it can affect.
final class ExecutionPlanTests: XCTestCase {
  func plan(_ text: String) throws -> ExecutionPlan {
    ExecutionPlan(model: try XCTUnwrap(frontendLoad(text)))
  }

  func slot(_ name: String, _ plan: ExecutionPlan) -> Int {
    plan.slots.slots.firstIndex { $0.info.name == name } ?? -1
  }

  func testReadAndWriteSetsAndVisibility() throws {
    let plan = try plan(
      """
      state:
        m: {type: mutex}
        n: {type: counter, max: 2}
        f: {type: flag}
      threads:
        a:
          steps:
            - lock: m
            - inc: n
            - unlock: m
        b:
          steps:
            - set: f
      properties:
        - name: two
          check: never
          condition: "n == 2"
      """)
    let (m, n, f) = (slot("m", plan), slot("n", plan), slot("f", plan))
    let (pcA, pcB) = (plan.slots.pcSlot[0], plan.slots.pcSlot[1])
    let names = plan.metadata.properties.map(\.name)
    func bits(_ properties: String...) -> UInt64 {
      properties.reduce(0) { $0 | 1 << UInt64(names.firstIndex(of: $1)!) }
    }
    XCTAssertEqual(plan.metadata.steps.map(\.thread), [0, 0, 0, 1])
    XCTAssertEqual(
      plan.access,
      [
        // lock: reads and writes the owner; nothing a property reads.
        StepAccess(reads: [m], writes: [m, pcA].sorted(), visible: 0, observed: 0),
        // inc: the counter the property reads, and a range fault.
        StepAccess(reads: [n], writes: [n, pcA].sorted(), visible: bits("two", "assertions"), observed: bits("two")),
        // unlock: a release of a lock not held; then the thread ends (ending with a lock held).
        StepAccess(reads: [m], writes: [m, pcA].sorted(), visible: bits("lock_discipline"), observed: 0),
        // set: writes the flag; the thread ends.
        StepAccess(reads: [], writes: [f, pcB].sorted(), visible: bits("lock_discipline"), observed: 0),
      ])
    // Steps of different threads on disjoint slots: independent.
    XCTAssertTrue(Set(plan.access[0].writes).isDisjoint(with: plan.access[3].writes + plan.access[3].reads))
    // The reduction's view: per thread and instruction the steps and the control flow; the
    // state properties a step is seen by, without its faults.
    let facts = try XCTUnwrap(plan.reductionFacts)
    XCTAssertEqual(
      facts.stepsAt.map { $0.map(\.count) }, plan.model.threads.map { $0.instructions.map { $0.kind == .end ? 0 : 1 } })
    XCTAssertEqual(facts.visible, plan.access.map(\.observed))
    XCTAssertEqual(facts.reads, plan.access.map(\.reads))
  }

  func testChoiceBranchesAndTheQueueingStepOfAPlainDownWrite() throws {
    let plan = try plan(
      """
      state:
        sem: {type: rwsem}
      threads:
        w:
          steps:
            - down_write: sem
            - up_write: sem
        c:
          locals:
            y: {type: bool}
          steps:
            - choose:
                - [{assign: {y: "true"}}]
                - []
      properties:
        - name: chose_one
          check: reachable
          condition: "c.y"
      """)
    let titles = plan.metadata.steps.map(\.title)
    XCTAssertEqual(titles.count, 5, "\(titles)")
    XCTAssertTrue(titles[0].hasSuffix("(waits)"), "\(titles)")
    XCTAssertEqual(plan.waitStepIndex[0][0], 0)
    XCTAssertEqual(plan.stepIndex[0][0], 1)
    let readers = plan.slots.rwsemSlots(of: 0).readers
    let writer = plan.slots.rwsemSlots(of: 0).writer
    let waiters = plan.slots.rwsemSlots(of: 0).waiters
    let waiting = plan.slots.waitingSlot[0]
    // Queueing reads whether the rwsem is held and joins its waiters.
    XCTAssertEqual(plan.access[0].reads, [readers, writer, waiting].sorted())
    XCTAssertEqual(plan.access[0].writes, [waiters, waiting].sorted())
    // Acquiring also leaves the waiters.
    XCTAssertEqual(plan.access[1].writes, [writer, waiters, waiting, plan.slots.pcSlot[0]].sorted())
    // Branch 1 assigns y (seen by the property) in the silent run after the choice; branch 2 does not.
    let x = slot("c.y", plan)
    let c = plan.stepIndex[1][0]
    XCTAssertTrue(plan.access[Int(c)].writes.contains(x))
    XCTAssertEqual(plan.access[Int(c)].visible & 1, 1)
    XCTAssertFalse(plan.access[Int(c) + 1].writes.contains(x))
    XCTAssertEqual(plan.access[Int(c) + 1].visible & 1, 0)
  }
}
