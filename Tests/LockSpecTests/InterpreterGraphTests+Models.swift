import LockCheck
import XCTest

@testable import LockSpec

/// Hand-built edge cases and random models for `InterpreterGraphTests`.
extension InterpreterGraphTests {
  static func act(_ actions: [Action], _ next: Int, silent: Bool = false, label: String = "") -> Instruction {
    Instruction(kind: .actions(actions, next: next), origin: StepOrigin(label: label, line: 1), silent: silent)
  }

  static func instruction(_ kind: InstructionKind, silent: Bool = false, code: String = "") -> Instruction {
    Instruction(kind: kind, origin: StepOrigin(code: code, line: 2), silent: silent)
  }

  static let end = Instruction(kind: .end, origin: StepOrigin(), silent: false)

  /// The implicit properties, then `extra`.
  static func properties(_ extra: [PropertyIR] = []) -> [PropertyIR] {
    [
      PropertyIR(
        name: "no_use_after_free", check: .noUseAfterFree(threads: nil, resources: nil), expect: nil,
        description: "", line: 0),
      PropertyIR(
        name: "no_double_free", check: .noDoubleFree(threads: nil, resources: nil), expect: nil, description: "",
        line: 0),
      PropertyIR(
        name: "lock_discipline", check: .lockDiscipline(threads: nil, locks: nil), expect: nil, description: "",
        line: 0),
      PropertyIR(name: "deadlock_free", check: .deadlockFree, expect: nil, description: "", line: 0),
      PropertyIR(name: "assertions", check: .assertions(rangeErrors: true), expect: nil, description: "", line: 0),
    ] + extra
  }

  static func property(_ name: String, _ check: PropertyCheck) -> PropertyIR {
    PropertyIR(name: name, check: check, expect: nil, description: "", line: 3)
  }

  // MARK: - Edge cases

  /// Blocking inside silent instructions: a blocked action is skipped (inside a conditional,
  /// the rest of the conditional too) and the next one runs; a first `down_write` in a silent
  /// instruction takes no queueing step.
  func testSilentInstructionsThatBlock() {
    // 0 m (mutex), 1 c (counter), 2 f (flag), 3 sem (rwsem), 4 a.x (int -2...2)
    let a = ThreadIR(
      name: "a",
      instructions: [
        Self.act([.inc(1)], 1, label: "start"),
        Self.act(
          [
            .conditional(.bool(true), then: [.lock(0), .inc(1), .setFlag(2)], else: []),
            .assign(4, .binary(.plus, .variable(4), .int(1))),
            .lock(0),
          ], 2, silent: true),
        Self.act(
          [
            .conditional(.bool(true), then: [.downWrite(3), .inc(1)], else: []),
            .conditional(
              .variable(2), then: [.downRead(3), .assign(4, .binary(.plus, .variable(4), .int(1)))], else: []),
            .downWrite(3), .setFlag(2),
          ], 3, silent: true),
        Self.act([.unlock(0), .upWrite(3)], 4, label: "release"),
        Self.end,
      ])
    let b = ThreadIR(
      name: "b",
      instructions: [
        Self.act([.lock(0)], 1, label: "take"), Self.act([.downWrite(3)], 2, label: "write"),
        Self.act([.upWrite(3), .unlock(0)], 3, label: "drop"), Self.end,
      ])
    let c = ThreadIR(
      name: "c",
      instructions: [Self.act([.downRead(3)], 1, label: "read"), Self.act([.upRead(3)], 2, label: "unread"), Self.end])
    let model = ModelIR(
      name: "edge/silent-blocking", source: "t",
      variables: [
        VariableIR(name: "m", type: .mutex, owner: nil, initial: [0]),
        VariableIR(name: "c", type: .counter(max: 3), owner: nil, initial: [0]),
        VariableIR(name: "f", type: .flag, owner: nil, initial: [0]),
        VariableIR(name: "sem", type: .rwsem(writerPriority: true, maxReadHolds: 3), owner: nil, initial: [0]),
        VariableIR(name: "a.x", type: .int(min: -2, max: 2), owner: 0, initial: [-2, 1]),
      ],
      threads: [a, b, c], properties: Self.properties())
    assertGraph(model, limit: 10_000)
    assertExplorations(model, maxStates: nil)
  }

  /// A silent loop that never ends runs out of fuel: the thread rests at a silent instruction
  /// (no step), which then runs as a visible transition; faults raised on every lap.
  func testSilentLoopsRunOutOfFuel() {
    // 0 c (counter), 1 a.i (int 0...3)
    let a = ThreadIR(
      name: "a",
      instructions: [
        Self.act([.assign(1, .int(0))], 1, label: "reset"),
        Self.act([.assign(1, .binary(.plus, .variable(1), .int(1)))], 2, silent: true),
        Self.instruction(.branch(.binary(.less, .variable(1), .int(3)), then: 1, else: 3), silent: true),
        Self.act([.inc(0)], 4, label: "bump"),
        Self.act([.dec(0)], 4, silent: true),
        Self.end,
      ])
    let model = ModelIR(
      name: "edge/fuel", source: "t",
      variables: [
        VariableIR(name: "c", type: .counter(max: 1), owner: nil, initial: [0]),
        VariableIR(name: "a.i", type: .int(min: 0, max: 3), owner: 0, initial: [0]),
      ],
      threads: [a], properties: Self.properties())
    assertGraph(model, limit: 100)
    let spin = ThreadIR(
      name: "spin",
      instructions: [Self.act([.inc(0)], 1, label: "go"), Self.instruction(.jump(1), silent: true), Self.end])
    let spinning = ModelIR(
      name: "edge/spin", source: "t", variables: [model.variables[0]], threads: [spin], properties: Self.properties())
    assertGraph(spinning, limit: 100)
    assertExplorations(spinning, maxStates: nil)
  }

  /// Choices (landing on silent instructions and on `end`, none at all), awaits over `done`
  /// and `thread@label` with labels past the thread's end, silent `choose` and `await`.
  func testChoicesAndAwaits() {
    // 0 c (counter), 1 g (bool)
    let chooser = ThreadIR(
      name: "chooser",
      instructions: [
        Self.instruction(.choose([1, 2, 4]), code: "pick"),
        Self.act([.inc(0)], 2, silent: true),
        Self.instruction(.choose([]), silent: false),
        Self.instruction(.choose([3, 4]), silent: true),
        Self.end,
      ])
    let waiter = ThreadIR(
      name: "waiter",
      instructions: [
        Self.instruction(
          .await(.binary(.or, .done(thread: 0), .at(thread: 0, pcs: [2, 9, -1, 3])), next: 1), code: "wait"),
        Self.instruction(.await(.at(thread: 0, pcs: [2]), next: 2), silent: true),
        Self.act([.assign(1, .done(thread: 0))], 3, label: "note"),
        Self.end,
      ])
    let model = ModelIR(
      name: "edge/choices", source: "t",
      variables: [
        VariableIR(name: "c", type: .counter(max: 2), owner: nil, initial: [0]),
        VariableIR(name: "g", type: .bool, owner: nil, initial: [0]),
      ],
      threads: [chooser, waiter],
      properties: Self.properties([
        Self.property("seen", .reachable(.binary(.and, .variable(1), .at(thread: 0, pcs: [4, 3])))),
        Self.property("small", .always(.binary(.lessEqual, .variable(0), .int(1)))),
      ]))
    assertGraph(model, limit: 10_000)
    assertExplorations(model, maxStates: nil)
  }

  /// Writers queueing on rwsems (with and without writer priority), trylocks into locals,
  /// recursive read holds past the limit, releases of locks not held, and threads ending
  /// while holding locks.
  func testReaderWriterLocks() {
    // 0 sem (rwsem, writer priority), 1 lax (rwsem), 2 m (mutex), 3 a.ok (bool), 4 b.ok (int 0...3)
    let writer = ThreadIR(
      name: "writer",
      instructions: [
        Self.act([.downWrite(0), .inc(4)], 1, label: "take"),
        Self.act([.upWrite(0), .downWrite(1)], 2, label: "swap"),
        Self.act([.downWrite(1)], 3, label: "again"),
        Self.end,
      ])
    let reader = ThreadIR(
      name: "reader",
      instructions: [
        Self.act([.downRead(0), .downRead(0)], 1, label: "twice"),
        Self.act([.downReadTrylock(0, into: 3), .downRead(0), .downRead(1)], 2, label: "more"),
        Self.act([.upRead(0), .upRead(1), .upRead(1)], 3, label: "less"),
        Self.act([.downWriteTrylock(1, into: 4), .trylock(2, into: 3)], 4, label: "try"),
        Self.end,
      ])
    let other = ThreadIR(
      name: "other",
      instructions: [
        Self.act([.downWrite(0)], 1, label: "queue"), Self.act([.upWrite(1), .unlock(2)], 2, label: "wrong"),
        Self.act([.upWrite(0), .downReadTrylock(1, into: nil)], 3, label: "done"), Self.end,
      ])
    let model = ModelIR(
      name: "edge/rwsem", source: "t",
      variables: [
        VariableIR(name: "sem", type: .rwsem(writerPriority: true, maxReadHolds: 3), owner: nil, initial: [0]),
        VariableIR(name: "lax", type: .rwsem(writerPriority: false, maxReadHolds: 3), owner: nil, initial: [0]),
        VariableIR(name: "m", type: .mutex, owner: nil, initial: [0]),
        VariableIR(name: "a.ok", type: .bool, owner: 1, initial: [0]),
        VariableIR(name: "b.ok", type: .int(min: 0, max: 3), owner: 1, initial: [0]),
      ],
      threads: [writer, reader, other],
      properties: Self.properties([
        Self.property("reader_holds", .reachable(.holds(thread: 1, lock: 0))),
        Self.property("writer_lax", .never(.binary(.and, .holds(thread: 0, lock: 1), .writeLocked(0)))),
        Self.property(
          "scoped", .lockDiscipline(threads: [1, 2], locks: [0, 2])),
      ]))
    assertGraph(model, limit: 20_000)
    assertExplorations(model, maxStates: nil)
  }

  /// Lock operations on locks of another kind (an rwsem's `writer` and `waiters` are the
  /// slots after a mutex's), tests of non-locks, values out of range (faults, and results
  /// masked into their slot), wrapping arithmetic, comparisons with the extreme constants,
  /// `&&` and `||` over integers, and assertions.
  func testOddOperationsAndValues() {
    // 0 m (mutex), 1 s (spinlock), 2 x (int -2...2), 3 y (int 3...5), 4 c (counter 0...2),
    // 5 e (enum), 6 r (resource), 7 b (bool)
    let first = ThreadIR(
      name: "first",
      instructions: [
        Self.act([.downWrite(0), .downWriteTrylock(1, into: 2)], 1, label: "odd"),
        Self.act([.upWrite(0), .lock(1), .trylock(0, into: 3)], 2, label: "odder"),
        Self.act(
          [
            .assign(2, .binary(.minus, .variable(3), .int(Int.max))), .read(4, into: 3),
            .testAndSet(7, into: 2), .assign(5, .binary(.plus, .variable(5), .int(1))),
          ], 3, label: "values"),
        Self.act(
          [
            .decAndTest(4, into: 7), .decAndTest(4, into: 2), .incNotZero(4, into: 3),
            .assert(.binary(.or, .variable(2), .binary(.less, .variable(3), .int(Int.min))), property: 5),
          ], 4, label: "counters"),
        Self.act([.free(6), .use(6), .free(6), .clearFlag(7), .testFlag(6, into: 2)], 5, label: "frees"),
        Self.act(
          [
            .assign(7, .binary(.and, .int(2), .variable(3))),
            .assign(2, .binary(.or, .variable(4), .int(0))),
            .assign(4, .not(.binary(.greater, .variable(2), .int(Int.max)))),
          ], 6, label: "logic"),
        Self.end,
      ])
    let second = ThreadIR(
      name: "second",
      instructions: [
        Self.instruction(
          .branch(.binary(.equal, .binary(.plus, .variable(2), .int(Int.max)), .int(Int.min)), then: 2, else: 1),
          code: "wrap"),
        Self.act([.inc(2), .inc(2), .dec(3), .setFlag(3)], 2, label: "nudge"),
        Self.instruction(
          .await(.binary(.or, .writeLocked(0), .binary(.greaterEqual, .readers(1), .int(Int.min))), next: 3),
          code: "await"),
        Self.act([.unlock(1), .unlock(0), .use(7)], 4, label: "unlock"),
        Self.end,
      ])
    let model = ModelIR(
      name: "edge/odd", source: "t",
      variables: [
        VariableIR(name: "m", type: .mutex, owner: nil, initial: [0]),
        VariableIR(name: "s", type: .spinlock, owner: nil, initial: [0]),
        VariableIR(name: "x", type: .int(min: -2, max: 2), owner: nil, initial: [-2, 0, 2]),
        VariableIR(name: "y", type: .int(min: 3, max: 5), owner: nil, initial: [3, 5]),
        VariableIR(name: "c", type: .counter(max: 2), owner: nil, initial: [0, 2]),
        VariableIR(name: "e", type: .enumeration(cases: ["one", "two", "three"]), owner: nil, initial: [2]),
        VariableIR(name: "r", type: .resource, owner: nil, initial: [0]),
        VariableIR(name: "b", type: .bool, owner: nil, initial: [1]),
      ],
      threads: [first, second],
      properties: Self.properties([
        PropertyIR(name: "asserted", check: .assertions(rangeErrors: false), expect: nil, description: "", line: 4),
        Self.property("never_odd", .never(.binary(.and, .holds(thread: 0, lock: 2), .not(.variable(7))))),
        Self.property("always_mixed", .always(.binary(.or, .binary(.plus, .variable(2), .variable(3)), .freed(6)))),
        Self.property("reach_extremes", .reachable(.binary(.lessEqual, .variable(4), .int(Int.max)))),
      ]))
    assertGraph(model, limit: 20_000)
    assertExplorations(model, maxStates: nil)
  }

  // MARK: - Random models

  func testRandomModels() {
    var generator = RandomModelGenerator(seed: 0x5EED)
    for index in 0..<120 {
      let model = generator.model(name: "random/\(index)")
      assertGraph(model, limit: 400)
      assertExplorations(model, maxStates: 400)
    }
  }
}

/// Random but well-formed models (every index exists, read holds only of rwsems) that use
/// every instruction kind, action and expression, with silent instructions jumping forward
/// only (no silent loop runs out of fuel, which `testSilentLoopsRunOutOfFuel` covers).
struct RandomModelGenerator {
  var random: SplitMix64

  init(seed: UInt64) {
    random = SplitMix64(seed: seed)
  }

  mutating func below(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }
  mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
  mutating func pick<T>(_ elements: [T]) -> T { elements[below(elements.count)] }

  // 0 sem (rwsem, priority), 1 lax (rwsem), 2 m (mutex), 3 s (spinlock), 4 c (counter 0...2),
  // 5 f (flag), 6 r (resource), 7 e (enum), 8 x (int -2...2), 9 b (bool), 10 y (int 3...5)
  static let types: [VariableType] = [
    .rwsem(writerPriority: true, maxReadHolds: 3), .rwsem(writerPriority: false, maxReadHolds: 3), .mutex, .spinlock,
    .counter(max: 2), .flag,
    .resource, .enumeration(cases: ["p", "q", "r"]), .int(min: -2, max: 2), .bool, .int(min: 3, max: 5),
  ]
  static let rwsems = [0, 1]
  static let locks = [0, 1, 2, 3]
  static let values = Array(4...10)

  var threadCount = 2
  var lengths: [Int] = []

  /// A random model whose second thread is copied `copies` times as `s[0]`, `s[1]`, ...
  /// beside the first (renamed `a`): interchangeable threads, when the properties allow it
  /// (`ExecutionPlan.symmetryFacts` says).
  mutating func symmetricModel(name: String, copies: Int) -> ModelIR {
    var symmetric = self.model(name: name)
    let template = symmetric.threads[1]
    symmetric.threads =
      [ThreadIR(name: "a", instructions: symmetric.threads[0].instructions)]
      + (0..<copies).map { ThreadIR(name: "s[\($0)]", instructions: template.instructions) }
    return symmetric
  }

  mutating func model(name: String) -> ModelIR {
    threadCount = 2 + below(2)
    lengths = (0..<threadCount).map { _ in 2 + below(6) }
    var variables: [VariableIR] = []
    for (v, type) in Self.types.enumerated() {
      var initial = [0]
      switch type {
      case .int(let min, let max):
        initial = [min + below(max - min + 1)]
        if chance(40) { initial.append(min + below(max - min + 1)) }
      case .counter, .bool, .flag, .enumeration:
        initial = [below(2)]
        if chance(30) { initial.append(2 - initial[0] == 2 ? 1 : 0) }
      default: break
      }
      variables.append(VariableIR(name: "v\(v)", type: type, owner: nil, initial: initial))
    }
    var threads: [ThreadIR] = []
    for t in 0..<threadCount {
      let n = lengths[t]
      var instructions: [Instruction] = []
      for pc in 0..<n { instructions.append(instruction(at: pc, of: n)) }
      instructions.append(Instruction(kind: .end, origin: StepOrigin(), silent: chance(10)))
      threads.append(ThreadIR(name: "t\(t)", instructions: instructions))
    }
    var properties = InterpreterGraphTests.properties([
      PropertyIR(name: "asserted", check: .assertions(rangeErrors: false), expect: nil, description: "", line: 1),
      InterpreterGraphTests.property("never", .never(expression(depth: 2))),
      InterpreterGraphTests.property("always", .always(expression(depth: 2))),
      InterpreterGraphTests.property("reachable", .reachable(expression(depth: 2))),
    ])
    if chance(50) {
      properties.append(
        InterpreterGraphTests.property("scoped", .lockDiscipline(threads: [0], locks: [below(4)])))
    }
    return ModelIR(name: name, source: "random", variables: variables, threads: threads, properties: properties)
  }

  /// Instruction `pc` of a thread with `n` instructions before its `end`.
  mutating func instruction(at pc: Int, of n: Int) -> Instruction {
    let silent = chance(30)
    // Silent instructions jump forward only; visible ones anywhere.
    func target() -> Int { silent ? pc + 1 + below(n - pc) : below(n + 1) }
    let origin = StepOrigin(label: chance(50) ? "l\(pc)" : "", code: chance(50) ? "c\(pc)" : "", line: pc)
    let kind: InstructionKind
    switch below(10) {
    case 0, 1, 2, 3:
      kind = .actions((0..<(1 + below(3))).map { _ in action(depth: 0) }, next: target())
    case 4, 5:
      kind = .branch(expression(depth: 2), then: target(), else: target())
    case 6:
      kind = .jump(target())
    case 7:
      kind = .choose((0..<below(4)).map { _ in target() })
    default:
      kind = .await(expression(depth: 2), next: target())
    }
    switch kind {
    case .actions, .branch, .jump: return Instruction(kind: kind, origin: origin, silent: silent)
    default: return Instruction(kind: kind, origin: origin, silent: silent && chance(20))
    }
  }

  mutating func action(depth: Int) -> Action {
    let into: Int? = chance(70) ? pick(Self.values) : nil
    switch below(depth < 2 ? 24 : 23) {
    case 0, 1: return .assign(pick(Self.values), expression(depth: 2))
    case 2: return .downRead(pick(Self.rwsems))
    case 3: return .upRead(pick(Self.rwsems))
    case 4: return .downWrite(pick(Self.locks))
    case 5: return .upWrite(pick(Self.locks))
    case 6: return .downReadTrylock(pick(Self.rwsems), into: into)
    case 7: return .downWriteTrylock(pick(Self.locks), into: into)
    case 8: return .lock(pick(Self.locks))
    case 9: return .unlock(pick(Self.locks))
    case 10: return .trylock(pick(Self.locks), into: into)
    case 11: return .inc(pick(Self.values))
    case 12: return .dec(pick(Self.values))
    case 13: return .decAndTest(pick(Self.values), into: into)
    case 14: return .incNotZero(pick(Self.values), into: into)
    case 15: return .read(pick(Self.values), into: pick(Self.values))
    case 16: return .setFlag(pick(Self.values))
    case 17: return .clearFlag(pick(Self.values))
    case 18: return .testFlag(pick(Self.values), into: pick(Self.values))
    case 19: return .testAndSet(pick(Self.values), into: into)
    case 20: return .free(chance(80) ? 6 : pick(Self.values))
    case 21: return .use(chance(80) ? 6 : pick(Self.values))
    case 22: return .assert(expression(depth: 2), property: pick([4, 5]))
    default:
      return .conditional(
        expression(depth: 1), then: (0..<below(3)).map { _ in action(depth: depth + 1) },
        else: (0..<below(3)).map { _ in action(depth: depth + 1) })
    }
  }

  mutating func expression(depth: Int) -> Expr {
    if depth == 0 || chance(30) {
      switch below(10) {
      case 0: return .int(pick([-3, -1, 0, 1, 2, 3, 4, 5, Int.min, Int.max]))
      case 1: return .bool(chance(50))
      case 2, 3: return .variable(below(Self.types.count))
      case 4: return .freed(pick([6, 9]))
      case 5:
        let t = below(threadCount)
        return .at(thread: t, pcs: (0..<(1 + below(3))).map { _ in below(lengths[t] + 3) - 1 })
      case 6: return .done(thread: below(threadCount))
      case 7: return .readers(pick(Self.rwsems + [2]))
      case 8: return .writeLocked(below(Self.types.count))
      default: return .holds(thread: below(threadCount), lock: below(Self.types.count))
      }
    }
    if chance(20) { return .not(expression(depth: depth - 1)) }
    let op = pick([
      BinaryOperator.and, .or, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus,
    ])
    return .binary(op, expression(depth: depth - 1), expression(depth: depth - 1))
  }
}
