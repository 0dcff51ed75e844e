import LockCheck

// The interpreter's hot path. Everything it calls per state is in this file, so that it is
// inlined even when the module is compiled file by file (debug builds with `-O`).

/// Silent instructions a thread may run through in one go (`ExecutionPlan.silentFuel`).
let silentFuel = ExecutionPlan.silentFuel

/// Why a transition raised a fault, as plain values: put into words (`FaultNoteLog`) only
/// when a report asks for notes.
enum FaultText {
  case assignOutOfRange(variable: Int32, value: Int)
  case leavesRange(variable: Int32, value: Int)
  case upReadNotHeld(variable: Int32, thread: Int32)
  case upWriteNotHeld(variable: Int32, thread: Int32)
  case unlockNotHeld(variable: Int32, thread: Int32)
  case doubleFree(variable: Int32)
  case useAfterFree(variable: Int32)
  case assertionFailed(property: Int)
  case endsHolding(variable: Int32, thread: Int32)
}

/// The fault notes of the transition being executed, for reports (never on the hot path).
struct FaultNoteLog {
  let model: ModelIR
  var notes: [FaultNote] = []

  init(model: ModelIR) {
    self.model = model
  }

  /// Adds one note per property in `mask`.
  @inline(never)
  mutating func record(_ mask: UInt64, _ text: FaultText) {
    let (message, resource) = words(text)
    var bits = mask
    while bits != 0 {
      notes.append(FaultNote(property: bits.trailingZeroBitCount, message: message, resource: resource))
      bits &= bits - 1
    }
  }

  private func words(_ text: FaultText) -> (String, String?) {
    func variable(_ v: Int32) -> String { model.variables[Int(v)].name }
    func thread(_ t: Int32) -> String { model.threads[Int(t)].name }
    switch text {
    case .assignOutOfRange(let v, let value): return ("\(variable(v)) = \(value) is out of range", nil)
    case .leavesRange(let v, let value): return ("\(variable(v)) leaves its range (\(value))", nil)
    case .upReadNotHeld(let v, let t): return ("up_read of \(variable(v)) not held for read by \(thread(t))", nil)
    case .upWriteNotHeld(let v, let t): return ("up_write of \(variable(v)) not held for write by \(thread(t))", nil)
    case .unlockNotHeld(let v, let t): return ("unlock of \(variable(v)) not held by \(thread(t))", nil)
    case .doubleFree(let v): return ("double free of \(variable(v))", variable(v))
    case .useAfterFree(let v): return ("use after free of \(variable(v))", variable(v))
    case .assertionFailed(let p): return ("assertion failed: \(model.properties[p].name)", nil)
    case .endsHolding(let v, let t): return ("\(thread(t)) ends holding \(variable(v))", nil)
    }
  }
}

/// The faults raised so far by the transition being executed, and where their notes go when
/// a report collects them.
struct ExecutionContext {
  var faults: UInt64 = 0
  /// The transition would pass a bound the spec declares (`Transition.exceedsBound`).
  var exceedsBound = false
  let notes: UnsafeMutablePointer<FaultNoteLog>?

  /// A context for a new transition (its notes start empty).
  @inline(__always)
  init(notes: UnsafeMutablePointer<FaultNoteLog>?) {
    self.notes = notes
    if let notes { notes.pointee.notes.removeAll() }
  }

  @inline(__always)
  mutating func raise(_ mask: UInt64, _ text: FaultText) {
    guard mask != 0 else { return }
    faults |= mask
    if let notes { notes.pointee.record(mask, text) }
  }
}

/// Stops on a malformed model, where indexing the IR trapped before lowering.
@inline(never)
func malformedModel(_ what: StaticString) -> Never {
  fatalError("malformed model: \(what)")
}

extension LoweredThread {
  /// The thread's instruction 0.
  @inline(__always)
  var rowStart: UnsafeMutablePointer<LoweredInstruction> { row.unsafelyUnwrapped }
}

extension LoweredModel {
  // MARK: - Slots

  @inline(__always)
  func get(_ state: UnsafeMutablePointer<UInt64>, _ slot: Int32) -> Int {
    let field = fields[Int(slot)]
    return Int(truncatingIfNeeded: (state[field.word] &>> field.shift) & field.mask) &+ field.offset
  }

  /// Stores `value` masked to the slot's width (callers check the range where the IR says so).
  @inline(__always)
  func set(_ state: UnsafeMutablePointer<UInt64>, _ slot: Int32, _ value: Int) {
    let field = fields[Int(slot)]
    let stored = UInt64(truncatingIfNeeded: value &- field.offset) & field.mask
    state[field.word] = (state[field.word] & field.clear) | (stored &<< field.shift)
  }

  /// Whether `value` is in the slot's range.
  @inline(__always)
  func fits(_ slot: Int32, _ value: Int) -> Bool {
    let field = fields[Int(slot)]
    let (stored, overflow) = value.subtractingReportingOverflow(field.offset)
    return !overflow && stored >= 0 && stored <= field.maxStored
  }

  /// The thread's program counter in `state`.
  @inline(__always)
  func pc(_ thread: UnsafeMutablePointer<LoweredThread>, _ state: UnsafeMutablePointer<UInt64>) -> Int {
    Int(truncatingIfNeeded: (state[thread.pointee.pc.word] &>> thread.pointee.pc.shift) & thread.pointee.pc.mask)
  }

  /// Stores a program counter already masked to the slot.
  @inline(__always)
  func setPC(_ thread: UnsafeMutablePointer<LoweredThread>, _ state: UnsafeMutablePointer<UInt64>, _ pc: Int) {
    let word = thread.pointee.pc.word
    state[word] =
      (state[word] & thread.pointee.pc.clear) | (UInt64(truncatingIfNeeded: pc) &<< thread.pointee.pc.shift)
  }

  @inline(__always)
  func test(_ test: SlotTest, _ state: UnsafeMutablePointer<UInt64>) -> Bool {
    let field = (state[Int(test.word)] &>> test.shift) & test.mask
    return (field &+ UInt64(bitPattern: Int64(test.bias)) <= test.span) != test.negate
  }

  /// Whether condition `index` holds (is not 0) in `state`.
  @inline(__always)
  func check(_ index: Int32, _ state: UnsafeMutablePointer<UInt64>, _ stack: UnsafeMutablePointer<Int>) -> Bool {
    let condition = conditions + Int(index)
    switch condition.pointee.kind {
    case .test:
      return test(condition.pointee.test, state)
    case .table:
      var index = 0
      let tests = tableTests + Int(condition.pointee.firstTest)
      for i in 0..<Int(condition.pointee.testCount) {
        index |= (test(tests[i], state) ? 1 : 0) &<< i
      }
      return (condition.pointee.table &>> UInt64(index)) & 1 != 0
    case .expression:
      return eval(condition.pointee.expression, state, stack) != 0
    }
  }

  @inline(__always)
  func copy(_ state: UnsafeMutablePointer<UInt64>, to target: UnsafeMutablePointer<UInt64>) {
    for i in 0..<wordCount { target[i] = state[i] }
  }

  // MARK: - Transitions

  /// Calls `body` with each transition from `state` and its successor (in `successor`), by
  /// ascending thread.
  func forEachSuccessor(
    of state: UnsafeMutablePointer<UInt64>, into successor: UnsafeMutableBufferPointer<UInt64>,
    _ body: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: stackDepth) { stack in
      let stack = stack.baseAddress!
      for t in 0..<threadCount {
        forEachTransition(of: t, from: state, into: successor, stack: stack, notes: nil, body)
      }
    }
  }

  /// Calls `body` with each transition of thread `t` from `state` and its successor.
  func forEachSuccessor(
    of state: UnsafeMutablePointer<UInt64>, thread t: Int, into successor: UnsafeMutableBufferPointer<UInt64>,
    _ body: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    withUnsafeTemporaryAllocation(of: Int.self, capacity: stackDepth) { stack in
      forEachTransition(of: t, from: state, into: successor, stack: stack.baseAddress!, notes: nil, body)
    }
  }

  /// Calls `body` once per transition thread `t` can take from `state`, with the successor in
  /// `successor` and, if `notes` is given, the transition's fault notes in it.
  @inline(__always)
  func forEachTransition(
    of t: Int, from state: UnsafeMutablePointer<UInt64>, into successor: UnsafeMutableBufferPointer<UInt64>,
    stack: UnsafeMutablePointer<Int>, notes: UnsafeMutablePointer<FaultNoteLog>?,
    _ body: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    let target = successor.baseAddress.unsafelyUnwrapped
    let thread = threads + t
    let instruction = thread.pointee.rowStart + pc(thread, state)
    switch instruction.pointee.kind {
    case .end:
      return
    case .outOfRange:
      malformedModel("a program counter past the thread's last instruction")
    case .choose:
      // Branch `i` is step `step + i` (see `Interpreter.init`).
      let targets = chooseTargets + Int(instruction.pointee.firstTarget)
      for branch in 0..<Int(instruction.pointee.targetCount) {
        copy(state, to: target)
        var context = ExecutionContext(notes: notes)
        finish(
          t, thread, at: targets[branch], in: successor, stack: stack, context: &context,
          step: instruction.pointee.step + Int32(branch), body)
      }
    case .branch:
      let holds = check(instruction.pointee.condition, state, stack)
      copy(state, to: target)
      var context = ExecutionContext(notes: notes)
      finish(
        t, thread, at: holds ? instruction.pointee.landing : instruction.pointee.alternativeLanding, in: successor,
        stack: stack, context: &context, step: instruction.pointee.step, body)
    case .jump:
      copy(state, to: target)
      var context = ExecutionContext(notes: notes)
      finish(
        t, thread, at: instruction.pointee.landing, in: successor, stack: stack, context: &context,
        step: instruction.pointee.step, body)
    case .await:
      guard check(instruction.pointee.condition, state, stack) else { return }
      copy(state, to: target)
      var context = ExecutionContext(notes: notes)
      finish(
        t, thread, at: instruction.pointee.landing, in: successor, stack: stack, context: &context,
        step: instruction.pointee.step, body)
    case .actions:
      var first = Int(instruction.pointee.firstAction)
      let readers = instruction.pointee.queueReaders
      if readers >= 0 {
        // A first `down_write`: queue as a waiting writer (once) while the rwsem is held; from
        // then on new readers are held off. Once it is free, acquire (leaving the queue).
        let writer = readers + 1
        let waiters = readers + 2
        let waiting = thread.pointee.waitingSlot
        let free = get(state, readers) == 0 && get(state, writer) == 0
        if !free {
          guard get(state, waiting) == 0 else { return }
          copy(state, to: target)
          let context = ExecutionContext(notes: notes)
          set(target, waiting, 1)
          set(target, waiters, get(target, waiters) + 1)
          body(Transition(thread: Int32(t), step: instruction.pointee.waitStep, faults: context.faults), successor)
          return
        }
        copy(state, to: target)
        if get(target, waiting) != 0 {
          set(target, waiting, 0)
          set(target, waiters, get(target, waiters) - 1)
        }
        set(target, writer, t + 1)
        first += 1
      } else {
        // Most transitions that block do so at their first action: test it before copying.
        if first < Int(instruction.pointee.endAction) && blocks(actions + first, state) { return }
        copy(state, to: target)
      }
      var context = ExecutionContext(notes: notes)
      guard
        perform(
          first, Int(instruction.pointee.endAction), in: target, stack: stack, context: &context,
          ignoringBlocks: false)
      else { return }
      finish(
        t, thread, at: instruction.pointee.landing, in: successor, stack: stack, context: &context,
        step: instruction.pointee.step, body)
    }
  }

  /// Completes a transition of thread `t` that continues at `landing`: the thread runs its
  /// silent instructions, ending holding a lock is a fault, and `body` gets the transition.
  @inline(__always)
  func finish(
    _ t: Int, _ thread: UnsafeMutablePointer<LoweredThread>, at landing: Landing,
    in successor: UnsafeMutableBufferPointer<UInt64>, stack: UnsafeMutablePointer<Int>,
    context: inout ExecutionContext, step: Int32, _ body: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    let target = successor.baseAddress.unsafelyUnwrapped
    setPC(thread, target, Int(landing.pc))
    switch landing.kind {
    case .rest:
      break
    case .end:
      if thread.pointee.lockAtEndCount > 0 { checkLocksAtEnd(thread, in: target, context: &context) }
    case .silent:
      let pc = runSilent(thread, from: Int(landing.pc), in: target, stack: stack, context: &context)
      if thread.pointee.lockAtEndCount > 0 && thread.pointee.rowStart[pc].kind == .end {
        checkLocksAtEnd(thread, in: target, context: &context)
      }
    case .outOfRange:
      malformedModel("a jump past the thread's last instruction")
    }
    body(
      Transition(thread: Int32(t), step: step, faults: context.faults, exceedsBound: context.exceedsBound), successor)
  }

  /// Runs the thread through its silent instructions from its program counter in `state`;
  /// returns where it rests.
  func settle(
    _ thread: UnsafeMutablePointer<LoweredThread>, in state: UnsafeMutablePointer<UInt64>,
    stack: UnsafeMutablePointer<Int>, context: inout ExecutionContext
  ) -> Int {
    let pc = pc(thread, state)
    let instruction = thread.pointee.rowStart + pc
    if !instruction.pointee.silent {
      if instruction.pointee.kind == .outOfRange {
        malformedModel("a jump past the thread's last instruction")
      }
      return pc
    }
    return runSilent(thread, from: pc, in: state, stack: stack, context: &context)
  }

  /// Runs silent instructions from `start` (a silent one), at most `silentFuel` of them; the
  /// program counter in `state` keeps its value until the end.
  func runSilent(
    _ thread: UnsafeMutablePointer<LoweredThread>, from start: Int, in state: UnsafeMutablePointer<UInt64>,
    stack: UnsafeMutablePointer<Int>, context: inout ExecutionContext
  ) -> Int {
    let row = thread.pointee.rowStart
    let rowLength = thread.pointee.rowLength
    var pc = start
    var fuel = silentFuel
    while row[pc].silent && fuel > 0 {
      fuel -= 1
      let instruction = row + pc
      switch instruction.pointee.kind {
      case .jump:
        pc = Int(instruction.pointee.next)
      case .branch:
        pc = Int(
          check(instruction.pointee.condition, state, stack)
            ? instruction.pointee.next : instruction.pointee.alternative)
      case .actions:
        _ = perform(
          Int(instruction.pointee.firstAction), Int(instruction.pointee.endAction), in: state, stack: stack,
          context: &context, ignoringBlocks: true)
        pc = Int(instruction.pointee.next)
      case .choose, .await, .end, .outOfRange:
        fuel = 0
      }
      guard pc >= 0 && pc < rowLength else { malformedModel("a jump past the thread's last instruction") }
    }
    if row[pc].kind == .outOfRange { malformedModel("a jump past the thread's last instruction") }
    setPC(thread, state, pc)
    return pc
  }

  /// Raises `lock_discipline` for each lock the thread holds (it has ended).
  func checkLocksAtEnd(
    _ thread: UnsafeMutablePointer<LoweredThread>, in state: UnsafeMutablePointer<UInt64>,
    context: inout ExecutionContext
  ) {
    let first = thread.pointee.firstLockAtEnd
    for i in first..<(first + thread.pointee.lockAtEndCount) {
      let lock = locksAtEnd[i]
      let held =
        lock.isRwsem
        ? get(state, lock.slot) > 0 || get(state, lock.writer) == lock.owner
        : get(state, lock.slot) == lock.owner
      if held { context.raise(lock.faults, .endsHolding(variable: lock.variable, thread: lock.thread)) }
    }
  }

  // MARK: - Actions

  /// Performs the actions `first..<end` on `state`. Returns false when one blocks, unless
  /// `ignoringBlocks` (a silent instruction), which skips the rest of the blocked top-level
  /// action and goes on with the next.
  @inline(__always)
  func perform(
    _ first: Int, _ end: Int, in state: UnsafeMutablePointer<UInt64>, stack: UnsafeMutablePointer<Int>,
    context: inout ExecutionContext, ignoringBlocks: Bool
  ) -> Bool {
    var index = first
    while index < end {
      let action = actions + index
      switch action.pointee.operation {
      case .assign:
        assign(eval(action.pointee.expression, state, stack), action, state, &context)
      case .assignConstant:
        assign(action.pointee.value, action, state, &context)
      case .assignSlot:
        assign(get(state, action.pointee.source), action, state, &context)
      case .assignTest:
        assign(check(action.pointee.condition, state, stack) ? 1 : 0, action, state, &context)
      case .downRead:
        guard readAvailable(action, state) else {
          if ignoringBlocks {
            index = Int(action.pointee.resume)
            continue
          }
          return false
        }
        acquireRead(action, state, &context)
      case .upRead:
        let hold = action.pointee.hold
        let held = get(state, hold)
        if held == 0 {
          context.raise(
            action.pointee.faults, .upReadNotHeld(variable: action.pointee.variable, thread: action.pointee.thread))
        } else {
          set(state, hold, held - 1)
          set(state, action.pointee.slot, get(state, action.pointee.slot) - 1)
        }
      case .downWrite:
        guard get(state, action.pointee.slot) == 0 && get(state, action.pointee.writer) == 0 else {
          if ignoringBlocks {
            index = Int(action.pointee.resume)
            continue
          }
          return false
        }
        set(state, action.pointee.writer, action.pointee.value)
      case .upWrite:
        if get(state, action.pointee.writer) != action.pointee.value {
          context.raise(
            action.pointee.faults, .upWriteNotHeld(variable: action.pointee.variable, thread: action.pointee.thread))
        } else {
          set(state, action.pointee.writer, 0)
        }
      case .downReadTrylock:
        let ok = readAvailable(action, state)
        if ok { acquireRead(action, state, &context) }
        store(ok, action.pointee.into, state)
      case .downWriteTrylock:
        let ok = get(state, action.pointee.slot) == 0 && get(state, action.pointee.writer) == 0
        if ok { set(state, action.pointee.writer, action.pointee.value) }
        store(ok, action.pointee.into, state)
      case .lock:
        guard get(state, action.pointee.slot) == 0 else {
          if ignoringBlocks {
            index = Int(action.pointee.resume)
            continue
          }
          return false
        }
        set(state, action.pointee.slot, action.pointee.value)
      case .unlock:
        if get(state, action.pointee.slot) != action.pointee.value {
          context.raise(
            action.pointee.faults, .unlockNotHeld(variable: action.pointee.variable, thread: action.pointee.thread))
        } else {
          set(state, action.pointee.slot, 0)
        }
      case .trylock:
        let ok = get(state, action.pointee.slot) == 0
        if ok { set(state, action.pointee.slot, action.pointee.value) }
        store(ok, action.pointee.into, state)
      case .add:
        _ = add(action.pointee.value, action, state, &context)
      case .decAndTest:
        // As the kernel's refcount_dec_and_test / atomic_dec_and_test: at 0 it is a fault and
        // the result is false (the counter stays 0).
        let old = get(state, action.pointee.slot)
        _ = add(-1, action, state, &context)
        store(old == 1, action.pointee.into, state)
      case .incNotZero:
        let ok = get(state, action.pointee.slot) != 0
        if ok { _ = add(1, action, state, &context) }
        store(ok, action.pointee.into, state)
      case .read:
        let value = get(state, action.pointee.slot)
        let into = action.pointee.into
        if fits(into, value) {
          set(state, into, value)
        } else {
          context.raise(action.pointee.faults, .assignOutOfRange(variable: action.pointee.variable, value: value))
        }
      case .setConstant:
        set(state, action.pointee.slot, action.pointee.value)
      case .testFlag:
        store(get(state, action.pointee.slot) != 0, action.pointee.into, state)
      case .testAndSet:
        let old = get(state, action.pointee.slot) != 0
        set(state, action.pointee.slot, 1)
        store(old, action.pointee.into, state)
      case .free:
        if get(state, action.pointee.slot) != 0 {
          context.raise(action.pointee.faults, .doubleFree(variable: action.pointee.variable))
        }
        set(state, action.pointee.slot, 1)
      case .use:
        if get(state, action.pointee.slot) != 0 {
          context.raise(action.pointee.faults, .useAfterFree(variable: action.pointee.variable))
        }
      case .assert:
        if !check(action.pointee.condition, state, stack) {
          let property = action.pointee.value
          context.raise(UInt64(1) << UInt64(property), .assertionFailed(property: property))
        }
      case .branchUnless:
        if !check(action.pointee.condition, state, stack) {
          index = Int(action.pointee.target)
          continue
        }
      case .jump:
        index = Int(action.pointee.target)
        continue
      case .trap:
        malformedModel("an action on a variable that does not exist or has the wrong type")
      }
      index += 1
    }
    return true
  }

  /// `slot = value` if it fits, else a range fault.
  @inline(__always)
  private func assign(
    _ value: Int, _ action: UnsafeMutablePointer<LoweredAction>, _ state: UnsafeMutablePointer<UInt64>,
    _ context: inout ExecutionContext
  ) {
    let slot = action.pointee.slot
    if fits(slot, value) {
      set(state, slot, value)
    } else {
      context.raise(action.pointee.faults, .assignOutOfRange(variable: action.pointee.variable, value: value))
    }
  }

  @inline(__always)
  private func store(_ value: Bool, _ into: Int32, _ state: UnsafeMutablePointer<UInt64>) {
    guard into >= 0 else { return }
    set(state, into, value ? 1 : 0)
  }

  /// Adds `delta` to the action's counter; leaving its range is a fault and leaves it unchanged.
  @inline(__always)
  private func add(
    _ delta: Int, _ action: UnsafeMutablePointer<LoweredAction>, _ state: UnsafeMutablePointer<UInt64>,
    _ context: inout ExecutionContext
  ) -> Int {
    let slot = action.pointee.slot
    let (value, overflow) = get(state, slot).addingReportingOverflow(delta)
    guard !overflow, fits(slot, value) else {
      context.raise(action.pointee.faults, .leavesRange(variable: action.pointee.variable, value: value))
      return get(state, slot)
    }
    set(state, slot, value)
    return value
  }

  /// Whether `action` blocks in `state` (only `lock`, `downRead` and `downWrite` can).
  @inline(__always)
  private func blocks(_ action: UnsafeMutablePointer<LoweredAction>, _ state: UnsafeMutablePointer<UInt64>) -> Bool {
    switch action.pointee.operation {
    case .lock: return get(state, action.pointee.slot) != 0
    case .downRead: return !readAvailable(action, state)
    case .downWrite: return get(state, action.pointee.slot) != 0 || get(state, action.pointee.writer) != 0
    default: return false
    }
  }

  @inline(__always)
  private func readAvailable(_ action: UnsafeMutablePointer<LoweredAction>, _ state: UnsafeMutablePointer<UInt64>)
    -> Bool
  {
    guard get(state, action.pointee.writer) == 0 else { return false }
    if action.pointee.writerPriority && get(state, action.pointee.waiters) > 0 { return false }
    return true
  }

  @inline(__always)
  private func acquireRead(
    _ action: UnsafeMutablePointer<LoweredAction>, _ state: UnsafeMutablePointer<UInt64>,
    _ context: inout ExecutionContext
  ) {
    let hold = action.pointee.hold
    guard hold >= 0 else { malformedModel("down_read of a lock that is not an rwsem") }
    let held = get(state, hold)
    guard held < action.pointee.value else {
      // Past `max_read_holds`: the explorer does not follow this transition.
      context.exceedsBound = true
      return
    }
    set(state, hold, held + 1)
    set(state, action.pointee.slot, get(state, action.pointee.slot) + 1)
  }

  // MARK: - Expressions and states

  /// Evaluates the expression code at `start`; bools are 0 and 1.
  func eval(_ start: Int32, _ state: UnsafeMutablePointer<UInt64>, _ stack: UnsafeMutablePointer<Int>) -> Int {
    var op = expressions + Int(start)
    var top = stack
    var value = 0
    while true {
      switch op.pointee.operation {
      case .constant: value = op.pointee.value
      case .slot: value = get(state, op.pointee.slot)
      case .test: value = test(op.pointee.test, state) ? 1 : 0
      case .testJumpIfFalse:
        if !test(op.pointee.test, state) {
          value = 0
          op = expressions + Int(op.pointee.other)
          continue
        }
      case .testJumpIfTrue:
        if test(op.pointee.test, state) {
          value = 1
          op = expressions + Int(op.pointee.other)
          continue
        }
      case .pcIn:
        let pc = get(state, op.pointee.slot)
        value =
          UInt(bitPattern: pc) < UInt(bitPattern: op.pointee.value)
            && (pcSets[Int(op.pointee.other) + pc &>> 6] &>> UInt64(pc & 63)) & 1 != 0 ? 1 : 0
      case .done: value = isDone(Int(op.pointee.other), state) ? 1 : 0
      case .holdsRwsem:
        value = get(state, op.pointee.slot) > 0 || get(state, op.pointee.other) == op.pointee.value ? 1 : 0
      case .holdsOwner: value = get(state, op.pointee.slot) == op.pointee.value ? 1 : 0
      case .not: value = value == 0 ? 1 : 0
      case .push:
        top.pointee = value
        top += 1
      case .equal:
        top -= 1
        value = top.pointee == value ? 1 : 0
      case .notEqual:
        top -= 1
        value = top.pointee != value ? 1 : 0
      case .less:
        top -= 1
        value = top.pointee < value ? 1 : 0
      case .lessEqual:
        top -= 1
        value = top.pointee <= value ? 1 : 0
      case .greater:
        top -= 1
        value = top.pointee > value ? 1 : 0
      case .greaterEqual:
        top -= 1
        value = top.pointee >= value ? 1 : 0
      case .plus:
        top -= 1
        value = top.pointee &+ value
      case .minus:
        top -= 1
        value = top.pointee &- value
      case .equalConstant: value = value == op.pointee.value ? 1 : 0
      case .notEqualConstant: value = value != op.pointee.value ? 1 : 0
      case .lessConstant: value = value < op.pointee.value ? 1 : 0
      case .lessEqualConstant: value = value <= op.pointee.value ? 1 : 0
      case .greaterConstant: value = value > op.pointee.value ? 1 : 0
      case .greaterEqualConstant: value = value >= op.pointee.value ? 1 : 0
      case .plusConstant: value = value &+ op.pointee.value
      case .minusConstant: value = value &- op.pointee.value
      case .jumpIfZero:
        if value == 0 {
          op = expressions + Int(op.pointee.other)
          continue
        }
      case .jumpIfSet:
        if value != 0 {
          value = 1
          op = expressions + Int(op.pointee.other)
          continue
        }
      case .toBool: value = value != 0 ? 1 : 0
      case .trap: malformedModel("an expression over a variable or thread that does not exist")
      case .result: return value
      }
      op += 1
    }
  }

  /// Whether thread `t` rests at its `end`.
  @inline(__always)
  func isDone(_ t: Int, _ state: UnsafeMutablePointer<UInt64>) -> Bool {
    let thread = threads + t
    let kind = thread.pointee.rowStart[pc(thread, state)].kind
    if kind == .outOfRange { malformedModel("a program counter past the thread's last instruction") }
    return kind == .end
  }

  /// The state properties of `state`, those in `properties` (a bit set) only.
  func evaluate(_ state: UnsafeMutablePointer<UInt64>, properties: UInt64) -> StateVerdicts {
    var verdicts = StateVerdicts()
    guard stateCheckCount > 0 else { return verdicts }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: stackDepth) { stack in
      let stack = stack.baseAddress!
      for i in 0..<stateCheckCount {
        let check = stateChecks[i]
        guard check.bit & properties != 0 else { continue }
        let holds = self.check(check.condition, state, stack)
        switch check.kind {
        case .never: if holds { verdicts.violated |= check.bit }
        case .always: if !holds { verdicts.violated |= check.bit }
        case .reachable, .goal: if holds { verdicts.reached |= check.bit }
        case .trigger: if holds { verdicts.triggered |= check.bit }
        }
      }
    }
    return verdicts
  }

  /// Whether every thread rests at its `end`.
  func isFinal(_ state: UnsafeMutablePointer<UInt64>) -> Bool {
    for t in 0..<threadCount where !isDone(t, state) { return false }
    return true
  }
}
