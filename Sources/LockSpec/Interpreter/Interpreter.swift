import LockCheck

/// Runs a `ModelIR` as a `TransitionSystem`: the reference semantics of the spec language.
/// Generated compiled models must agree with it state for state.
///
/// `init` takes the model's `ExecutionPlan` (slots, step numbering, fault scopes) and lowers the
/// model once into flat tables of plain values (`LoweredModel`); the transition system runs on
/// those (`LoweredModel+Execution.swift`).
public struct Interpreter: TransitionSystem {
  public let model: ModelIR
  /// The facts every engine shares: slots, steps, fault scopes, step access.
  public let execution: ExecutionPlan
  public var plan: SlotPlan { execution.slots }
  public var metadata: ModelMetadata { execution.metadata }
  public var wordCount: Int { execution.wordCount }
  public var stateByteCount: Int { plan.byteCount }

  /// The model lowered to the flat tables execution runs on.
  let storage: LoweredModelStorage

  public init(model: ModelIR) {
    self.init(plan: ExecutionPlan(model: model))
  }

  public init(plan: ExecutionPlan) {
    self.model = plan.model
    self.execution = plan
    self.storage = LoweredModelStorage(plan: plan)
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

  public func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, thread: Int, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    storage.lowered.forEachSuccessor(
      of: UnsafeMutablePointer(mutating: state.baseAddress!), thread: thread, into: scratch, emit)
  }

  public func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts {
    storage.lowered.evaluate(UnsafeMutablePointer(mutating: state.baseAddress!), properties: ~0)
  }

  public func evaluate(_ state: UnsafeBufferPointer<UInt64>, properties: UInt64) -> StateVerdicts {
    storage.lowered.evaluate(UnsafeMutablePointer(mutating: state.baseAddress!), properties: properties)
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
      let index = execution.stepIndex[t][lowered.get(words, Int32(plan.pcSlot[t]))]
      return index >= 0 ? Int(index) : nil
    }
  }

  public var reductionFacts: ReductionFacts? { execution.reductionFacts }

  public var symmetryFacts: SymmetryFacts? { execution.symmetryFacts }

  public func programCounter(of thread: Int, in state: UnsafeBufferPointer<UInt64>) -> Int {
    storage.lowered.get(UnsafeMutablePointer(mutating: state.baseAddress!), Int32(plan.pcSlot[thread]))
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
