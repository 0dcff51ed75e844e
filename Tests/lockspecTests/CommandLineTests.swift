import Foundation
import XCTest

/// `lockspec` end to end: runs the built executable on specs written to a temporary folder and
/// checks its output and exit status.
final class CommandLineTests: CommandTestCase {
  static let abba = """
    spec: demo/abba
    state:
      A: {type: mutex}
      B: {type: mutex}
    threads:
      p:
        steps:
          - {label: p_a, code: "mutex_lock(&A);", at: "demo.c:p", lock: A}
          - {label: p_b, code: "mutex_lock(&B);", at: "demo.c:p", lock: B}
          - {label: p_ub, unlock: B}
          - {label: p_ua, unlock: A}
      q:
        steps:
          - {label: q_b, code: "mutex_lock(&B);", at: "demo.c:q", lock: B}
          - {label: q_a, code: "mutex_lock(&A);", at: "demo.c:q", lock: A}
          - {label: q_ua, unlock: A}
          - {label: q_ub, unlock: B}
    properties:
      - {name: deadlock_free, check: deadlock_free, expect: violated}

    """

  func testCheckExitsZeroWhenEveryExpectationHolds() throws {
    try write("demo/abba.yaml", Self.abba)
    let run = try lockspec(["check", "specs"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertTrue(run.out.contains("deadlock_free"), run.out)
    XCTAssertTrue(run.out.contains("VIOLATED"), run.out)
    XCTAssertTrue(run.out.contains("mutex_lock(&A)"), run.out)
  }

  func testCheckExitsOneOnAMismatch() throws {
    try write("demo/abba.yaml", Self.abba.replacingOccurrences(of: "expect: violated", with: "expect: holds"))
    let run = try lockspec(["check", "specs"])
    XCTAssertEqual(run.status, 1, run.out + run.err)
    XCTAssertTrue(run.out.contains("MISMATCH"), run.out)
  }

  func testUnknownWhenABoundIsHitExitsOne() throws {
    try write(
      "demo/abba.yaml",
      Self.abba.replacingOccurrences(
        of: "expect: violated",
        with: "expect: violated}\n  - {name: x, check: reachable, condition: \"false\", expect: violated"))
    let run = try lockspec(["check", "specs", "--max-states", "2"])
    XCTAssertEqual(run.status, 1, run.out + run.err)
    XCTAssertTrue(run.out.contains("unknown"), run.out)
  }

  func testJSONOutputHasTheDocumentedFields() throws {
    try write("demo/abba.yaml", Self.abba)
    let run = try lockspec(["check", "specs", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.err)
    let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
    let results = try XCTUnwrap(object?["results"] as? [[String: Any]])
    let summary = try XCTUnwrap(object?["summary"] as? [String: Any])
    for key in ["checked", "matched", "mismatched", "unknown"] { XCTAssertNotNil(summary[key], key) }
    let deadlock = try XCTUnwrap(results.first { $0["property"] as? String == "deadlock_free" })
    for key in [
      "spec", "variant", "patch", "property", "verdict", "expected", "states", "transitions", "seconds",
      "counterexample",
    ] {
      XCTAssertTrue(deadlock.keys.contains(key), key)
    }
    XCTAssertEqual(deadlock["spec"] as? String, "specs/demo/abba.yaml")
    XCTAssertEqual(deadlock["variant"] as? String, "demo/abba")
    XCTAssertTrue(deadlock["patch"] is NSNull)
    XCTAssertEqual(deadlock["verdict"] as? String, "violated")
    let steps = try XCTUnwrap(deadlock["counterexample"] as? [[String: Any]])
    XCTAssertEqual(steps.count, 2)
    for key in ["thread", "label", "code", "location", "changes"] { XCTAssertNotNil(steps[0][key], key) }
  }

  func testEveryReportSaysWhyTheSearchStopped() throws {
    try write(
      "demo/abba.yaml",
      Self.abba.replacingOccurrences(
        of: "expect: violated",
        with: "expect: violated}\n  - {name: x, check: reachable, condition: \"false\", expect: violated"))
    let junit = folder.appendingPathComponent("junit.xml").path
    let text = try lockspec(["check", "specs", "--max-states", "2", "--junit", junit])
    XCTAssertEqual(text.status, 1, text.out + text.err)
    XCTAssertTrue(text.out.contains("[stopped: max_states; counts are partial]"), text.out)
    XCTAssertTrue(text.out.contains("at least 2 states"), text.out)
    XCTAssertFalse(text.out.contains("MISMATCH"), text.out)
    let xml = try String(contentsOfFile: junit, encoding: .utf8)
    XCTAssertTrue(xml.contains("<property name=\"stop_reason\" value=\"max_states\"/>"), xml)
    XCTAssertTrue(xml.contains("<property name=\"complete\" value=\"false\"/>"), xml)
    let markdown = try lockspec(["check", "specs", "--max-states", "2", "--format", "markdown"])
    XCTAssertTrue(markdown.out.contains("Searches that did not cover the whole state space"), markdown.out)
    XCTAssertTrue(markdown.out.contains("`demo/abba`: max_states bound hit"), markdown.out)
    let json = try lockspec(["check", "specs", "--max-states", "2", "--format", "json"])
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    XCTAssertEqual(object["format_version"] as? Int, 2)
    let models = try XCTUnwrap(object["models"] as? [[String: Any]])
    XCTAssertEqual(models.map { $0["stop_reason"] as? String }, ["max_states"])
    XCTAssertEqual(models.map { $0["complete"] as? Bool }, [false])
    let complete = try lockspec(["check", "specs", "--format", "json", "--property", "x"])
    let completed = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(complete.out.utf8)) as? [String: Any])
    XCTAssertEqual((completed["models"] as? [[String: Any]])?.first?["stop_reason"] as? String, "completed")
  }

  func testBadInputExitsTwoWithALocation() throws {
    try write("demo/bad.yaml", "threads:\n  p:\n    steps:\n      - {lokc: A}\n")
    let run = try lockspec(["check", "specs"])
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.err.contains("specs/demo/bad.yaml:4:"), run.err)
    XCTAssertTrue(run.err.contains("error:"), run.err)
  }

  func testMissingPathAndBadUsageExitTwo() throws {
    XCTAssertEqual(try lockspec(["check", "nowhere"]).status, 2)
    XCTAssertEqual(try lockspec(["check", "--format", "yaml"]).status, 2)
    XCTAssertEqual(try lockspec(["check", "--bogus"]).status, 2)
  }

  func testValidateReportsOk() throws {
    try write("demo/abba.yaml", Self.abba)
    let run = try lockspec(["validate", "specs"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.out.contains("specs/demo/abba.yaml: ok"), run.out)
  }

  func testPropertySelection() throws {
    try write("demo/abba.yaml", Self.abba)
    let run = try lockspec(["check", "specs", "--property", "deadlock_free", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.err)
    let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
    let results = try XCTUnwrap(object?["results"] as? [[String: Any]])
    XCTAssertEqual(results.map { $0["property"] as? String }, ["deadlock_free"])
    XCTAssertEqual(try lockspec(["check", "specs", "--property", "nope"]).status, 2)
  }
}
