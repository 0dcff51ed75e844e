import ArgumentParser
import LockCheck

/// `lockspec-sim replay MODEL --seed N --run I`: the schedule of one run, and the violation it
/// shows, if any.
struct SimulatorReplay: SimulatorSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "replay", abstract: "Replay one run of a simulation and print the violation it shows.")

  @Argument(help: "The model, e.g. mm-exit/v4.13 (see `lockspec-sim list`).")
  var model: String

  @Option(help: "The seed of the simulation.")
  var seed: UInt64

  @Option(help: "The index of the run to replay.")
  var run: Int

  @Option(help: "A run stops after this many steps.")
  var maxSteps: Int = SimulationOptions().maxSteps

  @Option(name: .customLong("property"), help: "Check only this property (repeatable).")
  var properties: [String] = []

  func validate() throws {
    if run < 0 { throw ValidationError("--run must not be negative") }
    if maxSteps < 0 { throw ValidationError("--max-steps must not be negative") }
  }

  func execute(on simulator: Simulator) throws -> Int32 {
    let model = try simulator.model(named: model)
    let options = SimulationOptions(
      seed: seed, runs: run + 1, maxSteps: maxSteps, properties: SimulationOptions.selection(properties))
    let replayed = try model.replay(options, run: run)
    simulator.out(SimulationText().replay(model: model.name, run: run, seed: seed, replayed))
    return SimulationText.status(violated: replayed.property, in: model.modelMetadata)
  }
}
