/// The model's symbol table: every variable with its index, type and initial values (shared
/// state, then each thread instance's locals and hidden loop counters), the thread instances, and
/// which labels each thread can reach.
struct SymbolTable {
  /// A thread instance and the names it sees.
  struct ThreadInstance {
    var name: String
    /// Index into `SpecDocument.threads`.
    var template: Int
    /// Local name → variable index (thread locals, then procedure locals).
    var locals: [String: Int] = [:]
    /// Loop key (see `loopKey`) → hidden counter variable index.
    var loopCounters: [String: Int] = [:]
  }

  var variables: [VariableIR] = []
  /// The declared kind of each variable (parallel to `variables`; nil for hidden counters).
  var kinds: [VariableKind?] = []
  var shared: [String: Int] = [:]
  /// Names of declarations that failed (already reported): uses of them are not reported again
  /// as undefined.
  var invalidNames: Set<String> = []
  var threads: [ThreadInstance] = []
  /// Template name → indices of its instances.
  var instances: [String: [Int]] = [:]
  /// Procedure name → index in `SpecDocument.procedures` (first declaration).
  var procedures: [String: Int] = [:]
  /// Template index → procedures it calls, directly or not, in first-call order.
  var callOrder: [[String]] = []
  /// Label → the thread templates whose code contains it (directly or through procedures).
  var labelOwners: [String: Set<Int>] = [:]
  /// Every label in the spec, for suggestions.
  var allLabels: [String] = []

  /// Most initial values one variable may enumerate.
  static let maxInitialValues = 4096
  /// The bounds of an `int` or `counter` lie within ±(2^62 − 1), so every range has fewer than
  /// 2^63 values and a stored value plus or minus one never leaves the 64-bit integers.
  static let valueLimit = (1 << 62) - 1

  /// An error unless `bound` lies within ±`valueLimit`.
  private static func withinLimit(_ bound: Located<Int>, _ what: String, log: inout DiagnosticLog) -> Bool {
    guard (-valueLimit...valueLimit).contains(bound.value) else {
      log.error(
        "\(what) is \(bound.value); bounds must lie within ±\(valueLimit) (2^62 − 1)", at: bound.location)
      return false
    }
    return true
  }

  /// The key identifying a loop (its location), shared by all inlined copies of the loop.
  static func loopKey(_ step: Step) -> String { step.location.description }

  /// The spec's parameters by name, with their values.
  var parameters: [String: Int] = [:]

  init(document: SpecDocument, log: inout DiagnosticLog) {
    for parameter in document.params { parameters[parameter.name] = parameter.value }
    for (index, procedure) in document.procedures.enumerated() where procedures[procedure.name] == nil {
      procedures[procedure.name] = index
    }
    for declaration in document.state {
      if shared[declaration.name] != nil { continue }
      guard let (type, initial) = Self.resolve(declaration, parameters: parameters, log: &log) else {
        invalidNames.insert(declaration.name)
        continue
      }
      shared[declaration.name] = variables.count
      variables.append(VariableIR(name: declaration.name, type: type, owner: nil, initial: initial))
      kinds.append(declaration.kind)
    }
    let localNames = Set((document.procedures.flatMap(\.locals) + document.threads.flatMap(\.locals)).map(\.name))
    for parameter in document.params
    where shared[parameter.name] != nil || localNames.contains(parameter.name)
      || document.threads.contains(where: { $0.name == parameter.name })
    {
      log.error(
        "parameter '\(parameter.name)' has the name of a variable or thread; rename one of them",
        at: parameter.location)
    }
    for declaration in document.procedures.flatMap(\.locals) + document.threads.flatMap(\.locals) {
      if declaration.kind.isLock {
        log.error(
          "locks may only be shared state; declare '\(declaration.name)' under 'state'", at: declaration.location)
      } else if shared[declaration.name] != nil {
        log.error("local '\(declaration.name)' shadows the shared variable of that name", at: declaration.location)
      }
    }
    for (templateIndex, template) in document.threads.enumerated() {
      var order: [String] = []
      var loops: [LoopCounter] = []
      var labels: Set<String> = []
      collect(
        template.steps, document: document, order: &order, loops: &loops, labels: &labels, active: [])
      callOrder.append(order)
      for label in labels { labelOwners[label, default: []].insert(templateIndex) }
      instances[template.name] = []
      let count = template.instanceCount
      for instance in 0..<count {
        let name = count == 1 ? template.name : "\(template.name)[\(instance)]"
        var thread = ThreadInstance(name: name, template: templateIndex)
        let owner = threads.count
        var declarations = template.locals.map { (declaration: $0, procedure: String?.none) }
        for procedureName in order {
          guard let index = procedures[procedureName] else { continue }
          declarations += document.procedures[index].locals.map { ($0, procedureName) }
        }
        var declared: [String: VariableDeclaration] = [:]
        for (declaration, procedure) in declarations where !declaration.kind.isLock {
          if shared[declaration.name] != nil { continue }
          if let previous = declared[declaration.name] {
            if !Self.sameType(previous, declaration), let procedure {
              log.error(
                "local '\(declaration.name)' of procedure '\(procedure)' conflicts with another local of that name "
                  + "in thread '\(template.name)' (a different type)", at: declaration.location)
            }
            continue
          }
          guard let (type, initial) = Self.resolve(declaration, parameters: parameters, log: &log) else {
            invalidNames.insert(declaration.name)
            continue
          }
          declared[declaration.name] = declaration
          thread.locals[declaration.name] = variables.count
          variables.append(
            VariableIR(name: "\(name).\(declaration.name)", type: type, owner: owner, initial: initial))
          kinds.append(declaration.kind)
        }
        for loop in loops {
          guard let max = loop.max else { continue }
          thread.loopCounters[loop.key] = variables.count
          variables.append(
            VariableIR(name: "\(name).\(loop.base)#iter", type: .int(min: 0, max: max), owner: owner, initial: [0])
          )
          kinds.append(nil)
        }
        instances[template.name, default: []].append(threads.count)
        threads.append(thread)
      }
    }
    var seen: Set<String> = []
    func gather(_ steps: [Step]) {
      for step in steps {
        if let label = step.label?.value, seen.insert(label).inserted { allLabels.append(label) }
        for nested in Self.nestedStepLists(step) { gather(nested) }
      }
    }
    for thread in document.threads { gather(thread.steps) }
    for procedure in document.procedures { gather(procedure.steps) }
  }

  /// A loop found while walking a thread's code: its key, counter name base and bound.
  private struct LoopCounter {
    var key: String
    var base: String
    /// nil for a loop without `max` (no counter).
    var max: Int?
  }

  /// Walks steps in lowering order: procedures in first-call order, loops and labels.
  private func collect(
    _ steps: [Step], document: SpecDocument, order: inout [String], loops: inout [LoopCounter],
    labels: inout Set<String>, active: [String]
  ) {
    for step in steps {
      if let label = step.label?.value { labels.insert(label) }
      switch step.action {
      case .loop(let loop):
        let key = Self.loopKey(step)
        if !loops.contains(where: { $0.key == key }) {
          let base = step.label?.value ?? "loop\(loops.count + 1)"
          loops.append(LoopCounter(key: key, base: base, max: loop.max?.value))
        }
      case .call(let name, _):
        // A procedure already walked for this thread adds nothing new (loops are keyed by location).
        guard let index = procedures[name.value], !active.contains(name.value), !order.contains(name.value)
        else { break }
        order.append(name.value)
        collect(
          document.procedures[index].steps, document: document, order: &order, loops: &loops, labels: &labels,
          active: active + [name.value])
      default: break
      }
      for nested in Self.nestedStepLists(step) {
        collect(nested, document: document, order: &order, loops: &loops, labels: &labels, active: active)
      }
    }
  }

  /// The step lists nested in a step (then/else, loop body, choose branches, atomic group).
  static func nestedStepLists(_ step: Step) -> [[Step]] {
    switch step.action {
    case .ifThen(_, let thenSteps, let elseSteps): return [thenSteps] + (elseSteps.map { [$0] } ?? [])
    case .loop(let loop): return [loop.steps]
    case .choose(let branches): return branches
    case .atomic(let steps): return [steps]
    default: return []
    }
  }

  private static func sameType(_ a: VariableDeclaration, _ b: VariableDeclaration) -> Bool {
    a.kind == b.kind && a.min?.value == b.min?.value && a.max?.value == b.max?.value
      && a.cases?.map(\.value) == b.cases?.map(\.value)
  }

  // MARK: - Declarations

  /// The IR type and initial values of a declaration, or nil after reporting why not.
  static func resolve(
    _ declaration: VariableDeclaration, parameters: [String: Int] = [:], log: inout DiagnosticLog
  ) -> (VariableType, [Int])? {
    let name = declaration.name
    switch declaration.kind {
    case .rwsem:
      var holds = VariableType.defaultMaxReadHolds
      if let declared = declaration.maxReadHolds {
        guard VariableType.maxReadHoldsRange.contains(declared.value) else {
          log.error(
            "'max_read_holds' of rwsem '\(name)' must be between \(VariableType.maxReadHoldsRange.lowerBound) and "
              + "\(VariableType.maxReadHoldsRange.upperBound)", at: declared.location)
          return nil
        }
        holds = declared.value
      }
      return (.rwsem(writerPriority: declaration.writerPriority ?? true, maxReadHolds: holds), [0])
    case .mutex: return (.mutex, [0])
    case .spinlock: return (.spinlock, [0])
    case .counter:
      guard let max = declaration.max else { return nil }
      guard withinLimit(max, "'max' of counter '\(name)'", log: &log) else { return nil }
      guard max.value >= 1 else {
        log.error("'max' of counter '\(name)' must be at least 1", at: max.location)
        return nil
      }
      let initial = initialValues(declaration, range: 0...max.value, default: 0, log: &log) { text in
        Int(text) ?? parameters[text]
      }
      return initial.map { (.counter(max: max.value), $0) }
    case .int:
      guard let min = declaration.min, let max = declaration.max else { return nil }
      guard withinLimit(min, "'min' of int '\(name)'", log: &log), withinLimit(max, "'max' of int '\(name)'", log: &log)
      else { return nil }
      guard min.value <= max.value else {
        log.error("'min' of int '\(name)' must not exceed its 'max'", at: min.location)
        return nil
      }
      let initial = initialValues(declaration, range: min.value...max.value, default: min.value, log: &log) {
        Int($0) ?? parameters[$0]
      }
      return initial.map { (.int(min: min.value, max: max.value), $0) }
    case .bool, .flag:
      let initial = initialValues(declaration, range: 0...1, default: 0, log: &log) { text in
        text == "true" ? 1 : text == "false" ? 0 : nil
      }
      return initial.map { (declaration.kind == .bool ? .bool : .flag, $0) }
    case .resource:
      let initial = initialValues(declaration, range: 0...1, default: 0, log: &log) { text in
        text == "live" ? 0 : text == "freed" ? 1 : nil
      }
      return initial.map { (.resource, $0) }
    case .enumeration:
      guard let cases = declaration.cases else { return nil }
      guard !cases.isEmpty else {
        log.error("enum '\(name)' needs at least one value", at: declaration.location)
        return nil
      }
      var names: [String] = []
      for item in cases {
        if names.contains(item.value) {
          log.error("duplicate enum value '\(item.value)'", at: item.location)
          return nil
        }
        names.append(item.value)
      }
      let initial = initialValues(declaration, range: 0...(names.count - 1), default: 0, log: &log) {
        names.firstIndex(of: $0)
      }
      return initial.map { (.enumeration(cases: names), $0) }
    }
  }

  private static func expectedValues(_ declaration: VariableDeclaration, range: ClosedRange<Int>) -> String {
    switch declaration.kind {
    case .bool, .flag: return "true, false or any"
    case .resource: return "live, freed or any"
    case .enumeration: return "one of \((declaration.cases ?? []).map(\.value).joined(separator: ", ")) or any"
    default: return "an integer in \(range.lowerBound)...\(range.upperBound) or any"
    }
  }

  private static func initialValues(
    _ declaration: VariableDeclaration, range: ClosedRange<Int>, default value: Int, log: inout DiagnosticLog,
    parse: (String) -> Int?
  ) -> [Int]? {
    guard let initial = declaration.initial else { return [value] }
    switch initial.value {
    case .any:
      guard range.count <= maxInitialValues else {
        log.error(
          "'initial: any' would enumerate \(range.count) values; at most \(maxInitialValues)", at: initial.location)
        return nil
      }
      return Array(range)
    case .values(let items):
      var values: [Int] = []
      for item in items {
        guard let parsed = parse(item.value) else {
          log.error(
            "invalid initial value '\(item.value)' for \(declaration.kind.withArticle); expected "
              + expectedValues(declaration, range: range), at: item.location)
          return nil
        }
        guard range.contains(parsed) else {
          log.error(
            "initial value \(parsed) of '\(declaration.name)' is out of range \(range.lowerBound)...\(range.upperBound)",
            at: item.location)
          return nil
        }
        guard !values.contains(parsed) else {
          log.error("initial value '\(item.value)' is listed twice", at: item.location)
          return nil
        }
        values.append(parsed)
      }
      return values
    }
  }

  // MARK: - Lookups

  /// The variable a bare name means inside `thread` (its locals first), or in properties (nil).
  func variable(named name: String, in thread: Int?) -> Int? {
    if let thread, let local = threads[thread].locals[name] { return local }
    return shared[name]
  }

  /// Variable names visible from `thread`, for suggestions.
  func visibleNames(in thread: Int?) -> [String] {
    var names = variables.indices.filter { variables[$0].owner == nil }.map { variables[$0].name }
    if let thread {
      names += threads[thread].locals.keys.sorted()
    }
    return names
  }

  /// Whether the variable is a local of `thread`.
  func isLocal(_ variable: Int, of thread: Int) -> Bool {
    variables.indices.contains(variable) && variables[variable].owner == thread
  }
}
