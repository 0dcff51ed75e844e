/// Rebuilds the path to a finding from a `StateStore`'s parent indices, re-expanding each parent
/// to find the transition that reaches the child (the first one in emission order). A store that
/// keeps no parents is read by breadth-first levels: a state's parent is then the first state of
/// the level before it that has a transition to it.
@usableFromInline
struct TraceReconstructor<System: TransitionSystem> {
  let system: System
  let store: StateStore
  /// Set when the store holds orbit representatives (symmetry reduction): the path is then
  /// rebuilt as a real run whose states have the stored states as representatives.
  let symmetry: SymmetryCanonicalizer?
  /// The search's breadth-first levels (`depth(of:levels:)`), which a store without parents needs.
  let levels: [Int]?

  @usableFromInline
  init(system: System, store: StateStore, symmetry: SymmetryCanonicalizer? = nil, levels: [Int]? = nil) {
    precondition(store.keepsParents || levels != nil, "a store without parents needs its levels")
    self.system = system
    self.store = store
    self.symmetry = symmetry
    self.levels = levels
  }

  /// The depth of stored state `index` in a breadth-first search whose level `k` is the indices
  /// `levels[k]..<levels[k + 1]` (the last level runs to the store's end): the last `k` whose
  /// level starts at or before `index`.
  @usableFromInline
  static func depth(of index: Int, levels: [Int]) -> Int {
    var low = 0
    var high = levels.count
    // Invariant: levels[k] <= index for every k < low; levels[k] > index for every k >= high.
    while low < high {
      let middle = (low + high) / 2
      if levels[middle] <= index { low = middle + 1 } else { high = middle }
    }
    return max(low - 1, 0)
  }

  /// The index of the state `index` was first reached from, or nil for an initial state.
  func parent(of index: Int) -> Int? {
    if store.keepsParents {
      let parent = store.parent(of: index)
      return parent == StateStore.noParent ? nil : Int(parent)
    }
    guard let levels else { return nil }
    let depth = Self.depth(of: index, levels: levels)
    guard depth > 0 else { return nil }
    let target = store.state(at: index)
    let count = system.wordCount
    let from = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(count, 1))
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(count, 1))
    defer {
      from.deallocate()
      scratch.deallocate()
    }
    for candidate in levels[depth - 1]..<levels[depth] {
      store.copyState(at: candidate, into: from)
      var reaches = false
      system.forEachSuccessor(of: UnsafeBufferPointer(from), scratch: scratch) { transition, successor in
        guard !reaches && !transition.exceedsBound else { return }
        let words = UnsafeBufferPointer(start: successor.baseAddress, count: count)
        reaches = symmetry == nil ? words.elementsEqual(target) : canonical(words) == target
      }
      if reaches { return candidate }
    }
    preconditionFailure("no state of the level before reaches a stored state: the model is not deterministic")
  }

  /// `state`'s representative (itself without symmetry).
  func canonical(_ state: UnsafeBufferPointer<UInt64>) -> [UInt64] {
    var words = Array(state)
    if let symmetry { words.withUnsafeMutableBufferPointer { symmetry.canonicalize($0) } }
    return words
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
      var found: (Transition, [UInt64])?
      var seen: Int32 = 0
      expand(Array(store.state(at: Int(parent)))) { transition, state in
        if seen == ordinal { found = (transition, Array(state)) }
        seen += 1
      }
      if symmetry != nil, let (stored, target) = found {
        // The run ends in a state with the stored parent as representative: take the transition
        // there that raises the same faults and leads into the same orbit.
        let goal = target.withUnsafeBufferPointer { canonical($0) }
        found = nil
        expand(states[states.count - 1]) { transition, state in
          if found == nil && transition.faults == stored.faults && canonical(state) == goal {
            found = (transition, Array(state))
          }
        }
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
    while let parent = parent(of: indices[indices.count - 1]) { indices.append(parent) }
    indices.reverse()
    var states = [Array(store.state(at: indices[0]))]
    var transitions: [Transition] = []
    for to in indices.dropFirst().map({ Array(store.state(at: $0)) }) {
      var found: (Transition, [UInt64])?
      expand(states[states.count - 1]) { transition, state in
        guard found == nil && !transition.exceedsBound else { return }
        if symmetry == nil ? state.elementsEqual(to) : canonical(state) == to { found = (transition, Array(state)) }
      }
      guard let (transition, state) = found else {
        preconditionFailure("no transition reproduces a stored edge: the model is not deterministic")
      }
      transitions.append(transition)
      states.append(state)
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
