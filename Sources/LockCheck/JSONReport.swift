import Foundation

/// Deterministic JSON for results and counterexamples: keys sorted, slashes unescaped.
public enum JSONReport {
  /// Encodes `value` (pretty-printed by default); no trailing newline. Inside strings, the
  /// characters `DisplayText` escapes for terminals are written as `\uXXXX` escapes (JSONEncoder
  /// escapes the C0 controls itself, but leaves DEL, the C1 controls, U+2028, U+2029 and the
  /// bidi controls raw); the decoded values are unchanged.
  public static func encode<Value: Encodable>(_ value: Value, pretty: Bool = true) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return escapingUnsafeCharacters(String(decoding: data, as: UTF8.self))
  }

  /// `json` with every character `DisplayText.isUnsafe` (multi-line: line feeds and tabs are
  /// JSON whitespace) written as `\uXXXX`. Outside strings JSON has only ASCII punctuation,
  /// digits, letters and whitespace, so every such character is inside a string.
  static func escapingUnsafeCharacters(_ json: String) -> String {
    guard json.unicodeScalars.contains(where: { DisplayText.isUnsafe($0, multiline: true) }) else { return json }
    var out = String.UnicodeScalarView()
    for scalar in json.unicodeScalars {
      if DisplayText.isUnsafe(scalar, multiline: true) {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        out.append(contentsOf: ("\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex).unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }
}
