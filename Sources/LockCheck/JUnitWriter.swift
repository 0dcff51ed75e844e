/// Writes results as JUnit XML for CI, valid against the common (Jenkins/Ant) JUnit schema: a
/// `testsuite` per model and a `testcase` per property. A known verdict that is not the expected
/// one is a `failure` whose text is the full counterexample; an `unknown` verdict is an `error`
/// naming the bound that stopped the search. Files that did not load form one more suite, a
/// `testcase` per file with an `error` listing its problems.
public struct JUnitWriter: Sendable {
  /// How failure texts render counterexamples.
  public var renderer: CounterexampleRenderer

  public init(renderer: CounterexampleRenderer = CounterexampleRenderer()) { self.renderer = renderer }

  /// The XML document for every model of `report` and every problem that kept a file from
  /// loading, ending with a newline.
  public func xml(_ report: CheckReport, problems: [SpecProblem] = [], name: String = "lockspec") -> String {
    xml(report.models.map(\.outcome), problems: problems, name: name)
  }

  /// The XML document for `results` and `problems`, ending with a newline.
  public func xml(_ results: [ExplorationResult], problems: [SpecProblem] = [], name: String = "lockspec") -> String {
    var suites = results.map(suite)
    if !problems.isEmpty { suites.append(loadSuite(problems)) }
    let tally = suites.reduce(Tally()) { $0 + $1.tally }
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<testsuites name=\"\(Self.escape(name))\"\(tally.attributes)>\n"
    for suite in suites { out += suite.xml }
    out += "</testsuites>\n"
    return out
  }

  /// The counts every `testsuite` and the `testsuites` element carry.
  struct Tally {
    var tests = 0
    var failures = 0
    var errors = 0
    var seconds = 0.0

    static func + (lhs: Tally, rhs: Tally) -> Tally {
      Tally(
        tests: lhs.tests + rhs.tests, failures: lhs.failures + rhs.failures, errors: lhs.errors + rhs.errors,
        seconds: lhs.seconds + rhs.seconds)
    }

    /// ` tests="…" failures="…" errors="…" skipped="0" time="…"` (nothing is ever skipped).
    var attributes: String {
      " tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"0\" time=\"\(Decimal3.format(seconds))\""
    }
  }

  /// One `testsuite` element and its counts.
  struct Suite {
    var xml: String
    var tally: Tally
  }

  /// What a property's `testcase` reports.
  enum Outcome: Equatable {
    case passed
    /// A known verdict other than the expected one.
    case failure
    /// `unknown`: a bound stopped the search first.
    case error
  }

  static func outcome(_ property: PropertyResult) -> Outcome {
    if property.verdict == .unknown { return .error }
    return property.meetsExpectation ? .passed : .failure
  }

  func suite(_ result: ExplorationResult) -> Suite {
    let outcomes = result.properties.map(Self.outcome)
    let tally = Tally(
      tests: outcomes.count, failures: outcomes.filter { $0 == .failure }.count,
      errors: outcomes.filter { $0 == .error }.count, seconds: result.statistics.seconds)
    let model = Self.escape(result.model)
    var out = "  <testsuite name=\"\(model)\"\(tally.attributes)>\n"
    // Why the search stopped, and whether the counts cover the whole state space.
    out += "    <properties>\n"
    out += "      <property name=\"stop_reason\" value=\"\(result.stopReason.rawValue)\"/>\n"
    out += "      <property name=\"complete\" value=\"\(result.stopReason.countsComplete)\"/>\n"
    out += "      <property name=\"states\" value=\"\(result.statistics.states)\"/>\n"
    if let bound = result.bound {
      out += "      <property name=\"bound\" value=\"\(Self.escape(bound.summary))\"/>\n"
    }
    out += "    </properties>\n"
    for (property, outcome) in zip(result.properties, outcomes) {
      out += testcase(property, outcome: outcome, in: result)
    }
    out += "  </testsuite>\n"
    return Suite(xml: out, tally: tally)
  }

  func testcase(_ property: PropertyResult, outcome: Outcome, in result: ExplorationResult) -> String {
    var out = "    <testcase name=\"\(Self.escape(property.name))\" classname=\"\(Self.escape(result.model))\""
    let trace = property.counterexample.map(renderer.render)
    let expected = property.expected.map { ", expected \($0.rawValue)" } ?? ""
    switch outcome {
    case .passed:
      guard let trace else { return out + "/>\n" }
      out += ">\n      <system-out>\(Self.escape(trace))</system-out>\n"
    case .failure:
      let message = "\(property.verdict.rawValue)\(expected)"
      let text =
        trace
        ?? "\(property.name) \(property.verdict.rawValue) in \(result.model)\(expected): "
        + "no interleaving of the \(result.statistics.states) states explored shows otherwise"
      out += ">\n      <failure message=\"\(Self.escape(message))\" type=\"\(property.verdict.rawValue)\">"
      out += Self.escape(text) + "</failure>\n"
    case .error:
      let why = result.bound?.summary ?? "search stopped: \(result.stopReason.rawValue)"
      let message = "unknown\(expected) (\(why))"
      let text =
        "\(property.name) is unknown in \(result.model): \(why); the search stopped after "
        + "\(result.statistics.states) states before deciding it"
      out += ">\n      <error message=\"\(Self.escape(message))\" type=\"unknown\">\(Self.escape(text))</error>\n"
    }
    return out + "    </testcase>\n"
  }

  /// The suite of the files that did not load: a testcase per file, in the order first named,
  /// with an error (when any problem is an error) listing every problem as `file:line:column:`.
  func loadSuite(_ problems: [SpecProblem]) -> Suite {
    var files: [String] = []
    var byFile: [String: [SpecProblem]] = [:]
    for problem in problems {
      if byFile[problem.position.path] == nil { files.append(problem.position.path) }
      byFile[problem.position.path, default: []].append(problem)
    }
    var cases = ""
    var errors = 0
    for file in files {
      let list = byFile[file] ?? []
      let lines = list.map(Self.line).joined(separator: "\n")
      cases += "    <testcase name=\"\(Self.escape(file))\" classname=\"load\""
      if let first = list.first(where: { $0.severity == .error }) {
        errors += 1
        cases += ">\n      <error message=\"\(Self.escape(Self.line(first)))\" type=\"spec_error\">"
        cases += Self.escape(lines) + "</error>\n    </testcase>\n"
      } else {
        cases += ">\n      <system-out>\(Self.escape(lines))</system-out>\n    </testcase>\n"
      }
    }
    let tally = Tally(tests: files.count, failures: 0, errors: errors, seconds: 0)
    return Suite(xml: "  <testsuite name=\"load\"\(tally.attributes)>\n" + cases + "  </testsuite>\n", tally: tally)
  }

  /// `path:line:column: severity: message`, as the terminal shows a diagnostic.
  static func line(_ problem: SpecProblem) -> String {
    let at = problem.position
    return "\(at.path):\(at.line):\(at.column): \(problem.severity.rawValue): \(problem.message)"
  }

  /// XML-escapes text for element content and attributes. Characters XML 1.0 cannot carry (most
  /// C0 controls, even as character references, and U+FFFE, U+FFFF) and those a terminal or CI
  /// page would act on are shown as `\u{1B}`, as `DisplayText.escaped` shows them; line feeds and
  /// tabs are kept.
  public static func escape(_ text: String) -> String {
    XMLText.escaped(text, multiline: true)
  }
}
