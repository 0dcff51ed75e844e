import ArgumentParser
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

  /// A problem with the command line found after parsing (an unknown model), printed with the
  /// subcommand's usage.
  struct Usage: Error {
    var message: String
  }

  /// Runs the command line `arguments` (without the program name); returns the exit status.
  public func main(_ arguments: [String]) -> Int32 {
    let command: ParsableCommand
    do {
      command = try SimulatorCommand.parseAsRoot(arguments)
      if command is SimulatorCommand {
        // No subcommand: the usage, as a usage error.
        printError(SimulatorCommand.helpMessage())
        return 2
      }
      if !(command is SimulatorSubcommand) {
        // argument-parser's own commands (`help`, `--help`) print by throwing.
        var builtIn = command
        try builtIn.run()
        return 0
      }
    } catch {
      let message = SimulatorCommand.fullMessage(for: error)
      if SimulatorCommand.exitCode(for: error) == .success {
        out(message)
        return 0
      }
      printError(message)
      return 2
    }
    guard let subcommand = command as? SimulatorSubcommand else { return 2 }
    do {
      return try subcommand.execute(on: self)
    } catch let usage as Usage {
      printError("error: \(usage.message)\nusage: lockspec-sim " + type(of: subcommand).usageString())
      return 2
    } catch {
      printError("error: \(error)")
      return 2
    }
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
    FileHandle.standardError.write(Data((text + (text.hasSuffix("\n") ? "" : "\n")).utf8))
  }
}
