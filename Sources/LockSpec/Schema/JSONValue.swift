/// A JSON value whose objects keep their keys in the order they were built, written with a
/// fixed layout, so a schema built from the same tables always prints byte for byte the same.
public indirect enum JSONValue: Sendable, Equatable {
  case null
  case bool(Bool)
  case integer(Int)
  case string(String)
  case array([JSONValue])
  case object([(key: String, value: JSONValue)])

  public static func == (a: JSONValue, b: JSONValue) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.integer(let x), .integer(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x == y
    case (.object(let x), .object(let y)):
      return x.map(\.key) == y.map(\.key) && x.map(\.value) == y.map(\.value)
    default: return false
    }
  }

  /// The value of `key` in an object; nil for a missing key or a value that is not an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let pairs) = self else { return nil }
    return pairs.first { $0.key == key }?.value
  }

  /// An array of strings.
  static func strings(_ items: [String]) -> JSONValue { .array(items.map { .string($0) }) }

  /// The value as JSON text: two-space indentation, one member per line, arrays of scalars on
  /// one line; ends with a line feed.
  public var text: String {
    var out = ""
    write(to: &out, indent: "")
    return out + "\n"
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private func write(to out: inout String, indent: String) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .integer(let value): out += String(value)
    case .string(let value): out += Self.quoted(value)
    case .array(let items):
      if items.isEmpty {
        out += "[]"
      } else if items.allSatisfy(\.isScalar) {
        out += "[" + items.map(\.text).map { $0.dropLast() }.joined(separator: ", ") + "]"
      } else {
        let inner = indent + "  "
        out += "[\n"
        for (index, item) in items.enumerated() {
          out += inner
          item.write(to: &out, indent: inner)
          out += index == items.count - 1 ? "\n" : ",\n"
        }
        out += indent + "]"
      }
    case .object(let pairs):
      if pairs.isEmpty {
        out += "{}"
        return
      }
      let inner = indent + "  "
      out += "{\n"
      for (index, pair) in pairs.enumerated() {
        out += inner + Self.quoted(pair.key) + ": "
        pair.value.write(to: &out, indent: inner)
        out += index == pairs.count - 1 ? "\n" : ",\n"
      }
      out += indent + "}"
    }
  }

  /// `text` as a JSON string literal: quotes, backslashes and controls escaped, the rest as is.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }
}
