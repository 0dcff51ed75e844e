import Foundation
import XCTest

/// `check --trace-svg DIR` and `graph --dot`: one chart per counterexample, the same bytes on
/// every run, a folder with files in it refused with exit 2; the state graph on stdout, and a
/// model past `--max-states` refused with exit 2.
final class PictureCommandTests: CommandTestCase {
  static let abba = """
    spec: abba
    state:
      a: {type: mutex}
      b: {type: mutex}
    params:
      n: {default: 1, min: 1, max: 4}
    threads:
      first:
        steps:
          - {label: first_a, code: "mutex_lock(&a);", lock: a}
          - {label: first_b, code: "mutex_lock(&b);", lock: b}
          - {label: first_ub, unlock: b}
          - {label: first_ua, unlock: a}
      second:
        count: n
        steps:
          - {label: second_b, code: "mutex_lock(&b);", lock: b}
          - {label: second_a, code: "mutex_lock(&a);", lock: a}
          - {label: second_ua, unlock: a}
          - {label: second_ub, unlock: b}
    properties:
      - {name: deadlock_free, check: deadlock_free, expect: violated}
      - {name: both_held, check: reachable, condition: "write_locked(a) && write_locked(b)", expect: holds}
      - {name: lock_discipline, check: lock_discipline, expect: holds}
    """

  func chartNames(_ path: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(path).path).sorted()
  }

  func testWritesOneChartPerCounterexampleAndWitnessTheSameOnEveryRun() throws {
    try write("abba.yaml", Self.abba)
    let run = try lockspec(["check", "specs/abba.yaml", "--no-cache", "--trace-svg", "charts"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.err.contains("wrote 2 counterexample charts to charts"), run.err)
    XCTAssertEqual(try chartNames("charts"), ["abba--both_held.svg", "abba--deadlock_free.svg"])
    let again = try lockspec(["check", "specs/abba.yaml", "--no-cache", "--trace-svg", "more/charts"])
    XCTAssertEqual(again.status, 0, again.err)
    for name in try chartNames("charts") {
      let first = try Data(contentsOf: folder.appendingPathComponent("charts/" + name))
      let second = try Data(contentsOf: folder.appendingPathComponent("more/charts/" + name))
      XCTAssertEqual(first, second, name)
      XCTAssertTrue(String(decoding: first, as: UTF8.self).hasPrefix("<?xml"), name)
    }
  }

  func testAFolderWithFilesInItOrAFileIsRefused() throws {
    try write("abba.yaml", Self.abba)
    try put("charts/mine.svg", "<svg/>")
    let run = try lockspec(["check", "specs/abba.yaml", "--no-cache", "--trace-svg", "charts"])
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.err.contains("--trace-svg charts: the folder is not empty"), run.err)
    XCTAssertEqual(try chartNames("charts"), ["mine.svg"])
    XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("charts/mine.svg"), encoding: .utf8), "<svg/>")
    try put("file.svg", "x")
    let file = try lockspec(["check", "specs/abba.yaml", "--no-cache", "--trace-svg", "file.svg"])
    XCTAssertEqual(file.status, 2)
    XCTAssertTrue(file.err.contains("is a file"), file.err)
  }

  func testGraphPrintsDOTAndRefusesABigModel() throws {
    try write("abba.yaml", Self.abba)
    let run = try lockspec(["graph", "--dot", "specs/abba.yaml"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.out.hasPrefix("digraph \"abba\" {\n  // 19 states, 22 transitions"), run.out)
    XCTAssertTrue(run.out.contains("shape=octagon, color=red"), run.out)
    XCTAssertTrue(run.out.hasSuffix("}\n"))
    let big = try lockspec(["graph", "--dot", "specs/abba.yaml", "--param", "n=4", "--max-states", "40"])
    XCTAssertEqual(big.status, 2)
    XCTAssertEqual(big.out, "")
    XCTAssertTrue(big.err.contains("the model has more than 40 states"), big.err)
    let noFormat = try lockspec(["graph", "specs/abba.yaml"])
    XCTAssertEqual(noFormat.status, 2)
    XCTAssertTrue(noFormat.err.contains("--dot"), noFormat.err)
    let folderArgument = try lockspec(["graph", "--dot", "specs"])
    XCTAssertEqual(folderArgument.status, 2)
  }
}
