import Foundation
import XCTest

/// Runs docs/tutorial.md in an empty folder: every ```yaml file=PATH block is written to PATH,
/// every `$ command` line of a ```sh block is run with `sh -c` (`cd DIR` is followed), and
/// what it prints (stdout and stderr, as a terminal shows them) must be the lines under it.
final class TutorialTests: CommandTestCase {
  /// One thing the tutorial does, in order.
  enum Action: Equatable {
    case write(path: String, text: String)
    case run(command: String, output: String)
  }

  static var tutorial: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/tutorial.md")
  }

  /// The file blocks and the command lines of `markdown`, in order. Other blocks are prose.
  static func actions(_ markdown: String) -> [Action] {
    var actions: [Action] = []
    var lines = markdown.components(separatedBy: "\n")[...]
    while let line = lines.popFirst() {
      guard line.hasPrefix("```") else { continue }
      let info = line.dropFirst(3).split(separator: " ").map(String.init)
      var body: [String] = []
      while let inner = lines.popFirst(), inner != "```" { body.append(inner) }
      if info.first == "yaml", let file = info.first(where: { $0.hasPrefix("file=") }) {
        actions.append(.write(path: String(file.dropFirst(5)), text: body.joined(separator: "\n") + "\n"))
      } else if info.first == "sh" {
        var command: String?
        var output: [String] = []
        func finish() {
          guard let command else { return }
          actions.append(.run(command: command, output: output.map { $0 + "\n" }.joined()))
        }
        for text in body {
          if text.hasPrefix("$ ") {
            finish()
            command = String(text.dropFirst(2))
            output = []
          } else {
            output.append(text)
          }
        }
        finish()
      }
    }
    return actions
  }

  func testTheParserReadsFileBlocksAndCommandsWithTheirOutput() {
    let markdown = """
      Intro.

      ```yaml file=specs/x.yaml
      a: 1
      ```

      ```sh
      $ lockspec init x
      created x
      $ cd x
      ```

      ```bash
      $ swift build
      ```

      """
    XCTAssertEqual(
      Self.actions(markdown),
      [
        .write(path: "specs/x.yaml", text: "a: 1\n"), .run(command: "lockspec init x", output: "created x\n"),
        .run(command: "cd x", output: ""),
      ])
  }

  func testTheTutorialRunsAsWritten() throws {
    let markdown = try String(contentsOf: Self.tutorial, encoding: .utf8)
    let actions = Self.actions(markdown)
    XCTAssertGreaterThan(actions.filter { if case .run = $0 { return true } else { return false } }.count, 5)
    var directory = folder.appendingPathComponent("tutorial")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for action in actions {
      switch action {
      case .write(let path, let text):
        let url = directory.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
      case .run(let command, let output):
        if command.hasPrefix("cd ") {
          directory = directory.appendingPathComponent(String(command.dropFirst(3))).standardizedFileURL
          XCTAssertTrue(FileManager.default.fileExists(atPath: directory.path), command)
          XCTAssertEqual(output, "", "`\(command)` prints nothing")
          continue
        }
        let printed = try shell(command, in: directory)
        XCTAssertEqual(printed, output, "docs/tutorial.md: `$ \(command)` printed something else")
      }
    }
  }

  /// Runs `command` with `sh -c` in `directory`, the built `lockspec` first on PATH; stdout
  /// and stderr together.
  func shell(_ command: String, in directory: URL) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = binary.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
  }
}
