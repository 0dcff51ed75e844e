/// A Swift expression the generator builds from an IR `Expr`: rendered with the fewest
/// parentheses precedence needs, folded when constant, and split into `let` temporaries when a
/// line would be too long.
indirect enum SwiftExpr: Equatable {
  /// Code that binds tighter than any operator (a property access, a literal, a parenthesized
  /// expression).
  case atom(String)
  /// A `Bool` literal (kept apart for folding).
  case bool(Bool)
  /// An `Int` literal (kept apart for folding).
  case int(Int)
  /// `lhs op rhs`.
  case binary(Operator, SwiftExpr, SwiftExpr)
  /// `!operand`.
  case not(SwiftExpr)
  /// `(condition ? 1 : 0)`: a `Bool` as the interpreter's 0/1.
  case asInt(SwiftExpr)

  enum Operator: String, Equatable {
    case or = "||"
    case and = "&&"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case plus = "&+"
    case minus = "&-"

    var precedence: Int {
      switch self {
      case .or: return 1
      case .and: return 2
      case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return 3
      case .plus, .minus: return 4
      }
    }

    var isComparison: Bool { precedence == 3 }

    /// The comparison that holds exactly when this one does not.
    var negated: Operator? {
      switch self {
      case .equal: return .notEqual
      case .notEqual: return .equal
      case .less: return .greaterEqual
      case .lessEqual: return .greater
      case .greater: return .lessEqual
      case .greaterEqual: return .less
      default: return nil
      }
    }
  }

  /// Binding strength: 6 atoms, 5 prefix `!`, then the operators'.
  var precedence: Int {
    switch self {
    case .atom, .bool, .asInt: return 6
    case .int(let value): return value < 0 ? 5 : 6
    case .not: return 5
    case .binary(let op, _, _): return op.precedence
    }
  }

  // MARK: Construction with folding

  static func and(_ lhs: SwiftExpr, _ rhs: SwiftExpr) -> SwiftExpr {
    switch (lhs, rhs) {
    case (.bool(false), _), (_, .bool(false)): return .bool(false)
    case (.bool(true), let other), (let other, .bool(true)): return other
    default: return .binary(.and, lhs, rhs)
    }
  }

  static func or(_ lhs: SwiftExpr, _ rhs: SwiftExpr) -> SwiftExpr {
    switch (lhs, rhs) {
    case (.bool(true), _), (_, .bool(true)): return .bool(true)
    case (.bool(false), let other), (let other, .bool(false)): return other
    default: return .binary(.or, lhs, rhs)
    }
  }

  /// The disjunction of `terms` (`false` when empty).
  static func anyOf(_ terms: [SwiftExpr]) -> SwiftExpr {
    terms.reduce(.bool(false)) { or($0, $1) }
  }

  /// The conjunction of `terms` (`true` when empty).
  static func allOf(_ terms: [SwiftExpr]) -> SwiftExpr {
    terms.reduce(.bool(true)) { and($0, $1) }
  }

  static func negation(_ operand: SwiftExpr) -> SwiftExpr {
    switch operand {
    case .bool(let value): return .bool(!value)
    case .not(let inner): return inner
    case .binary(let op, let lhs, let rhs) where op.isComparison: return .binary(op.negated!, lhs, rhs)
    default: return .not(operand)
    }
  }

  static func compare(_ op: Operator, _ lhs: SwiftExpr, _ rhs: SwiftExpr) -> SwiftExpr {
    if case .int(let a) = lhs, case .int(let b) = rhs {
      switch op {
      case .equal: return .bool(a == b)
      case .notEqual: return .bool(a != b)
      case .less: return .bool(a < b)
      case .lessEqual: return .bool(a <= b)
      case .greater: return .bool(a > b)
      case .greaterEqual: return .bool(a >= b)
      default: break
      }
    }
    return .binary(op, lhs, rhs)
  }

  /// A `Bool` as 0/1.
  static func int(of condition: SwiftExpr) -> SwiftExpr {
    if case .bool(let value) = condition { return .int(value ? 1 : 0) }
    return .asInt(condition)
  }

  /// An `Int` as a `Bool` (non-zero).
  static func bool(of value: SwiftExpr) -> SwiftExpr {
    if case .int(let v) = value { return .bool(v != 0) }
    if case .asInt(let condition) = value { return condition }
    return compare(.notEqual, value, .int(0))
  }

  /// The constant value of a folded condition, if it is one.
  var constant: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }

  // MARK: Rendering

  /// The expression on one line.
  var code: String {
    switch self {
    case .atom(let code): return code
    case .bool(let value): return value ? "true" : "false"
    case .int(let value): return String(value)
    case .asInt(let condition): return "(" + condition.code + " ? 1 : 0)"
    case .not(let operand):
      return "!" + (operand.precedence >= 6 ? operand.code : "(" + operand.code + ")")
    case .binary(let op, let lhs, let rhs):
      return operand(lhs, of: op, right: false) + " " + op.rawValue + " " + operand(rhs, of: op, right: true)
    }
  }

  private func operand(_ child: SwiftExpr, of op: Operator, right: Bool) -> String {
    var parenthesize: Bool
    switch op {
    case .or, .and:
      // Mixed `&&`/`||` always get parentheses, for the reader.
      if case .binary(let inner, _, _) = child, inner == .or || inner == .and {
        parenthesize = inner != op
      } else {
        parenthesize = child.precedence < op.precedence
      }
    default:
      parenthesize = right ? child.precedence <= op.precedence : child.precedence < op.precedence
      if op.isComparison && child.precedence == op.precedence { parenthesize = true }
    }
    if case .int(let value) = child, value < 0 { parenthesize = true }
    return parenthesize ? "(" + child.code + ")" : child.code
  }

  /// Renders the expression within `width` columns, moving subexpressions into `let`
  /// temporaries (named by `temporary`) written to `writer` first. Expressions are pure, so
  /// evaluating operands eagerly means the same as the short-circuit form.
  func render(width: Int, writer: inout SwiftWriter, temporary: () -> String) -> String {
    let flat = code
    if flat.count <= width { return flat }
    func hoist(_ child: SwiftExpr) -> SwiftExpr {
      let name = temporary()
      let value = child.render(width: writer.width - name.count - 7, writer: &writer, temporary: temporary)
      writer.line("let \(name) = \(value)")
      return .atom(name)
    }
    switch self {
    case .binary(let op, let lhs, let rhs):
      // Hoist the longer operand first; the other only if still needed.
      if lhs.code.count >= rhs.code.count {
        let left = hoist(lhs)
        let partial = SwiftExpr.binary(op, left, rhs)
        return partial.code.count <= width ? partial.code : SwiftExpr.binary(op, left, hoist(rhs)).code
      }
      let right = hoist(rhs)
      let partial = SwiftExpr.binary(op, lhs, right)
      return partial.code.count <= width ? partial.code : SwiftExpr.binary(op, hoist(lhs), right).code
    case .not(let operand):
      return SwiftExpr.not(hoist(operand)).code
    case .asInt(let condition):
      return SwiftExpr.asInt(hoist(condition)).code
    default:
      return flat
    }
  }
}
