import LockCheck

/// Entry points that turn spec and patch files into the variants to check. Pure: the caller
/// supplies file texts and a `read` function for files the patches name that are not among them
/// (bases and stacked patches); nothing here touches the file system.
public enum VariantLoader {
  /// Every variant of `files`: each spec as written, and each variant each patch declares (with
  /// the chains it stacks on). Files are specs or patches (a patch's top-level mapping has a
  /// `patch` key); paths are as the user gave them. `read` gets a normalized path (relative
  /// paths are resolved against the naming patch's folder) and returns the file's text, or nil.
  ///
  /// Order: the specs in `files` order, then bases only patches name, each followed depth
  /// first by the variants derived from it (siblings sorted by name, so the order does not
  /// depend on which files were given); a parent always comes before its children.
  ///
  /// Throws every diagnostic of every file that does not load (bases and patches alike).
  public static func load(
    files: [(path: String, text: String)], read: (String) -> String?, parameters: [String: Int] = [:]
  ) throws(SpecLoadError) -> [Variant] {
    let (variants, diagnostics) = withoutActuallyEscaping(read) { read in
      var resolver = VariantResolver(read: read, overrides: parameters)
      resolver.load(files: files)
      return (resolver.variants(), resolver.diagnostics)
    }
    if diagnostics.contains(where: { $0.severity == .error }) { throw SpecLoadError(diagnostics: diagnostics) }
    return variants
  }

  /// One proposal against one base (`lockspec check BASE --patch PATCH`): the base spec, and
  /// every variant of `patch` whose base is `base` (with the chains it stacks on). When the patch
  /// declares no variant on `base`, its edits are applied to `base` anyway, as variant
  /// `<base>+<patch>` with the base's expectations unchanged. Both files are read with `read`.
  public static func load(
    base: String, patch: String, read: (String) -> String?, parameters: [String: Int] = [:]
  ) throws(SpecLoadError) -> [Variant] {
    let (variants, diagnostics) = withoutActuallyEscaping(read) { read in
      var resolver = VariantResolver(read: read, overrides: parameters)
      resolver.load(base: base, patch: patch)
      return (resolver.variants(), resolver.diagnostics)
    }
    if diagnostics.contains(where: { $0.severity == .error }) { throw SpecLoadError(diagnostics: diagnostics) }
    return variants
  }
}

/// The state of one `VariantLoader` call: files read and parsed, variants built so far (keyed by
/// the normalized paths of their base and patches), and diagnostics in the order found.
struct VariantResolver {
  /// A variant under construction.
  struct Node {
    var key: [String]
    var name: String
    var document: SpecDocument
    var model: ModelIR
    var parent: [String]?
    var specPath: String
    var patchPath: String?
    var patches: [String]
    var title: String?
    /// Where the variant is defined (its `spec:` key, or the patch's variant entry).
    var origin: SourceLocation
  }

  let read: (String) -> String?
  /// Normalized path → path as the user gave it.
  private var given: [String: String] = [:]
  private var texts: [String: String] = [:]
  private var parsed: [String: SourceFile?] = [:]
  private var nodes: [[String]: Node] = [:]
  private var failed: Set<[String]> = []
  private var order: [[String]] = []
  private(set) var diagnostics: [Diagnostic] = []
  private var seen: Set<Diagnostic> = []
  /// Circular `base:` chains already reported, each as its patches rotated to start at the
  /// least path (so the cycle is reported once, whichever of its patches is loaded first).
  private var reportedCycles: Set<[String]> = []

  /// `--param` values for the specs' parameters.
  let overrides: [String: Int]

  init(read: @escaping (String) -> String?, overrides: [String: Int] = [:]) {
    self.read = read
    self.overrides = overrides
  }

  // MARK: - Entry points

  mutating func load(files: [(path: String, text: String)]) {
    var fileOrder: [String] = []
    for file in files {
      let path = SpecPath.normalize(file.path)
      guard given[path] == nil else { continue }
      given[path] = file.path
      texts[path] = file.text
      fileOrder.append(path)
    }
    for path in fileOrder { _ = source(path, reference: nil, expected: nil) }
    for path in fileOrder {
      if case .spec = parsed[path] { _ = specNode(path, reference: nil) }
    }
    for path in fileOrder {
      guard case .patch(let patch) = parsed[path] else { continue }
      let entries = distinctVariants(of: patch, at: path)
      for entry in entries { declaredVariant(patch, at: path, entry) }
    }
    checkNames()
  }

  mutating func load(base: String, patch: String) {
    let basePath = SpecPath.normalize(base)
    let patchPath = SpecPath.normalize(patch)
    given[basePath] = base
    given[patchPath] = patch
    guard let root = specNode(basePath, reference: nil),
      case .patch(let document) = source(patchPath, reference: nil, expected: .patch)
    else { return }
    let entries = distinctVariants(of: document, at: patchPath).filter {
      SpecPath.resolve($0.base.value, from: patchPath) == basePath
    }
    if entries.isEmpty {
      _ = derive(from: root, patch: document, at: patchPath, entry: nil, key: [basePath, patchPath])
    }
    for entry in entries { declaredVariant(document, at: patchPath, entry) }
    checkNames()
  }

  /// The variants built, parents first, each base followed depth first by its descendants
  /// (siblings by name).
  func variants() -> [Variant] {
    var children: [[String]: [[String]]] = [:]
    var roots: [[String]] = []
    for key in order {
      if let parent = nodes[key]?.parent { children[parent, default: []].append(key) } else { roots.append(key) }
    }
    var result: [Variant] = []
    func visit(_ key: [String]) {
      guard let node = nodes[key] else { return }
      result.append(
        Variant(
          name: node.name, specPath: node.specPath, patchPath: node.patchPath, patches: node.patches,
          parent: node.parent.flatMap { nodes[$0]?.name }, title: node.title, model: node.model,
          origin: node.origin, parameters: node.document.params,
          propertyLocations: Dictionary(
            node.document.properties.map { ($0.name.value, $0.name.location) }, uniquingKeysWith: { first, _ in first }
          ), document: node.document))
      let sorted = (children[key] ?? []).sorted { (nodes[$0]?.name ?? "") < (nodes[$1]?.name ?? "") }
      for child in sorted { visit(child) }
    }
    for root in roots { visit(root) }
    return result
  }

  // MARK: - Files

  private enum FileKind {
    case spec, patch
  }

  /// The parsed file at normalized `path` (read from the given texts, else with `read`); nil
  /// after reporting when it cannot be read, has errors, or is not of the `expected` kind.
  private mutating func source(_ path: String, reference: SourceLocation?, expected: FileKind?) -> SourceFile? {
    let shown = given[path] ?? path
    let file: SourceFile?
    if let cached = parsed[path] {
      file = cached
    } else {
      guard let text = texts[path] ?? read(path) else {
        let what = expected == .patch ? "the patch" : expected == .spec ? "the base spec" : "the file"
        error("cannot read \(what) \(shown)", at: reference ?? SourceLocation(path: shown, line: 1, column: 1))
        return nil
      }
      texts[path] = text
      var log = DiagnosticLog()
      file = SourceFile.parse(text: text, path: shown, overrides: overrides, log: &log)
      for diagnostic in log.entries { add(diagnostic) }
      parsed[path] = .some(file)
    }
    switch (file, expected) {
    case (.patch, .spec):
      error(
        "\(shown) is a patch, not a spec\(reference == nil ? "" : ": name its base spec in 'base' and list it in 'after'")",
        at: reference ?? SourceLocation(path: shown, line: 1, column: 1))
      return nil
    case (.spec, .patch):
      error(
        "\(shown) is a spec, not a patch (a patch's top-level mapping has a 'patch' key)",
        at: reference ?? SourceLocation(path: shown, line: 1, column: 1))
      return nil
    default:
      return file
    }
  }

  /// The patch's variants, reporting (and dropping) an entry that repeats an earlier one's base
  /// and `after` list.
  private mutating func distinctVariants(of patch: PatchDocument, at path: String) -> [PatchVariant] {
    var seenChains: [[String]: SourceLocation] = [:]
    var result: [PatchVariant] = []
    for entry in patch.variants {
      let chain =
        [SpecPath.resolve(entry.base.value, from: path)]
        + entry.after.map {
          SpecPath.resolve($0.value, from: path)
        }
      if let first = seenChains[chain] {
        error("the same base and 'after' as the variant at line \(first.line)", at: entry.location)
        continue
      }
      seenChains[chain] = entry.location
      result.append(entry)
    }
    return result
  }

  // MARK: - Variants

  /// A spec as written.
  private mutating func specNode(_ path: String, reference: SourceLocation?) -> Node? {
    let key = [path]
    if let node = nodes[key] { return node }
    if failed.contains(key) { return nil }
    guard case .spec(let document) = source(path, reference: reference, expected: .spec) else {
      failed.insert(key)
      return nil
    }
    let shown = given[path] ?? path
    let name = document.name?.value ?? SpecPath.defaultSpecName(shown)
    let model: ModelIR
    do {
      model = try SpecLoader.lower(document, defaultName: name)
    } catch {
      for diagnostic in error.diagnostics { add(diagnostic) }
      failed.insert(key)
      return nil
    }
    let node = Node(
      key: key, name: name, document: document, model: model, parent: nil, specPath: shown, patchPath: nil,
      patches: [], title: document.title, origin: document.name?.location ?? document.location)
    nodes[key] = node
    order.append(key)
    return node
  }

  /// A variant a patch file declares in `variants:`.
  private mutating func declaredVariant(_ patch: PatchDocument, at path: String, _ entry: PatchVariant) {
    let base = SpecPath.resolve(entry.base.value, from: path)
    if circularBase(base, of: path, at: entry.base.location) { return }
    var after: [String] = []
    var references: [SourceLocation] = []
    for item in entry.after {
      let resolved = SpecPath.resolve(item.value, from: path)
      if resolved == path {
        error("a patch cannot stack on itself", at: item.location)
        return
      }
      if after.contains(resolved) {
        error("\(item.value) is listed twice in 'after'", at: item.location)
        return
      }
      after.append(resolved)
      references.append(item.location)
    }
    let key = [base] + after + [path]
    if nodes[key] != nil || failed.contains(key) { return }
    let parent: Node?
    if after.isEmpty {
      parent = specNode(base, reference: entry.base.location)
    } else {
      parent = chainNode(base: base, patches: after, references: references, baseReference: entry.base.location)
    }
    guard let parent else {
      failed.insert(key)
      return
    }
    _ = derive(from: parent, patch: patch, at: path, entry: entry, key: key)
  }

  /// Whether `base`, the `base:` of a variant of the patch at `path`, leads back to `path`
  /// through the `base:` keys of patches (`a.yaml` on `b.yaml` on `a.yaml`, or a patch on
  /// itself). Reports the cycle, once, at the `base:` that closes it: "patch stack is circular:
  /// a.yaml -> b.yaml -> a.yaml".
  private mutating func circularBase(_ base: String, of path: String, at location: SourceLocation) -> Bool {
    // Breadth first from `base` along `base:` keys of patches, to the shortest way back.
    var previous: [String: (from: String, at: SourceLocation)] = [base: (path, location)]
    var queue = [base]
    var found = base == path
    while !found, !queue.isEmpty {
      let current = queue.removeFirst()
      guard case .patch(let patch) = peek(current) else { continue }
      for entry in patch.variants {
        let next = SpecPath.resolve(entry.base.value, from: current)
        guard previous[next] == nil || next == path else { continue }
        previous[next] = (current, entry.base.location)
        if next == path {
          found = true
          break
        }
        queue.append(next)
      }
    }
    guard found, let closing = previous[path] else { return false }
    var cycle = [path]
    var node = closing.from
    while node != path, let step = previous[node] {
      cycle.insert(node, at: 0)
      node = step.from
    }
    cycle.insert(path, at: 0)
    let ring = Array(cycle.dropLast())
    let start = ring.indices.min { ring[$0] < ring[$1] } ?? 0
    if reportedCycles.insert(Array(ring[start...] + ring[..<start])).inserted {
      let shown = cycle.map { given[$0] ?? $0 }
      error("patch stack is circular: \(shown.joined(separator: " -> "))", at: closing.at)
    }
    return true
  }

  /// The parsed file at `path` if it can be read, without reporting when it cannot (the
  /// reference that needs it reports that).
  private mutating func peek(_ path: String) -> SourceFile? {
    if let cached = parsed[path] { return cached }
    if texts[path] == nil {
      guard let text = read(path) else { return nil }
      texts[path] = text
    }
    return source(path, reference: nil, expected: nil)
  }

  /// The variant `base` + `patches`, built from the last patch's own variant for that chain.
  /// `references` are where the stacking patch lists each of `patches` (errors point there).
  private mutating func chainNode(
    base: String, patches: [String], references: [SourceLocation], baseReference: SourceLocation
  ) -> Node? {
    let key = [base] + patches
    if let node = nodes[key] { return node }
    if failed.contains(key) { return nil }
    let parent: Node?
    if patches.count == 1 {
      parent = specNode(base, reference: baseReference)
    } else {
      parent = chainNode(
        base: base, patches: Array(patches.dropLast()), references: Array(references.dropLast()),
        baseReference: baseReference)
    }
    let path = patches[patches.count - 1]
    let reference = references[references.count - 1]
    guard let parent, case .patch(let patch) = source(path, reference: reference, expected: .patch) else {
      failed.insert(key)
      return nil
    }
    let prefix = Array(patches.dropLast())
    let entry = patch.variants.first { entry in
      SpecPath.resolve(entry.base.value, from: path) == base
        && entry.after.map { SpecPath.resolve($0.value, from: path) } == prefix
    }
    guard let entry else {
      let given = self.given
      let shown = { (path: String) in given[path] ?? path }
      let chain = prefix.isEmpty ? "" : " after \(prefix.map(shown).joined(separator: ", "))"
      error(
        "\(shown(path)) declares no variant with base \(shown(base))\(chain); stacking on it needs one "
          + "(it defines that patch's expectations on this chain)", at: reference)
      failed.insert(key)
      return nil
    }
    return derive(from: parent, patch: patch, at: path, entry: entry, key: key)
  }

  /// Applies `patch` to `parent`'s document, lowers the result and sets its expectations:
  /// each property the parent has keeps the parent's `expect` (unless this patch adds a property
  /// of that name), then the entry's `expect` changes apply.
  private mutating func derive(
    from parent: Node, patch: PatchDocument, at path: String, entry: PatchVariant?, key: [String]
  ) -> Node? {
    let name = parent.name + "+" + patch.patchName
    let shownPatch = given[path] ?? path
    var applier = PatchApplier(document: parent.document, baseName: parent.name)
    applier.apply(patch.edits)
    if applier.log.hasErrors {
      for diagnostic in applier.log.sorted { add(diagnostic) }
      failed.insert(key)
      return nil
    }
    let origin = entry?.location ?? patch.location
    var lowering = SpecLowering(document: applier.document)
    var model = lowering.lower(defaultName: name)
    if lowering.log.hasErrors {
      for diagnostic in lowering.log.sorted { add(diagnostic) }
      add(
        Diagnostic(
          severity: .note, location: origin,
          message: "in variant '\(name)': \(shownPatch) applied to \(parent.name)"))
      failed.insert(key)
      return nil
    }
    let patches = parent.patches + [shownPatch]
    model.name = name
    model.source = ([parent.specPath] + patches).joined(separator: " + ")
    var added: Set<String> = []
    for edit in patch.edits {
      if case .addProperties(let properties) = edit.kind { added.formUnion(properties.map(\.name.value)) }
    }
    var inherited: [String: Verdict?] = [:]
    for property in parent.model.properties where inherited[property.name] == nil {
      inherited[property.name] = property.expect
    }
    for index in model.properties.indices {
      let property = model.properties[index].name
      if !added.contains(property), let expect = inherited[property] { model.properties[index].expect = expect }
    }
    var ok = true
    for change in entry?.expect ?? [] {
      guard let index = model.properties.firstIndex(where: { $0.name == change.property.value }) else {
        let hint = NameSuggestion.hint(for: change.property.value, in: model.properties.map(\.name))
        error("no property '\(change.property.value)' in \(name)\(hint)", at: change.property.location)
        ok = false
        continue
      }
      model.properties[index].expect = change.verdict
    }
    guard ok else {
      failed.insert(key)
      return nil
    }
    let node = Node(
      key: key, name: name, document: applier.document, model: model, parent: parent.key,
      specPath: parent.specPath, patchPath: shownPatch, patches: patches, title: patch.title ?? parent.title,
      origin: origin)
    nodes[key] = node
    order.append(key)
    return node
  }

  /// Variant names identify rows, results and generated types: each must be unique.
  private mutating func checkNames() {
    var first: [String: Node] = [:]
    for key in order {
      guard let node = nodes[key] else { continue }
      if let other = first[node.name] {
        let what = other.patchPath ?? other.specPath
        error("variant '\(node.name)' is also defined by \(what) (at \(other.origin))", at: node.origin)
      } else {
        first[node.name] = node
      }
    }
  }

  // MARK: - Diagnostics

  private mutating func error(_ message: String, at location: SourceLocation) {
    add(.error(message, at: location))
  }

  private mutating func add(_ diagnostic: Diagnostic) {
    if seen.insert(diagnostic).inserted { diagnostics.append(diagnostic) }
  }
}
