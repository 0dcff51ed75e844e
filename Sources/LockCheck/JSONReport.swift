import Foundation

/// Deterministic JSON for results and counterexamples: keys sorted, slashes unescaped.
public enum JSONReport {
  /// Encodes `value` (pretty-printed by default); no trailing newline.
  public static func encode<Value: Encodable>(_ value: Value, pretty: Bool = true) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting =
      pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(value)
    return String(decoding: data, as: UTF8.self)
  }
}
