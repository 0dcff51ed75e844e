import Foundation
import LockCheck
import XCTest

@testable import LockSpec

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `TraceChart` on the example specs' counterexamples: the SVG parses as XML and has one lane per
/// thread, one row per step, the violating step or the cycle marked and lock holds as bars;
/// hostile spec text stays escaped; and the ABBA chart equals its golden file
/// (`Golden/Pictures/`, re-record with `LOCKSPEC_RECORD=1`).
final class TraceChartTests: XCTestCase {
  /// The counterexample of `property` in example `name`, and the example's lock slots.
  func chart(_ name: String, property: String) throws -> (Counterexample, LockSlots) {
    let url = ExampleSpecTests.specs.appendingPathComponent(name + ".yaml")
    let model = try SpecLoader.load(
      text: try String(contentsOf: url, encoding: .utf8), path: "specs/examples/\(name).yaml",
      defaultName: "examples/\(name)")
    let result = try Interpreter(model: model).explore(options: ExplorationOptions(stopWhenDecided: false))
    let counterexample = try XCTUnwrap(result[property: property]?.counterexample, "\(name): \(property)")
    return (counterexample, LockSlots(model: model))
  }

  func parse(_ svg: String) throws -> XMLDocument {
    try XMLDocument(xmlString: svg, options: [])
  }

  func count(_ document: XMLDocument, _ xpath: String) throws -> Int {
    try document.nodes(forXPath: xpath).count
  }

  func testABBAChartHasALanePerThreadARowPerStepAndTheDeadlockMarked() throws {
    let (counterexample, locks) = try chart("abba-deadlock", property: "deadlock_free")
    let svg = TraceChart(locks: locks).svg(counterexample)
    let document = try parse(svg)
    XCTAssertEqual(document.rootElement()?.name, "svg")
    let lanes = try document.nodes(forXPath: "//*[local-name()='g'][@class='lane']/*[local-name()='title']")
    XCTAssertEqual(lanes.map { $0.stringValue ?? "" }, ["first", "second"])
    XCTAssertEqual(try count(document, "//*[local-name()='g'][starts-with(@class, 'step')]"), 2)
    XCTAssertEqual(try count(document, "//*[local-name()='rect'][starts-with(@class, 'row')]"), 2)
    // The second step (second takes b) is the one after which nobody can move.
    let marked = try document.nodes(forXPath: "//*[local-name()='g'][@class='step marked']/*[local-name()='text']")
    XCTAssertEqual(marked.map { $0.stringValue ?? "" }, ["2", "mutex_lock(&b)"])
    XCTAssertEqual(try count(document, "//*[local-name()='rect'][@class='row fault']"), 1)
    // Each thread still holds its first lock at the end: two write holds, open to the bottom.
    let holds = try document.nodes(forXPath: "//*[local-name()='rect'][@class='hold write']/*[local-name()='title']")
    XCTAssertEqual(
      holds.map { $0.stringValue ?? "" },
      ["first holds a (write), from step 1 to the end", "second holds b (write), from step 2 to the end"])
    let tooltips = try document.nodes(
      forXPath: "//*[local-name()='g'][starts-with(@class, 'step')]/*[local-name()='title']")
    XCTAssertEqual(
      tooltips.first?.stringValue, "step 1: first\nlabel: first_lock_a\ncode: mutex_lock(&a);\na: free -> first")
    XCTAssertFalse(svg.contains("<script"))
    PictureGolden.check(svg, name: "abba-deadlock.svg")
  }

  func testReadHoldsAreDrawnPaleAndDashed() throws {
    let (counterexample, locks) = try chart("recursive-read-deadlock", property: "deadlock_free")
    let holds = LockHold.holds(in: counterexample, locks: locks)
    XCTAssertTrue(holds.contains { $0.mode == .read }, "\(holds)")
    let document = try parse(TraceChart(locks: locks).svg(counterexample))
    let reads = try document.nodes(forXPath: "//*[local-name()='rect'][@class='hold read']")
    XCTAssertEqual(reads.count, holds.filter { $0.mode == .read }.count)
    let pale = "//*[local-name()='rect'][@class='hold read'][@fill-opacity='0.25'][@stroke-dasharray='3 2']"
    XCTAssertEqual(try count(document, pale), reads.count)
    XCTAssertEqual(try count(document, "//*[local-name()='rect'][@class='hold write'][@fill-opacity]"), 0)
  }

  func testALassoMarksItsCycleInsteadOfAStep() throws {
    let (lasso, locks) = try chart("liveness-trylock-spin", property: "spinner_gets_the_lock_unfair")
    let cycleStart = try XCTUnwrap(lasso.cycleStart)
    let document = try parse(TraceChart(locks: locks).svg(lasso))
    XCTAssertEqual(try count(document, "//*[local-name()='rect'][@class='row cycle']"), lasso.steps.count - cycleStart)
    XCTAssertEqual(try count(document, "//*[local-name()='rect'][@class='row fault']"), 0)
    let cycle = try document.nodes(forXPath: "//*[local-name()='g'][@class='cycle']/*[local-name()='title']")
    XCTAssertEqual(cycle.first?.stringValue, "steps \(cycleStart + 1)-\(lasso.steps.count) repeat forever")
    // The holder takes the lock in step 1 and never releases it.
    XCTAssertEqual(try count(document, "//*[local-name()='rect'][@class='hold write']"), 1)
  }

  func testHostileSpecTextStaysEscapedAndTheChartStillParses() throws {
    for name in ["hostile-strings", "hostile-strings-names"] {
      let url = ExampleSpecTests.specs.appendingPathComponent(name + ".yaml")
      let model = try SpecLoader.load(
        text: try String(contentsOf: url, encoding: .utf8), path: "specs/examples/\(name).yaml",
        defaultName: "examples/\(name)")
      let result = try Interpreter(model: model).explore(options: ExplorationOptions(stopWhenDecided: false))
      let charts = result.properties.compactMap(\.counterexample)
      XCTAssertFalse(charts.isEmpty, name)
      for counterexample in charts {
        let svg = TraceChart(locks: LockSlots(model: model)).svg(counterexample)
        XCTAssertNoThrow(try parse(svg), "\(name): \(counterexample.property)")
        let raw = svg.unicodeScalars.filter { scalar in
          scalar != "\n" && DisplayText.isUnsafe(scalar, multiline: true)
        }
        XCTAssertEqual(raw.count, 0, "\(name): raw controls in the SVG")
        let document = try parse(svg)
        XCTAssertEqual(
          try count(document, "//*[local-name()='g'][starts-with(@class, 'step')]"), counterexample.steps.count)
      }
    }
  }

  func testFileNamesAreSanitizedUniqueAndShort() {
    let long = String(repeating: "x", count: 300)
    let names = TraceChartFileNames.names([
      ("mm-exit/v4.13+drop-ksm-trick", "reaper_no_uaf"), ("mm-exit_v4.13_drop-ksm-trick", "reaper_no_uaf"),
      ("MM-EXIT/v4.13+drop-ksm-trick", "reaper_no_uaf"), ("../..", "p \u{1B}[31m"), ("m", long),
    ])
    XCTAssertEqual(
      Array(names.prefix(4)),
      [
        "mm-exit_v4.13_drop-ksm-trick--reaper_no_uaf.svg", "mm-exit_v4.13_drop-ksm-trick--reaper_no_uaf-2.svg",
        "MM-EXIT_v4.13_drop-ksm-trick--reaper_no_uaf-3.svg", "_._..--p___31m.svg",
      ])
    XCTAssertLessThanOrEqual(names[4].count, TraceChartFileNames.limit + 4)
    XCTAssertTrue(names[4].hasPrefix("m--xxx"))
    XCTAssertNotEqual(names[4], TraceChartFileNames.names([("m", long + "y")])[0])
  }
}

/// The golden pictures in `Golden/Pictures/`, compared byte for byte.
enum PictureGolden {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden/Pictures")

  static func check(_ text: String, name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = folder.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["LOCKSPEC_RECORD"] == "1" {
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try? Data(text.utf8).write(to: url)
      return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      XCTFail("no golden file \(name); record it with LOCKSPEC_RECORD=1 swift test", file: file, line: line)
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard text != expected else { return }
    let got = text.split(separator: "\n", omittingEmptySubsequences: false)
    let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let index = Array(zip(got, want)).firstIndex { $0 != $1 } ?? min(got.count, want.count)
    XCTFail(
      "\(name) differs at line \(index + 1):\n  got:  \(index < got.count ? String(got[index]) : "<end>")\n"
        + "  want: \(index < want.count ? String(want[index]) : "<end>")\n"
        + "re-record with LOCKSPEC_RECORD=1 swift test --filter TraceChartTests if the change is intended",
      file: file, line: line)
  }
}
