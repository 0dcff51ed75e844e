/// How SPIN reports one property of an exported model, and the Promela that checks it: state
/// properties as assertions in `check_state` (run after every step and in the initial states),
/// faults as assertions in the steps, deadlock as SPIN's invalid end state, liveness as `ltl`
/// claims.
public enum PromelaPropertyEncoding: Sendable, Equatable {
  /// Violated iff a safety run (`pan -c0`) reports `assertion violated <name>`.
  case assertion(String)
  /// A `reachable` property: holds iff a safety run reports `assertion violated <name>` (the
  /// assertion fails in a state where the condition holds).
  case witness(String)
  /// `deadlock_free`: violated iff a safety run reports an invalid end state.
  case invalidEndState
  /// A liveness property: violated iff `pan -a -N <name>` (with `-f` under weak fairness)
  /// finds an acceptance cycle.
  case claim(String, weakFairness: Bool)
}

/// Writes the property checks of an exported model.
struct PromelaPropertyCode {
  let model: ModelIR
  let names: PromelaNames
  let expressions: PromelaExpression

  private typealias S = PromelaStatements

  /// How each property is checked, in property order.
  var encodings: [PromelaPropertyEncoding] {
    model.properties.enumerated().map { index, property in
      let name = names.properties[index]
      switch property.check {
      case .reachable: return .witness(name)
      case .deadlockFree: return .invalidEndState
      case .eventually(_, let fairness), .leadsTo(_, _, let fairness):
        return .claim(names.claims[index], weakFairness: fairness == .weak)
      case .never, .always, .noUseAfterFree, .noDoubleFree, .lockDiscipline, .assertions:
        return .assertion(name)
      }
    }
  }

  /// The checks of the state properties, one `if` each; empty when there are none.
  var stateChecks: [String] {
    model.properties.enumerated().flatMap { index, property -> [String] in
      let fail = ["\(names.violate)(\(names.properties[index]));"]
      switch property.check {
      case .never(let condition), .reachable(let condition): return S.ifElse(expressions.text(condition), fail)
      case .always(let condition): return S.ifElse("!\(expressions.text(condition))", fail)
      default: return []
      }
    }
  }

  /// `inline check_state()`, or nothing when no property is about states.
  func checkStateInline() -> [String] {
    let checks = stateChecks
    guard !checks.isEmpty else { return [] }
    return ["inline \(names.checkState)() {"] + S.indent(checks) + ["}", ""]
  }

  /// One `ltl` claim per liveness property.
  func claims() -> [String] {
    var lines: [String] = []
    for (index, property) in model.properties.enumerated() {
      let formula: String
      switch property.check {
      case .eventually(let goal, _): formula = "<> \(expressions.text(goal))"
      case .leadsTo(let from, let to, _): formula = "[] (\(expressions.text(from)) -> (<> \(expressions.text(to))))"
      default: continue
      }
      let fairness = property.fairness == .weak ? "weak fairness: pan -a -f" : "no fairness: pan -a"
      lines += [
        "/* \(S.commentText(property.name)) (\(fairness) -N \(names.claims[index])) */",
        "ltl \(names.claims[index]) { \(formula) }",
      ]
    }
    return lines.isEmpty ? [] : lines + [""]
  }

  /// A comment line per property: its kind and how SPIN reports it.
  func summary() -> [String] {
    zip(model.properties, encodings).map { property, encoding in
      let how: String
      switch encoding {
      case .assertion(let name): how = "violated iff \"assertion violated \(name)\""
      case .witness(let name): how = "holds iff \"assertion violated \(name)\" (a witness)"
      case .invalidEndState: how = "violated iff \"invalid end state\""
      case .claim(let name, let fair): how = "violated iff pan -a\(fair ? " -f" : "") -N \(name) finds a cycle"
      }
      return " *   \(S.commentText(property.name)) (\(property.kind.rawValue)): \(how)"
    }
  }
}
