import ArgumentParser
import LockCheck

/// `lockspec-sim list`: every compiled model, its spec, threads and properties.
struct SimulatorList: SimulatorSubcommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the compiled models with their specs, threads and properties.")

  func execute(on simulator: Simulator) throws -> Int32 {
    for model in simulator.registry {
      let metadata = model.modelMetadata
      let patch = model.patchPath.map { " + \($0)" } ?? ""
      let threads = "\(metadata.threads.count) threads"
      simulator.out(
        "\(model.name)  (\(model.specPath)\(patch))  \(threads), \(metadata.properties.count) properties")
    }
    return 0
  }
}
