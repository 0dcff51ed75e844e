import LockCheck

/// The lock facts partial-order reduction uses to narrow the other threads' futures while one
/// thread holds a lock (`LockCut`, `HoldSlot`): per lock and mode of holding, the instructions
/// the others cannot pass and the branches on trylock results that can only go the failing way.
///
/// A hold excludes: of a mutex or spinlock, every `lock` and `trylock` of it; of an rwsem for
/// write, every acquisition; of an rwsem for read, the write acquisitions (`down_read` may still
/// share it). Only the instructions that take a step count: a silent instruction skips an
/// action that would block. An instruction blocks as a whole when one of its top-level actions
/// is an excluded blocking acquisition; a trylock's branch is cut when the trylock is a
/// top-level action of the branch's only predecessor, nothing after it writes the result, and
/// nothing can write it before the branch reads it (the branch is silent, so it runs in the
/// trylock's own transition, or no other thread's step writes the result).
struct LockCutAnalysis {
  let model: ModelIR
  let slots: SlotPlan
  let stepsAt: [[[Int]]]
  let successors: [[[Int]]]
  let waitStepIndex: [[Int32]]
  /// `[thread][pc]`: the instructions whose control flow can move to `pc`.
  let predecessors: [[[Int]]]
  /// Per thread: the slots its steps may write.
  let written: [Set<Int>]

  /// `writes`: per step, the slots it may write.
  init(
    model: ModelIR, slots: SlotPlan, stepsAt: [[[Int]]], successors: [[[Int]]], waitStepIndex: [[Int32]],
    writes: [[Int]]
  ) {
    self.model = model
    self.slots = slots
    self.stepsAt = stepsAt
    self.successors = successors
    self.waitStepIndex = waitStepIndex
    predecessors = successors.map { thread in
      var predecessors = Array(repeating: [Int](), count: thread.count)
      for (pc, targets) in thread.enumerated() {
        for target in targets where predecessors.indices.contains(target) { predecessors[target].append(pc) }
      }
      return predecessors
    }
    written = stepsAt.map { Set($0.joined().flatMap { writes.indices.contains($0) ? writes[$0] : [] }) }
  }

  /// The cuts that change some thread's flow, and the holds that make them.
  func facts() -> (cuts: [LockCut], holds: [HoldSlot]) {
    var cuts: [LockCut] = []
    var holds: [HoldSlot] = []
    func hold(_ slot: Int, reader: Int?, cut: Int) -> HoldSlot {
      let field = slots.slots[slot]
      return HoldSlot(
        word: field.word, shift: field.shift, bits: field.bits, offset: field.offset, reader: reader, cut: cut)
    }
    for (v, variable) in model.variables.enumerated() {
      switch variable.type {
      case .mutex, .spinlock:
        if let cut = cut(lock: v, excludesReaders: true) {
          holds.append(hold(slots.variableSlot[v], reader: nil, cut: cuts.count))
          cuts.append(cut)
        }
      case .rwsem:
        guard let ordinal = slots.rwsemVariables.firstIndex(of: v) else { continue }
        if let cut = cut(lock: v, excludesReaders: true) {
          holds.append(hold(slots.rwsemSlots(of: v).writer, reader: nil, cut: cuts.count))
          cuts.append(cut)
        }
        if let cut = cut(lock: v, excludesReaders: false) {
          for t in model.threads.indices where slots.readHoldSlots[t].indices.contains(ordinal) {
            holds.append(hold(slots.readHoldSlots[t][ordinal], reader: t, cut: cuts.count))
          }
          cuts.append(cut)
        }
      default:
        continue
      }
    }
    return (cuts, holds)
  }

  /// The narrowing while another thread holds `lock` (for write, or for read when
  /// `excludesReaders` is false); nil when it changes nothing.
  func cut(lock: Int, excludesReaders: Bool) -> LockCut? {
    var pcs: [[Int]] = []
    var steps: [[[Int]]] = []
    var next: [[[Int]]] = []
    var changed = false
    for (t, thread) in model.threads.enumerated() {
      let instructions = thread.instructions
      let predecessors = self.predecessors[t]
      var rowPCs: [Int] = []
      var rowSteps: [[Int]] = []
      var rowNext: [[Int]] = []
      for (pc, instruction) in instructions.enumerated() {
        if !instruction.silent, case .actions(let actions, _) = instruction.kind,
          actions.contains(where: { blocks($0, lock: lock, excludesReaders: excludesReaders) })
        {
          // Only a queued writer's wait step remains.
          rowPCs.append(pc)
          rowSteps.append(waitStepIndex[t][pc] >= 0 ? [Int(waitStepIndex[t][pc])] : [])
          rowNext.append([])
          continue
        }
        guard case .branch(let condition, let then, let otherwise) = instruction.kind, pc != 0,
          predecessors[pc].count == 1, let source = predecessors[pc].first,
          case .actions(let actions, let target) = instructions[source].kind, target == pc,
          let result = failedResult(actions, lock: lock, excludesReaders: excludesReaders),
          instruction.silent
            || !written.indices.contains(where: { $0 != t && written[$0].contains(slots.variableSlot[result]) })
        else { continue }
        let failure: Int
        switch condition {
        case .variable(result): failure = otherwise
        case .not(.variable(result)): failure = then
        default: continue
        }
        rowPCs.append(pc)
        rowSteps.append(stepsAt[t][pc])
        rowNext.append([failure])
      }
      changed = changed || !rowPCs.isEmpty
      pcs.append(rowPCs)
      steps.append(rowSteps)
      next.append(rowNext)
    }
    return changed ? LockCut(pcs: pcs, steps: steps, successors: next) : nil
  }

  /// Whether `action` waits for `lock` in a mode the hold excludes.
  func blocks(_ action: Action, lock: Int, excludesReaders: Bool) -> Bool {
    switch action {
    case .lock(lock), .downWrite(lock): return true
    case .downRead(lock): return excludesReaders
    default: return false
    }
  }

  /// The variable a top-level trylock of `lock` in `actions` stores its result in, when the hold
  /// makes it fail and no later action writes that variable.
  func failedResult(_ actions: [Action], lock: Int, excludesReaders: Bool) -> Int? {
    for (i, action) in actions.enumerated() {
      let result: Int?
      switch action {
      case .trylock(lock, let into), .downWriteTrylock(lock, let into): result = into
      case .downReadTrylock(lock, let into) where excludesReaders: result = into
      default: continue
      }
      guard let result, !actions[(i + 1)...].contains(where: { writes($0, result) }) else { return nil }
      return result
    }
    return nil
  }

  /// Whether `action` (or one nested in it) may write `variable`.
  func writes(_ action: Action, _ variable: Int) -> Bool {
    switch action {
    case .assign(let v, _): return v == variable
    case .downReadTrylock(_, let into), .downWriteTrylock(_, let into), .trylock(_, let into),
      .decAndTest(_, let into), .incNotZero(_, let into), .testAndSet(_, let into):
      return into == variable
    case .read(_, let into), .testFlag(_, let into): return into == variable
    case .conditional(_, let then, let otherwise):
      return (then + otherwise).contains { writes($0, variable) }
    default: return false
    }
  }
}
