import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// `lockspec diff A B`: what changes from spec A to spec B, or from spec A to A with patch B
/// applied: the steps per thread, the state, the properties, and the verdicts that change.
struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two specs, or a spec and a patch: steps, state, properties and the verdicts that change.",
    discussion: """
      Steps are matched by label (an unlabelled step by its code): per thread and procedure the \
      steps removed, added, moved (to another place in the order, another block or another \
      thread) and changed (code or action), with their code. Both sides are explored like \
      `lockspec check` does, and every verdict that differs is listed as `check --patch` lists \
      it. With a patch (a YAML overlay, docs/patches.md) B, the patched variant is compared with \
      the variant it derives from. Exit status 0 (whatever changed), 2 on bad input or usage.
      """
  )

  @Argument(help: "The first spec file.")
  var first: String

  @Argument(help: "The second spec file, or a patch file to apply to the first.")
  var second: String

  @Option(help: "Output format: text or json.")
  var format: DiffFormat = .text

  @Option(
    name: .customLong("param"),
    help: ArgumentHelp("Set a spec parameter, e.g. --param nscan=6 (repeatable).", valueName: "name=value"))
  var parameters: [ParameterSetting] = []

  @Option(help: "Stop each search after storing this many states (undecided verdicts become unknown).")
  var maxStates: Int?

  @Flag(help: "Compare the specs only, without exploring them.")
  var noVerdicts = false

  func validate() throws {
    if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
  }

  func run() throws {
    let (before, after) = try DiffSides.load(first: first, second: second, parameters: parameters)
    guard let old = before.document, let new = after.document else {
      Terminal.error("error: \(second): no spec document to compare")
      throw ExitCode(2)
    }
    let diff = SpecDiff(from: old, to: new)
    let changes = noVerdicts ? nil : try verdictChanges(before, after)
    switch format {
    case .text:
      var text = "diff \(before.name) (\(before.file)) -> \(after.name) (\(after.file))\n"
      text += diff.text()
      if let changes { text += "\n" + changes.changesText() }
      Terminal.out(text)
    case .json:
      let report = DiffReport(
        before: .init(variant: before.name, file: before.file), after: .init(variant: after.name, file: after.file),
        diff: diff, verdictChanges: changes.map { $0.changes.map(DiffReport.VerdictChange.init) })
      Terminal.out(try JSONReport.encode(report))
    }
  }

  /// Explores both sides and compares B's verdicts with A's, as the verdict matrix marks a
  /// patched variant's against its parent's.
  private func verdictChanges(_ before: Variant, _ after: Variant) throws -> VerdictMatrix {
    let options = ExplorationOptions(
      maxStates: maxStates, reductions: .all, workers: ProcessInfo.processInfo.activeProcessorCount)
    var results: [CheckReport.Result] = []
    // Two specs may share a name: the second side is then told apart in the matrix.
    let secondName = after.name == before.name ? after.name + " (second)" : after.name
    for (variant, name) in [(before, before.name), (after, secondName)] {
      let outcome: ExplorationResult
      do {
        outcome = try Interpreter(model: variant.model).explore(options: options)
      } catch {
        Terminal.error("error: \(variant.file): \(error)")
        throw ExitCode(2)
      }
      for property in outcome.properties {
        results.append(
          CheckReport.Result(
            spec: variant.specPath, variant: name, patch: variant.patchPath, property: property, outcome: outcome))
      }
    }
    return VerdictMatrix(results: results, parents: [secondName: before.name])
  }
}

/// Output formats of `lockspec diff`.
enum DiffFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
