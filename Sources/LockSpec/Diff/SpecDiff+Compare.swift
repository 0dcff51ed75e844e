extension SpecDiff {
  /// The changes from `before` to `after`.
  public init(from before: SpecDocument, to after: SpecDocument) {
    owners = Self.owners(StepInventory(before), StepInventory(after))
    state = Self.compare(Self.variables(before), Self.variables(after))
    properties = Self.compare(
      before.properties.map { ($0.name.value, DeclarationSummary.text($0)) },
      after.properties.map { ($0.name.value, DeclarationSummary.text($0)) })
  }

  /// Shared variables, then each thread's locals as `thread.local`, each with its summary.
  static func variables(_ document: SpecDocument) -> [(String, String)] {
    document.state.map { ($0.name, DeclarationSummary.text($0)) }
      + document.threads.flatMap { thread in
        thread.locals.map { ("\(thread.name).\($0.name)", DeclarationSummary.text($0)) }
      }
      + document.procedures.flatMap { procedure in
        procedure.locals.map { ("\(procedure.name).\($0.name)", DeclarationSummary.text($0)) }
      }
  }

  /// Removed (in the first order), then added and changed (in the second order).
  static func compare(_ before: [(String, String)], _ after: [(String, String)]) -> [DeclarationChange] {
    let old = Dictionary(before, uniquingKeysWith: { first, _ in first })
    let new = Dictionary(after, uniquingKeysWith: { first, _ in first })
    var changes = before.filter { new[$0.0] == nil }.map {
      DeclarationChange(kind: .removed, name: $0.0, before: $0.1, after: nil)
    }
    for (name, text) in after {
      if let was = old[name] {
        if was != text { changes.append(DeclarationChange(kind: .changed, name: name, before: was, after: text)) }
      } else {
        changes.append(DeclarationChange(kind: .added, name: name, before: nil, after: text))
      }
    }
    return changes
  }

  /// Per owner: steps whose key only one document has, steps found elsewhere (another owner,
  /// another block, or out of the order the steps both documents keep share), and steps whose
  /// code or action differ.
  static func owners(_ before: StepInventory, _ after: StepInventory) -> [Owner] {
    let old = before.byKey
    let new = after.byKey
    var result: [Owner] = []
    let names = after.owners + before.owners.filter { !after.owners.contains($0) }
    for name in names {
      let was = before.entries[name] ?? []
      let now = after.entries[name] ?? []
      var owner = Owner(name: name, added: [], removed: [], moved: [], changed: [])
      // A step nested in a removed or added step goes or comes with it, unlisted.
      var removed: Set<String> = []
      for entry in was where new[entry.key] == nil {
        removed.insert(entry.key)
        if let parent = entry.parent, removed.contains(parent) { continue }
        owner.removed.append(StepChange(step: entry.name, code: entry.code, place: entry.place))
      }
      var added: Set<String> = []
      // Within each block, the steps both documents keep there that are out of the order they
      // share; steps nested in a moved step move with it and are not listed.
      var inOrder: Set<String> = []
      for block in Set(now.map(\.block)) {
        let before = was.filter { $0.block == block }.map(\.key)
        let after = now.filter { $0.block == block }.map(\.key)
        let shared = Set(before).intersection(after)
        inOrder.formUnion(
          longestCommonSubsequence(before.filter(shared.contains), after.filter(shared.contains)))
      }
      for entry in now {
        guard let previous = old[entry.key] else {
          added.insert(entry.key)
          if let parent = entry.parent, added.contains(parent) { continue }
          owner.added.append(StepChange(step: entry.name, code: entry.code, place: entry.place))
          continue
        }
        let elsewhere = previous.owner != entry.owner
        let withParent = elsewhere && previous.block == entry.block && entry.block != entry.owner
        if !withParent && (elsewhere || previous.block != entry.block || !inOrder.contains(entry.key)) {
          let from = elsewhere ? "\(previous.owner): \(previous.place)" : previous.place
          owner.moved.append(StepChange(step: entry.name, code: entry.code, place: entry.place, before: from))
        }
        if previous.code != entry.code || previous.summary != entry.summary {
          owner.changed.append(
            StepChange(
              step: entry.name, code: entry.code, place: entry.place,
              before: Self.describe(previous), after: Self.describe(entry)))
        }
      }
      if !owner.isEmpty { result.append(owner) }
    }
    return result
  }

  private static func describe(_ entry: StepInventory.Entry) -> String {
    (entry.code.map { "\($0)  " } ?? "") + "[\(entry.summary)]"
  }

  /// The longest common subsequence of two key lists (the steps that kept their order).
  static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> [String] {
    guard !a.isEmpty, !b.isEmpty else { return [] }
    var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var result: [String] = []
    var (i, j) = (0, 0)
    while i < a.count && j < b.count {
      if a[i] == b[j] {
        result.append(a[i])
        i += 1
        j += 1
      } else if table[i + 1][j] > table[i][j + 1] {
        i += 1
      } else {
        j += 1
      }
    }
    return result
  }
}
