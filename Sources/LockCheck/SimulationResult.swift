/// The outcome of a random simulation: how much ran, the first violation (with what replays
/// it), and the `reachable` properties some run witnessed.
public struct SimulationResult: Sendable, Equatable, Codable {
  /// The first violation found, with the run that found it.
  public struct Failure: Sendable, Equatable, Codable {
    public var property: String
    /// The simulation's seed and the run's index: `seed` plus `run` replay it.
    public var seed: UInt64
    public var run: Int
    public var counterexample: Counterexample

    public init(property: String, seed: UInt64, run: Int, counterexample: Counterexample) {
      self.property = property
      self.seed = seed
      self.run = run
      self.counterexample = counterexample
    }
  }

  public var model: String
  public var seed: UInt64
  /// Runs performed (up to and including a failing one).
  public var runs: Int
  /// Steps taken over all runs.
  public var steps: Int
  /// Runs that ended with every thread done.
  public var completedRuns: Int
  /// Runs cut off by `maxSteps`.
  public var truncatedRuns: Int
  public var failure: Failure?
  /// `reachable` properties some run witnessed, in declaration order.
  public var reached: [String]

  public init(
    model: String, seed: UInt64, runs: Int, steps: Int, completedRuns: Int, truncatedRuns: Int, failure: Failure?,
    reached: [String]
  ) {
    self.model = model
    self.seed = seed
    self.runs = runs
    self.steps = steps
    self.completedRuns = completedRuns
    self.truncatedRuns = truncatedRuns
    self.failure = failure
    self.reached = reached
  }
}
