/// Renders one aligned summary line per property: name, verdict, expectation, and a marker when
/// the verdict is not the expected one.
///
/// ```
///   reaper_no_uaf       holds      (expected holds)
///   no_premature_skip   violated   (expected holds)   UNEXPECTED
/// ```
public struct ResultSummaryRenderer: Sendable {
  public init() {}

  /// The summary lines of `results`, aligned among themselves.
  public func lines(_ results: [PropertyResult]) -> [String] {
    let nameWidth = (results.map(\.name.count).max() ?? 0) + 3
    let verdictWidth = Verdict.allCases.map(\.rawValue.count).max()! + 3
    return results.map { result in
      let expectation = result.expected.map { "(expected \($0.rawValue))" } ?? "(not judged)"
      var text =
        "  " + Self.padded(result.name, nameWidth) + Self.padded(result.verdict.rawValue, verdictWidth) + expectation
      if !result.meetsExpectation { text += "   UNEXPECTED" }
      return text
    }
  }

  /// One property's line, aligned on its own.
  public func line(_ result: PropertyResult) -> String { lines([result])[0] }

  static func padded(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(width - text.count, 1))
  }
}
