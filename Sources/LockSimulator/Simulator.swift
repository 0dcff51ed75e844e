import Foundation
import LockCheck

/// `lockspec-sim`: the compiled models from the command line. The generated `main.swift` hands it
/// the model registry; everything else here is the same for every set of specs.
///
/// usage: lockspec-sim list
/// lockspec-sim run MODEL [--seed N] [--runs N] [--max-steps N] [--property NAME]...
/// lockspec-sim replay MODEL --seed N --run I [--max-steps N] [--property NAME]...
/// lockspec-sim explore [MODEL...] [--property NAME]... [--max-states N] [--max-depth N] [--stats]
/// [--format text|json]
/// exit status: 0 as expected; 1 a verdict differs from the spec's expectation (explore) or a run violated
/// a property the spec does not expect to be violated (run, replay); 2 bad usage.
public struct Simulator {
  /// The compiled models, in spec order.
  let registry: [any CompiledModel.Type]

  public init(models: [any CompiledModel.Type]) {
    registry = models
  }

  struct Usage: Error {
    var message: String
  }

  let usage = [
    "usage: lockspec-sim list",
    "       lockspec-sim run MODEL [--seed N] [--runs N] [--max-steps N] [--property NAME]...",
    "       lockspec-sim replay MODEL --seed N --run I [--max-steps N] [--property NAME]...",
    "       lockspec-sim explore [MODEL...] [--property NAME]... [--max-states N] [--max-depth N] [--stats]",
    "                            [--format text|json]",
    "       lockspec-sim --version",
    "exit status: 0 as expected; 1 a verdict differs from the spec's expectation (explore) or a run violated",
    "a property the spec does not expect to be violated (run, replay); 2 bad usage.",
  ].joined(separator: "\n")

  /// Positional arguments, `--name value` options (repeatable) and `--flag`s.
  struct Arguments {
    var positional: [String] = []
    var values: [String: [String]] = [:]
    var flags: Set<String> = []

    init(_ arguments: [String], options: Set<String>, flags known: Set<String>) throws {
      var index = 0
      while index < arguments.count {
        let argument = arguments[index]
        index += 1
        guard argument.hasPrefix("--") else {
          positional.append(argument)
          continue
        }
        let name = String(argument.dropFirst(2))
        if known.contains(name) {
          flags.insert(name)
          continue
        }
        guard options.contains(name) else { throw Usage(message: "unknown option \(argument)") }
        guard index < arguments.count else { throw Usage(message: "\(argument) needs a value") }
        values[name, default: []].append(arguments[index])
        index += 1
      }
    }

    /// The last value of `--name`, if given.
    func value(_ name: String) -> String? {
      values[name]?.last
    }

    /// The value of `--name` as an integer of type `T`, if given.
    func number<T: FixedWidthInteger>(_ name: String, _ type: T.Type = T.self) throws -> T? {
      guard let text = value(name) else { return nil }
      guard let number = T(text) else { throw Usage(message: "--\(name) needs a number, not \(text)") }
      return number
    }

    /// The values of the repeatable `--property`, or `nil` for all properties.
    var properties: [String]? { values["property"] }
  }

  /// Runs the command in `arguments` and returns the exit status.
  /// Runs the command line `arguments` (without the program name); returns the exit status.
  public func main(_ arguments: [String]) -> Int32 {
    guard let command = arguments.first else {
      printError(usage)
      return 2
    }
    let rest = Array(arguments.dropFirst())
    do {
      switch command {
      case "list": return list()
      case "run": return try run(rest)
      case "replay": return try replay(rest)
      case "explore": return try explore(rest)
      case "help", "--help", "-h":
        out(usage)
        return 0
      case "--version":
        out(LockspecVersion.current)
        return 0
      default: throw Usage(message: "unknown command \(command)")
      }
    } catch let usage as Usage {
      printError("error: \(usage.message)\n" + self.usage)
      return 2
    } catch {
      printError("error: \(error)")
      return 2
    }
  }

  /// `list`: every compiled model, its spec, threads and properties.
  func list() -> Int32 {
    for model in registry {
      let metadata = model.modelMetadata
      let patch = model.patchPath.map { " + \($0)" } ?? ""
      let threads = "\(metadata.threads.count) threads"
      out("\(model.name)  (\(model.specPath)\(patch))  \(threads), \(metadata.properties.count) properties")
    }
    return 0
  }

  /// `run MODEL`: random schedules; prints the first violation with the command that replays it.
  func run(_ arguments: [String]) throws -> Int32 {
    let parsed = try Arguments(arguments, options: ["seed", "runs", "max-steps", "property"], flags: [])
    guard parsed.positional.count == 1 else { throw Usage(message: "run takes one model") }
    let model = try model(named: parsed.positional[0])
    let defaults = SimulationOptions()
    let options = SimulationOptions(
      seed: try parsed.number("seed") ?? defaults.seed,
      runs: try parsed.number("runs") ?? defaults.runs,
      maxSteps: try parsed.number("max-steps") ?? defaults.maxSteps,
      properties: parsed.properties
    )
    let result = try model.simulate(options)
    var summary = "\(result.model): \(result.runs) runs (seed \(result.seed)), \(result.steps) steps, "
    summary += "\(result.completedRuns) completed, \(result.truncatedRuns) truncated"
    out(summary)
    if !result.reached.isEmpty {
      out("  reached: " + result.reached.joined(separator: ", "))
    }
    guard let failure = result.failure else {
      out("  no property violated")
      return 0
    }
    out("  \(failure.property) VIOLATED in run \(failure.run) (seed \(failure.seed))")
    out(CounterexampleRenderer().render(failure.counterexample))
    var replay = "replay: swift run lockspec-sim replay \(model.name) --seed \(failure.seed) --run \(failure.run)"
    replay += " --max-steps \(options.maxSteps)"
    for property in options.properties ?? [] { replay += " --property \(property)" }
    out(replay)
    return expectation(of: failure.property, in: model) == .violated ? 0 : 1
  }

  func expectation(of property: String, in model: any CompiledModel.Type) -> Verdict? {
    model.modelMetadata.properties.first { $0.name == property }?.expect
  }

  /// `replay MODEL --seed N --run I`: the schedule of one run, and the violation it shows, if any.
  func replay(_ arguments: [String]) throws -> Int32 {
    let parsed = try Arguments(arguments, options: ["seed", "run", "max-steps", "property"], flags: [])
    guard parsed.positional.count == 1 else { throw Usage(message: "replay takes one model") }
    let model = try model(named: parsed.positional[0])
    guard let seed: UInt64 = try parsed.number("seed") else { throw Usage(message: "replay needs --seed") }
    guard let run: Int = try parsed.number("run") else { throw Usage(message: "replay needs --run") }
    let maxSteps = try parsed.number("max-steps") ?? SimulationOptions().maxSteps
    let options = SimulationOptions(seed: seed, runs: run + 1, maxSteps: maxSteps, properties: parsed.properties)
    let replayed = try model.replay(options, run: run)
    let ending = replayed.completed ? "every thread ended" : "stopped"
    out("\(model.name): run \(run) (seed \(seed)): \(replayed.steps) steps, \(ending)")
    guard let property = replayed.property, let counterexample = replayed.counterexample else {
      out("  no property violated")
      return 0
    }
    out(CounterexampleRenderer().render(counterexample))
    return expectation(of: property, in: model) == .violated ? 0 : 1
  }

  /// `explore [MODEL...]`: every interleaving, reported exactly as `lockspec check` reports the spec.
  func explore(_ arguments: [String]) throws -> Int32 {
    let parsed = try Arguments(
      arguments, options: ["property", "max-states", "max-depth", "format"], flags: ["stats"]
    )
    let models = try parsed.positional.isEmpty ? registry : parsed.positional.map(model(named:))
    let format = parsed.value("format") ?? "text"
    guard format == "text" || format == "json" else { throw Usage(message: "unknown format \(format)") }
    let options = ExplorationOptions(
      maxStates: try parsed.number("max-states"),
      maxDepth: try parsed.number("max-depth"),
      properties: parsed.properties
    )
    var entries: [CheckReport.Model] = []
    let text = TextReport()
    for model in models {
      let outcome: ExplorationResult
      do {
        outcome = try model.explore(options)
      } catch {
        printError("error: \(model.file): \(error)")
        return 2
      }
      let entry = CheckReport.Model(
        spec: model.specPath, variant: model.name, patch: model.patchPath, parent: model.parent, outcome: outcome)
      entries.append(entry)
      if format == "text" {
        out(text.model(entry, showStats: parsed.flags.contains("stats")))
      }
    }
    let report = CheckReport(models: entries)
    if format == "json" {
      out(try JSONReport.encode(report))
    } else {
      out(text.summary(report))
      out("\n" + report.matrix.text())
    }
    return report.succeeded ? 0 : 1
  }

  /// The model named `name`, or a usage error listing the known ones.
  func model(named name: String) throws -> any CompiledModel.Type {
    guard let model = registry.first(where: { $0.name == name }) else {
      let known = registry.map { $0.name }.joined(separator: ", ")
      throw Usage(message: "unknown model \(name); known models: \(known)")
    }
    return model
  }

  /// Writes `text` and a newline to standard output (none added when `text` ends with one).
  func out(_ text: String) {
    print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
  }

  func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
