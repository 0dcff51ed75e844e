/// Deterministic mapping of spec names to Swift identifiers.
public enum SwiftIdentifier {
  /// Swift keywords and names the generated code itself uses, which no spec-derived name may take.
  static let keywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
    "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
    "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "_", "Type",
    "Protocol", "some", "any", "consume", "copy", "borrowing", "consuming", "discard", "each", "package",
  ]

  /// Type names the generated support code declares (and modules it imports); a spec whose name
  /// maps to one of them is reported as a clash.
  public static let reservedTypeNames: Set<String> = [
    "CompiledModel", "ModelRegistry", "FaultLog", "GeneratedSuite", "LockspecModels", "LockCheck", "XCTest",
    "Foundation", "Swift", "State", "Transition", "TransitionSystem", "ModelMetadata", "Explorer", "Simulator",
    "Int", "String", "Bool", "UInt64", "Array", "Never", "Any", "Self", "Type", "Protocol", "Optional",
  ]

  /// The words of `text`: maximal runs of ASCII letters and digits.
  static func words(_ text: Substring) -> [String] {
    var words: [String] = []
    var current = ""
    for scalar in text.unicodeScalars {
      if isAlphanumeric(scalar) {
        current.unicodeScalars.append(scalar)
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    return words
  }

  static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
    ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
  }

  /// The type name of a model: the first `/` component in UpperCamelCase, the others joined with
  /// `_` with their non-alphanumeric characters as `_` (`mm-exit/v4.13` → `MmExit_v4_13`,
  /// `mm-exit/v4.13+drop-ksm-trick` → `MmExit_v4_13_drop_ksm_trick`). A leading digit gets a
  /// `Spec` prefix; an empty result is `Spec`.
  public static func typeName(forModel name: String) -> String {
    let components = name.split(separator: "/", omittingEmptySubsequences: true)
    var parts: [String] = []
    for (index, component) in components.enumerated() {
      let words = words(component)
      guard !words.isEmpty else { continue }
      if index == 0 {
        parts.append(words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())
      } else {
        parts.append(words.joined(separator: "_"))
      }
    }
    var result = parts.joined(separator: "_")
    if result.isEmpty { result = "Spec" }
    if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "Spec" + result }
    if result.count > maxTypeNameLength {
      // Keep declarations such as `extension Name {` within a line: cut, and keep names distinct.
      result = String(result.prefix(maxTypeNameLength - 9)) + "_" + fnv1a(name)
    }
    return result
  }

  /// The longest type name `typeName(forModel:)` returns.
  public static let maxTypeNameLength = 80

  /// The 32-bit FNV-1a hash of `text`'s UTF-8 bytes, as 8 hex digits (stable across runs and
  /// platforms, unlike `Hasher`).
  static func fnv1a(_ text: String) -> String {
    var hash: UInt32 = 0x811C_9DC5
    for byte in text.utf8 {
      hash ^= UInt32(byte)
      hash = hash &* 0x0100_0193
    }
    let digits = String(hash, radix: 16)
    return String(repeating: "0", count: 8 - digits.count) + digits
  }

  /// A lowerCamel/snake member name for `text`: non-alphanumerics as `_` (runs collapsed, none
  /// at the ends); a leading digit or a keyword gets a `_`-free fix (`n` prefix, `_` suffix).
  /// Empty when `text` has no letters or digits.
  public static func memberName(_ text: String) -> String {
    let name = words(Substring(text)).joined(separator: "_")
    guard !name.isEmpty else { return "" }
    if let first = name.unicodeScalars.first, ("0"..."9").contains(first) { return "n" + name }
    if keywords.contains(name) { return name + "_" }
    return name
  }

  /// Unique member names for `texts`, in order: `memberName`, or `fallback(index)` when empty;
  /// a name already taken (or in `reserved`) gets `_<index>` appended.
  static func uniqueMemberNames(
    _ texts: [String], reserved: Set<String> = [], fallback: (Int) -> String
  ) -> [String] {
    var taken = reserved
    var result: [String] = []
    for (index, text) in texts.enumerated() {
      var name = memberName(text)
      if name.isEmpty { name = fallback(index) }
      if taken.contains(name) { name += "_\(index)" }
      while taken.contains(name) { name += "_" }
      taken.insert(name)
      result.append(name)
    }
    return result
  }
}
