/// An SVG document being written: elements one per line, indented by depth, attribute values
/// and text escaped (`SVGText`).
struct TraceChartSVG {
  private(set) var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  private var depth = 0

  private func tag(_ name: String, _ attributes: [(String, String)]) -> String {
    "<" + name + attributes.map { " \($0.0)=\"\(SVGText.escaped($0.1))\"" }.joined()
  }

  mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
    text += String(repeating: "  ", count: depth) + tag(name, attributes) + ">\n"
    depth += 1
  }

  mutating func close(_ name: String) {
    depth -= 1
    text += String(repeating: "  ", count: depth) + "</\(name)>\n"
  }

  /// An element with text content (escaped here, keeping line feeds with `multiline`) or, with
  /// `text` nil, an empty element.
  mutating func element(
    _ name: String, _ attributes: [(String, String)] = [], text content: String? = nil, multiline: Bool = false
  ) {
    let start = String(repeating: "  ", count: depth) + tag(name, attributes)
    guard let content else {
      text += start + "/>\n"
      return
    }
    text += start + ">" + SVGText.escaped(content, multiline: multiline) + "</\(name)>\n"
  }
}
