/// Turns a `TracePath` into a `Counterexample`: names threads and steps from the model's
/// metadata, diffs visible slots between consecutive states, and words the conclusion.
public struct CounterexampleBuilder<System: TransitionSystem> {
  public let system: System
  let metadata: ModelMetadata

  public init(system: System) {
    self.system = system
    self.metadata = system.metadata
  }

  /// The counterexample (or witness, for a `reachable` property) that `path` shows for
  /// property `property` (an index into `metadata.properties`).
  public func counterexample(property: Int, path: TracePath, cycleStart: Int? = nil) -> Counterexample {
    let info = metadata.properties[property]
    let values = path.states.map { state in state.withUnsafeBufferPointer { system.slotValues($0) } }
    var steps: [CounterexampleStep] = []
    for (offset, transition) in path.transitions.enumerated() {
      steps.append(step(transition, before: values[offset], after: values[offset + 1]))
    }
    let conclusion: String
    if info.kind.isLiveness {
      conclusion = livenessConclusion(property: info, steps: steps.count, cycleStart: cycleStart)
    } else if path.endsInFault, let last = path.transitions.last {
      let from = path.states[path.states.count - 2]
      conclusion = faultConclusion(property: property, from: from, thread: Int(last.thread), steps: steps)
    } else {
      conclusion = stateConclusion(property: info, state: path.states[path.states.count - 1])
    }
    let initial = metadata.slots.indices.compactMap { slot -> String? in
      let slotInfo = metadata.slots[slot]
      guard slotInfo.nondeterministic, !slotInfo.hidden, let first = values.first, slot < first.count else {
        return nil
      }
      return "\(slotInfo.name) = \(slotInfo.format.render(first[slot]))"
    }
    return Counterexample(
      property: info.name, model: metadata.name, kind: info.kind == .reachable ? .witness : .violation,
      steps: steps, conclusion: conclusion, initial: initial, cycleStart: cycleStart)
  }

  /// What a liveness counterexample shows: a run that loops, or ends, without the goal.
  func livenessConclusion(property: PropertyInfo, steps: Int, cycleStart: Int?) -> String {
    let goal = property.kind == .leadsTo ? "its 'to' condition" : "its condition"
    let fair =
      property.fairness == .weak
      ? " (weakly fair: in the cycle every thread moves or is at some point unable to move)" : ""
    guard let cycleStart else {
      return "\(property.name): the run ends here, no thread can move, and \(goal) never held"
    }
    return "\(property.name): steps \(cycleStart + 1)-\(steps) repeat forever and \(goal) never holds\(fair)"
  }

  func step(_ transition: Transition, before: [Int], after: [Int]) -> CounterexampleStep {
    let threadIndex = Int(transition.thread)
    let stepIndex = Int(transition.step)
    let stepInfo = metadata.steps.indices.contains(stepIndex) ? metadata.steps[stepIndex] : nil
    let resultSlot = stepInfo?.resultSlot
    var changes: [CounterexampleStep.Change] = []
    for (slot, info) in metadata.slots.enumerated()
    where !info.hidden && slot != resultSlot && slot < before.count && slot < after.count
      && before[slot] != after[slot]
    {
      changes.append(
        CounterexampleStep.Change(
          slot: info.name, from: info.format.render(before[slot]), to: info.format.render(after[slot])))
    }
    var result: String?
    if let resultSlot, metadata.slots.indices.contains(resultSlot), resultSlot < after.count {
      result = metadata.slots[resultSlot].format.render(after[resultSlot])
    }
    return CounterexampleStep(
      thread: threadName(threadIndex), threadIndex: threadIndex, stepIndex: stepIndex,
      label: stepInfo?.label ?? "", code: stepInfo?.code ?? "", location: stepInfo?.location ?? "",
      changes: changes, result: result)
  }

  func threadName(_ index: Int) -> String {
    metadata.threads.indices.contains(index) ? metadata.threads[index].name : "thread \(index)"
  }

  /// The fault notes of the last transition for `property`, each saying where its resource was freed.
  func faultConclusion(property: Int, from: [UInt64], thread: Int, steps: [CounterexampleStep]) -> String {
    let notes = from.withUnsafeBufferPointer { system.faultNotes(from: $0, thread: thread) }
    var relevant = notes.filter { $0.property == property }
    if relevant.isEmpty { relevant = notes }
    if relevant.isEmpty { return "\(metadata.properties[property].name) violated by this step" }
    return relevant.map { note in
      guard let resource = note.resource else { return note.message }
      // The latest step before the faulting one that freed the resource.
      for number in stride(from: steps.count - 1, to: 0, by: -1) {
        let stepIndex = steps[number - 1].stepIndex
        if metadata.steps.indices.contains(stepIndex), metadata.steps[stepIndex].frees.contains(resource) {
          return "\(note.message) (freed by \(steps[number - 1].thread) at step \(number))"
        }
      }
      return note.message
    }.joined(separator: "; ")
  }

  func stateConclusion(property: PropertyInfo, state: [UInt64]) -> String {
    switch property.kind {
    case .never: return "\(property.name): never condition holds"
    case .always: return "\(property.name): always condition fails"
    case .reachable: return "\(property.name): condition reached"
    case .deadlockFree:
      let resting = state.withUnsafeBufferPointer { system.restingSteps($0) }
      let blocked = resting.enumerated().compactMap { thread, step -> String? in
        guard let step else { return nil }
        var title = metadata.steps.indices.contains(step) ? metadata.steps[step].title : "step \(step)"
        if title.hasSuffix(";") { title.removeLast() }
        return "\(threadName(thread)) blocked at \(title)"
      }
      let conclusion = "deadlock: no thread can move"
      return blocked.isEmpty ? conclusion : conclusion + "; " + blocked.joined(separator: ", ")
    default: return "\(property.name) violated"
    }
  }
}
