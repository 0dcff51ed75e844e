import ArgumentParser
import LockCheck

/// The `lockspec-sim` command line: its subcommands, `--help` and `--version`.
struct SimulatorCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lockspec-sim",
    abstract: "Random schedules and exhaustive checks of the compiled models.",
    discussion: """
      Exit status: 0 as expected; 1 a verdict differs from the spec's expectation (explore) or a \
      run violated a property the spec does not expect to be violated (run, replay); 2 bad usage.
      """,
    version: LockspecVersion.current,
    subcommands: [SimulatorList.self, SimulatorRun.self, SimulatorReplay.self, SimulatorExplore.self]
  )
}

/// A `lockspec-sim` subcommand: runs on the simulator's model registry and returns the exit status.
protocol SimulatorSubcommand: ParsableCommand {
  func execute(on simulator: Simulator) throws -> Int32
}

extension SimulationOptions {
  /// The `--property` names as a selection: nil (every property) when none is given.
  static func selection(_ names: [String]) -> [String]? {
    names.isEmpty ? nil : names
  }
}
