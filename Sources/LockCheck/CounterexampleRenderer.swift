/// Renders a counterexample as kernel-commit-message columns: one column per thread that takes a
/// step (in thread index order), one line per step in its thread's column, the step's location
/// after the last column, and the conclusion on the final line.
///
/// ```
/// reaper_no_uaf VIOLATED in mm-exit/v4.14 (3 steps)
///   oom_reaper                               exit
///                                            mmput(mm): mm_users 1 -> 0           [kernel/fork.c:mmput]
///   down_read_trylock(&mm->mmap_sem) -> ok                                        [mm/oom_kill.c:oom_reap_task_mm]
///   unmap_page_range(...)                                                         [mm/memory.c:unmap_page_range]
///   <- use after free of pgtables (freed by exit at step 1)
/// ```
public struct CounterexampleRenderer: Sendable {
  /// Spaces between a column's widest entry and the next column.
  public var gutter: Int
  /// Prefix of every line after the header.
  public var indent: String

  public init(gutter: Int = 3, indent: String = "  ") {
    self.gutter = gutter
    self.indent = indent
  }

  /// The header line: `name VIOLATED in model (N steps)`, or `REACHED` for a witness.
  public func header(_ counterexample: Counterexample) -> String {
    let word = counterexample.kind == .witness ? "REACHED" : "VIOLATED"
    let count = counterexample.steps.count
    return "\(counterexample.property) \(word) in \(counterexample.model) (\(count) step\(count == 1 ? "" : "s"))"
  }

  /// The text of a step in its column: code (or label), ` -> result`, then `: slot from -> to, ...`.
  /// A statement's trailing `;` or opening `{` is dropped (`if (!mmget_not_zero(mm)) -> false`).
  public func entry(_ step: CounterexampleStep) -> String {
    var text = Self.statement(step.title)
    if let result = step.result { text += " -> \(result)" }
    if !step.changes.isEmpty {
      text += ": " + step.changes.map { "\($0.slot) \($0.from) -> \($0.to)" }.joined(separator: ", ")
    }
    return text
  }

  /// The whole rendering, lines joined by `\n`, without a trailing newline.
  public func render(_ counterexample: Counterexample) -> String {
    let steps = counterexample.steps
    // Columns: the threads that appear, by thread index.
    var columnOf: [Int: Int] = [:]
    var names: [(index: Int, name: String)] = []
    for step in steps where !names.contains(where: { $0.index == step.threadIndex }) {
      names.append((step.threadIndex, step.thread))
    }
    names.sort { $0.index < $1.index }
    for (column, thread) in names.enumerated() { columnOf[thread.index] = column }

    let entries = steps.map(entry)
    var widths = names.map { $0.name.count }
    for (step, text) in zip(steps, entries) {
      let column = columnOf[step.threadIndex]!
      widths[column] = max(widths[column], text.count)
    }
    widths = widths.map { $0 + gutter }
    var starts: [Int] = []
    var offset = 0
    for width in widths {
      starts.append(offset)
      offset += width
    }
    let total = offset

    func line(_ cells: [(column: Int, text: String)], location: String = "") -> String {
      var text = ""
      for cell in cells {
        let start = starts.indices.contains(cell.column) ? starts[cell.column] : 0
        text += String(repeating: " ", count: max(start - text.count, 0)) + cell.text
      }
      if !location.isEmpty {
        text += String(repeating: " ", count: max(total - text.count, 1)) + "[\(location)]"
      }
      return Self.trimmingTrailingSpaces(indent + text)
    }

    var lines = [header(counterexample)]
    if steps.isEmpty {
      lines.append(indent + "(in an initial state)")
    } else {
      lines.append(line(names.enumerated().map { ($0.offset, $0.element.name) }))
      for (step, text) in zip(steps, entries) {
        lines.append(line([(columnOf[step.threadIndex]!, text)], location: step.location))
      }
    }
    let lastColumn = steps.last.map { columnOf[$0.threadIndex]! }
    lines.append(line([(lastColumn ?? 0, "<- \(counterexample.conclusion)")]))
    return lines.joined(separator: "\n")
  }

  /// `code` without a trailing `;` or `{` (and the spaces before it); unchanged if that would empty it.
  static func statement(_ code: String) -> String {
    var text = Substring(code)
    while let last = text.last, last == " " { text.removeLast() }
    if let last = text.last, last == ";" || last == "{" {
      text.removeLast()
      while let last = text.last, last == " " { text.removeLast() }
    }
    return text.isEmpty ? code : String(text)
  }

  static func trimmingTrailingSpaces(_ text: String) -> String {
    var text = text
    while text.last == " " { text.removeLast() }
    return text
  }
}
