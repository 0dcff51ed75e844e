import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// `lockspec simulate SPEC`: random schedules of one spec or patched variant on the interpreter,
/// with no compiled model; the same seeds, runs and output as `lockspec-sim run` and `replay`.
struct SimulateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "simulate",
    abstract: "Run random schedules of a spec on the interpreter (no build needed), replayable from the seed.",
    discussion: """
      Each run starts in one of the initial states and takes one enabled step at random until \
      every thread ends, a property is violated or --max-steps is reached; run I of seed S is \
      the same schedule every time, and the same as `lockspec-sim run` picks on the compiled \
      model. The first violation is printed with its counterexample and the command that \
      replays it (--run I). Finds violations, proves nothing: `lockspec check` explores every \
      interleaving. Exit status: 0 when no run violated a property the spec does not expect \
      violated, 1 when one did, 2 on bad input or usage.
      """
  )

  @Argument(help: "The spec file, or a patch file (its patched variant is simulated).")
  var spec: String

  @Option(help: "The variant to simulate, when SPEC gives several (a patch with several bases).")
  var variant: String?

  @Option(
    name: .customLong("param"),
    help: ArgumentHelp("Set a spec parameter, e.g. --param nscan=6 (repeatable).", valueName: "name=value"))
  var parameters: [ParameterSetting] = []

  @Option(help: "The seed of the whole simulation.")
  var seed: UInt64 = SimulationOptions().seed

  @Option(help: "Number of random schedules.")
  var runs: Int = SimulationOptions().runs

  @Option(
    name: .customLong("run"),
    help: "Replay this run of the simulation (an index printed by a failing simulation) instead.")
  var replayRun: Int?

  @Option(help: "A run stops after this many steps.")
  var maxSteps: Int = SimulationOptions().maxSteps

  @Option(name: .customLong("property"), help: "Check only this property (repeatable).")
  var properties: [String] = []

  func validate() throws {
    if runs < 0 { throw ValidationError("--runs must not be negative") }
    if let replayRun, replayRun < 0 { throw ValidationError("--run must not be negative") }
    if maxSteps < 0 { throw ValidationError("--max-steps must not be negative") }
  }

  func run() throws {
    let chosen = try ModelLoading.loadChosen(spec, variant: variant, parameters: parameters, command: "simulate")
    let interpreter = Interpreter(model: chosen.model)
    let selection = properties.isEmpty ? nil : properties
    let options = SimulationOptions(
      seed: seed, runs: replayRun.map { $0 + 1 } ?? runs, maxSteps: maxSteps, properties: selection)
    let simulator: RandomSimulator<Interpreter>
    do {
      simulator = try RandomSimulator(system: interpreter, options: options)
    } catch {
      Terminal.error("error: \(chosen.file): \(error)")
      throw ExitCode(2)
    }
    let violated: String?
    if let replayRun {
      let replayed = simulator.replay(index: replayRun)
      Terminal.out(SimulationText().replay(model: chosen.name, run: replayRun, seed: seed, replayed))
      violated = replayed.property
    } else {
      let result = simulator.run()
      Terminal.out(SimulationText().run(result) { replayCommand($0, options) })
      violated = result.failure?.property
    }
    let status = SimulationText.status(violated: violated, in: interpreter.metadata)
    if status != 0 { throw ExitCode(status) }
  }

  /// The command that replays the failing run.
  private func replayCommand(_ failure: SimulationResult.Failure, _ options: SimulationOptions) -> String {
    var command = "replay: lockspec simulate \(spec)"
    if let variant { command += " --variant \(variant)" }
    for setting in parameters { command += " --param \(setting.name)=\(setting.value)" }
    return command + " " + SimulationText.replayOptions(failure, options)
  }
}
