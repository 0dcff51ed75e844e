import LockCheck
import LockSpec

/// What the model emitter needs about one `ModelIR`: the shared `ExecutionPlan` (slot layout,
/// step numbering, fault scopes, end PCs, silent cycles: the same facts the interpreter runs on,
/// so the compiled model numbers its steps and raises its faults identically), plus what only
/// code emission needs (the Swift names of the state's fields).
struct CompiledModelPlan {
  let execution: ExecutionPlan
  /// The Swift property of each slot on the generated `State`.
  let fieldNames: [String]

  var model: ModelIR { execution.model }
  var plan: SlotPlan { execution.slots }
  /// The metadata steps, in the interpreter's order.
  var steps: [StepInfo] { execution.metadata.steps }
  /// `stepIndex[thread][pc]`: the step of a visible instruction, -1 for silent ones and `end`.
  var stepIndex: [[Int32]] { execution.stepIndex }
  /// `waitStepIndex[thread][pc]`: the step of queueing as a waiting writer, or -1.
  var waitStepIndex: [[Int32]] { execution.waitStepIndex }
  /// `assertions` properties that cover values leaving their range.
  var rangeErrors: UInt64 { execution.faults.rangeErrors }
  /// Index of each variable among the rwsems, or -1.
  var rwsemOrdinal: [Int] { execution.rwsemOrdinal }
  /// Per thread, the instruction indices that are `end`.
  var endPCs: [[Int]] { execution.endPCs }
  /// Per thread, whether a silent run can exhaust the fuel, leaving the thread resting at a
  /// silent instruction.
  var silentCycles: [Bool] { execution.silentCycles }

  /// Silent instructions a thread may run through in one go.
  static var silentFuel: Int { ExecutionPlan.silentFuel }

  /// `no_use_after_free` properties a use of `resource` by `thread` violates.
  func useAfterFree(_ thread: Int, _ resource: Int) -> UInt64 {
    execution.faults.useAfterFree(thread: thread, resource: resource)
  }

  /// `no_double_free` properties a second free of `resource` by `thread` violates.
  func doubleFree(_ thread: Int, _ resource: Int) -> UInt64 {
    execution.faults.doubleFree(thread: thread, resource: resource)
  }

  /// `lock_discipline` properties a misuse of `lock` by `thread` violates.
  func lockDiscipline(_ thread: Int, _ lock: Int) -> UInt64 {
    execution.faults.lockDiscipline(thread: thread, lock: lock)
  }

  init(model: ModelIR) {
    self.init(execution: ExecutionPlan(model: model))
  }

  init(execution: ExecutionPlan) {
    self.execution = execution
    let plan = execution.slots
    let words = (0..<max(plan.wordCount, 1)).map { "w\($0)" }
    fieldNames = SwiftIdentifier.uniqueMemberNames(
      plan.slots.map(\.info.name), reserved: Set(words).union(SwiftIdentifier.stateScopeNames),
      fallback: { "slot\($0)" })
  }

  // MARK: Slots

  var wordCount: Int { plan.wordCount }
  var byteCount: Int { plan.byteCount }

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
