import Foundation
import XCTest

/// A test case that runs the built `lockspec` executable in a temporary folder holding a
/// `specs/` tree the test writes, and captures its exit status and output.
class CommandTestCase: XCTestCase {
  /// The temporary folder the command runs in.
  var folder: URL!

  /// What one run printed and how it exited.
  struct Run {
    var status: Int32
    var out: String
    var err: String
  }

  override func setUpWithError() throws {
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("lockspec-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("specs"), withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: folder)
  }

  /// The `lockspec` binary next to the test bundle.
  var binary: URL {
    var url = Bundle(for: CommandTestCase.self).bundleURL
    while url.pathExtension == "xctest" || url.lastPathComponent == "Contents" || url.lastPathComponent == "MacOS" {
      url.deleteLastPathComponent()
    }
    return url.appendingPathComponent("lockspec")
  }

  /// Runs `lockspec` with `arguments` in `folder`.
  func lockspec(_ arguments: [String]) throws -> Run {
    try runProcess(binary, arguments)
  }

  /// Runs `executable` with `arguments` in `directory` (default: `folder`).
  func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> Run {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? folder
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Run(
      status: process.terminationStatus, out: String(decoding: outData, as: UTF8.self),
      err: String(decoding: errData, as: UTF8.self))
  }

  /// Writes `text` to `relative` in the folder, creating the folders on the way.
  func put(_ relative: String, _ text: String) throws {
    let url = folder.appendingPathComponent(relative)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try text.write(to: url, atomically: false, encoding: .utf8)
  }

  /// Writes `text` to `specs/<name>` in the folder.
  func write(_ name: String, _ text: String) throws {
    try put("specs/" + name, text)
  }
}
