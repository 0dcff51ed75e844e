/// Writes results as JUnit XML for CI: a `testsuite` per model, a `testcase` per property that
/// fails when the verdict is not the expected one, with the rendered counterexample as the
/// failure's text.
public struct JUnitWriter: Sendable {
  /// How failure texts render counterexamples.
  public var renderer: CounterexampleRenderer

  public init(renderer: CounterexampleRenderer = CounterexampleRenderer()) { self.renderer = renderer }

  /// The XML document for every model of `report`, ending with a newline.
  public func xml(_ report: CheckReport, name: String = "lockspec") -> String {
    xml(report.models.map(\.outcome), name: name)
  }

  /// The XML document for `results`, ending with a newline.
  public func xml(_ results: [ExplorationResult], name: String = "lockspec") -> String {
    let tests = results.reduce(0) { $0 + $1.properties.count }
    let failures = results.reduce(0) { $0 + $1.properties.filter { !$0.meetsExpectation }.count }
    let time = Decimal3.format(results.reduce(0) { $0 + $1.statistics.seconds })
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"\(Self.escape(name))\" tests=\"\(tests)\" failures=\"\(failures)\" time=\"\(time)\">\n"
    for result in results { out += suite(result) }
    out += "</testsuites>\n"
    return out
  }

  func suite(_ result: ExplorationResult) -> String {
    let failures = result.properties.filter { !$0.meetsExpectation }.count
    let model = Self.escape(result.model)
    var out = "  <testsuite name=\"\(model)\" tests=\"\(result.properties.count)\" failures=\"\(failures)\""
    out += " time=\"\(Decimal3.format(result.statistics.seconds))\">\n"
    // Why the search stopped, and whether the counts cover the whole state space.
    out += "    <properties>\n"
    out += "      <property name=\"stop_reason\" value=\"\(result.stopReason.rawValue)\"/>\n"
    out += "      <property name=\"complete\" value=\"\(result.stopReason.countsComplete)\"/>\n"
    out += "      <property name=\"states\" value=\"\(result.statistics.states)\"/>\n"
    if let bound = result.bound {
      out += "      <property name=\"bound\" value=\"\(Self.escape(bound.summary))\"/>\n"
    }
    out += "    </properties>\n"
    for property in result.properties {
      out += "    <testcase name=\"\(Self.escape(property.name))\" classname=\"\(model)\""
      let trace = property.counterexample.map(renderer.render)
      if property.meetsExpectation && trace == nil {
        out += "/>\n"
        continue
      }
      out += ">\n"
      if !property.meetsExpectation {
        let expected = property.expected?.rawValue ?? "-"
        var message = "\(property.verdict.rawValue), expected \(expected)"
        if property.verdict == .unknown, let bound = result.bound { message += " (\(bound.summary))" }
        out += "      <failure message=\"\(Self.escape(message))\" type=\"\(property.verdict.rawValue)\">"
        out += Self.escape(trace ?? message) + "</failure>\n"
      } else if let trace {
        out += "      <system-out>\(Self.escape(trace))</system-out>\n"
      }
      out += "    </testcase>\n"
    }
    out += "  </testsuite>\n"
    return out
  }

  /// XML-escapes text for element content and attributes. Characters XML 1.0 cannot carry (most
  /// C0 controls, even as character references, and U+FFFE, U+FFFF) and those a terminal or CI
  /// page would act on are shown as `\u{1B}`, as `DisplayText.escaped` shows them; line feeds and
  /// tabs are kept.
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in DisplayText.escaped(text, multiline: true).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\u{FFFE}", "\u{FFFF}": out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
