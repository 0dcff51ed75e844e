/// The verdict matrix as plain text, after the per-model blocks of `lockspec check`. Names are
/// shown through `DisplayText.escaped`, and columns are as wide as that text.
///
/// ```
/// Verdict matrix
/// variant                   deadlock_free  lock_discipline
/// examples/abba-deadlock    VIOLATED       holds
///   +lock-order             holds +        holds
///
/// + fix: VIOLATED in the parent variant, holds here
/// ```
extension VerdictMatrix {
  /// The matrix: a title line, the tables separated by blank lines, and a legend of the marks
  /// used (or a line saying no verdict differs, when some variant derives from another).
  public func text() -> String {
    var lines = ["Verdict matrix"]
    // One width for the variant column of every table, so the tables line up.
    let first =
      tables.flatMap { $0.rows.map { 2 * $0.depth + DisplayText.escaped($0.shortName).count } }
      .reduce("variant".count, max) + 2
    for (index, table) in tables.enumerated() {
      if index > 0 { lines.append("") }
      lines += Self.textLines(table, firstWidth: first)
    }
    if hasDerivedRows {
      lines.append("")
      let marks = marksUsed
      if marks.isEmpty {
        lines.append("no verdict differs from its parent variant")
      } else {
        for mark in marks { lines.append("\(mark.symbol) \(mark.meaning)") }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One line per changed verdict (`variant: property VIOLATED -> holds (fix)`), or a line
  /// saying there is none.
  public func changesText() -> String {
    let changes = self.changes
    guard !changes.isEmpty else { return "Verdict changes: none\n" }
    var lines = ["Verdict changes:"]
    for change in changes {
      let from = change.from.map(Self.word) ?? "(no such property)"
      let variant = DisplayText.escaped(change.variant)
      let property = DisplayText.escaped(change.property)
      lines.append("  \(variant): \(property) \(from) -> \(Self.word(change.to)) (\(change.mark.rawValue))")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `holds`, `VIOLATED` (in capitals, so it stands out) or `unknown`.
  static func word(_ verdict: Verdict) -> String {
    verdict == .violated ? "VIOLATED" : verdict.rawValue
  }

  private static func textLines(_ table: Table, firstWidth first: Int) -> [String] {
    let names = table.rows.map { String(repeating: "  ", count: $0.depth) + DisplayText.escaped($0.shortName) }
    let properties = table.properties.map { DisplayText.escaped($0) }
    let widths = properties.map { max($0.count, "VIOLATED !".count) + 2 }
    func line(_ head: String, _ cells: [String]) -> String {
      var text = pad(head, first)
      for (cell, width) in zip(cells, widths) { text += pad(cell, width) }
      while text.hasSuffix(" ") { text.removeLast() }
      return text
    }
    var lines = [line("variant", properties)]
    for (row, name) in zip(table.rows, names) {
      let cells = table.properties.map { property -> String in
        guard let cell = row[property] else { return "-" }
        return word(cell.verdict) + (cell.mark.map { " " + $0.symbol } ?? "")
      }
      lines.append(line(name, cells))
    }
    return lines
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
}
