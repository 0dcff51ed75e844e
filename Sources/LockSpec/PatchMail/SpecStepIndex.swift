/// The steps of a spec that carry `code:` and `at:`, in document order, as a patch is mapped
/// onto them: each with its normalized code, the step list it is in and whether that list is
/// nested in an `if`, `loop` or `choose`. Updated as hunks remove and insert steps, so a later
/// hunk or patch sees the earlier ones applied.
struct SpecStepIndex {
  struct Entry: Equatable {
    var label: String?
    var code: String
    var normalizedCode: String
    var at: String
    /// The step list it is in (thread or procedure, and the path to the nested list).
    var list: String
    var nested: Bool
    /// Where the step is written (the spec, or the patch line it was inserted from).
    var location: SourceLocation
    /// The step's `note:`, normalized (a note often names statements merged into the step).
    var normalizedNote = ""
    /// Whether steps are nested in it (an `if`, `loop` or `choose` with code of its own).
    var holdsSteps = false
  }

  /// One C statement as the spec models it: consecutive steps of one list with the same code
  /// and place (`unmap_vmas` modelled as a begin and an end step) are one statement.
  struct Statement: Equatable {
    var entries: [Entry]
    var code: String { entries[0].normalizedCode }
    var first: Entry { entries[0] }
    var last: Entry { entries[entries.count - 1] }
    var nested: Bool { entries[0].nested }
  }

  private(set) var entries: [Entry] = []
  /// Every label of the spec (also steps without `code:`), to keep new labels unique.
  private(set) var labels: Set<String> = []

  init(_ document: SpecDocument) {
    for procedure in document.procedures {
      add(procedure.steps, list: "procedure \(procedure.name)", nested: false)
    }
    for thread in document.threads {
      add(thread.steps, list: "thread \(thread.name)", nested: false)
    }
  }

  private mutating func add(_ steps: [Step], list: String, nested: Bool) {
    for (index, step) in steps.enumerated() {
      if let label = step.label?.value { labels.insert(label) }
      if let code = step.code, let at = step.at {
        entries.append(
          Entry(
            label: step.label?.value, code: code, normalizedCode: CodeNormalizer.normalize(code), at: at, list: list,
            nested: nested, location: step.location, normalizedNote: CodeNormalizer.normalize(step.note ?? ""),
            holdsSteps: Self.holdsSteps(step)))
      }
      switch step.action {
      case .ifThen(_, let then, let otherwise):
        add(then, list: "\(list)/\(index).then", nested: true)
        if let otherwise { add(otherwise, list: "\(list)/\(index).else", nested: true) }
      case .loop(let loop):
        add(loop.steps, list: "\(list)/\(index).loop", nested: true)
      case .choose(let branches):
        for (branch, steps) in branches.enumerated() {
          add(steps, list: "\(list)/\(index).choose\(branch)", nested: true)
        }
      default:
        break
      }
    }
  }

  /// Whether a step has steps nested in it.
  static func holdsSteps(_ step: Step) -> Bool {
    switch step.action {
    case .ifThen, .loop, .choose: return true
    default: return false
    }
  }

  /// The `file` part of every `at:` (`mm/mmap.c`).
  var files: Set<String> {
    Set(entries.compactMap { entry in entry.at.split(separator: ":", maxSplits: 1).first.map(String.init) })
  }

  /// The modelled file a diff path names: the same path, or one it ends with
  /// (`linux-4.13/mm/mmap.c`); nil when the spec models nothing in it.
  func file(forDiffPath path: String) -> String? {
    let matches = files.filter { path == $0 || path.hasSuffix("/" + $0) }
    return matches.max { $0.count < $1.count }
  }

  /// The statements modelled at `at`, in document order.
  func statements(at: String) -> [Statement] {
    var result: [Statement] = []
    for entry in entries where entry.at == at {
      if let last = result.last?.last, last.list == entry.list, last.normalizedCode == entry.normalizedCode,
        isAdjacent(last, entry)
      {
        result[result.count - 1].entries.append(entry)
      } else {
        result.append(Statement(entries: [entry]))
      }
    }
    return result
  }

  /// Whether `b` directly follows `a` among the indexed steps.
  private func isAdjacent(_ a: Entry, _ b: Entry) -> Bool {
    guard let index = entries.firstIndex(of: a), index + 1 < entries.count else { return false }
    return entries[index + 1] == b
  }

  /// A label not in the spec: `stem`, else `stem_2`, `stem_3`, ...
  mutating func freshLabel(_ stem: String) -> String {
    var label = stem
    var number = 2
    while labels.contains(label) {
      label = "\(stem)_\(number)"
      number += 1
    }
    labels.insert(label)
    return label
  }

  /// Records steps inserted after (or before) `anchor`, in the anchor's list.
  mutating func insert(_ new: [Entry], after anchor: Entry) {
    guard let index = entries.firstIndex(of: anchor) else { return }
    entries.insert(contentsOf: new, at: index + 1)
  }

  mutating func insert(_ new: [Entry], before anchor: Entry) {
    guard let index = entries.firstIndex(of: anchor) else { return }
    entries.insert(contentsOf: new, at: index)
  }

  /// Records the removal of a step.
  mutating func remove(_ entry: Entry) {
    entries.removeAll { $0 == entry }
  }
}
