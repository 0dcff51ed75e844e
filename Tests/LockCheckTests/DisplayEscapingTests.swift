import Foundation
import XCTest

@testable import LockCheck

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Issue #9: text from a spec (names, labels, `code:`) never reaches a terminal, a CI page or a
/// pull-request comment raw, and every report says which bound made a verdict `unknown`.
final class DisplayEscapingTests: XCTestCase {
  /// Every character `DisplayText` must escape, once each.
  static let hostile =
    "\u{0}\u{7}\u{8}\u{9}\u{A}\u{D}\u{1B}\u{1F}\u{7F}\u{85}\u{9B}\u{9F}\u{2028}\u{2029}"
    + "\u{061C}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}"

  /// Whether `text` holds a character a terminal would act on (line feeds allowed).
  func hasRaw(_ text: String) -> Bool {
    text.unicodeScalars.contains { $0 != "\n" && DisplayText.isUnsafe($0, multiline: true) }
  }

  func testEscapedShowsEveryControlAndBidiCharacter() {
    XCTAssertEqual(
      DisplayText.escaped(Self.hostile),
      "\\u{0}\\u{7}\\u{8}\\u{9}\\u{A}\\u{D}\\u{1B}\\u{1F}\\u{7F}\\u{85}\\u{9B}\\u{9F}\\u{2028}\\u{2029}"
        + "\\u{61C}\\u{200E}\\u{200F}\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}\\u{2066}\\u{2067}\\u{2068}\\u{2069}")
    XCTAssertEqual(DisplayText.escaped("a\tb\nc\u{1B}", multiline: true), "a\tb\nc\\u{1B}")
    // Printable text is unchanged, backslashes, U+FFFD, combining marks and emoji included.
    let plain = "mmput(mm); \\n \u{FFFD} e\u{301} \u{1F512} \u{A0} \u{200D} — ü"
    XCTAssertEqual(DisplayText.escaped(plain), plain)
    XCTAssertFalse(hasRaw(DisplayText.escaped(Self.hostile)))
  }

  func hostileTrace() -> Counterexample {
    let steps = [
      CounterexampleStep(
        thread: "evil\u{1B}[2J", threadIndex: 0, stepIndex: 0, label: "l", code: "x(\u{7});\u{202E}",
        location: "f.c:\u{D}g", changes: [.init(slot: "v\u{0}", from: "0", to: "1")], result: "ok\u{9B}"),
      CounterexampleStep(
        thread: "b", threadIndex: 1, stepIndex: 1, label: "l\u{2028}2", code: "", location: "", changes: [],
        result: nil),
    ]
    return Counterexample(
      property: "p\u{1B}", model: "m\u{7}", kind: .violation, steps: steps, conclusion: "p: bad \u{1B}x",
      initial: ["mode = \u{1B}"])
  }

  func testCounterexampleColumnsUseTheEscapedText() throws {
    let text = CounterexampleRenderer().render(hostileTrace())
    XCTAssertEqual(
      text,
      """
      p\\u{1B} VIOLATED in m\\u{7} (2 steps)
        initially: mode = \\u{1B}
           evil\\u{1B}[2J                   b
        1  x(\\u{7});\\u{202E} -> ok\\u{9B}                [f.c:\\u{D}g]
             v\\u{0} 0 -> 1
        2                                  l\\u{2028}2
                                           <- p: bad \\u{1B}x
      """)
    // The columns line up on the text as shown: the second thread's name over its step, the
    // location after the widest entry of the second column.
    let lines = text.split(separator: "\n").map(String.init)
    let header = try XCTUnwrap(lines[2].range(of: "b")).lowerBound
    let second = try XCTUnwrap(lines[5].range(of: "l\\u{2028}2")).lowerBound
    XCTAssertEqual(
      lines[2].distance(from: lines[2].startIndex, to: header), lines[5].distance(from: lines[5].startIndex, to: second)
    )
    XCTAssertEqual(
      lines[3].distance(from: lines[3].startIndex, to: try XCTUnwrap(lines[3].range(of: "[f.c")).lowerBound),
      37 + 10 + 3)
  }

  func testTextReportsAndTheMatrixEscapeNames() {
    let outcome = ExplorationResult(
      model: "m\u{1B}]0;t\u{7}",
      properties: [
        PropertyResult(
          name: "p\u{1B}", kind: .never, verdict: .violated, expected: .holds, counterexample: hostileTrace())
      ],
      stopReason: .completed, bound: nil,
      statistics: ExplorationStatistics(
        states: 1, transitions: 0, maxDepth: 0, seconds: 0, statesPerSecond: 0, peakMemoryBytes: 0, storeBytes: 0))
    let block = TextReport().model(path: "s\u{1B}.yaml", outcome: outcome, showStats: false)
    XCTAssertFalse(hasRaw(block), block)
    XCTAssertTrue(block.hasPrefix("m\\u{1B}]0;t\\u{7}  (s\\u{1B}.yaml)  1 states"), block)
    XCTAssertTrue(block.contains("\n  p\\u{1B}   VIOLATED   MISMATCH: expected holds\n"), block)

    let results = [
      CheckReport.Result(spec: "s", variant: "m\u{1B}", patch: nil, property: outcome.properties[0], outcome: outcome)
    ]
    let summary = TextReport().summary(CheckReport(results: results))
    XCTAssertTrue(summary.hasSuffix("\n  m\\u{1B}: p\\u{1B} is violated (expected holds)"), summary)

    let matrix = VerdictMatrix(
      variants: [
        .init(name: "base\u{1B}", parent: nil, verdicts: [.init("p\u{202E}", .holds)]),
        .init(name: "base\u{1B}+fix\u{7}", parent: "base\u{1B}", verdicts: [.init("p\u{202E}", .violated)]),
      ])
    XCTAssertEqual(
      matrix.text(),
      """
      Verdict matrix
      variant      p\\u{202E}
      base\\u{1B}   holds
        +fix\\u{7}  VIOLATED !

      ! regression: holds in the parent variant, VIOLATED here

      """)
    XCTAssertEqual(
      matrix.changesText(), "Verdict changes:\n  base\\u{1B}+fix\\u{7}: p\\u{202E} holds -> VIOLATED (regression)\n")
  }

  func testMarkdownCodeSpansCannotBreakTheTable() {
    XCTAssertEqual(VerdictMatrix.markdownCode("a|b\u{1B}"), "`a\\|b\\u{1B}`")
    XCTAssertEqual(VerdictMatrix.markdownCode("x`y``z"), "``` x`y``z ```")
    XCTAssertEqual(VerdictMatrix.markdownText("<b>|&\u{7}"), "&lt;b&gt;\\|&amp;\\u{7}")
    let matrix = VerdictMatrix(
      variants: [.init(name: "m|x\u{1B}", parent: nil, verdicts: [.init("p`", .holds)])])
    XCTAssertEqual(
      matrix.markdown(), "| property | `m\\|x\\u{1B}` |\n|---|---|\n| `` p` `` | holds |\n")
  }

  func testJUnitShowsControlsEscapedInsteadOfDroppingThem() {
    let outcome = ExplorationResult(
      model: "m\u{1B}",
      properties: [
        PropertyResult(
          name: "p\u{0}", kind: .never, verdict: .violated, expected: .holds, counterexample: hostileTrace())
      ],
      stopReason: .completed, bound: nil,
      statistics: ExplorationStatistics(
        states: 1, transitions: 0, maxDepth: 0, seconds: 0, statesPerSecond: 0, peakMemoryBytes: 0, storeBytes: 0))
    let xml = JUnitWriter().xml([outcome])
    XCTAssertFalse(hasRaw(xml), xml)
    XCTAssertTrue(xml.contains("<testsuite name=\"m\\u{1B}\""), xml)
    XCTAssertTrue(xml.contains("<testcase name=\"p\\u{0}\" classname=\"m\\u{1B}\">"), xml)
    XCTAssertTrue(xml.contains("x(\\u{7});\\u{202E} -&gt; ok\\u{9B}"), xml)
    XCTAssertEqual(JUnitWriter.escape("\u{FFFE}\u{FFFF}"), "\\u{FFFE}\\u{FFFF}")
    // The document parses as XML 1.0.
    XCTAssertNoThrow(try XMLDocument(xmlString: xml))
  }

  func testJSONEscapesWhatJSONEncoderLeavesRawAndDecodesToTheSameText() throws {
    let trace = hostileTrace()
    let json = try JSONReport.encode(trace)
    XCTAssertFalse(json.unicodeScalars.contains { $0 != "\n" && DisplayText.isUnsafe($0, multiline: true) }, json)
    XCTAssertTrue(json.contains("\"result\" : \"ok\\u009B\""), json)
    XCTAssertTrue(json.contains("\"code\" : \"x(\\u0007);\\u202E\""), json)
    XCTAssertEqual(try JSONDecoder().decode(Counterexample.self, from: Data(json.utf8)), trace)
    let compact = try JSONReport.encode(["k": Self.hostile], pretty: false)
    XCTAssertEqual(try JSONDecoder().decode([String: String].self, from: Data(compact.utf8)), ["k": Self.hostile])
  }

  // MARK: - Which bound made a verdict unknown

  func unknownOutcome(_ bound: BoundHit) -> ExplorationResult {
    ExplorationResult(
      model: "m",
      properties: [
        PropertyResult(name: "p", kind: .never, verdict: .unknown, expected: .holds, counterexample: nil),
        PropertyResult(name: "q", kind: .never, verdict: .violated, expected: .violated, counterexample: nil),
      ],
      stopReason: bound.bound, bound: bound,
      statistics: ExplorationStatistics(
        states: 7, transitions: 9, maxDepth: 2, seconds: 0, statesPerSecond: 0, peakMemoryBytes: 0, storeBytes: 0))
  }

  func testJSONResultsNameTheBoundOfEveryUnknownVerdict() throws {
    for bound in [
      BoundHit(bound: .maxStates, limit: 7, reached: 7), BoundHit(bound: .maxSeconds, limit: 1500, reached: 7),
      BoundHit(bound: .interrupted, limit: 0, reached: 7), BoundHit(bound: .maxReadHolds, limit: 0, reached: 3),
    ] {
      let outcome = unknownOutcome(bound)
      let report = CheckReport(
        results: outcome.properties.map {
          CheckReport.Result(spec: "s.yaml", variant: "m", patch: nil, property: $0, outcome: outcome)
        },
        models: [CheckReport.Model(spec: "s.yaml", variant: "m", patch: nil, outcome: outcome)])
      let object = try JSONSerialization.jsonObject(with: Data(JSONReport.encode(report).utf8)) as? [String: Any]
      let results = try XCTUnwrap(object?["results"] as? [[String: Any]])
      let unknown = try XCTUnwrap(results.first { $0["verdict"] as? String == "unknown" })
      XCTAssertEqual(unknown["stop_reason"] as? String, bound.bound.rawValue)
      let hit = try XCTUnwrap(unknown["bound"] as? [String: Any])
      XCTAssertEqual(hit["bound"] as? String, bound.bound.rawValue)
      XCTAssertEqual(hit["limit"] as? Int, bound.limit)
      XCTAssertEqual(hit["reached"] as? Int, bound.reached)
    }
  }

  func testMarkdownNamesTheBoundNextToUnknownVerdicts() {
    let outcome = unknownOutcome(BoundHit(bound: .maxSeconds, limit: 1500, reached: 7))
    let results = outcome.properties.map {
      CheckReport.Result(spec: "s.yaml", variant: "m", patch: nil, property: $0, outcome: outcome)
    }
    XCTAssertEqual(
      VerdictMatrix(results: results, parents: [:]).markdown(),
      """
      | property | `m` |
      |---|---|
      | `p` | unknown<br><sub>max_seconds bound hit: the time budget of 1.500 s ran out after 7 states</sub> |
      | `q` | **VIOLATED** |

      """)
    // Only unknown verdicts carry it.
    XCTAssertNil(VerdictMatrix.Cell(property: "q", verdict: .holds, bound: outcome.bound).bound)
  }
}
