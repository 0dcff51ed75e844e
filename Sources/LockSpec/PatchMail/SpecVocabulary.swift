/// What a spec adds to the kernel vocabulary under its top-level `vocabulary:` key: the lock
/// expressions it names and the C statements it models, each with the step a patch line
/// becomes (see docs/patch-check.md). Read from the spec's YAML; the model never sees it.
public struct SpecVocabulary: Sendable, Equatable {
  /// One `statements:` entry: a C statement (or, ending in `(`, every call of a function), where
  /// it applies, and the step body it becomes.
  public struct Statement: Sendable, Equatable {
    /// As written, and normalized with `CodeNormalizer`.
    public var code: String
    public var normalizedCode: String
    /// `file:function` it is limited to; nil: everywhere.
    public var at: String?
    /// The label's stem for the steps it becomes (`name:`, default from the code).
    public var name: String
    /// The step's action keys as flow YAML, in order (`[("free", "pgtables")]`).
    public var body: [(key: String, value: String)]
    public var location: SourceLocation

    /// Whether the entry names a function (every call of it) rather than one statement.
    public var isCallPattern: Bool { normalizedCode.hasSuffix("(") }

    public static func == (a: Statement, b: Statement) -> Bool {
      a.code == b.code && a.at == b.at && a.name == b.name && a.location == b.location
        && a.body.map(\.key) == b.body.map(\.key) && a.body.map(\.value) == b.body.map(\.value)
    }
  }

  /// Normalized C lock expression → the spec's lock (`&mapping->i_mmap_rwsem` → `i_mmap_rwsem`).
  public var locks: [String: String]
  public var statements: [Statement]

  public init(locks: [String: String] = [:], statements: [Statement] = []) {
    self.locks = locks
    self.statements = statements
  }

  static let keys = ["locks", "statements"]
  static let statementKeys = ["code", "at", "name", "note"]

  /// The vocabulary of the spec `text` (empty when it has no `vocabulary:` key); throws its errors.
  public static func read(specText text: String, path: String) throws(SpecLoadError) -> SpecVocabulary {
    var log = DiagnosticLog()
    guard let root = YAMLReader(path: path).read(text, log: &log) else {
      throw SpecLoadError(diagnostics: log.sorted)
    }
    guard case .mapping(let pairs) = root.content, let node = pairs.first(where: { $0.key.scalar == "vocabulary" })
    else { return SpecVocabulary() }
    var parser = SpecDocumentParser(path: path)
    let vocabulary = parse(node.value, parser: &parser)
    if parser.log.hasErrors { throw SpecLoadError(diagnostics: parser.log.sorted) }
    return vocabulary
  }

  /// Reads a `vocabulary:` value, reporting shape errors in `parser.log` (the step bodies are
  /// checked as steps; their names are checked when a patch uses them).
  static func parse(_ node: YAMLNode, parser: inout SpecDocumentParser) -> SpecVocabulary {
    var vocabulary = SpecVocabulary()
    guard let pairs = parser.mapping(node, for: "vocabulary") else { return vocabulary }
    let keys = parser.checkKeys(pairs, allowed: keys, in: "the vocabulary")
    if let node = keys["locks"], let entries = parser.mapping(node, for: "locks") {
      for entry in entries {
        guard let expression = parser.string(entry.key, for: "locks"),
          let lock = parser.identifier(entry.value, what: "lock name")
        else { continue }
        vocabulary.locks[CodeNormalizer.normalize(expression)] = lock.value
      }
    }
    if let node = keys["statements"] {
      for item in parser.list(node, for: "statements") {
        if let statement = statement(item, parser: &parser) { vocabulary.statements.append(statement) }
      }
    }
    return vocabulary
  }

  private static func statement(_ node: YAMLNode, parser: inout SpecDocumentParser) -> Statement? {
    guard case .mapping(let pairs) = node.content else {
      parser.log.error("expected a statement (a mapping with code: and an action)", at: node.location)
      return nil
    }
    let allowed = statementKeys + SpecDocumentParser.actionKeys + SpecDocumentParser.modifierKeys
    let keys = parser.checkKeys(pairs, allowed: allowed, in: "a vocabulary statement")
    guard let codeNode = keys["code"] else {
      parser.log.error("missing required key 'code' in a vocabulary statement", at: node.location)
      return nil
    }
    guard let code = parser.string(codeNode, for: "code") else { return nil }
    let normalized = CodeNormalizer.normalize(code)
    if normalized.isEmpty {
      parser.log.error("'code' has no C in it", at: codeNode.location)
      return nil
    }
    let at = keys["at"].flatMap { parser.string($0, for: "at") }
    var name = keys["name"].flatMap { parser.identifier($0, what: "name")?.value } ?? labelStem(code)
    if name.isEmpty { name = "statement" }
    let bodyKeys = SpecDocumentParser.actionKeys + SpecDocumentParser.modifierKeys
    let bodyPairs = pairs.filter { pair in pair.key.scalar.map(bodyKeys.contains) ?? false }
    guard bodyPairs.contains(where: { SpecDocumentParser.actionKeys.contains($0.key.scalar ?? "") }) else {
      parser.log.error("a vocabulary statement needs an action (the step it becomes)", at: node.location)
      return nil
    }
    // Checked as a step: keys, shapes, one action.
    _ = parser.step(YAMLNode(content: .mapping(bodyPairs), location: node.location))
    return Statement(
      code: code, normalizedCode: normalized, at: at, name: name,
      body: bodyPairs.map { (key: $0.key.scalar ?? "", value: FlowYAML.text($0.value)) }, location: node.location)
  }

  /// A label stem from C: its words joined by `_`, lower case (`mm->mmap = NULL;` is `mm_mmap_null`).
  static func labelStem(_ code: String) -> String {
    var words: [String] = []
    var word = ""
    for char in CodeNormalizer.normalize(code) {
      if CodeNormalizer.isWord(char) {
        word.append(char)
      } else if !word.isEmpty {
        words.append(word)
        word = ""
      }
    }
    if !word.isEmpty { words.append(word) }
    return words.joined(separator: "_").lowercased()
  }
}

/// YAML nodes written back as flow YAML (`{down_write: mmap_sem}`, `[a, b]`, `"x || y"`), for
/// the overlays lockspec writes.
enum FlowYAML {
  static func text(_ node: YAMLNode) -> String {
    switch node.content {
    case .scalar(let text, let plain):
      return plain && isPlainSafe(text) ? text : quoted(text)
    case .sequence(let items):
      return "[" + items.map(text).joined(separator: ", ") + "]"
    case .mapping(let pairs):
      return "{" + pairs.map { "\(text($0.key)): \(text($0.value))" }.joined(separator: ", ") + "}"
    }
  }

  /// Whether `text` can be written without quotes: an identifier, an integer or a boolean.
  static func isPlainSafe(_ text: String) -> Bool {
    guard let first = text.first else { return false }
    if Int(text) != nil { return true }
    return (first.isLetter || first == "_") && text.allSatisfy(CodeNormalizer.isWord)
  }

  /// A double-quoted YAML string.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for char in text {
      switch char {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        // Other control characters as escapes: YAML does not allow them raw.
        if let scalar = char.unicodeScalars.first, char.unicodeScalars.count == 1,
          scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
        {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.append(char)
        }
      }
    }
    return out + "\""
  }
}
