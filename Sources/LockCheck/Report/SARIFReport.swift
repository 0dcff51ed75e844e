import Foundation

/// Turns a `CheckReport` and the problems of files that did not load into a SARIF log, so code
/// scanning annotates spec lines: each property whose known verdict is not the expected one is
/// an `error`, each `unknown` a `warning` naming the bound, each violation that was expected a
/// `note` (all with the counterexample), at the property's declaration (its variant's, for an
/// implicit property); each load problem is a result at its file, line and column.
public struct SARIFReport: Sendable {
  /// How result messages render counterexamples.
  public var renderer: CounterexampleRenderer

  public init(renderer: CounterexampleRenderer = CounterexampleRenderer()) { self.renderer = renderer }

  /// The rule of results for files that did not load.
  public static let specErrorRule = "spec_error"

  /// The log of `report` and `problems`; `successful` is false when the run did not finish its
  /// work (a file did not load, or it was interrupted).
  public func log(_ report: CheckReport, problems: [SpecProblem] = [], successful: Bool = true) -> SARIFLog {
    var rules = RuleTable()
    var results: [SARIFLog.Result] = []
    for problem in problems {
      let index = rules.index(of: Self.specErrorRule, description: "A spec or patch file that does not load.")
      results.append(
        SARIFLog.Result(
          ruleId: Self.specErrorRule, ruleIndex: index, level: problem.severity.rawValue,
          message: .init(text: problem.message), locations: [Self.location(problem.position)], properties: nil))
    }
    for model in report.models {
      for property in model.outcome.properties {
        guard let level = Self.level(property) else { continue }
        let rule = property.kind.rawValue
        let index = rules.index(of: rule, description: Self.description(property.kind))
        var properties = ["variant": model.variant, "verdict": property.verdict.rawValue]
        if let expected = property.expected { properties["expected"] = expected.rawValue }
        results.append(
          SARIFLog.Result(
            ruleId: rule, ruleIndex: index, level: level, message: .init(text: message(property, in: model)),
            locations: [Self.location(model.position(of: property.name))], properties: properties))
      }
    }
    let driver = SARIFLog.Driver(
      name: "lockspec", version: LockspecVersion.current, semanticVersion: LockspecVersion.current,
      rules: rules.rules)
    let run = SARIFLog.Run(
      tool: .init(driver: driver), results: results,
      invocations: [.init(executionSuccessful: successful && problems.allSatisfy { $0.severity != .error })])
    return SARIFLog(runs: [run])
  }

  /// `error` for a known verdict other than the expected one, `warning` for `unknown`, `note`
  /// for an expected violation; nil (no result) for a property that holds as expected.
  static func level(_ property: PropertyResult) -> String? {
    if property.verdict == .unknown { return "warning" }
    if !property.meetsExpectation { return "error" }
    return property.verdict == .violated ? "note" : nil
  }

  /// The title line (`deadlock_free VIOLATED in demo/abba, expected holds (2 steps)`), then the
  /// bound behind an `unknown`, or the counterexample.
  func message(_ property: PropertyResult, in model: CheckReport.Model) -> String {
    let verdict = property.verdict == .violated ? "VIOLATED" : property.verdict.rawValue
    var text = "\(property.name) \(verdict) in \(model.variant)"
    if let expected = property.expected { text += ", expected \(expected.rawValue)" }
    if property.verdict == .unknown {
      text += "\n" + (model.bound?.summary ?? "search stopped: \(model.stopReason.rawValue)")
    } else if let counterexample = property.counterexample, property.verdict == .violated {
      // The renderer's header repeats the title; its step count is kept.
      let count = counterexample.steps.count
      text +=
        " (\(count) step\(count == 1 ? "" : "s"))\n\n"
        + String(renderer.render(counterexample).drop(while: { $0 != "\n" }).dropFirst())
    }
    return text
  }

  static func description(_ kind: PropertyKind) -> String {
    switch kind {
    case .never: return "A condition that must never hold in a reachable state."
    case .always: return "A condition that must hold in every reachable state."
    case .reachable: return "A condition some interleaving must reach."
    case .noUseAfterFree: return "No thread uses a resource after it is freed."
    case .noDoubleFree: return "No resource is freed twice."
    case .lockDiscipline: return "No release of a lock not held, and no lock still held when a thread ends."
    case .deadlockFree: return "No reachable state where some thread has not ended and none can move."
    case .assertions: return "Every assert holds and every counter stays in its range."
    case .eventually: return "Every fair run reaches a state where the condition holds."
    case .leadsTo: return "From every state where one condition holds, every fair run reaches the other."
    }
  }

  static func location(_ position: SpecPosition) -> SARIFLog.Location {
    let region =
      position.line >= 1 ? SARIFLog.Region(startLine: position.line, startColumn: max(position.column, 1)) : nil
    return SARIFLog.Location(
      physicalLocation: .init(artifactLocation: .init(uri: uri(position.path)), region: region))
  }

  /// `path` as a URI reference: percent-encoded, relative paths without a leading `./`, absolute
  /// ones as `file://` URIs.
  public static func uri(_ path: String) -> String {
    var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    allowed.insert(charactersIn: "-._~/")
    var relative = path
    while relative.hasPrefix("./") { relative.removeFirst(2) }
    let encoded = relative.addingPercentEncoding(withAllowedCharacters: allowed) ?? relative
    return path.hasPrefix("/") ? "file://" + encoded : encoded
  }

  /// The rules in the order results first use them, and the index of each.
  struct RuleTable {
    var rules: [SARIFLog.Rule] = []
    var indices: [String: Int] = [:]

    mutating func index(of id: String, description: String) -> Int {
      if let index = indices[id] { return index }
      let level = id == SARIFReport.specErrorRule ? "error" : "warning"
      rules.append(.init(id: id, shortDescription: .init(text: description), defaultConfiguration: .init(level: level)))
      indices[id] = rules.count - 1
      return rules.count - 1
    }
  }
}
