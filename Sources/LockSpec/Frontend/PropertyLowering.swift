import LockCheck

/// The model's properties by name: declared ones in order, then the implicit ones.
struct PropertyTable {
  struct Entry {
    var index: Int
    var kind: PropertyKind
  }

  /// Kinds every model checks; each one a spec does not declare is added, unscoped, under its name.
  static let implicitKinds: [PropertyKind] = [
    .noUseAfterFree, .noDoubleFree, .lockDiscipline, .deadlockFree, .assertions,
  ]
  static let maxProperties = 64

  var entries: [String: Entry] = [:]
  var names: [String] = []
  /// Declared properties kept (index into `SpecDocument.properties`), in order.
  var declared: [Int] = []
  var implicit: [PropertyKind] = []

  init(document: SpecDocument, log: inout DiagnosticLog) {
    var firstLine: [String: Int] = [:]
    for (index, property) in document.properties.enumerated() {
      let name = property.name.value
      if let line = firstLine[name] {
        log.error("duplicate property '\(name)' (first at line \(line))", at: property.name.location)
        continue
      }
      firstLine[name] = property.name.location.line
      if let reserved = PropertyKind(rawValue: name), Self.implicitKinds.contains(reserved),
        property.check.value != reserved
      {
        log.error("a property named '\(name)' must have check: \(name)", at: property.name.location)
        continue
      }
      add(name, kind: property.check.value)
      declared.append(index)
    }
    let declaredKinds = Set(document.properties.map(\.check.value.rawValue))
    for kind in Self.implicitKinds where !declaredKinds.contains(kind.rawValue) && entries[kind.rawValue] == nil {
      add(kind.rawValue, kind: kind)
      implicit.append(kind)
    }
    if names.count > Self.maxProperties {
      let location =
        document.properties.count > Self.maxProperties
        ? document.properties[Self.maxProperties].location : document.location
      log.error(
        "too many properties: \(names.count) with the implicit ones; at most \(Self.maxProperties)", at: location)
    }
  }

  private mutating func add(_ name: String, kind: PropertyKind) {
    entries[name] = Entry(index: names.count, kind: kind)
    names.append(name)
  }
}

/// Lowers the property declarations (conditions, scopes) and appends the implicit properties.
struct PropertyLowering {
  let document: SpecDocument
  let symbols: SymbolTable
  let table: PropertyTable
  let checker: ExpressionChecker
  var log = DiagnosticLog()

  init(document: SpecDocument, symbols: SymbolTable, table: PropertyTable, labelPCs: @escaping (Int, String) -> [Int]) {
    self.document = document
    self.symbols = symbols
    self.table = table
    self.checker = ExpressionChecker(symbols: symbols, document: document, thread: nil, labelPCs: labelPCs)
  }

  mutating func lower() -> [PropertyIR] {
    var result: [PropertyIR] = []
    for index in table.declared {
      let property = document.properties[index]
      result.append(
        PropertyIR(
          name: property.name.value, check: check(property), expect: property.expect,
          description: property.description, line: property.location.line))
    }
    for kind in table.implicit {
      let check: PropertyCheck
      switch kind {
      case .noUseAfterFree: check = .noUseAfterFree(threads: nil, resources: nil)
      case .noDoubleFree: check = .noDoubleFree(threads: nil, resources: nil)
      case .lockDiscipline: check = .lockDiscipline(threads: nil, locks: nil)
      case .deadlockFree: check = .deadlockFree
      default: check = .assertions(rangeErrors: true)
      }
      result.append(PropertyIR(name: kind.rawValue, check: check, expect: .holds, description: "", line: 0))
    }
    return result
  }

  private mutating func check(_ property: PropertyDeclaration) -> PropertyCheck {
    let kind = property.check.value
    let usesCondition = kind == .never || kind == .always || kind == .reachable || kind == .eventually
    let scopes: [(key: String, value: [Located<String>]?, applies: Bool)] = [
      ("threads", property.threads, [.noUseAfterFree, .noDoubleFree, .lockDiscipline].contains(kind)),
      ("resources", property.resources, [.noUseAfterFree, .noDoubleFree].contains(kind)),
      ("locks", property.locks, kind == .lockDiscipline),
    ]
    for scope in scopes where scope.value != nil && !scope.applies {
      log.error(
        "'\(scope.key)' does not apply to check \(kind.rawValue)", at: scope.value?.first?.location ?? property.location
      )
    }
    var condition: Expr = .bool(true)
    if usesCondition {
      if let source = property.condition {
        condition = checker.check(source, expected: .bool, log: &log) ?? .bool(true)
      } else {
        log.error("check \(kind.rawValue) needs a 'condition'", at: property.check.location)
      }
    } else if let source = property.condition {
      log.error("'condition' does not apply to check \(kind.rawValue)", at: source.location)
    }
    /// `from` or `to`: required by leads_to, an error anywhere else.
    func endpoint(_ key: String, _ source: ExpressionSource?) -> Expr {
      guard kind == .leadsTo else {
        if let source { log.error("'\(key)' does not apply to check \(kind.rawValue)", at: source.location) }
        return .bool(true)
      }
      guard let source else {
        log.error("check leads_to needs '\(key)'", at: property.check.location)
        return .bool(true)
      }
      return checker.check(source, expected: .bool, log: &log) ?? .bool(true)
    }
    let from = endpoint("from", property.from)
    let to = endpoint("to", property.to)
    if let fairness = property.fairness, !kind.isLiveness {
      log.error("'fairness' applies only to eventually and leads_to", at: fairness.location)
    }
    let fairness = property.fairness?.value ?? .weak
    let threads = property.threads.map { threadIndices($0) }
    let resources = property.resources.map { variableIndices($0, kinds: [.resource], expected: "a resource") }
    let locks = property.locks.map {
      variableIndices($0, kinds: [.rwsem, .mutex, .spinlock], expected: "a lock (rwsem, mutex or spinlock)")
    }
    switch kind {
    case .never: return .never(condition)
    case .always: return .always(condition)
    case .reachable: return .reachable(condition)
    case .noUseAfterFree: return .noUseAfterFree(threads: threads, resources: resources)
    case .noDoubleFree: return .noDoubleFree(threads: threads, resources: resources)
    case .lockDiscipline: return .lockDiscipline(threads: threads, locks: locks)
    case .deadlockFree: return .deadlockFree
    case .assertions: return .assertions(rangeErrors: property.name.value == "assertions")
    case .eventually: return .eventually(condition, fairness: fairness)
    case .leadsTo: return .leadsTo(from: from, to: to, fairness: fairness)
    }
  }

  /// Thread instances named by a scope list (a template name means all its instances).
  private mutating func threadIndices(_ names: [Located<String>]) -> [Int] {
    var result: [Int] = []
    for name in names {
      var base = name.value
      var index: Int?
      if let open = base.firstIndex(of: "["), base.last == "]" {
        guard let number = Int(base[base.index(after: open)..<base.index(before: base.endIndex)]) else {
          log.error("invalid thread instance '\(name.value)'", at: name.location)
          continue
        }
        index = number
        base = String(base[..<open])
      }
      if index == nil, let instances = symbols.instances[base] {
        result += instances.filter { !result.contains($0) }
        continue
      }
      switch checker.threadInstance(base, index: index) {
      case .found(let instance):
        if !result.contains(instance) { result.append(instance) }
      case .failed(let message):
        log.error(message, at: name.location)
      }
    }
    return result
  }

  private mutating func variableIndices(
    _ names: [Located<String>], kinds: [VariableKind], expected: String
  ) -> [Int] {
    var result: [Int] = []
    for name in names {
      guard let variable = symbols.shared[name.value] else {
        let hint = NameSuggestion.hint(for: name.value, in: symbols.visibleNames(in: nil))
        if !symbols.invalidNames.contains(name.value) {
          log.error("undefined variable '\(name.value)'\(hint)", at: name.location)
        }
        continue
      }
      guard let kind = symbols.kinds[variable], kinds.contains(kind) else {
        log.error("\(name.value) is \(checker.kindDescription(of: variable)), expected \(expected)", at: name.location)
        continue
      }
      if !result.contains(variable) { result.append(variable) }
    }
    return result
  }
}
