/// Finds the patches in a diff file, a mail or an mbox: each message (an mbox is split at its
/// `From ` lines) is read at every quote depth, so a diff quoted in a reply (`> > +line`, `>>+line`)
/// is found as well as one sent as is. A reply quoting a patch already found is not read twice.
public enum MailPatchExtractor {
  /// The patches of a file, and the quotes of them it skipped.
  public struct Contents: Sendable, Equatable {
    /// The patches to map, in file order.
    public var patches: [ExtractedPatch]
    /// Quoted diffs whose every hunk repeats lines of a hunk of an earlier patch of the file (a
    /// reply in a thread quoting, whole or in part, a patch already read): not mapped again.
    public var quotes: [ExtractedPatch]
  }

  /// Every patch in `text` (the contents of `path`), in file order; empty when there is no diff.
  public static func patches(in text: String, path: String) -> [ExtractedPatch] {
    read(text, path: path).patches
  }

  /// The patches in `text` and the quotes of them it skipped.
  public static func read(_ text: String, path: String) -> Contents {
    var contents = Contents(patches: [], quotes: [])
    for raw in messages(QuotedLine.rawLines(of: text)) {
      let decoded = QuotedPrintable.isDeclared(in: raw) ? QuotedPrintable.decodeBody(raw) : raw
      let message = decoded.map { QuotedLine(number: $0.number, raw: $0.text) }
      let subject = self.subject(message)
      let depths = Set(message.map(\.depth)).sorted()
      // Each depth is its own diff; shallow first keeps a patch as sent ahead of its quotes in
      // the same message.
      for depth in depths {
        let atDepth = message.filter { $0.depth == depth }
        let hunks = UnifiedDiffParser(path: path).hunks(atDepth)
        guard !hunks.isEmpty else { continue }
        let first = atDepth.first.map { SourceLocation(path: path, line: $0.number, column: 1) }
        let patch = ExtractedPatch(
          subject: subject, quoteDepth: depth, hunks: hunks,
          location: first ?? SourceLocation(path: path, line: 1, column: 1))
        if contents.patches.contains(where: { quotes(hunks, of: $0.hunks) }) {
          contents.quotes.append(patch)
        } else {
          contents.patches.append(patch)
        }
      }
    }
    return contents
  }

  /// Whether every hunk of `quoted` repeats, in order, lines of one hunk of `earlier` on the same
  /// file (lines without code left aside: quoting trims them).
  static func quotes(_ quoted: [DiffHunk], of earlier: [DiffHunk]) -> Bool {
    func key(_ hunk: DiffHunk) -> [String] {
      hunk.lines.compactMap { line in
        let code = CodeNormalizer.normalize(line.text)
        return code.isEmpty ? nil : "\(line.kind.rawValue) \(code)"
      }
    }
    func isSubsequence(_ a: [String], of b: [String]) -> Bool {
      var index = b.startIndex
      for item in a {
        guard let found = b[index...].firstIndex(of: item) else { return false }
        index = found + 1
      }
      return true
    }
    return quoted.allSatisfy { hunk in
      let lines = key(hunk)
      return earlier.contains { $0.path == hunk.path && isSubsequence(lines, of: key($0)) }
    }
  }

  /// The messages of an mbox: split before each `From ` line that starts the file or follows an
  /// empty line. A file without one is one message.
  static func messages(_ lines: [(number: Int, text: String)]) -> [[(number: Int, text: String)]] {
    var messages: [[(number: Int, text: String)]] = []
    var current: [(number: Int, text: String)] = []
    for (index, line) in lines.enumerated() {
      let separator = line.text.hasPrefix("From ") && (index == 0 || lines[index - 1].text.isEmpty)
      if separator && !current.isEmpty {
        messages.append(current)
        current = []
      }
      current.append(line)
    }
    if !current.isEmpty { messages.append(current) }
    return messages
  }

  /// The `Subject:` header of a message (folded lines joined), if it starts with headers.
  static func subject(_ message: [QuotedLine]) -> String? {
    for (index, line) in message.enumerated() {
      if line.depth == 0 && line.text.isEmpty { return nil }  // end of the headers
      guard line.depth == 0, line.text.lowercased().hasPrefix("subject:") else { continue }
      var subject = String(line.text.dropFirst("subject:".count)).trimmingLeadingSpaces()
      var next = index + 1
      while next < message.count, message[next].depth == 0,
        message[next].text.first == " " || message[next].text.first == "\t"
      {
        subject += " " + message[next].text.trimmingLeadingSpaces()
        next += 1
      }
      return subject.trimmingTrailingSpaces()
    }
    return nil
  }
}
