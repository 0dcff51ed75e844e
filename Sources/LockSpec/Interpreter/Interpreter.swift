import LockCheck

/// Runs a `ModelIR` directly as a `TransitionSystem`: the reference semantics of the spec
/// language. Generated compiled models must agree with it state for state.
public struct Interpreter: TransitionSystem {
  public let model: ModelIR
  public let plan: SlotPlan
  public let metadata: ModelMetadata
  public var wordCount: Int { plan.wordCount }

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

  public init(model: ModelIR) {
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
        var firstIsDownWrite = false
        if case .actions(let actions, _) = instruction.kind {
          Interpreter.collect(actions, frees: &frees, result: &result, model: model, plan: plan)
          if case .downWrite = actions.first { firstIsDownWrite = true }
        }
        if firstIsDownWrite {
          waitRow.append(Int32(steps.count))
          steps.append(
            StepInfo(
              thread: t, label: origin.label, code: Interpreter.waitTitle(origin), location: origin.location,
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
                code: Interpreter.choiceTitle(origin, branch: branch, of: targets.count),
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

  public func forEachInitialState(
    scratch: UnsafeMutableBufferPointer<UInt64>, _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    let choices = model.variables.map(\.initial)
    var counters = Array(repeating: 0, count: choices.count)
    while true {
      for i in 0..<scratch.count { scratch[i] = 0 }
      let state = PackedState(scratch.baseAddress!, slots: plan.slots)
      for (v, variable) in model.variables.enumerated() {
        guard !variable.type.isLock, !choices[v].isEmpty else { continue }
        state.set(plan.variableSlot[v], choices[v][counters[v]])
      }
      var context = ExecutionContext(collectNotes: false)
      for t in model.threads.indices {
        runSilent(thread: t, state: state, context: &context)
      }
      emit(scratch)
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

  public func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    for t in model.threads.indices {
      forEachTransition(of: t, from: state, scratch: scratch, collectNotes: false) { transition, _ in
        emit(transition, scratch)
      }
    }
  }

  public func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts {
    var verdicts = StateVerdicts()
    guard !stateProperties.isEmpty else { return verdicts }
    let view = PackedState(reading: state, slots: plan.slots)
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

  public func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool {
    let view = PackedState(reading: state, slots: plan.slots)
    for t in model.threads.indices where !isDone(t, view) { return false }
    return true
  }

  public func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int] {
    let view = PackedState(reading: state, slots: plan.slots)
    return plan.slots.indices.map { view.get($0) }
  }

  public func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?] {
    let view = PackedState(reading: state, slots: plan.slots)
    return model.threads.indices.map { t in
      let index = stepIndex[t][view.get(plan.pcSlot[t])]
      return index >= 0 ? Int(index) : nil
    }
  }

  public func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote] {
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: plan.wordCount)
    defer { scratch.deallocate() }
    var collected: [FaultNote]?
    forEachTransition(of: thread, from: state, scratch: scratch, collectNotes: true) { _, notes in
      if collected == nil { collected = notes }
    }
    return collected ?? []
  }
}
