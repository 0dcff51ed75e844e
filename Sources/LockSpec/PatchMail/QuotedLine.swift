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

  /// Splits `text` into lines (`\n`, `\r\n`) and takes off each line's quote prefix.
  static func lines(of text: String) -> [QuotedLine] {
    var result: [QuotedLine] = []
    var number = 0
    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      var line = Substring(raw)
      if line.last == "\r" { line.removeLast() }
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
      result.append(QuotedLine(number: number, depth: depth, text: String(line), column: column))
    }
    if text.hasSuffix("\n"), let last = result.last, last.text.isEmpty, last.depth == 0 { result.removeLast() }
    return result
  }
}
