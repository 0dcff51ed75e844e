import Foundation
import XCTest

/// The verdict cache: a second `check` of unchanged specs reuses the results (same report), a
/// changed spec is explored again, `--no-cache` ignores the cache, and results that depend on
/// the moment (a time budget) are never kept.
final class VerdictCacheTests: CommandTestCase {
  static let spec = """
    state:
      m: {type: mutex}
      n: {type: counter, max: 3}
    threads:
      a:
        steps:
          - lock: m
          - inc: n
          - unlock: m
      b:
        steps:
          - inc: n
    properties:
      - name: two
        check: reachable
        condition: "n == 2"
        expect: holds
    """

  /// A result file: 32 hex digits and `.json`.
  static func isResult(_ name: String) -> Bool {
    name.hasSuffix(".json") && name.count == 37 && name.prefix(32).allSatisfy(\.isHexDigit)
  }

  func testASecondRunReusesTheResultsAndReportsTheSame() throws {
    try write("s.yaml", Self.spec)
    let first = try lockspec(["check", "specs", "--format", "json"])
    XCTAssertEqual(first.status, 0, first.err)
    XCTAssertFalse(first.err.contains("unchanged"), first.err)
    let second = try lockspec(["check", "specs", "--format", "json"])
    XCTAssertEqual(second.status, 0, second.err)
    XCTAssertTrue(second.err.contains("1 of 1 models unchanged since an earlier run"), second.err)
    XCTAssertEqual(first.out, second.out)
    let files = try FileManager.default.contentsOfDirectory(
      atPath: folder.appendingPathComponent(".build/lockspec-cache").path)
    XCTAssertEqual(files.filter(Self.isResult).count, 1, "\(files)")
    XCTAssertTrue(files.contains("sizes.json"), "\(files)")
  }

  func testAChangedSpecOrOptionsAreExploredAgain() throws {
    try write("s.yaml", Self.spec)
    _ = try lockspec(["check", "specs"])
    try write("s.yaml", Self.spec.replacingOccurrences(of: "max: 3", with: "max: 4"))
    let changed = try lockspec(["check", "specs"])
    XCTAssertFalse(changed.err.contains("unchanged"), changed.err)
    let bounded = try lockspec(["check", "specs", "--max-states", "3"])
    XCTAssertFalse(bounded.err.contains("unchanged"), bounded.err)
    let off = try lockspec(["check", "specs", "--no-cache"])
    XCTAssertFalse(off.err.contains("unchanged"), off.err)
    let again = try lockspec(["check", "specs"])
    XCTAssertTrue(again.err.contains("1 of 1 models unchanged"), again.err)
  }

  func testOnlyReproducibleResultsAreKeptAndACorruptFileIsIgnored() throws {
    try write("endless.yaml", BudgetCommandTests.endless)
    _ = try lockspec(["check", "specs", "--max-seconds", "0.3"])
    let cache = folder.appendingPathComponent(".build/lockspec-cache").path
    // Stopped by the time budget: another run could get further, so nothing is kept.
    XCTAssertEqual(((try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []).filter(Self.isResult).count, 0)
    try FileManager.default.removeItem(at: folder.appendingPathComponent("specs/endless.yaml"))
    try write("s.yaml", Self.spec)
    _ = try lockspec(["check", "specs", "--max-seconds", "60"])
    let kept = (try? FileManager.default.contentsOfDirectory(atPath: cache)) ?? []
    // Completed within the budget: reproducible, kept.
    XCTAssertEqual(kept.filter(Self.isResult).count, 1)
    for file in kept.filter(Self.isResult) {
      try "{ not json".write(toFile: cache + "/" + file, atomically: true, encoding: .utf8)
    }
    let run = try lockspec(["check", "specs"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertFalse(run.err.contains("unchanged"), run.err)
  }
}
