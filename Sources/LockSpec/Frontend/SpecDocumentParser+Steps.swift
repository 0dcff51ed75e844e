/// Parsing of step lists: common keys, one action, and the keys that go with it.
extension SpecDocumentParser {
  static let commonKeys = ["label", "code", "at", "note"]
  static let controlKeys = [
    "assign", "assert", "await", "if", "loop", "goto", "choose", "atomic", "call", "return", "break", "continue",
  ]
  static let actionKeys = Operation.allCases.map(\.rawValue) + controlKeys
  static let modifierKeys = ["into", "property", "then", "else"]
  static let stepKeys = commonKeys + actionKeys + modifierKeys
  static let scalarSteps = ["break", "continue", "return"]
  static let loopKeys = ["max", "while", "steps"]

  /// Actions that take an `into`, and whether it is required.
  static func intoRule(_ action: String) -> (allowed: Bool, required: Bool) {
    switch action {
    case "read", "test": return (true, true)
    case "down_read_trylock", "down_write_trylock", "trylock", "dec_and_test", "inc_not_zero", "test_and_set",
      "call":
      return (true, false)
    default: return (false, false)
    }
  }

  /// Whether the modifier key `key` (`into`, `property`, `then`, `else`) may go with `action`.
  static func modifier(_ key: String, fits action: String) -> Bool {
    switch key {
    case "into": return intoRule(action).allowed
    case "property": return action == "assert"
    default: return action == "if"
    }
  }

  mutating func steps(_ node: YAMLNode, for key: String) -> [Step] {
    list(node, for: key).compactMap { step($0) }
  }

  mutating func step(_ node: YAMLNode) -> Step? {
    switch node.content {
    case .scalar(let text, _):
      switch text {
      case "break": return Step(action: .breakLoop, location: node.location)
      case "continue": return Step(action: .continueLoop, location: node.location)
      case "return": return Step(action: .returnValue(nil), location: node.location)
      default:
        let hint = NameSuggestion.hint(for: text, in: Self.scalarSteps)
        log.error("expected a step (a mapping), found \(describe(node))\(hint)", at: node.location)
        return nil
      }
    case .sequence:
      log.error("expected a step (a mapping), found a list", at: node.location)
      return nil
    case .mapping(let pairs):
      return step(pairs, at: node.location)
    }
  }

  private mutating func step(_ pairs: [YAMLNode.Pair], at location: SourceLocation) -> Step? {
    let keys = checkKeys(pairs, allowed: Self.stepKeys, in: "a step")
    var step = Step(location: location)
    if let node = keys["label"] { step.label = identifier(node, what: "label") }
    if let node = keys["code"] { step.code = string(node, for: "code") }
    if let node = keys["at"] { step.at = string(node, for: "at") }
    if let node = keys["note"] { step.note = string(node, for: "note") }

    let actions = pairs.filter { $0.key.scalar.map(Self.actionKeys.contains) ?? false }
    if pairs.isEmpty {
      log.error("empty step: give it an action, or a label or code", at: location)
      return nil
    }
    guard let actionPair = actions.first, let action = actionPair.key.scalar else {
      for pair in pairs {
        guard let key = pair.key.scalar, Self.modifierKeys.contains(key) else { continue }
        log.error("'\(key)' needs \(Self.owner(ofModifier: key))", at: pair.key.location)
      }
      return step
    }
    for extra in actions.dropFirst() {
      log.error(
        "a step has at most one action; found '\(action)' and '\(extra.key.scalar ?? "")'", at: extra.key.location)
    }
    for pair in pairs {
      guard let key = pair.key.scalar, Self.modifierKeys.contains(key) else { continue }
      if !Self.modifier(key, fits: action) {
        log.error("'\(key)' does not apply to '\(action)'", at: pair.key.location)
      }
    }
    if Self.intoRule(action).required && keys["into"] == nil {
      log.error("'\(action)' needs 'into' (the local that receives the result)", at: actionPair.key.location)
    }
    let into = Self.intoRule(action).allowed ? keys["into"].flatMap { identifier($0, what: "local name") } : nil
    step.action = self.action(action, actionPair, keys: keys, into: into)
    return step
  }

  private static func owner(ofModifier key: String) -> String {
    switch key {
    case "into": return "an action with a result (read, test, trylock, call, ...)"
    case "property": return "'assert'"
    default: return "'if'"
    }
  }

  private mutating func action(
    _ action: String, _ pair: YAMLNode.Pair, keys: [String: YAMLNode], into: Located<String>?
  ) -> StepAction? {
    let value = pair.value
    if let operation = Operation(rawValue: action) {
      let operands: [Located<String>]
      if (operation == .free || operation == .use), case .sequence(let items) = value.content {
        if items.isEmpty {
          log.error("'\(action)' needs at least one resource", at: value.location)
          return nil
        }
        operands = items.compactMap { identifier($0, what: "variable name") }
        guard operands.count == items.count else { return nil }
      } else {
        guard let operand = identifier(value, what: "variable name") else { return nil }
        operands = [operand]
      }
      return .operation(operation, operands: operands, into: into)
    }
    switch action {
    case "assign":
      guard case .mapping(let entries) = value.content, !entries.isEmpty else {
        log.error(
          "expected a mapping of variables to expressions for 'assign', found \(describe(value))", at: value.location)
        return nil
      }
      var assignments: [Assignment] = []
      for entry in entries {
        guard let target = identifier(entry.key, what: "variable name"),
          let expression = expression(entry.value, for: target.value)
        else { continue }
        assignments.append(Assignment(target: target, value: expression))
      }
      return assignments.count == entries.count ? .assign(assignments) : nil
    case "assert":
      guard let condition = expression(value, for: "assert") else { return nil }
      let property = keys["property"].flatMap { identifier($0, what: "property name") }
      return .assert(condition, property: property)
    case "await":
      return expression(value, for: "await").map { .await($0) }
    case "if":
      let condition = expression(value, for: "if")
      guard let thenNode = keys["then"] else {
        log.error("'if' needs 'then'", at: pair.key.location)
        return nil
      }
      let thenSteps = steps(thenNode, for: "then")
      let elseSteps = keys["else"].map { steps($0, for: "else") }
      return condition.map { .ifThen($0, then: thenSteps, else: elseSteps) }
    case "loop":
      return loop(value, key: pair.key)
    case "goto":
      return identifier(value, what: "label").map { .goto($0) }
    case "choose":
      guard case .sequence(let branches) = value.content else {
        log.error("expected a list of branches for 'choose', found \(describe(value))", at: value.location)
        return nil
      }
      guard branches.count >= 2 else {
        log.error("'choose' needs at least two branches, found \(branches.count)", at: value.location)
        return nil
      }
      return .choose(branches.map { steps($0, for: "choose") })
    case "atomic":
      let inner = steps(value, for: "atomic")
      if case .sequence(let items) = value.content, items.isEmpty {
        log.error("'atomic' needs at least one step", at: value.location)
      }
      return .atomic(inner)
    case "call":
      return identifier(value, what: "procedure name").map { .call($0, into: into) }
    case "return":
      if value.isNull { return .returnValue(nil) }
      return expression(value, for: "return").map { .returnValue($0) }
    case "break", "continue":
      if !value.isNull { log.error("'\(action)' takes no value", at: value.location) }
      return action == "break" ? .breakLoop : .continueLoop
    default:
      return nil
    }
  }

  private mutating func loop(_ node: YAMLNode, key: YAMLNode) -> StepAction? {
    guard let entries = mapping(node, for: "loop") else { return nil }
    let keys = checkKeys(entries, allowed: Self.loopKeys, in: "a loop")
    var max: Located<Int>?
    if let maxNode = keys["max"] {
      guard let value = integer(maxNode, for: "max") else { return nil }
      if value.value < 1 || value.value > 1000 {
        log.error("loop 'max' must be between 1 and 1000", at: maxNode.location)
        return nil
      }
      max = value
    }
    let condition = keys["while"].flatMap { expression($0, for: "while") }
    guard let stepsNode = keys["steps"] else {
      log.error("'loop' needs 'steps'", at: key.location)
      return nil
    }
    return .loop(LoopAction(max: max, condition: condition, steps: steps(stepsNode, for: "steps")))
  }
}
