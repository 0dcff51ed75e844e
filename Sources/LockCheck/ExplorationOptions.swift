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

  public init(
    maxStates: Int? = nil, maxDepth: Int? = nil, memoryBudget: Int = ExplorationOptions.defaultMemoryBudget,
    memoryPool: MemoryPool? = nil, deadline: Deadline? = nil, progress: ExplorationProgress? = nil,
    properties: [String]? = nil, stopWhenDecided: Bool = true, reductions: Reductions = []
  ) {
    self.reductions = reductions
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
