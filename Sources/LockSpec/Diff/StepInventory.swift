/// The steps of one document, flattened in order per thread and procedure, each with the key
/// that matches it across documents (its label; an unlabelled step its code and its rank among
/// the steps with the same code), its place, and a location-free summary of what it does.
struct StepInventory {
  /// One step.
  struct Entry: Equatable {
    /// What matches the step across documents: its label, or for an unlabelled step its scope
    /// and its name.
    var key: String
    /// How the step is shown: its label, or `#` and its code (its action when it has none),
    /// numbered when its scope has several.
    var name: String
    var code: String?
    /// `thread NAME` or `procedure NAME`.
    var owner: String
    /// The labelled step before it in its list, or the block that holds it.
    var place: String
    /// The block that holds it, by the keys that match it: the owner, or a step's key and
    /// `then`, `else`, `body`, `branch N`.
    var block: String
    /// The key of the step it is nested in, if any.
    var parent: String?
    /// What it does, without locations (nested steps are entries of their own).
    var summary: String
  }

  /// Owner names in document order.
  var owners: [String] = []
  /// Entries per owner, in document order (depth first).
  var entries: [String: [Entry]] = [:]

  init(_ document: SpecDocument) {
    for thread in document.threads { add(owner: "thread \(thread.name)", steps: thread.steps) }
    for procedure in document.procedures { add(owner: "procedure \(procedure.name)", steps: procedure.steps) }
  }

  /// Every entry by key, across owners.
  var byKey: [String: Entry] {
    var keyed: [String: Entry] = [:]
    for owner in owners { for entry in entries[owner] ?? [] where keyed[entry.key] == nil { keyed[entry.key] = entry } }
    return keyed
  }

  private mutating func add(owner: String, steps: [Step]) {
    owners.append(owner)
    var list: [Entry] = []
    var ranks: [String: Int] = [:]
    /// `scope`: the nearest labelled step around, or the owner; an unlabelled step is matched
    /// only within it (the same `if` in two threads is not one step).
    /// `block`: where the list is, as shown; `blockKey`: the same by the keys that match it.
    func visit(_ steps: [Step], block: String, blockKey: String, parent: String?, scope: String) {
      var previous: String?
      for step in steps {
        let key: String
        let name: String
        if let label = step.label?.value {
          key = label
          name = label
        } else {
          let text = "#" + (step.code ?? StepSummary.text(step.action))
          let scoped = scope + "\u{0}" + text
          ranks[scoped, default: 0] += 1
          let rank = ranks[scoped]!
          name = rank == 1 ? text : "\(text) (\(rank))"
          key = scope + "\u{0}" + name
        }
        let place = previous.map { "after \($0)" } ?? "first in \(block)"
        list.append(
          Entry(
            key: key, name: name, code: step.code, owner: owner, place: place, block: blockKey, parent: parent,
            summary: StepSummary.text(step.action)))
        for (blockName, nested) in StepSummary.blocks(step.action) {
          visit(
            nested, block: "\(name) \(blockName)", blockKey: "\(key) \(blockName)", parent: key,
            scope: step.label?.value ?? scope)
        }
        previous = name
      }
    }
    visit(steps, block: owner, blockKey: owner, parent: nil, scope: owner)
    entries[owner] = list
  }
}
