/// Entry points of the spec frontend: text → validated `SpecDocument` → `ModelIR`.
/// Pure functions of their arguments; the caller reads the file.
public enum SpecLoader {
  /// Parses, validates and lowers one spec file's text. `path` is the path as the user gave it
  /// (used in diagnostics and `ModelIR.source`); `defaultName` is the variant name to use when
  /// the spec has no `spec:` key.
  public static func load(text: String, path: String, defaultName: String) throws(SpecLoadError) -> ModelIR {
    var log = DiagnosticLog()
    guard let document = read(text: text, path: path, log: &log) else {
      throw SpecLoadError(diagnostics: log.sorted)
    }
    var lowering = SpecLowering(document: document)
    let model = lowering.lower(defaultName: defaultName)
    log.append(contentsOf: lowering.log)
    try log.check()
    return model
  }

  /// Parses and validates one spec file's text, and returns its syntax tree (patch overlays edit
  /// it before `lower`).
  public static func parse(text: String, path: String) throws(SpecLoadError) -> SpecDocument {
    var log = DiagnosticLog()
    guard let document = read(text: text, path: path, log: &log) else {
      throw SpecLoadError(diagnostics: log.sorted)
    }
    var lowering = SpecLowering(document: document)
    _ = lowering.lower(defaultName: "")
    log.append(contentsOf: lowering.log)
    try log.check()
    return document
  }

  /// Validates and lowers a (possibly edited) syntax tree.
  public static func lower(_ document: SpecDocument, defaultName: String) throws(SpecLoadError) -> ModelIR {
    var lowering = SpecLowering(document: document)
    let model = lowering.lower(defaultName: defaultName)
    try lowering.log.check()
    return model
  }

  /// YAML and document-shape stage; nil when the YAML itself is unusable.
  private static func read(text: String, path: String, log: inout DiagnosticLog) -> SpecDocument? {
    guard let root = YAMLReader(path: path).read(text, log: &log) else { return nil }
    var parser = SpecDocumentParser(path: path)
    let document = parser.document(root)
    log.append(contentsOf: parser.log)
    return document
  }
}
