/// Applies a patch's edits, in order, to a copy of a spec document. An edit that does not apply
/// (a missing or ambiguous label, a move relative to itself, adding what exists, changing what
/// does not) is reported at the offending name in the patch file; the remaining edits are still
/// tried so one run reports every problem. The result is validated and lowered by the caller.
struct PatchApplier {
  /// The document being edited.
  var document: SpecDocument
  /// The variant the document belongs to, as messages name it (`examples/abba-deadlock`).
  let baseName: String
  var log = DiagnosticLog()

  init(document: SpecDocument, baseName: String) {
    self.document = document
    self.baseName = baseName
  }

  mutating func apply(_ edits: [PatchEdit]) {
    for edit in edits { apply(edit) }
  }

  mutating func apply(_ edit: PatchEdit) {
    switch edit.kind {
    case .remove(let label):
      guard let address = find(label) else { return }
      _ = document.removeStep(at: address)
    case .insert(let steps, let anchor):
      guard let address = find(anchor.label) else { return }
      insert(steps, at: anchor, address: address)
    case .replace(let label, let steps):
      guard let address = find(label) else { return }
      document.replaceStep(at: address, with: steps)
    case .move(let label, let anchor):
      guard let source = find(label), let target = find(anchor.label) else { return }
      if source == target {
        log.error("cannot move '\(label.value)' relative to itself", at: anchor.label.location)
        return
      }
      if source.contains(target) {
        log.error(
          "cannot move '\(label.value)' relative to '\(anchor.label.value)', a step inside it",
          at: anchor.label.location)
        return
      }
      let step = document.removeStep(at: source)
      guard let address = find(anchor.label) else { return }
      insert([step], at: anchor, address: address)
    case .addState(let declarations):
      for declaration in declarations {
        if let existing = document.state.first(where: { $0.name == declaration.name }) {
          log.error(
            "shared variable '\(declaration.name)' already exists in \(baseName) (at \(existing.location)); "
              + "use change_state to replace it", at: declaration.location)
          continue
        }
        document.state.append(declaration)
      }
    case .changeState(let declarations):
      for declaration in declarations {
        guard let index = document.state.firstIndex(where: { $0.name == declaration.name }) else {
          let hint = NameSuggestion.hint(for: declaration.name, in: document.state.map(\.name))
          log.error(
            "no shared variable '\(declaration.name)' in \(baseName) to change"
              + (hint.isEmpty ? "; use add_state to add one" : hint), at: declaration.location)
          continue
        }
        document.state[index] = declaration
      }
    case .addLocals(let owner, let locals):
      addLocals(locals, to: owner)
    case .addThreads(let threads):
      for thread in threads {
        if let existing = document.threads.first(where: { $0.name == thread.name }) {
          log.error(
            "thread '\(thread.name)' already exists in \(baseName) (at \(existing.location))", at: thread.location)
          continue
        }
        document.threads.append(thread)
      }
    case .addProcedures(let procedures):
      for procedure in procedures {
        if let existing = document.procedures.first(where: { $0.name == procedure.name }) {
          log.error(
            "procedure '\(procedure.name)' already exists in \(baseName) (at \(existing.location))",
            at: procedure.location)
          continue
        }
        document.procedures.append(procedure)
      }
    case .addProperties(let properties):
      for property in properties {
        if let existing = document.properties.first(where: { $0.name.value == property.name.value }) {
          log.error(
            "property '\(property.name.value)' already exists in \(baseName) (at \(existing.name.location))",
            at: property.name.location)
          continue
        }
        document.properties.append(property)
      }
    }
  }

  /// The one step labelled `label`, or nil after reporting that there is none or several.
  private mutating func find(_ label: Located<String>) -> StepAddress? {
    let found = document.addresses(ofLabel: label.value)
    if found.count == 1 { return found[0] }
    if found.isEmpty {
      let hint = NameSuggestion.hint(for: label.value, in: document.allLabels)
      log.error("no step labelled '\(label.value)' in \(baseName)\(hint)", at: label.location)
    } else {
      let places = found.map { document.step(at: $0).label?.location.description ?? "?" }
      log.error(
        "label '\(label.value)' is ambiguous in \(baseName): it labels the steps at \(places.joined(separator: " and "))",
        at: label.location)
    }
    return nil
  }

  private mutating func insert(_ steps: [Step], at anchor: StepAnchor, address: StepAddress) {
    switch anchor {
    case .before: document.insertSteps(steps, in: address, at: address.index)
    case .after: document.insertSteps(steps, in: address, at: address.index + 1)
    }
  }

  private mutating func addLocals(_ locals: [VariableDeclaration], to owner: LocalsOwner) {
    switch owner {
    case .thread(let name):
      guard let index = document.threads.firstIndex(where: { $0.name == name.value }) else {
        let hint = NameSuggestion.hint(for: name.value, in: document.threads.map(\.name))
        log.error("no thread '\(name.value)' in \(baseName)\(hint)", at: name.location)
        return
      }
      for local in locals {
        if let existing = document.threads[index].locals.first(where: { $0.name == local.name }) {
          log.error(
            "thread '\(name.value)' already has a local '\(local.name)' (at \(existing.location))",
            at: local.location)
          continue
        }
        document.threads[index].locals.append(local)
      }
    case .procedure(let name):
      guard let index = document.procedures.firstIndex(where: { $0.name == name.value }) else {
        let hint = NameSuggestion.hint(for: name.value, in: document.procedures.map(\.name))
        log.error("no procedure '\(name.value)' in \(baseName)\(hint)", at: name.location)
        return
      }
      for local in locals {
        if let existing = document.procedures[index].locals.first(where: { $0.name == local.name }) {
          log.error(
            "procedure '\(name.value)' already has a local '\(local.name)' (at \(existing.location))",
            at: local.location)
          continue
        }
        document.procedures[index].locals.append(local)
      }
    }
  }
}
