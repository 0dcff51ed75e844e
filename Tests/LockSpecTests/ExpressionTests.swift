import XCTest

@testable import LockSpec

final class ExpressionParserTests: XCTestCase {
  private func parse(_ text: String) -> ExpressionSyntax? {
    try? ExpressionParser.parse(text).get()
  }

  private func error(_ text: String) -> ExpressionError? {
    if case .failure(let error) = ExpressionParser.parse(text) { return error }
    return nil
  }

  func testPrecedenceAndAssociativity() {
    let a = ExpressionSyntax.name("a", index: nil, offset: 0)
    XCTAssertEqual(
      parse("a || b && c"),
      .binary(
        .or, a,
        .binary(.and, .name("b", index: nil, offset: 5), .name("c", index: nil, offset: 10), offset: 7),
        offset: 2))
    XCTAssertEqual(
      parse("a == b < c + 1"),
      .binary(
        .equal, a,
        .binary(
          .less, .name("b", index: nil, offset: 5),
          .binary(.plus, .name("c", index: nil, offset: 9), .integer(1, offset: 13), offset: 11), offset: 7),
        offset: 2))
    XCTAssertEqual(
      parse("a - 1 - 2"),
      .binary(.minus, .binary(.minus, a, .integer(1, offset: 4), offset: 2), .integer(2, offset: 8), offset: 6))
    XCTAssertEqual(
      parse("!a && -b > -3"),
      .binary(
        .and, .not(a.shifted(1), offset: 0),
        .binary(
          .greater, .negate(.name("b", index: nil, offset: 7), offset: 6), .integer(-3, offset: 11), offset: 9),
        offset: 3))
    XCTAssertEqual(parse("(a)"), .name("a", index: nil, offset: 1))
  }

  func testReferencesAndCalls() {
    XCTAssertEqual(
      parse("worker[1].x"), .member(thread: "worker", index: 1, local: "x", offset: 0, localOffset: 10))
    XCTAssertEqual(parse("t@done_it"), .at(thread: "t", index: nil, label: "done_it", offset: 0, labelOffset: 2))
    XCTAssertEqual(
      parse("holds(w[0], L)"),
      .call("holds", [.name("w", index: 0, offset: 6), .name("L", index: nil, offset: 12)], offset: 0))
    XCTAssertEqual(
      parse("true != false"), .binary(.notEqual, .boolean(true, offset: 0), .boolean(false, offset: 8), offset: 5))
  }

  func testSyntaxErrors() {
    XCTAssertEqual(error(""), ExpressionError(message: "expected an expression", offset: 0))
    XCTAssertEqual(error("a +"), ExpressionError(message: "expected an expression", offset: 3))
    XCTAssertEqual(
      error("(a"), ExpressionError(message: "expected ')' to close '(', found end of expression", offset: 2))
    XCTAssertEqual(error("a b"), ExpressionError(message: "unexpected 'b' after the expression", offset: 2))
    XCTAssertEqual(error("a & b"), ExpressionError(message: "unexpected '&'; did you mean '&&'?", offset: 2))
    XCTAssertEqual(error("a = b"), ExpressionError(message: "unexpected '='; did you mean '=='?", offset: 2))
    XCTAssertEqual(error("a $ b"), ExpressionError(message: "unexpected character '$'", offset: 2))
    XCTAssertEqual(error("1x"), ExpressionError(message: "a name may not start with a digit", offset: 0))
    XCTAssertEqual(
      error("hold(a, b)"), ExpressionError(message: "unknown function 'hold'; did you mean 'holds'?", offset: 0))
    XCTAssertEqual(error("w[x]"), ExpressionError(message: "expected an instance number, found 'x'", offset: 2))
    XCTAssertEqual(
      error("t@"), ExpressionError(message: "expected a label after '@', found end of expression", offset: 2))
    XCTAssertEqual(
      error("99999999999999999999 > 1"),
      ExpressionError(message: "integer 99999999999999999999 is too large", offset: 0))
    XCTAssertEqual(
      error(String(repeating: "(", count: 100) + "a" + String(repeating: ")", count: 100)),
      ExpressionError(message: "expression nested deeper than 64 levels", offset: 64))
    XCTAssertEqual(
      error(String(repeating: "!", count: 10_000) + "a"),
      ExpressionError(message: "expression too long: more than 1000 tokens", offset: 0))
    XCTAssertEqual(
      error(Array(repeating: "a", count: 600).joined(separator: "+")),
      ExpressionError(message: "expression too long: more than 1000 tokens", offset: 0))
    XCTAssertNotNil(parse(Array(repeating: "a", count: 500).joined(separator: "+")))
  }
}

extension ExpressionSyntax {
  fileprivate func shifted(_ by: Int) -> ExpressionSyntax {
    if case .name(let name, let index, let offset) = self { return .name(name, index: index, offset: offset + by) }
    return self
  }
}

/// Type checking and resolution, with diagnostics pointing inside the expression string.
final class ExpressionCheckingTests: XCTestCase {
  static let state = """
      sem: {type: rwsem}
      users: {type: counter, max: 2}
      phase: {type: enum, values: [idle, running, exiting]}
      mode: {type: enum, values: [idle, busy]}
      skip: {type: flag}
      pages: {type: resource}
      running: {type: bool}
    """

  private func check(_ expression: String) -> [String] {
    frontendDiagnostics(frontendThreadSpec(state: Self.state, steps: "      - await: \(expression)"))
  }

  func testColumnsPointInsidePlainAndQuotedScalars() {
    // `      - await: ` is 15 columns wide: a plain scalar starts at column 16 (line 12).
    XCTAssertEqual(check("users && skip"), ["t.yaml:12:16: error: '&&' expects bool operands, found an int"])
    XCTAssertEqual(check("skip && nope"), ["t.yaml:12:24: error: undefined name 'nope'"])
    XCTAssertEqual(check("\"skip && nope\""), ["t.yaml:12:25: error: undefined name 'nope'"])
    XCTAssertEqual(check("'skip && nope'"), ["t.yaml:12:25: error: undefined name 'nope'"])
    XCTAssertEqual(check("\"skip &&\""), ["t.yaml:12:24: error: expected an expression"])
    // Escapes make the text differ from the source: errors point at the scalar.
    XCTAssertEqual(check("\"skip \\u0026\\u0026 nope\""), ["t.yaml:12:16: error: undefined name 'nope'"])
    XCTAssertEqual(check("'it''s'"), ["t.yaml:12:16: error: unexpected character '''"])
    XCTAssertEqual(check("|\n          skip && nope"), ["t.yaml:12:16: error: undefined name 'nope'"])
  }

  func testTypeErrors() {
    XCTAssertEqual(check("users"), ["t.yaml:12:16: error: expected a bool, found an int"])
    XCTAssertEqual(check("\"!users\""), ["t.yaml:12:18: error: '!' expects a bool, found an int"])
    // A plain scalar starting with `!` is a YAML tag: the expression must be quoted.
    XCTAssertEqual(
      check("!users"),
      [
        "t.yaml:12:16: error: YAML tags are not supported (found '!users'); write the plain value, "
          + "and quote a value that starts with '!'"
      ])
    XCTAssertEqual(check("-skip > 0"), ["t.yaml:12:17: error: '-' expects an int, found a bool"])
    XCTAssertEqual(check("skip == 1"), ["t.yaml:12:21: error: '==' cannot compare a bool with an int"])
    XCTAssertEqual(check("skip < 1"), ["t.yaml:12:16: error: '<' expects int operands, found a bool"])
    XCTAssertEqual(check("phase == mode"), ["t.yaml:12:22: error: '==' cannot compare enum phase with enum mode"])
    XCTAssertEqual(check("pages"), ["t.yaml:12:16: error: pages is a resource; use freed(pages)"])
    XCTAssertEqual(
      check("sem"), ["t.yaml:12:16: error: sem is an rwsem; use readers(sem), write_locked(sem) or holds(thread, sem)"])
    XCTAssertEqual(check("readers(users) > 0"), ["t.yaml:12:24: error: users is a counter, expected an rwsem"])
    XCTAssertEqual(check("freed(sem)"), ["t.yaml:12:22: error: sem is an rwsem, expected a resource"])
    XCTAssertEqual(check("holds(t)"), ["t.yaml:12:16: error: 'holds' takes 2 arguments (thread, lock), found 1"])
    XCTAssertEqual(check("done(t, t)"), ["t.yaml:12:16: error: 'done' takes 1 argument (thread), found 2"])
    XCTAssertEqual(check("done(1)"), ["t.yaml:12:21: error: expected a thread name as argument of 'done'"])
    XCTAssertEqual(
      check("write_locked(skip)"),
      [
        "t.yaml:12:29: error: skip is a flag, expected a lock (rwsem, mutex or spinlock)"
      ])
    XCTAssertEqual(check("t@nowhere"), ["t.yaml:12:18: error: undefined label 'nowhere'"])
    XCTAssertEqual(check("x.y"), ["t.yaml:12:16: error: undefined thread 'x'"])
    XCTAssertEqual(check("t[0]@a"), ["t.yaml:12:16: error: thread 't' has one instance; write 't'"])
  }

  func testEnumCasesResolveAgainstTheOtherOperand() throws {
    let model = try XCTUnwrap(
      frontendLoad(frontendThreadSpec(state: Self.state, steps: "      - await: \"exiting == phase || mode != busy\"")))
    XCTAssertEqual(
      model.threads[0].instructions[0].kind,
      .await(
        .binary(.or, .binary(.equal, .int(2), .variable(2)), .binary(.notEqual, .variable(3), .int(1))), next: 1))
    XCTAssertEqual(
      check("phase == busy"), ["t.yaml:12:25: error: 'busy' is not a value of enum phase (idle, running, exiting)"])
    XCTAssertEqual(
      check("phase == running"),
      ["t.yaml:12:25: error: 'running' is ambiguous: a variable and a value of enum phase"])
    XCTAssertEqual(
      check("idle == idle"),
      [
        "t.yaml:12:16: error: undefined name 'idle'",
        "t.yaml:12:24: error: undefined name 'idle'",
      ])
  }

  func testAssignmentsTypeCheckAgainstTheTarget() {
    let text = frontendThreadSpec(
      state: Self.state,
      locals: "      n: {type: int, min: 0, max: 3}",
      steps: "      - assign: {phase: busy, n: \"skip\", users: \"1\", skip: \"true\", pages: \"1\"}")
    XCTAssertEqual(
      frontendDiagnostics(text),
      [
        "t.yaml:14:25: error: 'busy' is not a value of enum phase (idle, running, exiting)",
        "t.yaml:14:35: error: expected an int, found a bool",
        "t.yaml:14:42: error: users is a counter, expected a bool, int or enum",
        "t.yaml:14:54: error: skip is a flag, expected a bool, int or enum",
        "t.yaml:14:68: error: pages is a resource, expected a bool, int or enum",
      ])
  }
}
