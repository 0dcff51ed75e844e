import Foundation
import XCTest

/// `lockspec init NAME`: the starter files load and pass the schema, and nothing that exists is
/// ever overwritten.
final class InitCommandTests: CommandTestCase {
  func testTheStarterSpecLoadsAndPassesItsSchema() throws {
    let run = try lockspec(["init", "demo"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertEqual(
      run.out,
      """
      created demo/specs/demo.yaml
      created demo/schema/lockspec.schema.json
      created demo/.gitignore
      next: cd demo and run lockspec check

      """)
    let validate = try lockspec(["validate", "demo/specs/demo.yaml"])
    XCTAssertEqual(validate.status, 0, validate.err)
    XCTAssertTrue(validate.out.hasPrefix("demo/specs/demo.yaml: ok (demo: "), validate.out)
    let schema = folder.appendingPathComponent("demo/schema/lockspec.schema.json")
    XCTAssertEqual(try String(contentsOf: schema, encoding: .utf8), try lockspec(["schema"]).out)
    let outcome = try SchemaValidators.jsonSchema(
      schema.path, [folder.appendingPathComponent("demo/specs/demo.yaml").path])
    XCTAssertTrue(outcome.valid, outcome.output)
    let spec = try String(contentsOf: folder.appendingPathComponent("demo/specs/demo.yaml"), encoding: .utf8)
    XCTAssertTrue(spec.hasPrefix("# yaml-language-server: $schema=../schema/lockspec.schema.json\n"), spec)
  }

  func testAnExistingFileIsNeverOverwritten() throws {
    try put("demo/.gitignore", "mine\n")
    let run = try lockspec(["init", "demo"])
    XCTAssertEqual(run.status, 2)
    XCTAssertEqual(run.out, "")
    XCTAssertEqual(run.err, "error: demo/.gitignore already exists; lockspec init never overwrites a file\n")
    XCTAssertEqual(
      try String(contentsOf: folder.appendingPathComponent("demo/.gitignore"), encoding: .utf8), "mine\n")
    // Nothing else was written either.
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("demo/specs").path))
    let again = try lockspec(["init", "demo2"])
    XCTAssertEqual(again.status, 0, again.err)
    let twice = try lockspec(["init", "demo2"])
    XCTAssertEqual(twice.status, 2)
    XCTAssertEqual(twice.err.components(separatedBy: "\n").filter { $0.hasSuffix("never overwrites a file") }.count, 3)
  }

  func testNamesThatAreNotPlainFolderNamesExitTwo() throws {
    for name in ["../escape", "a/b", ".hidden", "-dash", "", "naïve", "two words"] {
      let run = try lockspec(["init", "--", name])
      XCTAssertEqual(run.status, 2, "\(name): \(run.out)")
      XCTAssertTrue(run.err.contains("is not a valid project name"), "\(name): \(run.err)")
    }
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["specs"])
  }
}
