/// Runs random schedules of a `TransitionSystem` with a seeded `SplitMix64`: at each step one
/// enabled transition is picked uniformly. Cheap where exhaustive exploration is not; finds
/// violations but proves nothing. Every failure names the seed and run that replay it.
public struct RandomSimulator<System: TransitionSystem> {
  public let system: System
  public let options: SimulationOptions
  let selected: UInt64

  /// Checks the property selection against the model.
  public init(system: System, options: SimulationOptions = SimulationOptions()) throws {
    self.system = system
    self.options = options
    self.selected = try system.metadata.propertyMask(named: options.properties)
  }

  /// What one run did.
  public struct Run: Sendable, Equatable {
    /// The path taken (ending with the faulting transition for a transition fault).
    public var path: TracePath
    /// The first property the run violated, if any (an index into `metadata.properties`).
    public var violated: Int?
    /// Bit set of `reachable` properties the run witnessed.
    public var reached: UInt64
    /// Whether the run ended with every thread done (no violation, not truncated).
    public var completed: Bool
  }

  /// Runs `options.runs` schedules, stopping at the first violation.
  public func run() -> SimulationResult {
    let metadata = system.metadata
    let reachableMask = metadata.propertyMask(of: .reachable) & selected
    var steps = 0
    var completed = 0
    var truncated = 0
    var reached: UInt64 = 0
    var failure: SimulationResult.Failure?
    var runs = 0
    for index in 0..<options.runs {
      let outcome = run(index: index)
      runs += 1
      steps += outcome.path.transitions.count
      reached |= outcome.reached & reachableMask
      if let property = outcome.violated {
        let counterexample = CounterexampleBuilder(system: system).counterexample(
          property: property, path: outcome.path)
        failure = SimulationResult.Failure(
          property: metadata.properties[property].name, seed: options.seed, run: index,
          counterexample: counterexample)
        break
      }
      if outcome.completed {
        completed += 1
      } else if outcome.path.transitions.count >= options.maxSteps {
        truncated += 1
      }
    }
    let reachedNames = metadata.properties.indices.filter { $0 < 64 && reached & (1 << UInt64($0)) != 0 }
      .map { metadata.properties[$0].name }
    return SimulationResult(
      model: metadata.name, seed: options.seed, runs: runs, steps: steps, completedRuns: completed,
      truncatedRuns: truncated, failure: failure, reached: reachedNames)
  }

  /// Replays run `index` and names the property it violated, with its counterexample.
  public func replay(index: Int) -> ReplayedRun {
    let outcome = run(index: index)
    let counterexample = outcome.violated.map {
      CounterexampleBuilder(system: system).counterexample(property: $0, path: outcome.path)
    }
    return ReplayedRun(
      property: outcome.violated.map { system.metadata.properties[$0].name },
      counterexample: counterexample,
      steps: outcome.path.transitions.count,
      completed: outcome.completed
    )
  }

  /// The most initial states a run chooses among.
  public static var maxInitialStates: Int { 1 << 16 }

  /// Replays run `index` (deterministic for a given seed).
  public func run(index: Int) -> Run {
    var random = SplitMix64(seed: SplitMix64.seed(options.seed, run: index))
    let metadata = system.metadata
    let wordCount = system.wordCount
    let reachableMask = metadata.propertyMask(of: .reachable) & selected
    let deadlockMask = metadata.propertyMask(of: .deadlockFree) & selected
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    defer { scratch.deallocate() }

    // A run starts in one of the first `maxInitialStates` initial states (a product of initial
    // values may be far too large to list).
    var initials: [[UInt64]] = []
    system.forEachInitialState(scratch: scratch) {
      initials.append(Array($0.prefix(wordCount)))
      return initials.count < Self.maxInitialStates
    }
    guard !initials.isEmpty else {
      return Run(
        path: TracePath(states: [[]], transitions: [], endsInFault: false), violated: nil, reached: 0, completed: true)
    }
    var states = [initials[random.next(below: initials.count)]]
    var transitions: [Transition] = []
    var reached: UInt64 = 0

    /// The lowest selected property `state` violates (recording witnesses on the way).
    func check(_ state: [UInt64]) -> Int? {
      let verdicts = state.withUnsafeBufferPointer { system.evaluate($0) }
      reached |= verdicts.reached & reachableMask
      let violated = verdicts.violated & ~reachableMask & selected
      return violated == 0 ? nil : violated.trailingZeroBitCount
    }

    if let property = check(states[0]) {
      return Run(
        path: TracePath(states: states, transitions: [], endsInFault: false), violated: property, reached: reached,
        completed: false)
    }
    var successors: [UInt64] = []
    var moves: [Transition] = []
    while transitions.count < options.maxSteps {
      successors.removeAll(keepingCapacity: true)
      moves.removeAll(keepingCapacity: true)
      states[states.count - 1].withUnsafeBufferPointer { current in
        system.forEachSuccessor(of: current, scratch: scratch) { transition, state in
          moves.append(transition)
          successors.append(contentsOf: state.prefix(wordCount))
        }
      }
      if moves.isEmpty {
        let final = states[states.count - 1].withUnsafeBufferPointer { system.isFinal($0) }
        if !final && deadlockMask != 0 {
          let path = TracePath(states: states, transitions: transitions, endsInFault: false)
          return Run(path: path, violated: deadlockMask.trailingZeroBitCount, reached: reached, completed: false)
        }
        return Run(
          path: TracePath(states: states, transitions: transitions, endsInFault: false), violated: nil,
          reached: reached, completed: final)
      }
      let pick = random.next(below: moves.count)
      if moves[pick].exceedsBound {
        // Past a bound the spec declares: the run ends here, neither completed nor violating.
        return Run(
          path: TracePath(states: states, transitions: transitions, endsInFault: false), violated: nil,
          reached: reached, completed: false)
      }
      let next = Array(successors[pick * wordCount..<(pick + 1) * wordCount])
      transitions.append(moves[pick])
      states.append(next)
      let faults = moves[pick].faults & selected
      if faults != 0 {
        let path = TracePath(states: states, transitions: transitions, endsInFault: true)
        return Run(path: path, violated: faults.trailingZeroBitCount, reached: reached, completed: false)
      }
      if let property = check(next) {
        return Run(
          path: TracePath(states: states, transitions: transitions, endsInFault: false), violated: property,
          reached: reached, completed: false)
      }
    }
    return Run(
      path: TracePath(states: states, transitions: transitions, endsInFault: false), violated: nil, reached: reached,
      completed: false)
  }
}
