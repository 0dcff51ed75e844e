/// Decides liveness properties (`eventually`, `leads_to`) on a completely explored state graph,
/// and builds a lasso-shaped counterexample when one is violated.
///
/// The graph is the explorer's `StateStore`; edges are regenerated from the transition system.
/// A property is violated exactly when its *bad region* (the states where its goal does not
/// hold, reachable without passing through a goal state from an initial state for `eventually`,
/// or from a state where `from` holds for `leads_to`) contains
/// - a *terminal* state (no thread can move: the run ends without reaching the goal), or
/// - a non-trivial strongly connected component that contains a fair run. Under weak fairness
///   per thread, an SCC contains a fair run iff every thread is disabled in some state of it or
///   takes some edge inside it (the run that goes round every edge of the SCC forever is then
///   fair, and no run confined to the SCC can be fair otherwise). Without fairness, any
///   non-trivial SCC will do.
///
/// SCCs are found with Tarjan's algorithm (iterative), restricted to the bad region, so the
/// search is linear in the region's states and edges.
@usableFromInline
struct LivenessSearch<System: TransitionSystem> {
  /// A violating run: `path` from an initial state, and where its repeating part starts.
  struct Lasso {
    var path: TracePath
    /// Index into `path.transitions` of the first step of the cycle (the last state equals
    /// `path.states[cycleStart]`); nil when the run ends in a terminal state.
    var cycleStart: Int?
  }

  let system: System
  let store: StateStore
  let threadCount: Int

  @usableFromInline
  init(system: System, store: StateStore) {
    self.system = system
    self.store = store
    self.threadCount = system.metadata.threads.count
  }

  // MARK: - Graph access

  /// Calls `body` with (target index, transition) for every followed transition from `state`.
  func successors(of state: Int, _ body: (Int, Transition) -> Void) {
    let wordCount = store.wordCount
    let current = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    defer {
      current.deallocate()
      scratch.deallocate()
    }
    store.copyState(at: state, into: current)
    system.forEachSuccessor(of: UnsafeBufferPointer(current), scratch: scratch) { transition, successor in
      guard !transition.exceedsBound,
        let target = store.index(of: UnsafeBufferPointer(start: successor.baseAddress, count: wordCount))
      else { return }
      body(target, transition)
    }
  }

  /// A fixed-size bit set over store indices.
  struct Bits {
    var words: [UInt64]
    init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }
    subscript(i: Int) -> Bool {
      get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
      set {
        if newValue { words[i >> 6] |= 1 << UInt64(i & 63) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
      }
    }
  }

  // MARK: - The search

  /// One state of Tarjan's search in progress: its edges inside the region and the next to try.
  struct Frame {
    var state: Int
    var edges: [Int]
    var cursor = 0
    var hasSuccessor: Bool
    var selfLoop: Bool
  }

  /// The lasso violating property `property`, or nil when it holds.
  func violation(of property: Int) -> Lasso? {
    let info = system.metadata.properties[property]
    let bit = UInt64(1) << UInt64(property)
    let count = store.count
    var region = Bits(count: count)
    var seeds: [Int] = []
    let wordCount = store.wordCount
    let buffer = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    defer { buffer.deallocate() }
    for i in 0..<count {
      store.copyState(at: i, into: buffer)
      let verdicts = system.evaluate(UnsafeBufferPointer(buffer))
      guard verdicts.reached & bit == 0 else { continue }
      region[i] = true
      let isSeed =
        info.kind == .leadsTo ? verdicts.triggered & bit != 0 : store.parent(of: i) == StateStore.noParent
      if isSeed { seeds.append(i) }
    }
    guard
      let (component, root) = findComponent(
        region: region, seeds: seeds, fairness: info.fairness, count: count)
    else { return nil }
    return lasso(
      component: component, root: root, region: region, seeds: info.kind == .leadsTo ? [root] : seeds,
      fromInitial: info.kind == .leadsTo, fairness: info.fairness)
  }

  /// A bad component reachable in `region` from `seeds`: its members (a terminal state alone, or
  /// a non-trivial SCC with a fair run) and the seed whose search found it.
  func findComponent(region: Bits, seeds: [Int], fairness: Fairness, count: Int) -> ([Int], Int)? {
    // Tarjan: `number[v]` is v's DFS number (0: unvisited), `low[v]` its low link.
    var number = [UInt32](repeating: 0, count: count)
    var low = [UInt32](repeating: 0, count: count)
    var onStack = Bits(count: count)
    var next: UInt32 = 1
    var stack: [Int] = []
    for seed in seeds where number[seed] == 0 {
      var frames: [Frame] = []
      func enter(_ v: Int) {
        number[v] = next
        low[v] = next
        next += 1
        stack.append(v)
        onStack[v] = true
        var edges: [Int] = []
        var any = false
        var selfLoop = false
        successors(of: v) { target, _ in
          any = true
          if target == v { selfLoop = true }
          if region[target] { edges.append(target) }
        }
        frames.append(Frame(state: v, edges: edges, hasSuccessor: any, selfLoop: selfLoop))
      }
      enter(seed)
      while let top = frames.last {
        let v = top.state
        if top.cursor < top.edges.count {
          let w = top.edges[top.cursor]
          frames[frames.count - 1].cursor += 1
          if number[w] == 0 {
            enter(w)
          } else if onStack[w] {
            low[v] = min(low[v], number[w])
          }
          continue
        }
        frames.removeLast()
        if let parent = frames.last {
          low[parent.state] = min(low[parent.state], low[v])
        }
        guard low[v] == number[v] else { continue }
        // v is the root of an SCC: pop it.
        var members: [Int] = []
        while let w = stack.popLast() {
          onStack[w] = false
          members.append(w)
          if w == v { break }
        }
        if members.count == 1 && !top.selfLoop {
          if !top.hasSuccessor { return ([v], seed) }
          continue
        }
        if fairness == .unfair || isFair(members) { return (members, seed) }
      }
    }
    return nil
  }

  /// Whether the SCC `members` contains a weakly fair run: every thread is disabled somewhere
  /// in it or moves along one of its internal edges.
  func isFair(_ members: [Int]) -> Bool {
    let inside = Set(members)
    var enabledEverywhere = Array(repeating: true, count: threadCount)
    var takenInside = Array(repeating: false, count: threadCount)
    for m in members {
      var enabled = Array(repeating: false, count: threadCount)
      successors(of: m) { target, transition in
        let t = Int(transition.thread)
        guard t < threadCount else { return }
        enabled[t] = true
        if inside.contains(target) { takenInside[t] = true }
      }
      for t in 0..<threadCount where !enabled[t] { enabledEverywhere[t] = false }
    }
    return (0..<threadCount).allSatisfy { !enabledEverywhere[$0] || takenInside[$0] }
  }

  // MARK: - The counterexample

  /// The shortest path inside `allowed` from any of `sources` to a state satisfying `goal`, as
  /// (states, transitions); nil if none.
  func shortestPath(from sources: [Int], within allowed: (Int) -> Bool, to goal: (Int) -> Bool)
    -> ([Int], [Transition])?
  {
    var parent: [Int: (Int, Transition)] = [:]
    var seen = Set(sources)
    var queue = sources
    var head = 0
    var found: Int? = sources.first(where: goal)
    while found == nil && head < queue.count {
      let v = queue[head]
      head += 1
      successors(of: v) { target, transition in
        guard found == nil, allowed(target), !seen.contains(target) else { return }
        seen.insert(target)
        parent[target] = (v, transition)
        if goal(target) { found = target } else { queue.append(target) }
      }
    }
    guard let end = found else { return nil }
    var states = [end]
    var transitions: [Transition] = []
    while let (p, transition) = parent[states[states.count - 1]] {
      states.append(p)
      transitions.append(transition)
    }
    return (states.reversed(), transitions.reversed())
  }

  func lasso(
    component: [Int], root: Int, region: Bits, seeds: [Int], fromInitial: Bool, fairness: Fairness
  ) -> Lasso? {
    let members = Set(component)
    var states: [Int] = []
    var transitions: [Transition] = []
    if fromInitial {
      // leads_to: the shortest run to the seed (where `from` holds), then on inside the region.
      var chain = [root]
      while case let p = store.parent(of: chain[chain.count - 1]), p != StateStore.noParent { chain.append(Int(p)) }
      chain.reverse()
      states = [chain[0]]
      for target in chain.dropFirst() {
        var found: Transition?
        successors(of: states[states.count - 1]) { to, transition in
          if found == nil && to == target { found = transition }
        }
        guard let found else { return nil }
        states.append(target)
        transitions.append(found)
      }
    }
    guard
      let (prefix, prefixTransitions) = shortestPath(
        from: fromInitial ? [root] : seeds, within: { region[$0] }, to: { members.contains($0) })
    else { return nil }
    if fromInitial {
      states += prefix.dropFirst()
    } else {
      states = prefix
    }
    transitions += prefixTransitions
    let entry = states[states.count - 1]
    if component.count == 1 && !hasSelfLoop(entry) {
      return Lasso(path: trace(states, transitions), cycleStart: nil)
    }
    // The cycle: from the entry, meet each thread's fairness obligation inside the component,
    // then return to the entry.
    let cycleStart = transitions.count
    var current = entry
    func walk(to goal: (Int) -> Bool) -> Bool {
      guard let (path, steps) = shortestPath(from: [current], within: { members.contains($0) }, to: goal)
      else { return false }
      states += path.dropFirst()
      transitions += steps
      current = path[path.count - 1]
      return true
    }
    func take(_ thread: Int?) -> Bool {
      var edge: (Int, Transition)?
      successors(of: current) { target, transition in
        if edge == nil, members.contains(target), thread == nil || Int(transition.thread) == thread {
          edge = (target, transition)
        }
      }
      guard let (target, transition) = edge else { return false }
      states.append(target)
      transitions.append(transition)
      current = target
      return true
    }
    if fairness == .weak {
      for t in 0..<threadCount {
        let disabledAt: (Int) -> Bool = { state in
          var enabled = false
          self.successors(of: state) { _, transition in if Int(transition.thread) == t { enabled = true } }
          return !enabled
        }
        if component.contains(where: disabledAt) {
          guard walk(to: disabledAt) else { return nil }
        } else {
          let movesInside: (Int) -> Bool = { state in
            var moves = false
            self.successors(of: state) { target, transition in
              if Int(transition.thread) == t && members.contains(target) { moves = true }
            }
            return moves
          }
          guard walk(to: movesInside), take(t) else { return nil }
        }
      }
    }
    if transitions.count == cycleStart { guard take(nil) else { return nil } }
    if current != entry { guard walk(to: { $0 == entry }) else { return nil } }
    return Lasso(path: trace(states, transitions), cycleStart: cycleStart)
  }

  func hasSelfLoop(_ state: Int) -> Bool {
    var found = false
    successors(of: state) { target, _ in if target == state { found = true } }
    return found
  }

  func trace(_ states: [Int], _ transitions: [Transition]) -> TracePath {
    TracePath(
      states: states.map { Array(store.state(at: $0)) }, transitions: transitions, endsInFault: false)
  }
}
