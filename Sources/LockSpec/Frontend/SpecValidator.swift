/// Structural checks on the syntax tree that do not need types: reserved words used as names,
/// labels, `goto`, `break`, `continue` and `return` placement, what `atomic` may contain, calls
/// and recursion, and the syntax of every expression (also in procedures no thread calls).
struct SpecValidator {
  /// Words expressions and values give a meaning of their own: `true`, `false`, `any` and the
  /// expression functions (`done`, `freed`, `readers`, `write_locked`, `holds`). They cannot name
  /// a variable, local, thread, procedure, label or enum value.
  static let reservedWords: Set<String> = Set(["true", "false", "any"] + ExpressionParser.functions)

  let document: SpecDocument
  var log = DiagnosticLog()

  init(document: SpecDocument) {
    self.document = document
  }

  mutating func validate() {
    checkReservedNames()
    checkLabels()
    for thread in document.threads {
      checkScope(thread.steps, procedure: nil)
    }
    for procedure in document.procedures {
      checkScope(procedure.steps, procedure: procedure)
    }
    checkRecursion()
  }

  // MARK: - Reserved words

  private mutating func checkReservedNames() {
    func check(_ name: String, _ what: String, at location: SourceLocation, log: inout DiagnosticLog) {
      if Self.reservedWords.contains(name) {
        log.error("'\(name)' is a reserved word and cannot name \(what)", at: location)
      }
    }
    func checkVariables(_ variables: [VariableDeclaration], _ what: String, log: inout DiagnosticLog) {
      for variable in variables {
        check(variable.name, what, at: variable.location, log: &log)
        for value in variable.cases ?? [] { check(value.value, "an enum value", at: value.location, log: &log) }
      }
    }
    func checkLabels(_ steps: [Step], log: inout DiagnosticLog) {
      for step in steps {
        if let label = step.label { check(label.value, "a label", at: label.location, log: &log) }
        for nested in SymbolTable.nestedStepLists(step) { checkLabels(nested, log: &log) }
      }
    }
    checkVariables(document.state, "a variable", log: &log)
    for thread in document.threads {
      check(thread.name, "a thread", at: thread.location, log: &log)
      checkVariables(thread.locals, "a local", log: &log)
      checkLabels(thread.steps, log: &log)
    }
    for procedure in document.procedures {
      check(procedure.name, "a procedure", at: procedure.location, log: &log)
      checkVariables(procedure.locals, "a local", log: &log)
      checkLabels(procedure.steps, log: &log)
    }
  }

  // MARK: - Labels

  private mutating func checkLabels() {
    var first: [String: SourceLocation] = [:]
    func walk(_ steps: [Step], inAtomic: Bool) {
      for step in steps {
        if let label = step.label {
          if let previous = first[label.value] {
            log.error("duplicate label '\(label.value)' (first at line \(previous.line))", at: label.location)
          } else {
            first[label.value] = label.location
          }
          if inAtomic {
            log.error("a step inside 'atomic' cannot have a label; label the atomic step", at: label.location)
          }
        }
        let nestedAtomic: Bool
        if case .atomic = step.action { nestedAtomic = true } else { nestedAtomic = inAtomic }
        for nested in SymbolTable.nestedStepLists(step) { walk(nested, inAtomic: nestedAtomic) }
      }
    }
    for thread in document.threads { walk(thread.steps, inAtomic: false) }
    for procedure in document.procedures { walk(procedure.steps, inAtomic: false) }
  }

  // MARK: - Control flow within one thread or procedure

  private struct LabelSite {
    var sequence: Int
    var loops: [Int]
  }

  private struct GotoSite {
    var target: Located<String>
    var sequence: Int
    var loops: [Int]
  }

  private mutating func checkScope(_ steps: [Step], procedure: ProcedureDeclaration?) {
    var labels: [String: LabelSite] = [:]
    var gotos: [GotoSite] = []
    var sequence = 0
    var loopCount = 0

    func walk(_ steps: [Step], loops: [Int], inAtomic: Bool, validator: inout SpecValidator) {
      for step in steps {
        sequence += 1
        let here = sequence
        if let label = step.label, labels[label.value] == nil {
          labels[label.value] = LabelSite(sequence: here, loops: loops)
        }
        if inAtomic, let action = step.action, let name = Self.forbiddenInAtomic(action) {
          validator.log.error("'\(name)' is not allowed inside 'atomic' (only actions and if)", at: step.location)
          continue
        }
        switch step.action {
        case .goto(let target):
          gotos.append(GotoSite(target: target, sequence: here, loops: loops))
        case .breakLoop, .continueLoop:
          if loops.isEmpty {
            let name = step.action == .breakLoop ? "break" : "continue"
            validator.log.error("'\(name)' outside a loop", at: step.location)
          }
        case .returnValue(let value):
          guard let procedure else {
            validator.log.error("'return' outside a procedure", at: step.location)
            break
          }
          if let value, procedure.returns == nil {
            validator.log.error(
              "procedure '\(procedure.name)' has no 'returns'; use a plain return", at: value.location)
          } else if value == nil, let returns = procedure.returns {
            validator.log.error(
              "procedure '\(procedure.name)' returns \(returns.value.rawValue); 'return' needs a value",
              at: step.location)
          }
        case .call(let name, let into):
          if let index = validator.document.procedures.firstIndex(where: { $0.name == name.value }) {
            if let into, validator.document.procedures[index].returns == nil {
              validator.log.error(
                "procedure '\(name.value)' returns no value; remove 'into'", at: into.location)
            }
          } else {
            let hint = NameSuggestion.hint(for: name.value, in: validator.document.procedures.map(\.name))
            validator.log.error("undefined procedure '\(name.value)'\(hint)", at: name.location)
          }
        case .loop(let loop):
          loopCount += 1
          let id = loopCount
          walk(loop.steps, loops: loops + [id], inAtomic: inAtomic, validator: &validator)
          continue
        case .atomic(let inner):
          walk(inner, loops: loops, inAtomic: true, validator: &validator)
          continue
        default:
          break
        }
        validator.checkExpressionSyntax(of: step)
        for nested in SymbolTable.nestedStepLists(step) {
          walk(nested, loops: loops, inAtomic: inAtomic, validator: &validator)
        }
      }
    }
    walk(steps, loops: [], inAtomic: false, validator: &self)

    let scopeName = procedure.map { "procedure '\($0.name)'" } ?? "this thread"
    for site in gotos {
      guard let target = labels[site.target.value] else {
        if Self.labelExists(site.target.value, in: document) {
          log.error(
            "goto: label '\(site.target.value)' is not in \(scopeName); goto stays within its thread or procedure",
            at: site.target.location)
        } else {
          let hint = NameSuggestion.hint(for: site.target.value, in: labels.keys.sorted())
          log.error("undefined label '\(site.target.value)'\(hint)", at: site.target.location)
        }
        continue
      }
      if target.sequence <= site.sequence {
        log.error("unbounded loop: goto may only jump forward; use loop with max", at: site.target.location)
      } else if !site.loops.starts(with: target.loops) {
        log.error("goto may not jump into a loop", at: site.target.location)
      }
    }
  }

  private static func forbiddenInAtomic(_ action: StepAction) -> String? {
    switch action {
    case .goto: return "goto"
    case .loop: return "loop"
    case .await: return "await"
    case .choose: return "choose"
    case .call: return "call"
    case .returnValue: return "return"
    case .breakLoop: return "break"
    case .continueLoop: return "continue"
    case .operation, .assign, .assert, .ifThen, .atomic: return nil
    }
  }

  private static func labelExists(_ label: String, in document: SpecDocument) -> Bool {
    func search(_ steps: [Step]) -> Bool {
      steps.contains { $0.label?.value == label || SymbolTable.nestedStepLists($0).contains(where: search) }
    }
    return document.threads.contains { search($0.steps) } || document.procedures.contains { search($0.steps) }
  }

  /// Reports syntax errors in the step's own expressions.
  private mutating func checkExpressionSyntax(of step: Step) {
    var sources: [ExpressionSource] = []
    switch step.action {
    case .assign(let assignments): sources = assignments.map(\.value)
    case .assert(let condition, _), .await(let condition), .ifThen(let condition, _, _): sources = [condition]
    case .loop(let loop): sources = loop.condition.map { [$0] } ?? []
    case .returnValue(let value): sources = value.map { [$0] } ?? []
    default: break
    }
    for source in sources {
      if case .failure(let error) = ExpressionParser.parse(source.text) {
        log.error(error.message, at: source.location(atOffset: error.offset))
      }
    }
  }

  // MARK: - Recursion

  private mutating func checkRecursion() {
    var calls: [String: [Located<String>]] = [:]
    for procedure in document.procedures where calls[procedure.name] == nil {
      var found: [Located<String>] = []
      func walk(_ steps: [Step]) {
        for step in steps {
          if case .call(let name, _) = step.action { found.append(name) }
          SymbolTable.nestedStepLists(step).forEach(walk)
        }
      }
      walk(procedure.steps)
      calls[procedure.name] = found
    }
    /// A call path from `start` back to `goal`, if any.
    func path(from start: String, to goal: String) -> [String]? {
      var previous: [String: String] = [:]
      var queue = [start]
      var visited: Set<String> = [start]
      while !queue.isEmpty {
        let current = queue.removeFirst()
        if current == goal {
          var result = [current]
          var node = current
          while let before = previous[node] {
            result.insert(before, at: 0)
            node = before
          }
          return result
        }
        for next in calls[current] ?? [] where visited.insert(next.value).inserted {
          previous[next.value] = current
          queue.append(next.value)
        }
      }
      return nil
    }
    for procedure in document.procedures {
      for call in calls[procedure.name] ?? [] {
        guard let cycle = path(from: call.value, to: procedure.name) else { continue }
        let chain = ([procedure.name] + cycle).joined(separator: " -> ")
        log.error("recursive call: \(chain)", at: call.location)
      }
    }
  }
}
