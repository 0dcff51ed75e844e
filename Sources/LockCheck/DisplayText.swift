/// Makes user-supplied text (spec and thread names, labels, `code:` strings, descriptions) safe to
/// print: characters a terminal would act on instead of showing are written as `\u{1B}`.
///
/// Escaped: the C0 controls U+0000–U+001F (tab and line feed too, unless `multiline`), DEL and
/// the C1 controls U+007F–U+009F, the line and paragraph separators U+2028 and U+2029, and the
/// bidirectional controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069 (which can make
/// text read differently from what it is). Everything else, backslashes included, is unchanged.
public enum DisplayText {
  /// `text` with every unsafe character shown as `\u{HEX}` (uppercase hex, no padding). With
  /// `multiline`, line feeds and tabs are kept, for text printed as whole lines or blocks.
  public static func escaped(_ text: String, multiline: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { isUnsafe($0, multiline: multiline) }) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isUnsafe(scalar, multiline: multiline) {
        out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  /// Whether `scalar` is shown escaped (a control, a line or paragraph separator, a bidi control).
  public static func isUnsafe(_ scalar: Unicode.Scalar, multiline: Bool = false) -> Bool {
    switch scalar.value {
    case 0x0A, 0x09: return !multiline
    case 0x00...0x1F, 0x7F...0x9F: return true
    case 0x2028, 0x2029: return true
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }
}
