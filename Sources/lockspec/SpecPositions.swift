import LockCheck
import LockSpec

// The spec language's locations and diagnostics as the report types of LockCheck (which knows
// no YAML) carry them: what SARIF and JUnit reports point at.

extension SourceLocation {
  /// The same place as a report position.
  var position: SpecPosition { SpecPosition(path: path, line: line, column: column) }
}

extension Diagnostic {
  /// The diagnostic as a report problem.
  var problem: SpecProblem {
    SpecProblem(
      severity: SpecProblem.Severity(rawValue: severity.rawValue) ?? .error, position: location.position,
      message: message)
  }
}

extension Variant {
  /// Where each declared property is written, by name.
  var declarations: [String: SpecPosition] { propertyLocations.mapValues(\.position) }
}
