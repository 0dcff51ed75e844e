/// One line of a mail with its quote prefix taken off: `> > > +foo` is `+foo` at depth 3.
struct QuotedLine: Sendable, Equatable {
  /// The line number in the file, from 1.
  var number: Int
  /// How many `>` prefixed the line.
  var depth: Int
  /// The text after the prefix (each `>` and at most one space after it).
  var text: String
  /// The column (from 1) where `text` starts.
  var column: Int

  /// The lines of `text` (split at `\n` and `\r\n`), numbered from 1, a final newline ending the
  /// last line rather than starting an empty one.
  static func rawLines(of text: String) -> [(number: Int, text: String)] {
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
      .map { line -> String in line.last == "\r" ? String(line.dropLast()) : String(line) }
    if lines.count > 1, lines.last == "" { lines.removeLast() }
    return lines.enumerated().map { (number: $0.offset + 1, text: $0.element) }
  }

  /// The line `number` with its quote prefix taken off.
  init(number: Int, raw: String) {
    var line = Substring(raw)
    var depth = 0
    var column = 1
    while line.first == ">" {
      line.removeFirst()
      depth += 1
      column += 1
      if line.first == " " {
        line.removeFirst()
        column += 1
      }
    }
    self.init(number: number, depth: depth, text: String(line), column: column)
  }

  init(number: Int, depth: Int, text: String, column: Int) {
    self.number = number
    self.depth = depth
    self.text = text
    self.column = column
  }

  /// The lines of `text`, each with its quote prefix taken off.
  static func lines(of text: String) -> [QuotedLine] {
    rawLines(of: text).map { QuotedLine(number: $0.number, raw: $0.text) }
  }
}
