/// The verdict matrix as Markdown for a pull-request comment. Transposed: one row per property
/// (property names are the long part) and one column per variant, headed by the variant's name
/// broken at each `+patch`, so a proposal reads as "base | base + patch" side by side.
///
/// ```
/// | property | `examples/abba-deadlock` | `examples/abba-deadlock`<br>`+lock-order` |
/// |---|---|---|
/// | `deadlock_free` | **VIOLATED** | holds (fix) |
/// ```
///
/// An `unknown` cell names the bound that stopped the search below the verdict; names are code
/// spans of their `DisplayText.escaped` text, with `|` escaped so a cell never breaks the table.
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
      columns.append(segments.map(markdownCode).joined(separator: "<br>"))
    }
    var lines = [
      "| property | " + columns.joined(separator: " | ") + " |",
      "|---|" + String(repeating: "---|", count: columns.count),
    ]
    for property in table.properties {
      let cells = table.rows.map { row -> String in
        guard let cell = row[property] else { return "-" }
        let word = cell.verdict == .violated ? "**VIOLATED**" : cell.verdict.rawValue
        var text = word + (cell.mark.map { " (\($0.rawValue))" } ?? "")
        if let bound = cell.bound { text += "<br><sub>\(markdownText(bound.summary))</sub>" }
        return text
      }
      lines.append("| \(markdownCode(property)) | " + cells.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n")
  }

  /// `text` as a Markdown code span that is safe inside a table cell: escaped for display, `|`
  /// written `\|` (GitHub reads it as a pipe inside the span), and fenced with more backticks
  /// than the text has in a row.
  public static func markdownCode(_ text: String) -> String {
    let shown = DisplayText.escaped(text).replacingAll("|", with: "\\|")
    var longest = 0
    var run = 0
    for character in shown {
      run = character == "`" ? run + 1 : 0
      longest = max(longest, run)
    }
    guard longest > 0 else { return "`" + shown + "`" }
    let fence = String(repeating: "`", count: longest + 1)
    return fence + " " + shown + " " + fence
  }

  /// `text` as Markdown text inside a table cell: escaped for display, with `|`, `<`, `>` and
  /// `&` written so they are shown rather than read as table or HTML syntax.
  public static func markdownText(_ text: String) -> String {
    var out = ""
    for character in DisplayText.escaped(text) {
      switch character {
      case "|": out += "\\|"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "&": out += "&amp;"
      default: out.append(character)
      }
    }
    return out
  }
}

extension String {
  /// Every occurrence of `target` replaced by `replacement` (no Foundation).
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    var out = ""
    for character in self {
      if character == target { out += replacement } else { out.append(character) }
    }
    return out
  }
}
