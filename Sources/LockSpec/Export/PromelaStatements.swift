import Foundation

/// Small builders for Promela statement lines: one statement per line, each ending with `;`,
/// nested blocks indented by two spaces.
enum PromelaStatements {
  /// `if :: condition -> then :: else -> otherwise fi;` (an empty branch is `skip`).
  static func ifElse(_ condition: String, _ then: [String], _ otherwise: [String] = []) -> [String] {
    ["if", ":: \(condition) ->"] + indent(then.isEmpty ? ["skip;"] : then) + [":: else ->"]
      + indent(otherwise.isEmpty ? ["skip;"] : otherwise) + ["fi;"]
  }

  /// `lines` indented by `levels` steps of two spaces.
  static func indent(_ lines: [String], _ levels: Int = 1) -> [String] {
    let prefix = String(repeating: "  ", count: levels)
    return lines.map { $0.isEmpty ? $0 : prefix + $0 }
  }

  /// `text` made safe inside a `/* ... */` comment on one line: control characters and
  /// bidirectional controls become spaces and `*/` cannot close the comment early.
  static func commentText(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
      if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
        || scalar.value == 0x2028 || scalar.value == 0x2029 || (scalar.value >= 0x200E && scalar.value <= 0x200F)
        || (scalar.value >= 0x202A && scalar.value <= 0x202E) || (scalar.value >= 0x2066 && scalar.value <= 0x2069)
        || scalar.value == 0xFEFF
      {
        result.append(" ")
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    while result.contains("*/") { result = result.replacingOccurrences(of: "*/", with: "* /") }
    while result.contains("/*") { result = result.replacingOccurrences(of: "/*", with: "/ *") }
    return result
  }
}
