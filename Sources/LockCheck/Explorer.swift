/// Breadth-first explorer of a `TransitionSystem`: visits every reachable state once, checks the
/// selected properties, and returns verdicts with shortest counterexamples.
///
/// States are appended to a `StateStore` in BFS order, so the queue is a cursor into it and the
/// first violation found for a property lies on a shortest path. With `workers` above 1 the
/// successors of each batch of states are generated on several threads and stored in order, so
/// the result is the same for any number of workers. `run()` is `@inlinable` so compiled models
/// in other modules get a specialized hot loop.
public struct Explorer<System: TransitionSystem> {
  public let system: System
  public let options: ExplorationOptions
  /// Bit set of the selected properties.
  @usableFromInline let selected: UInt64

  /// Checks the options against the model (property names, at most 64 properties).
  public init(system: System, options: ExplorationOptions = ExplorationOptions()) throws {
    let selected = try system.metadata.propertyMask(named: options.properties)
    self.init(system: system, options: options, selected: selected, cone: nil)
  }

  /// A search of the properties in `selected` (a bit set); with a `cone`, one that stores only
  /// the states inside it (the liveness properties' search of a model `run()` splits).
  @usableFromInline
  init(system: System, options: ExplorationOptions, selected: UInt64, cone: TriggerCone?) {
    self.system = system
    self.options = options
    self.selected = selected
    self.cone = cone
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
      independence = IndependenceTable(facts: facts)
    } else {
      independence = nil
    }
    var restChanges: [UInt64] = []
    var restBase: [Int] = []
    if let facts = system.reductionFacts, facts.stepsAt.count == metadata.threads.count {
      for steps in facts.stepsAt {
        restBase.append(restChanges.count)
        for here in steps {
          restChanges.append(
            here.isEmpty || !here.allSatisfy(facts.visible.indices.contains)
              ? ~0 : here.reduce(UInt64(0)) { $0 | facts.visible[$1] })
        }
      }
      restBase.append(restChanges.count)
    }
    self.restChanges = restChanges
    self.restBase = restBase
    // A reduced search re-finds its counterexamples in the full graph and needs only their
    // depths, which the breadth-first levels give: it keeps no parents (4 bytes per state less).
    // The liveness pass walks parents.
    keepsParents = liveness || (options.keepsParents && independence == nil && symmetry == nil)
  }

  /// Whether the store keeps each state's parent index (else paths come from the levels).
  @usableFromInline let keepsParents: Bool
  /// When set, successors outside it are not stored (a search of liveness properties alone).
  @usableFromInline let cone: TriggerCone?
  /// `restChanges[restBase[t] + pc]`: the state properties a transition of thread `t` resting at
  /// `pc` can change (the union over its steps there of `ReductionFacts.visible`; every bit
  /// where no step is known). Empty without facts.
  @usableFromInline let restChanges: [UInt64]
  @usableFromInline let restBase: [Int]

  /// The independence relation when the search uses partial-order reduction, else nil.
  @usableFromInline let independence: IndependenceTable?
  /// The orbit representatives when the search uses symmetry reduction, else nil.
  @usableFromInline let symmetry: SymmetryCanonicalizer?

  /// The explorer polls for interruption and the deadline, and publishes progress, once per
  /// `pollMask + 1` states.
  @usableFromInline static var pollMask: Int { 1023 }

  /// Chunks per batch when several workers expand it (the more, the better they balance; the
  /// fewer, the less memory the successors of one batch hold).
  @usableFromInline static var batchChunks: Int { 32 }

  /// Explores the model and returns a verdict for every selected property.
  ///
  /// The search is breadth-first and proceeds in batches of consecutive states of one level:
  /// the workers generate the successors of a batch (canonical under symmetry, hashed, the
  /// partial-order choice made), then this thread stores them in state order, their hash-table
  /// slots prefetched. The store is only read while workers run, and what it holds when a batch
  /// starts is what a one-state-at-a-time search would see for the decisions made there (every
  /// state of the level is stored; the next level's are not expanded yet), so states, their
  /// indices, counts, verdicts and counterexamples are the same for any number of workers.
  @inlinable
  public func run() -> ExplorationResult {
    if let split = livenessSplit() { return runSplit(split) }
    return search().result
  }

  /// One breadth-first search of the selected properties (`run()`), and whether its liveness
  /// pass asked for a successor the cone left out (then its liveness verdicts do not count).
  /// `finishesProgress` false leaves the progress display running for a search that follows.
  @inlinable
  func search(finishesProgress: Bool = true) -> (result: ExplorationResult, leftCone: Bool) {
    let clock = ContinuousClock()
    let start = clock.now
    let metadata = system.metadata
    let wordCount = system.wordCount
    let store = StateStore(
      wordCount: wordCount, stateBytes: system.stateByteCount, memoryBudget: options.memoryBudget,
      pool: options.memoryPool, keepsParents: keepsParents)
    let deadline = options.deadline
    let progress = options.progress
    defer {
      progress?.publish(states: store.count, depth: 0, queue: 0, bytes: store.byteCount)
      if finishesProgress { progress?.finish() }
    }
    let reachableMask = metadata.propertyMask(of: .reachable) & selected
    let deadlockMask = metadata.propertyMask(of: .deadlockFree) & selected
    let earlyStop = options.stopWhenDecided && selected != 0
    let maxStates = options.maxStates ?? Int.max
    let maxDepth = options.maxDepth ?? Int.max
    let threadCount = metadata.threads.count
    let symmetry = self.symmetry
    let independence = self.independence

    var pending = selected
    // The liveness properties' bits of every stored state, for the liveness pass.
    var recorded = LivenessSearch<System>.Recorded(metadata: metadata, selected: selected)
    var findings = [Finding?](repeating: nil, count: metadata.properties.count)
    var stop: StopReason?
    var bound: BoundHit?
    var transitions = 0
    var depth = 0
    var deepest = 0
    var depthLimited = false
    var beyondBounds = 0

    let maxWorkers = max(options.workers, 1)
    let scratches = (0..<maxWorkers).map { _ in ExpansionScratch(wordCount: wordCount, threadCount: threadCount) }
    var batches: [ExpansionBatch] = [ExpansionBatch(wordCount: wordCount)]
    let team = WorkerTeam()

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

    /// Stops the search on memory, with the bytes the store refused.
    func stopOnMemory() {
      stop = .memory
      bound = BoundHit(
        bound: .memory, limit: min(options.memoryBudget, options.memoryPool?.limit ?? Int.max),
        reached: store.refusedBytes)
    }

    /// Makes room for one more element in `buffer`, a search structure that grows with the
    /// states or the levels, its growth counted against the memory budget with the store's (a
    /// deep, thin graph has as many levels as states); false, the search stopped on memory, when
    /// it does not fit (`StateStore.reserveSide(forOneMoreIn:...)`).
    func roomForOneMore<Element>(in buffer: inout [Element], accounted: inout Int) -> Bool {
      var added = 0
      guard store.reserveSide(forOneMoreIn: &buffer, accounted: &accounted, minimumGrowth: 1024, added: &added)
      else {
        stopOnMemory()
        return false
      }
      return true
    }
    var recordedAccounted = 0

    /// Stores `state` (an orbit's representative, with symmetry) if it is new and within bounds,
    /// and checks its state properties.
    func admit(
      _ state: UnsafeBufferPointer<UInt64>, hash: UInt64, parent: UInt32, changes: UInt64, depth stateDepth: Int
    ) {
      if store.count >= maxStates {
        if store.index(of: state, hash: hash) == nil {
          stop = .maxStates
          bound = BoundHit(bound: .maxStates, limit: maxStates, reached: store.count)
        }
        return
      }
      if recorded != nil && !roomForOneMore(in: &recorded!.bits, accounted: &recordedAccounted) { return }
      switch store.insert(state, hash: hash, parent: parent) {
      case .present:
        return
      case .full:
        stopOnMemory()
      case .inserted(let index):
        if stateDepth > deepest { deepest = stateDepth }
        // A property still undecided held (or was not reached) in the parent, so only those
        // whose condition reads a slot the step writes can have changed; the liveness bits of
        // the others are the parent's.
        let verdicts: StateVerdicts
        if parent != StateStore.noParent && changes != ~0 {
          verdicts = system.evaluate(state, properties: pending & changes)
          recorded?.append(verdicts, parent: Int(parent), inherited: ~changes)
        } else {
          verdicts = system.evaluate(state)
          recorded?.append(verdicts)
        }
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
      system.forEachInitialState(scratch: scratches[0].scratch) { state in
        if let symmetry, wordCount > 0 { symmetry.canonicalize(state) }
        let words = UnsafeBufferPointer(state)
        admit(words, hash: StateStore.hash(words), parent: StateStore.noParent, changes: ~0, depth: 0)
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
    // Where each breadth-first level starts: level k is `levels[k]..<levels[k + 1]` (the last
    // one ends at the store's end), so a state's depth is the level its index falls in.
    var levels = [0, levelEnd]
    var levelsAccounted = 0
    // The properties the partial-order reduction must not hide: those still undecided when the
    // level began. A decided property needs no more witnesses, and every state's persistent set
    // stays valid for the properties still visible (they were visible when it was chosen). The
    // set changes only between levels, so it is the same for any number of workers.
    var visible = selected
    while stop == nil && cursor < store.count {
      if cursor == levelEnd {
        guard roomForOneMore(in: &levels, accounted: &levelsAccounted) else { break }
        depth += 1
        levelEnd = store.count
        levels.append(levelEnd)
        visible = pending
      }
      // Plan the batch: several workers when the level is wide enough and cores are free.
      var borrowed = 0
      let chunkStates = max(options.chunkStates, 1)
      if maxWorkers > 1 && levelEnd - cursor >= 2 * chunkStates {
        borrowed = options.cores?.borrow(upTo: maxWorkers - 1) ?? (maxWorkers - 1)
      }
      let workers = 1 + borrowed
      let batchStates = min(levelEnd - cursor, workers > 1 ? chunkStates * Self.batchChunks : chunkStates)
      let chunkCount = (batchStates + chunkStates - 1) / chunkStates
      while batches.count < chunkCount { batches.append(ExpansionBatch(wordCount: wordCount)) }
      let batchStart = cursor
      let atLimit = depth >= maxDepth
      if chunkCount == 1 {
        // A narrow level (a deep, thin graph has thousands): no closure, no team.
        expandStates(
          batchStart..<(batchStart + batchStates), store: store, atLimit: atLimit, visible: visible,
          into: batches[0], scratch: scratches[0])
      } else {
        let expand = { [visible] (worker: Int, chunk: Int) in
          let from = batchStart + chunk * chunkStates
          let to = min(from + chunkStates, batchStart + batchStates)
          expandStates(
            from..<to, store: store, atLimit: atLimit, visible: visible, into: batches[chunk],
            scratch: scratches[worker])
        }
        team.forEachChunk(chunkCount, workers: workers, expand)
      }
      options.cores?.give(borrowed)

      // Store what the workers found, state by state, as a one-state-at-a-time search would.
      apply: for chunk in 0..<chunkCount {
        let batch = batches[chunk]
        var entryStart = 0
        // The table slots the insertions below will probe: load them all at once.
        for entry in batch.entries where entry.disposition == .admit { store.prefetch(hash: entry.hash) }
        for outcome in batch.outcomes {
          if cursor & Self.pollMask == 0 {
            checkBudgets()
            if stop != nil { break apply }
            progress?.publish(
              states: store.count, depth: depth, queue: store.count - cursor, bytes: store.byteCount)
          }
          let parent = UInt32(cursor)
          var taken = 0
          for k in entryStart..<outcome.entryEnd {
            guard stop == nil else { break }
            let entry = batch.entries[k]
            taken += 1
            if entry.disposition == .beyondBound {
              beyondBounds += 1
              continue
            }
            let faults = entry.faults & pending
            if faults != 0 { record(faults, .transition(parent: parent, ordinal: Int32(k - entryStart))) }
            switch entry.disposition {
            case .admit:
              admit(
                UnsafeBufferPointer(batch.state(at: entry.offset)), hash: entry.hash, parent: parent,
                changes: entry.changes, depth: depth + 1)
            case .beyondDepth:
              depthLimited = true
            case .skip, .beyondBound:
              break
            }
          }
          transitions += outcome.kept >= 0 ? outcome.kept : taken
          if outcome.deadEnd && stop == nil && deadlockMask & pending != 0 {
            record(deadlockMask & pending, .state(parent))
          }
          entryStart = outcome.entryEnd
          cursor += 1
          if stop != nil { break apply }
        }
      }
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
    var leftCone = false
    if stop == .completed {
      var refusedMemory = false
      if let found = livenessViolations(
        store: store, pending: pending, recorded: recorded, leftCone: &leftCone, refusedMemory: &refusedMemory)
      {
        lassos = found
      } else if refusedMemory {
        stopOnMemory()
      } else {
        checkBudgets()
      }
    }
    // A reduced graph may reach a violation by a longer path than the full graph: find the
    // counterexamples again without reduction (bounded by the depth found), so they are the
    // shortest and the same as an unreduced search prints.
    let refound =
      independence != nil || symmetry != nil
      ? fullGraphCounterexamples(store: store, levels: levels, findings: findings) : [:]
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let statistics = ExplorationStatistics(
      states: store.count, transitions: transitions, maxDepth: deepest, seconds: seconds,
      statesPerSecond: seconds > 0 ? Double(store.count) / seconds : 0,
      peakMemoryBytes: ProcessMemory.peakResidentBytes() ?? store.byteCount,
      storeBytes: store.byteCount)
    let result = conclude(
      store: store, levels: levels, findings: findings, refound: refound, lassos: lassos,
      graphComplete: graphComplete,
      stopReason: stop ?? .completed,
      bound: bound, statistics: statistics)
    return (result, leftCone)
  }

  /// The state properties a transition of `thread` from `state` can change: a stored state's
  /// properties still undecided held in its parent, so only these need evaluating.
  @inlinable
  func changes(of thread: Int32, in state: UnsafeBufferPointer<UInt64>) -> UInt64 {
    let t = Int(thread)
    guard t + 1 < restBase.count else { return ~0 }
    let pc = system.programCounter(of: t, in: state)
    guard pc >= 0 && restBase[t] + pc < restBase[t + 1] else { return ~0 }
    return restChanges[restBase[t] + pc]
  }

  /// Generates the successors of the stored states `range` into `batch`: canonical under
  /// symmetry, hashed, the partial-order choice (hiding nothing from the properties in
  /// `visible`) and the depth bound's lookups made. Reads the store, never writes it, so several
  /// workers may run it at once on different batches.
  @inlinable
  func expandStates(
    _ range: Range<Int>, store: StateStore, atLimit: Bool, visible: UInt64, into batch: ExpansionBatch,
    scratch: ExpansionScratch
  ) {
    let wordCount = system.wordCount
    let symmetry = self.symmetry
    let current = scratch.current
    batch.reset()
    for cursor in range {
      store.copyState(at: cursor, into: current)
      let first = batch.entries.count
      // Partial-order reduction: one thread's transitions, when they form a persistent set,
      // generated alone; the other threads' are then never generated.
      if let independence,
        let kept = expandAmple(
          cursor, store: store, batch: batch, independence: independence, visible: visible, scratch: scratch)
      {
        batch.outcomes.append(.init(entryEnd: batch.entries.count, kept: kept, deadEnd: false))
        continue
      }
      system.forEachSuccessor(of: UnsafeBufferPointer(current), scratch: scratch.scratch) { transition, state in
        if transition.exceedsBound {
          batch.entries.append(
            .init(
              thread: transition.thread, changes: ~0, faults: transition.faults, hash: 0, offset: 0,
              disposition: .beyondBound))
          return
        }
        if let cone, cone.excludes(UnsafeBufferPointer(state), system: system) {
          batch.entries.append(
            .init(
              thread: transition.thread, changes: ~0, faults: transition.faults, hash: 0, offset: 0,
              disposition: .skip))
          return
        }
        let offset = batch.append(UnsafeBufferPointer(state))
        let words = batch.state(at: offset)
        if let symmetry, wordCount > 0 { symmetry.canonicalize(words) }
        let hash = StateStore.hash(UnsafeBufferPointer(words))
        batch.entries.append(
          .init(
            thread: transition.thread, changes: changes(of: transition.thread, in: UnsafeBufferPointer(current)),
            faults: transition.faults, hash: hash, offset: offset, disposition: .admit))
      }
      let count = batch.entries.count - first
      batch.outcomes.append(
        .init(
          entryEnd: batch.entries.count, kept: independence != nil ? count : -1,
          deadEnd: count == 0 && !system.isFinal(UnsafeBufferPointer(current))))
      guard atLimit else { continue }
      // The depth bound's lookups: a successor not stored yet is one the bound cuts off.
      for k in first..<batch.entries.count where batch.entries[k].disposition == .admit {
        let entry = batch.entries[k]
        let words = UnsafeBufferPointer(batch.state(at: entry.offset))
        batch.entries[k].disposition = store.index(of: words, hash: entry.hash) == nil ? .beyondDepth : .skip
      }
    }
  }

  /// Partial-order reduction at stored state `cursor` (its words in `scratch.current`): appends
  /// to `batch` the transitions of the first thread that may run alone (a persistent set) and
  /// returns how many, or returns nil with `batch` as it was (then every thread is expanded).
  /// A thread qualifies when `independence` says its next steps are invisible to the properties
  /// in `visible` and conflict with no other thread's future, it is enabled, none of its
  /// transitions faults for a property in `visible` or passes a bound, and, when it rests on a
  /// cycle of its control flow, none leads to a state expanded already (the cycle proviso: that
  /// could close a cycle on which the other threads are postponed for ever; a thread off every
  /// control-flow cycle cannot close one). Successors the proviso found stored already are
  /// marked `.skip`. The choice is the one a search that generated every successor first would
  /// make, so states, transitions and verdicts do not depend on it.
  @inlinable
  func expandAmple(
    _ cursor: Int, store: StateStore, batch: ExpansionBatch, independence: IndependenceTable, visible: UInt64,
    scratch: ExpansionScratch
  ) -> Int? {
    let threadCount = system.metadata.threads.count
    guard threadCount > 1 else { return nil }
    let current = UnsafeBufferPointer(scratch.current)
    let positions = scratch.positions
    for t in 0..<threadCount {
      positions[t] = independence.base[t] + system.programCounter(of: t, in: current)
    }
    let first = batch.entries.count
    let firstWord = batch.wordEnd
    candidates: for t in 0..<threadCount where independence.isAmple(t, positions, state: current, visible: visible) {
      var qualifies = true
      system.forEachSuccessor(of: current, thread: t, scratch: scratch.scratch) { transition, state in
        guard qualifies else { return }
        // A fault is an event of its property: only those of decided properties may run alone
        // (and, as they are not pending, none is recorded here).
        if transition.exceedsBound || transition.faults & visible != 0 {
          qualifies = false
          return
        }
        let offset = batch.append(UnsafeBufferPointer(state))
        let hash = StateStore.hash(UnsafeBufferPointer(batch.state(at: offset)))
        batch.entries.append(
          .init(
            thread: transition.thread, changes: changes(of: transition.thread, in: current), faults: 0, hash: hash,
            offset: offset, disposition: .admit))
      }
      let count = batch.entries.count - first
      // The cycle proviso: only a thread resting on a cycle of its control flow can close a
      // cycle of the state graph (`IndependenceTable.onCycle`).
      if qualifies && count > 0 && independence.onCycle[positions[t]] {
        for k in first..<batch.entries.count {
          let entry = batch.entries[k]
          guard let index = store.index(of: UnsafeBufferPointer(batch.state(at: entry.offset)), hash: entry.hash)
          else { continue }
          if index <= cursor {
            qualifies = false
            break
          }
          batch.entries[k].disposition = .skip
        }
      }
      if qualifies && count > 0 { return count }
      batch.entries.removeSubrange(first...)
      batch.wordEnd = firstWord
    }
    return nil
  }

  /// The counterexamples of the properties in `findings`, found again by a breadth-first search
  /// of the full graph that stops once it has them all (or at the depth the reduced search found
  /// the deepest). Empty when that search is cut short before it finds one (a budget): the
  /// reduced search's own counterexamples, valid runs of the model, then stand. `levels` are
  /// the search's breadth-first levels (`TraceReconstructor.depth(of:levels:)`).
  @usableFromInline
  func fullGraphCounterexamples(store: StateStore, levels: [Int], findings: [Finding?]) -> [Int: Counterexample] {
    let metadata = system.metadata
    func depth(of index: Int) -> Int { TraceReconstructor<System>.depth(of: index, levels: levels) }
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
  /// graph in `store` (`LivenessSearch`); nil when the search was interrupted, ran out of time,
  /// or would have passed the memory budget (then `refusedMemory` is set: its working memory is
  /// counted with the store). `leftCone` is set when the pass asked for a successor the store
  /// does not hold (only a search within a `cone` leaves any out).
  @inlinable
  func livenessViolations(
    store: StateStore, pending: UInt64, recorded: LivenessSearch<System>.Recorded? = nil, leftCone: inout Bool,
    refusedMemory: inout Bool
  ) -> [Int: Counterexample]? {
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
    let violations = search.violations(of: properties, recorded: recorded)
    leftCone = search.buffers.missedSuccessor
    refusedMemory = search.buffers.refusedMemory
    guard let violations else { return nil }
    for (property, lasso) in violations {
      lassos[property] = builder.counterexample(property: property, path: lasso.path, cycleStart: lasso.cycleStart)
    }
    return lassos
  }

  /// Turns findings into verdicts and rebuilds the counterexamples (off the hot path). Safety
  /// properties are decided when the breadth-first search covered the graph (`graphComplete`),
  /// liveness properties only when the liveness pass finished too (`stopReason` completed).
  /// A path to a finding is rebuilt (and its counterexample built) only when its estimated bytes
  /// are at most half the memory budget (beyond the store's share: a search stopped on memory
  /// still shows the violations it found): a property whose path is longer is unknown, and the
  /// result ends on the memory bound (a violation without its run is not one to report).
  @usableFromInline
  func conclude(
    store: StateStore, levels: [Int], findings: [Finding?], refound: [Int: Counterexample],
    lassos: [Int: Counterexample], graphComplete: Bool,
    stopReason: StopReason, bound: BoundHit?,
    statistics: ExplorationStatistics
  ) -> ExplorationResult {
    let metadata = system.metadata
    let tracer = TraceReconstructor(system: system, store: store, symmetry: symmetry, levels: levels)
    let builder = CounterexampleBuilder(system: system)
    var finalStop = stopReason
    var finalBound = bound
    // A step of a rebuilt path: its state twice (the chain's copy and the path's, each an array),
    // the transition, and the counterexample's step with a rendered value per slot.
    let stepBytes = 2 * (48 + 8 * system.wordCount) + 32 + 256 + 64 * metadata.slots.count
    let memoryLimit = min(options.memoryBudget, options.memoryPool?.limit ?? Int.max)
    var refusedPathBytes = 0
    /// The path to `finding` as a counterexample of `property`, or nil when its bytes do not fit.
    func rebuiltCounterexample(_ property: Int, to finding: Finding) -> Counterexample? {
      let last: Int
      switch finding {
      case .state(let index): last = Int(index)
      case .transition(let parent, _): last = Int(parent)
      }
      let steps = TraceReconstructor<System>.depth(of: last, levels: levels) + 2
      let (bytes, overflow) = steps.multipliedReportingOverflow(by: stepBytes)
      guard !overflow, bytes <= memoryLimit / 2 else {
        refusedPathBytes = max(refusedPathBytes, overflow ? Int.max : bytes)
        return nil
      }
      return builder.counterexample(property: property, path: tracer.path(to: finding))
    }
    var results: [PropertyResult] = []
    for (index, property) in metadata.properties.enumerated() where index < 64 && selected & (1 << UInt64(index)) != 0 {
      let verdict: Verdict
      var counterexample: Counterexample?
      let complete = property.kind.isLiveness ? stopReason == .completed : graphComplete
      if let lasso = lassos[index] {
        verdict = .violated
        counterexample = lasso
      } else if let finding = findings[index] {
        counterexample = refound[index] ?? rebuiltCounterexample(index, to: finding)
        if counterexample != nil {
          verdict = property.kind == .reachable ? .holds : .violated
        } else {
          verdict = .unknown
          finalStop = .memory
          finalBound = BoundHit(bound: .memory, limit: memoryLimit, reached: refusedPathBytes)
        }
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
      model: metadata.name, properties: results, stopReason: finalStop, bound: finalBound, statistics: statistics)
  }
}
