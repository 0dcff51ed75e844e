import ArgumentParser
import Foundation
import LockSpec

/// `lockspec export --promela SPEC`: writes one spec as a Promela model of the same transition
/// system, for SPIN (docs/promela.md).
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a spec as a model for another checker (--promela: SPIN).",
    discussion: """
      The Promela model has one d_step per lockspec transition, every fault and property as an \
      assertion, deadlock as SPIN's invalid end state and liveness properties as ltl claims; \
      its header says how to run SPIN on it (docs/promela.md). Exit status 2 on bad input or a \
      spec Promela cannot express.
      """
  )

  @Flag(help: "Write Promela for SPIN.")
  var promela = false

  @Argument(help: "The spec file, or a patch file (one of its patched variants; --variant picks one of several).")
  var spec: String

  @Option(
    name: .customLong("variant"),
    help: "The variant to write, when SPEC gives several (a patch file: one of its patched variants).")
  var variantName: String?

  @Option(
    name: .customLong("param"),
    help: ArgumentHelp("Set a spec parameter, e.g. --param nscan=6 (repeatable).", valueName: "name=value"))
  var parameters: [ParameterSetting] = []

  @Option(
    name: [.short, .long], help: "Write the model to this new file (never overwritten) instead of standard output.")
  var output: String?

  func validate() throws {
    if !promela { throw ValidationError("choose what to write: --promela") }
  }

  func run() throws {
    let variant = try ModelLoading.loadChosen(spec, variant: variantName, parameters: parameters, command: "export")
    let exported: PromelaExporter.Export
    do {
      exported = try PromelaExporter.export(ExecutionPlan(model: variant.model), path: variant.specPath)
    } catch {
      for diagnostic in error.diagnostics { Terminal.error(diagnostic.description) }
      throw ExitCode(2)
    }
    let data = Data((exported.text.hasSuffix("\n") ? exported.text : exported.text + "\n").utf8)
    guard let output else {
      FileHandle.standardOutput.write(data)
      return
    }
    // A file the user has is never overwritten: write to a new path.
    guard !FileManager.default.fileExists(atPath: output) else {
      Terminal.error("error: \(output): exists; export never overwrites a file (remove it or choose another path)")
      throw ExitCode(2)
    }
    do {
      try data.write(to: URL(fileURLWithPath: output), options: .withoutOverwriting)
    } catch {
      Terminal.error("error: \(output): cannot write: \(error.localizedDescription)")
      throw ExitCode(2)
    }
  }
}
