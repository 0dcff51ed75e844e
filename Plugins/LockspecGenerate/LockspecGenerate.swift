import Foundation
import PackagePlugin

/// `swift package lockspec-generate [--check] [generate's options]`: runs `lockspec generate` in
/// the package's directory, with the `lockspec` tool SwiftPM builds for the plugin.
@main
struct LockspecGenerate: CommandPlugin {
  func performCommand(context: PluginContext, arguments: [String]) async throws {
    let tool = try context.tool(named: "lockspec")
    let process = Process()
    process.executableURL = tool.url
    process.arguments = ["generate"] + arguments
    process.currentDirectoryURL = context.package.directoryURL
    try process.run()
    process.waitUntilExit()
    guard process.terminationReason == .exit, process.terminationStatus == 0 else {
      // lockspec has printed why on stderr; the plugin's own failure carries the status.
      throw Failure(status: process.terminationStatus, arguments: arguments)
    }
  }

  /// `lockspec generate` did not succeed (a stale Generated/ under --check, a spec error).
  struct Failure: Error, CustomStringConvertible {
    var status: Int32
    var arguments: [String]

    var description: String {
      "lockspec generate \(arguments.joined(separator: " ")) exited with status \(status)"
    }
  }
}
