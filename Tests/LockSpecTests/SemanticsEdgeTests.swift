import LockCheck
import XCTest

@testable import LockSpec

/// The edges of the semantics where a verdict could turn on a detail: atomic groups never run
/// part-way, declared read-hold bounds, decrements at zero, and reports that say why a search
/// stopped. Every expected count here is worked out by hand in the comment above it.
final class SemanticsEdgeTests: XCTestCase {
  func explore(_ text: String, _ options: ExplorationOptions = ExplorationOptions(stopWhenDecided: false))
    throws -> ExplorationResult
  {
    let model = try XCTUnwrap(frontendLoad(text))
    return try Interpreter(model: model).explore(options: options)
  }

  // MARK: - Atomic groups

  /// A writer whose atomic group takes `sem` for write and sets a flag, in either order, while
  /// a reader holds `sem` and then wants it again (recursive read).
  func atomicWriterSpec(downWriteFirst: Bool) -> String {
    let group =
      downWriteFirst
      ? "          - down_write: sem\n          - set: seen\n"
      : "          - set: seen\n          - down_write: sem\n"
    return """
      state:
        sem: {type: rwsem}
        seen: {type: flag}
      threads:
        reader:
          steps:
            - down_read: sem
            - down_read: sem
            - up_read: sem
            - up_read: sem
        writer:
          steps:
            - label: take
              atomic:
      \(group)
            - up_write: sem
      """
  }

  func testAtomicGroupNeverQueuesAsAWaitingWriter() throws {
    // The group is enabled only when sem is free: never part-way, so the writer never queues
    // and the reader's second down_read never blocks behind it. Reader pc 0...4, writer
    // {before, holding, done}: the writer holds only while the reader is at 0 or 4 (2 states),
    // 5 + 5 with the writer before or done: 12 states, no deadlock, whatever the order.
    for downWriteFirst in [true, false] {
      let result = try explore(atomicWriterSpec(downWriteFirst: downWriteFirst))
      XCTAssertEqual(result.statistics.states, 12, "down_write first: \(downWriteFirst)")
      XCTAssertEqual(result[property: "deadlock_free"]?.verdict, .holds, "down_write first: \(downWriteFirst)")
    }
  }

  func testPlainDownWriteStillQueues() throws {
    // The same writer with a plain down_write step queues behind the reader and then holds off
    // its second down_read: the recursive-read deadlock.
    let text = """
      state:
        sem: {type: rwsem}
      threads:
        reader:
          steps:
            - down_read: sem
            - down_read: sem
            - up_read: sem
            - up_read: sem
        writer:
          steps:
            - down_write: sem
            - up_write: sem
      """
    let result = try explore(text)
    XCTAssertEqual(result.statistics.states, 16)
    XCTAssertEqual(result[property: "deadlock_free"]?.verdict, .violated)
  }

  func testPermutingIndependentActionsInAGroupChangesNothing() throws {
    // Every order of three independent actions (a down_write, a flag, a counter) gives the
    // same count and verdicts.
    let actions = ["- down_write: sem", "- set: seen", "- inc: n"]
    var outcomes: Set<String> = []
    for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
      let group = order.map { "          " + actions[$0] }.joined(separator: "\n")
      let text = """
        state:
          sem: {type: rwsem}
          seen: {type: flag}
          n: {type: counter, max: 1}
        threads:
          reader:
            steps:
              - down_read: sem
              - down_read: sem
              - up_read: sem
              - up_read: sem
          writer:
            steps:
              - label: take
                atomic:
        \(group)
              - up_write: sem
        """
      let result = try explore(text)
      let verdicts = result.properties.map { "\($0.name)=\($0.verdict.rawValue)" }.joined(separator: ",")
      outcomes.insert("\(result.statistics.states) \(result.statistics.transitions) \(verdicts)")
    }
    XCTAssertEqual(outcomes.count, 1, "\(outcomes)")
  }

  // MARK: - Read holds

  func nestedReads(_ depth: Int, maxReadHolds: Int?) -> String {
    let declared = maxReadHolds.map { ", max_read_holds: \($0)" } ?? ""
    let downs = String(repeating: "      - down_read: sem\n", count: depth)
    let ups = String(repeating: "      - up_read: sem\n", count: depth)
    return "state:\n  sem: {type: rwsem\(declared)}\nthreads:\n  t:\n    steps:\n" + downs + ups
  }

  func testFourNestedReadsFitADeclaredBound() throws {
    // 8 steps in a row: 9 states, every property holds.
    let result = try explore(nestedReads(4, maxReadHolds: 4))
    XCTAssertEqual(result.statistics.states, 9)
    XCTAssertEqual(result.stopReason, .completed)
    XCTAssertTrue(result.properties.allSatisfy { $0.verdict == .holds }, "\(result.properties)")
  }

  func testExceedingTheReadHoldBoundIsUnknownNeverAFalseReport() throws {
    // The default bound is 3: the 4th down_read is not followed. No assertion and no
    // lock_discipline violation at the matching up_read; the properties are unknown.
    let result = try explore(nestedReads(4, maxReadHolds: nil))
    XCTAssertEqual(result.stopReason, .maxReadHolds)
    XCTAssertEqual(result.bound?.bound, .maxReadHolds)
    XCTAssertEqual(result.statistics.states, 4)
    for property in result.properties {
      XCTAssertEqual(property.verdict, .unknown, property.name)
      XCTAssertNil(property.counterexample, property.name)
    }
  }

  func testARandomRunEndsAtTheReadHoldBound() throws {
    let model = try XCTUnwrap(frontendLoad(nestedReads(4, maxReadHolds: nil)))
    let result = try RandomSimulator(system: Interpreter(model: model), options: SimulationOptions(runs: 5)).run()
    XCTAssertNil(result.failure)
    XCTAssertEqual(result.completedRuns, 0)
    XCTAssertEqual(result.steps, 5 * 3)
  }

  func testMaxReadHoldsIsCheckedAtLoad() {
    let diagnostics = frontendDiagnostics(
      "state:\n  sem: {type: rwsem, max_read_holds: 0}\nthreads:\n  t:\n    steps: [{down_read: sem}]\n")
    XCTAssertEqual(diagnostics.first, "t.yaml:2:38: error: 'max_read_holds' of rwsem 'sem' must be between 1 and 255")
    let misplaced = frontendDiagnostics(
      "state:\n  m: {type: mutex, max_read_holds: 2}\nthreads:\n  t:\n    steps: [{lock: m}, {unlock: m}]\n")
    XCTAssertEqual(misplaced, ["t.yaml:2:20: error: 'max_read_holds' does not apply to a mutex"])
  }

  // MARK: - Decrements at zero

  func testDecAndTestAtZeroFaultsAndReturnsFalse() throws {
    // refcount_dec_and_test(0) warns and returns false: the thread must not go on to free.
    let text = """
      state:
        users: {type: counter, max: 1, initial: 0}
        object: {type: resource}
      threads:
        t:
          locals:
            last: {type: bool}
          steps:
            - dec_and_test: users
              into: last
            - if: last
              then:
                - free: object
            - use: object
      """
    let result = try explore(text)
    XCTAssertEqual(result[property: "assertions"]?.verdict, .violated)
    XCTAssertEqual(result[property: "no_use_after_free"]?.verdict, .holds)
    XCTAssertEqual(result[property: "no_double_free"]?.verdict, .holds)
    let conclusion = result[property: "assertions"]?.counterexample?.conclusion ?? ""
    XCTAssertTrue(conclusion.contains("users leaves its range (-1)"), conclusion)
  }

  // MARK: - Stop reasons

  func testDecidedEarlyIsReportedAsPartialCounts() throws {
    let text = """
      state:
        a: {type: mutex}
        b: {type: mutex}
      threads:
        p:
          steps: [{lock: a}, {lock: b}, {unlock: b}, {unlock: a}]
        q:
          steps: [{lock: b}, {lock: a}, {unlock: a}, {unlock: b}]
      properties:
        - name: deadlock_free
          check: deadlock_free
          expect: violated
      """
    let early = try explore(text, ExplorationOptions(properties: ["deadlock_free"]))
    XCTAssertEqual(early.stopReason, .decided)
    XCTAssertFalse(early.stopReason.countsComplete)
    let block = TextReport().model(path: "t.yaml", outcome: early, showStats: true)
    XCTAssertTrue(block.contains("at least"), block)
    XCTAssertTrue(block.contains("decided"), block)
    let full = try explore(text)
    XCTAssertEqual(full.stopReason, .completed)
    XCTAssertEqual(full.statistics.states, 19)
    XCTAssertTrue(TextReport().model(path: "t.yaml", outcome: full, showStats: true).contains("[completed"))
  }

  func testUnknownIsNeverPrintedAsAMismatch() throws {
    let text = nestedReads(2, maxReadHolds: nil)
    let bounded = try explore(text, ExplorationOptions(maxStates: 2, stopWhenDecided: false))
    XCTAssertEqual(bounded.stopReason, .maxStates)
    var outcome = bounded
    outcome.properties = outcome.properties.map {
      var p = $0
      p.expected = .holds
      return p
    }
    let block = TextReport().model(path: "t.yaml", outcome: outcome, showStats: false)
    XCTAssertFalse(block.contains("MISMATCH"), block)
    XCTAssertTrue(block.contains("unknown"), block)
    XCTAssertTrue(block.contains("max_states bound hit"), block)
  }

  func testJSONCarriesStopReasonCompletenessAndFormatVersion() throws {
    let bounded = try explore(nestedReads(2, maxReadHolds: nil), ExplorationOptions(maxStates: 2))
    let results = bounded.properties.map {
      CheckReport.Result(spec: "t.yaml", variant: "t", patch: nil, property: $0, outcome: bounded)
    }
    let report = CheckReport(
      results: results, models: [CheckReport.Model(spec: "t.yaml", variant: "t", patch: nil, outcome: bounded)])
    let json = try JSONReport.encode(report)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    XCTAssertEqual(object["format_version"] as? Int, CheckReport.formatVersion)
    let models = try XCTUnwrap(object["models"] as? [[String: Any]])
    XCTAssertEqual(models.first?["stop_reason"] as? String, "max_states")
    XCTAssertEqual(models.first?["complete"] as? Bool, false)
    let bound = try XCTUnwrap(models.first?["bound"] as? [String: Any])
    XCTAssertEqual(bound["limit"] as? Int, 2)
    let first = try XCTUnwrap((object["results"] as? [[String: Any]])?.first)
    XCTAssertEqual(first["stop_reason"] as? String, "max_states")
    XCTAssertEqual(first["complete"] as? Bool, false)
  }
}
