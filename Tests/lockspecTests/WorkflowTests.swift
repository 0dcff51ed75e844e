import Foundation
import XCTest

@testable import lockspec

/// The GitHub Actions workflow (.github/workflows/lockspec.yml) and .ci/run: the workflow is a
/// valid workflow (check-jsonschema's vendored GitHub schema), every lockspec command in either
/// parses with lockspec's own command line, and both run the README's test command, the freshness
/// check through the package plugin, and the check of every spec.
final class WorkflowTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  func text(_ relative: String) throws -> String {
    try String(contentsOf: Self.root.appendingPathComponent(relative), encoding: .utf8)
  }

  /// The shell commands of a script or of a workflow's `run:` blocks, one per line, with
  /// comments, redirections and `|| ...` fallbacks dropped.
  static func commands(_ text: String) -> [String] {
    text.split(separator: "\n").compactMap { raw -> String? in
      var line = raw.trimmingCharacters(in: .whitespaces)
      if line.hasPrefix("run:") { line = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces) }
      if line.hasPrefix("- run:") { line = String(line.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
      guard line.hasPrefix("swift ") else { return nil }
      for stop in [" || ", " > ", " >> ", " 2>", " | "] {
        if let range = line.range(of: stop) { line = String(line[..<range.lowerBound]) }
      }
      return line
    }
  }

  /// The arguments after `swift run [--skip-build] lockspec`, if `command` runs lockspec.
  static func lockspecArguments(_ command: String) -> [String]? {
    var words = command.split(separator: " ").map(String.init)
    guard words.starts(with: ["swift", "run"]) else { return nil }
    words.removeFirst(2)
    while let first = words.first, first.hasPrefix("-") { words.removeFirst() }
    guard words.first == "lockspec" else { return nil }
    return Array(words.dropFirst())
  }

  func testTheWorkflowIsAValidGitHubWorkflow() throws {
    let path = Self.root.appendingPathComponent(".github/workflows/lockspec.yml").path
    try SchemaValidators.require(
      "python3", ["-m", "check_jsonschema", "--version"], install: "python3 -m pip install check-jsonschema")
    let outcome = try SchemaValidators.run(
      "python3", ["-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", path])
    XCTAssertTrue(outcome.valid, outcome.output)
  }

  func testEveryLockspecCommandParses() throws {
    var checked = 0
    for file in [".github/workflows/lockspec.yml", ".ci/run", "README.md", "docs/ci.md"] {
      for command in Self.commands(try text(file)) {
        guard let arguments = Self.lockspecArguments(command) else { continue }
        XCTAssertNoThrow(try Lockspec.parseAsRoot(arguments), "\(file): \(command)")
        checked += 1
      }
    }
    XCTAssertGreaterThanOrEqual(checked, 5)
  }

  func testTheWorkflowAndCIRunTheSameJobs() throws {
    let manifest = try text("Package.swift")
    XCTAssertTrue(manifest.contains("verb: \"lockspec-generate\""), "the plugin's verb")
    let plugin = "swift package --allow-writing-to-package-directory lockspec-generate --check"
    for file in [".github/workflows/lockspec.yml", ".ci/run"] {
      let commands = Self.commands(try text(file))
      XCTAssertTrue(commands.contains("swift test"), "\(file) runs the README's test command: \(commands)")
      XCTAssertTrue(commands.contains(plugin), "\(file) checks Generated/ through the plugin: \(commands)")
      XCTAssertTrue(
        commands.contains { Self.lockspecArguments($0)?.starts(with: ["check", "specs"]) ?? false },
        "\(file) checks every spec: \(commands)")
    }
    let readme = try text("README.md")
    XCTAssertTrue(readme.contains("swift test"))
    XCTAssertTrue(readme.contains("swift run lockspec check specs"))
    let workflow = try text(".github/workflows/lockspec.yml")
    for report in ["--junit lockspec-junit.xml", "--format sarif", "--format markdown", "upload-sarif"] {
      XCTAssertTrue(workflow.contains(report), report)
    }
  }

  func testCommandsAreFoundAndBadOnesFail() {
    let script = """
      - run: swift run lockspec check specs --format sarif > out.sarif || status=$?
        run: |
          swift test
          # swift run lockspec nothing
      """
    XCTAssertEqual(Self.commands(script), ["swift run lockspec check specs --format sarif", "swift test"])
    XCTAssertEqual(Self.lockspecArguments("swift run --skip-build lockspec check specs"), ["check", "specs"])
    XCTAssertThrowsError(try Lockspec.parseAsRoot(["check", "specs", "--format", "sarif2"]))
  }
}
