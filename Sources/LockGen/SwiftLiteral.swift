/// Turns spec text into Swift source that means exactly that text: string literals with every
/// special character escaped, comment text that cannot end the comment, and the spelling of
/// integer literals.
///
/// Every string that comes from a spec (names, code, labels, locations, descriptions) reaches
/// generated code only through these functions, so no spec can break or inject into it.
public enum SwiftLiteral {
  /// One piece of a string literal: text to escape, or code to interpolate (generator-made only).
  public enum Piece: Equatable, Sendable {
    case text(String)
    case interpolation(String)
  }

  /// A Swift string literal whose value is `text`: `"` and `\` escaped, control characters as
  /// `\n`, `\r`, `\t`, `\0`, and every scalar outside printable ASCII as `\u{…}` (so `"""`,
  /// `\(`, `#`, newlines and bidirectional controls are inert).
  public static func string(_ text: String) -> String {
    "\"" + escaped(text) + "\""
  }

  /// The body of a string literal for `text` (no quotes).
  public static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      out += escaped(scalar)
    }
    return out
  }

  /// The escaped spelling of one scalar inside a string literal.
  static func escaped(_ scalar: Unicode.Scalar) -> String {
    switch scalar {
    case "\"": return "\\\""
    case "\\": return "\\\\"
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    case "\0": return "\\0"
    case " "..."~": return String(scalar)
    default: return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }
  }

  /// The literal for `pieces`, split into chunks whose escaped length is at most `width`
  /// characters each (never inside an escape or an interpolation). One chunk when it fits.
  static func chunks(_ pieces: [Piece], width: Int) -> [String] {
    var tokens: [String] = []
    for piece in pieces {
      switch piece {
      case .text(let text): tokens += text.unicodeScalars.map { escaped($0) }
      case .interpolation(let code): tokens.append("\\(" + code + ")")
      }
    }
    let budget = max(width - 2, 8)
    var result: [String] = []
    var current = ""
    for token in tokens {
      if !current.isEmpty && current.count + token.count > budget {
        result.append("\"" + current + "\"")
        current = ""
      }
      current += token
    }
    if !current.isEmpty || result.isEmpty { result.append("\"" + current + "\"") }
    return result
  }

  /// `text` made safe inside a `//` comment: line breaks become separate comment lines (the
  /// caller splits on `\n`), other control characters and every non-ASCII scalar are written
  /// as `\u{…}`, so nothing in a spec can end a comment or hide text from a reviewer.
  public static func commentSafe(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\n": out += "\n"
      case "\r": out += "\\r"
      case "\t": out += " "
      case " "..."~": out.unicodeScalars.append(scalar)
      default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      }
    }
    return out
  }

  /// `text` as a single comment line (line breaks shown as `\n`).
  public static func commentLine(_ text: String) -> String {
    commentSafe(text).replacingNewlines()
  }

  /// An integer literal; negative values in parentheses so they compose with any operator.
  public static func int(_ value: Int) -> String {
    value < 0 ? "(\(value))" : String(value)
  }

  /// A `UInt64` mask or word in hexadecimal with `_` every four digits (`0x1_0000`).
  public static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    guard digits.count > 4 else { return "0x" + digits }
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 4 == 0 { out.append("_") }
      out.append(c)
    }
    return "0x" + out
  }
}

extension String {
  func replacingNewlines() -> String {
    var out = ""
    for c in self {
      if c == "\n" { out += "\\n" } else { out.append(c) }
    }
    return out
  }
}
