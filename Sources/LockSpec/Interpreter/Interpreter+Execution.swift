import LockCheck

/// Faults raised while executing one transition, and (for reports only) why.
struct ExecutionContext {
  var faults: UInt64 = 0
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
private let silentFuel = 100_000

extension Interpreter {
  /// Calls `body` once per transition thread `t` can take from `state`; the successor is in
  /// `scratch` while `body` runs.
  func forEachTransition(
    of t: Int, from state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    collectNotes: Bool, _ body: (Transition, [FaultNote]) -> Void
  ) {
    let source = PackedState(reading: state, slots: plan.slots)
    let pcSlot = plan.pcSlot[t]
    let pc = source.get(pcSlot)
    let instructions = model.threads[t].instructions
    let step = stepIndex[t][pc]
    let target = PackedState(scratch.baseAddress!, slots: plan.slots)

    func copyIn() {
      for i in 0..<scratch.count { scratch[i] = state[i] }
    }
    func finish(_ next: Int, _ context: inout ExecutionContext, step: Int32) {
      target.set(pcSlot, next)
      runSilent(thread: t, state: target, context: &context)
      if case .end = instructions[target.get(pcSlot)].kind {
        checkLocksAtEnd(thread: t, state: target, context: &context)
      }
      body(Transition(thread: Int32(t), step: step, faults: context.faults), context.notes ?? [])
    }

    switch instructions[pc].kind {
    case .end:
      return
    case .choose(let targets):
      // Branch `i` is step `step + i` (see `Interpreter.init`).
      for (branch, next) in targets.enumerated() {
        copyIn()
        var context = ExecutionContext(collectNotes: collectNotes)
        finish(next, &context, step: step + Int32(branch))
      }
    case .branch(let condition, let then, let otherwise):
      let next = eval(condition, source) != 0 ? then : otherwise
      copyIn()
      var context = ExecutionContext(collectNotes: collectNotes)
      finish(next, &context, step: step)
    case .jump(let next):
      copyIn()
      var context = ExecutionContext(collectNotes: collectNotes)
      finish(next, &context, step: step)
    case .await(let condition, let next):
      guard eval(condition, source) != 0 else { return }
      copyIn()
      var context = ExecutionContext(collectNotes: collectNotes)
      finish(next, &context, step: step)
    case .actions(let actions, let next):
      copyIn()
      var context = ExecutionContext(collectNotes: collectNotes)
      var rest = actions[...]
      if case .downWrite(let lock)? = actions.first {
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
  func runSilent(thread t: Int, state: PackedState, context: inout ExecutionContext) {
    let pcSlot = plan.pcSlot[t]
    let instructions = model.threads[t].instructions
    var pc = state.get(pcSlot)
    var fuel = silentFuel
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
  func checkLocksAtEnd(thread t: Int, state: PackedState, context: inout ExecutionContext) {
    for v in lockVariables where holds(thread: t, lock: v, state) {
      context.raise(
        scopes.lockDiscipline[t * scopes.variableCount + v],
        "\(model.threads[t].name) ends holding \(model.variables[v].name)")
    }
  }

  /// Performs one action on `state`; returns false when the action blocks.
  func perform(_ action: Action, thread t: Int, state: PackedState, context: inout ExecutionContext) -> Bool {
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
      let value = add(-1, to: c, state, &context)
      store(value == 0, into, state)
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

  private func store(_ value: Bool, _ into: Int?, _ state: PackedState) {
    guard let into else { return }
    state.set(plan.variableSlot[into], value ? 1 : 0)
  }

  /// Adds `delta` to counter `c`; leaving `0...max` violates `assertions` and leaves it unchanged.
  private func add(_ delta: Int, to c: Int, _ state: PackedState, _ context: inout ExecutionContext) -> Int {
    let slot = plan.variableSlot[c]
    let value = state.get(slot) + delta
    guard state.fits(slot, value) else {
      context.raise(scopes.rangeErrors, "\(model.variables[c].name) leaves its range (\(value))")
      return state.get(slot)
    }
    state.set(slot, value)
    return value
  }

  private func readAvailable(_ lock: Int, _ state: PackedState) -> Bool {
    let slots = plan.rwsemSlots(of: lock)
    guard state.get(slots.writer) == 0 else { return false }
    if case .rwsem(writerPriority: true) = model.variables[lock].type, state.get(slots.waiters) > 0 { return false }
    return true
  }

  private func acquireRead(_ lock: Int, thread t: Int, _ state: PackedState, _ context: inout ExecutionContext) {
    let hold = plan.readHoldSlots[t][rwsemOrdinal[lock]]
    let held = state.get(hold)
    guard held < SlotPlan.maxReadHolds else {
      context.raise(
        scopes.rangeErrors, "more than \(SlotPlan.maxReadHolds) read holds of \(model.variables[lock].name)")
      return
    }
    state.set(hold, held + 1)
    let readers = plan.rwsemSlots(of: lock).readers
    state.set(readers, state.get(readers) + 1)
  }

  func holds(thread t: Int, lock v: Int, _ state: PackedState) -> Bool {
    switch model.variables[v].type {
    case .rwsem:
      return state.get(plan.readHoldSlots[t][rwsemOrdinal[v]]) > 0 || state.get(plan.rwsemSlots(of: v).writer) == t + 1
    case .mutex, .spinlock:
      return state.get(plan.variableSlot[v]) == t + 1
    default:
      return false
    }
  }

  func isDone(_ t: Int, _ state: PackedState) -> Bool {
    if case .end = model.threads[t].instructions[state.get(plan.pcSlot[t])].kind { return true }
    return false
  }

  /// Evaluates an expression; bools are 0 and 1.
  func eval(_ expr: Expr, _ state: PackedState) -> Int {
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
