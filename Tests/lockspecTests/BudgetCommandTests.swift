import Foundation
import XCTest

/// `check` under budgets and signals: a time budget, a memory budget (given, or derived from
/// RLIMIT_AS), a progress line only on stderr, and SIGINT/SIGTERM ending in a partial report
/// and exit status 130.
final class BudgetCommandTests: CommandTestCase {
  /// A search that never ends by itself (a counter with a billion values).
  static let endless = """
    state:
      n: {type: counter, max: 1000000000}
    threads:
      t:
        steps:
          - loop:
              steps:
                - inc: n
    properties:
      - name: bounded
        check: never
        condition: n > 1000000000
        expect: holds
    """

  static let small = """
    state:
      m: {type: mutex}
    threads:
      t:
        steps:
          - lock: m
          - unlock: m
    """

  func testMaxSecondsEndsAnEndlessSearch() throws {
    try write("endless.yaml", Self.endless)
    let run = try lockspec(["check", "specs", "--max-seconds", "0.5", "--no-progress"])
    XCTAssertEqual(run.status, 1, run.err)
    XCTAssertTrue(run.out.contains("[stopped: max_seconds; counts are partial]"), run.out)
    XCTAssertTrue(run.out.contains("max_seconds bound hit: the time budget of 0.500 s ran out"), run.out)
    XCTAssertEqual(run.err, "")
  }

  func testMaxMemoryEndsAnEndlessSearchWithFigures() throws {
    try write("endless.yaml", Self.endless)
    let run = try lockspec(["check", "specs", "--max-memory", "16M", "--format", "json"])
    XCTAssertEqual(run.status, 1, run.err)
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    let model = try XCTUnwrap((json["models"] as? [[String: Any]])?.first)
    XCTAssertEqual(model["stop_reason"] as? String, "memory")
    let bound = try XCTUnwrap(model["bound"] as? [String: Any])
    XCTAssertEqual(bound["limit"] as? Int, 16 << 20)
    XCTAssertGreaterThan(bound["reached"] as? Int ?? 0, 16 << 20)
  }

  /// The budget is shared only by searches running at once: many workers and one model leave
  /// the whole budget to that model (it was once divided by --jobs).
  func testManyJobsDoNotShrinkTheBudgetOfOneModel() throws {
    try write("endless.yaml", Self.endless)
    let run = try lockspec(["check", "specs", "--max-memory", "64M", "--jobs", "64", "--format", "json"])
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    let model = try XCTUnwrap((json["models"] as? [[String: Any]])?.first)
    let bound = try XCTUnwrap(model["bound"] as? [String: Any])
    XCTAssertEqual(bound["limit"] as? Int, 64 << 20)
    // About 50 bytes a state: a 1 MiB share (64 MiB / 64 jobs) would stop near 20,000 states.
    XCTAssertGreaterThan(model["states"] as? Int ?? 0, 1_000_000, "\(model)")
  }

  func testBadBudgetsAreUsageErrors() throws {
    try write("small.yaml", Self.small)
    for arguments in [
      ["--max-memory", "lots"], ["--max-memory", "-5G"], ["--max-seconds", "0"], ["--max-seconds", "nan"],
    ] {
      let run = try lockspec(["check", "specs"] + arguments)
      XCTAssertEqual(run.status, 2, "\(arguments): \(run.err)")
    }
  }

  /// Under an address-space limit the default budget shrinks to fit: the search ends with the
  /// memory bound and its figures, never "failed to allocate" (exit 134). The endless counter is
  /// a chain, as many breadth-first levels as states: under 200 MB its level list once outgrew
  /// the room the budget left.
  func testAnAddressSpaceLimitGivesUnknownNotAnAbort() throws {
    try write("endless.yaml", Self.endless)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "ulimit -v 200000 && exec \"$0\" check specs --no-progress", binary.path]
    process.currentDirectoryURL = folder
    let out = Pipe()
    process.standardOutput = out
    process.standardError = Pipe()
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    XCTAssertEqual(process.terminationReason, .exit)
    XCTAssertEqual(process.terminationStatus, 1, text)
    XCTAssertTrue(text.contains("[stopped: memory; counts are partial]"), text)
  }

  func testProgressGoesToStderrOnlyWhenAsked() throws {
    try write("endless.yaml", Self.endless)
    let forced = try lockspec(["check", "specs", "--max-seconds", "2.5", "--progress", "--format", "json"])
    XCTAssertTrue(forced.err.contains(" states, "), forced.err)
    XCTAssertTrue(forced.err.contains("0/1 models done"), forced.err)
    XCTAssertFalse(forced.out.contains("models done"))
    XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(forced.out.utf8)))
    // Not a terminal: no progress unless asked.
    let quiet = try lockspec(["check", "specs", "--max-seconds", "1.5"])
    XCTAssertEqual(quiet.err, "")
  }

  func testSIGINTWritesThePartialReportAndExits130() throws {
    try checkInterruption(signal: SIGINT)
  }

  func testSIGTERMWritesThePartialReportAndExits130() throws {
    try checkInterruption(signal: SIGTERM)
  }

  func checkInterruption(signal: Int32) throws {
    try write("a-small.yaml", Self.small)
    try write("endless.yaml", Self.endless)
    let process = Process()
    process.executableURL = binary
    process.arguments = ["check", "specs", "--junit", "report.xml", "--progress", "--jobs", "1"]
    process.currentDirectoryURL = folder
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Wait for the first progress line: the search is under way.
    var seen = Data()
    while !String(decoding: seen, as: UTF8.self).contains("models done") {
      let chunk = err.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      seen.append(chunk)
    }
    kill(process.processIdentifier, signal)
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    seen.append(err.fileHandleForReading.readDataToEndOfFile())
    process.waitUntilExit()
    XCTAssertEqual(process.terminationStatus, 130, String(decoding: seen, as: UTF8.self))
    // The small spec's verdicts are complete, the endless one's partial, and the matrix is there.
    XCTAssertTrue(text.contains("a-small  (specs/a-small.yaml)"), text)
    XCTAssertTrue(text.contains("[stopped: interrupted; counts are partial]"), text)
    XCTAssertTrue(text.contains("Verdict matrix"), text)
    XCTAssertTrue(String(decoding: seen, as: UTF8.self).contains("lockspec: interrupted"))
    let junit = try String(contentsOf: folder.appendingPathComponent("report.xml"), encoding: .utf8)
    XCTAssertTrue(junit.contains("interrupted"), junit)
  }
}
