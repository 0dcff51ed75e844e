/// Renders a `CheckReport` as Markdown for a pull-request comment: the verdict matrix, the
/// summary, what did not meet its expectation (with the bound behind every `unknown`), the
/// searches that stopped early, and the counterexample of every regression and every
/// mismatched violation, folded. User text is escaped for Markdown and HTML.
public struct MarkdownReport: Sendable {
  public init() {}

  public func render(_ report: CheckReport) -> String {
    let matrix = report.matrix
    var blocks = ["### lockspec verdicts", trimmingNewlines(matrix.markdown())]
    let s = report.summary
    var summary = [
      "**\(s.checked) properties checked: \(s.matched) as expected, \(s.mismatched) mismatched, \(s.unknown) unknown**"
    ]
    for result in report.results where !result.matched || result.verdict == .unknown {
      let expected = result.expected.map { " (expected \($0.rawValue))" } ?? ""
      let why = result.verdict == .unknown ? " — " + (result.bound?.summary ?? result.stopReason.rawValue) : ""
      summary.append(
        "- \(VerdictMatrix.markdownCode(result.variant)): \(VerdictMatrix.markdownCode(result.property)) is "
          + "\(result.verdict.rawValue)\(expected)\(VerdictMatrix.markdownText(why))")
    }
    let partial = report.models.filter { !$0.complete }
    if !partial.isEmpty {
      summary.append("")
      summary.append("Searches that did not cover the whole state space (their state counts are partial):")
      for model in partial {
        summary.append(
          "- \(VerdictMatrix.markdownCode(model.variant)): "
            + VerdictMatrix.markdownText(model.bound?.summary ?? model.stopReason.rawValue))
      }
    }
    blocks.append(summary.joined(separator: "\n"))
    let regressions = Set(matrix.changes.filter { $0.mark == .regression }.map { $0.variant + "\u{0}" + $0.property })
    for result in report.results {
      let key = result.variant + "\u{0}" + result.property
      guard result.verdict == .violated, regressions.contains(key) || !result.matched,
        let counterexample = report.counterexample(variant: result.variant, property: result.property)
      else { continue }
      let rendered = trimmingNewlines(CounterexampleRenderer().render(counterexample))
      let fence = String(repeating: "`", count: max(3, Self.longestBacktickRun(rendered) + 1))
      blocks.append(
        "<details><summary><code>\(VerdictMatrix.markdownText(result.property))</code> VIOLATED in "
          + "<code>\(VerdictMatrix.markdownText(result.variant))</code></summary>\n\n"
          + "\(fence)text\n\(rendered)\n\(fence)\n\n</details>")
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  /// The longest run of backticks in `text` (a code fence must be longer).
  static func longestBacktickRun(_ text: String) -> Int {
    var longest = 0
    var run = 0
    for character in text {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    return longest
  }

  private func trimmingNewlines(_ text: String) -> String {
    var scalars = Substring(text)
    while scalars.first == "\n" { scalars.removeFirst() }
    while scalars.last == "\n" { scalars.removeLast() }
    return String(scalars)
  }
}
