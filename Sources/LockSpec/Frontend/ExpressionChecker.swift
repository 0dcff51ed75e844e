/// The type of an expression value.
enum ValueType: Equatable, CustomStringConvertible {
  case bool
  case int
  /// An enum, named by the variable that declares it; enums with the same cases are the same type.
  case enumeration(cases: [String], name: String)

  static func == (lhs: ValueType, rhs: ValueType) -> Bool {
    switch (lhs, rhs) {
    case (.bool, .bool), (.int, .int): return true
    case (.enumeration(let a, _), .enumeration(let b, _)): return a == b
    default: return false
    }
  }

  var description: String {
    switch self {
    case .bool: return "a bool"
    case .int: return "an int"
    case .enumeration(_, let name): return "enum \(name)"
    }
  }
}

/// The thread instance a reference names, or why it names none.
enum ThreadLookup {
  case found(Int)
  case failed(String)
}

/// Parses, type-checks and resolves expression strings to IR expressions, in the scope of one
/// thread instance (bare names are its locals, then shared state) or of the whole model.
struct ExpressionChecker {
  let symbols: SymbolTable
  let document: SpecDocument
  /// The thread instance whose locals bare names see (nil in properties).
  let thread: Int?
  /// The instruction indices of a label's copies in a thread instance.
  let labelPCs: (Int, String) -> [Int]

  /// A resolved expression and its type.
  struct Typed {
    var expr: Expr
    var type: ValueType
    /// Every value an int expression can take (from the declared ranges), so that no sum or
    /// difference can leave the 64-bit integers at run time; nil for other types.
    var range: ClosedRange<Int>? = nil
  }

  /// The values variable `v` can hold, for an int-valued variable.
  func valueRange(of variable: Int) -> ClosedRange<Int>? {
    switch symbols.variables[variable].type {
    case .int(let min, let max): return min...max
    case .counter(let max): return 0...max
    case .bool, .flag: return 0...1
    case .rwsem(_, let holds): return 0...(symbols.threads.count * holds)
    default: return nil
    }
  }

  /// Resolves `source`; when `expected` is given, the value must have that type. Reports errors
  /// to `log` and returns nil on failure.
  func check(_ source: ExpressionSource, expected: ValueType?, log: inout DiagnosticLog) -> Expr? {
    let syntax: ExpressionSyntax
    switch ExpressionParser.parse(source.text) {
    case .success(let parsed): syntax = parsed
    case .failure(let error):
      log.error(error.message, at: source.location(atOffset: error.offset))
      return nil
    }
    var run = Run(checker: self, source: source)
    let typed = run.resolve(syntax, expected: expected)
    log.append(contentsOf: run.log)
    guard let typed else { return nil }
    if let expected, typed.type != expected {
      log.error("expected \(expected), found \(typed.type)", at: source.location(atOffset: syntax.startOffset))
      return nil
    }
    return typed.expr
  }

  /// The value type of a variable, or nil (with the reason) for resources and locks.
  func valueType(of variable: Int) -> ValueType? {
    switch symbols.variables[variable].type {
    case .bool, .flag: return .bool
    case .int, .counter: return .int
    case .enumeration(let cases):
      let name = symbols.variables[variable].name
      return .enumeration(cases: cases, name: name.split(separator: ".").last.map(String.init) ?? name)
    default: return nil
    }
  }

  /// "mm_users is a counter": the declared kind of a variable with its article.
  func kindDescription(of variable: Int) -> String {
    symbols.kinds[variable]?.withArticle ?? "an int"
  }

  /// The short name of a variable (a local's name without its thread).
  func shortName(of variable: Int) -> String {
    let name = symbols.variables[variable].name
    guard symbols.variables[variable].owner != nil, let dot = name.lastIndex(of: ".") else { return name }
    return String(name[name.index(after: dot)...])
  }

  /// Resolves a thread reference `t` or `t[i]` to an instance index.
  func threadInstance(_ name: String, index: Int?) -> ThreadLookup {
    guard let instances = symbols.instances[name] else {
      let hint = NameSuggestion.hint(for: name, in: document.threads.map(\.name))
      return .failed("undefined thread '\(name)'\(hint)")
    }
    if let index {
      if instances.count == 1 { return .failed("thread '\(name)' has one instance; write '\(name)'") }
      guard index >= 0 && index < instances.count else {
        return .failed("thread '\(name)' has no instance \(index) (it has \(instances.count))")
      }
      return .found(instances[index])
    }
    guard instances.count == 1 else {
      return .failed("thread '\(name)' has \(instances.count) instances; name one, e.g. \(name)[0]")
    }
    return .found(instances[0])
  }

  /// One resolution, collecting its diagnostics.
  private struct Run {
    let checker: ExpressionChecker
    let source: ExpressionSource
    var log = DiagnosticLog()

    var symbols: SymbolTable { checker.symbols }

    mutating func error(_ message: String, _ offset: Int) {
      log.error(message, at: source.location(atOffset: offset))
    }

    mutating func resolve(_ syntax: ExpressionSyntax, expected: ValueType?) -> Typed? {
      switch syntax {
      case .integer(let value, _): return Typed(expr: .int(value), type: .int, range: value...value)
      case .boolean(let value, _): return Typed(expr: .bool(value), type: .bool)
      case .name(let name, let index, let offset):
        return resolveName(name, index: index, offset: offset, expected: expected)
      case .member(let threadName, let index, let local, let offset, let localOffset):
        guard let instance = instance(threadName, index: index, offset: offset) else { return nil }
        guard let variable = symbols.threads[instance].locals[local] else {
          let hint = NameSuggestion.hint(for: local, in: symbols.threads[instance].locals.keys.sorted())
          error("thread '\(symbols.threads[instance].name)' has no local '\(local)'\(hint)", localOffset)
          return nil
        }
        return value(of: variable, offset: localOffset)
      case .at(let threadName, let index, let label, let offset, let labelOffset):
        guard let instance = instance(threadName, index: index, offset: offset) else { return nil }
        guard let owners = symbols.labelOwners[label] else {
          let hint = NameSuggestion.hint(for: label, in: symbols.allLabels)
          error("undefined label '\(label)'\(hint)", labelOffset)
          return nil
        }
        guard owners.contains(symbols.threads[instance].template) else {
          error("thread '\(threadName)' has no step labelled '\(label)'", labelOffset)
          return nil
        }
        return Typed(expr: .at(thread: instance, pcs: checker.labelPCs(instance, label)), type: .bool)
      case .call(let function, let arguments, let offset):
        return resolveCall(function, arguments, offset: offset)
      case .not(let operand, _):
        guard let typed = resolve(operand, expected: nil) else { return nil }
        guard typed.type == .bool else {
          error("'!' expects a bool, found \(typed.type)", operand.startOffset)
          return nil
        }
        return Typed(expr: .not(typed.expr), type: .bool)
      case .negate(let operand, _):
        guard let typed = resolve(operand, expected: nil) else { return nil }
        guard typed.type == .int else {
          error("'-' expects an int, found \(typed.type)", operand.startOffset)
          return nil
        }
        return arithmetic(.minus, Typed(expr: .int(0), type: .int, range: 0...0), typed, offset: operand.startOffset)
      case .binary(let op, let lhs, let rhs, let offset):
        return resolveBinary(op, lhs, rhs, offset: offset)
      }
    }

    /// The thread instance `name` or `name[index]` names, or nil after reporting why none.
    private mutating func instance(_ name: String, index: Int?, offset: Int) -> Int? {
      switch checker.threadInstance(name, index: index) {
      case .found(let found): return found
      case .failed(let message):
        error(message, offset)
        return nil
      }
    }

    private func isEnumCaseCandidate(_ syntax: ExpressionSyntax) -> Bool {
      guard case .name(let name, nil, _) = syntax else { return false }
      return symbols.variable(named: name, in: checker.thread) == nil
    }

    private mutating func resolveBinary(
      _ op: BinaryOperator, _ lhs: ExpressionSyntax, _ rhs: ExpressionSyntax, offset: Int
    ) -> Typed? {
      switch op {
      case .and, .or, .plus, .minus, .less, .lessEqual, .greater, .greaterEqual:
        let operandType: ValueType = (op == .and || op == .or) ? .bool : .int
        let left = resolve(lhs, expected: nil)
        let right = resolve(rhs, expected: nil)
        guard let left, let right else { return nil }
        for (typed, syntax) in [(left, lhs), (right, rhs)] where typed.type != operandType {
          error(
            "'\(op.rawValue)' expects \(operandType == .bool ? "bool" : "int") operands, found \(typed.type)",
            syntax.startOffset)
          return nil
        }
        if op == .plus || op == .minus { return arithmetic(op, left, right, offset: offset) }
        return Typed(expr: .binary(op, left.expr, right.expr), type: .bool)
      case .equal, .notEqual:
        let left: Typed?
        let right: Typed?
        if isEnumCaseCandidate(lhs) && !isEnumCaseCandidate(rhs) {
          right = resolve(rhs, expected: nil)
          left = resolve(lhs, expected: right?.type)
        } else {
          left = resolve(lhs, expected: nil)
          right = resolve(rhs, expected: left?.type)
        }
        guard let left, let right else { return nil }
        guard left.type == right.type else {
          error("'\(op.rawValue)' cannot compare \(left.type) with \(right.type)", offset)
          return nil
        }
        return Typed(expr: .binary(op, left.expr, right.expr), type: .bool)
      }
    }

    /// `left op right` for `+` and `-`, unless some values of the operands would take the result
    /// outside the 64-bit integers: then an error, so no expression ever wraps or traps at run time.
    private mutating func arithmetic(_ op: BinaryOperator, _ left: Typed, _ right: Typed, offset: Int) -> Typed? {
      let expr = Expr.binary(op, left.expr, right.expr)
      guard let a = left.range, let b = right.range else { return Typed(expr: expr, type: .int) }
      let low: (Int, Bool)
      let high: (Int, Bool)
      if op == .plus {
        low = a.lowerBound.addingReportingOverflow(b.lowerBound)
        high = a.upperBound.addingReportingOverflow(b.upperBound)
      } else {
        low = a.lowerBound.subtractingReportingOverflow(b.upperBound)
        high = a.upperBound.subtractingReportingOverflow(b.lowerBound)
      }
      guard !low.1, !high.1 else {
        error(
          "this '\(op.rawValue)' can overflow: with operands in \(a.lowerBound)...\(a.upperBound) and "
            + "\(b.lowerBound)...\(b.upperBound) its value may leave the 64-bit integers "
            + "(\(Int.min)...\(Int.max))", offset)
        return nil
      }
      return Typed(expr: expr, type: .int, range: low.0...high.0)
    }

    private mutating func resolveName(_ name: String, index: Int?, offset: Int, expected: ValueType?) -> Typed? {
      if let index {
        if symbols.instances[name] != nil {
          error("'\(name)[\(index)]' is a thread; use \(name)[\(index)]@label or done(\(name)[\(index)])", offset)
        } else {
          error("undefined thread '\(name)'", offset)
        }
        return nil
      }
      let variable = symbols.variable(named: name, in: checker.thread)
      if case .enumeration(let cases, let enumName) = expected, cases.contains(name) {
        if variable != nil {
          error("'\(name)' is ambiguous: a variable and a value of enum \(enumName)", offset)
          return nil
        }
        return Typed(expr: .int(cases.firstIndex(of: name) ?? 0), type: expected ?? .int)
      }
      if let variable { return value(of: variable, offset: offset) }
      if let parameter = symbols.parameters[name] {
        return Typed(expr: .int(parameter), type: .int, range: parameter...parameter)
      }
      if case .enumeration(let cases, let enumName) = expected {
        error("'\(name)' is not a value of enum \(enumName) (\(cases.joined(separator: ", ")))", offset)
        return nil
      }
      if symbols.instances[name] != nil {
        error("'\(name)' is a thread; use \(name)@label, done(\(name)) or \(name).local", offset)
        return nil
      }
      if checker.thread == nil || symbols.threads[checker.thread ?? 0].locals[name] == nil {
        for thread in symbols.threads where thread.locals[name] != nil {
          error("'\(name)' is a local of thread '\(thread.name)'; write \(thread.name).\(name)", offset)
          return nil
        }
      }
      let hint = NameSuggestion.hint(for: name, in: symbols.visibleNames(in: checker.thread))
      if !symbols.invalidNames.contains(name) { error("undefined name '\(name)'\(hint)", offset) }
      return nil
    }

    private mutating func value(of variable: Int, offset: Int) -> Typed? {
      if let type = checker.valueType(of: variable) {
        return Typed(
          expr: .variable(variable), type: type, range: type == .int ? checker.valueRange(of: variable) : nil)
      }
      let name = checker.shortName(of: variable)
      switch symbols.variables[variable].type {
      case .resource:
        error("\(name) is a resource; use freed(\(name))", offset)
      case .rwsem:
        error("\(name) is an rwsem; use readers(\(name)), write_locked(\(name)) or holds(thread, \(name))", offset)
      default:
        error(
          "\(name) is \(checker.kindDescription(of: variable)); use write_locked(\(name)) or holds(thread, \(name))",
          offset)
      }
      return nil
    }

    private mutating func resolveCall(_ function: String, _ arguments: [ExpressionSyntax], offset: Int) -> Typed? {
      let parameters: [String]
      switch function {
      case "done": parameters = ["thread"]
      case "freed": parameters = ["resource"]
      case "readers", "write_locked": parameters = ["lock"]
      default: parameters = ["thread", "lock"]
      }
      guard arguments.count == parameters.count else {
        let count = parameters.count == 1 ? "1 argument" : "\(parameters.count) arguments"
        error(
          "'\(function)' takes \(count) (\(parameters.joined(separator: ", "))), found \(arguments.count)", offset)
        return nil
      }
      var thread = 0
      var variable = 0
      for (parameter, argument) in zip(parameters, arguments) {
        guard case .name(let name, let index, let argumentOffset) = argument else {
          error("expected a \(parameter) name as argument of '\(function)'", argument.startOffset)
          return nil
        }
        if parameter == "thread" {
          switch checker.threadInstance(name, index: index) {
          case .found(let instance): thread = instance
          case .failed(let message):
            error(message, argumentOffset)
            return nil
          }
          continue
        }
        guard index == nil, let found = symbols.variable(named: name, in: checker.thread) else {
          let hint = NameSuggestion.hint(for: name, in: symbols.visibleNames(in: checker.thread))
          if !symbols.invalidNames.contains(name) { error("undefined variable '\(name)'\(hint)", argumentOffset) }
          return nil
        }
        let type = symbols.variables[found].type
        let fits: Bool
        let wanted: String
        switch function {
        case "freed":
          (fits, wanted) = (type == .resource, "a resource")
        case "readers":
          if case .rwsem = type { (fits, wanted) = (true, "") } else { (fits, wanted) = (false, "an rwsem") }
        default:
          (fits, wanted) = (type.isLock, "a lock (rwsem, mutex or spinlock)")
        }
        guard fits else {
          error("\(name) is \(checker.kindDescription(of: found)), expected \(wanted)", argumentOffset)
          return nil
        }
        variable = found
      }
      switch function {
      case "done": return Typed(expr: .done(thread: thread), type: .bool)
      case "freed": return Typed(expr: .freed(variable), type: .bool)
      case "readers": return Typed(expr: .readers(variable), type: .int, range: checker.valueRange(of: variable))
      case "write_locked": return Typed(expr: .writeLocked(variable), type: .bool)
      default: return Typed(expr: .holds(thread: thread, lock: variable), type: .bool)
      }
    }
  }
}
