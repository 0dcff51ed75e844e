import LockCheck
import XCTest

@testable import LockSpec

/// Loads spec text or fails the test with the diagnostics.
func frontendLoad(_ text: String, path: String = "t.yaml", file: StaticString = #filePath, line: UInt = #line)
  -> ModelIR?
{
  do {
    return try SpecLoader.load(text: text, path: path, defaultName: "test/default")
  } catch {
    XCTFail("unexpected diagnostics:\n\(error)", file: file, line: line)
    return nil
  }
}

/// The diagnostics of a spec that must not load, as printed.
func frontendDiagnostics(_ text: String, path: String = "t.yaml") -> [String] {
  do {
    _ = try SpecLoader.load(text: text, path: path, defaultName: "test/default")
    return []
  } catch {
    return error.diagnostics.map(\.description)
  }
}

/// Asserts that the spec fails with exactly these diagnostics.
func assertFrontendDiagnostics(
  _ text: String, _ expected: [String], file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(frontendDiagnostics(text), expected, file: file, line: line)
}

/// A one-thread spec around the given steps (indented by 6), with optional state and locals.
func frontendThreadSpec(state: String = "", locals: String = "", steps: String) -> String {
  var text = ""
  if !state.isEmpty { text += "state:\n\(state)\n" }
  text += "threads:\n  t:\n"
  if !locals.isEmpty { text += "    locals:\n\(locals)\n" }
  text += "    steps:\n\(steps)\n"
  return text
}
