/// A small indentation-aware writer of Swift source: lines, nested blocks, and layout helpers
/// that keep every line within `lineLength` the way `swift format` would lay it out (so the
/// output passes `swift format lint` with the package's `.swift-format`).
///
/// Lines are joined with `\n`; `text` ends with exactly one newline.
public struct SwiftWriter {
  /// Columns per indentation level.
  public static let indentWidth = 2
  /// The longest line written: `.swift-format` allows 120, but `swift format` reports a
  /// collection element line of exactly 120 (it counts the comma it might add), so keep a margin.
  public static let lineLength = 118

  private(set) var lines: [String] = []
  /// Current indentation level.
  public private(set) var level = 0

  public init() {}

  /// A writer whose lines start at indentation `level`.
  public init(level: Int) {
    self.level = level
  }

  /// The text written so far, with one trailing newline.
  public var text: String {
    var lines = self.lines
    while lines.last == "" { lines.removeLast() }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Columns available on a line at the current indentation.
  public var width: Int { Self.lineLength - indentation.count }

  var indentation: String { String(repeating: " ", count: level * Self.indentWidth) }

  /// Writes one line at the current indentation (an empty string writes an empty line).
  public mutating func line(_ text: String) {
    lines.append(text.isEmpty ? "" : indentation + text)
  }

  /// Writes an empty line, unless the previous line is empty or opens a block.
  public mutating func blank() {
    guard let last = lines.last, !last.isEmpty, !last.hasSuffix("{") else { return }
    lines.append("")
  }

  /// Writes `header {` (or `header` + `open`), the body one level deeper, then `closing`.
  public mutating func block(
    _ header: String, open: String = " {", closing: String = "}", _ body: (inout SwiftWriter) -> Void
  ) {
    line(header.isEmpty ? open.trimmingLeadingSpaces : header + open)
    indent(body)
    line(closing)
  }

  /// One level deeper, until `pop()`.
  public mutating func push() { level += 1 }

  /// One level shallower.
  public mutating func pop() { level -= 1 }

  /// `header: conformances {` and the body; when that line is too long, the conformances go on
  /// their own line and the brace on the next, as `swift format` lays it out.
  public mutating func declaration(
    _ header: String, conformances: String, _ body: (inout SwiftWriter) -> Void
  ) {
    let oneLine = header + ": " + conformances + " {"
    if oneLine.count <= width {
      line(oneLine)
    } else {
      line(header + ":")
      line("  " + conformances)
      line("{")
    }
    indent(body)
    line("}")
  }

  /// Writes `body` one level deeper.
  public mutating func indent(_ body: (inout SwiftWriter) -> Void) {
    level += 1
    body(&self)
    level -= 1
  }

  /// Writes `// text` comment lines, wrapped at word boundaries to fit the line length. The text
  /// is made safe for a comment first (`SwiftLiteral.commentSafe`).
  public mutating func comment(_ text: String, prefix: String = "// ") {
    for paragraph in SwiftLiteral.commentSafe(text).split(separator: "\n", omittingEmptySubsequences: false) {
      for chunk in Self.wrap(String(paragraph), width: width - prefix.count) {
        line(chunk.isEmpty ? String(prefix.dropLast()) : prefix + chunk)
      }
    }
  }

  /// Writes `/// text` documentation lines, wrapped like `comment`.
  public mutating func doc(_ text: String) {
    comment(text, prefix: "/// ")
  }

  /// Turns the `}` just written into `} text` (`} catch {`, `} else {`) to continue the statement.
  public mutating func continueBlock(_ text: String) {
    guard let last = lines.last, last.trimmingLeadingSpaces == "}" else {
      line(text)
      return
    }
    lines[lines.count - 1] = String(last.dropLast()) + text
  }

  /// Appends already indented lines verbatim.
  mutating func append(contentsOf other: SwiftWriter) {
    lines.append(contentsOf: other.lines)
  }

  /// Splits `text` into lines of at most `width` characters at spaces; a word longer than
  /// `width` is cut.
  static func wrap(_ text: String, width: Int) -> [String] {
    let width = max(width, 20)
    var result: [String] = []
    var current = ""
    for word in text.split(separator: " ", omittingEmptySubsequences: false) {
      var word = String(word)
      while word.count > width {
        if !current.isEmpty {
          result.append(current)
          current = ""
        }
        result.append(String(word.prefix(width)))
        word = String(word.dropFirst(width))
      }
      if current.isEmpty {
        current = word
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        result.append(current)
        current = word
      }
    }
    result.append(current)
    // Trailing spaces would be reported by the formatter.
    return result.map { line in
      var line = line
      while line.last == " " { line.removeLast() }
      return line
    }
  }
}

extension String {
  /// The string without its leading spaces.
  var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
