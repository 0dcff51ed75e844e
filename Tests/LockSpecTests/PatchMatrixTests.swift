import LockCheck
import XCTest

/// The verdict matrix: marks against the parent variant, grouping into tables, and the text and
/// Markdown renderings (golden strings).
final class PatchMatrixTests: XCTestCase {
  typealias V = VerdictMatrix.PropertyVerdict

  static let variants: [VerdictMatrix.Variant] = [
    .init(
      name: "mm/v1", parent: nil,
      verdicts: [V("reaper_no_uaf", .holds), V("deadlock_free", .violated), V("c", .holds), V("d", .unknown)]),
    .init(
      name: "mm/v1+fix", parent: "mm/v1",
      verdicts: [
        V("reaper_no_uaf", .holds), V("deadlock_free", .holds), V("c", .violated), V("d", .holds),
        V("e", .holds),
      ]),
    .init(
      name: "mm/v1+fix+more", parent: "mm/v1+fix",
      verdicts: [
        V("reaper_no_uaf", .holds), V("deadlock_free", .holds), V("c", .violated), V("d", .holds),
        V("e", .violated),
      ]),
    .init(name: "other/x", parent: nil, verdicts: [V("p", .holds)]),
    .init(
      name: "mm/v2", parent: nil,
      verdicts: [
        V("reaper_no_uaf", .violated), V("deadlock_free", .holds), V("c", .holds), V("d", .holds),
        V("e", .holds),
      ]),
  ]

  func testMarksAgainstTheParent() {
    XCTAssertEqual(VerdictMatrix.Mark(parent: .holds, verdict: .violated), .regression)
    XCTAssertEqual(VerdictMatrix.Mark(parent: .violated, verdict: .holds), .fix)
    XCTAssertEqual(VerdictMatrix.Mark(parent: .unknown, verdict: .holds), .changed)
    XCTAssertEqual(VerdictMatrix.Mark(parent: .violated, verdict: .unknown), .changed)
    XCTAssertEqual(VerdictMatrix.Mark(parent: nil, verdict: .holds), .new)
    XCTAssertNil(VerdictMatrix.Mark(parent: .holds, verdict: .holds))
  }

  func testTablesGroupFamiliesWithTheSameProperties() {
    let matrix = VerdictMatrix(variants: Self.variants)
    XCTAssertEqual(matrix.tables.count, 2)
    XCTAssertEqual(matrix.tables[0].properties, ["reaper_no_uaf", "deadlock_free", "c", "d", "e"])
    XCTAssertEqual(matrix.tables[0].rows.map(\.variant), ["mm/v1", "mm/v1+fix", "mm/v1+fix+more", "mm/v2"])
    XCTAssertEqual(matrix.tables[0].rows.map(\.depth), [0, 1, 2, 0])
    XCTAssertEqual(matrix.tables[1].rows.map(\.variant), ["other/x"])
    XCTAssertEqual(matrix.marksUsed, [.regression, .fix, .changed, .new])
  }

  func testText() {
    XCTAssertEqual(
      VerdictMatrix(variants: Self.variants).text(),
      """
      Verdict matrix
      variant    reaper_no_uaf  deadlock_free  c           d           e
      mm/v1      holds          VIOLATED       holds       unknown     -
        +fix     holds          holds +        VIOLATED !  holds ~     holds *
          +more  holds          holds          VIOLATED    holds       VIOLATED !
      mm/v2      VIOLATED       holds          holds       holds       holds

      variant    p
      other/x    holds

      ! regression: holds in the parent variant, VIOLATED here
      + fix: VIOLATED in the parent variant, holds here
      ~ changed to or from unknown
      * new property: not in the parent variant

      """)
  }

  func testMarkdown() {
    XCTAssertEqual(
      VerdictMatrix(variants: Self.variants).markdown(),
      """
      | property | `mm/v1` | `mm/v1`<br>`+fix` | `mm/v1`<br>`+fix`<br>`+more` | `mm/v2` |
      |---|---|---|---|---|
      | `reaper_no_uaf` | holds | holds | holds | **VIOLATED** |
      | `deadlock_free` | **VIOLATED** | holds (fix) | holds | holds |
      | `c` | holds | **VIOLATED** (regression) | **VIOLATED** | holds |
      | `d` | unknown | holds (changed) | holds | holds |
      | `e` | - | holds (new) | **VIOLATED** (regression) | holds |

      | property | `other/x` |
      |---|---|
      | `p` | holds |

      _regression_: holds in the parent variant, **VIOLATED** here · _fix_: **VIOLATED** in the parent variant, \
      holds here · _changed_: changed to or from unknown · _new_: not in the parent variant

      """)
  }

  func testChanges() {
    XCTAssertEqual(
      VerdictMatrix(variants: Self.variants).changesText(),
      """
      Verdict changes:
        mm/v1+fix: deadlock_free VIOLATED -> holds (fix)
        mm/v1+fix: c holds -> VIOLATED (regression)
        mm/v1+fix: d unknown -> holds (changed)
        mm/v1+fix: e (no such property) -> holds (new)
        mm/v1+fix+more: e holds -> VIOLATED (regression)

      """)
  }

  func testNoDerivedRowsNoLegend() {
    let matrix = VerdictMatrix(variants: [Self.variants[0]])
    XCTAssertEqual(
      matrix.text(),
      """
      Verdict matrix
      variant  reaper_no_uaf  deadlock_free  c           d
      mm/v1    holds          VIOLATED       holds       unknown

      """)
    XCTAssertEqual(matrix.changesText(), "Verdict changes: none\n")
  }

  func testDerivedRowsWithoutChanges() {
    let base = Self.variants[3]
    let same = VerdictMatrix.Variant(name: "other/x+noop", parent: "other/x", verdicts: base.verdicts)
    let matrix = VerdictMatrix(variants: [base, same])
    XCTAssertEqual(
      matrix.text(),
      """
      Verdict matrix
      variant  p
      other/x  holds
        +noop  holds

      no verdict differs from its parent variant

      """)
    XCTAssertTrue(matrix.markdown().hasSuffix("No verdict differs from its parent variant.\n"))
  }

  func testFromCheckReportResults() {
    let statistics = ExplorationStatistics(
      states: 1, transitions: 0, maxDepth: 0, seconds: 0, statesPerSecond: 0, peakMemoryBytes: 0, storeBytes: 0)
    func result(_ variant: String, _ property: String, _ verdict: Verdict) -> CheckReport.Result {
      let property = PropertyResult(name: property, kind: .never, verdict: verdict, expected: nil, counterexample: nil)
      let outcome = ExplorationResult(
        model: variant, properties: [property], stopReason: .completed, bound: nil, statistics: statistics)
      return CheckReport.Result(spec: "s.yaml", variant: variant, patch: nil, property: property, outcome: outcome)
    }
    let matrix = VerdictMatrix(
      results: [result("a", "p", .violated), result("a+f", "p", .holds)], parents: ["a+f": "a"])
    XCTAssertEqual(
      matrix.changes,
      [VerdictMatrix.Change(variant: "a+f", parent: "a", property: "p", from: .violated, to: .holds, mark: .fix)])
  }
}
