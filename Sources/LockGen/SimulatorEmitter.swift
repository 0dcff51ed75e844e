/// Emits the `lockspec-sim` entry point: the hand-written `Simulator` (target `LockSimulator`)
/// run over the generated model registry.
enum SimulatorEmitter {
  static func emit() -> String {
    var w = SwiftWriter()
    w.line("import Foundation")
    w.line("import LockSimulator")
    w.line("import LockspecModels")
    w.blank()
    w.line("exit(Simulator(models: ModelRegistry.all).main(Array(CommandLine.arguments.dropFirst())))")
    return w.text
  }
}
