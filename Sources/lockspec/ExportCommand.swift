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

  @Argument(help: "The spec file.")
  var spec: String

  @Option(
    name: .customLong("param"),
    help: ArgumentHelp("Set a spec parameter, e.g. --param nscan=6 (repeatable).", valueName: "name=value"))
  var parameters: [ParameterSetting] = []

  @Option(name: [.short, .long], help: "Write the model to this file instead of standard output.")
  var output: String?

  func validate() throws {
    if !promela { throw ValidationError("choose what to write: --promela") }
  }

  func run() throws {
    let variant = try ModelLoading.loadOne(spec, parameters: parameters, command: "export")
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
    do {
      try data.write(to: URL(fileURLWithPath: output))
    } catch {
      Terminal.error("error: \(output): cannot write: \(error.localizedDescription)")
      throw ExitCode(2)
    }
  }
}
