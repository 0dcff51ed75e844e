/// One YAML file under `specs/`: a spec, or a patch (its top-level mapping has a `patch` key).
enum SourceFile: Sendable {
  case spec(SpecDocument)
  case patch(PatchDocument)

  /// Whether `root` is a patch's top-level mapping.
  static func isPatch(_ root: YAMLNode) -> Bool {
    guard case .mapping(let pairs) = root.content else { return false }
    return pairs.contains { $0.key.scalar == "patch" }
  }

  /// Reads and checks a file: a spec is parsed and validated (so its errors are its own, never
  /// blamed on a patch); a patch is parsed. Nil, with diagnostics in `log`, when it has errors.
  static func parse(
    text: String, path: String, overrides: [String: Int] = [:], log: inout DiagnosticLog
  ) -> SourceFile? {
    var local = DiagnosticLog()
    defer {
      for diagnostic in local.sorted { log.add(diagnostic) }
    }
    guard let root = YAMLReader(path: path).read(text, log: &local) else { return nil }
    if isPatch(root) {
      var parser = PatchDocumentParser(path: path)
      let document = parser.document(root)
      local.append(contentsOf: parser.log)
      return local.hasErrors ? nil : .patch(document)
    }
    // As `SpecLoader.load`: shape errors and name/type errors of a spec are reported together.
    var parser = SpecDocumentParser(path: path, overrides: overrides)
    let document = parser.document(root)
    local.append(contentsOf: parser.log)
    var lowering = SpecLowering(document: document)
    _ = lowering.lower(defaultName: "")
    local.append(contentsOf: lowering.log)
    return local.hasErrors ? nil : .spec(document)
  }
}
