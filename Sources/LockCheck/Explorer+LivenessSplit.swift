extension Explorer {
  /// How `run()` divides a search whose liveness properties can use the liveness cone: the
  /// other selected properties in a search with every other reduction, the liveness properties
  /// in a search of the full graph restricted to the cone.
  @usableFromInline
  struct LivenessSplit {
    /// The selected properties that are not liveness properties (may be empty).
    @usableFromInline var safety: UInt64
    /// The selected liveness properties.
    @usableFromInline var liveness: UInt64
    @usableFromInline var cone: TriggerCone

    @inlinable
    init(safety: UInt64, liveness: UInt64, cone: TriggerCone) {
      self.safety = safety
      self.liveness = liveness
      self.cone = cone
    }
  }

  /// The split of this search, or nil when it runs as one: the liveness cone is off or leaves
  /// no state out, no liveness property is selected, or a depth bound is given (a depth bound
  /// turns the other reductions off as well, so the safety search would repeat the work).
  @inlinable
  func livenessSplit() -> LivenessSplit? {
    guard cone == nil, options.reductions.contains(.livenessCone), options.maxDepth == nil,
      let facts = system.reductionFacts
    else { return nil }
    let metadata = system.metadata
    let liveness = (metadata.propertyMask(of: .eventually) | metadata.propertyMask(of: .leadsTo)) & selected
    guard liveness != 0, let cone = TriggerCone(facts: facts, metadata: metadata, selected: selected) else {
      return nil
    }
    return LivenessSplit(safety: selected & ~liveness, liveness: liveness, cone: cone)
  }

  /// Runs the searches of `split` one after the other and joins their results: verdicts and
  /// counterexamples from the search that checked each property, the figures of all searches
  /// added up, the first search cut short giving the stop reason. When the liveness pass left
  /// the cone, the liveness properties are searched again on the full graph and its verdicts
  /// stand.
  ///
  /// The reduced search runs even with no other property selected: it says whether the full
  /// graph is complete (a bound such as `max_read_holds` is met in it exactly when it is met in
  /// the full graph, perhaps outside the cone). When it is not, the liveness properties are
  /// unknown, as they are in a search of the full graph, and the cone search is not made.
  @inlinable
  func runSplit(_ split: LivenessSplit) -> ExplorationResult {
    let clock = ContinuousClock()
    let start = clock.now
    // A search of the full graph never stops early here (its liveness properties stay
    // undecided until the end), so neither does this one: its end says whether the graph is
    // complete.
    var whole = options
    whole.stopWhenDecided = false
    let safety = Explorer(system: system, options: whole, selected: split.safety, cone: nil)
      .search(finishesProgress: false).result
    var parts = [safety]
    if safety.stopReason == .completed {
      let within = Explorer(system: system, options: options, selected: split.liveness, cone: split.cone)
        .search(finishesProgress: false)
      parts.append(within.result)
      if within.leftCone {
        parts.append(
          Explorer(system: system, options: options, selected: split.liveness, cone: nil)
            .search(finishesProgress: false).result)
      }
    }
    options.progress?.finish()

    let metadata = system.metadata
    // The last search of a property decides it (the full graph's after a cone search left).
    var byName: [String: PropertyResult] = [:]
    for part in parts {
      for property in part.properties { byName[property.name] = property }
    }
    let properties = metadata.properties.enumerated().compactMap { index, property -> PropertyResult? in
      guard index < 64, selected & (1 << UInt64(index)) != 0 else { return nil }
      if let result = byName[property.name] { return result }
      return PropertyResult(
        name: property.name, kind: property.kind, verdict: .unknown, expected: property.expect, counterexample: nil)
    }
    let cut = parts.first { $0.stopReason != .completed }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let states = parts.reduce(0) { $0 + $1.statistics.states }
    let statistics = ExplorationStatistics(
      states: states,
      transitions: parts.reduce(0) { $0 + $1.statistics.transitions },
      maxDepth: parts.reduce(0) { max($0, $1.statistics.maxDepth) },
      seconds: seconds,
      statesPerSecond: seconds > 0 ? Double(states) / seconds : 0,
      peakMemoryBytes: parts.reduce(0) { max($0, $1.statistics.peakMemoryBytes) },
      storeBytes: parts.reduce(0) { max($0, $1.statistics.storeBytes) })
    return ExplorationResult(
      model: metadata.name, properties: properties, stopReason: cut?.stopReason ?? .completed, bound: cut?.bound,
      statistics: statistics)
  }
}
