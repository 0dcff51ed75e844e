import ArgumentParser
import Foundation
import LockCheck

/// The `lockspec` command: checks locking protocols written as YAML specs.
struct Lockspec: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lockspec",
    abstract: "Check kernel locking protocols by exploring every interleaving of a YAML spec.",
    version: LockspecVersion.current,
    subcommands: [
      CheckCommand.self, ValidateCommand.self, GenerateCommand.self, FuzzCommand.self, ExportCommand.self,
      GraphCommand.self, SchemaCommand.self, InitCommand.self,
      SimulateCommand.self, DiffCommand.self, ReportCommand.self,
    ],
    defaultSubcommand: CheckCommand.self
  )
}

/// Entry point: maps every failure to lockspec's exit statuses (0 as expected, 1 a verdict
/// differs, 2 bad input or usage) instead of argument-parser's defaults.
@main
enum LockspecMain {
  static func main() {
    do {
      var command = try Lockspec.parseAsRoot()
      try command.run()
    } catch let exit as ExitCode {
      Foundation.exit(exit.rawValue)
    } catch {
      let code = Lockspec.exitCode(for: error)
      let message = Lockspec.fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(message) }
        Foundation.exit(0)
      }
      if !message.isEmpty { Terminal.error(message) }
      Foundation.exit(code == .failure ? 1 : 2)
    }
  }
}
