import ArgumentParser
import LockSpec

/// `lockspec validate`: loads every spec and reports errors without exploring.
struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Load and validate specs without exploring them (exit 2 on any error)."
  )

  @Argument(help: "Spec files or folders (searched recursively for *.yaml).")
  var paths: [String] = ["specs"]

  @Option(
    name: .customLong("param"),
    help: ArgumentHelp("Set a spec parameter, e.g. --param nscan=6 (repeatable).", valueName: "name=value"))
  var parameters: [ParameterSetting] = []

  func run() throws {
    let models = try ModelLoading.loadAll(paths, parameters: parameters)
    for loaded in models {
      let steps = loaded.model.threads.reduce(0) { $0 + $1.instructions.count }
      Terminal.out(
        "\(loaded.file): ok (\(loaded.model.name): \(loaded.model.threads.count) threads, "
          + "\(steps) instructions, \(loaded.model.properties.count) properties)")
    }
  }
}
