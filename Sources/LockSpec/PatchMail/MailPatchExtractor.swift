/// Finds the patches in a diff file, a mail or an mbox: each message (an mbox is split at its
/// `From ` lines) is read at every quote depth, so a diff quoted in a reply (`> > +line`, `>>+line`)
/// is found as well as one sent as is. A message quoting a patch already found is not read twice.
public enum MailPatchExtractor {
  /// Every patch in `text` (the contents of `path`), in file order; empty when there is no diff.
  public static func patches(in text: String, path: String) -> [ExtractedPatch] {
    var result: [ExtractedPatch] = []
    for raw in messages(QuotedLine.rawLines(of: text)) {
      let decoded = QuotedPrintable.isDeclared(in: raw) ? QuotedPrintable.decodeBody(raw) : raw
      let message = decoded.map { QuotedLine(number: $0.number, raw: $0.text) }
      let subject = self.subject(message)
      let depths = Set(message.map(\.depth)).sorted()
      // Deeper quotes first would not matter: each depth is its own diff. Shallow first keeps
      // a patch as sent ahead of its quotes in the same message.
      for depth in depths {
        let atDepth = message.filter { $0.depth == depth }
        let hunks = UnifiedDiffParser(path: path).hunks(atDepth)
        guard !hunks.isEmpty else { continue }
        if result.contains(where: { same($0.hunks, hunks) }) { continue }
        let first = message.first.map { SourceLocation(path: path, line: $0.number, column: 1) }
        result.append(
          ExtractedPatch(
            subject: subject, quoteDepth: depth, hunks: hunks,
            location: first ?? SourceLocation(path: path, line: 1, column: 1)))
      }
    }
    return result
  }

  /// Whether two patches have the same hunks (a reply quoting a patch of the same mbox).
  static func same(_ a: [DiffHunk], _ b: [DiffHunk]) -> Bool {
    func key(_ hunks: [DiffHunk]) -> [String] {
      hunks.flatMap { hunk in
        [hunk.path] + hunk.lines.map { "\($0.kind.rawValue) \(CodeNormalizer.normalize($0.text))" }
      }
    }
    return key(a) == key(b)
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
