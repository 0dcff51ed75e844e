import LockCheck

/// Everything an engine needs to run a `ModelIR`, computed once: the slot layout, the numbering
/// of steps (visible instructions, one step per `choose` branch, the queueing step of a plain
/// `down_write`), the fault scopes, where threads end, the silent-run bound, and each step's
/// read and write sets and the properties it can affect. The interpreter and the generator both
/// take it; neither recomputes any of it.
public struct ExecutionPlan: Sendable {
  public let model: ModelIR
  /// Where each piece of state lives in the packed words.
  public let slots: SlotPlan
  /// Names of threads, steps, slots and properties, as reports print them.
  public let metadata: ModelMetadata
  /// `stepIndex[thread][pc]`: the step of a visible instruction, -1 for silent ones and `end`.
  /// Branch `i` of a `choose` is step `stepIndex + i`.
  public let stepIndex: [[Int32]]
  /// `waitStepIndex[thread][pc]`: the step of queueing as a waiting writer (a plain
  /// `down_write` finding its rwsem held), or -1.
  public let waitStepIndex: [[Int32]]
  /// Which properties each fault violates, per thread and variable.
  public let faults: FaultScopes
  /// Index of each variable among the rwsems (`slots.rwsemVariables`), or -1.
  public let rwsemOrdinal: [Int]
  /// Per thread, the instruction indices that are `end`.
  public let endPCs: [[Int]]
  /// Per thread, whether its silent instructions can run for `silentFuel` instructions in one
  /// go (a cycle of them, or a very long chain), leaving it resting at a silent instruction.
  public let silentCycles: [Bool]
  /// What each step (by `Transition.step`) reads, writes and can make visible.
  public let access: [StepAccess]
  /// The same facts arranged for the explorer's partial-order reduction; nil when a thread can
  /// rest at a silent instruction (a silent cycle), where no step says what it does next.
  public let reductionFacts: ReductionFacts?
  /// The model's interchangeable threads (`SymmetryAnalysis`), or nil when it has none.
  public let symmetryFacts: SymmetryFacts?

  /// Silent instructions a thread runs through in one go before it rests where it is.
  public static let silentFuel = 100_000

  public init(model: ModelIR) {
    self.model = model
    let slots = SlotPlan(model: model)
    self.slots = slots
    let faults = FaultScopes(model: model)
    self.faults = faults
    var ordinal = Array(repeating: -1, count: model.variables.count)
    for (i, v) in slots.rwsemVariables.enumerated() { ordinal[v] = i }
    rwsemOrdinal = ordinal

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
        if case .actions(let actions, _) = instruction.kind {
          Self.collect(actions, frees: &frees, result: &result, model: model, slots: slots)
        }
        if instruction.queuedWriteLock != nil {
          waitRow.append(Int32(steps.count))
          steps.append(
            StepInfo(
              thread: t, label: origin.label, code: Self.waitTitle(origin), location: origin.location,
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
                thread: t, label: origin.label, code: Self.choiceTitle(origin, branch: branch, of: targets.count),
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
    metadata = ModelMetadata(
      name: model.name,
      threads: model.threads.map { ThreadInfo(name: $0.name) },
      steps: steps,
      slots: slots.slots.map(\.info),
      properties: model.properties.map {
        PropertyInfo(
          name: $0.name, kind: $0.kind, expect: $0.expect, description: $0.description, fairness: $0.fairness)
      })
    endPCs = model.threads.map { thread in
      thread.instructions.indices.filter { thread.instructions[$0].kind == .end }
    }
    silentCycles = model.threads.map(Self.hasSilentCycle)
    let analysis = StepAccessAnalysis(model: model, slots: slots, faults: faults)
    let access = analysis.steps(stepIndex: stepIndex, waitStepIndex: waitStepIndex, count: steps.count)
    self.access = access
    reductionFacts =
      silentCycles.contains(true)
      ? nil
      : Self.reductionFacts(
        model: model, slots: slots, stepIndex: stepIndex, waitStepIndex: waitStepIndex, access: access)
    symmetryFacts = SymmetryAnalysis(
      model: model, slots: slots, access: access, stepThreads: steps.map(\.thread),
      propertyReads: analysis.propertyReads()
    ).facts()
  }

  /// Per thread and instruction, the steps a thread resting there can take and where control can
  /// go next; per step, its access.
  static func reductionFacts(
    model: ModelIR, slots: SlotPlan, stepIndex: [[Int32]], waitStepIndex: [[Int32]], access: [StepAccess]
  ) -> ReductionFacts {
    var stepsAt: [[[Int]]] = []
    var successors: [[[Int]]] = []
    for (t, thread) in model.threads.enumerated() {
      var steps: [[Int]] = []
      var next: [[Int]] = []
      for (pc, instruction) in thread.instructions.enumerated() {
        var here: [Int] = []
        if waitStepIndex[t][pc] >= 0 { here.append(Int(waitStepIndex[t][pc])) }
        let first = Int(stepIndex[t][pc])
        switch instruction.kind {
        case .actions(_, let target), .await(_, let target):
          next.append([target])
          if first >= 0 { here.append(first) }
        case .branch(_, let then, let otherwise):
          next.append([then, otherwise])
          if first >= 0 { here.append(first) }
        case .jump(let target):
          next.append([target])
          if first >= 0 { here.append(first) }
        case .choose(let targets):
          next.append(targets)
          if first >= 0 { here += (first..<(first + targets.count)).map { $0 } }
        case .end:
          next.append([])
        }
        steps.append(here.sorted())
      }
      stepsAt.append(steps)
      successors.append(next)
    }
    let locks = LockCutAnalysis(
      model: model, slots: slots, stepsAt: stepsAt, successors: successors, waitStepIndex: waitStepIndex,
      writes: access.map(\.writes)
    ).facts()
    return ReductionFacts(
      stepsAt: stepsAt, successors: successors, reads: access.map(\.reads), writes: access.map(\.writes),
      visible: access.map(\.observed), adds: access.contains { !$0.adds.isEmpty } ? access.map(\.adds) : [],
      cuts: locks.cuts, holds: locks.holds, triggers: TriggerAnalysis(model: model).places())
  }

  public var wordCount: Int { slots.wordCount }

  /// What a counterexample prints for branch `branch` of a nondeterministic choice.
  public static func choiceTitle(_ origin: StepOrigin, branch: Int, of count: Int) -> String {
    let base = origin.code.isEmpty ? (origin.label.isEmpty ? "choose" : origin.label) : origin.code
    return "\(base): branch \(branch + 1) of \(count)"
  }

  /// What a counterexample prints for the transition that queues a thread as a waiting writer.
  public static func waitTitle(_ origin: StepOrigin) -> String {
    (origin.code.isEmpty ? (origin.label.isEmpty ? "down_write" : origin.label) : origin.code) + " (waits)"
  }

  private static func collect(
    _ actions: [Action], frees: inout [String], result: inout Int?, model: ModelIR, slots: SlotPlan
  ) {
    for action in actions {
      switch action {
      case .free(let r): frees.append(model.variables[r].name)
      case .downReadTrylock(_, let into?), .downWriteTrylock(_, let into?), .trylock(_, let into?),
        .decAndTest(_, let into?), .incNotZero(_, let into?), .read(_, let into), .testFlag(_, let into),
        .testAndSet(_, let into?):
        result = slots.variableSlot[into]
      case .conditional(_, let a, let b):
        collect(a, frees: &frees, result: &result, model: model, slots: slots)
        collect(b, frees: &frees, result: &result, model: model, slots: slots)
      default: break
      }
    }
  }

  /// Whether the silent `jump`/`branch`/`actions` instructions of `thread` form a cycle, or a
  /// chain long enough to exhaust `silentFuel`.
  static func hasSilentCycle(_ thread: ThreadIR) -> Bool {
    let instructions = thread.instructions
    let silent = instructions.indices.filter { runsSilently(instructions, $0) }
    if silent.count >= silentFuel { return true }
    // Depth-first search for a back edge among silent instructions.
    var color = Array(repeating: 0, count: instructions.count)  // 0 new, 1 on stack, 2 done
    for start in silent where color[start] == 0 {
      var stack: [(pc: Int, next: Int)] = [(start, 0)]
      color[start] = 1
      while let top = stack.last {
        let targets = silentSuccessors(instructions, top.pc)
        if top.next < targets.count {
          stack[stack.count - 1].next += 1
          let target = targets[top.next]
          if color[target] == 1 { return true }
          if color[target] == 0 {
            color[target] = 1
            stack.append((target, 0))
          }
        } else {
          color[top.pc] = 2
          stack.removeLast()
        }
      }
    }
    return false
  }

  /// Whether the thread runs through instruction `pc` without resting there.
  static func runsSilently(_ instructions: [Instruction], _ pc: Int) -> Bool {
    guard instructions.indices.contains(pc), instructions[pc].silent else { return false }
    switch instructions[pc].kind {
    case .jump, .branch, .actions: return true
    case .choose, .await, .end: return false
    }
  }

  /// The silent instructions a silent instruction `pc` may continue at.
  static func silentSuccessors(_ instructions: [Instruction], _ pc: Int) -> [Int] {
    let next: [Int]
    switch instructions[pc].kind {
    case .jump(let target): next = [target]
    case .branch(_, let then, let otherwise): next = [then, otherwise]
    case .actions(_, let target): next = [target]
    default: next = []
    }
    return next.filter { runsSilently(instructions, $0) }
  }
}

/// The slots one step may read and write, and the properties it can affect: the facts
/// partial-order reduction needs to tell independent steps apart.
public struct StepAccess: Sendable, Equatable {
  /// Slots the step reads to decide whether it is enabled or to compute what it writes, sorted.
  public var reads: [Int]
  /// Slots it may write, sorted (the thread's program counter included).
  public var writes: [Int]
  /// Bit `i` set when the step can change the truth of property `i`: a fault it can raise
  /// (use after free, double free, lock misuse, a failed assertion, a value leaving its range,
  /// ending while holding a lock), or a state property (`never`, `always`, `reachable`, and the
  /// conditions of `eventually` and `leads_to`) that reads a slot it writes. `deadlock_free` is
  /// not a per-step fact: any step may change what is enabled.
  public var visible: UInt64
  /// The part of `visible` that state properties make: bit `i` set when property `i`'s
  /// condition reads a slot the step writes. Faults are events of single transitions, which
  /// the explorer sees as it takes them.
  public var observed: UInt64
  /// The slots of `writes` the step only adds a constant to, without reading them (an rwsem's
  /// reader count, which `down_read` and `up_read` change whatever it is), sorted. Two such
  /// additions commute, so partial-order reduction need not order them.
  public var adds: [Int]

  public init(reads: [Int], writes: [Int], visible: UInt64, observed: UInt64? = nil, adds: [Int] = []) {
    self.reads = reads
    self.writes = writes
    self.visible = visible
    self.observed = observed ?? visible
    self.adds = adds
  }
}

/// Computes `StepAccess` for every step of a model.
struct StepAccessAnalysis {
  let model: ModelIR
  let slots: SlotPlan
  let faults: FaultScopes

  /// Reads, writes and faults being collected for one step.
  struct Accumulator {
    var reads: Set<Int> = []
    var writes: Set<Int> = []
    /// Written slots only added to (also in `writes`); those the step also reads are dropped.
    var adds: Set<Int> = []
    var faults: UInt64 = 0
  }

  /// Per property, the slots its conditions read (empty for the fault and deadlock properties).
  func propertyReads() -> [Set<Int>] {
    model.properties.map { property -> Set<Int> in
      var reads: Set<Int> = []
      switch property.check {
      case .never(let e), .always(let e), .reachable(let e), .eventually(let e, _): expression(e, into: &reads)
      case .leadsTo(let from, let to, _):
        expression(from, into: &reads)
        expression(to, into: &reads)
      default: break
      }
      return reads
    }
  }

  func steps(stepIndex: [[Int32]], waitStepIndex: [[Int32]], count: Int) -> [StepAccess] {
    var result = Array(repeating: StepAccess(reads: [], writes: [], visible: 0, observed: 0), count: count)
    let propertyReads = propertyReads()
    let lockDisciplineAtEnd = model.threads.indices.map { t in
      model.variables.indices.reduce(UInt64(0)) { mask, v in
        model.variables[v].type.isLock ? mask | faults.lockDiscipline(thread: t, lock: v) : mask
      }
    }
    func finish(_ step: Int32, _ accumulator: Accumulator, thread: Int) {
      guard step >= 0 else { return }
      var observed: UInt64 = 0
      for (p, reads) in propertyReads.enumerated() where p < 64 && !reads.isDisjoint(with: accumulator.writes) {
        observed |= 1 << UInt64(p)
      }
      result[Int(step)] = StepAccess(
        reads: accumulator.reads.sorted(), writes: accumulator.writes.sorted(), visible: accumulator.faults | observed,
        observed: observed, adds: accumulator.adds.subtracting(accumulator.reads).sorted())
    }
    for (t, thread) in model.threads.enumerated() {
      let pcSlot = slots.pcSlot[t]
      let instructions = thread.instructions
      /// The thread's program counter, and whatever the silent run from `target` does.
      func land(at target: Int, _ accumulator: inout Accumulator) {
        accumulator.writes.insert(pcSlot)
        var seen: Set<Int> = []
        var pending = [target]
        while let pc = pending.popLast() {
          guard instructions.indices.contains(pc), seen.insert(pc).inserted else { continue }
          if instructions[pc].kind == .end { accumulator.faults |= lockDisciplineAtEnd[t] }
          guard ExecutionPlan.runsSilently(instructions, pc) else { continue }
          switch instructions[pc].kind {
          case .jump(let next): pending.append(next)
          case .branch(let condition, let then, let otherwise):
            expression(condition, into: &accumulator.reads)
            pending += [then, otherwise]
          case .actions(let actions, let next):
            for action in actions { self.action(action, thread: t, into: &accumulator) }
            pending.append(next)
          default: break
          }
        }
      }
      for (pc, instruction) in instructions.enumerated() {
        let step = stepIndex[t][pc]
        guard step >= 0 else { continue }
        if let lock = instruction.queuedWriteLock, waitStepIndex[t][pc] >= 0, model.variables.indices.contains(lock) {
          // Queueing: reads whether the rwsem is held, counts the thread among its waiters.
          var queue = Accumulator()
          let rwsem = slots.rwsemSlots(of: lock)
          queue.reads = [rwsem.readers, rwsem.writer, slots.waitingSlot[t]]
          queue.writes = [rwsem.waiters, slots.waitingSlot[t]]
          finish(waitStepIndex[t][pc], queue, thread: t)
        }
        switch instruction.kind {
        case .choose(let targets):
          for (branch, target) in targets.enumerated() {
            var accumulator = Accumulator()
            land(at: target, &accumulator)
            finish(step + Int32(branch), accumulator, thread: t)
          }
        case .actions(let actions, let next):
          var accumulator = Accumulator()
          for action in actions { self.action(action, thread: t, into: &accumulator) }
          if let lock = instruction.queuedWriteLock, model.variables.indices.contains(lock) {
            // Acquiring after queueing leaves the waiters.
            accumulator.reads.insert(slots.waitingSlot[t])
            accumulator.writes.formUnion([slots.waitingSlot[t], slots.rwsemSlots(of: lock).waiters])
          }
          land(at: next, &accumulator)
          finish(step, accumulator, thread: t)
        case .branch(let condition, let then, let otherwise):
          var accumulator = Accumulator()
          expression(condition, into: &accumulator.reads)
          land(at: then, &accumulator)
          land(at: otherwise, &accumulator)
          finish(step, accumulator, thread: t)
        case .await(let condition, let next):
          var accumulator = Accumulator()
          expression(condition, into: &accumulator.reads)
          land(at: next, &accumulator)
          finish(step, accumulator, thread: t)
        case .jump(let next):
          var accumulator = Accumulator()
          land(at: next, &accumulator)
          finish(step, accumulator, thread: t)
        case .end:
          break
        }
      }
    }
    return result
  }

  /// The variables `action` names directly (not those of its expressions).
  static func variables(of action: Action) -> [Int] {
    switch action {
    case .assign(let v, _), .downRead(let v), .upRead(let v), .downWrite(let v), .upWrite(let v), .lock(let v),
      .unlock(let v), .inc(let v), .dec(let v), .setFlag(let v), .clearFlag(let v), .free(let v), .use(let v):
      return [v]
    case .downReadTrylock(let v, let into), .downWriteTrylock(let v, let into), .trylock(let v, let into),
      .decAndTest(let v, let into), .incNotZero(let v, let into), .testAndSet(let v, let into):
      return [v] + (into.map { [$0] } ?? [])
    case .read(let v, let into), .testFlag(let v, let into): return [v, into]
    case .assert, .conditional: return []
    }
  }

  /// The slots `expr` reads.
  func expression(_ expr: Expr, into reads: inout Set<Int>) {
    switch expr {
    case .int, .bool: break
    case .variable(let v), .freed(let v):
      if model.variables.indices.contains(v) { reads.insert(slots.variableSlot[v]) }
    case .at(let thread, _), .done(let thread):
      if slots.pcSlot.indices.contains(thread) { reads.insert(slots.pcSlot[thread]) }
    case .readers(let lock):
      if model.variables.indices.contains(lock) { reads.insert(slots.variableSlot[lock]) }
    case .writeLocked(let lock):
      guard model.variables.indices.contains(lock) else { break }
      if case .rwsem = model.variables[lock].type {
        reads.insert(slots.rwsemSlots(of: lock).writer)
      } else {
        reads.insert(slots.variableSlot[lock])
      }
    case .holds(let thread, let lock):
      guard model.variables.indices.contains(lock), slots.pcSlot.indices.contains(thread) else { break }
      if case .rwsem = model.variables[lock].type {
        reads.insert(slots.rwsemSlots(of: lock).writer)
        if let ordinal = slots.rwsemVariables.firstIndex(of: lock) {
          reads.insert(slots.readHoldSlots[thread][ordinal])
        }
      } else {
        reads.insert(slots.variableSlot[lock])
      }
    case .not(let inner): expression(inner, into: &reads)
    case .binary(_, let lhs, let rhs):
      expression(lhs, into: &reads)
      expression(rhs, into: &reads)
    }
  }

  /// What `action` of thread `t` reads, writes and can fault.
  func action(_ action: Action, thread t: Int, into a: inout Accumulator) {
    // A malformed IR (tests build some by hand) names variables that do not exist: the engines
    // trap when they run such an action; the analysis leaves it out.
    guard Self.variables(of: action).allSatisfy(model.variables.indices.contains) else { return }
    func slot(_ v: Int) -> Int { slots.variableSlot[v] }
    func readHold(_ lock: Int) -> Int? {
      slots.rwsemVariables.firstIndex(of: lock).map { slots.readHoldSlots[t][$0] }
    }
    func intoSlot(_ into: Int?) {
      if let into { a.writes.insert(slot(into)) }
    }
    switch action {
    case .assign(let v, let e):
      expression(e, into: &a.reads)
      a.writes.insert(slot(v))
      a.faults |= faults.rangeErrors
    case .downRead(let lock), .downReadTrylock(let lock, _):
      // Whether it may take the lock depends on the writer and the waiting writers only; the
      // reader count goes up by one whatever it is.
      let rwsem = slots.rwsemSlots(of: lock)
      a.reads.formUnion([rwsem.writer, rwsem.waiters])
      a.writes.insert(rwsem.readers)
      a.adds.insert(rwsem.readers)
      if let hold = readHold(lock) {
        a.reads.insert(hold)
        a.writes.insert(hold)
      }
      if case .downReadTrylock(_, let into) = action { intoSlot(into) }
    case .upRead(let lock):
      // Down by one when the thread holds it for read (its own hold count says), whatever it is.
      let rwsem = slots.rwsemSlots(of: lock)
      a.writes.insert(rwsem.readers)
      a.adds.insert(rwsem.readers)
      if let hold = readHold(lock) {
        a.reads.insert(hold)
        a.writes.insert(hold)
      }
      a.faults |= faults.lockDiscipline(thread: t, lock: lock)
    case .downWrite(let lock), .downWriteTrylock(let lock, _):
      let rwsem = slots.rwsemSlots(of: lock)
      a.reads.formUnion([rwsem.readers, rwsem.writer])
      a.writes.insert(rwsem.writer)
      if case .downWriteTrylock(_, let into) = action { intoSlot(into) }
    case .upWrite(let lock):
      let rwsem = slots.rwsemSlots(of: lock)
      a.reads.insert(rwsem.writer)
      a.writes.insert(rwsem.writer)
      a.faults |= faults.lockDiscipline(thread: t, lock: lock)
    case .lock(let lock), .trylock(let lock, _):
      a.reads.insert(slot(lock))
      a.writes.insert(slot(lock))
      if case .trylock(_, let into) = action { intoSlot(into) }
    case .unlock(let lock):
      a.reads.insert(slot(lock))
      a.writes.insert(slot(lock))
      a.faults |= faults.lockDiscipline(thread: t, lock: lock)
    case .inc(let c), .dec(let c), .decAndTest(let c, _), .incNotZero(let c, _):
      a.reads.insert(slot(c))
      a.writes.insert(slot(c))
      a.faults |= faults.rangeErrors
      switch action {
      case .decAndTest(_, let into), .incNotZero(_, let into): intoSlot(into)
      default: break
      }
    case .read(let c, let into), .testFlag(let c, let into):
      a.reads.insert(slot(c))
      a.writes.insert(slot(into))
    case .setFlag(let f), .clearFlag(let f):
      a.writes.insert(slot(f))
    case .testAndSet(let f, let into):
      a.reads.insert(slot(f))
      a.writes.insert(slot(f))
      intoSlot(into)
    case .free(let r):
      a.reads.insert(slot(r))
      a.writes.insert(slot(r))
      a.faults |= faults.doubleFree(thread: t, resource: r)
    case .use(let r):
      a.reads.insert(slot(r))
      a.faults |= faults.useAfterFree(thread: t, resource: r)
    case .assert(let condition, let property):
      expression(condition, into: &a.reads)
      if property >= 0 && property < 64 { a.faults |= 1 << UInt64(property) }
    case .conditional(let condition, let then, let otherwise):
      expression(condition, into: &a.reads)
      for inner in then + otherwise { self.action(inner, thread: t, into: &a) }
    }
  }
}
