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

  func run() throws {
    let models = try ModelLoading.loadAll(paths)
    for loaded in models {
      let steps = loaded.model.threads.reduce(0) { $0 + $1.instructions.count }
      Terminal.out(
        "\(loaded.file): ok (\(loaded.model.name): \(loaded.model.threads.count) threads, "
          + "\(steps) instructions, \(loaded.model.properties.count) properties)")
    }
  }
}
