/// The verdict matrix as Markdown for a pull-request comment. Transposed: one row per property
/// (property names are the long part) and one column per variant, headed by the variant's name
/// broken at each `+patch`, so a proposal reads as "base | base + patch" side by side.
///
/// ```
/// | property | `examples/abba-deadlock` | `examples/abba-deadlock`<br>`+lock-order` |
/// |---|---|---|
/// | `deadlock_free` | **VIOLATED** | holds (fix) |
/// ```
extension VerdictMatrix {
  /// The tables separated by blank lines, then a legend of the marks used.
  public func markdown() -> String {
    var blocks: [String] = []
    for table in tables { blocks.append(Self.markdownTable(table)) }
    if hasDerivedRows {
      let marks = marksUsed
      if marks.isEmpty {
        blocks.append("No verdict differs from its parent variant.")
      } else {
        blocks.append(marks.map { "_\($0.rawValue)_: \(Self.markdownMeaning($0))" }.joined(separator: " · "))
      }
    }
    return blocks.joined(separator: "\n\n") + "\n"
  }

  private static func markdownMeaning(_ mark: Mark) -> String {
    switch mark {
    case .regression: return "holds in the parent variant, **VIOLATED** here"
    case .fix: return "**VIOLATED** in the parent variant, holds here"
    case .changed: return "changed to or from unknown"
    case .new: return "not in the parent variant"
    }
  }

  private static func markdownTable(_ table: Table) -> String {
    var headers: [String: [String]] = [:]
    var columns: [String] = []
    for row in table.rows {
      let segments: [String]
      if let parent = row.parent, let above = headers[parent], row.shortName != row.variant {
        segments = above + [row.shortName]
      } else {
        segments = [row.variant]
      }
      headers[row.variant] = segments
      columns.append(segments.map { "`\($0)`" }.joined(separator: "<br>"))
    }
    var lines = [
      "| property | " + columns.joined(separator: " | ") + " |",
      "|---|" + String(repeating: "---|", count: columns.count),
    ]
    for property in table.properties {
      let cells = table.rows.map { row -> String in
        guard let cell = row[property] else { return "-" }
        let word = cell.verdict == .violated ? "**VIOLATED**" : cell.verdict.rawValue
        return word + (cell.mark.map { " (\($0.rawValue))" } ?? "")
      }
      lines.append("| `\(property)` | " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
  }
}
