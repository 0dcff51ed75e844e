/// Bounds and property selection for one exploration.
///
/// Any bound that stops the search before every reachable state was expanded leaves the
/// undecided properties `unknown`; the result names the bound and the figures reached.
public struct ExplorationOptions: Sendable, Equatable, Codable {
  /// The default memory budget: 16 GiB.
  public static let defaultMemoryBudget = 16 << 30

  /// Stop when a new state would make the store hold more than this many states (`nil`: no limit).
  public var maxStates: Int?
  /// Do not store states deeper than this many steps from an initial state (`nil`: no limit).
  /// States at this depth are still checked (transition faults, deadlock), their successors not kept.
  public var maxDepth: Int?
  /// Stop when the state store's estimated size (arena, parents, hash table) would exceed this.
  public var memoryBudget: Int
  /// Names of the properties to check (`nil`: all). Exploration stops once all are decided.
  public var properties: [String]?
  /// Stop as soon as every selected property is decided (violated, or `reachable` witnessed).
  public var stopWhenDecided: Bool

  public init(
    maxStates: Int? = nil, maxDepth: Int? = nil, memoryBudget: Int = ExplorationOptions.defaultMemoryBudget,
    properties: [String]? = nil, stopWhenDecided: Bool = true
  ) {
    self.maxStates = maxStates
    self.maxDepth = maxDepth
    self.memoryBudget = memoryBudget
    self.properties = properties
    self.stopWhenDecided = stopWhenDecided
  }
}
