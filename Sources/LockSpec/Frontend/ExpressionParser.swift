/// Recursive-descent parser for the expression language. Precedence, lowest first:
/// `||`, `&&`, `==` `!=`, `<` `<=` `>` `>=`, `+` `-`, unary `!` `-`, primary.
struct ExpressionParser {
  static let functions = ["done", "freed", "readers", "write_locked", "holds"]
  /// Deepest nesting of parentheses and unary operators accepted.
  static let maxDepth = 64
  /// Longest expression accepted, in tokens (bounds the depth of operator chains).
  static let maxTokens = 1000

  private enum Token: Equatable {
    case identifier(String)
    case integer(Int)
    case symbol(String)
    case end
  }

  private let tokens: [(token: Token, offset: Int)]
  private var position = 0
  private var depth = 0

  private init(tokens: [(token: Token, offset: Int)]) {
    self.tokens = tokens
  }

  /// Parses a whole expression.
  static func parse(_ text: String) -> Result<ExpressionSyntax, ExpressionError> {
    do {
      var parser = ExpressionParser(tokens: try tokenize(text))
      let expression = try parser.parseOr()
      if case let (token, offset) = parser.current, token != .end {
        throw ExpressionError(message: "unexpected \(describe(token)) after the expression", offset: offset)
      }
      return .success(expression)
    } catch let error as ExpressionError {
      return .failure(error)
    } catch {
      return .failure(ExpressionError(message: "\(error)", offset: 0))
    }
  }

  // MARK: - Tokens

  private static func tokenize(_ text: String) throws -> [(token: Token, offset: Int)] {
    let chars = Array(text.unicodeScalars)
    var tokens: [(token: Token, offset: Int)] = []
    var index = 0
    func isIdentifierStart(_ c: Unicode.Scalar) -> Bool { c == "_" || (c.isASCII && c.properties.isAlphabetic) }
    func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
    while index < chars.count {
      let c = chars[index]
      let start = index
      if c == " " || c == "\t" || c == "\n" || c == "\r" {
        index += 1
      } else if isIdentifierStart(c) {
        while index < chars.count && (isIdentifierStart(chars[index]) || isDigit(chars[index])) { index += 1 }
        tokens.append((.identifier(String(String.UnicodeScalarView(chars[start..<index]))), start))
      } else if isDigit(c) {
        var value = 0
        var overflow = false
        while index < chars.count && isDigit(chars[index]) {
          let digit = Int(chars[index].value - 48)
          let (times, o1) = value.multipliedReportingOverflow(by: 10)
          let (sum, o2) = times.addingReportingOverflow(digit)
          overflow = overflow || o1 || o2
          value = sum
          index += 1
        }
        if index < chars.count && isIdentifierStart(chars[index]) {
          throw ExpressionError(message: "a name may not start with a digit", offset: start)
        }
        if overflow {
          let literal = String(String.UnicodeScalarView(chars[start..<index]))
          throw ExpressionError(message: "integer \(literal) is too large", offset: start)
        }
        tokens.append((.integer(value), start))
      } else {
        let two = index + 1 < chars.count ? String(String.UnicodeScalarView([c, chars[index + 1]])) : ""
        if ["&&", "||", "==", "!=", "<=", ">="].contains(two) {
          tokens.append((.symbol(two), start))
          index += 2
        } else if "!<>+-()[],.@".unicodeScalars.contains(c) {
          tokens.append((.symbol(String(c)), start))
          index += 1
        } else if c == "&" || c == "|" || c == "=" {
          let hint = c == "=" ? "'=='" : "'\(c)\(c)'"
          throw ExpressionError(message: "unexpected '\(c)'; did you mean \(hint)?", offset: start)
        } else {
          let shown =
            c.properties.isWhitespace || c.value < 32 ? "U+\(String(c.value, radix: 16, uppercase: true))" : "'\(c)'"
          throw ExpressionError(message: "unexpected character \(shown)", offset: start)
        }
      }
    }
    if tokens.count > maxTokens {
      throw ExpressionError(message: "expression too long: more than \(maxTokens) tokens", offset: 0)
    }
    tokens.append((.end, chars.count))
    return tokens
  }

  private static func describe(_ token: Token) -> String {
    switch token {
    case .identifier(let name): return "'\(name)'"
    case .integer(let value): return "'\(value)'"
    case .symbol(let symbol): return "'\(symbol)'"
    case .end: return "end of expression"
    }
  }

  private var current: (Token, Int) { tokens[min(position, tokens.count - 1)] }

  private mutating func take(_ symbol: String) -> Int? {
    if case (.symbol(let s), let offset) = current, s == symbol {
      position += 1
      return offset
    }
    return nil
  }

  private mutating func expect(_ symbol: String, after what: String) throws -> Int {
    if let offset = take(symbol) { return offset }
    let (token, offset) = current
    throw ExpressionError(message: "expected '\(symbol)' \(what), found \(Self.describe(token))", offset: offset)
  }

  // MARK: - Grammar

  private mutating func binaryLevel(
    _ operators: [BinaryOperator], next: (inout ExpressionParser) throws -> ExpressionSyntax
  ) throws -> ExpressionSyntax {
    var lhs = try next(&self)
    while true {
      guard case (.symbol(let symbol), let offset) = current,
        let op = operators.first(where: { $0.rawValue == symbol })
      else { return lhs }
      position += 1
      let rhs = try next(&self)
      lhs = .binary(op, lhs, rhs, offset: offset)
    }
  }

  private mutating func parseOr() throws -> ExpressionSyntax {
    try binaryLevel([.or]) { try $0.parseAnd() }
  }

  private mutating func parseAnd() throws -> ExpressionSyntax {
    try binaryLevel([.and]) { try $0.parseEquality() }
  }

  private mutating func parseEquality() throws -> ExpressionSyntax {
    try binaryLevel([.equal, .notEqual]) { try $0.parseRelation() }
  }

  private mutating func parseRelation() throws -> ExpressionSyntax {
    try binaryLevel([.lessEqual, .greaterEqual, .less, .greater]) { try $0.parseSum() }
  }

  private mutating func parseSum() throws -> ExpressionSyntax {
    try binaryLevel([.plus, .minus]) { try $0.parseUnary() }
  }

  private mutating func nest<T>(at offset: Int, _ body: (inout ExpressionParser) throws -> T) throws -> T {
    depth += 1
    defer { depth -= 1 }
    if depth > Self.maxDepth {
      throw ExpressionError(message: "expression nested deeper than \(Self.maxDepth) levels", offset: offset)
    }
    return try body(&self)
  }

  private mutating func parseUnary() throws -> ExpressionSyntax {
    if let offset = take("!") {
      return .not(try nest(at: offset) { try $0.parseUnary() }, offset: offset)
    }
    if let offset = take("-") {
      let operand = try nest(at: offset) { try $0.parseUnary() }
      if case .integer(let value, _) = operand { return .integer(-value, offset: offset) }
      return .negate(operand, offset: offset)
    }
    return try parsePrimary()
  }

  private mutating func parsePrimary() throws -> ExpressionSyntax {
    let (token, offset) = current
    switch token {
    case .integer(let value):
      position += 1
      return .integer(value, offset: offset)
    case .symbol("("):
      position += 1
      let inner = try nest(at: offset) { try $0.parseOr() }
      _ = try expect(")", after: "to close '('")
      return inner
    case .identifier(let name):
      position += 1
      if name == "true" || name == "false" { return .boolean(name == "true", offset: offset) }
      if take("(") != nil {
        guard Self.functions.contains(name) else {
          let hint = NameSuggestion.hint(for: name, in: Self.functions)
          throw ExpressionError(message: "unknown function '\(name)'\(hint)", offset: offset)
        }
        var arguments: [ExpressionSyntax] = []
        if take(")") == nil {
          repeat {
            arguments.append(try nest(at: offset) { try $0.parseOr() })
          } while take(",") != nil
          _ = try expect(")", after: "after the arguments of \(name)")
        }
        return .call(name, arguments, offset: offset)
      }
      var index: Int?
      if take("[") != nil {
        guard case (.integer(let value), _) = current else {
          let (found, at) = current
          throw ExpressionError(message: "expected an instance number, found \(Self.describe(found))", offset: at)
        }
        position += 1
        index = value
        _ = try expect("]", after: "after the instance number")
      }
      if take(".") != nil {
        guard case (.identifier(let local), let localOffset) = current else {
          let (found, at) = current
          throw ExpressionError(message: "expected a local name after '.', found \(Self.describe(found))", offset: at)
        }
        position += 1
        return .member(thread: name, index: index, local: local, offset: offset, localOffset: localOffset)
      }
      if take("@") != nil {
        guard case (.identifier(let label), let labelOffset) = current else {
          let (found, at) = current
          throw ExpressionError(message: "expected a label after '@', found \(Self.describe(found))", offset: at)
        }
        position += 1
        return .at(thread: name, index: index, label: label, offset: offset, labelOffset: labelOffset)
      }
      return .name(name, index: index, offset: offset)
    case .end:
      throw ExpressionError(message: "expected an expression", offset: offset)
    case .symbol:
      throw ExpressionError(message: "expected an expression, found \(Self.describe(token))", offset: offset)
    }
  }
}
