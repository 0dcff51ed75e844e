import LockCheck

/// Runs a `ModelIR` as a `TransitionSystem`: the reference semantics of the spec language.
/// Generated compiled models must agree with it state for state.
///
/// `init` numbers the steps and lowers the model once into flat tables of plain values
/// (`LoweredModel`); the transition system runs on those (`LoweredModel+Execution.swift`).
public struct Interpreter: TransitionSystem {
  public let model: ModelIR
  public let plan: SlotPlan
  public let metadata: ModelMetadata
  public var wordCount: Int { plan.wordCount }

  /// `stepIndex[thread][pc]`: the global step of a visible instruction (-1 for silent ones).
  let stepIndex: [[Int32]]
  /// The model lowered to the flat tables execution runs on.
  let storage: LoweredModelStorage

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
        let firstIsDownWrite = instruction.queuedWriteLock != nil
        if case .actions(let actions, _) = instruction.kind {
          Interpreter.collect(actions, frees: &frees, result: &result, model: model, plan: plan)
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
    self.metadata = ModelMetadata(
      name: model.name,
      threads: model.threads.map { ThreadInfo(name: $0.name) },
      steps: steps,
      slots: plan.slots.map(\.info),
      properties: model.properties.map {
        PropertyInfo(
          name: $0.name, kind: $0.kind, expect: $0.expect, description: $0.description, fairness: $0.fairness)
      })
    self.storage = LoweredModelStorage(model: model, plan: plan, stepIndex: stepIndex, waitStepIndex: waitStepIndex)
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
    scratch: UnsafeMutableBufferPointer<UInt64>, _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool
  ) {
    let lowered = storage.lowered
    let choices = model.variables.map(\.initial)
    var counters = Array(repeating: 0, count: choices.count)
    let state = scratch.baseAddress!
    withUnsafeTemporaryAllocation(of: Int.self, capacity: lowered.stackDepth) { stack in
      while true {
        for i in 0..<scratch.count { scratch[i] = 0 }
        for (v, variable) in model.variables.enumerated() {
          guard !variable.type.isLock, !choices[v].isEmpty else { continue }
          lowered.set(state, Int32(plan.variableSlot[v]), choices[v][counters[v]])
        }
        var context = ExecutionContext(notes: nil)
        for t in 0..<lowered.threadCount {
          _ = lowered.settle(lowered.threads + t, in: state, stack: stack.baseAddress!, context: &context)
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
  }

  public func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    storage.lowered.forEachSuccessor(of: UnsafeMutablePointer(mutating: state.baseAddress!), into: scratch, emit)
  }

  public func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts {
    storage.lowered.evaluate(UnsafeMutablePointer(mutating: state.baseAddress!))
  }

  public func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool {
    storage.lowered.isFinal(UnsafeMutablePointer(mutating: state.baseAddress!))
  }

  public func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int] {
    let lowered = storage.lowered
    let words = UnsafeMutablePointer(mutating: state.baseAddress!)
    return plan.slots.indices.map { lowered.get(words, Int32($0)) }
  }

  public func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?] {
    let lowered = storage.lowered
    let words = UnsafeMutablePointer(mutating: state.baseAddress!)
    return model.threads.indices.map { t in
      let index = stepIndex[t][lowered.get(words, Int32(plan.pcSlot[t]))]
      return index >= 0 ? Int(index) : nil
    }
  }

  public func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote] {
    precondition(model.threads.indices.contains(thread), "no thread \(thread)")
    let lowered = storage.lowered
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: plan.wordCount)
    defer { scratch.deallocate() }
    var log = FaultNoteLog(model: model)
    var collected: [FaultNote]?
    withUnsafeMutablePointer(to: &log) { log in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: lowered.stackDepth) { stack in
        lowered.forEachTransition(
          of: thread, from: UnsafeMutablePointer(mutating: state.baseAddress!), into: scratch,
          stack: stack.baseAddress!, notes: log
        ) { _, _ in
          if collected == nil { collected = log.pointee.notes }
        }
      }
    }
    return collected ?? []
  }
}
