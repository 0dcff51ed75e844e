/// The schema of steps: the common keys, one action with the modifiers that fit it, and the
/// vocabulary statements of docs/patch-check.md, which are steps under other common keys.
extension SpecSchema {
  static var stepDefinitions: [(key: String, value: JSONValue)] {
    typealias Parser = SpecDocumentParser
    return [
      ("steps", described(list(ref("step")), "A list of steps, run in order.")),
      (
        "step",
        .object([
          (
            "description",
            .string(
              "A step: at most one action with the keys that go with it, and any of label, code, at and note; "
                + "or the bare word break, continue or return.")
          ),
          // if/then/else rather than anyOf, so a validator names the key at fault.
          ("if", .object([("type", .string("string"))])),
          ("then", enumeration(Parser.scalarSteps)),
          ("else", ref("stepMapping")),
        ])
      ),
      ("stepMapping", stepMapping(commonKeys: Parser.commonKeys, descriptions: SchemaDescriptions.step)),
      (
        "loop",
        closedMapping(
          keys: Parser.loopKeys, descriptions: SchemaDescriptions.loop, required: ["steps"],
          value: { key in
            switch key {
            case "max": return integer(in: 1...1000)
            case "while": return ref("expression")
            case "steps": return ref("steps")
            default: return .object([])
            }
          })
      ),
      (
        "vocabularyStatement",
        described(
          stepMapping(
            commonKeys: SpecVocabulary.statementKeys, descriptions: SchemaDescriptions.vocabularyStatement,
            required: ["code"],
            extra: [("anyOf", .array(Parser.actionKeys.map { .object([("required", .strings([$0]))]) }))]),
          "A C statement and the step it becomes: code, optionally at, name and note, and one action.")
      ),
    ]
  }

  /// A step as a mapping whose keys are `commonKeys`, the actions and their modifiers.
  static func stepMapping(
    commonKeys: [String], descriptions: [String: String], required: [String] = [],
    extra: [(key: String, value: JSONValue)] = []
  ) -> JSONValue {
    typealias Parser = SpecDocumentParser
    let keys = commonKeys + Parser.actionKeys + Parser.modifierKeys
    return closedMapping(
      keys: keys, descriptions: descriptions.merging(actionDescriptions) { own, _ in own }, required: required,
      value: { key in
        if commonKeys.contains(key) { return key == "label" || key == "name" ? ref("name") : ref("text") }
        switch key {
        case "into", "property": return ref("name")
        case "then", "else": return ref("steps")
        default: return actionValue(key)
        }
      },
      extra: [("minProperties", .integer(1)), ("dependencies", actionDependencies(commonKeys: commonKeys))] + extra)
  }

  /// The descriptions of the action and modifier keys.
  static var actionDescriptions: [String: String] {
    var result = SchemaDescriptions.step
    for operation in Operation.allCases {
      result[operation.rawValue] = SchemaDescriptions.operations[operation]
    }
    return result
  }

  /// What each action allows beside it (the common keys and its modifiers, so one action per
  /// step) and needs; and, for each modifier, the actions it needs one of.
  static func actionDependencies(commonKeys: [String]) -> JSONValue {
    typealias Parser = SpecDocumentParser
    var pairs: [(key: String, value: JSONValue)] = Parser.actionKeys.map { action in
      let modifiers = Parser.modifierKeys.filter { Parser.modifier($0, fits: action) }
      var required: [String] = []
      if Parser.intoRule(action).required { required.append("into") }
      if action == "if" { required.append("then") }
      var schema: [(key: String, value: JSONValue)] = [
        ("propertyNames", enumeration(commonKeys + [action] + modifiers))
      ]
      if !required.isEmpty { schema.append(("required", .strings(required))) }
      return (action, .object(schema))
    }
    for modifier in Parser.modifierKeys {
      let owners = Parser.actionKeys.filter { Parser.modifier(modifier, fits: $0) }
      pairs.append((modifier, .object([("anyOf", .array(owners.map { .object([("required", .strings([$0]))]) }))])))
    }
    return .object(pairs)
  }

  /// The value an action key takes.
  static func actionValue(_ action: String) -> JSONValue {
    if let operation = Operation(rawValue: action) {
      guard operation == .free || operation == .use else { return ref("name") }
      return .object([("anyOf", .array([ref("name"), list(ref("name"), atLeastOne: true)]))])
    }
    switch action {
    case "assign":
      return .object([
        ("type", .string("object")), ("minProperties", .integer(1)), ("propertyNames", ref("name")),
        ("additionalProperties", ref("expression")),
      ])
    case "assert", "await", "if": return ref("expression")
    case "loop": return ref("loop")
    case "goto", "call": return ref("name")
    case "choose":
      return .object([
        ("type", .string("array")), ("minItems", .integer(2)), ("items", ref("steps")),
      ])
    case "atomic": return list(ref("step"), atLeastOne: true)
    case "return": return .object([("anyOf", .array([ref("expression"), .object([("type", .string("null"))])]))])
    case "break", "continue": return .object([("type", .string("null"))])
    default: return .object([])
    }
  }
}
