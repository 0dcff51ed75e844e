import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// The Promela exporter's text: a golden file for one example, determinism, names that cannot
/// clash, and the located error for a step whose guard needs an intermediate state.
final class PromelaExportTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden/Promela")

  static func load(_ relative: String, name: String) throws -> ModelIR {
    let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    return try SpecLoader.load(text: text, path: relative, defaultName: name)
  }

  func testLanguageTourMatchesItsGoldenFile() throws {
    let model = try Self.load("specs/examples/language-tour.yaml", name: "examples/language-tour")
    let text = try PromelaExporter.export(ExecutionPlan(model: model), path: "specs/examples/language-tour.yaml").text
    let url = Self.golden.appendingPathComponent("language-tour.pml")
    if ProcessInfo.processInfo.environment["LOCKSPEC_RECORD"] == "1" {
      try FileManager.default.createDirectory(at: Self.golden, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
      return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      return XCTFail("no golden file \(url.lastPathComponent); record it with LOCKSPEC_RECORD=1 swift test")
    }
    let expected = String(decoding: data, as: UTF8.self)
    let got = text.split(separator: "\n", omittingEmptySubsequences: false)
    let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let firstDifference = (0..<min(got.count, want.count)).first { got[$0] != want[$0] }
    if let line = firstDifference ?? (got.count == want.count ? nil : min(got.count, want.count)) {
      XCTFail(
        "language-tour.pml differs at line \(line + 1):\n  got:  \(line < got.count ? got[line] : "<end>")\n"
          + "  want: \(line < want.count ? want[line] : "<end>")\nre-record with LOCKSPEC_RECORD=1 if intended")
    }
  }

  func testExportIsDeterministic() throws {
    let model = try Self.load("specs/examples/refcount-broken.yaml", name: "examples/refcount-broken")
    let first = try PromelaExporter.export(ExecutionPlan(model: model), path: "a.yaml")
    let second = try PromelaExporter.export(ExecutionPlan(model: model), path: "a.yaml")
    XCTAssertEqual(first, second)
  }

  func testNamesNeverClashWithKeywordsOrEachOther() throws {
    let spec = """
      state:
        int: {type: counter, max: 1}
        do: {type: flag}
        now: {type: bool}
        a_b: {type: bool}
      threads:
        do_x:
          locals:
            b: {type: bool}
          steps:
            - {label: s, assign: {b: "now"}}
            - {label: t, set: do}
      """
    let model = try SpecLoader.load(text: spec, path: "k.yaml", defaultName: "k")
    let text = try PromelaExporter.export(ExecutionPlan(model: model), path: "k.yaml").text
    // Keywords get a suffix; `do_x.b` becomes do_x_b, distinct from every other name.
    XCTAssertTrue(text.contains("byte int_2;") || text.contains("bit int_2;"), text)
    XCTAssertTrue(text.contains("bit do_2;"), text)
    XCTAssertTrue(text.contains("bit now_2;"), text)
    XCTAssertTrue(text.contains("bit do_x_b;"), text)
    XCTAssertTrue(text.contains("do_x_b = now_2;"), text)
  }

  func testIdentifierCleaning() {
    XCTAssertEqual(PromelaIdentifiers.clean("worker[1].took"), "worker_1_took")
    XCTAssertEqual(PromelaIdentifiers.clean("scanner.loop1#iter"), "scanner_loop1_iter")
    XCTAssertEqual(PromelaIdentifiers.clean("_x"), "v_x")
    XCTAssertEqual(PromelaIdentifiers.clean("é"), "v")
    var ids = PromelaIdentifiers()
    XCTAssertEqual(ids.make("a.b"), "a_b")
    XCTAssertEqual(ids.make("a_b"), "a_b_2")
    XCTAssertEqual(ids.make("if"), "if_2")
  }

  func testCommentsCannotEndEarlyOrCarryControls() {
    XCTAssertEqual(PromelaStatements.commentText("a */ b\n\u{1B}c\u{202E}"), "a * / b  c ")
  }

  func testGuardThatNeedsAnIntermediateStateIsALocatedError() throws {
    let spec = """
      state:
        m: {type: mutex}
      threads:
        t:
          steps:
            - label: twice
              atomic:
                - lock: m
                - unlock: m
                - lock: m
      """
    let model = try SpecLoader.load(text: spec, path: "twice.yaml", defaultName: "twice")
    XCTAssertThrowsError(try PromelaExporter.export(ExecutionPlan(model: model), path: "twice.yaml")) { error in
      let description = String(describing: error)
      XCTAssertTrue(description.hasPrefix("twice.yaml:6:1: error: cannot export to Promela"), description)
    }
  }

  func testBoolAssignedEarlierInTheStepGuardsALaterLock() throws {
    // The mm-exit shape: `here` is assigned, then a down_read is taken only if `here`.
    let spec = """
      state:
        sem: {type: rwsem}
        x: {type: bool}
      threads:
        t:
          locals:
            here: {type: bool}
          steps:
            - label: take
              atomic:
                - assign: {here: "x"}
                - if: "here"
                  then:
                    - down_read: sem
      """
    let model = try SpecLoader.load(text: spec, path: "s.yaml", defaultName: "s")
    let text = try PromelaExporter.export(ExecutionPlan(model: model), path: "s.yaml").text
    XCTAssertTrue(text.contains("(!(x) || (sem_writer == 0 && sem_waiters == 0))"), text)
  }
}
