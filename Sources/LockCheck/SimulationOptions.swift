/// Settings of a random simulation: the seed, how many schedules, how long each may run, and
/// which properties to check.
public struct SimulationOptions: Sendable, Equatable, Codable {
  /// The seed of the whole simulation; run `i` uses `SplitMix64.seed(seed, run: i)`.
  public var seed: UInt64
  /// Number of random schedules.
  public var runs: Int
  /// A run stops after this many steps even if threads could still move.
  public var maxSteps: Int
  /// Names of the properties to check (`nil`: all).
  public var properties: [String]?

  public init(seed: UInt64 = 0, runs: Int = 1000, maxSteps: Int = 10_000, properties: [String]? = nil) {
    self.seed = seed
    self.runs = runs
    self.maxSteps = maxSteps
    self.properties = properties
  }
}
