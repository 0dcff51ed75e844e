import LockCheck

/// One file of a fuzz corpus: a spec or patch file's path (as given) and its bytes.
public struct FuzzCorpusFile: Sendable, Equatable {
  public var path: String
  public var bytes: [UInt8]

  public init(path: String, bytes: [UInt8]) {
    self.path = path
    self.bytes = bytes
  }

  public init(path: String, text: String) {
    self.init(path: path, bytes: Array(text.utf8))
  }
}

/// One mutated input: the corpus file it was made from (it is loaded under that file's path),
/// its bytes, and the edits that made it, in order.
public struct SpecMutant: Sendable, Equatable {
  /// The seed that makes exactly this mutant from the same corpus (`SpecMutator.mutant(seed:)`).
  public var seed: UInt64
  public var path: String
  public var bytes: [UInt8]
  /// One short description per edit applied (`replaceScalar line 12: "9223372036854775807"`).
  public var edits: [String]

  public init(seed: UInt64, path: String, bytes: [UInt8], edits: [String]) {
    self.seed = seed
    self.path = path
    self.bytes = bytes
    self.edits = edits
  }

  /// Whether the bytes are valid UTF-8 (`lockspec` refuses other files before loading them).
  public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

  /// The bytes as text; invalid UTF-8 sequences become U+FFFD.
  public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The kinds of edit the mutator makes: byte-level, line and token-level, and structure-aware.
public enum SpecMutation: String, CaseIterable, Sendable {
  // Bytes.
  case deleteBytes, duplicateBytes, swapBytes, insertInterestingBytes, insertLongRun, setByte
  // Lines and tokens.
  case swapLines, duplicateLine, deleteLine, changeIndentation, replaceScalar, replaceToken
  // Structure.
  case swapValueAcrossCorpus, renameName, deleteKey, duplicateListItem, spliceListItem, addField
  case mutateExpression, replaceNumber, replaceReference
}

/// A pure, seeded mutation engine over spec and patch files: the same corpus and seed give the
/// same mutant on every platform (SplitMix64, no system randomness).
public struct SpecMutator: Sendable {
  public let corpus: [FuzzCorpusFile]
  /// Values of each key across the corpus (deduplicated, in corpus order).
  private let valuesByKey: [[UInt8]: [[UInt8]]]
  /// Keys seen across the corpus.
  private let keys: [[UInt8]]
  /// For each key, the keys seen beside it in the same mapping somewhere in the corpus.
  private let siblings: [[UInt8]: [[UInt8]]]
  /// Names declared across the corpus (variables, threads, procedures, labels, properties).
  private let names: [[UInt8]]
  /// Largest mutant kept (bytes); bigger edits are undone.
  public static let maxMutantSize = 1 << 20

  /// A mutator over `corpus` (at least one file).
  public init(corpus: [FuzzCorpusFile]) {
    precondition(!corpus.isEmpty, "a fuzz corpus needs at least one file")
    self.corpus = corpus
    var values: [[UInt8]: [[UInt8]]] = [:]
    var seenValues: Set<[UInt8]> = []
    var keys: [[UInt8]] = []
    var names: [[UInt8]] = []
    var seenNames: Set<[UInt8]> = []
    var siblings: [[UInt8]: [[UInt8]]] = [:]
    for file in corpus {
      let lines = YAMLTextScan.lines(file.bytes)
      for field in YAMLTextScan.fields(lines) {
        let line = lines[field.line]
        let key = Array(line[field.keyStart..<field.keyEnd])
        let value = Array(line[field.valueStart..<field.valueEnd])
        if values[key] == nil { keys.append(key) }
        if !value.isEmpty, seenValues.insert(key + [0] + value).inserted { values[key, default: []].append(value) }
      }
      for name in Self.declaredNames(lines) where seenNames.insert(name).inserted { names.append(name) }
      for group in Self.mappings(lines) {
        for key in group {
          for other in group where other != key && !(siblings[key]?.contains(other) ?? false) {
            siblings[key, default: []].append(other)
          }
        }
      }
    }
    self.siblings = siblings
    valuesByKey = values
    self.keys = keys
    self.names = names
  }

  /// The mutant of seed `seed`: a corpus file picked by the seed with one to four edits.
  public func mutant(seed: UInt64) -> SpecMutant {
    var rng = SplitMix64(seed: seed)
    let file = corpus[rng.next(below: corpus.count)]
    var bytes = file.bytes
    var edits: [String] = []
    let count = rng.next(below: 3) == 0 ? 2 + rng.next(below: 3) : 1
    for _ in 0..<count {
      let (next, edit) = mutate(bytes, rng: &rng)
      if next.count <= Self.maxMutantSize {
        bytes = next
        edits.append(edit)
      }
    }
    return SpecMutant(seed: seed, path: file.path, bytes: bytes, edits: edits)
  }

  /// One random edit of `bytes`, and its description.
  public func mutate(_ bytes: [UInt8], rng: inout SplitMix64) -> ([UInt8], String) {
    let kind = SpecMutation.allCases[rng.next(below: SpecMutation.allCases.count)]
    return mutate(bytes, kind: kind, rng: &rng)
  }

  /// An edit of the given kind (a byte-level one when the text offers nothing for it).
  public func mutate(_ bytes: [UInt8], kind: SpecMutation, rng: inout SplitMix64) -> ([UInt8], String) {
    var edit = Edit(bytes: bytes)
    let done: String?
    switch kind {
    case .deleteBytes: done = edit.deleteBytes(&rng)
    case .duplicateBytes: done = edit.duplicateBytes(&rng)
    case .swapBytes: done = edit.swapBytes(&rng)
    case .insertInterestingBytes: done = edit.insertInterestingBytes(&rng)
    case .insertLongRun: done = edit.insertLongRun(&rng)
    case .setByte: done = edit.setByte(&rng)
    case .swapLines: done = edit.swapLines(&rng)
    case .duplicateLine: done = edit.duplicateLine(&rng)
    case .deleteLine: done = edit.deleteLine(&rng)
    case .changeIndentation: done = edit.changeIndentation(&rng)
    case .replaceScalar: done = edit.replaceScalar(&rng)
    case .replaceToken: done = edit.replaceToken(&rng)
    case .swapValueAcrossCorpus: done = edit.swapValue(&rng, valuesByKey: valuesByKey)
    case .renameName: done = edit.renameName(&rng, corpusNames: names)
    case .deleteKey: done = edit.deleteKey(&rng)
    case .duplicateListItem: done = edit.duplicateListItem(&rng)
    case .spliceListItem:
      // Half the time a step of the same file: its names are defined there.
      let donor = rng.next(below: 2) == 0 ? bytes : corpus[rng.next(below: corpus.count)].bytes
      done = edit.spliceListItem(&rng, donor: donor)
    case .addField: done = edit.addField(&rng, keys: keys, siblings: siblings, valuesByKey: valuesByKey)
    case .mutateExpression: done = edit.mutateExpression(&rng)
    case .replaceNumber: done = edit.replaceNumber(&rng)
    case .replaceReference: done = edit.replaceReference(&rng, corpus: corpus.map(\.path))
    }
    if let done { return (edit.bytes, "\(kind.rawValue) \(done)") }
    var fallback = Edit(bytes: bytes)
    let description = fallback.insertInterestingBytes(&rng)
    return (fallback.bytes, "insertInterestingBytes \(description)")
  }

  /// The keys of each mapping, roughly: the fields of one flow mapping line, or block fields
  /// at the same column with nothing less indented between them (list items of one list count
  /// as one mapping, which is what sibling keys are for).
  static func mappings(_ lines: [[UInt8]]) -> [[[UInt8]]] {
    var groups: [[[UInt8]]] = []
    var open: [Int: [[UInt8]]] = [:]
    var lastLine = -1
    for field in YAMLTextScan.fields(lines) {
      let key = Array(lines[field.line][field.keyStart..<field.keyEnd])
      if field.inFlow {
        if field.line != lastLine || groups.isEmpty { groups.append([]) }
        groups[groups.count - 1].append(key)
        lastLine = field.line
        continue
      }
      let indent = YAMLTextScan.indentation(lines[field.line])
      for column in open.keys where column > field.keyStart || indent + 2 < column {
        groups.append(open.removeValue(forKey: column) ?? [])
      }
      open[field.keyStart, default: []].append(key)
    }
    groups.append(contentsOf: open.values)
    return groups
  }

  /// Names a spec declares: state and local variables, threads, procedures, labels, properties.
  static func declaredNames(_ lines: [[UInt8]]) -> [[UInt8]] {
    var names: [[UInt8]] = []
    var section: [UInt8] = []
    for field in YAMLTextScan.fields(lines) {
      let line = lines[field.line]
      let key = Array(line[field.keyStart..<field.keyEnd])
      let value = Array(line[field.valueStart..<field.valueEnd])
      if field.keyStart == 0 && !field.inFlow { section = key }
      let declaresVariable = value.starts(with: Array("{type:".utf8)) || value.starts(with: Array("{ type:".utf8))
      let declaresBlock =
        value.isEmpty && !field.inFlow && field.keyStart == 2
        && (section == Array("threads".utf8) || section == Array("procedures".utf8) || section == Array("state".utf8))
      let namesValue = [
        "label", "name", "thread", "goto", "call", "property", "remove", "move", "before", "after", "replace",
        "insert_before", "insert_after",
      ].contains { Array($0.utf8) == key }
      if declaresVariable || declaresBlock {
        names.append(key)
      } else if namesValue, let first = value.first, YAMLTextScan.isIdentifierStart(first),
        value.allSatisfy(YAMLTextScan.isIdentifierByte)
      {
        names.append(value)
      }
    }
    return names
  }
}

// MARK: - Interesting values

extension SpecMutator {
  /// Scalars that sit at the edges of what the loader, the validator and the interpreter accept.
  public static let interestingScalars: [String] = [
    "0", "-1", "1", "2", "3", "63", "64", "65", "255", "256", "1000", "1001", "4095", "4096", "4097",
    "100000", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
    "9223372036854775806", "-9223372036854775807", "4611686018427387904", "-4611686018427387904",
    "4611686018427387903", "-4611686018427387903", "2147483647", "2147483648", "-2147483649", "4294967296",
    "18446744073709551615", "1e9", "1e400", "0x7fffffffffffffff", "0o17", "1_000", ".inf", "-.inf", ".nan", "+1",
    "01", "-0", "true", "false", "True", "TRUE", "yes", "no", "on", "off", "y", "any", "null", "Null", "~", "\"\"",
    "''", "\" \"", "!!str 1", "!!int \"1\"", "!!bool yes", "!!null", "!!str", "!!binary aGk=", "!!map {}",
    "!!seq []", "!!float 1", "!custom x", "!<tag:yaml.org,2002:str> x", "&a 1", "*a", "&a {type: bool}", "{}",
    "[]", "[any]", "[0, 0]", "[1, 2, 3]", "[true, false, true]", "{type: bool}", "{type: bool, initial: any}",
    "{type: counter, max: 9223372036854775807, initial: any}",
    "{type: counter, max: 9223372036854775807, initial: 9223372036854775807}",
    "{type: int, min: -9223372036854775808, max: 9223372036854775807, initial: any}",
    "{type: int, min: -9223372036854775808, max: 0}", "{type: int, min: 0, max: 4611686018427387904, initial: any}",
    "{type: enum, values: [a, a]}", "{type: rwsem, max_read_holds: 255}", "{type: rwsem, max_read_holds: 0}",
    "\"9223372036854775807 + 1\"", "\"-9223372036854775808 - 1\"", "\"0 - 9223372036854775807 - 2\"",
    "\"-(-9223372036854775808)\"", "\"- -9223372036854775808\"", "\"-9223372036854775808\"",
    "\"9223372036854775807 + 9223372036854775807\"", "\"x + 9223372036854775807\"", "\"1 + true\"", "\"!1\"",
    "\"done(x)\"", "\"holds(x, y)\"", "\"readers()\"", "\"a@b\"", "\"a[99].b\"", "\"a[-1].b\"",
    "\"a[9223372036854775807].b\"", "\"(\"", "\")\"", "\"\\u0000\"", "\"\\x1b[31m\"", "\"\\uFFFD\"", "\"\\uD800\"",
    "\"\\U0010FFFF\"", "live", "freed", "holds", "violated", "weak", "none", "|", "|-", ">", "? complex", "- item",
    ": colon", "#comment", "a: b", "@", "`", "%", "\t", "\u{FFFD}", "\u{FEFF}", "\u{1B}[2J", "\u{0}", "é", "💣",
  ]

  /// Names that are taken or special somewhere: keywords, functions, check kinds, odd spellings.
  public static let interestingNames: [String] = [
    "true", "false", "any", "null", "done", "freed", "holds", "readers", "write_locked", "live", "violated",
    "spec", "threads", "state", "steps", "label", "type", "assertions", "deadlock_free", "no_double_free",
    "lock_discipline", "no_use_after_free", "never", "always", "reachable", "eventually", "leads_to", "_", "__",
    "x1", "main", "iter", "loop1", "9x", "a-b", "a.b", "a@b", "worker[0]", "é", "\"\"",
    "A_very_long_name_"
      + String(repeating: "x", count: 300),
  ]

  /// Byte sequences worth inserting: control bytes, invalid UTF-8, BOMs, line separators,
  /// YAML indicators and directives.
  public static let interestingBytes: [[UInt8]] = [
    [0x00], [0x1B], Array("\u{1B}[2J".utf8), [0xFF], [0xFE], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80],
    [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x92], [0xEF, 0xBB, 0xBF], [0xEF, 0xBF, 0xBD], [0x09], [0x0D],
    [0x0D, 0x0A], [0xC2, 0x85], [0xE2, 0x80, 0xA8], [0xE2, 0x80, 0xA9], [0xE2, 0x80, 0xAE], [0x7F], [0x0C],
    Array("💣".utf8), [0xCC, 0x81], Array(":".utf8), Array(": ".utf8), Array("- ".utf8), Array(" #".utf8),
    Array("{".utf8), Array("}".utf8), Array("[".utf8), Array("]".utf8), Array(",".utf8), Array("&a ".utf8),
    Array("*a".utf8), Array("!!str ".utf8), Array("! ".utf8), Array("|".utf8), Array(">".utf8), Array("\"".utf8),
    Array("'".utf8), Array("\\".utf8), Array("%YAML 1.2\n".utf8), Array("%TAG ! tag:x,2000:\n".utf8),
    Array("---\n".utf8), Array("...\n".utf8), Array("\n---\nx: 1\n".utf8), Array("? ".utf8), Array("<<: ".utf8),
  ]

  /// Bytes for long runs.
  static let runBytes: [[UInt8]] = [
    Array("a".utf8), Array(" ".utf8), Array("[".utf8), Array("{".utf8), Array("- ".utf8), Array("(".utf8),
    Array("!".utf8), Array("\n".utf8), Array("\t".utf8), [0x00], Array("é".utf8), Array("9".utf8),
    Array("a + ".utf8), Array("x: ".utf8), Array("  ".utf8), Array("\u{FFFD}".utf8),
  ]

  static let runLengths = [64, 65, 257, 1001, 4097, 65_537, 100_001]

  /// Integers at the edges of the checked ranges: 64-bit and 62-bit limits, the documented
  /// limits of counts, loops, read holds and initial choices, and their neighbours.
  public static let interestingIntegers: [Int64] = [
    0, 1, -1, 2, 3, 7, 8, 63, 64, 65, 100, 254, 255, 256, 999, 1000, 1001, 4095, 4096, 4097, 65535, 65536,
    99_999, 100_000, 100_001, Int64(Int32.max), Int64(Int32.max) + 1, Int64(UInt32.max) + 1, (1 << 62) - 1,
    1 << 62, -(1 << 62) + 1, -(1 << 62), .max, .max - 1, .min, .min + 1,
  ]

  /// Keys whose values are expressions.
  static let expressionKeys: Set<[UInt8]> = Set(
    ["if", "while", "await", "assert", "condition", "from", "to", "return"].map { Array($0.utf8) })
}

// MARK: - Edits

/// One edit in progress on a byte buffer; each method returns a description, or nil when the
/// text offers nothing for that kind of edit (the buffer is then unchanged).
struct Edit {
  var bytes: [UInt8]

  private static func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T {
    items[rng.next(below: items.count)]
  }

  /// A random range: usually short, sometimes long.
  private func range(_ rng: inout SplitMix64) -> Range<Int> {
    let start = rng.next(below: bytes.count)
    let limits = [1, 4, 16, 64, 512]
    let length = 1 + rng.next(below: Self.pick(limits, &rng))
    return start..<min(bytes.count, start + length)
  }

  private static func quoted(_ bytes: ArraySlice<UInt8>) -> String {
    var text = String(decoding: bytes.prefix(40), as: UTF8.self)
    if bytes.count > 40 { text += "…(\(bytes.count) bytes)" }
    return "\""
      + text.unicodeScalars.map {
        $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0)
      }.joined() + "\""
  }

  private static func line(_ index: Int) -> String { "line \(index + 1)" }

  // MARK: Bytes

  mutating func deleteBytes(_ rng: inout SplitMix64) -> String? {
    guard !bytes.isEmpty else { return nil }
    let range = range(&rng)
    bytes.removeSubrange(range)
    return "at byte \(range.lowerBound), \(range.count) bytes"
  }

  mutating func duplicateBytes(_ rng: inout SplitMix64) -> String? {
    guard !bytes.isEmpty else { return nil }
    let range = range(&rng)
    let copy = Array(bytes[range])
    let at = rng.next(below: 2) == 0 ? range.upperBound : rng.next(below: bytes.count + 1)
    bytes.insert(contentsOf: copy, at: at)
    return "bytes \(range.lowerBound)..<\(range.upperBound) at \(at)"
  }

  mutating func swapBytes(_ rng: inout SplitMix64) -> String? {
    guard bytes.count >= 2 else { return nil }
    let first = range(&rng)
    let second = range(&rng)
    guard first.upperBound <= second.lowerBound || second.upperBound <= first.lowerBound else { return nil }
    let (a, b) = first.lowerBound < second.lowerBound ? (first, second) : (second, first)
    let swapped =
      Array(bytes[..<a.lowerBound]) + bytes[b] + bytes[a.upperBound..<b.lowerBound] + bytes[a] + bytes[b.upperBound...]
    bytes = swapped
    return "bytes \(a.lowerBound)..<\(a.upperBound) and \(b.lowerBound)..<\(b.upperBound)"
  }

  mutating func insertInterestingBytes(_ rng: inout SplitMix64) -> String {
    let insert = Self.pick(SpecMutator.interestingBytes, &rng)
    let at = rng.next(below: bytes.count + 1)
    bytes.insert(contentsOf: insert, at: at)
    return "\(Self.quoted(insert[...])) at byte \(at)"
  }

  mutating func insertLongRun(_ rng: inout SplitMix64) -> String? {
    let unit = Self.pick(SpecMutator.runBytes, &rng)
    let count = Self.pick(SpecMutator.runLengths, &rng)
    guard bytes.count + unit.count * count <= SpecMutator.maxMutantSize else { return nil }
    let at = rng.next(below: bytes.count + 1)
    var run: [UInt8] = []
    run.reserveCapacity(unit.count * count)
    for _ in 0..<count { run.append(contentsOf: unit) }
    bytes.insert(contentsOf: run, at: at)
    return "\(count) × \(Self.quoted(unit[...])) at byte \(at)"
  }

  mutating func setByte(_ rng: inout SplitMix64) -> String? {
    guard !bytes.isEmpty else { return nil }
    let at = rng.next(below: bytes.count)
    let old = bytes[at]
    let value = rng.next(below: 2) == 0 ? old ^ UInt8(1 << rng.next(below: 8)) : UInt8(truncatingIfNeeded: rng.next())
    bytes[at] = value
    return "byte \(at): \(old) -> \(value)"
  }

  // MARK: Lines and tokens

  mutating func swapLines(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    guard lines.count >= 2 else { return nil }
    let a = rng.next(below: lines.count)
    let b = rng.next(below: 3) == 0 ? rng.next(below: lines.count) : min(lines.count - 1, a + 1)
    guard a != b else { return nil }
    lines.swapAt(a, b)
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(a)) and \(Self.line(b))"
  }

  mutating func duplicateLine(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let a = rng.next(below: lines.count)
    lines.insert(lines[a], at: a + 1)
    bytes = YAMLTextScan.join(lines)
    return Self.line(a)
  }

  mutating func deleteLine(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    guard lines.count >= 2 else { return nil }
    let a = rng.next(below: lines.count)
    lines.remove(at: a)
    bytes = YAMLTextScan.join(lines)
    return Self.line(a)
  }

  mutating func changeIndentation(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let candidates = lines.indices.filter { !YAMLTextScan.isBlank(lines[$0]) }
    guard !candidates.isEmpty else { return nil }
    let a = Self.pick(candidates, &rng)
    let indent = YAMLTextScan.indentation(lines[a])
    let description: String
    switch rng.next(below: 4) {
    case 0:
      let more = 1 + rng.next(below: 4)
      lines[a].insert(contentsOf: Array(repeating: YAMLTextScan.space, count: more), at: 0)
      description = "+\(more)"
    case 1 where indent > 0:
      let less = min(indent, 1 + rng.next(below: 4))
      lines[a].removeFirst(less)
      description = "-\(less)"
    case 2 where indent > 0:
      lines[a].replaceSubrange(0..<min(indent, 2), with: [0x09])
      description = "tab"
    default:
      // Re-indent the line and everything nested under it together.
      let end = YAMLTextScan.blockEnd(lines, start: a, column: indent)
      let shift = 1 + rng.next(below: 3)
      for index in a..<end where !lines[index].isEmpty {
        lines[index].insert(contentsOf: Array(repeating: YAMLTextScan.space, count: shift), at: 0)
      }
      description = "block +\(shift)"
    }
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(a)) \(description)"
  }

  mutating func replaceScalar(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let fields = YAMLTextScan.fields(lines).filter { $0.valueEnd > $0.valueStart }
    guard !fields.isEmpty else { return nil }
    let field = Self.pick(fields, &rng)
    let value = Array(Self.interestingValue(&rng).utf8)
    lines[field.line].replaceSubrange(field.valueStart..<field.valueEnd, with: value)
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(field.line)): \(Self.quoted(value[...]))"
  }

  mutating func replaceToken(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    var candidates: [(Int, Range<Int>)] = []
    for (index, line) in lines.enumerated() where !YAMLTextScan.isBlank(line) {
      for token in YAMLTextScan.tokens(line) { candidates.append((index, token)) }
    }
    guard !candidates.isEmpty else { return nil }
    let (index, token) = Self.pick(candidates, &rng)
    let value: [UInt8] =
      rng.next(below: 2) == 0
      ? Array(Self.pick(SpecMutator.interestingNames, &rng).utf8) : Array(Self.interestingValue(&rng).utf8)
    lines[index].replaceSubrange(token, with: value)
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(index)) column \(token.lowerBound + 1): \(Self.quoted(value[...]))"
  }

  /// An interesting scalar, or now and then a generated huge one.
  static func interestingValue(_ rng: inout SplitMix64) -> String {
    switch rng.next(below: 12) {
    case 0:
      let count = pick([100, 1001, 5000, 100_001], &rng)
      switch rng.next(below: 5) {
      case 0: return String(repeating: "x", count: count)
      case 1: return "\"" + String(repeating: "(", count: min(count, 2000)) + "x\""
      case 2: return "\"" + String(repeating: "!", count: min(count, 2000)) + "x\""
      case 3: return "\"" + String(repeating: "x + ", count: min(count, 3000)) + "x\""
      default: return "\"" + String(repeating: "é", count: count) + "\""
      }
    default:
      return pick(SpecMutator.interestingScalars, &rng)
    }
  }

  // MARK: Structure

  mutating func swapValue(_ rng: inout SplitMix64, valuesByKey: [[UInt8]: [[UInt8]]]) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let fields = YAMLTextScan.fields(lines).filter { field in
      guard field.valueEnd > field.valueStart else { return false }
      let key = Array(lines[field.line][field.keyStart..<field.keyEnd])
      return (valuesByKey[key]?.count ?? 0) > 1
    }
    guard !fields.isEmpty else { return nil }
    let field = Self.pick(fields, &rng)
    let key = Array(lines[field.line][field.keyStart..<field.keyEnd])
    let value = Self.pick(valuesByKey[key] ?? [], &rng)
    guard value.count <= 4096 || !field.inFlow else { return nil }
    lines[field.line].replaceSubrange(field.valueStart..<field.valueEnd, with: value)
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(field.line)) \(String(decoding: key, as: UTF8.self)): \(Self.quoted(value[...]))"
  }

  mutating func renameName(_ rng: inout SplitMix64, corpusNames: [[UInt8]]) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let declared = SpecMutator.declaredNames(lines)
    guard !declared.isEmpty else { return nil }
    let old = Self.pick(declared, &rng)
    let new: [UInt8]
    switch rng.next(below: 3) {
    case 0: new = Self.pick(declared, &rng)
    case 1: new = corpusNames.isEmpty ? Array("x".utf8) : Self.pick(corpusNames, &rng)
    default: new = Array(Self.pick(SpecMutator.interestingNames, &rng).utf8)
    }
    guard new != old else { return nil }
    var occurrences = YAMLTextScan.occurrences(of: old, in: lines)
    guard !occurrences.isEmpty else { return nil }
    let all = rng.next(below: 3) != 0
    if !all { occurrences = [Self.pick(occurrences, &rng)] }
    // Replace right to left so earlier ranges stay valid.
    for (line, range) in occurrences.reversed() { lines[line].replaceSubrange(range, with: new) }
    bytes = YAMLTextScan.join(lines)
    let which = all ? "every" : "one"
    return "\(which) '\(String(decoding: old, as: UTF8.self))' -> \(Self.quoted(new[...]))"
  }

  mutating func deleteKey(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let fields = YAMLTextScan.fields(lines)
    guard !fields.isEmpty else { return nil }
    let field = Self.pick(fields, &rng)
    let key = String(decoding: lines[field.line][field.keyStart..<field.keyEnd], as: UTF8.self)
    if field.inFlow {
      var end = field.valueEnd
      var line = lines[field.line]
      while end < line.count, line[end] == YAMLTextScan.space { end += 1 }
      if end < line.count, line[end] == UInt8(ascii: ",") {
        end += 1
        while end < line.count, line[end] == YAMLTextScan.space { end += 1 }
      }
      line.removeSubrange(field.keyStart..<end)
      lines[field.line] = line
    } else {
      let end = YAMLTextScan.blockEnd(lines, start: field.line, column: field.keyStart)
      let prefix = Array(lines[field.line][..<field.keyStart])
      let isItemStart = prefix.contains(UInt8(ascii: "-"))
      lines.removeSubrange(field.line..<end)
      if isItemStart {
        // Keep the item's dash; the item's other keys (on the next lines) stay its keys.
        lines.insert(prefix, at: field.line)
      }
    }
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(field.line)) '\(key)'"
  }

  /// The lines with every `label:` value given `suffix`, so a copied step adds no duplicate.
  static func relabel(_ lines: [[UInt8]], suffix: String) -> [[UInt8]] {
    var result = lines
    for (index, line) in lines.enumerated() {
      for field in YAMLTextScan.fields(line, lineIndex: index).reversed()
      where line[field.keyStart..<field.keyEnd].elementsEqual("label".utf8) && field.valueEnd > field.valueStart {
        result[index].insert(contentsOf: Array(suffix.utf8), at: field.valueEnd)
      }
    }
    return result
  }

  mutating func duplicateListItem(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let items = lines.indices.filter { YAMLTextScan.isListItem(lines[$0]) }
    guard !items.isEmpty else { return nil }
    let start = Self.pick(items, &rng)
    let end = YAMLTextScan.blockEnd(lines, start: start, column: YAMLTextScan.indentation(lines[start]))
    var copy = Array(lines[start..<end])
    let renamed = rng.next(below: 4) != 0
    if renamed { copy = Self.relabel(copy, suffix: "_dup\(rng.next(below: 100))") }
    lines.insert(contentsOf: copy, at: end)
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(start)) (\(end - start) lines\(renamed ? ", labels renamed" : ""))"
  }

  mutating func spliceListItem(_ rng: inout SplitMix64, donor: [UInt8]) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let donorLines = YAMLTextScan.lines(donor)
    let targets = lines.indices.filter { YAMLTextScan.isListItem(lines[$0]) }
    // Prefer donor items that look like steps (they carry a step key).
    let stepKeys = ["label:", "code:", "assign:", "if:", "loop:", "atomic:", "choose:", "call:", "await:"]
    let donorItems = donorLines.indices.filter { index in
      guard YAMLTextScan.isListItem(donorLines[index]) else { return false }
      let text = String(decoding: donorLines[index], as: UTF8.self)
      return stepKeys.contains { text.contains($0) }
    }
    guard !targets.isEmpty, !donorItems.isEmpty else { return nil }
    let target = Self.pick(targets, &rng)
    let source = Self.pick(donorItems, &rng)
    let sourceIndent = YAMLTextScan.indentation(donorLines[source])
    let targetIndent = YAMLTextScan.indentation(lines[target])
    let sourceEnd = YAMLTextScan.blockEnd(donorLines, start: source, column: sourceIndent)
    var block: [[UInt8]] = []
    for line in donorLines[source..<sourceEnd] {
      let indent = YAMLTextScan.indentation(line)
      let keep = max(0, indent - sourceIndent + targetIndent)
      block.append(Array(repeating: YAMLTextScan.space, count: keep) + line[min(indent, line.count)...])
    }
    let at =
      rng.next(below: 2) == 0
      ? target : YAMLTextScan.blockEnd(lines, start: target, column: targetIndent)
    if rng.next(below: 4) != 0 { block = Self.relabel(block, suffix: "_spliced\(rng.next(below: 100))") }
    lines.insert(contentsOf: block, at: at)
    bytes = YAMLTextScan.join(lines)
    return "\(block.count) lines at \(Self.line(at))"
  }

  /// The keys of the mapping `field` is in (roughly, as `SpecMutator.mappings`).
  static func keysBeside(_ field: YAMLTextScan.Field, in lines: [[UInt8]], fields: [YAMLTextScan.Field]) -> Set<[UInt8]>
  {
    func key(_ other: YAMLTextScan.Field) -> [UInt8] { Array(lines[other.line][other.keyStart..<other.keyEnd]) }
    if field.inFlow { return Set(fields.filter { $0.line == field.line && $0.inFlow }.map(key)) }
    let column = field.keyStart
    // The mapping starts at the list item's dash (or the first line less indented) and ends
    // before the next line indented less than its keys.
    var first = field.line
    while first > 0, !(YAMLTextScan.isListItem(lines[first]) && YAMLTextScan.indentation(lines[first]) < column) {
      let previous = lines[first - 1]
      if !YAMLTextScan.isBlank(previous), YAMLTextScan.indentation(previous) < column {
        if YAMLTextScan.isListItem(previous), YAMLTextScan.indentation(previous) + 2 == column { first -= 1 }
        break
      }
      first -= 1
    }
    var last = field.line
    while last + 1 < lines.count {
      let next = lines[last + 1]
      if !YAMLTextScan.isBlank(next), YAMLTextScan.indentation(next) < column { break }
      last += 1
    }
    return Set(fields.filter { $0.line >= first && $0.line <= last && !$0.inFlow && $0.keyStart == column }.map(key))
  }

  mutating func addField(
    _ rng: inout SplitMix64, keys: [[UInt8]], siblings: [[UInt8]: [[UInt8]]], valuesByKey: [[UInt8]: [[UInt8]]]
  ) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let fields = YAMLTextScan.fields(lines)
    guard !fields.isEmpty, !keys.isEmpty else { return nil }
    let field = Self.pick(fields, &rng)
    let fieldKey = Array(lines[field.line][field.keyStart..<field.keyEnd])
    // Mostly a key that may stand beside this one; now and then any key.
    let key: [UInt8]
    let present = Self.keysBeside(field, in: lines, fields: fields)
    if rng.next(below: 4) != 0, let nearby = siblings[fieldKey]?.filter({ !present.contains($0) }), !nearby.isEmpty {
      key = Self.pick(nearby, &rng)
    } else {
      key = Self.pick(keys, &rng)
    }
    let value: [UInt8]
    if rng.next(below: 2) == 0, let known = valuesByKey[key], !known.isEmpty {
      value = Self.pick(known, &rng)
    } else {
      value = Array(Self.interestingValue(&rng).utf8)
    }
    if field.inFlow {
      lines[field.line].insert(contentsOf: Array(", ".utf8) + key + Array(": ".utf8) + value, at: field.valueEnd)
    } else {
      let line = Array(repeating: YAMLTextScan.space, count: field.keyStart) + key + Array(": ".utf8) + value
      let at = rng.next(below: 2) == 0 ? field.line + 1 : field.line
      guard at > field.line || !lines[field.line].contains(UInt8(ascii: "-")) else { return nil }
      lines.insert(line, at: at)
    }
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(field.line)) \(String(decoding: key, as: UTF8.self)): \(Self.quoted(value[...]))"
  }

  /// Rewrites an expression: wraps it in arithmetic at the 64-bit edges, negates it, combines
  /// it with itself, or names something odd inside it.
  mutating func mutateExpression(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let all = YAMLTextScan.fields(lines)
    // Expression fields, and the values inside an `assign` mapping.
    var candidates: [YAMLTextScan.Field] = []
    var inAssign: (line: Int, column: Int)?
    for field in all where field.valueEnd > field.valueStart {
      let line = lines[field.line]
      let key = Array(line[field.keyStart..<field.keyEnd])
      if key == Array("assign".utf8) {
        inAssign = (field.line, field.keyStart)
        continue
      }
      let assigned =
        inAssign.map { field.line == $0.line || (field.line > $0.line && field.keyStart > $0.column) } ?? false
      if SpecMutator.expressionKeys.contains(key) || assigned { candidates.append(field) }
    }
    guard !candidates.isEmpty else { return nil }
    let field = Self.pick(candidates, &rng)
    var expression = Array(lines[field.line][field.valueStart..<field.valueEnd])
    if expression.count >= 2, expression.first == UInt8(ascii: "\""), expression.last == UInt8(ascii: "\"") {
      expression = Array(expression.dropFirst().dropLast())
    }
    let e = String(decoding: expression, as: UTF8.self)
    let edge = String(Self.pick(SpecMutator.interestingIntegers, &rng))
    let forms = [
      "(\(e)) + \(edge)", "(\(e)) - \(edge)", "\(edge) + (\(e))", "\(edge) - (\(e))", "-(\(e))", "!(\(e))",
      "(\(e)) && (\(e))", "(\(e)) + (\(e))", "(\(e)) == \(edge)", "(\(e)) < \(edge)", "\(edge)",
      "\(edge) + \(edge)", "-\(edge) - \(edge)", "- -\(edge)", "-(-\(edge))", "(\(e)", "\(e))", "\(e) +",
      "done(\(e))", "holds(\(e), \(e))", "readers(\(e))", "freed(\(e))", "\(e)@x", "\(e)[0].x", "\(e)[64].x",
      "\(e).\(e)", "true + \(e)", "\(e) == true", "\(e) != \(e)", "",
    ]
    let rewritten = Self.pick(forms, &rng)
    var quoted = "\""
    for character in rewritten {
      if character == "\\" || character == "\"" { quoted.append("\\") }
      quoted.append(character)
    }
    quoted.append("\"")
    lines[field.line].replaceSubrange(field.valueStart..<field.valueEnd, with: Array(quoted.utf8))
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(field.line)): \(Self.quoted(Array(quoted.utf8)[...]))"
  }

  /// Replaces an integer with an edge value or a neighbour of itself.
  mutating func replaceNumber(_ rng: inout SplitMix64) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    var candidates: [(Int, Range<Int>)] = []
    for (index, line) in lines.enumerated() where !YAMLTextScan.isBlank(line) {
      for token in YAMLTextScan.tokens(line) where line[token].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        // Take a leading minus sign with the digits.
        let start =
          token.lowerBound > 0 && line[token.lowerBound - 1] == UInt8(ascii: "-")
          ? token.lowerBound - 1 : token.lowerBound
        candidates.append((index, start..<token.upperBound))
      }
    }
    guard !candidates.isEmpty else { return nil }
    // Mostly a number that is a whole value (`max: 2`, `[1, 2]`): those are bounds and choices.
    let whole = candidates.filter { index, range in
      let line = lines[index]
      let before = range.lowerBound > 0 ? line[range.lowerBound - 1] : YAMLTextScan.space
      let after = range.upperBound < line.count ? line[range.upperBound] : YAMLTextScan.space
      return [YAMLTextScan.space, UInt8(ascii: "[")].contains(before)
        && [YAMLTextScan.space, UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(after)
    }
    let (index, range) = Self.pick(whole.isEmpty || rng.next(below: 3) == 0 ? candidates : whole, &rng)
    let old = Int64(String(decoding: lines[index][range], as: UTF8.self)) ?? 0
    let new: String
    switch rng.next(below: 4) {
    case 0: new = String(old &+ 1)
    case 1: new = String(old &- 1)
    case 2: new = String(old == .min ? old : -old)
    default: new = String(Self.pick(SpecMutator.interestingIntegers, &rng))
    }
    lines[index].replaceSubrange(range, with: Array(new.utf8))
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(index)) column \(range.lowerBound + 1): \(new)"
  }

  /// In a patch, points `base`, `after` or a stacked patch at itself, at another corpus file,
  /// or at nothing that exists.
  mutating func replaceReference(_ rng: inout SplitMix64, corpus: [String]) -> String? {
    var lines = YAMLTextScan.lines(bytes)
    let referenceKeys: Set<[UInt8]> = [Array("base".utf8), Array("after".utf8)]
    let fields = YAMLTextScan.fields(lines).filter { field in
      referenceKeys.contains(Array(lines[field.line][field.keyStart..<field.keyEnd]))
    }
    guard !fields.isEmpty, !corpus.isEmpty else { return nil }
    let field = Self.pick(fields, &rng)
    let other = Self.pick(corpus, &rng)
    let name = other.split(separator: "/").last.map(String.init) ?? other
    let references = [
      name, "../" + name, "./" + name, "patches/" + name, "../patches/" + name, "[\(name)]", "[../\(name)]",
      "[\(name), \(name)]", "missing.yaml", "", ".", "..", "/", "\"\"", "[]", "[.]", "../../../../" + name,
    ]
    let value = Self.pick(references, &rng)
    lines[field.line].replaceSubrange(field.valueStart..<field.valueEnd, with: Array(value.utf8))
    bytes = YAMLTextScan.join(lines)
    return "\(Self.line(field.line)): \(Self.quoted(Array(value.utf8)[...]))"
  }
}
