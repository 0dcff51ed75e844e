/// Rebuilds the path to a finding from a `StateStore`'s parent indices, re-expanding each parent
/// to find the transition that reaches the child (the first one in emission order).
@usableFromInline
struct TraceReconstructor<System: TransitionSystem> {
  let system: System
  let store: StateStore

  @usableFromInline
  init(system: System, store: StateStore) {
    self.system = system
    self.store = store
  }

  /// The path from an initial state to the finding; for a transition fault it ends with the
  /// faulting transition.
  @usableFromInline
  func path(to finding: Finding) -> TracePath {
    switch finding {
    case .state(let index):
      let (states, transitions) = chain(to: Int(index))
      return TracePath(states: states, transitions: transitions, endsInFault: false)
    case .transition(let parent, let ordinal):
      var (states, transitions) = chain(to: Int(parent))
      let from = states[states.count - 1]
      var found: (Transition, [UInt64])?
      var seen: Int32 = 0
      expand(from) { transition, state in
        if seen == ordinal { found = (transition, Array(state)) }
        seen += 1
      }
      guard let (transition, state) = found else {
        preconditionFailure("successor \(ordinal) of state \(parent) vanished: the model is not deterministic")
      }
      transitions.append(transition)
      states.append(state)
      return TracePath(states: states, transitions: transitions, endsInFault: true)
    }
  }

  /// States from the root to `index` and the transitions between them.
  func chain(to index: Int) -> ([[UInt64]], [Transition]) {
    var indices = [index]
    while case let parent = store.parent(of: indices[indices.count - 1]), parent != StateStore.noParent {
      indices.append(Int(parent))
    }
    indices.reverse()
    let states = indices.map { Array(store.state(at: $0)) }
    var transitions: [Transition] = []
    for (from, to) in zip(states, states.dropFirst()) {
      var found: Transition?
      expand(from) { transition, state in
        if found == nil && !transition.exceedsBound && state.elementsEqual(to) { found = transition }
      }
      guard let found else {
        preconditionFailure("no transition reproduces a stored edge: the model is not deterministic")
      }
      transitions.append(found)
    }
    return (states, transitions)
  }

  func expand(_ state: [UInt64], _ body: (Transition, UnsafeBufferPointer<UInt64>) -> Void) {
    let count = system.wordCount
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(count, 1))
    defer { scratch.deallocate() }
    state.withUnsafeBufferPointer { from in
      system.forEachSuccessor(of: from, scratch: scratch) { transition, successor in
        body(transition, UnsafeBufferPointer(start: successor.baseAddress, count: count))
      }
    }
  }
}
