/// Entry points of the spec frontend: text → validated `SpecDocument` → `ModelIR`.
/// Pure functions of their arguments; the caller reads the file.
public enum SpecLoader {
  /// Parses, validates and lowers one spec file's text. `path` is the path as the user gave it
  /// (used in diagnostics and `ModelIR.source`); `defaultName` is the variant name to use when
  /// the spec has no `spec:` key.
  public static func load(
    text: String, path: String, defaultName: String, parameters: [String: Int] = [:]
  ) throws(SpecLoadError) -> ModelIR {
    var log = DiagnosticLog()
    guard let document = read(text: text, path: path, overrides: parameters, log: &log) else {
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

  /// The largest spec or patch file accepted, in bytes: 8 MiB. Larger files are rejected before
  /// they are parsed (`path:1:1: error: the file is too large: ...`).
  public static let maxFileBytes = YAMLReader.maxBytes

  /// The error for a file larger than `maxFileBytes`, at `path:1:1`: "the file is too large:
  /// N bytes, more than the limit of 8 MiB (8,388,608 bytes)"; `bytes` nil when the size is not
  /// known (only that reading passed the limit).
  public static func tooLarge(bytes: Int?, path: String) -> Diagnostic {
    .error(YAMLReader.tooLargeMessage(bytes: bytes), at: SourceLocation(path: path, line: 1, column: 1))
  }

  /// The text of a spec or patch file's bytes, which must be UTF-8 and at most `maxFileBytes`
  /// long. Throws one diagnostic: the size (at 1:1), or the first byte that is not valid UTF-8
  /// (at its line and column, counted as in every other diagnostic). Valid text is accepted
  /// whatever it holds, U+FFFD included.
  public static func text(ofUTF8 bytes: some Collection<UInt8>, path: String) throws(SpecLoadError) -> String {
    if bytes.count > maxFileBytes {
      throw SpecLoadError(diagnostics: [tooLarge(bytes: bytes.count, path: path)])
    }
    if let invalid = UTF8Check.firstInvalidSequence(in: bytes) {
      let shown = invalid.bytes.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: " ")
      let what = invalid.bytes.count == 1 ? "byte \(shown)" : "byte sequence \(shown)"
      throw SpecLoadError(diagnostics: [
        .error(
          "the file is not valid UTF-8 text (invalid \(what))",
          at: SourceLocation(path: path, line: invalid.line, column: invalid.column))
      ])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// YAML and document-shape stage; nil when the YAML itself is unusable.
  private static func read(
    text: String, path: String, overrides: [String: Int] = [:], log: inout DiagnosticLog
  ) -> SpecDocument? {
    guard let root = YAMLReader(path: path).read(text, log: &log) else { return nil }
    var parser = SpecDocumentParser(path: path, overrides: overrides)
    let document = parser.document(root)
    log.append(contentsOf: parser.log)
    return document
  }
}

/// Finds the first ill-formed UTF-8 sequence in a file's bytes and where it is: lines and
/// columns are counted as `SourceLines` counts them (line breaks LF, CR LF, CR, NEL, LS, PS;
/// columns in Unicode scalars from 1, a byte order mark included, as libyaml counts them).
enum UTF8Check {
  /// An ill-formed sequence: its bytes up to and including the first one that cannot be part of
  /// a well-formed character, and the position of its first byte.
  struct Invalid: Equatable {
    var bytes: [UInt8]
    var line: Int
    var column: Int
  }

  /// The first ill-formed sequence (per the Unicode standard's table of well-formed UTF-8 byte
  /// sequences), or nil when all of `bytes` is UTF-8.
  static func firstInvalidSequence(in bytes: some Collection<UInt8>) -> Invalid? {
    var line = 1
    var column = 1
    var previousWasCR = false
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let lead = bytes[index]
      if lead < 0x80 {
        if lead == 0x0A && previousWasCR {
          previousWasCR = false
        } else if lead == 0x0A || lead == 0x0D {
          line += 1
          column = 1
          previousWasCR = lead == 0x0D
        } else {
          column += 1
          previousWasCR = false
        }
        bytes.formIndex(after: &index)
        continue
      }
      // The allowed range of the second byte, and how many continuation bytes follow the lead.
      let second: ClosedRange<UInt8>
      let length: Int
      switch lead {
      case 0xC2...0xDF: (second, length) = (0x80...0xBF, 2)
      case 0xE0: (second, length) = (0xA0...0xBF, 3)
      case 0xE1...0xEC, 0xEE...0xEF: (second, length) = (0x80...0xBF, 3)
      case 0xED: (second, length) = (0x80...0x9F, 3)
      case 0xF0: (second, length) = (0x90...0xBF, 4)
      case 0xF1...0xF3: (second, length) = (0x80...0xBF, 4)
      case 0xF4: (second, length) = (0x80...0x8F, 4)
      default: return Invalid(bytes: [lead], line: line, column: column)
      }
      var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
      var next = bytes.index(after: index)
      for position in 1..<length {
        guard next != bytes.endIndex, (position == 1 ? second : 0x80...0xBF).contains(bytes[next]) else {
          let end = next == bytes.endIndex ? next : bytes.index(after: next)
          return Invalid(bytes: Array(bytes[index..<end]), line: line, column: column)
        }
        scalar = scalar << 6 | UInt32(bytes[next] & 0x3F)
        bytes.formIndex(after: &next)
      }
      // NEL, LS and PS break lines.
      if scalar == 0x85 || scalar == 0x2028 || scalar == 0x2029 {
        line += 1
        column = 1
      } else {
        column += 1
      }
      previousWasCR = false
      index = next
    }
    return nil
  }
}
