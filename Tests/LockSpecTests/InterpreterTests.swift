import LockCheck
import XCTest

@testable import LockSpec

/// The interpreter's primitives on tiny hand-built models, with state counts worked out by hand.
/// A deliberately naive search (a `Set` of word arrays) keeps these tests independent of the
/// explorer.
final class InterpreterTests: XCTestCase {
  struct Search {
    var states: Set<[UInt64]> = []
    var transitions = 0
    var deadlocks: [[Int]] = []
    var faults: UInt64 = 0
    var violated: UInt64 = 0
    var reached: UInt64 = 0
    var initialCount = 0
  }

  func search(_ model: ModelIR) -> Search {
    let system = Interpreter(model: model)
    var result = Search()
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: system.wordCount)
    defer { scratch.deallocate() }
    var frontier: [[UInt64]] = []
    system.forEachInitialState(scratch: scratch) { state in
      result.initialCount += 1
      if result.states.insert(Array(state)).inserted { frontier.append(Array(state)) }
      return true
    }
    while let state = frontier.popLast() {
      state.withUnsafeBufferPointer { words in
        let verdicts = system.evaluate(words)
        result.violated |= verdicts.violated
        result.reached |= verdicts.reached
        var successors = 0
        system.forEachSuccessor(of: words, scratch: scratch) { transition, next in
          successors += 1
          result.transitions += 1
          result.faults |= transition.faults
          if result.states.insert(Array(next)).inserted { frontier.append(Array(next)) }
        }
        if successors == 0 && !system.isFinal(words) { result.deadlocks.append(system.slotValues(words)) }
      }
    }
    return result
  }

  func act(_ actions: [Action], _ next: Int, label: String = "") -> Instruction {
    Instruction(kind: .actions(actions, next: next), origin: StepOrigin(label: label), silent: false)
  }
  let end = Instruction(kind: .end, origin: StepOrigin(), silent: false)

  func implicitProperties() -> [PropertyIR] {
    [
      PropertyIR(
        name: "no_use_after_free", check: .noUseAfterFree(threads: nil, resources: nil), expect: .holds,
        description: "", line: 0),
      PropertyIR(
        name: "no_double_free", check: .noDoubleFree(threads: nil, resources: nil), expect: .holds, description: "",
        line: 0),
      PropertyIR(
        name: "lock_discipline", check: .lockDiscipline(threads: nil, locks: nil), expect: .holds, description: "",
        line: 0),
      PropertyIR(name: "deadlock_free", check: .deadlockFree, expect: .holds, description: "", line: 0),
      PropertyIR(name: "assertions", check: .assertions(rangeErrors: true), expect: .holds, description: "", line: 0),
    ]
  }

  func testTwoIncrementsHaveFourStates() {
    let thread = [act([.inc(0)], 1), end]
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [VariableIR(name: "c", type: .counter(max: 2), owner: nil, initial: [0])],
      threads: [ThreadIR(name: "a", instructions: thread), ThreadIR(name: "b", instructions: thread)],
      properties: implicitProperties())
    let result = search(model)
    // (c, a.pc, b.pc): (0,0,0) (1,end,0) (1,0,end) (2,end,end)
    XCTAssertEqual(result.states.count, 4)
    XCTAssertEqual(result.transitions, 4)
    XCTAssertEqual(result.faults, 0)
    XCTAssertTrue(result.deadlocks.isEmpty)
  }

  func testNonAtomicIncrementLosesAnUpdate() {
    // x = c (visible: reads shared), c = x + 1 (visible: writes shared).
    func thread(_ x: Int) -> [Instruction] {
      [act([.read(0, into: x)], 1), act([.assign(0, .binary(.plus, .variable(x), .int(1)))], 2), end]
    }
    var properties = implicitProperties()
    properties.insert(
      PropertyIR(
        name: "lost_update",
        check: .reachable(
          .binary(
            .and, .binary(.and, .done(thread: 0), .done(thread: 1)), .binary(.equal, .variable(0), .int(1)))),
        expect: .holds, description: "", line: 0), at: 0)
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [
        VariableIR(name: "c", type: .counter(max: 2), owner: nil, initial: [0]),
        VariableIR(name: "a.x", type: .int(min: 0, max: 2), owner: 0, initial: [0]),
        VariableIR(name: "b.x", type: .int(min: 0, max: 2), owner: 1, initial: [0]),
      ],
      threads: [ThreadIR(name: "a", instructions: thread(1)), ThreadIR(name: "b", instructions: thread(2))],
      properties: properties)
    let result = search(model)
    XCTAssertEqual(result.reached & 1, 1, "the lost update must be reachable")
    XCTAssertEqual(result.faults, 0)
  }

  func rwsemModel(writerPriority: Bool) -> ModelIR {
    let reader = [
      act([.downRead(0)], 1), act([.downRead(0)], 2), act([.upRead(0)], 3), act([.upRead(0)], 4), end,
    ]
    let writer = [act([.downWrite(0)], 1), act([.upWrite(0)], 2), end]
    return ModelIR(
      name: "t", source: "t.yaml",
      variables: [
        VariableIR(name: "sem", type: .rwsem(writerPriority: writerPriority, maxReadHolds: 3), owner: nil, initial: [0])
      ],
      threads: [ThreadIR(name: "r", instructions: reader), ThreadIR(name: "w", instructions: writer)],
      properties: implicitProperties())
  }

  func testRecursiveReadDeadlocksBehindAWaitingWriter() {
    let fair = search(rwsemModel(writerPriority: true))
    // Reader pc 0...4 against writer {idle, queued, holding, done}: 5 + 4 + 2 + 5 states.
    XCTAssertEqual(fair.states.count, 16)
    XCTAssertEqual(fair.deadlocks.count, 1)
    let unfair = search(rwsemModel(writerPriority: false))
    XCTAssertEqual(unfair.states.count, 16)
    XCTAssertTrue(unfair.deadlocks.isEmpty)
  }

  func testABBADeadlock() {
    func thread(_ first: Int, _ second: Int) -> [Instruction] {
      [act([.lock(first)], 1), act([.lock(second)], 2), act([.unlock(second)], 3), act([.unlock(first)], 4), end]
    }
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [
        VariableIR(name: "A", type: .mutex, owner: nil, initial: [0]),
        VariableIR(name: "B", type: .spinlock, owner: nil, initial: [0]),
      ],
      threads: [ThreadIR(name: "p", instructions: thread(0, 1)), ThreadIR(name: "q", instructions: thread(1, 0))],
      properties: implicitProperties())
    let result = search(model)
    XCTAssertEqual(result.deadlocks.count, 1)
    XCTAssertEqual(result.faults, 0)
  }

  func testUseAfterFreeAndDoubleFreeAreFaults() {
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [VariableIR(name: "r", type: .resource, owner: nil, initial: [0])],
      threads: [
        ThreadIR(name: "freer", instructions: [act([.free(0)], 1), end]),
        ThreadIR(name: "user", instructions: [act([.use(0)], 1), act([.free(0)], 2), end]),
      ],
      properties: implicitProperties())
    let result = search(model)
    XCTAssertEqual(result.faults, 0b11, "use after free (bit 0) and double free (bit 1)")
  }

  func testLockDisciplineFaults() {
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [
        VariableIR(name: "sem", type: .rwsem(writerPriority: true, maxReadHolds: 3), owner: nil, initial: [0]),
        VariableIR(name: "m", type: .mutex, owner: nil, initial: [0]),
      ],
      threads: [
        ThreadIR(name: "a", instructions: [act([.upRead(0)], 1), end]),
        ThreadIR(name: "b", instructions: [act([.lock(1)], 1), end]),
      ],
      properties: implicitProperties())
    let system = Interpreter(model: model)
    let result = search(model)
    XCTAssertEqual(result.faults, 0b100)
    // b ends holding m: the note names it.
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: system.wordCount)
    defer { scratch.deallocate() }
    var initial: [UInt64] = []
    system.forEachInitialState(scratch: scratch) {
      initial = Array($0)
      return false
    }
    let notes = initial.withUnsafeBufferPointer { system.faultNotes(from: $0, thread: 1) }
    XCTAssertEqual(notes, [FaultNote(property: 2, message: "b ends holding m")])
  }

  func testSilentBranchesAreNotSchedulingPoints() {
    // if (local) goto 2 — silent; the only visible step is the inc.
    let thread = [
      Instruction(kind: .branch(.variable(1), then: 2, else: 1), origin: StepOrigin(), silent: true),
      act([.inc(0)], 2),
      end,
    ]
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [
        VariableIR(name: "c", type: .counter(max: 1), owner: nil, initial: [0]),
        VariableIR(name: "a.skip", type: .bool, owner: 0, initial: [0, 1]),
      ],
      threads: [ThreadIR(name: "a", instructions: thread)],
      properties: implicitProperties())
    let result = search(model)
    // Initial: (skip=0, at inc) and (skip=1, already ended); then (c=1, ended).
    XCTAssertEqual(result.initialCount, 2)
    XCTAssertEqual(result.states.count, 3)
    XCTAssertEqual(result.transitions, 1)
  }

  func testCounterRangeErrorsViolateAssertions() {
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [VariableIR(name: "c", type: .counter(max: 1), owner: nil, initial: [0])],
      threads: [ThreadIR(name: "a", instructions: [act([.dec(0)], 1), end])],
      properties: implicitProperties())
    XCTAssertEqual(search(model).faults, 0b10000)
  }

  func testTrylocksAndFlags() {
    // a: trylock-read into ok; b: write trylock into ok; flag test_and_set.
    let model = ModelIR(
      name: "t", source: "t.yaml",
      variables: [
        VariableIR(name: "sem", type: .rwsem(writerPriority: true, maxReadHolds: 3), owner: nil, initial: [0]),
        VariableIR(name: "f", type: .flag, owner: nil, initial: [0]),
        VariableIR(name: "a.ok", type: .bool, owner: 0, initial: [0]),
        VariableIR(name: "b.ok", type: .bool, owner: 1, initial: [0]),
        VariableIR(name: "b.old", type: .bool, owner: 1, initial: [0]),
      ],
      threads: [
        ThreadIR(
          name: "a",
          instructions: [
            act([.downReadTrylock(0, into: 2)], 1),
            Instruction(kind: .branch(.variable(2), then: 2, else: 3), origin: StepOrigin(), silent: true),
            act([.upRead(0)], 3), end,
          ]),
        ThreadIR(
          name: "b",
          instructions: [
            act([.downWriteTrylock(0, into: 3)], 1),
            Instruction(kind: .branch(.variable(3), then: 2, else: 3), origin: StepOrigin(), silent: true),
            act([.upWrite(0)], 3), act([.testAndSet(1, into: 4)], 4), end,
          ]),
      ],
      properties: implicitProperties())
    let result = search(model)
    XCTAssertEqual(result.faults, 0)
    XCTAssertTrue(result.deadlocks.isEmpty)
    // Both trylocks can fail at most one at a time: never both hold.
    XCTAssertGreaterThan(result.states.count, 6)
  }
}
