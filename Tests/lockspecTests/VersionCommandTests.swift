import Foundation
import XCTest

/// Command-line conventions every executable product follows: `--version` prints one version
/// (written once, in LockCheck), and `lockspec` generates shell completion scripts.
final class VersionCommandTests: CommandTestCase {
  /// Runs the product `name` (built next to `lockspec`) with `arguments`.
  func product(_ name: String, _ arguments: [String]) throws -> Run {
    try runProcess(binary.deletingLastPathComponent().appendingPathComponent(name), arguments)
  }

  func testEveryExecutablePrintsTheSameVersion() throws {
    var versions: [String] = []
    for name in ["lockspec", "lockspec-bench", "lockspec-sim"] {
      let run = try product(name, ["--version"])
      XCTAssertEqual(run.status, 0, name + ": " + run.err)
      XCTAssertEqual(run.err, "", name)
      versions.append(run.out)
    }
    XCTAssertEqual(Set(versions).count, 1, "\(versions)")
    let version = versions[0].trimmingCharacters(in: .newlines)
    XCTAssertNotNil(version.range(of: #"^[0-9]+\.[0-9]+\.[0-9]+$"#, options: .regularExpression), version)
  }

  func testBenchKeepsItsOptionsAndRejectsUnknownOnesWithStatusTwo() throws {
    let help = try product("lockspec-bench", ["--help"])
    XCTAssertEqual(help.status, 0, help.err)
    for option in ["--repeat", "--spin", "--version"] { XCTAssertTrue(help.out.contains(option), help.out) }
    let bad = try product("lockspec-bench", ["--repeats", "2"])
    XCTAssertEqual(bad.status, 2, bad.out)
    XCTAssertTrue(bad.err.contains("--repeats"), bad.err)
  }

  func testCompletionScriptsNameTheSubcommands() throws {
    for shell in ["bash", "zsh", "fish"] {
      let run = try lockspec(["--generate-completion-script", shell])
      XCTAssertEqual(run.status, 0, shell + ": " + run.err)
      for command in ["check", "validate", "generate", "fuzz"] {
        XCTAssertTrue(run.out.contains(command), "\(shell) completion lacks \(command)")
      }
    }
  }
}
