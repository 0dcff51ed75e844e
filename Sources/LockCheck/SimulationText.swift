/// What a random simulation prints, for `lockspec-sim run`/`replay` (compiled models) and
/// `lockspec simulate` (the interpreter): the same bytes from either engine.
public struct SimulationText: Sendable {
  public init() {}

  /// The summary of `result`, the `reachable` properties some run witnessed, and the first
  /// violation with its counterexample, followed by `replay` (the command that replays it).
  public func run(_ result: SimulationResult, replay: (SimulationResult.Failure) -> String) -> String {
    var text = ""
    var summary = "\(result.model): \(result.runs) runs (seed \(result.seed)), \(result.steps) steps, "
    summary += "\(result.completedRuns) completed, \(result.truncatedRuns) truncated"
    Self.append(summary, to: &text)
    if !result.reached.isEmpty {
      Self.append("  reached: " + result.reached.joined(separator: ", "), to: &text)
    }
    guard let failure = result.failure else {
      Self.append("  no property violated", to: &text)
      return text
    }
    Self.append("  \(failure.property) VIOLATED in run \(failure.run) (seed \(failure.seed))", to: &text)
    Self.append(CounterexampleRenderer().render(failure.counterexample), to: &text)
    Self.append(replay(failure), to: &text)
    return text
  }

  /// One replayed run of `model`: its length, how it ended, and the violation it shows, if any.
  public func replay(model: String, run: Int, seed: UInt64, _ replayed: ReplayedRun) -> String {
    var text = ""
    let ending = replayed.completed ? "every thread ended" : "stopped"
    Self.append("\(model): run \(run) (seed \(seed)): \(replayed.steps) steps, \(ending)", to: &text)
    guard replayed.property != nil, let counterexample = replayed.counterexample else {
      Self.append("  no property violated", to: &text)
      return text
    }
    Self.append(CounterexampleRenderer().render(counterexample), to: &text)
    return text
  }

  /// The options after `--seed S --run R` in a replay command: the steps bound and the selected
  /// properties of the simulation that failed.
  public static func replayOptions(_ failure: SimulationResult.Failure, _ options: SimulationOptions) -> String {
    var text = "--seed \(failure.seed) --run \(failure.run) --max-steps \(options.maxSteps)"
    for property in options.properties ?? [] { text += " --property \(property)" }
    return text
  }

  /// The exit status of a simulation or replay that violated `property` (nil: none): 0 when
  /// none, or when the model expects it violated; 1 otherwise.
  public static func status(violated property: String?, in metadata: ModelMetadata) -> Int32 {
    guard let property else { return 0 }
    return metadata.properties.first { $0.name == property }?.expect == .violated ? 0 : 1
  }

  /// Appends `piece` as one printed line: a newline is added unless it ends with one.
  static func append(_ piece: String, to text: inout String) {
    text += piece
    if !piece.hasSuffix("\n") { text += "\n" }
  }
}
