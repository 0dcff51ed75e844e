import LockCheck
import LockSpec

/// Everything the model emitter needs to know about one `ModelIR`, computed exactly as the
/// interpreter computes it (step numbering, fault scopes, slot layout), so the compiled model
/// numbers its steps and raises its faults identically.
struct CompiledModelPlan {
  let model: ModelIR
  let plan: SlotPlan
  /// The metadata steps, in the interpreter's order.
  let steps: [StepInfo]
  /// `stepIndex[thread][pc]`: the step of a visible instruction, -1 for silent ones and `end`.
  /// Branch `i` of a `choose` is step `stepIndex + i`.
  let stepIndex: [[Int32]]
  /// `waitStepIndex[thread][pc]`: the step of queueing as a waiting writer, or -1.
  let waitStepIndex: [[Int32]]
  /// `[thread][variable]`: `no_use_after_free` properties in scope, as a bit mask.
  let useAfterFree: [[UInt64]]
  /// `[thread][variable]`: `no_double_free` properties in scope.
  let doubleFree: [[UInt64]]
  /// `[thread][variable]`: `lock_discipline` properties in scope.
  let lockDiscipline: [[UInt64]]
  /// `assertions` properties that cover values leaving their range.
  let rangeErrors: UInt64
  /// Index of each variable among the rwsems, or -1.
  let rwsemOrdinal: [Int]
  /// The Swift property of each slot on the generated `State`.
  let fieldNames: [String]
  /// Per thread, the instruction indices that are `end`.
  let endPCs: [[Int]]
  /// Per thread, whether a silent run could exhaust the interpreter's fuel (a cycle of silent
  /// instructions), leaving the thread resting at a silent instruction.
  let silentCycles: [Bool]

  /// Silent instructions a thread may run through in one go (the interpreter's `silentFuel`).
  static let silentFuel = 100_000

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
          Self.collect(actions, frees: &frees, result: &result, model: model, plan: plan)
        }
        if firstIsDownWrite {
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
    self.steps = steps
    self.stepIndex = stepIndex
    self.waitStepIndex = waitStepIndex

    // Fault scopes (the interpreter's `FaultScopes`).
    let n = model.variables.count
    var uaf = Array(repeating: Array(repeating: UInt64(0), count: n), count: model.threads.count)
    var df = uaf
    var locks = uaf
    var range: UInt64 = 0
    func covers(_ list: [Int]?, _ x: Int) -> Bool { list?.contains(x) ?? true }
    for (p, property) in model.properties.enumerated() {
      let bit = UInt64(1) << UInt64(p)
      for t in model.threads.indices {
        for v in 0..<n {
          let type = model.variables[v].type
          switch property.check {
          case .noUseAfterFree(let threads, let resources) where type == .resource:
            if covers(threads, t) && covers(resources, v) { uaf[t][v] |= bit }
          case .noDoubleFree(let threads, let resources) where type == .resource:
            if covers(threads, t) && covers(resources, v) { df[t][v] |= bit }
          case .lockDiscipline(let threads, let lockList) where type.isLock:
            if covers(threads, t) && covers(lockList, v) { locks[t][v] |= bit }
          default: break
          }
        }
      }
      if case .assertions(true) = property.check { range |= bit }
    }
    useAfterFree = uaf
    doubleFree = df
    lockDiscipline = locks
    rangeErrors = range

    var ordinal = Array(repeating: -1, count: n)
    for (i, v) in plan.rwsemVariables.enumerated() { ordinal[v] = i }
    rwsemOrdinal = ordinal

    let words = (0..<max(plan.wordCount, 1)).map { "w\($0)" }
    fieldNames = SwiftIdentifier.uniqueMemberNames(
      plan.slots.map(\.info.name), reserved: Set(words).union(SwiftIdentifier.stateScopeNames),
      fallback: { "slot\($0)" })

    endPCs = model.threads.map { thread in
      thread.instructions.indices.filter { thread.instructions[$0].kind == .end }
    }
    silentCycles = model.threads.map(Self.hasSilentCycle)
  }

  /// What a counterexample prints for branch `branch` of a nondeterministic choice (the
  /// interpreter's `choiceTitle`).
  static func choiceTitle(_ origin: StepOrigin, branch: Int, of count: Int) -> String {
    let base = origin.code.isEmpty ? (origin.label.isEmpty ? "choose" : origin.label) : origin.code
    return "\(base): branch \(branch + 1) of \(count)"
  }

  /// What a counterexample prints for the transition that queues a thread as a waiting writer
  /// (the interpreter's `waitTitle`).
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

  /// Whether the silent `jump`/`branch`/`actions` instructions of `thread` form a cycle, or a
  /// chain long enough to exhaust the interpreter's fuel.
  static func hasSilentCycle(_ thread: ThreadIR) -> Bool {
    let instructions = thread.instructions
    func runsSilently(_ pc: Int) -> Bool {
      guard instructions.indices.contains(pc), instructions[pc].silent else { return false }
      switch instructions[pc].kind {
      case .jump, .branch, .actions: return true
      case .choose, .await, .end: return false
      }
    }
    func successors(_ pc: Int) -> [Int] {
      switch instructions[pc].kind {
      case .jump(let next): return [next]
      case .branch(_, let then, let otherwise): return [then, otherwise]
      case .actions(_, let next): return [next]
      default: return []
      }
    }
    let silent = instructions.indices.filter(runsSilently)
    if silent.count >= silentFuel { return true }
    // Depth-first search for a back edge among silent instructions.
    var color = Array(repeating: 0, count: instructions.count)  // 0 new, 1 on stack, 2 done
    for start in silent where color[start] == 0 {
      var stack: [(pc: Int, next: Int)] = [(start, 0)]
      color[start] = 1
      while let top = stack.last {
        let targets = successors(top.pc).filter(runsSilently)
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

  // MARK: Slots

  var wordCount: Int { plan.wordCount }

  func slot(_ index: Int) -> SlotPlan.Slot { plan.slots[index] }

  /// The slot of variable `v` (an rwsem's `readers`).
  func variableSlot(_ v: Int) -> Int { plan.variableSlot[v] }

  /// `state.field` for slot `index`.
  func field(_ index: Int, of state: String) -> String { state + "." + fieldNames[index] }

  /// The smallest and largest values a slot can hold (its stored bits plus the offset).
  func bitRange(_ index: Int) -> ClosedRange<Int> {
    let s = slot(index)
    let top = s.bits >= 62 ? Int.max / 4 : Int(s.mask)
    return s.offset...(s.offset + top)
  }

  /// The range the interpreter's `fits` accepts for slot `index`.
  func fitRange(_ index: Int) -> ClosedRange<Int> {
    let s = slot(index)
    return s.offset...(s.offset + s.maxStored)
  }

  /// The field bits of `value` stored in slot `index`, in place (as `PackedState.set` stores it).
  func packed(_ value: Int, in index: Int) -> UInt64 {
    let s = slot(index)
    return (UInt64(truncatingIfNeeded: value &- s.offset) & s.mask) << UInt64(s.shift)
  }

  func isRwsem(_ v: Int) -> Bool {
    if case .rwsem = model.variables[v].type { return true }
    return false
  }

  func threadName(_ t: Int) -> String { model.threads[t].name }
  func variableName(_ v: Int) -> String { model.variables[v].name }
}
