import LockCheck

/// Builds a `PatchDocument` from located YAML nodes. Steps, variables, threads, procedures and
/// properties inside edits go through `SpecDocumentParser`, so they get the same key and type
/// checks as in a spec and keep their locations in the patch file.
struct PatchDocumentParser {
  var spec: SpecDocumentParser

  init(path: String) {
    spec = SpecDocumentParser(path: path)
  }

  var log: DiagnosticLog { spec.log }

  static let topLevelKeys = ["patch", "title", "description", "sources", "edits", "variants"]
  static let editKeys = [
    "remove", "insert_before", "insert_after", "replace", "move", "add_state", "change_state", "add_locals",
    "add_threads", "add_procedures", "add_properties",
  ]
  static let editModifierKeys = ["steps", "before", "after", "note"]
  static let variantKeys = ["base", "after", "expect", "note"]
  static let addLocalsKeys = ["thread", "procedure", "locals"]
  static let editKeyAliases = [
    "state": "add_state", "locals": "add_locals", "threads": "add_threads", "procedures": "add_procedures",
    "properties": "add_properties", "delete": "remove", "insert": "insert_after", "change": "change_state",
  ]

  /// The modifier keys an edit of `kind` may have.
  static func modifierKeys(of kind: String) -> [String] {
    switch kind {
    case "insert_before", "insert_after", "replace": return ["steps", "note"]
    case "move": return ["before", "after", "note"]
    default: return ["note"]
    }
  }

  /// The patch; `root` is the file's top-level mapping (it has a `patch` key).
  mutating func document(_ root: YAMLNode) -> PatchDocument {
    var document = PatchDocument(path: spec.path, location: root.location)
    guard case .mapping(let pairs) = root.content else { return document }
    let keys = spec.checkKeys(pairs, allowed: Self.topLevelKeys, in: "a patch")
    if let node = keys["patch"], !node.isNull, let name = spec.string(node, for: "patch") {
      if Self.isPatchName(name) {
        document.name = Located(name, at: node.location)
      } else {
        spec.log.error(
          "'\(name)' is not a valid patch name (letters, digits, '.', '_' and '-')", at: node.location)
      }
    } else if keys["patch"]?.isNull == true, !Self.isPatchName(SpecPath.fileStem(spec.path)) {
      spec.log.error(
        "the file name '\(SpecPath.fileStem(spec.path))' is not a valid patch name; give one with 'patch:'",
        at: keys["patch"]!.location)
    }
    if let node = keys["title"] { document.title = spec.string(node, for: "title") }
    if let node = keys["description"] { document.description = spec.string(node, for: "description") }
    if let node = keys["sources"] {
      document.sources = spec.list(node, for: "sources").compactMap { spec.string($0, for: "sources") }
    }
    if let node = keys["edits"] {
      document.edits = spec.list(node, for: "edits").compactMap { edit($0) }
    } else {
      spec.log.error("missing required key 'edits'", at: root.location)
    }
    if let node = keys["variants"] {
      let items = spec.list(node, for: "variants")
      if case .sequence = node.content, items.isEmpty {
        spec.log.error("'variants' needs at least one variant (a base spec to apply the patch to)", at: node.location)
      }
      document.variants = items.compactMap { variant($0) }
    } else {
      spec.log.error("missing required key 'variants' (the base specs the patch applies to)", at: root.location)
    }
    return document
  }

  /// Letters, digits, `.`, `_` and `-`: a name that reads well after `+` in a variant name.
  static func isPatchName(_ text: String) -> Bool {
    !text.isEmpty
      && text.unicodeScalars.allSatisfy {
        $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
      }
  }

  // MARK: - Edits

  private mutating func edit(_ node: YAMLNode) -> PatchEdit? {
    guard case .mapping(let pairs) = node.content else {
      spec.log.error("expected an edit (a mapping), found \(spec.describe(node))", at: node.location)
      return nil
    }
    // Spec keys and near-synonyms a patch author may reach for; NameSuggestion is too strict
    // to propose these, so say it here.
    for pair in pairs {
      guard let key = pair.key.scalar, let meant = Self.editKeyAliases[key] else { continue }
      spec.log.error("unknown key '\(key)' in an edit; did you mean '\(meant)'?", at: pair.key.location)
    }
    let keys = spec.checkKeys(
      pairs.filter { Self.editKeyAliases[$0.key.scalar ?? ""] == nil }, allowed: Self.editKeys + Self.editModifierKeys,
      in: "an edit")
    let kinds = pairs.filter { $0.key.scalar.map(Self.editKeys.contains) ?? false }
    guard let kindPair = kinds.first, let kind = kindPair.key.scalar else {
      // An unknown key already got a "did you mean"; only say what is missing when all keys are known.
      if keys.count == pairs.count {
        spec.log.error("an edit needs one of \(Self.editKeys.joined(separator: ", "))", at: node.location)
      }
      return nil
    }
    for extra in kinds.dropFirst() {
      spec.log.error(
        "an edit does one thing; found '\(kind)' and '\(extra.key.scalar ?? "")'", at: extra.key.location)
    }
    let allowed = Self.modifierKeys(of: kind)
    for pair in pairs {
      guard let key = pair.key.scalar, Self.editModifierKeys.contains(key), !allowed.contains(key) else { continue }
      spec.log.error("'\(key)' does not apply to '\(kind)'", at: pair.key.location)
    }
    if let note = keys["note"] { _ = spec.string(note, for: "note") }
    let value = kindPair.value
    let location = node.location
    switch kind {
    case "remove":
      return spec.identifier(value, what: "label").map { PatchEdit(.remove($0), at: location) }
    case "insert_before", "insert_after":
      let label = spec.identifier(value, what: "label")
      guard let steps = editSteps(keys, kind: kindPair) else { return nil }
      guard let label else { return nil }
      let anchor: StepAnchor = kind == "insert_before" ? .before(label) : .after(label)
      return PatchEdit(.insert(steps, at: anchor), at: location)
    case "replace":
      let label = spec.identifier(value, what: "label")
      guard let steps = editSteps(keys, kind: kindPair) else { return nil }
      guard let label else { return nil }
      return PatchEdit(.replace(label, with: steps), at: location)
    case "move":
      let label = spec.identifier(value, what: "label")
      let before = keys["before"]
      let after = keys["after"]
      if before != nil && after != nil {
        spec.log.error("'move' takes one of 'before' and 'after', not both", at: kindPair.key.location)
        return nil
      }
      guard let anchorNode = before ?? after else {
        spec.log.error("'move' needs 'before: LABEL' or 'after: LABEL'", at: kindPair.key.location)
        return nil
      }
      guard let label, let target = spec.identifier(anchorNode, what: "label") else { return nil }
      return PatchEdit(.move(label, to: before != nil ? .before(target) : .after(target)), at: location)
    case "add_state", "change_state":
      let declarations = nonEmptyVariables(value, for: kind)
      guard !declarations.isEmpty else { return nil }
      return PatchEdit(kind == "add_state" ? .addState(declarations) : .changeState(declarations), at: location)
    case "add_locals":
      return addLocals(value, location: location)
    case "add_threads":
      guard let entries = spec.mapping(value, for: kind) else { return nil }
      if entries.isEmpty {
        spec.log.error("'add_threads' needs at least one thread", at: value.location)
        return nil
      }
      let threads = entries.compactMap { spec.thread($0) }
      return threads.count == entries.count ? PatchEdit(.addThreads(threads), at: location) : nil
    case "add_procedures":
      guard let entries = spec.mapping(value, for: kind) else { return nil }
      if entries.isEmpty {
        spec.log.error("'add_procedures' needs at least one procedure", at: value.location)
        return nil
      }
      let procedures = entries.compactMap { spec.procedure($0) }
      return procedures.count == entries.count ? PatchEdit(.addProcedures(procedures), at: location) : nil
    case "add_properties":
      let items = spec.list(value, for: kind)
      if items.isEmpty {
        if case .sequence = value.content {
          spec.log.error("'add_properties' needs at least one property", at: value.location)
        } else if value.isNull {
          spec.log.error("expected a list for 'add_properties', found nothing", at: value.location)
        }
        return nil
      }
      let properties = items.compactMap { spec.property($0) }
      return properties.count == items.count ? PatchEdit(.addProperties(properties), at: location) : nil
    default:
      return nil
    }
  }

  /// The `steps:` of an insert or replace: required, a non-empty list.
  private mutating func editSteps(_ keys: [String: YAMLNode], kind: YAMLNode.Pair) -> [Step]? {
    let name = kind.key.scalar ?? ""
    guard let node = keys["steps"] else {
      spec.log.error("'\(name)' needs 'steps' (the steps to put in)", at: kind.key.location)
      return nil
    }
    let items = spec.list(node, for: "steps")
    if items.isEmpty {
      if case .scalar = node.content, !node.isNull { return nil }
      spec.log.error(
        "'\(name)' needs at least one step\(name == "replace" ? " (to delete a step, use 'remove')" : "")",
        at: node.location)
      return nil
    }
    let steps = items.compactMap { spec.step($0) }
    return steps.count == items.count ? steps : nil
  }

  private mutating func nonEmptyVariables(_ node: YAMLNode, for key: String) -> [VariableDeclaration] {
    guard let entries = spec.mapping(node, for: key) else { return [] }
    if entries.isEmpty {
      spec.log.error("'\(key)' needs at least one variable", at: node.location)
      return []
    }
    let declarations = entries.compactMap { spec.variable($0) }
    return declarations.count == entries.count ? declarations : []
  }

  private mutating func addLocals(_ node: YAMLNode, location: SourceLocation) -> PatchEdit? {
    guard let entries = spec.mapping(node, for: "add_locals") else { return nil }
    let keys = spec.checkKeys(entries, allowed: Self.addLocalsKeys, in: "add_locals")
    let thread = keys["thread"]
    let procedure = keys["procedure"]
    if thread != nil && procedure != nil {
      spec.log.error("'add_locals' takes one of 'thread' and 'procedure', not both", at: node.location)
      return nil
    }
    guard let ownerNode = thread ?? procedure else {
      spec.log.error("'add_locals' needs 'thread: NAME' or 'procedure: NAME'", at: node.location)
      return nil
    }
    let owner = spec.identifier(ownerNode, what: thread != nil ? "thread name" : "procedure name")
    guard let localsNode = keys["locals"] else {
      spec.log.error("'add_locals' needs 'locals'", at: node.location)
      return nil
    }
    let locals = nonEmptyVariables(localsNode, for: "locals")
    guard let owner, !locals.isEmpty else { return nil }
    return PatchEdit(.addLocals(owner: thread != nil ? .thread(owner) : .procedure(owner), locals), at: location)
  }

  // MARK: - Variants

  private mutating func variant(_ node: YAMLNode) -> PatchVariant? {
    guard case .mapping(let pairs) = node.content else {
      spec.log.error("expected a variant (a mapping with 'base'), found \(spec.describe(node))", at: node.location)
      return nil
    }
    let keys = spec.checkKeys(pairs, allowed: Self.variantKeys, in: "a variant")
    if let note = keys["note"] { _ = spec.string(note, for: "note") }
    var after: [Located<String>] = []
    if let node = keys["after"] {
      let items: [YAMLNode]
      if case .scalar = node.content, !node.isNull { items = [node] } else { items = spec.list(node, for: "after") }
      after = items.compactMap { item in spec.string(item, for: "after").map { Located($0, at: item.location) } }
    }
    var expect: [ExpectationChange] = []
    if let node = keys["expect"], let entries = spec.mapping(node, for: "expect") {
      for entry in entries {
        guard let property = spec.identifier(entry.key, what: "property name"),
          let word = spec.string(entry.value, for: property.value)
        else { continue }
        guard SpecDocumentParser.expectedVerdicts.contains(word), let verdict = Verdict(rawValue: word) else {
          spec.log.error("'expect' must be holds or violated, found '\(word)'", at: entry.value.location)
          continue
        }
        expect.append(ExpectationChange(property: property, verdict: verdict))
      }
    }
    guard let baseNode = keys["base"] else {
      spec.log.error("a variant needs 'base' (the spec file, relative to this patch)", at: node.location)
      return nil
    }
    guard let base = spec.string(baseNode, for: "base") else { return nil }
    return PatchVariant(
      base: Located(base, at: baseNode.location), after: after, expect: expect, location: node.location)
  }
}
