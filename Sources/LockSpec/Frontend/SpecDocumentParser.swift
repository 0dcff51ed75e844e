import LockCheck

/// Builds a `SpecDocument` from located YAML nodes, checking keys and value types. It reports
/// every problem it finds and keeps going with what it could read.
struct SpecDocumentParser {
  let path: String
  var log = DiagnosticLog()
  /// Values given on the command line (`--param name=value`) for the spec's parameters.
  let overrides: [String: Int]
  /// The parameters read so far, by name: an integer key may name one.
  var parameters: [String: Int] = [:]

  init(path: String, overrides: [String: Int] = [:]) {
    self.path = path
    self.overrides = overrides
  }

  static let topLevelKeys = [
    "spec", "title", "description", "sources", "params", "state", "procedures", "threads", "properties",
    "vocabulary",
  ]
  static let parameterKeys = ["default", "min", "max", "description"]

  mutating func document(_ root: YAMLNode) -> SpecDocument {
    var document = SpecDocument(path: path, location: root.location)
    guard case .mapping(let pairs) = root.content else {
      let found = root.kindDescription == "a scalar" ? "a string" : root.kindDescription
      log.error("expected a mapping at the top level, found \(found)", at: root.location)
      return document
    }
    let keys = checkKeys(pairs, allowed: Self.topLevelKeys, in: "the spec")
    if let node = keys["spec"], let name = string(node, for: "spec") {
      document.name = Located(name, at: node.location)
    }
    if let node = keys["title"] { document.title = string(node, for: "title") }
    if let node = keys["description"] { document.description = string(node, for: "description") }
    if let node = keys["sources"] {
      document.sources = list(node, for: "sources").compactMap { string($0, for: "sources") }
    }
    if let node = keys["params"], let entries = mapping(node, for: "params") {
      document.params = entries.compactMap { parameter($0) }
    }
    if let node = keys["state"] {
      document.state = variables(node, for: "state")
    }
    if let node = keys["procedures"], let entries = mapping(node, for: "procedures") {
      document.procedures = entries.compactMap { procedure($0) }
    }
    if let node = keys["threads"] {
      if let entries = mapping(node, for: "threads") {
        document.threads = entries.compactMap { thread($0) }
        if entries.isEmpty { log.error("'threads' needs at least one thread", at: node.location) }
      }
    } else {
      log.error("missing required key 'threads'", at: root.location)
    }
    if let node = keys["properties"] {
      document.properties = list(node, for: "properties").compactMap { property($0) }
    }
    // What patch lines mean in this spec (docs/patch-check.md); checked here, not part of the model.
    if let node = keys["vocabulary"] { _ = SpecVocabulary.parse(node, parser: &self) }
    return document
  }

  // MARK: - Parameters

  /// The largest magnitude of a parameter's value (as of an `int` bound).
  static let parameterLimit = (1 << 62) - 1

  mutating func parameter(_ pair: YAMLNode.Pair) -> ParameterDeclaration? {
    guard let name = identifier(pair.key, what: "parameter name") else { return nil }
    guard let entries = mapping(pair.value, for: name.value) else { return nil }
    let keys = checkKeys(entries, allowed: Self.parameterKeys, in: "a parameter")
    guard let defaultNode = keys["default"] else {
      log.error("parameter '\(name.value)' needs a 'default'", at: name.location)
      return nil
    }
    guard let defaultValue = integer(defaultNode, for: "default") else { return nil }
    let low = keys["min"].flatMap { integer($0, for: "min") }?.value ?? -Self.parameterLimit
    let high = keys["max"].flatMap { integer($0, for: "max") }?.value ?? Self.parameterLimit
    guard low <= high, (-Self.parameterLimit...Self.parameterLimit).contains(low),
      (-Self.parameterLimit...Self.parameterLimit).contains(high)
    else {
      log.error(
        "parameter '\(name.value)': 'min' must not exceed 'max', both within ±\(Self.parameterLimit)",
        at: name.location)
      return nil
    }
    guard (low...high).contains(defaultValue.value) else {
      log.error(
        "the default \(defaultValue.value) of parameter '\(name.value)' is outside \(low)...\(high)",
        at: defaultValue.location)
      return nil
    }
    guard parameters[name.value] == nil else {
      log.error("duplicate parameter '\(name.value)'", at: name.location)
      return nil
    }
    var value = defaultValue.value
    if let override = overrides[name.value] {
      if (low...high).contains(override) {
        value = override
      } else {
        // Reported once; the default stands in so that its uses are not reported too.
        log.error(
          "--param \(name.value)=\(override) is outside the parameter's range \(low)...\(high)", at: name.location)
      }
    }
    parameters[name.value] = value
    return ParameterDeclaration(
      name: name.value, value: value, defaultValue: defaultValue.value, range: low...high,
      description: keys["description"].flatMap { string($0, for: "description") }, location: name.location)
  }

  // MARK: - Variables

  static let variableKeys = ["type", "writer_priority", "max_read_holds", "min", "max", "values", "initial"]

  static func keys(of kind: VariableKind) -> [String] {
    switch kind {
    case .rwsem: return ["type", "writer_priority", "max_read_holds"]
    case .mutex, .spinlock: return ["type"]
    case .counter: return ["type", "max", "initial"]
    case .flag, .resource, .bool: return ["type", "initial"]
    case .int: return ["type", "min", "max", "initial"]
    case .enumeration: return ["type", "values", "initial"]
    }
  }

  /// The keys a variable of type `kind` must have besides `type`.
  static func requiredKeys(of kind: VariableKind) -> [String] {
    switch kind {
    case .counter: return ["max"]
    case .int: return ["min", "max"]
    case .enumeration: return ["values"]
    default: return []
    }
  }

  mutating func variables(_ node: YAMLNode, for key: String) -> [VariableDeclaration] {
    guard let entries = mapping(node, for: key) else { return [] }
    return entries.compactMap { variable($0) }
  }

  mutating func variable(_ pair: YAMLNode.Pair) -> VariableDeclaration? {
    guard let name = identifier(pair.key, what: "variable name") else { return nil }
    guard let entries = mapping(pair.value, for: name.value) else { return nil }
    let keys = checkKeys(entries, allowed: Self.variableKeys, in: "a variable")
    guard let typeNode = keys["type"] else {
      log.error("variable '\(name.value)' needs a 'type'", at: name.location)
      return nil
    }
    guard let typeName = string(typeNode, for: "type") else { return nil }
    guard let kind = VariableKind(rawValue: typeName) else {
      let all = VariableKind.allCases.map(\.rawValue)
      let hint = NameSuggestion.hint(for: typeName, in: all)
      log.error(
        "unknown type '\(typeName)'\(hint.isEmpty ? "; expected one of \(all.joined(separator: ", "))" : hint)",
        at: typeNode.location)
      return nil
    }
    var declaration = VariableDeclaration(name: name.value, kind: kind, location: name.location)
    let applicable = Self.keys(of: kind)
    for entry in entries {
      if let key = entry.key.scalar, Self.variableKeys.contains(key), !applicable.contains(key) {
        log.error("'\(key)' does not apply to \(kind.withArticle)", at: entry.key.location)
      }
    }
    if applicable.contains("writer_priority"), let node = keys["writer_priority"] {
      declaration.writerPriority = bool(node, for: "writer_priority")
    }
    if applicable.contains("max_read_holds"), let node = keys["max_read_holds"] {
      declaration.maxReadHolds = integer(node, for: "max_read_holds")
    }
    if applicable.contains("min"), let node = keys["min"] { declaration.min = integer(node, for: "min") }
    if applicable.contains("max"), let node = keys["max"] { declaration.max = integer(node, for: "max") }
    if applicable.contains("values"), let node = keys["values"] {
      declaration.cases = list(node, for: "values").compactMap { identifier($0, what: "enum case") }
    }
    if applicable.contains("initial"), let node = keys["initial"] {
      declaration.initial = initial(node)
    }
    for key in Self.requiredKeys(of: kind) where keys[key] == nil {
      log.error("\(kind.withArticle) needs '\(key)'", at: name.location)
    }
    return declaration
  }

  mutating func initial(_ node: YAMLNode) -> Located<InitialValue>? {
    switch node.content {
    case .scalar(let text, let plain):
      if node.isNull {
        log.error("expected a value for 'initial', found nothing", at: node.location)
        return nil
      }
      if plain && text == "any" { return Located(.any, at: node.location) }
      return Located(.values([Located(text, at: node.location)]), at: node.location)
    case .sequence(let items):
      if items.isEmpty {
        log.error("'initial' needs at least one value", at: node.location)
        return nil
      }
      let values = items.compactMap { item -> Located<String>? in
        guard let text = scalarText(item, for: "initial") else { return nil }
        return Located(text, at: item.location)
      }
      return values.count == items.count ? Located(.values(values), at: node.location) : nil
    case .mapping:
      log.error("expected a value or a list for 'initial', found a mapping", at: node.location)
      return nil
    }
  }

  // MARK: - Threads and procedures

  static let threadKeys = ["count", "locals", "steps"]
  static let procedureKeys = ["locals", "returns", "steps"]

  mutating func thread(_ pair: YAMLNode.Pair) -> ThreadDeclaration? {
    guard let name = identifier(pair.key, what: "thread name") else { return nil }
    guard let entries = mapping(pair.value, for: name.value) else { return nil }
    let keys = checkKeys(entries, allowed: Self.threadKeys, in: "a thread")
    var thread = ThreadDeclaration(name: name.value, steps: [], location: name.location)
    if let node = keys["count"], let count = integer(node, for: "count") {
      if count.value < 1 || count.value > 64 {
        log.error("'count' must be between 1 and 64", at: node.location)
      } else {
        thread.count = count
      }
    }
    if let node = keys["locals"] { thread.locals = variables(node, for: "locals") }
    if let node = keys["steps"] {
      thread.steps = steps(node, for: "steps")
    } else {
      log.error("thread '\(name.value)' needs 'steps'", at: name.location)
    }
    return thread
  }

  mutating func procedure(_ pair: YAMLNode.Pair) -> ProcedureDeclaration? {
    guard let name = identifier(pair.key, what: "procedure name") else { return nil }
    guard let entries = mapping(pair.value, for: name.value) else { return nil }
    let keys = checkKeys(entries, allowed: Self.procedureKeys, in: "a procedure")
    var procedure = ProcedureDeclaration(name: name.value, steps: [], location: name.location)
    if let node = keys["locals"] { procedure.locals = variables(node, for: "locals") }
    if let node = keys["returns"], let text = string(node, for: "returns") {
      if let type = ReturnType(rawValue: text) {
        procedure.returns = Located(type, at: node.location)
      } else {
        log.error("unknown return type '\(text)'; expected bool or int", at: node.location)
      }
    }
    if let node = keys["steps"] {
      procedure.steps = steps(node, for: "steps")
    } else {
      log.error("procedure '\(name.value)' needs 'steps'", at: name.location)
    }
    return procedure
  }

  // MARK: - Properties

  static let propertyKeys = [
    "name", "description", "check", "condition", "from", "to", "fairness", "threads", "resources", "locks", "expect",
  ]
  /// The verdicts an `expect:` may name.
  static let expectedVerdicts = ["holds", "violated"]
  static let checkNames = [
    "never", "always", "reachable", "no_use_after_free", "no_double_free", "lock_discipline", "deadlock_free",
    "assertions", "eventually", "leads_to",
  ]

  mutating func property(_ node: YAMLNode) -> PropertyDeclaration? {
    guard case .mapping(let entries) = node.content else {
      log.error("expected a mapping for a property, found \(describe(node))", at: node.location)
      return nil
    }
    let keys = checkKeys(entries, allowed: Self.propertyKeys, in: "a property")
    guard let nameNode = keys["name"] else {
      log.error("a property needs a 'name'", at: node.location)
      return nil
    }
    guard let name = identifier(nameNode, what: "property name") else { return nil }
    guard let checkNode = keys["check"] else {
      log.error("property '\(name.value)' needs a 'check'", at: node.location)
      return nil
    }
    guard let checkName = string(checkNode, for: "check") else { return nil }
    guard let check = PropertyKind(rawValue: checkName) else {
      let hint = NameSuggestion.hint(for: checkName, in: Self.checkNames)
      log.error(
        "unknown check '\(checkName)'\(hint.isEmpty ? "; expected one of \(Self.checkNames.joined(separator: ", "))" : hint)",
        at: checkNode.location)
      return nil
    }
    var property = PropertyDeclaration(
      name: name, check: Located(check, at: checkNode.location), location: node.location)
    if let node = keys["description"] { property.description = string(node, for: "description") ?? "" }
    if let node = keys["condition"] { property.condition = expression(node, for: "condition") }
    if let node = keys["from"] { property.from = expression(node, for: "from") }
    if let node = keys["to"] { property.to = expression(node, for: "to") }
    if let node = keys["fairness"], let text = string(node, for: "fairness") {
      if let fairness = Fairness(rawValue: text) {
        property.fairness = Located(fairness, at: node.location)
      } else {
        log.error("'fairness' must be weak or none, found '\(text)'", at: node.location)
      }
    }
    if let node = keys["threads"] { property.threads = names(node, for: "threads", what: "thread name") }
    if let node = keys["resources"] { property.resources = names(node, for: "resources", what: "variable name") }
    if let node = keys["locks"] { property.locks = names(node, for: "locks", what: "variable name") }
    if let node = keys["expect"], let text = string(node, for: "expect") {
      if Self.expectedVerdicts.contains(text) {
        property.expect = Verdict(rawValue: text)
      } else {
        log.error("'expect' must be holds or violated, found '\(text)'", at: node.location)
      }
    }
    return property
  }

  // MARK: - Value helpers

  /// Checks a mapping's keys; returns the value node of each known key.
  mutating func checkKeys(_ pairs: [YAMLNode.Pair], allowed: [String], in context: String) -> [String: YAMLNode] {
    var result: [String: YAMLNode] = [:]
    for pair in pairs {
      guard let key = pair.key.scalar, !pair.key.isNull else {
        log.error("expected a name as key, found \(describe(pair.key))", at: pair.key.location)
        continue
      }
      if allowed.contains(key) {
        if result[key] == nil { result[key] = pair.value }
      } else {
        let hint = NameSuggestion.hint(for: key, in: allowed)
        log.error("unknown key '\(key)' in \(context)\(hint)", at: pair.key.location)
      }
    }
    return result
  }

  /// How messages name what a node is: "a mapping", "a list", "nothing", or the scalar quoted.
  func describe(_ node: YAMLNode) -> String {
    if node.isNull { return "nothing" }
    if let text = node.scalar {
      let short = text.count > 40 ? String(text.prefix(40)) + "..." : text
      return "'\(short)'"
    }
    return node.kindDescription
  }

  mutating func mapping(_ node: YAMLNode, for key: String) -> [YAMLNode.Pair]? {
    if case .mapping(let pairs) = node.content { return pairs }
    if node.isNull { return [] }
    log.error("expected a mapping for '\(key)', found \(describe(node))", at: node.location)
    return nil
  }

  mutating func list(_ node: YAMLNode, for key: String) -> [YAMLNode] {
    if case .sequence(let items) = node.content { return items }
    if node.isNull { return [] }
    log.error("expected a list for '\(key)', found \(describe(node))", at: node.location)
    return []
  }

  /// Scalar text that is not null.
  mutating func scalarText(_ node: YAMLNode, for key: String) -> String? {
    if let text = node.scalar, !node.isNull { return text }
    log.error("expected a value for '\(key)', found \(describe(node))", at: node.location)
    return nil
  }

  mutating func string(_ node: YAMLNode, for key: String) -> String? {
    if let text = node.scalar, !node.isNull { return text }
    log.error("expected a string for '\(key)', found \(describe(node))", at: node.location)
    return nil
  }

  mutating func integer(_ node: YAMLNode, for key: String) -> Located<Int>? {
    if let text = node.scalar, !node.isNull {
      if let value = Int(text) { return Located(value, at: node.location) }
      if let value = parameters[text] { return Located(value, at: node.location) }
      let digits = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
      if !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
        log.error("integer \(text) is too large", at: node.location)
        return nil
      }
    }
    log.error("expected an integer for '\(key)', found \(describe(node))", at: node.location)
    return nil
  }

  mutating func bool(_ node: YAMLNode, for key: String) -> Bool? {
    if node.scalar == "true" { return true }
    if node.scalar == "false" { return false }
    log.error("expected true or false for '\(key)', found \(describe(node))", at: node.location)
    return nil
  }

  static func isIdentifier(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return text.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
    }
  }

  mutating func identifier(_ node: YAMLNode, what: String) -> Located<String>? {
    guard let text = node.scalar, !node.isNull else {
      log.error("expected a \(what), found \(describe(node))", at: node.location)
      return nil
    }
    guard Self.isIdentifier(text) else {
      log.error(
        "'\(text)' is not a valid \(what) (letters, digits and _, not starting with a digit)", at: node.location)
      return nil
    }
    return Located(text, at: node.location)
  }

  /// A name or a list of names.
  mutating func names(_ node: YAMLNode, for key: String, what: String) -> [Located<String>] {
    if case .sequence(let items) = node.content {
      return items.compactMap { threadOrVariableName($0, what: what) }
    }
    return threadOrVariableName(node, what: what).map { [$0] } ?? []
  }

  /// An identifier, or `name[index]` for a thread instance.
  private mutating func threadOrVariableName(_ node: YAMLNode, what: String) -> Located<String>? {
    if what == "thread name", let text = node.scalar, let open = text.firstIndex(of: "["), text.last == "]" {
      let base = String(text[..<open])
      let index = text[text.index(after: open)..<text.index(before: text.endIndex)]
      if Self.isIdentifier(base), !index.isEmpty, index.allSatisfy({ $0.isASCII && $0.isNumber }) {
        return Located(text, at: node.location)
      }
    }
    return identifier(node, what: what)
  }

  mutating func expression(_ node: YAMLNode, for key: String) -> ExpressionSource? {
    guard let text = node.scalar, !node.isNull else {
      log.error("expected an expression for '\(key)', found \(describe(node))", at: node.location)
      return nil
    }
    return ExpressionSource(text, at: node.location, textColumn: node.textColumn)
  }
}
