import ArgumentParser
import LockCheck

/// `lockspec-sim run MODEL`: random schedules; prints the first violation with the command that
/// replays it.
struct SimulatorRun: SimulatorSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run random schedules of a model; the first violation names the run that replays it.")

  @Argument(help: "The model, e.g. mm-exit/v4.13 (see `lockspec-sim list`).")
  var model: String

  @Option(help: "The seed of the whole simulation.")
  var seed: UInt64 = SimulationOptions().seed

  @Option(help: "Number of random schedules.")
  var runs: Int = SimulationOptions().runs

  @Option(help: "A run stops after this many steps.")
  var maxSteps: Int = SimulationOptions().maxSteps

  @Option(name: .customLong("property"), help: "Check only this property (repeatable).")
  var properties: [String] = []

  func validate() throws {
    if runs < 0 { throw ValidationError("--runs must not be negative") }
    if maxSteps < 0 { throw ValidationError("--max-steps must not be negative") }
  }

  func execute(on simulator: Simulator) throws -> Int32 {
    let model = try simulator.model(named: model)
    let options = SimulationOptions(
      seed: seed, runs: runs, maxSteps: maxSteps, properties: SimulationOptions.selection(properties))
    let result = try model.simulate(options)
    simulator.out(
      SimulationText().run(result) { failure in
        "replay: swift run lockspec-sim replay \(model.name) " + SimulationText.replayOptions(failure, options)
      })
    return SimulationText.status(violated: result.failure?.property, in: model.modelMetadata)
  }
}
