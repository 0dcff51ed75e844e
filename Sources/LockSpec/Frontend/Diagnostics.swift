import LockCheck

/// A position in a spec or patch file: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
  public var path: String
  public var line: Int
  public var column: Int

  public init(path: String, line: Int, column: Int) {
    self.path = path
    self.line = line
    self.column = column
  }

  /// `path:line:column` (the path shown through `DisplayText.escaped`).
  public var description: String { "\(DisplayText.escaped(path)):\(line):\(column)" }

  /// The same line, `offset` columns further right.
  func shifted(by offset: Int) -> SourceLocation {
    SourceLocation(path: path, line: line, column: column + offset)
  }
}

/// One problem found in a spec file, printed as `path:line:column: error: message`. Messages quote
/// names and text from the file as written; `description` shows them through `DisplayText.escaped`.
public struct Diagnostic: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// How bad the problem is.
  public enum Severity: String, Sendable {
    case error, warning, note
  }

  public var severity: Severity
  public var location: SourceLocation
  public var message: String

  public init(severity: Severity, location: SourceLocation, message: String) {
    self.severity = severity
    self.location = location
    self.message = message
  }

  /// An error at `location`.
  public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
    Diagnostic(severity: .error, location: location, message: message)
  }

  public var description: String { "\(location): \(severity.rawValue): \(DisplayText.escaped(message))" }
}

/// Thrown when a spec file does not load: every error of the file, sorted by line and column.
public struct SpecLoadError: Error, Sendable, Equatable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  /// One diagnostic per line.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects the diagnostics of one load; reports each distinct diagnostic once, in source order.
struct DiagnosticLog: Sendable {
  private(set) var entries: [Diagnostic] = []
  private var seen: Set<Diagnostic> = []

  var hasErrors: Bool { entries.contains { $0.severity == .error } }

  mutating func error(_ message: String, at location: SourceLocation) {
    add(.error(message, at: location))
  }

  mutating func add(_ diagnostic: Diagnostic) {
    if seen.insert(diagnostic).inserted {
      entries.append(diagnostic)
    }
  }

  mutating func append(contentsOf other: DiagnosticLog) {
    for diagnostic in other.entries { add(diagnostic) }
  }

  /// The diagnostics sorted by path, line and column; ties keep the order they were found in.
  var sorted: [Diagnostic] {
    entries.enumerated().sorted { lhs, rhs in
      let (l, r) = (lhs.element.location, rhs.element.location)
      if l.path != r.path { return l.path < r.path }
      if l.line != r.line { return l.line < r.line }
      if l.column != r.column { return l.column < r.column }
      return lhs.offset < rhs.offset
    }.map(\.element)
  }

  /// Throws the collected errors, if any.
  func check() throws(SpecLoadError) {
    if hasErrors { throw SpecLoadError(diagnostics: sorted) }
  }
}
