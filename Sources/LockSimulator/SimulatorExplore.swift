import ArgumentParser
import LockCheck

/// `lockspec-sim explore [MODEL...]`: every interleaving, reported exactly as `lockspec check`
/// reports the spec.
struct SimulatorExplore: SimulatorSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "explore", abstract: "Explore every interleaving of the models (default: all) and report the verdicts."
  )

  /// Output formats of `explore`.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
  }

  @Argument(help: "The models (default: every compiled model).")
  var models: [String] = []

  @Option(name: .customLong("property"), help: "Check only this property (repeatable).")
  var properties: [String] = []

  @Option(help: "Stop after storing this many states.")
  var maxStates: Int?

  @Option(help: "Do not explore deeper than this many steps.")
  var maxDepth: Int?

  @Flag(help: "Print states, transitions, states per second and peak memory per model.")
  var stats = false

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func validate() throws {
    if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
    if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must not be negative") }
  }

  func execute(on simulator: Simulator) throws -> Int32 {
    let selected = try models.isEmpty ? simulator.registry : models.map(simulator.model(named:))
    let options = ExplorationOptions(
      maxStates: maxStates, maxDepth: maxDepth, properties: SimulationOptions.selection(properties))
    var entries: [CheckReport.Model] = []
    let text = TextReport()
    for model in selected {
      let outcome: ExplorationResult
      do {
        outcome = try model.explore(options)
      } catch {
        simulator.printError("error: \(model.file): \(error)")
        return 2
      }
      let entry = CheckReport.Model(
        spec: model.specPath, variant: model.name, patch: model.patchPath, parent: model.parent, outcome: outcome)
      entries.append(entry)
      if format == .text {
        simulator.out(text.model(entry, showStats: stats))
      }
    }
    let report = CheckReport(models: entries)
    if format == .json {
      simulator.out(try JSONReport.encode(report))
    } else {
      simulator.out(text.summary(report))
      simulator.out("\n" + report.matrix.text())
    }
    return report.succeeded ? 0 : 1
  }
}
