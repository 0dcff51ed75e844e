/// One line of a diff hunk: context, removed or added, with the C text after the marker and
/// where it is in the patch or mail file.
public struct HunkLine: Sendable, Equatable {
  /// The three kinds of hunk lines.
  public enum Kind: String, Sendable, Equatable {
    case context, removed, added
  }

  public var kind: Kind
  /// The text after the marker; a line the mail wrapped is joined to its start with one space.
  public var text: String
  /// The function the line is in: the hunk header's, or the last definition the hunk showed.
  public var function: String?
  /// The marker's position in the file (line and column after any quote prefix).
  public var location: SourceLocation

  public init(kind: Kind, text: String, function: String?, location: SourceLocation) {
    self.kind = kind
    self.text = text
    self.function = function
    self.location = location
  }

  /// Whether the line is in the old version of the file (context or removed).
  public var isOld: Bool { kind != .added }
  /// Whether the line is in the new version of the file (context or added).
  public var isNew: Bool { kind != .removed }
}

/// One `@@ -a,b +c,d @@` hunk of a unified diff, with the file it changes.
public struct DiffHunk: Sendable, Equatable {
  /// The file as the diff names it, without `a/`/`b/` (`mm/mmap.c`).
  public var path: String
  /// The function named after the second `@@`, if any.
  public var headerFunction: String?
  public var lines: [HunkLine]
  /// Where the `@@` line is.
  public var location: SourceLocation
  /// Old and new line counts the header announced, and whether the hunk had them all (a reply
  /// may quote only part of a hunk).
  public var oldCount: Int
  public var newCount: Int
  public var isComplete: Bool

  public init(
    path: String, headerFunction: String?, lines: [HunkLine], location: SourceLocation, oldCount: Int,
    newCount: Int, isComplete: Bool
  ) {
    self.path = path
    self.headerFunction = headerFunction
    self.lines = lines
    self.location = location
    self.oldCount = oldCount
    self.newCount = newCount
    self.isComplete = isComplete
  }
}

/// The hunks of one patch: one message of a mail or mbox (at one quote depth), or a diff file.
public struct ExtractedPatch: Sendable, Equatable {
  /// The message's `Subject:`, if it had one.
  public var subject: String?
  /// How many `>` quoted the diff (0 for a patch as sent).
  public var quoteDepth: Int
  public var hunks: [DiffHunk]
  /// Where the message (or the diff) starts.
  public var location: SourceLocation

  public init(subject: String?, quoteDepth: Int, hunks: [DiffHunk], location: SourceLocation) {
    self.subject = subject
    self.quoteDepth = quoteDepth
    self.hunks = hunks
    self.location = location
  }
}
