import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// `lockspec check`: explores every spec under the given paths and reports each property's verdict.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Explore every interleaving of each spec and report each property's verdict.",
    discussion: """
      Exit status: 0 when every property with an `expect` got that verdict, 1 when any did not \
      (or is unknown because a bound was hit), 2 on bad input or usage.
      """
  )

  @Argument(help: "Spec files or folders (searched recursively for *.yaml).")
  var paths: [String] = ["specs"]

  @Option(help: "Output format: text or json.")
  var format: OutputFormat = .text

  @Option(name: .customLong("property"), help: "Check only this property (repeatable).")
  var properties: [String] = []

  @Option(help: "Stop after storing this many states (undecided verdicts become unknown).")
  var maxStates: Int?

  @Option(help: "Do not explore deeper than this many steps.")
  var maxDepth: Int?

  @Flag(help: "Print states, transitions, states per second and peak memory per model.")
  var stats = false

  @Option(help: "Also write a JUnit XML report to this file (for CI).")
  var junit: String?

  func validate() throws {
    if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
    if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must not be negative") }
  }

  func run() throws {
    let models = try ModelLoading.loadAll(paths)
    var results: [CheckReport.Result] = []
    var outcomes: [ExplorationResult] = []
    var text = TextReport()
    for loaded in models {
      let options = ExplorationOptions(
        maxStates: maxStates, maxDepth: maxDepth, properties: properties.isEmpty ? nil : properties)
      let explorer: Explorer<Interpreter>
      do {
        explorer = try Explorer(system: Interpreter(model: loaded.model), options: options)
      } catch {
        Terminal.error("error: \(loaded.path): \(error)")
        throw ExitCode(2)
      }
      let outcome = explorer.run()
      outcomes.append(outcome)
      let modelResults = outcome.properties.map {
        CheckReport.Result(
          spec: loaded.path, variant: loaded.model.name, patch: loaded.patch, property: $0,
          statistics: outcome.statistics)
      }
      results += modelResults
      if format == .text {
        Terminal.out(text.model(path: loaded.path, outcome: outcome, showStats: stats))
      }
    }
    let report = CheckReport(results: results)
    switch format {
    case .text: Terminal.out(text.summary(report))
    case .json: Terminal.out(try JSONReport.encode(report))
    }
    if let junit {
      do {
        try JUnitWriter().xml(outcomes).write(toFile: junit, atomically: true, encoding: .utf8)
      } catch {
        Terminal.error("error: cannot write \(junit): \(error.localizedDescription)")
        throw ExitCode(2)
      }
    }
    if !report.succeeded { throw ExitCode(1) }
  }
}

/// Output formats of `lockspec check`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
}
