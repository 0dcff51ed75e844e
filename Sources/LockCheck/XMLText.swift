/// User text made safe for XML element content and attributes (the JUnit report, the SVG
/// charts): first escaped for display (`DisplayText`), then XML's special characters written as
/// entities.
enum XMLText {
  /// `text` with controls shown as `\u{HEX}` and `& < > " '` as entities; U+FFFE and U+FFFF,
  /// which XML forbids even as references, are shown as `\u{FFFE}` and `\u{FFFF}`. With
  /// `multiline`, line feeds and tabs are kept.
  static func escaped(_ text: String, multiline: Bool) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in DisplayText.escaped(text, multiline: multiline).unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\u{FFFE}", "\u{FFFF}": out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
