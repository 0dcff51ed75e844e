import LockCheck

/// Builds the tables of a `LoweredModel` from a `ModelIR` and its `SlotPlan`.
///
/// Lowering resolves every variable to its slots and bakes in each thread's owner value and
/// fault masks, so execution never looks at the IR. A malformed IR (a variable or thread index
/// that does not exist, a read hold of a lock that is not an rwsem; only hand-built IR can be
/// malformed) lowers to a trapping operation at the point where it is used rather than failing
/// up front, so such a model runs as far as it is well formed.
struct ModelLowering {
  let model: ModelIR
  let plan: SlotPlan
  let scopes: FaultScopes
  /// Index of each variable in `plan.rwsemVariables`, or -1.
  let rwsemOrdinal: [Int]

  var fields: [SlotField] = []
  var threads: [LoweredThread] = []
  var instructions: [LoweredInstruction] = []
  var chooseTargets: [Landing] = []
  var actions: [LoweredAction] = []
  var expressions: [ExpressionOp] = []
  var conditions: [Condition] = []
  var tableTests: [SlotTest] = []
  var pcSets: [UInt64] = []
  var locksAtEnd: [LockAtEnd] = []
  var stateChecks: [StateCheck] = []
  var stackDepth = 1

  init(plan execution: ExecutionPlan) {
    self.model = execution.model
    self.plan = execution.slots
    scopes = execution.faults
    rwsemOrdinal = execution.rwsemOrdinal
    fields = plan.slots.map { slot in
      let shift = UInt64(slot.shift)
      return SlotField(
        word: slot.word, shift: shift, mask: slot.mask, clear: ~(slot.mask &<< shift), offset: slot.offset,
        maxStored: slot.maxStored)
    }
  }

  /// Lowers the threads (with the steps the `ExecutionPlan` numbered) and the state properties.
  mutating func lower(stepIndex: [[Int32]], waitStepIndex: [[Int32]]) {
    for (t, thread) in model.threads.enumerated() {
      let pcSlot = plan.pcSlot[t]
      // Every value the program counter's field can hold (a masked jump target may exceed
      // the last instruction).
      let rowLength = Int(plan.slots[pcSlot].mask) + 1
      precondition(plan.slots[pcSlot].offset == 0, "program counters are stored as they are")
      let first = instructions.count
      let firstLock = locksAtEnd.count
      for (pc, instruction) in thread.instructions.enumerated() {
        instructions.append(
          lower(instruction, thread: t, step: stepIndex[t][pc], waitStep: waitStepIndex[t][pc]))
      }
      while instructions.count < first + rowLength { instructions.append(.outOfRange) }
      lowerLocksAtEnd(thread: t)
      threads.append(
        LoweredThread(
          pc: fields[pcSlot], waitingSlot: Int32(plan.waitingSlot[t]),
          firstInstruction: first, rowLength: instructions.count - first, firstLockAtEnd: firstLock,
          lockAtEndCount: locksAtEnd.count - firstLock))
    }
    for (index, property) in model.properties.enumerated() {
      var checks: [(StateCheck.Kind, Expr)] = []
      switch property.check {
      case .never(let e): checks = [(.never, e)]
      case .always(let e): checks = [(.always, e)]
      case .reachable(let e): checks = [(.reachable, e)]
      case .eventually(let e, _): checks = [(.goal, e)]
      case .leadsTo(let from, let to, _): checks = [(.trigger, from), (.goal, to)]
      default: continue
      }
      let bit: UInt64 = index < 64 ? 1 << UInt64(index) : 0
      for (kind, condition) in checks {
        stateChecks.append(StateCheck(kind: kind, bit: bit, condition: lowerCondition(condition)))
      }
    }
  }

  // MARK: - Instructions

  private mutating func lower(_ instruction: Instruction, thread t: Int, step: Int32, waitStep: Int32)
    -> LoweredInstruction
  {
    var lowered = LoweredInstruction.outOfRange
    lowered.silent = instruction.silent
    lowered.step = step
    lowered.waitStep = waitStep
    /// Where a visible transition to `target` leaves the thread.
    func landing(_ target: Int) -> Landing {
      let thread = model.threads[t]
      let pc = Int(UInt64(truncatingIfNeeded: target) & plan.slots[plan.pcSlot[t]].mask)
      guard pc < thread.instructions.count else { return Landing(pc: Int32(pc), kind: .outOfRange) }
      let there = thread.instructions[pc]
      if there.silent { return Landing(pc: Int32(pc), kind: .silent) }
      return Landing(pc: Int32(pc), kind: there.kind == .end ? .end : .rest)
    }
    /// `target` for silent execution: -1 (trapping) when it is past the thread's row.
    func silentTarget(_ target: Int) -> Int32 {
      let rowLength = Int(plan.slots[plan.pcSlot[t]].mask) + 1
      return target >= 0 && target < rowLength ? Int32(target) : -1
    }
    switch instruction.kind {
    case .end:
      lowered.kind = .end
    case .choose(let targets):
      lowered.kind = .choose
      lowered.firstTarget = Int32(chooseTargets.count)
      lowered.targetCount = Int32(targets.count)
      chooseTargets.append(contentsOf: targets.map(landing))
    case .branch(let condition, let then, let otherwise):
      lowered.kind = .branch
      lowered.condition = lowerCondition(condition)
      lowered.next = silentTarget(then)
      lowered.landing = landing(then)
      lowered.alternative = silentTarget(otherwise)
      lowered.alternativeLanding = landing(otherwise)
    case .jump(let next):
      lowered.kind = .jump
      lowered.next = silentTarget(next)
      lowered.landing = landing(next)
    case .await(let condition, let next):
      lowered.kind = .await
      lowered.condition = lowerCondition(condition)
      lowered.next = silentTarget(next)
      lowered.landing = landing(next)
    case .actions(let list, let next):
      lowered.kind = .actions
      lowered.next = silentTarget(next)
      lowered.landing = landing(next)
      lowered.firstAction = Int32(actions.count)
      if let lock = instruction.queuedWriteLock, isVariable(lock) {
        lowered.queueReaders = Int32(plan.variableSlot[lock])
      }
      for action in list {
        let start = actions.count
        lower(action, thread: t)
        // A block anywhere inside a top-level action skips the rest of it (silent execution).
        for i in start..<actions.count { actions[i].resume = Int32(actions.count) }
      }
      lowered.endAction = Int32(actions.count)
    }
    return lowered
  }

  private func isVariable(_ v: Int) -> Bool { model.variables.indices.contains(v) }
  private func isThread(_ t: Int) -> Bool { model.threads.indices.contains(t) }

  /// The thread's read-hold slot of `lock`, or -1 when `lock` is not an rwsem.
  private func holdSlot(thread t: Int, lock: Int) -> Int32 {
    let ordinal = rwsemOrdinal[lock]
    return ordinal >= 0 ? Int32(plan.readHoldSlots[t][ordinal]) : -1
  }

  /// The slot following `slot` by `delta` (an rwsem's `writer` and `waiters`), or -1 if none.
  private func slot(_ slot: Int, plus delta: Int) -> Int32 {
    slot + delta < plan.slots.count ? Int32(slot + delta) : -1
  }

  // MARK: - Actions

  private mutating func lower(_ action: Action, thread t: Int) {
    let n = scopes.variableCount
    /// Appends `action`'s operation unless one of `variables` does not exist.
    func emit(_ operation: LoweredAction, reading variables: Int?...) {
      for v in variables { if let v, !isVariable(v) { return actions.append(LoweredAction(operation: .trap)) } }
      actions.append(operation)
    }
    func slot(_ v: Int) -> Int32 { isVariable(v) ? Int32(plan.variableSlot[v]) : -1 }
    func into(_ v: Int?) -> Int32 { v.map(slot) ?? -1 }
    let owner = t + 1
    switch action {
    case .assign(let v, let expr):
      guard isVariable(v) else { return emit(LoweredAction(operation: .trap)) }
      var assign = LoweredAction(operation: .assign, slot: slot(v), variable: Int32(v), faults: scopes.rangeErrors)
      switch expr {
      case .int(let value):
        assign.operation = .assignConstant
        assign.value = value
      case .bool(let value):
        assign.operation = .assignConstant
        assign.value = value ? 1 : 0
      case .variable(let source) where isVariable(source):
        assign.operation = .assignSlot
        assign.source = Int32(plan.variableSlot[source])
      default:
        if let test = slotTest(expr, asCondition: false) {
          assign.operation = .assignTest
          assign.condition = add(.single(test))
        } else if let table = truthTable(expr, asCondition: false) {
          assign.operation = .assignTest
          assign.condition = add(table)
        } else {
          assign.expression = lower(expr)
        }
      }
      emit(assign)
    case .downRead(let lock), .downReadTrylock(let lock, into: _):
      var result: Int? = nil
      var operation = LoweredAction.Operation.downRead
      if case .downReadTrylock(_, let into) = action {
        result = into
        operation = .downReadTrylock
      }
      guard isVariable(lock), self.slot(plan.variableSlot[lock], plus: 1) >= 0 else {
        return emit(LoweredAction(operation: .trap))
      }
      let readers = plan.variableSlot[lock]
      emit(
        LoweredAction(
          operation: operation, writerPriority: model.variables[lock].type.hasWriterPriority,
          slot: Int32(readers), writer: self.slot(readers, plus: 1), waiters: self.slot(readers, plus: 2),
          hold: holdSlot(thread: t, lock: lock), into: into(result), variable: Int32(lock),
          value: model.variables[lock].type.maxReadHolds, faults: 0),
        reading: result)
    case .upRead(let lock):
      guard isVariable(lock), rwsemOrdinal[lock] >= 0 else { return emit(LoweredAction(operation: .trap)) }
      emit(
        LoweredAction(
          operation: .upRead, slot: slot(lock), hold: holdSlot(thread: t, lock: lock), variable: Int32(lock),
          thread: Int32(t), faults: scopes.lockDiscipline[t * n + lock]))
    case .downWrite(let lock):
      guard isVariable(lock), self.slot(plan.variableSlot[lock], plus: 1) >= 0 else {
        return emit(LoweredAction(operation: .trap))
      }
      let readers = plan.variableSlot[lock]
      emit(
        LoweredAction(
          operation: .downWrite, slot: Int32(readers), writer: self.slot(readers, plus: 1), value: owner))
    case .upWrite(let lock):
      guard isVariable(lock), self.slot(plan.variableSlot[lock], plus: 1) >= 0 else {
        return emit(LoweredAction(operation: .trap))
      }
      emit(
        LoweredAction(
          operation: .upWrite, writer: self.slot(plan.variableSlot[lock], plus: 1), variable: Int32(lock),
          thread: Int32(t), value: owner, faults: scopes.lockDiscipline[t * n + lock]))
    case .downWriteTrylock(let lock, let result):
      guard isVariable(lock), self.slot(plan.variableSlot[lock], plus: 1) >= 0 else {
        return emit(LoweredAction(operation: .trap))
      }
      let readers = plan.variableSlot[lock]
      emit(
        LoweredAction(
          operation: .downWriteTrylock, slot: Int32(readers), writer: self.slot(readers, plus: 1),
          into: into(result), value: owner),
        reading: result)
    case .lock(let lock):
      emit(LoweredAction(operation: .lock, slot: slot(lock), value: owner), reading: lock)
    case .unlock(let lock):
      guard isVariable(lock) else { return emit(LoweredAction(operation: .trap)) }
      emit(
        LoweredAction(
          operation: .unlock, slot: slot(lock), variable: Int32(lock), thread: Int32(t), value: owner,
          faults: scopes.lockDiscipline[t * n + lock]))
    case .trylock(let lock, let result):
      emit(
        LoweredAction(operation: .trylock, slot: slot(lock), into: into(result), value: owner), reading: lock, result)
    case .inc(let c), .dec(let c):
      let delta: Int
      if case .inc = action { delta = 1 } else { delta = -1 }
      emit(
        LoweredAction(operation: .add, slot: slot(c), variable: Int32(c), value: delta, faults: scopes.rangeErrors),
        reading: c)
    case .decAndTest(let c, let result):
      emit(
        LoweredAction(
          operation: .decAndTest, slot: slot(c), into: into(result), variable: Int32(c), faults: scopes.rangeErrors),
        reading: c, result)
    case .incNotZero(let c, let result):
      emit(
        LoweredAction(
          operation: .incNotZero, slot: slot(c), into: into(result), variable: Int32(c), faults: scopes.rangeErrors),
        reading: c, result)
    case .read(let c, let result):
      emit(
        LoweredAction(
          operation: .read, slot: slot(c), into: slot(result), variable: Int32(result), faults: scopes.rangeErrors),
        reading: c, result)
    case .setFlag(let f):
      emit(LoweredAction(operation: .setConstant, slot: slot(f), value: 1), reading: f)
    case .clearFlag(let f):
      emit(LoweredAction(operation: .setConstant, slot: slot(f), value: 0), reading: f)
    case .testFlag(let f, let result):
      emit(LoweredAction(operation: .testFlag, slot: slot(f), into: slot(result)), reading: f, result)
    case .testAndSet(let f, let result):
      emit(LoweredAction(operation: .testAndSet, slot: slot(f), into: into(result)), reading: f, result)
    case .free(let r):
      guard isVariable(r) else { return emit(LoweredAction(operation: .trap)) }
      emit(
        LoweredAction(operation: .free, slot: slot(r), variable: Int32(r), faults: scopes.doubleFree[t * n + r]))
    case .use(let r):
      guard isVariable(r) else { return emit(LoweredAction(operation: .trap)) }
      emit(
        LoweredAction(operation: .use, slot: slot(r), variable: Int32(r), faults: scopes.useAfterFree[t * n + r]))
    case .assert(let condition, let property):
      emit(LoweredAction(operation: .assert, condition: lowerCondition(condition), value: property))
    case .conditional(let condition, let then, let otherwise):
      let branch = actions.count
      actions.append(LoweredAction(operation: .branchUnless, condition: lowerCondition(condition)))
      for inner in then { lower(inner, thread: t) }
      let jump = actions.count
      actions.append(LoweredAction(operation: .jump))
      actions[branch].target = Int32(actions.count)
      for inner in otherwise { lower(inner, thread: t) }
      actions[jump].target = Int32(actions.count)
    }
  }

  // MARK: - Locks at a thread's end

  /// `checkLocksAtEnd` raised `lock_discipline` for every lock variable the thread holds;
  /// a lock whose mask is empty raised nothing and is left out.
  private mutating func lowerLocksAtEnd(thread t: Int) {
    for v in model.variables.indices where model.variables[v].type.isLock {
      let faults = scopes.lockDiscipline[t * scopes.variableCount + v]
      guard faults != 0 else { continue }
      let isRwsem: Bool
      if case .rwsem = model.variables[v].type { isRwsem = true } else { isRwsem = false }
      let readers = plan.variableSlot[v]
      locksAtEnd.append(
        LockAtEnd(
          isRwsem: isRwsem, slot: isRwsem ? holdSlot(thread: t, lock: v) : Int32(readers),
          writer: isRwsem ? slot(readers, plus: 1) : -1, owner: t + 1, faults: faults, variable: Int32(v),
          thread: Int32(t)))
    }
  }

  // MARK: - Expressions

  /// Lowers a condition (only whether it is 0 matters): a single slot test or a truth table
  /// when it is one, else expression code. Returns its index in `conditions`.
  private mutating func lowerCondition(_ expr: Expr) -> Int32 {
    if let test = slotTest(expr, asCondition: true) { return add(.single(test)) }
    if let table = truthTable(expr, asCondition: true) { return add(table) }
    let start = expressions.count
    emit(expr, depth: 0, asCondition: true)
    expressions.append(ExpressionOp(operation: .result))
    return add(
      Condition(kind: .expression, expression: Int32(start), firstTest: 0, testCount: 0, table: 0, test: .none))
  }

  private mutating func add(_ condition: Condition) -> Int32 {
    conditions.append(condition)
    return Int32(conditions.count - 1)
  }

  /// A boolean formula over slot tests.
  private indirect enum Formula {
    case test(Int)
    case constant(Bool)
    case not(Formula)
    case and(Formula, Formula)
    case or(Formula, Formula)

    func value(_ tests: Int) -> Bool {
      switch self {
      case .test(let i): return tests & (1 << i) != 0
      case .constant(let value): return value
      case .not(let inner): return !inner.value(tests)
      case .and(let a, let b): return a.value(tests) && b.value(tests)
      case .or(let a, let b): return a.value(tests) || b.value(tests)
      }
    }
  }

  /// Most tests in a truth table (a table of `1 << maxTableTests` bits).
  private static let maxTableTests = 6

  /// `expr` as a truth table over at most `maxTableTests` slot tests, if it is `&&`, `||` and
  /// `!` over tests and constants (and its value is 0 or 1, or only whether it is 0 matters).
  /// Evaluating every test where `&&` and `||` stopped early is the same: a test of a slot
  /// cannot trap (see `makeTest`).
  private mutating func truthTable(_ expr: Expr, asCondition: Bool) -> Condition? {
    switch expr {
    case .binary(.and, _, _), .binary(.or, _, _), .not: break
    default: if !asCondition { return nil }
    }
    var tests: [SlotTest] = []
    func formula(_ expr: Expr) -> Formula? {
      if let test = slotTest(expr, asCondition: true) {
        if let i = tests.firstIndex(where: { $0 == test }) { return .test(i) }
        tests.append(test)
        return .test(tests.count - 1)
      }
      switch expr {
      case .bool(let value): return .constant(value)
      case .int(let value): return .constant(value != 0)
      case .not(let inner): return formula(inner).map { .not($0) }
      case .binary(.and, let a, let b):
        guard let a = formula(a), let b = formula(b) else { return nil }
        return .and(a, b)
      case .binary(.or, let a, let b):
        guard let a = formula(a), let b = formula(b) else { return nil }
        return .or(a, b)
      default: return nil
      }
    }
    guard let formula = formula(expr), tests.count <= Self.maxTableTests else { return nil }
    var table: UInt64 = 0
    for index in 0..<(1 << tests.count) where formula.value(index) { table |= 1 << UInt64(index) }
    let first = tableTests.count
    tableTests.append(contentsOf: tests)
    return Condition(
      kind: .table, expression: -1, firstTest: Int32(first), testCount: Int32(tests.count), table: table, test: .none)
  }

  /// A test of `slot` (see `SlotTest`), unless reading the slot may overflow adding its offset
  /// (for some field value up to its mask): then evaluating it could trap where `&&` and `||`
  /// stopped early.
  private func makeTest(slot: Int, negate: Bool, low: Int, span: UInt64) -> SlotTest? {
    let field = fields[slot]
    guard field.offset <= 0 || field.offset <= Int.max - Int(field.mask) else { return nil }
    return SlotTest(
      word: Int32(field.word), negate: negate, shift: field.shift, mask: field.mask, bias: field.offset &- low,
      span: span)
  }

  /// Appends the code of `expr` (a value) and returns where it starts.
  private mutating func lower(_ expr: Expr) -> Int32 {
    let start = expressions.count
    emit(expr, depth: 0, asCondition: false)
    expressions.append(ExpressionOp(operation: .result))
    return Int32(start)
  }

  /// `expr` as a `SlotTest` with the same value (0 or 1), if it is one: a comparison of a
  /// variable with a constant, `thread@label` for one label, `writeLocked`, a negated test,
  /// and (when only zero or not matters, `asCondition`) a variable.
  private func slotTest(_ expr: Expr, asCondition: Bool) -> SlotTest? {
    switch expr {
    case .variable(let v), .freed(let v), .readers(let v):
      guard asCondition, isVariable(v) else { return nil }
      return makeTest(slot: plan.variableSlot[v], negate: true, low: 0, span: 0)
    case .writeLocked(let lock):
      guard isVariable(lock) else { return nil }
      let first = plan.variableSlot[lock]
      let slot: Int
      if case .rwsem = model.variables[lock].type { slot = first + 1 } else { slot = first }
      return makeTest(slot: slot, negate: true, low: 0, span: 0)
    case .at(let thread, let pcs):
      guard isThread(thread), pcs.count == 1 else { return nil }
      return makeTest(slot: plan.pcSlot[thread], negate: false, low: pcs[0], span: 0)
    case .not(let inner):
      guard var test = slotTest(inner, asCondition: true) else { return nil }
      test.negate.toggle()
      return test
    case .binary(let binary, let lhs, let rhs):
      let slot: Int
      switch lhs {
      case .variable(let v), .freed(let v), .readers(let v):
        guard isVariable(v) else { return nil }
        slot = plan.variableSlot[v]
      default:
        return nil
      }
      let c: Int
      switch rhs {
      case .int(let value): c = value
      case .bool(let value): c = value ? 1 : 0
      default: return nil
      }
      /// `slot` in `low...high`.
      func range(_ low: Int, _ high: Int, negate: Bool = false) -> SlotTest? {
        makeTest(slot: slot, negate: negate, low: low, span: UInt64(bitPattern: Int64(high &- low)))
      }
      /// Never true.
      let never = makeTest(slot: slot, negate: true, low: Int.min, span: UInt64.max)
      switch binary {
      case .equal: return range(c, c)
      case .notEqual: return range(c, c, negate: true)
      case .less: return c == Int.min ? never : range(Int.min, c - 1)
      case .lessEqual: return range(Int.min, c)
      case .greater: return c == Int.max ? never : range(c + 1, Int.max)
      case .greaterEqual: return range(c, Int.max)
      case .and, .or, .plus, .minus: return nil
      }
    default:
      return nil
    }
  }

  /// Appends code that leaves the value of `expr` in the accumulator, with `depth` operands
  /// already on the stack; with `asCondition` only whether it is 0 must be right. Returns
  /// whether the value left is 0 or 1.
  @discardableResult
  private mutating func emit(_ expr: Expr, depth: Int, asCondition: Bool) -> Bool {
    func op(_ operation: ExpressionOp.Operation, slot: Int = -1, other: Int = -1, value: Int = 0) {
      expressions.append(ExpressionOp(operation: operation, slot: Int32(slot), other: Int32(other), value: value))
    }
    if let test = slotTest(expr, asCondition: asCondition) {
      expressions.append(ExpressionOp(operation: .test, test: test))
      return true
    }
    switch expr {
    case .int(let value):
      op(.constant, value: value)
      return value == 0 || value == 1
    case .bool(let value):
      op(.constant, value: value ? 1 : 0)
      return true
    case .variable(let v), .freed(let v), .readers(let v):
      guard isVariable(v) else {
        op(.trap)
        return true
      }
      op(.slot, slot: plan.variableSlot[v])
      return false
    case .at(let thread, let pcs):
      guard isThread(thread) else {
        op(.trap)
        return true
      }
      let pcSlot = plan.pcSlot[thread]
      let count = Int(plan.slots[pcSlot].mask) + 1
      let start = pcSets.count
      pcSets.append(contentsOf: repeatElement(0, count: (count + 63) / 64))
      for pc in pcs where pc >= 0 && pc < count { pcSets[start + pc / 64] |= 1 << UInt64(pc % 64) }
      op(.pcIn, slot: pcSlot, other: start, value: count)
    case .done(let thread):
      guard isThread(thread) else {
        op(.trap)
        return true
      }
      op(.done, other: thread)
    case .writeLocked:
      // A valid `writeLocked` is a slot test.
      op(.trap)
    case .holds(let thread, let lock):
      guard isVariable(lock) else {
        op(.trap)
        return true
      }
      switch model.variables[lock].type {
      case .rwsem:
        guard isThread(thread) else {
          op(.trap)
          return true
        }
        op(
          .holdsRwsem, slot: Int(holdSlot(thread: thread, lock: lock)), other: plan.variableSlot[lock] + 1,
          value: thread + 1)
      case .mutex, .spinlock:
        op(.holdsOwner, slot: plan.variableSlot[lock], value: thread + 1)
      default:
        op(.constant, value: 0)
      }
    case .not(let inner):
      emit(inner, depth: depth, asCondition: true)
      op(.not)
    case .binary(let binary, let lhs, let rhs):
      switch binary {
      case .and, .or:
        // The left operand decides alone when it is 0 (`&&`) or not 0 (`||`).
        if let test = slotTest(lhs, asCondition: true) {
          expressions.append(
            ExpressionOp(operation: binary == .and ? .testJumpIfFalse : .testJumpIfTrue, test: test))
        } else {
          emit(lhs, depth: depth, asCondition: true)
          op(binary == .and ? .jumpIfZero : .jumpIfSet)
        }
        let jump = expressions.count - 1
        if !emit(rhs, depth: depth, asCondition: true) { op(.toBool) }
        expressions[jump].other = Int32(expressions.count)
        return true
      default:
        break
      }
      let constant: Int?
      switch rhs {
      case .int(let value): constant = value
      case .bool(let value): constant = value ? 1 : 0
      default: constant = nil
      }
      emit(lhs, depth: depth, asCondition: false)
      if let constant {
        op(Self.withConstant(binary), value: constant)
      } else {
        op(.push)
        stackDepth = max(stackDepth, depth + 1)
        emit(rhs, depth: depth + 1, asCondition: false)
        op(Self.withOperand(binary))
      }
      return binary != .plus && binary != .minus
    }
    return true
  }

  private static func withOperand(_ binary: BinaryOperator) -> ExpressionOp.Operation {
    switch binary {
    case .equal: return .equal
    case .notEqual: return .notEqual
    case .less: return .less
    case .lessEqual: return .lessEqual
    case .greater: return .greater
    case .greaterEqual: return .greaterEqual
    case .plus: return .plus
    case .minus: return .minus
    case .and, .or: preconditionFailure("short-circuit operators are lowered to jumps")
    }
  }

  private static func withConstant(_ binary: BinaryOperator) -> ExpressionOp.Operation {
    switch binary {
    case .equal: return .equalConstant
    case .notEqual: return .notEqualConstant
    case .less: return .lessConstant
    case .lessEqual: return .lessEqualConstant
    case .greater: return .greaterConstant
    case .greaterEqual: return .greaterEqualConstant
    case .plus: return .plusConstant
    case .minus: return .minusConstant
    case .and, .or: preconditionFailure("short-circuit operators are lowered to jumps")
    }
  }
}
