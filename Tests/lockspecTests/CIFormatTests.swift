import Foundation
import XCTest

/// `check --format junit|sarif` and `--junit FILE` end to end, each document checked by an
/// independent validator (`SchemaValidators`) and for where it points in the spec.
final class CIFormatTests: CommandTestCase {
  /// The ABBA spec with its deadlock expected not to happen (a mismatch), and a property that
  /// needs the whole graph to be decided.
  static let mismatched = CommandLineTests.abba.replacingOccurrences(
    of: "expect: violated}",
    with: "expect: holds}\n  - {name: unreached, check: reachable, condition: \"false\", expect: violated}")

  /// A spec with two errors: an unknown type at 3:13 and no threads at 4:10.
  static let broken = "spec: demo/broken\nstate:\n  A: {type: mutexx}\nthreads: {}\nproperties: []\n"

  /// Writes `text` to `name` in the folder and returns its path.
  func file(_ name: String, _ text: String) throws -> String {
    try put(name, text)
    return folder.appendingPathComponent(name).path
  }

  /// The 1-based line and column of the first `needle` in `text`.
  func position(of needle: String, in text: String) throws -> (line: Int, column: Int) {
    for (index, line) in text.components(separatedBy: "\n").enumerated() {
      if let range = line.range(of: needle) {
        return (index + 1, line.unicodeScalars.distance(from: line.startIndex, to: range.lowerBound) + 1)
      }
    }
    throw NotFound(needle: needle)
  }

  /// A text the test looks for is not in its spec.
  struct NotFound: Error {
    var needle: String
  }

  func testJUnitOfAMismatchIsValidWithTheCounterexampleInTheFailure() throws {
    try write("demo/abba.yaml", Self.mismatched)
    let run = try lockspec(["check", "specs", "--format", "junit", "--no-cache", "--junit", "file.xml"])
    XCTAssertEqual(run.status, 1, run.err)
    let outcome = try SchemaValidators.junit(try file("out.xml", run.out))
    XCTAssertTrue(outcome.valid, outcome.output + run.out)
    XCTAssertTrue(
      run.out.contains(
        "<testsuite name=\"demo/abba\" tests=\"6\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\""), run.out)
    // The whole counterexample, down to its conclusion, is the failure's text.
    XCTAssertTrue(run.out.contains("<failure message=\"violated, expected holds\" type=\"violated\">"), run.out)
    XCTAssertTrue(run.out.contains("mutex_lock(&amp;B)   [demo.c:q]"), run.out)
    XCTAssertTrue(run.out.contains("&lt;- deadlock: no thread can move"), run.out)
    let written = try String(contentsOf: folder.appendingPathComponent("file.xml"), encoding: .utf8)
    XCTAssertEqual(written, run.out)
  }

  func testJUnitOfUnknownVerdictsNamesTheBoundAsErrors() throws {
    try write("demo/abba.yaml", Self.mismatched)
    let run = try lockspec(["check", "specs", "--format", "junit", "--no-cache", "--max-states", "2"])
    XCTAssertEqual(run.status, 1, run.err)
    let outcome = try SchemaValidators.junit(try file("out.xml", run.out))
    XCTAssertTrue(outcome.valid, outcome.output + run.out)
    XCTAssertTrue(run.out.contains("tests=\"6\" failures=\"0\" errors=\"6\" skipped=\"0\""), run.out)
    XCTAssertTrue(
      run.out.contains(
        "<error message=\"unknown, expected violated (max_states bound hit: 2 states (limit 2))\" type=\"unknown\">"),
      run.out)
  }

  func testJUnitOfASpecThatDoesNotLoadListsItsErrors() throws {
    try write("demo/broken.yaml", Self.broken)
    let run = try lockspec(["check", "specs", "--junit", "report.xml", "--no-cache"])
    XCTAssertEqual(run.status, 2, run.out + run.err)
    XCTAssertTrue(run.err.contains("specs/demo/broken.yaml:3:13: error: unknown type 'mutexx'"), run.err)
    let path = folder.appendingPathComponent("report.xml").path
    let outcome = try SchemaValidators.junit(path)
    let xml = try String(contentsOfFile: path, encoding: .utf8)
    XCTAssertTrue(outcome.valid, outcome.output + xml)
    XCTAssertTrue(xml.contains("<testsuite name=\"load\" tests=\"1\" failures=\"0\" errors=\"1\""), xml)
    XCTAssertTrue(xml.contains("specs/demo/broken.yaml:4:10: error: &apos;threads&apos; needs at least one"), xml)
  }

  func testSARIFPointsAtTheDeclarationOfEachPropertyThatNeedsAttention() throws {
    try write("demo/abba.yaml", Self.mismatched)
    let run = try lockspec(["check", "specs", "--format", "sarif", "--no-cache"])
    XCTAssertEqual(run.status, 1, run.err)
    let outcome = try SchemaValidators.sarif(try file("out.sarif", run.out))
    XCTAssertTrue(outcome.valid, outcome.output + run.out)
    let results = try Self.results(run.out)
    // The mismatch is an error with its counterexample, the expected violation a note.
    XCTAssertEqual(results.map(\.ruleId), ["deadlock_free", "reachable"], run.out)
    XCTAssertEqual(results.map(\.level), ["error", "note"], run.out)
    XCTAssertTrue(results[0].text.hasPrefix("deadlock_free VIOLATED in demo/abba, expected holds (2 steps)\n"))
    XCTAssertTrue(results[0].text.contains("<- deadlock: no thread can move"), results[0].text)
    for (result, name) in zip(results, ["deadlock_free", "unreached"]) {
      let at = try position(of: name + ",", in: Self.mismatched)
      XCTAssertEqual(result.uri, "specs/demo/abba.yaml")
      XCTAssertEqual(result.line, at.line, name)
      XCTAssertEqual(result.column, at.column, name)
    }
  }

  func testSARIFOfUnknownVerdictsWarnsWithTheBound() throws {
    try write("demo/abba.yaml", CommandLineTests.abba)
    let run = try lockspec(["check", "specs", "--format", "sarif", "--no-cache", "--max-states", "2"])
    XCTAssertEqual(run.status, 1, run.err)
    let outcome = try SchemaValidators.sarif(try file("out.sarif", run.out))
    XCTAssertTrue(outcome.valid, outcome.output + run.out)
    let results = try Self.results(run.out)
    XCTAssertEqual(Set(results.map(\.level)), ["warning"], run.out)
    XCTAssertTrue(results[0].text.contains("max_states bound hit: 2 states (limit 2)"), results[0].text)
    // Implicit properties have no declaration: they point at the spec's `spec:` key.
    let implicit = try XCTUnwrap(results.first { $0.ruleId == "no_double_free" })
    XCTAssertEqual([implicit.line, implicit.column], [1, 7])
  }

  func testSARIFOfSpecsThatDoNotLoadHasEachErrorAtItsPlace() throws {
    try write("demo/broken.yaml", Self.broken)
    let run = try lockspec(["check", "specs", "--format", "sarif", "--no-cache"])
    XCTAssertEqual(run.status, 2, run.out + run.err)
    let outcome = try SchemaValidators.sarif(try file("out.sarif", run.out))
    XCTAssertTrue(outcome.valid, outcome.output + run.out)
    let results = try Self.results(run.out)
    XCTAssertEqual(results.map(\.ruleId), ["spec_error", "spec_error"], run.out)
    XCTAssertEqual(results.map { [$0.line, $0.column] }, [[3, 13], [4, 10]])
    XCTAssertEqual(results[0].uri, "specs/demo/broken.yaml")
    XCTAssertTrue(results[0].text.contains("unknown type 'mutexx'"), results[0].text)
  }

  /// The validators reject what breaks their schemas: these tests cannot pass on a validator
  /// that accepts anything.
  func testTheValidatorsRejectBrokenDocuments() throws {
    try write("demo/abba.yaml", Self.mismatched)
    let junit = try lockspec(["check", "specs", "--format", "junit", "--no-cache"]).out
    let noErrors = junit.replacingOccurrences(of: " errors=\"0\" skipped", with: " skipped")
    XCTAssertFalse(try SchemaValidators.junit(try file("bad.xml", noErrors)).valid, noErrors)
    let sarif = try lockspec(["check", "specs", "--format", "sarif", "--no-cache"]).out
    let badLevel = sarif.replacingOccurrences(of: "\"level\" : \"error\"", with: "\"level\" : \"fatal\"")
    XCTAssertNotEqual(badLevel, sarif)
    XCTAssertFalse(try SchemaValidators.sarif(try file("bad.sarif", badLevel)).valid, badLevel)
  }

  /// One SARIF result: rule, level, message, file, line and column.
  struct Result {
    var ruleId: String
    var level: String
    var text: String
    var uri: String
    var line: Int
    var column: Int
  }

  /// The results of the single run of the SARIF log `json`.
  static func results(_ json: String) throws -> [Result] {
    let log = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let runs = try XCTUnwrap(log["runs"] as? [[String: Any]])
    XCTAssertEqual(runs.count, 1)
    let items = try XCTUnwrap(runs.first?["results"] as? [[String: Any]])
    return try items.map { item in
      let location = try XCTUnwrap(
        (item["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
      let region = try XCTUnwrap(location["region"] as? [String: Any])
      return Result(
        ruleId: try XCTUnwrap(item["ruleId"] as? String), level: try XCTUnwrap(item["level"] as? String),
        text: try XCTUnwrap((item["message"] as? [String: Any])?["text"] as? String),
        uri: try XCTUnwrap((location["artifactLocation"] as? [String: Any])?["uri"] as? String),
        line: try XCTUnwrap(region["startLine"] as? Int), column: try XCTUnwrap(region["startColumn"] as? Int))
    }
  }
}
