/// Maps diff hunks onto the steps of one spec: each hunk's file and function are matched against
/// the steps' `at:`, its context and removed lines against their `code:` (normalized), in order;
/// removed lines become removals, added lines new steps (through `KernelVocabulary`) placed
/// where the context says. Anything it cannot decide is an error naming the patch line.
public struct HunkMapper {
  let specName: String
  let vocabulary: KernelVocabulary
  var index: SpecStepIndex
  var log = DiagnosticLog()
  private var mapping = PatchMapping()

  /// A mapper for the spec `document` (variant name `specName`) with its vocabulary.
  public init(document: SpecDocument, specName: String, vocabulary: SpecVocabulary) {
    self.init(base: MappingBase(document: document, specName: specName, vocabulary: vocabulary))
  }

  /// A mapper onto `base`.
  public init(base: MappingBase) {
    self.specName = base.specName
    self.vocabulary = base.vocabulary
    self.index = base.index
  }

  /// The mapping of `patches`, in order (a later patch sees the steps an earlier one changed);
  /// throws every error found.
  public static func map(
    _ patches: [ExtractedPatch], document: SpecDocument, specName: String, vocabulary: SpecVocabulary
  ) throws(SpecLoadError) -> PatchMapping {
    try map(patches, base: MappingBase(document: document, specName: specName, vocabulary: vocabulary))
  }

  /// The mapping of `patches` onto `base`, in order; throws every error found.
  public static func map(_ patches: [ExtractedPatch], base: MappingBase) throws(SpecLoadError) -> PatchMapping {
    var mapper = HunkMapper(base: base)
    for patch in patches {
      for hunk in patch.hunks { mapper.map(hunk) }
    }
    if mapper.log.hasErrors { throw SpecLoadError(diagnostics: mapper.log.sorted) }
    return mapper.mapping
  }

  /// A hunk line with what the mapper knows about it.
  struct Line {
    var line: HunkLine
    var normalized: String
    /// `file:function`, when the function is known.
    var at: String?
    /// The statement of the spec it stands for (context and removed lines).
    var statement: SpecStepIndex.Statement?
    /// Net `{` minus `}` of the line (new side only: context and added).
    var braces: Int
  }

  private mutating func map(_ hunk: DiffHunk) {
    guard let file = index.file(forDiffPath: hunk.path) else {
      let modelled = index.files.sorted().joined(separator: ", ")
      log.error(
        "\(specName) models nothing in \(hunk.path) (its steps are in \(modelled)); this hunk cannot be checked",
        at: hunk.location)
      return
    }
    var lines: [Line] = []
    var oldComment = false
    var newComment = false
    let before = log.entries.count
    for line in hunk.lines where line.kind != .context && line.text.utf8.count > CodeNormalizer.maxLength {
      log.error(
        "this line is longer than \(CodeNormalizer.maxLength) bytes, which no kernel statement is; it is not read as C",
        at: line.location)
    }
    for line in hunk.lines {
      var normalized = ""
      if line.kind == .context {
        var copy = oldComment
        normalized = CodeNormalizer.normalize(line.text, inComment: &copy)
        oldComment = copy
        newComment = copy
      } else if line.kind == .removed {
        normalized = CodeNormalizer.normalize(line.text, inComment: &oldComment)
      } else {
        normalized = CodeNormalizer.normalize(line.text, inComment: &newComment)
      }
      let function = line.function ?? hunk.headerFunction
      let braces = normalized.filter { $0 == "{" }.count - normalized.filter { $0 == "}" }.count
      lines.append(
        Line(
          line: line, normalized: normalized, at: function.map { "\(file):\($0)" }, statement: nil,
          braces: line.kind == .removed ? 0 : braces))
    }
    guard log.entries.count == before else { return }
    inferFunction(&lines, file: file, hunk: hunk)
    guard log.entries.count == before else { return }
    align(&lines)
    guard log.entries.count == before else { return }
    emit(lines)
  }

  /// For the lines before the hunk shows a definition, when the header names no function (a
  /// plain `diff -u` without `-p`): the one modelled function of the file whose steps the hunk's
  /// context and removed lines match. Several is an error; none leaves them without a function.
  private mutating func inferFunction(_ lines: inout [Line], file: String, hunk: DiffHunk) {
    let unknown = lines.indices.filter { lines[$0].at == nil }
    guard !unknown.isEmpty else { return }
    let functions = Set(index.entries.map(\.at).filter { $0.hasPrefix(file + ":") }).sorted()
    let matching = functions.filter { at in
      let statements = index.statements(at: at)
      return unknown.contains { position in
        lines[position].line.isOld && !lines[position].normalized.isEmpty
          && statements.contains { Self.matches(lines[position].normalized, $0.code) }
      }
    }
    if matching.count > 1 {
      log.error(
        "the hunk header names no function, and its lines match steps of \(matching.joined(separator: " and ")) in "
          + "\(specName); give the diff with the function (diff -p, git diff)", at: hunk.location)
      return
    }
    guard let at = matching.first else { return }
    for position in unknown { lines[position].at = at }
  }

  // MARK: - Alignment

  /// Matches the context and removed lines to the statements of their function, in order.
  private mutating func align(_ lines: inout [Line]) {
    let functions = Set(lines.compactMap(\.at))
    for at in functions.sorted() {
      let statements = index.statements(at: at)
      let old = lines.indices.filter { lines[$0].line.isOld && lines[$0].at == at && !lines[$0].normalized.isEmpty }
      var candidates: [[Int]] = []
      var rows: [Int] = []
      for position in old {
        let matches = statements.indices.filter { Self.matches(lines[position].normalized, statements[$0].code) }
        if matches.isEmpty { continue }
        candidates.append(matches)
        rows.append(position)
      }
      guard !rows.isEmpty else { continue }
      let choice = unique(candidates, rows: rows, lines: lines, statements: statements, at: at)
      guard let choice else { return }
      for (row, position) in rows.enumerated() { lines[position].statement = statements[choice[row]] }
    }
  }

  /// Whether a line's normalized C stands for a step's: the same, or the step's code within it
  /// (`if (!down_read_trylock(&mm->mmap_sem)) {` for the step `down_read_trylock(&mm->mmap_sem)`).
  static func matches(_ line: String, _ code: String) -> Bool {
    line == code || (code.count >= 4 && CodeNormalizer.contains(line, code))
  }

  /// The one increasing assignment of rows to statements, or nil after reporting none or several.
  private mutating func unique(
    _ candidates: [[Int]], rows: [Int], lines: [Line], statements: [SpecStepIndex.Statement], at: String
  ) -> [Int]? {
    switch StatementAlignment.align(candidates) {
    case .unique(let choice):
      return choice
    case .none(let row):
      let line = lines[rows[row]]
      let labels = candidates[row].map { describe(statements[$0]) }.joined(separator: ", ")
      log.error(
        "'\(line.line.text.trimmingLeadingSpaces())' matches \(labels) of \(at) in \(specName), but not in the "
          + "order the hunk's other lines put it; the hunk does not fit this spec", at: line.line.location)
      return nil
    case .ambiguous(let row, let places):
      let line = lines[rows[row]]
      let labels = places.map { describe(statements[$0]) }.joined(separator: ", ")
      log.error(
        "'\(line.line.text.trimmingLeadingSpaces())' matches \(places.count) places in \(at) of \(specName) "
          + "(\(labels)) and the hunk's context does not tell which", at: line.line.location)
      return nil
    }
  }

  private func describe(_ statement: SpecStepIndex.Statement) -> String {
    let names = statement.entries.map { $0.label ?? "the unlabelled step at line \($0.location.line)" }
    return names.joined(separator: "/")
  }

  // MARK: - Edits

  /// Turns an aligned hunk into edits: inserts in order, then removals.
  private mutating func emit(_ lines: [Line]) {
    var inserts: [OverlayEdit] = []
    var removals: [(SpecStepIndex.Entry, Line)] = []
    var pending: [(NewStep, Line, Int)] = []
    var previous: (statement: SpecStepIndex.Statement, position: Int)?
    var newSteps: [(anchor: SpecStepIndex.Entry, after: Bool, entries: [SpecStepIndex.Entry])] = []

    func text(_ line: Line) -> String {
      SpecStepIndex.collapse(line.line.text)
    }
    let wholeBlocks = removedWholeBlocks(lines)
    let conditionals = addedConditionals(lines)
    var consumed: Set<Int> = []

    for (position, line) in lines.enumerated() {
      if consumed.contains(position) { continue }
      if let conditional = conditionals[position], let at = line.at {
        consumed.formUnion(conditional.body)
        if let close = conditional.close { consumed.insert(close) }
        if let step = conditionalStep(conditional, line: line, at: at, lines: lines) {
          pending.append((step, line, position))
        }
        continue
      }
      if let statement = line.statement {
        flush(&pending, previous: previous, next: (statement, position), lines: lines, into: &inserts, &newSteps)
        previous = (statement, position)
        let labels = statement.entries.compactMap(\.label)
        if line.line.kind == .removed {
          let unlabelled = statement.entries.filter { $0.label == nil }
          if let step = statement.entries.first(where: \.holdsSteps) {
            log.error(
              "'\(text(line))' is the step \(step.label ?? "at \(step.location)"), which holds the steps nested in it; "
                + "removing it would remove them too: write that change as an overlay (docs/patches.md)",
              at: line.line.location)
            continue
          }
          if let step = unlabelled.first {
            log.error(
              "'\(text(line))' removes the step at \(step.location), which has no label; label it so a patch can "
                + "remove it", at: line.line.location)
            continue
          }
          for entry in statement.entries { removals.append((entry, line)) }
          record(line, .removed, labels)
        } else {
          record(line, .context, labels)
        }
        continue
      }
      guard line.line.kind != .context else {
        record(line, .ignored, [], reason: line.normalized.isEmpty ? "no code" : "context that no step models")
        continue
      }
      guard let at = line.at else {
        if line.normalized.isEmpty {
          record(line, .ignored, [], reason: "no code")
        } else {
          log.error(
            "cannot tell which function '\(text(line))' is in: the hunk header names none and no definition "
              + "precedes it", at: line.line.location)
        }
        continue
      }
      let meaning = vocabulary.meaning(of: line.normalized, at: at)
      switch (line.line.kind, meaning) {
      case (_, .notModelled(let reason)):
        record(line, .ignored, [], reason: reason)
      case (.removed, .unplaceable) where wholeBlocks.contains(position):
        record(line, .ignored, [], reason: "control flow removed with its whole block")
      case (_, .unplaceable(let reason)):
        log.error("cannot map '\(text(line))': \(reason)", at: line.line.location)
      case (.removed, .step):
        let partial = index.statements(at: at).filter { statement in
          CodeNormalizer.contains(statement.code, line.normalized)
            || statement.entries.contains { CodeNormalizer.contains($0.normalizedNote, line.normalized) }
        }
        if let merged = partial.first {
          log.error(
            "'\(text(line))' is one of several statements the step \(describe(merged)) models (its code or note "
              + "says so); removing it needs an overlay written by hand (docs/patches.md)", at: line.line.location)
        } else {
          log.error(
            "'\(text(line))' is modelled by \(specName), but no step of \(at) has this code", at: line.line.location)
        }
      case (.added, .step(let name, let body)):
        let function = at.split(separator: ":").last.map(String.init) ?? "step"
        let stem = "\(function.hasPrefix("__") ? String(function.drop { $0 == "_" }) : function)_\(name)"
        let step = NewStep(
          label: index.freshLabel(stem), code: text(line), at: at, body: body, source: line.line.location)
        pending.append((step, line, position))
        record(line, .inserted, [step.label])
      default:
        break
      }
    }
    flush(&pending, previous: previous, next: nil, lines: lines, into: &inserts, &newSteps)
    mapping.edits += inserts
    for insert in newSteps {
      if insert.after {
        index.insert(insert.entries, after: insert.anchor)
      } else {
        index.insert(insert.entries, before: insert.anchor)
      }
    }
    var removed: Set<String> = []
    for (entry, line) in removals {
      guard let label = entry.label, removed.insert(label).inserted else { continue }
      mapping.edits.append(.remove(label: label, source: line.line.location, code: text(line)))
      index.remove(entry)
    }
  }

  /// Places the added steps waiting in `pending`: after the statement before them, unless that
  /// statement is inside a spec block the C closes before them; else before the next one.
  private mutating func flush(
    _ pending: inout [(NewStep, Line, Int)], previous: (statement: SpecStepIndex.Statement, position: Int)?,
    next: (statement: SpecStepIndex.Statement, position: Int)?, lines: [Line], into inserts: inout [OverlayEdit],
    _ newSteps: inout [(anchor: SpecStepIndex.Entry, after: Bool, entries: [SpecStepIndex.Entry])]
  ) {
    guard let first = pending.first, let last = pending.last else { return }
    defer { pending = [] }
    let steps = pending.map(\.0)
    let sameFunction = { (statement: SpecStepIndex.Statement) in statement.first.at == first.0.at }
    if let previous, sameFunction(previous.statement) {
      // The braces between the statement and the first added line (new side).
      var depth = 0
      var lowest = 0
      for position in (previous.position + 1)..<first.2 {
        depth += lines[position].braces
        lowest = min(lowest, depth)
      }
      if !previous.statement.nested || lowest >= 0 {
        if let label = previous.statement.last.label {
          inserts.append(.insertAfter(label: label, steps: steps))
          newSteps.append((previous.statement.last, true, entries(steps, like: previous.statement.last)))
          return
        }
      }
    }
    if let next, sameFunction(next.statement) {
      var depth = 0
      var highest = 0
      for position in (last.2 + 1)..<next.position {
        depth += lines[position].braces
        highest = max(highest, depth)
      }
      if !next.statement.nested || highest <= 0, let label = next.statement.first.label {
        inserts.append(.insertBefore(label: label, steps: steps))
        newSteps.append((next.statement.first, false, entries(steps, like: next.statement.first)))
        return
      }
    }
    let at = first.0.at
    log.error(
      "cannot place '\(first.0.code)': no step of \(at) in \(specName) before or after it in the hunk "
        + "says where it goes (the context lines match none, or only steps inside a block the C leaves)",
      at: first.1.line.location)
  }

  private func entries(_ steps: [NewStep], like anchor: SpecStepIndex.Entry) -> [SpecStepIndex.Entry] {
    steps.map { step in
      SpecStepIndex.Entry(
        label: step.label, code: step.code, normalizedCode: CodeNormalizer.normalize(step.code), at: step.at,
        list: anchor.list, nested: anchor.nested, location: step.source)
    }
  }

  mutating func record(_ line: Line, _ outcome: LineMapping.Outcome, _ labels: [String], reason: String? = nil) {
    mapping.lines.append(
      LineMapping(
        location: line.line.location, kind: line.line.kind, text: SpecStepIndex.collapse(line.line.text),
        outcome: outcome, labels: labels, reason: reason, at: line.at))
  }
}

extension SpecStepIndex {
  /// `text` with runs of whitespace as one space and none at the ends.
  static func collapse(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
  }
}
