import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// `lockspec graph --dot SPEC`: prints the whole state graph of a small model in Graphviz DOT
/// (docs/pictures.md), refusing a model with more states than `--max-states`.
struct GraphCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "graph",
    abstract: "Print the state graph of a small model (--dot: Graphviz DOT).",
    discussion: """
      Every transition is followed (no reduction). States are labelled with their visible values \
      and where each thread rests; initial states are thick, final states doubled, deadlocks red \
      octagons, states violating a property filled red, faulting transitions red. Render with \
      `dot -Tsvg`. Exit status 2 on bad input, or when the model has more states than --max-states.
      """
  )

  @Flag(help: "Write Graphviz DOT.")
  var dot = false

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

  @Option(help: "Refuse models with more states than this.")
  var maxStates: Int = 500

  func validate() throws {
    if !dot { throw ValidationError("choose what to write: --dot") }
    if maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
  }

  func run() throws {
    let variant = try ModelLoading.loadChosen(spec, variant: variantName, parameters: parameters, command: "graph")
    let system = Interpreter(model: variant.model)
    guard let graph = StateGraph.explore(system, maxStates: maxStates) else {
      Terminal.error(
        "error: \(spec): the model has more than \(maxStates) states; graph draws small models only "
          + "(a smaller --param, or a larger --max-states)")
      throw ExitCode(2)
    }
    FileHandle.standardOutput.write(Data(StateGraphDOT().dot(graph, metadata: system.metadata).utf8))
  }
}
