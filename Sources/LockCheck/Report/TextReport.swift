/// Renders `lockspec check` results as text: per model a verdict table and the counterexample
/// of every violated property (and witness of every reached condition), then a summary line.
/// Names and paths are shown through `DisplayText.escaped`.
public struct TextReport: Sendable {
  public init() {}

  /// The block printed for one model of a report.
  public func model(_ model: CheckReport.Model, showStats: Bool) -> String {
    self.model(path: model.file, outcome: model.outcome, showStats: showStats)
  }

  /// The block printed for one explored model.
  public func model(path: String, outcome: ExplorationResult, showStats: Bool) -> String {
    let s = outcome.statistics
    var lines: [String] = []
    let counted = outcome.stopReason.countsComplete ? "" : "at least "
    var header =
      "\(DisplayText.escaped(outcome.model))  (\(DisplayText.escaped(path)))  \(counted)\(Self.grouped(s.states)) states, "
      + "\(counted)\(Self.grouped(s.transitions)) transitions"
    header += "  [\(Self.stopText(outcome))]"
    lines.append(header)
    if let bound = outcome.bound {
      lines.append("  \(bound.summary): undecided properties are unknown")
    }
    if showStats {
      lines.append(
        "  stats: depth \(s.maxDepth), \(Self.fixed(s.seconds, 3)) s, \(Self.grouped(Int(s.statesPerSecond))) states/s, "
          + "peak memory \(Self.fixed(Double(s.peakMemoryBytes) / 1_048_576, 1)) MiB, "
          + "state store \(Self.fixed(Double(s.storeBytes) / 1_048_576, 1)) MiB")
    }
    let names = outcome.properties.map { DisplayText.escaped($0.name) }
    let width = max(names.map(\.count).max() ?? 0, 8) + 2
    for (property, name) in zip(outcome.properties, names) {
      let name = Self.pad(name, width)
      let verdict = Self.pad(Self.word(property.verdict), 10)
      var line = "  \(name)\(verdict)"
      if let expected = property.expected {
        if property.verdict == .unknown {
          line += " (expected \(expected.rawValue); a bound stopped the search)"
        } else {
          line += property.verdict == expected ? " as expected" : " MISMATCH: expected \(expected.rawValue)"
        }
      } else {
        line += " (no expectation)"
      }
      lines.append(line)
    }
    for property in outcome.properties {
      guard let counterexample = property.counterexample else { continue }
      lines.append("")
      for line in CounterexampleRenderer().render(counterexample).split(
        separator: "\n", omittingEmptySubsequences: false)
      {
        lines.append(line.isEmpty ? "" : "  " + line)
      }
    }
    lines.append("")
    return lines.joined(separator: "\n")
  }

  /// The closing line(s): counts and what failed.
  public func summary(_ report: CheckReport) -> String {
    let s = report.summary
    var lines = [
      "\(s.checked) properties checked: \(s.matched) as expected, \(s.mismatched) mismatched, \(s.unknown) unknown"
    ]
    for result in report.results where !result.matched || result.verdict == .unknown {
      let expected = result.expected.map { " (expected \($0.rawValue))" } ?? ""
      let why = result.verdict == .unknown ? ": " + (result.bound?.summary ?? result.stopReason.rawValue) : ""
      let variant = DisplayText.escaped(result.variant)
      lines.append(
        "  \(variant): \(DisplayText.escaped(result.property)) is \(result.verdict.rawValue)\(expected)\(why)")
    }
    return lines.joined(separator: "\n")
  }

  /// Why the exploration stopped, and whether the counts cover the whole state space:
  /// `completed`, `decided early: counts are partial`, `stopped by max_states: ...`.
  static func stopText(_ outcome: ExplorationResult) -> String {
    switch outcome.stopReason {
    case .completed: return "completed: every reachable state explored"
    case .decided: return "decided: every selected property was decided early; counts are partial"
    default: return "stopped: \(outcome.stopReason.rawValue); counts are partial"
    }
  }

  /// `VIOLATED` in capitals so it stands out, as kernel reports do.
  static func word(_ verdict: Verdict) -> String {
    verdict == .violated ? "VIOLATED" : verdict.rawValue
  }

  /// `text` padded with spaces to `width` characters.
  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  /// 1234567 as `1,234,567` (reports and the progress line).
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return n < 0 ? "-" + out : out
  }

  /// `x` with `places` decimals, without Foundation.
  static func fixed(_ x: Double, _ places: Int) -> String {
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let scaled = Int((x * scale).rounded())
    let whole = scaled / Int(scale)
    let fraction = String(scaled % Int(scale))
    if places == 0 { return String(whole) }
    return "\(whole)." + String(repeating: "0", count: places - fraction.count) + fraction
  }
}
