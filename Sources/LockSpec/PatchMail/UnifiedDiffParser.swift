/// Reads the hunks of a unified diff (`git format-patch`, `git diff`, `diff -u`) out of a run of
/// lines, tolerating what mail does to them: tabs turned into spaces, a context line's leading
/// space lost, long lines wrapped, the hunk cut short by a reply.
struct UnifiedDiffParser {
  /// The file the lines come from, for locations.
  let path: String

  /// The hunks of `lines` (all at one quote depth), in order.
  func hunks(_ lines: [QuotedLine]) -> [DiffHunk] {
    var hunks: [DiffHunk] = []
    var file: String?
    var index = 0
    while index < lines.count {
      let line = lines[index]
      let text = line.text
      if text.hasPrefix("diff --git ") {
        file = Self.gitPath(text)
        index += 1
        continue
      }
      if text.hasPrefix("--- "), index + 1 < lines.count, lines[index + 1].text.hasPrefix("+++ ") {
        let old = Self.headerPath(String(text.dropFirst(4)))
        let new = Self.headerPath(String(lines[index + 1].text.dropFirst(4)))
        file = new == "/dev/null" ? old : new
        index += 2
        continue
      }
      if text.hasPrefix("@@ -"), let file, let header = Self.header(text) {
        var next = index + 1
        var function = header.function
        var headerText = header.trailing
        // A header whose function's argument list the mail wrapped: join the rest.
        if function == nil || headerText.filter({ $0 == "(" }).count > headerText.filter({ $0 == ")" }).count {
          if next < lines.count, !Self.isMarked(lines[next].text), !lines[next].text.isEmpty,
            headerText.contains("(")
          {
            headerText += " " + lines[next].text.trimmingLeadingSpaces()
            function = Self.definedFunction(headerText)
            next += 1
          }
        }
        let (hunk, end) = body(
          lines, from: next, file: file, function: function, header: header,
          location: SourceLocation(path: path, line: line.number, column: line.column))
        hunks.append(hunk)
        index = end
        continue
      }
      index += 1
    }
    return hunks
  }

  /// The hunk lines from `start` until the header's counts are met (or the lines end, or another
  /// hunk or file starts: a hunk a reply cut short), and the index after them.
  private func body(
    _ lines: [QuotedLine], from start: Int, file: String, function: String?, header: Header,
    location: SourceLocation
  ) -> (DiffHunk, Int) {
    var oldLeft = header.oldCount
    var newLeft = header.newCount
    var result: [HunkLine] = []
    var current = function
    var index = start
    // How wide the last hunk line was in the file, quote prefix and marker included.
    var lastWidth = 0
    while index < lines.count, oldLeft > 0 || newLeft > 0 {
      let line = lines[index]
      let text = line.text
      if text.hasPrefix("@@ -") || text.hasPrefix("diff --git ") { break }
      let here = SourceLocation(path: path, line: line.number, column: line.column)
      if text.hasPrefix("\\") || Self.isSnip(text) {  // "\ No newline at end of file", a reply's "[...]"
        index += 1
        continue
      }
      let kind: HunkLine.Kind
      var body: String
      if let first = text.first, first == "+" || first == "-" || first == " " {
        kind = first == "+" ? .added : first == "-" ? .removed : .context
        body = String(text.dropFirst())
      } else if let last = result.last, Self.isWrapContinuation(previous: last.text, width: lastWidth, text),
        last.text.utf8.count + text.utf8.count < CodeNormalizer.maxLength
      {
        // A long line the mail wrapped: the rest belongs to the line before.
        result[result.count - 1].text += " " + text.trimmingLeadingSpaces()
        lastWidth = line.column - 1 + text.count
        index += 1
        continue
      } else {
        // A context line whose leading space was lost (an empty line, or quoting without a space).
        kind = .context
        body = text
      }
      if kind == .added && newLeft == 0 || kind == .removed && oldLeft == 0
        || kind == .context && (oldLeft == 0 || newLeft == 0)
      {
        break
      }
      if kind != .removed, let defined = Self.definedFunction(atColumnZero: body) { current = defined }
      if kind == .removed && body.hasPrefix("\t") == false, Self.definedFunction(atColumnZero: body) != nil {
        // A definition being removed still starts the function for the lines after it.
        current = Self.definedFunction(atColumnZero: body)
      }
      while body.last == " " || body.last == "\t" { body.removeLast() }
      result.append(HunkLine(kind: kind, text: body, function: current, location: here))
      lastWidth = line.column - 1 + text.count
      if kind != .added { oldLeft -= 1 }
      if kind != .removed { newLeft -= 1 }
      index += 1
    }
    let hunk = DiffHunk(
      path: file, headerFunction: function, lines: result, location: location, oldCount: header.oldCount,
      newCount: header.newCount, isComplete: oldLeft <= 0 && newLeft <= 0)
    return (hunk, index)
  }

  /// A hunk header's counts and the text after the second `@@`.
  struct Header {
    var oldCount: Int
    var newCount: Int
    var trailing: String
    var function: String?
  }

  /// Parses `@@ -a[,b] +c[,d] @@ text`.
  static func header(_ text: String) -> Header? {
    let parts = text.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
    guard parts.count >= 3, parts[0] == "@@", parts[1].hasPrefix("-"), parts[2].hasPrefix("+") else { return nil }
    func count(_ range: Substring) -> Int? {
      let fields = range.dropFirst().split(separator: ",", omittingEmptySubsequences: false)
      guard let first = fields.first, Int(first) != nil else { return nil }
      if fields.count == 1 { return 1 }
      return fields.count == 2 ? Int(fields[1]) : nil
    }
    guard let oldCount = count(parts[1]), let newCount = count(parts[2]) else { return nil }
    var trailing = ""
    if parts.count == 4 {
      let rest = parts[3]
      guard rest.hasPrefix("@@") else { return nil }
      trailing = String(rest.dropFirst(2)).trimmingLeadingSpaces()
    }
    return Header(oldCount: oldCount, newCount: newCount, trailing: trailing, function: definedFunction(trailing))
  }

  /// The path in `diff --git a/X b/Y`: Y without `b/`.
  static func gitPath(_ text: String) -> String? {
    guard let range = text.range(of: " b/", options: .backwards) else { return nil }
    return String(text[range.upperBound...])
  }

  /// The path of a `---`/`+++` line: the timestamp after a tab dropped, `a/`/`b/` taken off.
  static func headerPath(_ text: String) -> String {
    var path = text
    if let tab = path.firstIndex(of: "\t") { path = String(path[..<tab]) }
    path = path.trimmingTrailingSpaces()
    for prefix in ["a/", "b/"] where path.hasPrefix(prefix) { return String(path.dropFirst(2)) }
    return path
  }

  /// Whether the line starts with a hunk marker.
  static func isMarked(_ text: String) -> Bool {
    guard let first = text.first else { return false }
    return first == "+" || first == "-" || first == " " || first == "\\"
  }

  /// Whether a line is a reply's mark for lines it left out of a quote (`[...]`, `[snip]`, `<snip>`).
  static func isSnip(_ text: String) -> Bool {
    let trimmed = text.trimmingLeadingSpaces().trimmingTrailingSpaces().lowercased()
    return ["[...]", "[ ... ]", "[..]", "...", "[snip]", "<snip>", "[ snip ]", "<...>"].contains(trimmed)
  }

  /// Whether an unmarked line continues the line before it: that line was long enough to be
  /// wrapped (`width`, its width in the file with quote prefix and marker, is 60 or more) and
  /// does not end a statement, block or comment.
  static func isWrapContinuation(previous: String, width: Int, _ text: String) -> Bool {
    guard !text.trimmingLeadingSpaces().isEmpty else { return false }
    let trimmed = previous.trimmingTrailingSpaces()
    guard width >= 60, let last = trimmed.last else { return false }
    if trimmed.hasSuffix("*/") { return false }
    return !";{}:".contains(last)
  }

  /// The function a definition line defines, when the line starts at column 0 with a word
  /// (`static void exit_mmap(struct mm_struct *mm)`), is not a declaration (`;`) or a macro.
  static func definedFunction(atColumnZero text: String) -> String? {
    guard text.utf8.count <= CodeNormalizer.maxLength, let first = text.first, first.isLetter || first == "_" else {
      return nil
    }
    let trimmed = text.trimmingTrailingSpaces()
    if trimmed.hasSuffix(";") || trimmed.hasPrefix("#") || trimmed.hasSuffix(":") { return nil }
    return definedFunction(trimmed)
  }

  /// The last identifier followed by `(` before the first `(` of `text`: the function name
  /// in `void __ksm_exit(struct mm_struct *mm)`.
  static func definedFunction(_ text: String) -> String? {
    guard let open = text.firstIndex(of: "(") else { return nil }
    let before = text[..<open].trimmingTrailingSpaces()
    var name = ""
    for char in before.reversed() {
      guard CodeNormalizer.isWord(char) else { break }
      name.insert(char, at: name.startIndex)
    }
    guard let first = name.first, first.isLetter || first == "_" else { return nil }
    let keywords: Set<String> = ["if", "for", "while", "switch", "return", "sizeof"]
    return keywords.contains(name) ? nil : name
  }
}

extension StringProtocol {
  /// The text without leading spaces and tabs.
  func trimmingLeadingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" })
  }

  /// The text without trailing spaces and tabs.
  func trimmingTrailingSpaces() -> String {
    var text = String(self)
    while text.last == " " || text.last == "\t" { text.removeLast() }
    return text
  }
}
