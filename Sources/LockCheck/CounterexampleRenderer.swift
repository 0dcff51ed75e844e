/// Renders a counterexample as kernel-commit-message columns: one column per thread that takes a
/// step (in thread index order), one numbered line per step in its thread's column with the
/// step's location after the last column, the values the step changed on the line below it,
/// and the conclusion last. Nondeterministic initial values come first. Every name and text
/// from the spec is shown through `DisplayText.escaped`, and columns are as wide as that text.
///
/// ```
/// reaper_no_uaf VIOLATED in mm-exit/toy (3 steps)
///        exit                       oom_reaper
///     1  mmput(mm)                                                         [kernel/fork.c:mmput]
///          mm_users 1 -> 0
///     2                             down_read_trylock(&mm->mmap_sem) -> ok [mm/oom_kill.c:__oom_reap_task_mm]
///     3                             unmap_page_range(...)                  [mm/memory.c:unmap_page_range]
///                                   <- use after free of pgtables (freed by exit at step 1)
/// ```
public struct CounterexampleRenderer: Sendable {
  /// Spaces between a column's widest entry and the next column.
  public var gutter: Int
  /// Prefix of every line after the header.
  public var indent: String
  /// Changes wrap at this many characters (or the column's width, if wider).
  public var changesWidth: Int

  public init(gutter: Int = 3, indent: String = "  ", changesWidth: Int = 40) {
    self.gutter = gutter
    self.indent = indent
    self.changesWidth = changesWidth
  }

  /// The header line: `name VIOLATED in model (N steps)`, or `REACHED` for a witness.
  public func header(_ counterexample: Counterexample) -> String {
    let word = counterexample.kind == .witness ? "REACHED" : "VIOLATED"
    let count = counterexample.steps.count
    let property = DisplayText.escaped(counterexample.property)
    let model = DisplayText.escaped(counterexample.model)
    return "\(property) \(word) in \(model) (\(count) step\(count == 1 ? "" : "s"))"
  }

  /// The text of a step on its own line: code (or label), then ` -> result`.
  /// A statement's trailing `;` or opening `{` is dropped (`mmget_not_zero(mm) -> false`).
  public func entry(_ step: CounterexampleStep) -> String {
    var text = DisplayText.escaped(Self.statement(step.title))
    if let result = step.result { text += " -> \(DisplayText.escaped(result))" }
    return text
  }

  /// The changes of a step as lines of at most `width` characters (`mm_users 1 -> 0, ...`).
  public func changeLines(_ step: CounterexampleStep, width: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for change in step.changes {
      let item = DisplayText.escaped("\(change.slot) \(change.from) -> \(change.to)")
      if current.isEmpty {
        current = item
      } else if current.count + 2 + item.count <= width {
        current += ", " + item
      } else {
        lines.append(current + ",")
        current = item
      }
    }
    if !current.isEmpty { lines.append(current) }
    return lines
  }

  /// The whole rendering, lines joined by `\n`, without a trailing newline.
  public func render(_ counterexample: Counterexample) -> String {
    let steps = counterexample.steps
    // Columns: the threads that appear, by thread index.
    var names: [(index: Int, name: String)] = []
    for step in steps where !names.contains(where: { $0.index == step.threadIndex }) {
      names.append((step.threadIndex, DisplayText.escaped(step.thread)))
    }
    names.sort { $0.index < $1.index }
    func column(_ step: CounterexampleStep) -> Int { names.firstIndex { $0.index == step.threadIndex } ?? 0 }

    let entries = steps.map(entry)
    var widths = names.map { $0.name.count }
    for (step, text) in zip(steps, entries) { widths[column(step)] = max(widths[column(step)], text.count) }
    let changes = steps.map { changeLines($0, width: max(widths[column($0)] - 2, changesWidth)) }
    for (step, lines) in zip(steps, changes) {
      for line in lines { widths[column(step)] = max(widths[column(step)], line.count + 2) }
    }
    let number = String(steps.count).count
    let margin = number + 2
    var starts: [Int] = []
    var offset = margin
    for width in widths {
      starts.append(offset)
      offset += width + gutter
    }
    let total = offset

    func line(_ prefix: String, _ cells: [(column: Int, text: String)], location: String = "") -> String {
      var text = prefix
      for cell in cells {
        let start = starts.indices.contains(cell.column) ? starts[cell.column] : margin
        text += String(repeating: " ", count: max(start - text.count, 0)) + cell.text
      }
      if !location.isEmpty {
        text += String(repeating: " ", count: max(total - text.count, 1)) + "[\(location)]"
      }
      return Self.trimmingTrailingSpaces(indent + text)
    }

    var lines = [header(counterexample)]
    if !counterexample.initial.isEmpty {
      lines.append(indent + "initially: " + DisplayText.escaped(counterexample.initial.joined(separator: ", ")))
    }
    if steps.isEmpty {
      lines.append(indent + "(in an initial state)")
    } else {
      lines.append(line("", names.enumerated().map { ($0.offset, $0.element.name) }))
      for (n, step) in steps.enumerated() {
        if n == counterexample.cycleStart {
          lines.append(
            indent + String(repeating: " ", count: margin) + "-- cycle: steps \(n + 1)-\(steps.count) repeat forever --"
          )
        }
        let label = String(n + 1)
        let prefix = String(repeating: " ", count: number - label.count) + label
        lines.append(line(prefix, [(column(step), entries[n])], location: DisplayText.escaped(step.location)))
        for change in changes[n] { lines.append(line("", [(column(step), "  " + change)])) }
      }
    }
    let lastColumn = steps.last.map(column) ?? 0
    lines.append(line("", [(lastColumn, "<- \(DisplayText.escaped(counterexample.conclusion))")]))
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
