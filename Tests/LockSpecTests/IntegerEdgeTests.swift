import LockCheck
import XCTest

@testable import LockSpec

/// Exact arithmetic at the edges of the 64-bit integers: bounds beyond ±(2^62 − 1) are located
/// errors, an expression that could overflow is a located error, and a value that leaves its
/// variable's range at run time is a fault, never a trap or a silent wrap.
final class IntegerEdgeTests: XCTestCase {
  func spec(state: String, steps: String, condition: String = "false") -> String {
    """
    state:
    \(state)
    threads:
      t:
        steps:
    \(steps)
    properties:
      - name: p
        check: never
        condition: "\(condition)"
    """
  }

  func testBoundsBeyondTheLimitAreLocatedErrors() {
    XCTAssertEqual(
      frontendDiagnostics(
        spec(
          state: "  x: {type: int, min: -9223372036854775808, max: 0}",
          steps: "      - assign: {x: \"0\"}")),
      [
        "t.yaml:2:23: error: 'min' of int 'x' is -9223372036854775808; bounds must lie within "
          + "±4611686018427387903 (2^62 − 1)"
      ])
    // More values than Int64.max, with `initial: any`: once a trap in the layout.
    XCTAssertEqual(
      frontendDiagnostics(
        spec(
          state: "  x: {type: int, min: -9223372036854775807, max: 9223372036854775807, initial: any}",
          steps: "      - assign: {x: \"0\"}")),
      [
        "t.yaml:2:23: error: 'min' of int 'x' is -9223372036854775807; bounds must lie within "
          + "±4611686018427387903 (2^62 − 1)"
      ])
    XCTAssertEqual(
      frontendDiagnostics(
        spec(state: "  n: {type: counter, max: 9223372036854775807}", steps: "      - inc: n")),
      [
        "t.yaml:2:27: error: 'max' of counter 'n' is 9223372036854775807; bounds must lie within "
          + "±4611686018427387903 (2^62 − 1)"
      ])
  }

  func testAWideInitialAnyIsALocatedError() {
    XCTAssertEqual(
      frontendDiagnostics(
        spec(
          state: "  x: {type: int, min: -4611686018427387903, max: 4611686018427387903, initial: any}",
          steps: "      - assign: {x: \"0\"}")),
      [
        "t.yaml:2:80: error: 'initial: any' would enumerate 9223372036854775807 values; at most 4096"
      ])
  }

  func testAnExpressionThatCanOverflowIsALocatedError() {
    XCTAssertEqual(
      frontendDiagnostics(
        spec(
          state: "  x: {type: int, min: 0, max: 1}", steps: "      - assign: {x: \"0\"}",
          condition: "9223372036854775807 + 1 > 0")),
      [
        "t.yaml:10:37: error: this '+' can overflow: with operands in 9223372036854775807...9223372036854775807 "
          + "and 1...1 its value may leave the 64-bit integers (-9223372036854775808...9223372036854775807)"
      ])
    // Three operands at the limit: two fit, the third does not.
    XCTAssertEqual(
      frontendDiagnostics(
        spec(
          state: "  x: {type: int, min: 0, max: 4611686018427387903}",
          steps: "      - assign: {x: \"x + x + x - x\"}")),
      [
        "t.yaml:6:28: error: this '+' can overflow: with operands in 0...9223372036854775806 and "
          + "0...4611686018427387903 its value may leave the 64-bit integers "
          + "(-9223372036854775808...9223372036854775807)"
      ])
    // Negation of the most negative literal's neighbour is exact.
    XCTAssertNotNil(
      frontendLoad(
        spec(
          state: "  x: {type: int, min: 0, max: 1}", steps: "      - assign: {x: \"0\"}",
          condition: "-9223372036854775807 < x")))
  }

  func explore(_ text: String) throws -> ExplorationResult {
    let model = try XCTUnwrap(frontendLoad(text))
    return try Interpreter(model: model).explore(options: ExplorationOptions(stopWhenDecided: false))
  }

  /// A counter at the top of the widest range: `inc` is a range fault, not a trap.
  func testIncrementAtTheLimitIsARangeFault() throws {
    let result = try explore(
      spec(
        state: "  n: {type: counter, max: 4611686018427387903, initial: 4611686018427387903}",
        steps: "      - inc: n"))
    let assertions = try XCTUnwrap(result.properties.first { $0.name == "assertions" })
    XCTAssertEqual(assertions.verdict, .violated)
    let rendered = CounterexampleRenderer().render(try XCTUnwrap(assertions.counterexample))
    XCTAssertTrue(rendered.contains("n leaves its range (4611686018427387904)"), rendered)
  }

  /// `x + x` at the extremes fits in 64 bits but not in x's range: a fault naming the value.
  func testASumOutsideTheRangeIsAFaultWithItsExactValue() throws {
    let result = try explore(
      spec(
        state: "  x: {type: int, min: -4611686018427387903, max: 4611686018427387903, initial: -4611686018427387903}",
        steps: "      - assign: {x: \"x + x\"}"))
    let assertions = try XCTUnwrap(result.properties.first { $0.name == "assertions" })
    XCTAssertEqual(assertions.verdict, .violated)
    let rendered = CounterexampleRenderer().render(try XCTUnwrap(assertions.counterexample))
    XCTAssertTrue(rendered.contains("x = -9223372036854775806 is out of range"), rendered)
  }
}
