/// Text made safe to put inside an SVG (XML) element or attribute: user text is first escaped
/// for display (`DisplayText`), then XML's special characters become entities.
enum SVGText {
  /// `text` with controls shown as `\u{HEX}` and `& < > " '` as entities; the noncharacters
  /// U+FFFE and U+FFFF, which XML forbids, are shown as `\u{FFFE}` and `\u{FFFF}`. With
  /// `multiline`, line feeds and tabs are kept (a tooltip's lines).
  static func escaped(_ text: String, multiline: Bool = false) -> String {
    XMLText.escaped(text, multiline: multiline)
  }

  /// `text` cut to at most `limit` characters, ending in `…` when cut.
  static func truncated(_ text: String, to limit: Int) -> String {
    guard text.count > limit, limit > 1 else { return text }
    return String(text.prefix(limit - 1)) + "…"
  }
}
