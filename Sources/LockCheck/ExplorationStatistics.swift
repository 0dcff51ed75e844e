/// Figures of one exploration.
public struct ExplorationStatistics: Sendable, Equatable, Codable {
  /// Distinct states stored.
  public var states: Int
  /// Transitions taken (every successor emitted, including those leading to known states).
  public var transitions: Int
  /// Depth of the deepest stored state (steps from an initial state).
  public var maxDepth: Int
  /// Wall-clock seconds of the search, of deciding liveness properties on its graph and, in a
  /// reduced search, of finding its counterexamples again in the full graph (rebuilding the
  /// printed counterexamples from parent chains excluded).
  public var seconds: Double
  /// Stored states per second.
  public var statesPerSecond: Double
  /// Peak resident memory of the process in bytes (`VmHWM` on Linux), else the store's size.
  public var peakMemoryBytes: Int
  /// Estimated bytes held by the state store at the end.
  public var storeBytes: Int

  public init(
    states: Int, transitions: Int, maxDepth: Int, seconds: Double, statesPerSecond: Double,
    peakMemoryBytes: Int, storeBytes: Int
  ) {
    self.states = states
    self.transitions = transitions
    self.maxDepth = maxDepth
    self.seconds = seconds
    self.statesPerSecond = statesPerSecond
    self.peakMemoryBytes = peakMemoryBytes
    self.storeBytes = storeBytes
  }
}
