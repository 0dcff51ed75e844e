/// Bounds and property selection for one exploration.
///
/// Any bound that stops the search before every reachable state was expanded leaves the
/// undecided properties `unknown`; the result names the bound and the figures reached. Every
/// bound binds everywhere, the enumeration of initial states included, and so does a request to
/// stop (`Interruption`).
public struct ExplorationOptions: Sendable {
  /// The default memory budget: 16 GiB.
  public static let defaultMemoryBudget = 16 << 30

  /// Stop when a new state would make the store hold more than this many states (`nil`: no limit).
  public var maxStates: Int?
  /// Do not store states deeper than this many steps from an initial state (`nil`: no limit).
  /// States at this depth are still checked (transition faults, deadlock), their successors not kept.
  public var maxDepth: Int?
  /// Stop when the state store's estimated size (arena, parents, hash table) would exceed this.
  public var memoryBudget: Int
  /// A budget shared with the searches running beside this one (`nil`: only `memoryBudget`).
  public var memoryPool: MemoryPool?
  /// Stop when this moment passes (`nil`: no time limit).
  public var deadline: Deadline?
  /// Where the explorer publishes its live figures (`nil`: nowhere).
  public var progress: ExplorationProgress?
  /// Names of the properties to check (`nil`: all). Exploration stops once all are decided.
  public var properties: [String]?
  /// Stop as soon as every selected property is decided (violated, or `reachable` witnessed).
  public var stopWhenDecided: Bool
  /// The reductions the search may use (none by default: the counts are those of the full graph).
  /// Verdicts and counterexamples are the same with and without them.
  public var reductions: Reductions
  /// The most threads the search may use (1: this thread alone). Verdicts, counts and
  /// counterexamples are the same for any number.
  public var workers: Int
  /// Where the search borrows the workers beyond its first (`nil`: it starts `workers - 1`
  /// threads of its own). Searches that run side by side share one pool, so a search running
  /// alone uses the cores the others left.
  public var cores: CorePool?
  /// States one worker expands at a time when several share a level (a level narrower than two
  /// such chunks is expanded by one worker). Tests make it small so that small models run on
  /// several workers too.
  public var chunkStates: Int = 128
  /// Whether an unreduced search keeps each state's parent index (4 bytes per state) to rebuild
  /// its counterexamples; without them, paths are rebuilt from the breadth-first levels, as a
  /// reduced search always does. Tests turn it off to compare the two; a liveness search keeps
  /// its parents regardless.
  @usableFromInline var keepsParents = true

  public init(
    maxStates: Int? = nil, maxDepth: Int? = nil, memoryBudget: Int = ExplorationOptions.defaultMemoryBudget,
    memoryPool: MemoryPool? = nil, deadline: Deadline? = nil, progress: ExplorationProgress? = nil,
    properties: [String]? = nil, stopWhenDecided: Bool = true, reductions: Reductions = [], workers: Int = 1,
    cores: CorePool? = nil
  ) {
    self.reductions = reductions
    self.workers = max(workers, 1)
    self.cores = cores
    self.maxStates = maxStates
    self.maxDepth = maxDepth
    self.memoryBudget = memoryBudget
    self.memoryPool = memoryPool
    self.deadline = deadline
    self.progress = progress
    self.properties = properties
    self.stopWhenDecided = stopWhenDecided
  }
}

/// A time budget: the moment a search must stop, and the budget it came from (for reports).
public struct Deadline: Sendable, Equatable {
  /// When the budget runs out.
  public var instant: ContinuousClock.Instant
  /// The budget in milliseconds, as the user gave it.
  public var milliseconds: Int

  /// A budget of `seconds` from now.
  public init(seconds: Double) {
    let clamped = seconds.isFinite ? min(max(seconds, 0), 1e9) : 1e9
    self.milliseconds = Int((clamped * 1000).rounded())
    self.instant = ContinuousClock.now.advanced(by: .milliseconds(milliseconds))
  }

  /// Whether the budget has run out.
  public var hasPassed: Bool { ContinuousClock.now >= instant }
}

/// Which reductions a search may use. Each preserves every verdict and the printed
/// counterexamples (re-found without reduction, so they stay the shortest in the full graph);
/// state and transition counts shrink.
public struct Reductions: OptionSet, Sendable, Hashable, Codable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }

  /// Partial-order reduction: expand one thread whose next step commutes with everything the
  /// other threads can still do and no property can see.
  public static let partialOrder = Reductions(rawValue: 1)
  /// Symmetry reduction: one state per orbit of interchangeable threads (`count: N`), where
  /// the properties cannot tell the instances apart.
  public static let symmetry = Reductions(rawValue: 2)
  /// Liveness cone: `leads_to` properties whose `from` condition holds only where threads rest
  /// at certain steps are decided on the states that can still get there (and what follows
  /// them), in a search of their own; the model's other properties get a search with the
  /// other reductions (`TriggerCone`).
  public static let livenessCone = Reductions(rawValue: 4)
  /// Every reduction lockspec has.
  public static let all: Reductions = [.partialOrder, .symmetry, .livenessCone]
}
