/// A place in a spec or patch file: 1-based line and column (columns count Unicode scalars), for
/// reports that point into the specs (SARIF, JUnit).
public struct SpecPosition: Sendable, Equatable, Hashable {
  /// The file, as the user gave it on the command line (or as a patch names it).
  public var path: String
  public var line: Int
  public var column: Int

  public init(path: String, line: Int = 1, column: Int = 1) {
    self.path = path
    self.line = line
    self.column = column
  }
}

/// A problem that kept a spec or patch file from being checked (a load or validation error), at
/// the place it was found.
public struct SpecProblem: Sendable, Equatable {
  /// How bad the problem is; only errors stop a load.
  public enum Severity: String, Sendable {
    case error, warning, note
  }

  public var severity: Severity
  public var position: SpecPosition
  public var message: String

  public init(severity: Severity = .error, position: SpecPosition, message: String) {
    self.severity = severity
    self.position = position
    self.message = message
  }
}
