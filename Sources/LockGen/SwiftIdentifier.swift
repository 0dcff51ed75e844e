/// Deterministic mapping of spec names to Swift identifiers.
///
/// A variant name becomes a *base name* (`mm-exit/v4.13` → `MmExit_v4_13`), and every name the
/// generated code declares for it is the base name with a fixed prefix or suffix:
///
/// - the model type `Model_<base>` (in `LockspecModels`, file `Models/Model_<base>.swift`),
/// - the test class `<base>Tests` (in `GeneratedTests`, file `Tests/<base>Tests.swift`).
///
/// So no spec can name a type after a Swift keyword or after anything the generated code uses
/// (`Result`, `State`, `Int`, `LockCheck`, `XCTestCase`, `main` ...): every top-level type of
/// `LockspecModels` other than the fixed support types starts with `Model_`, and every test
/// class ends with `Tests`, which no keyword, runtime type or module the generated code refers
/// to does.
public enum SwiftIdentifier {
  /// Swift keywords (and contextual keywords that are not usable everywhere), which a member
  /// name never is.
  static let keywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do",
    "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while",
    "Any", "as", "await", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "_", "Type",
    "Protocol", "some", "any", "consume", "copy", "borrowing", "consuming", "discard", "each", "package",
  ]

  /// The prefix of every model type: `Model_MmExit_v4_13`.
  public static let modelTypePrefix = "Model_"

  /// The suffix of every test class: `MmExit_v4_13Tests`.
  public static let testClassSuffix = "Tests"

  /// The longest base name a variant may map to (longer names are rejected: type and file
  /// names stay readable, and declarations fit on a line).
  public static let maxBaseNameLength = 80

  /// The names generated for one variant.
  public struct ModelNames: Sendable, Equatable {
    /// `MmExit_v4_13`.
    public var base: String
    /// The compiled model's type: `Model_MmExit_v4_13`.
    public var type: String { SwiftIdentifier.modelTypePrefix + base }
    /// The XCTest class: `MmExit_v4_13Tests`.
    public var testClass: String { base + SwiftIdentifier.testClassSuffix }
    /// The model's file, relative to the output folder.
    public var modelFile: String { "Models/\(type).swift" }
    /// The test class's file, relative to the output folder.
    public var testFile: String { "Tests/\(testClass).swift" }
  }

  /// Why a variant name has no Swift name.
  public enum NameProblem: Error, Equatable, Sendable {
    /// The name has no ASCII letter or digit.
    case empty
    /// The base name would be longer than `maxBaseNameLength`.
    case tooLong(base: String)
  }

  /// The names generated for the variant `name`, or why there are none.
  public static func names(forModel name: String) -> Result<ModelNames, NameProblem> {
    let base = baseName(forModel: name)
    if base.isEmpty { return .failure(.empty) }
    if base.count > maxBaseNameLength { return .failure(.tooLong(base: base)) }
    return .success(ModelNames(base: base))
  }

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

  /// The base name of a model: the first `/` component in UpperCamelCase, the others joined with
  /// `_` with their non-alphanumeric characters as `_` (`mm-exit/v4.13` → `MmExit_v4_13`,
  /// `mm-exit/v4.13+drop-ksm-trick` → `MmExit_v4_13_drop_ksm_trick`; `-/class` → `class`). A
  /// leading digit gets a `Spec` prefix. Empty when the name has no ASCII letter or digit; not
  /// cut when long (`names(forModel:)` rejects both).
  public static func baseName(forModel name: String) -> String {
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
    if let first = result.unicodeScalars.first, ("0"..."9").contains(first) { result = "Spec" + result }
    return result
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

  /// Names a field of the generated `State` struct never takes (besides its words `w0`, `w1`
  /// ...): its own members, and every type its code names without qualification, which a field
  /// of that name would shadow inside the struct (a variable called `Int` or `Swift`).
  static let stateScopeNames: Set<String> = [
    "init", "store", "self", "words", "Int", "UInt64", "Equatable", "UnsafeBufferPointer",
    "UnsafeMutableBufferPointer", "Swift",
  ]

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
