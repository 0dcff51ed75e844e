/// Decides liveness properties (`eventually`, `leads_to`) on a completely explored state graph,
/// and builds a lasso-shaped counterexample when one is violated.
///
/// The graph is the explorer's `StateStore`; edges are regenerated from the transition system
/// (a successor the store lacks is noted in `LivenessBuffers.missedSuccessor`).
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
  @usableFromInline
  struct Lasso {
    @usableFromInline var path: TracePath
    /// Index into `path.transitions` of the first step of the cycle (the last state equals
    /// `path.states[cycleStart]`); nil when the run ends in a terminal state.
    @usableFromInline var cycleStart: Int?
  }

  @usableFromInline let system: System
  @usableFromInline let store: StateStore
  @usableFromInline let threadCount: Int
  /// Buffers for regenerating edges (one state and its successor), allocated once per search.
  @usableFromInline let buffers: LivenessBuffers
  /// Polled every few thousand states: true ends the search with no verdicts (interrupted, or
  /// out of time).
  @usableFromInline let shouldStop: () -> Bool

  @usableFromInline
  init(system: System, store: StateStore, shouldStop: @escaping () -> Bool = { false }) {
    self.system = system
    self.store = store
    self.threadCount = system.metadata.threads.count
    self.shouldStop = shouldStop
    self.buffers = LivenessBuffers(wordCount: store.wordCount)
  }

  /// Thrown inside the search when `shouldStop` said so, or when its working memory would pass
  /// the store's budget (then `buffers.refusedMemory` is set).
  @usableFromInline
  struct Stopped: Error {
    @inlinable init() {}
  }

  /// Counts `bytes` more of the pass's working memory against the store's budget (with the
  /// store, as its side buffers); throws, with `buffers.refusedMemory` set, when they do not fit.
  /// `held` keeps the total, for `store.releaseSide` when the memory is freed.
  @inlinable
  func need(_ bytes: Int, held: inout Int) throws(Stopped) {
    guard store.reserveSide(adding: bytes, copying: 0) else {
      buffers.refusedMemory = true
      throw Stopped()
    }
    held += bytes
  }

  /// Makes room for one more element in `array`, a working list of the pass that grows with the
  /// graph (`StateStore.reserveSide(forOneMoreIn:...)`), its bytes added to `held`; throws as
  /// `need` does when they do not fit.
  @inlinable
  func roomForOneMore<Element>(in array: inout [Element], accounted: inout Int, held: inout Int) throws(Stopped) {
    guard store.reserveSide(forOneMoreIn: &array, accounted: &accounted, minimumGrowth: 64, added: &held) else {
      buffers.refusedMemory = true
      throw Stopped()
    }
  }

  // MARK: - Graph access

  /// Calls `body` with (target index, transition) for every followed transition from `state`.
  /// `body` may ask for other states' successors (the lasso's searches do): the shared buffers
  /// serve the outermost call, a nested one gets buffers of its own.
  @inlinable
  func successors(of state: Int, _ body: (Int, Transition) -> Void) {
    let wordCount = store.wordCount
    guard !buffers.inUse else {
      let nested = LivenessBuffers(wordCount: wordCount)
      successors(of: state, current: nested.current, scratch: nested.scratch, body)
      return
    }
    buffers.inUse = true
    defer { buffers.inUse = false }
    successors(of: state, current: buffers.current, scratch: buffers.scratch, body)
  }

  @inlinable
  func successors(
    of state: Int, current: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ body: (Int, Transition) -> Void
  ) {
    let wordCount = store.wordCount
    store.copyState(at: state, into: current)
    system.forEachSuccessor(of: UnsafeBufferPointer(current), scratch: scratch) { transition, successor in
      guard !transition.exceedsBound else { return }
      guard let target = store.index(of: UnsafeBufferPointer(start: successor.baseAddress, count: wordCount)) else {
        buffers.missedSuccessor = true
        return
      }
      body(target, transition)
    }
  }

  /// A fixed-size bit set over store indices.
  @usableFromInline
  struct Bits {
    @usableFromInline var words: [UInt64]
    @inlinable init(count: Int) { words = Array(repeating: 0, count: (count + 63) / 64) }
    @inlinable subscript(i: Int) -> Bool {
      get { words[i >> 6] & (1 << UInt64(i & 63)) != 0 }
      set {
        if newValue { words[i >> 6] |= 1 << UInt64(i & 63) } else { words[i >> 6] &= ~(1 << UInt64(i & 63)) }
      }
    }
  }

  // MARK: - The search

  /// What the search found in one property's bad region: its members (a terminal state alone,
  /// or a non-trivial SCC with a fair run), whether they form a cycle, and the seed whose search
  /// reached them.
  @usableFromInline
  struct Component {
    @usableFromInline var members: [Int]
    @usableFromInline var isCycle: Bool
    @usableFromInline var seed: Int

    @inlinable
    init(members: [Int], isCycle: Bool, seed: Int) {
      self.members = members
      self.isCycle = isCycle
      self.seed = seed
    }
  }

  /// One state of Tarjan's search in progress: its region edges are `edges[start..<end]` of
  /// the search's shared edge stack, and `cursor` is the next to try.
  @usableFromInline
  struct Frame {
    @usableFromInline var state: Int
    @usableFromInline var start: Int
    @usableFromInline var end: Int
    @usableFromInline var cursor: Int
    @usableFromInline var hasSuccessor: Bool
    @usableFromInline var selfLoop: Bool

    @inlinable
    init(state: Int, start: Int, end: Int, cursor: Int, hasSuccessor: Bool, selfLoop: Bool) {
      self.state = state
      self.start = start
      self.end = end
      self.cursor = cursor
      self.hasSuccessor = hasSuccessor
      self.selfLoop = selfLoop
    }
  }

  /// The goal and trigger bits of up to four liveness properties for every stored state, as the
  /// explorer records them while storing (a byte per state), so the pass need not evaluate the
  /// states again: for the `n`th of `properties`, bit `2n` is its goal (`StateVerdicts.reached`)
  /// and bit `2n + 1` its trigger.
  @usableFromInline
  struct Recorded {
    @usableFromInline let properties: [Int]
    @usableFromInline var bits: [UInt8] = []

    /// Records for the liveness properties among `selected` (a bit set), or nil when there are
    /// none or more than four.
    @inlinable
    init?(metadata: ModelMetadata, selected: UInt64) {
      properties = metadata.properties.indices.filter { index in
        index < 64 && selected & (1 << UInt64(index)) != 0 && metadata.properties[index].kind.isLiveness
      }
      guard !properties.isEmpty && properties.count <= 4 else { return nil }
    }

    /// Records the next stored state's verdicts, where those of the properties in `inherited`
    /// (a bit set, none by default) are taken from stored state `parent`'s record instead: the
    /// step between them cannot have changed them, and `verdicts` may lack them.
    @inlinable
    mutating func append(_ verdicts: StateVerdicts, parent: Int = 0, inherited: UInt64 = 0) {
      var byte: UInt8 = 0
      for (n, property) in properties.enumerated() {
        if inherited & (1 << UInt64(property)) != 0 {
          byte |= bits[parent] & (3 << UInt8(2 * n))
          continue
        }
        if verdicts.reached & (1 << UInt64(property)) != 0 { byte |= 1 << UInt8(2 * n) }
        if verdicts.triggered & (1 << UInt64(property)) != 0 { byte |= 2 << UInt8(2 * n) }
      }
      bits.append(byte)
    }

    /// Stored state `state`'s goal and trigger bits (the recorded properties' only).
    @inlinable
    func verdicts(of state: Int) -> StateVerdicts {
      var verdicts = StateVerdicts()
      let byte = bits[state]
      for (n, property) in properties.enumerated() {
        if (byte >> UInt8(2 * n)) & 1 != 0 { verdicts.reached |= 1 << UInt64(property) }
        if (byte >> UInt8(2 * n + 1)) & 1 != 0 { verdicts.triggered |= 1 << UInt64(property) }
      }
      return verdicts
    }
  }

  /// One property's bad region and where its search starts.
  @usableFromInline
  struct Region {
    @usableFromInline var states: Bits
    @usableFromInline var seeds: [Int] = []

    @inlinable
    init(states: Bits) { self.states = states }
  }

  /// The lasso violating each of `properties` that is violated (liveness properties, by index).
  /// Every state is read once for all of them: its bits from `recorded` where the explorer kept
  /// them, else evaluated again.
  /// Returns nil when `shouldStop` ended the search.
  @inlinable
  func violations(of properties: [Int], recorded: Recorded? = nil) -> [Int: Lasso]? {
    do {
      var held = 0
      defer { store.releaseSide(held) }
      return try violations(of: properties, recorded: recorded, held: &held)
    } catch {
      return nil
    }
  }

  /// `violations(of:recorded:)`, its working memory counted in `held`.
  @inlinable
  func violations(of properties: [Int], recorded: Recorded?, held: inout Int) throws(Stopped) -> [Int: Lasso] {
    let count = store.count
    try need(properties.count * (count + 63) / 64 * 8, held: &held)
    var regions = properties.map { _ in Region(states: Bits(count: count)) }
    var seedsAccounted = properties.map { _ in 0 }
    let buffer = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(store.wordCount, 1))
    defer { buffer.deallocate() }
    // The explorer records every selected liveness property, and so every one asked for here.
    let useRecorded = recorded.map { $0.bits.count == count && Set(properties).isSubset(of: $0.properties) } ?? false
    for i in 0..<count {
      if i & 4095 == 0 && shouldStop() { throw Stopped() }
      let verdicts: StateVerdicts
      if useRecorded, let recorded {
        verdicts = recorded.verdicts(of: i)
      } else {
        store.copyState(at: i, into: buffer)
        verdicts = system.evaluate(UnsafeBufferPointer(buffer))
      }
      let initial = store.parent(of: i) == StateStore.noParent
      for (n, property) in properties.enumerated() {
        let bit = UInt64(1) << UInt64(property)
        guard verdicts.reached & bit == 0 else { continue }
        regions[n].states[i] = true
        let triggers = system.metadata.properties[property].kind == .leadsTo
        if triggers ? verdicts.triggered & bit != 0 : initial {
          try roomForOneMore(in: &regions[n].seeds, accounted: &seedsAccounted[n], held: &held)
          regions[n].seeds.append(i)
        }
      }
    }
    var lassos: [Int: Lasso] = [:]
    for (n, property) in properties.enumerated() {
      let info = system.metadata.properties[property]
      var componentHeld = 0
      defer { store.releaseSide(componentHeld) }
      guard let component = try badComponent(in: regions[n], fairness: info.fairness, held: &componentHeld) else {
        continue
      }
      // The lasso's searches: a parent map, a seen set and a queue over at most the region (about
      // 64 bytes a state), and the component's members as a set.
      let regionSize = regions[n].states.words.reduce(0) { $0 + $1.nonzeroBitCount }
      try need(regionSize * 64 + component.members.count * 16, held: &componentHeld)
      lassos[property] = lasso(
        through: component, region: regions[n].states, fromTrigger: info.kind == .leadsTo,
        initial: regions[n].seeds, fairness: info.fairness)
    }
    return lassos
  }

  /// The first bad component that Tarjan's algorithm, run inside `region` from its seeds, closes.
  @inlinable
  func badComponent(in region: Region, fairness: Fairness, held: inout Int) throws(Stopped) -> Component? {
    let count = store.count
    try need(count * 8 + 2 * (count + 63) / 64 * 8, held: &held)
    // `number[v]`: v's DFS number (0: unvisited); `low[v]`: its low link.
    var number = [UInt32](repeating: 0, count: count)
    var low = [UInt32](repeating: 0, count: count)
    var onStack = Bits(count: count)
    var inside = Bits(count: count)
    var next: UInt32 = 1
    var stopped = false
    var stack: [Int] = []
    // The region edges of every state on the DFS path, in one array; a frame owns a slice.
    var edges: [Int] = []
    var frames: [Frame] = []
    var (stackAccounted, edgesAccounted, framesAccounted) = (0, 0, 0)
    func enter(_ v: Int) throws(Stopped) {
      if next & 4095 == 0 && shouldStop() { stopped = true }
      number[v] = next
      low[v] = next
      next += 1
      try roomForOneMore(in: &stack, accounted: &stackAccounted, held: &held)
      stack.append(v)
      onStack[v] = true
      let first = edges.count
      var any = false
      var selfLoop = false
      var refused = false
      var heldHere = held
      successors(of: v) { target, _ in
        any = true
        if target == v { selfLoop = true }
        guard region.states[target], !refused else { return }
        do {
          try roomForOneMore(in: &edges, accounted: &edgesAccounted, held: &heldHere)
          edges.append(target)
        } catch {
          refused = true
        }
      }
      held = heldHere
      if refused { throw Stopped() }
      try roomForOneMore(in: &frames, accounted: &framesAccounted, held: &held)
      frames.append(
        Frame(state: v, start: first, end: edges.count, cursor: first, hasSuccessor: any, selfLoop: selfLoop))
    }
    for seed in region.seeds where number[seed] == 0 {
      try enter(seed)
      while let top = frames.last {
        if stopped { throw Stopped() }
        let v = top.state
        if top.cursor < top.end {
          let w = edges[top.cursor]
          frames[frames.count - 1].cursor += 1
          if number[w] == 0 {
            try enter(w)
          } else if onStack[w] {
            low[v] = min(low[v], number[w])
          }
          continue
        }
        frames.removeLast()
        edges.removeLast(edges.count - top.start)
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
          if !top.hasSuccessor { return Component(members: [v], isCycle: false, seed: seed) }
          continue
        }
        if fairness == .unfair || isFair(members, inside: &inside) {
          return Component(members: members, isCycle: true, seed: seed)
        }
      }
    }
    return nil
  }

  /// Whether the SCC `members` contains a weakly fair run: every thread is disabled somewhere
  /// in it or moves along one of its internal edges.
  /// Stops reading members once every thread's obligation is met (in a large component, after
  /// a few).
  /// `inside` is clear on entry and on return (a scratch set over the store, allocated once per
  /// search: there may be many small components).
  @inlinable
  func isFair(_ members: [Int], inside: inout Bits) -> Bool {
    for m in members { inside[m] = true }
    defer { for m in members { inside[m] = false } }
    var enabledEverywhere = Array(repeating: true, count: threadCount)
    var takenInside = Array(repeating: false, count: threadCount)
    var enabled = Array(repeating: false, count: threadCount)
    var unmet = threadCount
    for m in members {
      for t in 0..<threadCount { enabled[t] = false }
      successors(of: m) { target, transition in
        let t = Int(transition.thread)
        guard t < threadCount else { return }
        enabled[t] = true
        if inside[target] && !takenInside[t] {
          if enabledEverywhere[t] { unmet -= 1 }
          takenInside[t] = true
        }
      }
      for t in 0..<threadCount where !enabled[t] && enabledEverywhere[t] {
        enabledEverywhere[t] = false
        if !takenInside[t] { unmet -= 1 }
      }
      if unmet == 0 { return true }
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

  /// The violating run through `component`: a prefix to it (for `leads_to`, the shortest run to
  /// the seed where `from` holds, then on inside the region; for `eventually`, inside the region
  /// from an initial state), then, for a cycle, a loop that meets every thread's fairness
  /// obligation and returns to where it entered.
  @usableFromInline
  func lasso(
    through component: Component, region: Bits, fromTrigger: Bool, initial: [Int], fairness: Fairness
  ) -> Lasso? {
    let members = Set(component.members)
    var chainStates: [[UInt64]] = []
    var transitions: [Transition] = []
    if fromTrigger {
      let chain = TraceReconstructor(system: system, store: store).chain(to: component.seed)
      chainStates = Array(chain.0.dropLast())
      transitions = chain.1
    }
    guard
      let (prefix, prefixTransitions) = shortestPath(
        from: fromTrigger ? [component.seed] : initial, within: { region[$0] }, to: { members.contains($0) })
    else { return nil }
    var states = prefix
    transitions += prefixTransitions
    func trace(cycleStart: Int?) -> Lasso {
      let path = TracePath(
        states: chainStates + states.map { Array(store.state(at: $0)) }, transitions: transitions,
        endsInFault: false)
      return Lasso(path: path, cycleStart: cycleStart)
    }
    guard component.isCycle else { return trace(cycleStart: nil) }
    // The cycle: from the entry, meet each thread's fairness obligation inside the component,
    // then return to the entry.
    let entry = states[states.count - 1]
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
        if component.members.contains(where: disabledAt) {
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
    return trace(cycleStart: cycleStart)
  }
}

/// The two state buffers a `LivenessSearch` regenerates edges with: the state whose edges are
/// wanted and its successor.
@usableFromInline
final class LivenessBuffers {
  @usableFromInline let current: UnsafeMutableBufferPointer<UInt64>
  @usableFromInline let scratch: UnsafeMutableBufferPointer<UInt64>
  /// Set while a call of `LivenessSearch.successors(of:)` uses them.
  @usableFromInline var inUse = false
  /// Set when a successor was not in the store (a search within a `TriggerCone` left it out):
  /// the pass then did not see the whole graph.
  @usableFromInline var missedSuccessor = false
  /// Set when the pass's working memory would have passed the store's budget: the pass stopped.
  @usableFromInline var refusedMemory = false

  @usableFromInline
  init(wordCount: Int) {
    current = .allocate(capacity: max(wordCount, 1))
    scratch = .allocate(capacity: max(wordCount, 1))
  }

  deinit {
    current.deallocate()
    scratch.deallocate()
  }
}
