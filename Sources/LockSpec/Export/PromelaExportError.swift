/// Why a model has no faithful Promela form: each problem located at the spec line of the
/// step or property it is about, as `path:line:column: error: ...`.
public struct PromelaExportError: Error, Sendable, Equatable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics
  }

  /// One diagnostic per line.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
