/// The states from which the `from` condition of some `leads_to` property can still come to
/// hold: those where a thread rests at an instruction whose control flow reaches one of its
/// `TriggerPlaces`. A state outside the cone never reaches a `from` state (a transition moves
/// one thread along its control flow, so its successors are outside too).
///
/// A search of the liveness properties alone may leave out the states outside the cone (the
/// explorer's `liveness cone` reduction): every state inside keeps its breadth-first order,
/// index order and parent, as in the full graph (none of its predecessors is outside), so the
/// liveness pass sees the same seeds and, as long as every successor it asks for was stored,
/// the same graph. When one was not (a `from` state whose run leaves the cone without reaching
/// the goal), the explorer searches again without the cone.
@usableFromInline
struct TriggerCone: Sendable {
  /// The threads that can make some trigger hold.
  @usableFromInline let threads: [Int]
  /// `[i][pc]`: whether `threads[i]` resting at `pc` can still reach one of its places.
  @usableFromInline let reaches: [[Bool]]

  /// The cone of the liveness properties among `selected`, or nil when it would not leave a
  /// state out: some selected liveness property is not a placed `leads_to`, or some thread
  /// that can trigger one can reach its places from everywhere.
  @inlinable
  init?(facts: ReductionFacts, metadata: ModelMetadata, selected: UInt64) {
    let threadCount = metadata.threads.count
    guard facts.successors.count == threadCount else { return nil }
    var places = Array(repeating: Set<Int>(), count: threadCount)
    var any = false
    for (index, property) in metadata.properties.enumerated()
    where index < 64 && selected & (1 << UInt64(index)) != 0 && property.kind.isLiveness {
      guard property.kind == .leadsTo, let found = facts.triggers.first(where: { $0.property == index }),
        found.pcs.count == threadCount
      else { return nil }
      for t in 0..<threadCount { places[t].formUnion(found.pcs[t]) }
      any = true
    }
    guard any else { return nil }
    var threads: [Int] = []
    var reaches: [[Bool]] = []
    for t in 0..<threadCount where !places[t].isEmpty {
      let flow = facts.successors[t]
      // Backwards from the places over the reversed control flow.
      var predecessors = Array(repeating: [Int](), count: flow.count)
      for (pc, targets) in flow.enumerated() {
        for target in targets where predecessors.indices.contains(target) { predecessors[target].append(pc) }
      }
      var reach = Array(repeating: false, count: flow.count)
      var queue = places[t].filter { reach.indices.contains($0) }.sorted()
      for pc in queue { reach[pc] = true }
      while let pc = queue.popLast() {
        for p in predecessors[pc] where !reach[p] {
          reach[p] = true
          queue.append(p)
        }
      }
      // A thread that can reach its places from everywhere keeps every state in the cone.
      guard reach.contains(false) else { return nil }
      threads.append(t)
      reaches.append(reach)
    }
    self.threads = threads
    self.reaches = reaches
  }

  /// Whether `state` lies outside the cone: no thread can still reach a place.
  @inlinable
  func excludes<System: TransitionSystem>(_ state: UnsafeBufferPointer<UInt64>, system: System) -> Bool {
    for i in threads.indices {
      let pc = system.programCounter(of: threads[i], in: state)
      if pc < 0 || pc >= reaches[i].count || reaches[i][pc] { return false }
    }
    return true
  }
}
