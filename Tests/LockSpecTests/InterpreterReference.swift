import LockCheck

@testable import LockSpec

// The interpreter as it was before it was lowered to flat tables (commit 305e820), kept
// verbatim but renamed as the reference `InterpreterEquivalenceTests` compares the interpreter
// with: the tables must reproduce it exactly (states, transitions, steps, faults, notes).

/// The tree-walking interpreter of commit 305e820: runs a `ModelIR` directly as a
/// `TransitionSystem`.
struct ReferenceInterpreter: TransitionSystem {
  let model: ModelIR
  let plan: SlotPlan
  let metadata: ModelMetadata
  var wordCount: Int { plan.wordCount }

  /// `stepIndex[thread][pc]`: the global step of a visible instruction (-1 for silent ones).
  let stepIndex: [[Int32]]
  /// `waitStepIndex[thread][pc]`: the step of queueing as a waiting writer (-1 if none).
  let waitStepIndex: [[Int32]]
  let scopes: FaultScopes
  let stateProperties: [(index: Int, check: PropertyCheck)]
  /// Index of each variable in `plan.rwsemVariables`, or -1.
  let rwsemOrdinal: [Int]
  /// The lock variables, in declaration order.
  let lockVariables: [Int]

  init(model: ModelIR) {
    self.model = model
    let plan = SlotPlan(model: model)
    self.plan = plan
    var steps: [StepInfo] = []
    var stepIndex: [[Int32]] = []
    var waitStepIndex: [[Int32]] = []
    for (t, thread) in model.threads.enumerated() {
      var row: [Int32] = []
      var waitRow: [Int32] = []
      for instruction in thread.instructions {
        guard !instruction.silent, instruction.kind != .end else {
          row.append(-1)
          waitRow.append(-1)
          continue
        }
        let origin = instruction.origin
        var frees: [String] = []
        var result: Int?
        let firstIsDownWrite = instruction.queuedWriteLock != nil
        if case .actions(let actions, _) = instruction.kind {
          ReferenceInterpreter.collect(actions, frees: &frees, result: &result, model: model, plan: plan)
        }
        if firstIsDownWrite {
          waitRow.append(Int32(steps.count))
          steps.append(
            StepInfo(
              thread: t, label: origin.label, code: ReferenceInterpreter.waitTitle(origin), location: origin.location,
              line: origin.line))
        } else {
          waitRow.append(-1)
        }
        row.append(Int32(steps.count))
        if case .choose(let targets) = instruction.kind {
          // One step per branch, so a counterexample says which way the choice went.
          for branch in targets.indices {
            steps.append(
              StepInfo(
                thread: t, label: origin.label,
                code: ReferenceInterpreter.choiceTitle(origin, branch: branch, of: targets.count),
                location: origin.location, line: origin.line))
          }
          continue
        }
        steps.append(
          StepInfo(
            thread: t, label: origin.label, code: origin.code, location: origin.location, line: origin.line,
            resultSlot: result, frees: frees))
      }
      stepIndex.append(row)
      waitStepIndex.append(waitRow)
    }
    self.stepIndex = stepIndex
    self.waitStepIndex = waitStepIndex
    self.metadata = ModelMetadata(
      name: model.name,
      threads: model.threads.map { ThreadInfo(name: $0.name) },
      steps: steps,
      slots: plan.slots.map(\.info),
      properties: model.properties.map {
        PropertyInfo(name: $0.name, kind: $0.kind, expect: $0.expect, description: $0.description)
      })
    self.scopes = FaultScopes(model: model)
    self.stateProperties = model.properties.enumerated().compactMap { index, property in
      switch property.check {
      case .never, .always, .reachable: return (index, property.check)
      default: return nil
      }
    }
    var ordinal = Array(repeating: -1, count: model.variables.count)
    for (i, v) in plan.rwsemVariables.enumerated() { ordinal[v] = i }
    self.rwsemOrdinal = ordinal
    self.lockVariables = model.variables.indices.filter { model.variables[$0].type.isLock }
  }

  /// What a counterexample prints for branch `branch` of a nondeterministic choice.
  static func choiceTitle(_ origin: StepOrigin, branch: Int, of count: Int) -> String {
    let base = origin.code.isEmpty ? (origin.label.isEmpty ? "choose" : origin.label) : origin.code
    return "\(base): branch \(branch + 1) of \(count)"
  }

  /// What a counterexample prints for the transition that queues a thread as a waiting writer.
  static func waitTitle(_ origin: StepOrigin) -> String {
    (origin.code.isEmpty ? (origin.label.isEmpty ? "down_write" : origin.label) : origin.code) + " (waits)"
  }

  private static func collect(
    _ actions: [Action], frees: inout [String], result: inout Int?, model: ModelIR, plan: SlotPlan
  ) {
    for action in actions {
      switch action {
      case .free(let r): frees.append(model.variables[r].name)
      case .downReadTrylock(_, let into?), .downWriteTrylock(_, let into?), .trylock(_, let into?),
        .decAndTest(_, let into?), .incNotZero(_, let into?), .read(_, let into), .testFlag(_, let into),
        .testAndSet(_, let into?):
        result = plan.variableSlot[into]
      case .conditional(_, let a, let b):
        collect(a, frees: &frees, result: &result, model: model, plan: plan)
        collect(b, frees: &frees, result: &result, model: model, plan: plan)
      default: break
      }
    }
  }

  // MARK: - TransitionSystem

  func forEachInitialState(
    scratch: UnsafeMutableBufferPointer<UInt64>, _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool
  ) {
    let choices = model.variables.map(\.initial)
    var counters = Array(repeating: 0, count: choices.count)
    while true {
      for i in 0..<scratch.count { scratch[i] = 0 }
      let state = ReferencePackedState(scratch.baseAddress!, slots: plan.slots)
      for (v, variable) in model.variables.enumerated() {
        guard !variable.type.isLock, !choices[v].isEmpty else { continue }
        state.set(plan.variableSlot[v], choices[v][counters[v]])
      }
      var context = ReferenceExecutionContext(collectNotes: false)
      for t in model.threads.indices {
        runSilent(thread: t, state: state, context: &context)
      }
      if !emit(scratch) { return }
      // Odometer over the choices: the last variable varies fastest.
      var v = choices.count - 1
      while v >= 0 {
        counters[v] += 1
        if counters[v] < choices[v].count { break }
        counters[v] = 0
        v -= 1
      }
      if v < 0 { return }
    }
  }

  func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    for t in model.threads.indices {
      forEachTransition(of: t, from: state, scratch: scratch, collectNotes: false) { transition, _ in
        emit(transition, scratch)
      }
    }
  }

  func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts {
    var verdicts = StateVerdicts()
    guard !stateProperties.isEmpty else { return verdicts }
    let view = ReferencePackedState(reading: state, slots: plan.slots)
    for (index, check) in stateProperties {
      switch check {
      case .never(let e): if eval(e, view) != 0 { verdicts.violated |= 1 << UInt64(index) }
      case .always(let e): if eval(e, view) == 0 { verdicts.violated |= 1 << UInt64(index) }
      case .reachable(let e): if eval(e, view) != 0 { verdicts.reached |= 1 << UInt64(index) }
      default: break
      }
    }
    return verdicts
  }

  func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool {
    let view = ReferencePackedState(reading: state, slots: plan.slots)
    for t in model.threads.indices where !isDone(t, view) { return false }
    return true
  }

  func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int] {
    let view = ReferencePackedState(reading: state, slots: plan.slots)
    return plan.slots.indices.map { view.get($0) }
  }

  func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?] {
    let view = ReferencePackedState(reading: state, slots: plan.slots)
    return model.threads.indices.map { t in
      let index = stepIndex[t][view.get(plan.pcSlot[t])]
      return index >= 0 ? Int(index) : nil
    }
  }

  func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote] {
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: plan.wordCount)
    defer { scratch.deallocate() }
    var collected: [FaultNote]?
    forEachTransition(of: thread, from: state, scratch: scratch, collectNotes: true) { _, notes in
      if collected == nil { collected = notes }
    }
    return collected ?? []
  }
}

/// Faults raised while executing one transition, and (for reports only) why (reference).
struct ReferenceExecutionContext {
  var faults: UInt64 = 0
  var exceedsBound = false
  var notes: [FaultNote]?

  init(collectNotes: Bool) {
    notes = collectNotes ? [] : nil
  }

  mutating func raise(_ mask: UInt64, _ message: @autoclosure () -> String, resource: String? = nil) {
    guard mask != 0 else { return }
    faults |= mask
    guard notes != nil else { return }
    var bits = mask
    while bits != 0 {
      let p = bits.trailingZeroBitCount
      notes!.append(FaultNote(property: p, message: message(), resource: resource))
      bits &= bits - 1
    }
  }
}

/// Silent instructions a thread may run through in one go before the model is deemed broken.
private let referenceSilentFuel = 100_000

extension ReferenceInterpreter {
  /// Calls `body` once per transition thread `t` can take from `state`; the successor is in
  /// `scratch` while `body` runs.
  func forEachTransition(
    of t: Int, from state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    collectNotes: Bool, _ body: (Transition, [FaultNote]) -> Void
  ) {
    let source = ReferencePackedState(reading: state, slots: plan.slots)
    let pcSlot = plan.pcSlot[t]
    let pc = source.get(pcSlot)
    let instructions = model.threads[t].instructions
    let step = stepIndex[t][pc]
    let target = ReferencePackedState(scratch.baseAddress!, slots: plan.slots)

    func copyIn() {
      for i in 0..<scratch.count { scratch[i] = state[i] }
    }
    func finish(_ next: Int, _ context: inout ReferenceExecutionContext, step: Int32) {
      target.set(pcSlot, next)
      runSilent(thread: t, state: target, context: &context)
      if case .end = instructions[target.get(pcSlot)].kind {
        checkLocksAtEnd(thread: t, state: target, context: &context)
      }
      body(
        Transition(thread: Int32(t), step: step, faults: context.faults, exceedsBound: context.exceedsBound),
        context.notes ?? [])
    }

    switch instructions[pc].kind {
    case .end:
      return
    case .choose(let targets):
      // Branch `i` is step `step + i` (see `Interpreter.init`).
      for (branch, next) in targets.enumerated() {
        copyIn()
        var context = ReferenceExecutionContext(collectNotes: collectNotes)
        finish(next, &context, step: step + Int32(branch))
      }
    case .branch(let condition, let then, let otherwise):
      let next = eval(condition, source) != 0 ? then : otherwise
      copyIn()
      var context = ReferenceExecutionContext(collectNotes: collectNotes)
      finish(next, &context, step: step)
    case .jump(let next):
      copyIn()
      var context = ReferenceExecutionContext(collectNotes: collectNotes)
      finish(next, &context, step: step)
    case .await(let condition, let next):
      guard eval(condition, source) != 0 else { return }
      copyIn()
      var context = ReferenceExecutionContext(collectNotes: collectNotes)
      finish(next, &context, step: step)
    case .actions(let actions, let next):
      copyIn()
      var context = ReferenceExecutionContext(collectNotes: collectNotes)
      var rest = actions[...]
      if let lock = instructions[pc].queuedWriteLock {
        let slots = plan.rwsemSlots(of: lock)
        let waiting = plan.waitingSlot[t]
        let free = target.get(slots.readers) == 0 && target.get(slots.writer) == 0
        if !free {
          // Queue as a waiting writer (once); from then on new readers are held off.
          guard target.get(waiting) == 0 else { return }
          target.set(waiting, 1)
          target.set(slots.waiters, target.get(slots.waiters) + 1)
          body(Transition(thread: Int32(t), step: waitStepIndex[t][pc], faults: 0), context.notes ?? [])
          return
        }
        if target.get(waiting) != 0 {
          target.set(waiting, 0)
          target.set(slots.waiters, target.get(slots.waiters) - 1)
        }
        target.set(slots.writer, t + 1)
        rest = actions.dropFirst()
      }
      for action in rest {
        guard perform(action, thread: t, state: target, context: &context) else { return }
      }
      finish(next, &context, step: step)
    }
  }

  /// Runs thread `t` through its silent instructions from its current program counter.
  func runSilent(thread t: Int, state: ReferencePackedState, context: inout ReferenceExecutionContext) {
    let pcSlot = plan.pcSlot[t]
    let instructions = model.threads[t].instructions
    var pc = state.get(pcSlot)
    var fuel = referenceSilentFuel
    while instructions[pc].silent && fuel > 0 {
      fuel -= 1
      switch instructions[pc].kind {
      case .jump(let next): pc = next
      case .branch(let condition, let then, let otherwise): pc = eval(condition, state) != 0 ? then : otherwise
      case .actions(let actions, let next):
        for action in actions { _ = perform(action, thread: t, state: state, context: &context) }
        pc = next
      case .choose, .await, .end:
        fuel = 0
      }
    }
    state.set(pcSlot, pc)
  }

  /// A thread that ends holding a lock violates `lock_discipline`.
  func checkLocksAtEnd(thread t: Int, state: ReferencePackedState, context: inout ReferenceExecutionContext) {
    for v in lockVariables where holds(thread: t, lock: v, state) {
      context.raise(
        scopes.lockDiscipline[t * scopes.variableCount + v],
        "\(model.threads[t].name) ends holding \(model.variables[v].name)")
    }
  }

  /// Performs one action on `state`; returns false when the action blocks.
  func perform(_ action: Action, thread t: Int, state: ReferencePackedState, context: inout ReferenceExecutionContext)
    -> Bool
  {
    let n = scopes.variableCount
    switch action {
    case .assign(let v, let expr):
      let slot = plan.variableSlot[v]
      let value = eval(expr, state)
      if state.fits(slot, value) {
        state.set(slot, value)
      } else {
        context.raise(scopes.rangeErrors, "\(model.variables[v].name) = \(value) is out of range")
      }
    case .downRead(let lock):
      guard readAvailable(lock, state) else { return false }
      acquireRead(lock, thread: t, state, &context)
    case .upRead(let lock):
      let hold = plan.readHoldSlots[t][rwsemOrdinal[lock]]
      let held = state.get(hold)
      if held == 0 {
        context.raise(
          scopes.lockDiscipline[t * n + lock],
          "up_read of \(model.variables[lock].name) not held for read by \(model.threads[t].name)")
      } else {
        state.set(hold, held - 1)
        let readers = plan.rwsemSlots(of: lock).readers
        state.set(readers, state.get(readers) - 1)
      }
    case .downWrite(let lock):
      let slots = plan.rwsemSlots(of: lock)
      guard state.get(slots.readers) == 0 && state.get(slots.writer) == 0 else { return false }
      state.set(slots.writer, t + 1)
    case .upWrite(let lock):
      let writer = plan.rwsemSlots(of: lock).writer
      if state.get(writer) != t + 1 {
        context.raise(
          scopes.lockDiscipline[t * n + lock],
          "up_write of \(model.variables[lock].name) not held for write by \(model.threads[t].name)")
      } else {
        state.set(writer, 0)
      }
    case .downReadTrylock(let lock, let into):
      let ok = readAvailable(lock, state)
      if ok { acquireRead(lock, thread: t, state, &context) }
      store(ok, into, state)
    case .downWriteTrylock(let lock, let into):
      let slots = plan.rwsemSlots(of: lock)
      let ok = state.get(slots.readers) == 0 && state.get(slots.writer) == 0
      if ok { state.set(slots.writer, t + 1) }
      store(ok, into, state)
    case .lock(let lock):
      let slot = plan.variableSlot[lock]
      guard state.get(slot) == 0 else { return false }
      state.set(slot, t + 1)
    case .unlock(let lock):
      let slot = plan.variableSlot[lock]
      if state.get(slot) != t + 1 {
        context.raise(
          scopes.lockDiscipline[t * n + lock],
          "unlock of \(model.variables[lock].name) not held by \(model.threads[t].name)")
      } else {
        state.set(slot, 0)
      }
    case .trylock(let lock, let into):
      let slot = plan.variableSlot[lock]
      let ok = state.get(slot) == 0
      if ok { state.set(slot, t + 1) }
      store(ok, into, state)
    case .inc(let c):
      _ = add(1, to: c, state, &context)
    case .dec(let c):
      _ = add(-1, to: c, state, &context)
    case .decAndTest(let c, let into):
      let old = state.get(plan.variableSlot[c])
      _ = add(-1, to: c, state, &context)
      store(old == 1, into, state)
    case .incNotZero(let c, let into):
      let slot = plan.variableSlot[c]
      let ok = state.get(slot) != 0
      if ok { _ = add(1, to: c, state, &context) }
      store(ok, into, state)
    case .read(let c, let into):
      let value = state.get(plan.variableSlot[c])
      let slot = plan.variableSlot[into]
      if state.fits(slot, value) {
        state.set(slot, value)
      } else {
        context.raise(scopes.rangeErrors, "\(model.variables[into].name) = \(value) is out of range")
      }
    case .setFlag(let f):
      state.set(plan.variableSlot[f], 1)
    case .clearFlag(let f):
      state.set(plan.variableSlot[f], 0)
    case .testFlag(let f, let into):
      store(state.get(plan.variableSlot[f]) != 0, into, state)
    case .testAndSet(let f, let into):
      let slot = plan.variableSlot[f]
      let old = state.get(slot) != 0
      state.set(slot, 1)
      store(old, into, state)
    case .free(let r):
      let slot = plan.variableSlot[r]
      if state.get(slot) != 0 {
        context.raise(
          scopes.doubleFree[t * n + r], "double free of \(model.variables[r].name)", resource: model.variables[r].name)
      }
      state.set(slot, 1)
    case .use(let r):
      if state.get(plan.variableSlot[r]) != 0 {
        context.raise(
          scopes.useAfterFree[t * n + r], "use after free of \(model.variables[r].name)",
          resource: model.variables[r].name)
      }
    case .assert(let condition, let property):
      if eval(condition, state) == 0 {
        context.raise(UInt64(1) << UInt64(property), "assertion failed: \(model.properties[property].name)")
      }
    case .conditional(let condition, let then, let otherwise):
      for inner in eval(condition, state) != 0 ? then : otherwise {
        guard perform(inner, thread: t, state: state, context: &context) else { return false }
      }
    }
    return true
  }

  private func store(_ value: Bool, _ into: Int?, _ state: ReferencePackedState) {
    guard let into else { return }
    state.set(plan.variableSlot[into], value ? 1 : 0)
  }

  /// Adds `delta` to counter `c`; leaving `0...max` violates `assertions` and leaves it unchanged.
  private func add(_ delta: Int, to c: Int, _ state: ReferencePackedState, _ context: inout ReferenceExecutionContext)
    -> Int
  {
    let slot = plan.variableSlot[c]
    let value = state.get(slot) + delta
    guard state.fits(slot, value) else {
      context.raise(scopes.rangeErrors, "\(model.variables[c].name) leaves its range (\(value))")
      return state.get(slot)
    }
    state.set(slot, value)
    return value
  }

  private func readAvailable(_ lock: Int, _ state: ReferencePackedState) -> Bool {
    let slots = plan.rwsemSlots(of: lock)
    guard state.get(slots.writer) == 0 else { return false }
    if model.variables[lock].type.hasWriterPriority, state.get(slots.waiters) > 0 { return false }
    return true
  }

  private func acquireRead(
    _ lock: Int, thread t: Int, _ state: ReferencePackedState, _ context: inout ReferenceExecutionContext
  ) {
    let hold = plan.readHoldSlots[t][rwsemOrdinal[lock]]
    let held = state.get(hold)
    guard held < model.variables[lock].type.maxReadHolds else {
      context.exceedsBound = true
      return
    }
    state.set(hold, held + 1)
    let readers = plan.rwsemSlots(of: lock).readers
    state.set(readers, state.get(readers) + 1)
  }

  func holds(thread t: Int, lock v: Int, _ state: ReferencePackedState) -> Bool {
    switch model.variables[v].type {
    case .rwsem:
      return state.get(plan.readHoldSlots[t][rwsemOrdinal[v]]) > 0 || state.get(plan.rwsemSlots(of: v).writer) == t + 1
    case .mutex, .spinlock:
      return state.get(plan.variableSlot[v]) == t + 1
    default:
      return false
    }
  }

  func isDone(_ t: Int, _ state: ReferencePackedState) -> Bool {
    if case .end = model.threads[t].instructions[state.get(plan.pcSlot[t])].kind { return true }
    return false
  }

  /// Evaluates an expression; bools are 0 and 1.
  func eval(_ expr: Expr, _ state: ReferencePackedState) -> Int {
    switch expr {
    case .int(let value): return value
    case .bool(let value): return value ? 1 : 0
    case .variable(let v): return state.get(plan.variableSlot[v])
    case .freed(let r): return state.get(plan.variableSlot[r])
    case .at(let thread, let pcs): return pcs.contains(state.get(plan.pcSlot[thread])) ? 1 : 0
    case .done(let thread): return isDone(thread, state) ? 1 : 0
    case .readers(let lock): return state.get(plan.rwsemSlots(of: lock).readers)
    case .writeLocked(let lock):
      if case .rwsem = model.variables[lock].type { return state.get(plan.rwsemSlots(of: lock).writer) != 0 ? 1 : 0 }
      return state.get(plan.variableSlot[lock]) != 0 ? 1 : 0
    case .holds(let thread, let lock): return holds(thread: thread, lock: lock, state) ? 1 : 0
    case .not(let inner): return eval(inner, state) == 0 ? 1 : 0
    case .binary(let op, let lhs, let rhs):
      switch op {
      case .and: return eval(lhs, state) != 0 && eval(rhs, state) != 0 ? 1 : 0
      case .or: return eval(lhs, state) != 0 || eval(rhs, state) != 0 ? 1 : 0
      default: break
      }
      let a = eval(lhs, state)
      let b = eval(rhs, state)
      switch op {
      case .equal: return a == b ? 1 : 0
      case .notEqual: return a != b ? 1 : 0
      case .less: return a < b ? 1 : 0
      case .lessEqual: return a <= b ? 1 : 0
      case .greater: return a > b ? 1 : 0
      case .greaterEqual: return a >= b ? 1 : 0
      case .plus: return a &+ b
      case .minus: return a &- b
      case .and, .or: return 0
      }
    }
  }
}

/// The reference interpreter's view of one packed state: reads and writes slot values in place
/// (no copy, no allocation).
struct ReferencePackedState {
  let base: UnsafeMutablePointer<UInt64>
  let slots: [SlotPlan.Slot]

  init(_ base: UnsafeMutablePointer<UInt64>, slots: [SlotPlan.Slot]) {
    self.base = base
    self.slots = slots
  }

  /// A read-only use of the view; callers never `set` through it.
  init(reading state: UnsafeBufferPointer<UInt64>, slots: [SlotPlan.Slot]) {
    self.base = UnsafeMutablePointer(mutating: state.baseAddress!)
    self.slots = slots
  }

  @inline(__always)
  func get(_ slot: Int) -> Int {
    let s = slots[slot]
    return Int(truncatingIfNeeded: (base[s.word] >> UInt64(s.shift)) & s.mask) + s.offset
  }

  /// Stores `value`; the caller guarantees it is in the slot's range.
  @inline(__always)
  func set(_ slot: Int, _ value: Int) {
    let s = slots[slot]
    let field = UInt64(truncatingIfNeeded: value - s.offset) & s.mask
    base[s.word] = (base[s.word] & ~(s.mask << UInt64(s.shift))) | (field << UInt64(s.shift))
  }

  /// Whether `value` fits the slot's range.
  @inline(__always)
  func fits(_ slot: Int, _ value: Int) -> Bool {
    let s = slots[slot]
    let stored = value - s.offset
    return stored >= 0 && stored <= s.maxStored
  }
}
