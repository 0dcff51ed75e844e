/// Breadth-first explorer of a `TransitionSystem`: visits every reachable state once, checks the
/// selected properties, and returns verdicts with shortest counterexamples.
///
/// States are appended to a `StateStore` in BFS order, so the queue is a cursor into it and the
/// first violation found for a property lies on a shortest path. The search is single-threaded;
/// `run()` is `@inlinable` so compiled models in other modules get a specialized hot loop.
public struct Explorer<System: TransitionSystem> {
  public let system: System
  public let options: ExplorationOptions
  /// Bit set of the selected properties.
  @usableFromInline let selected: UInt64

  /// Checks the options against the model (property names, at most 64 properties).
  public init(system: System, options: ExplorationOptions = ExplorationOptions()) throws {
    self.system = system
    self.options = options
    let selected = try system.metadata.propertyMask(named: options.properties)
    self.selected = selected
    let metadata = system.metadata
    let liveness = metadata.properties.indices.contains { index in
      index < 64 && selected & (1 << UInt64(index)) != 0 && metadata.properties[index].kind.isLiveness
    }
    // Partial-order reduction preserves safety verdicts and deadlocks, not cycles: a liveness
    // property needs the whole graph, and a depth bound would count depth in the reduced graph.
    // Symmetry: one state per orbit of interchangeable threads. Liveness keeps the full graph
    // (fairness is per thread). Not combined with partial-order reduction yet: the two together
    // need a proviso on the quotient graph, so a model with symmetry uses symmetry alone.
    if options.reductions.contains(.symmetry), !liveness, let facts = system.symmetryFacts,
      facts.groups.contains(where: { $0.count > 1 })
    {
      symmetry = SymmetryCanonicalizer(facts: facts)
    } else {
      symmetry = nil
    }
    if options.reductions.contains(.partialOrder), !liveness, options.maxDepth == nil, symmetry == nil,
      let facts = system.reductionFacts, facts.stepsAt.count == metadata.threads.count
    {
      independence = IndependenceTable(facts: facts, visibleMask: selected)
    } else {
      independence = nil
    }
  }

  /// The independence relation when the search uses partial-order reduction, else nil.
  @usableFromInline let independence: IndependenceTable?
  /// The orbit representatives when the search uses symmetry reduction, else nil.
  @usableFromInline let symmetry: SymmetryCanonicalizer?

  /// The explorer polls for interruption and the deadline, and publishes progress, once per
  /// `pollMask + 1` states.
  @usableFromInline static var pollMask: Int { 1023 }

  /// Explores the model and returns a verdict for every selected property.
  @inlinable
  public func run() -> ExplorationResult {
    let clock = ContinuousClock()
    let start = clock.now
    let metadata = system.metadata
    let wordCount = system.wordCount
    let store = StateStore(wordCount: wordCount, memoryBudget: options.memoryBudget, pool: options.memoryPool)
    let deadline = options.deadline
    let progress = options.progress
    defer {
      progress?.publish(states: store.count, depth: 0, queue: 0, bytes: store.byteCount)
      progress?.finish()
    }
    let reachableMask = metadata.propertyMask(of: .reachable) & selected
    let deadlockMask = metadata.propertyMask(of: .deadlockFree) & selected
    let earlyStop = options.stopWhenDecided && selected != 0
    let maxStates = options.maxStates ?? Int.max
    let maxDepth = options.maxDepth ?? Int.max

    var pending = selected
    var findings = [Finding?](repeating: nil, count: metadata.properties.count)
    var stop: StopReason?
    var bound: BoundHit?
    var transitions = 0
    var depth = 0
    var deepest = 0
    var depthLimited = false
    var beyondBounds = 0

    let current = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    let canonical = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    let threadCount = metadata.threads.count
    let positions = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(threadCount, 1))
    var successorSteps: [Transition] = []
    var successorWords: [UInt64] = []
    defer {
      current.deallocate()
      scratch.deallocate()
      canonical.deallocate()
      positions.deallocate()
    }

    /// Records `hits` (a subset of `pending`) as found at `finding`.
    func record(_ hits: UInt64, _ finding: Finding) {
      var bits = hits
      while bits != 0 {
        let index = bits.trailingZeroBitCount
        findings[index] = finding
        bits &= bits - 1
      }
      pending &= ~hits
      if earlyStop && pending == 0 { stop = .decided }
    }

    /// Stores `state` (its orbit's representative, with symmetry) if it is new and within
    /// bounds, and checks its state properties.
    func admit(_ reached: UnsafeBufferPointer<UInt64>, parent: UInt32, depth stateDepth: Int) {
      var state = reached
      if let symmetry, wordCount > 0 {
        canonical.baseAddress!.update(from: reached.baseAddress!, count: wordCount)
        symmetry.canonicalize(canonical)
        state = UnsafeBufferPointer(canonical)
      }
      if store.count >= maxStates {
        if store.index(of: state) == nil {
          stop = .maxStates
          bound = BoundHit(bound: .maxStates, limit: maxStates, reached: store.count)
        }
        return
      }
      switch store.insert(state, parent: parent) {
      case .present:
        return
      case .full:
        stop = .memory
        bound = BoundHit(
          bound: .memory, limit: min(options.memoryBudget, options.memoryPool?.limit ?? Int.max),
          reached: store.refusedBytes)
      case .inserted(let index):
        if stateDepth > deepest { deepest = stateDepth }
        let verdicts = system.evaluate(state)
        let hits = ((verdicts.violated & ~reachableMask) | (verdicts.reached & reachableMask)) & pending
        if hits != 0 { record(hits, .state(UInt32(index))) }
      }
    }

    /// Stops the search when the user asked to or the time budget ran out (polled every
    /// `pollInterval` states: a clock read is cheap, but not free).
    func checkBudgets() {
      if Interruption.isRequested {
        stop = .interrupted
        bound = BoundHit(bound: .interrupted, limit: 0, reached: store.count)
      } else if let deadline, deadline.hasPassed {
        stop = .maxSeconds
        bound = BoundHit(bound: .maxSeconds, limit: deadline.milliseconds, reached: store.count)
      }
    }

    checkBudgets()
    var initialCount = 0
    if stop == nil {
      system.forEachInitialState(scratch: scratch) { state in
        admit(UnsafeBufferPointer(start: state.baseAddress, count: wordCount), parent: StateStore.noParent, depth: 0)
        initialCount += 1
        if initialCount & Self.pollMask == 0 && stop == nil {
          checkBudgets()
          progress?.publish(states: store.count, depth: 0, queue: store.count, bytes: store.byteCount)
        }
        return stop == nil
      }
    }

    var cursor = 0
    var levelEnd = store.count
    while stop == nil && cursor < store.count {
      if cursor == levelEnd {
        depth += 1
        levelEnd = store.count
      }
      if cursor & Self.pollMask == 0 {
        checkBudgets()
        if stop != nil { break }
        progress?.publish(states: store.count, depth: depth, queue: store.count - cursor, bytes: store.byteCount)
      }
      let atLimit = depth >= maxDepth
      store.copyState(at: cursor, into: current)
      let parent = UInt32(cursor)
      var ordinal: Int32 = 0
      if let independence {
        // Partial-order reduction: collect every successor (faults, bounds and deadlocks are
        // seen on all of them), then store only those of the first thread that may run alone.
        successorSteps.removeAll(keepingCapacity: true)
        successorWords.removeAll(keepingCapacity: true)
        system.forEachSuccessor(of: UnsafeBufferPointer(current), scratch: scratch) { transition, state in
          successorSteps.append(transition)
          successorWords.append(contentsOf: UnsafeBufferPointer(start: state.baseAddress, count: wordCount))
        }
        let count = successorSteps.count
        var chosen = 0..<count
        if count > 1 {
          for t in 0..<threadCount {
            positions[t] = independence.base[t] + system.programCounter(of: t, in: UnsafeBufferPointer(current))
          }
          var first = 0
          search: while first < count {
            let thread = successorSteps[first].thread
            var end = first + 1
            while end < count && successorSteps[end].thread == thread { end += 1 }
            defer { first = end }
            guard end - first < count, independence.isAmple(Int(thread), positions) else { continue }
            for k in first..<end {
              if successorSteps[k].faults != 0 || successorSteps[k].exceedsBound { continue search }
              // The cycle proviso: a successor expanded already (this state included) could
              // close a cycle on which the other threads are postponed for ever.
              let words = successorWords.withUnsafeBufferPointer {
                UnsafeBufferPointer(rebasing: $0[(k * wordCount)..<((k + 1) * wordCount)])
              }
              if let index = store.index(of: words), index <= cursor { continue search }
            }
            chosen = first..<end
            break
          }
        }
        for k in 0..<count where stop == nil {
          let transition = successorSteps[k]
          if transition.exceedsBound {
            beyondBounds += 1
            continue
          }
          let faults = transition.faults & pending
          if faults != 0 { record(faults, .transition(parent: parent, ordinal: Int32(k))) }
          guard chosen.contains(k) else { continue }
          successorWords.withUnsafeBufferPointer {
            admit(
              UnsafeBufferPointer(rebasing: $0[(k * wordCount)..<((k + 1) * wordCount)]), parent: parent,
              depth: depth + 1)
          }
        }
        ordinal = Int32(count)
        transitions += chosen.count
      } else {
        system.forEachSuccessor(of: UnsafeBufferPointer(current), scratch: scratch) { transition, state in
          guard stop == nil else { return }
          if transition.exceedsBound {
            beyondBounds += 1
            ordinal += 1
            return
          }
          let faults = transition.faults & pending
          if faults != 0 { record(faults, .transition(parent: parent, ordinal: ordinal)) }
          ordinal += 1
          let successor = UnsafeBufferPointer(start: state.baseAddress, count: wordCount)
          if atLimit {
            if !depthLimited {
              var seen = successor
              if let symmetry, wordCount > 0 {
                canonical.baseAddress!.update(from: successor.baseAddress!, count: wordCount)
                symmetry.canonicalize(canonical)
                seen = UnsafeBufferPointer(canonical)
              }
              if store.index(of: seen) == nil { depthLimited = true }
            }
          } else {
            admit(successor, parent: parent, depth: depth + 1)
          }
        }
        transitions += Int(ordinal)
      }
      if ordinal == 0 && stop == nil && deadlockMask & pending != 0
        && !system.isFinal(UnsafeBufferPointer(current))
      {
        record(deadlockMask & pending, .state(parent))
      }
      cursor += 1
    }
    if stop == nil {
      if beyondBounds > 0 {
        stop = .maxReadHolds
        bound = BoundHit(bound: .maxReadHolds, limit: 0, reached: beyondBounds)
      } else if depthLimited {
        stop = .maxDepth
        bound = BoundHit(bound: .maxDepth, limit: maxDepth, reached: depth)
      } else {
        stop = .completed
      }
    }
    // Liveness properties need the whole graph: decided after the search, on the stored states.
    // The safety verdicts stand even if the liveness pass is cut short.
    let graphComplete = stop == .completed
    var lassos: [Int: Counterexample] = [:]
    if stop == .completed {
      if let found = livenessViolations(store: store, pending: pending) {
        lassos = found
      } else {
        checkBudgets()
      }
    }
    // A reduced graph may reach a violation by a longer path than the full graph: find the
    // counterexamples again without reduction (bounded by the depth found), so they are the
    // shortest and the same as an unreduced search prints.
    let refound =
      independence != nil || symmetry != nil ? fullGraphCounterexamples(store: store, findings: findings) : [:]
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let statistics = ExplorationStatistics(
      states: store.count, transitions: transitions, maxDepth: deepest, seconds: seconds,
      statesPerSecond: seconds > 0 ? Double(store.count) / seconds : 0,
      peakMemoryBytes: ProcessMemory.peakResidentBytes() ?? store.byteCount,
      storeBytes: store.byteCount)
    return conclude(
      store: store, findings: findings, refound: refound, lassos: lassos, graphComplete: graphComplete,
      stopReason: stop ?? .completed,
      bound: bound, statistics: statistics)
  }

  /// The counterexamples of the properties in `findings`, found again by a breadth-first search
  /// of the full graph that stops once it has them all (or at the depth the reduced search found
  /// the deepest). Empty when that search is cut short before it finds one (a budget): the
  /// reduced search's own counterexamples, valid runs of the model, then stand.
  @usableFromInline
  func fullGraphCounterexamples(store: StateStore, findings: [Finding?]) -> [Int: Counterexample] {
    let metadata = system.metadata
    /// Transitions from an initial state to stored state `index`.
    func depth(of index: Int) -> Int {
      var steps = 0
      var at = index
      while case let parent = store.parent(of: at), parent != StateStore.noParent {
        steps += 1
        at = Int(parent)
      }
      return steps
    }
    var names: [String] = []
    var bound = 0
    for (index, finding) in findings.enumerated() {
      guard let finding, index < 64, selected & (1 << UInt64(index)) != 0 else { continue }
      names.append(metadata.properties[index].name)
      switch finding {
      case .state(let state): bound = max(bound, depth(of: Int(state)))
      case .transition(let parent, _): bound = max(bound, depth(of: Int(parent)) + 1)
      }
    }
    guard !names.isEmpty else { return [:] }
    var options = self.options
    options.reductions = []
    options.properties = names
    options.stopWhenDecided = true
    options.maxDepth = bound
    options.progress = nil
    guard let explorer = try? Explorer(system: system, options: options) else { return [:] }
    var found: [Int: Counterexample] = [:]
    for result in explorer.run().properties {
      guard let counterexample = result.counterexample,
        let index = metadata.properties.firstIndex(where: { $0.name == result.name })
      else { continue }
      found[index] = counterexample
    }
    return found
  }

  /// The counterexample of every violated liveness property in `pending`, found on the complete
  /// graph in `store` (`LivenessSearch`); nil when the search was interrupted or ran out of time.
  @usableFromInline
  func livenessViolations(store: StateStore, pending: UInt64) -> [Int: Counterexample]? {
    let properties = system.metadata.properties.indices.filter { index in
      index < 64 && system.metadata.properties[index].kind.isLiveness && pending & (1 << UInt64(index)) != 0
    }
    guard !properties.isEmpty else { return [:] }
    let builder = CounterexampleBuilder(system: system)
    var lassos: [Int: Counterexample] = [:]
    let deadline = options.deadline
    let search = LivenessSearch(system: system, store: store) {
      Interruption.isRequested || deadline?.hasPassed == true
    }
    guard let violations = search.violations(of: properties) else { return nil }
    for (property, lasso) in violations {
      lassos[property] = builder.counterexample(property: property, path: lasso.path, cycleStart: lasso.cycleStart)
    }
    return lassos
  }

  /// Turns findings into verdicts and rebuilds the counterexamples (off the hot path). Safety
  /// properties are decided when the breadth-first search covered the graph (`graphComplete`),
  /// liveness properties only when the liveness pass finished too (`stopReason` completed).
  @usableFromInline
  func conclude(
    store: StateStore, findings: [Finding?], refound: [Int: Counterexample] = [:], lassos: [Int: Counterexample],
    graphComplete: Bool,
    stopReason: StopReason, bound: BoundHit?,
    statistics: ExplorationStatistics
  ) -> ExplorationResult {
    let metadata = system.metadata
    let tracer = TraceReconstructor(system: system, store: store, symmetry: symmetry)
    let builder = CounterexampleBuilder(system: system)
    var results: [PropertyResult] = []
    for (index, property) in metadata.properties.enumerated() where index < 64 && selected & (1 << UInt64(index)) != 0 {
      let verdict: Verdict
      var counterexample: Counterexample?
      let complete = property.kind.isLiveness ? stopReason == .completed : graphComplete
      if let lasso = lassos[index] {
        verdict = .violated
        counterexample = lasso
      } else if let finding = findings[index] {
        verdict = property.kind == .reachable ? .holds : .violated
        counterexample = refound[index] ?? builder.counterexample(property: index, path: tracer.path(to: finding))
      } else if property.kind == .reachable {
        verdict = complete ? .violated : .unknown
      } else {
        verdict = complete ? .holds : .unknown
      }
      results.append(
        PropertyResult(
          name: property.name, kind: property.kind, verdict: verdict, expected: property.expect,
          counterexample: counterexample))
    }
    return ExplorationResult(
      model: metadata.name, properties: results, stopReason: stopReason, bound: bound, statistics: statistics)
  }
}
