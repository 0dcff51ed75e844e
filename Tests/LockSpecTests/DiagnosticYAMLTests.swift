import XCTest

@testable import LockSpec

/// YAML-level problems and hostile input: every one must give a clear error, never a crash, a
/// hang or unbounded memory.
final class DiagnosticYAMLTests: XCTestCase {
  func testMalformedYAMLKeepsLibyamlPosition() {
    assertFrontendDiagnostics(
      "threads:\n  t:\n    steps: [a, b\n",
      [
        "t.yaml:4:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that "
          + "starts at 3:12)"
      ])
    assertFrontendDiagnostics(
      "threads:\n  t: x\n   y: z\n",
      ["t.yaml:3:5: error: invalid YAML: mapping values are not allowed in this context"])
    assertFrontendDiagnostics(
      "code: \"unterminated\n",
      [
        "t.yaml:2:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that "
          + "starts at 1:7)"
      ])
  }

  func testDuplicateKeysPointAtTheSecondOne() {
    assertFrontendDiagnostics(
      """
      threads:
        t:
          steps:
            - label: a
              code: x
              label: b
      """,
      ["t.yaml:6:9: error: duplicate key 'label' (first at line 4)"])
    assertFrontendDiagnostics(
      "threads: {t: {steps: [{code: a, code: b}]}}\n",
      ["t.yaml:1:33: error: duplicate key 'code' (first at line 1)"])
    assertFrontendDiagnostics(
      "state:\n  x: {type: bool}\nthreads: {}\nstate: {}\n",
      ["t.yaml:4:1: error: duplicate key 'state' (first at line 1)"])
  }

  func testEmptyAndNonMappingDocuments() {
    let empty = ["t.yaml:1:1: error: empty spec: expected a mapping with 'threads'"]
    assertFrontendDiagnostics("", empty)
    assertFrontendDiagnostics("\n\n# only a comment\n", empty)
    assertFrontendDiagnostics("- a\n- b\n", ["t.yaml:1:1: error: expected a mapping at the top level, found a list"])
    assertFrontendDiagnostics("just text\n", ["t.yaml:1:1: error: expected a mapping at the top level, found a string"])
    assertFrontendDiagnostics(
      "threads: {}\n---\nthreads: {}\n",
      [
        "t.yaml:2:1: error: a spec file holds one YAML document; found a second one"
      ])
  }

  func testBinaryGarbageAndInvalidUTF8() {
    assertFrontendDiagnostics(
      "\u{0}\u{1}\u{2}garbage", ["t.yaml:1:1: error: invalid YAML: control characters are not allowed"])
    // Invalid UTF-8 is found in the bytes (HostileInputTests has the cases); text decoded with
    // replacement characters is valid text.
    let bytes: [UInt8] = [0x74, 0x68, 0x3A, 0x20, 0xFF, 0xFE, 0x80, 0x0A]
    XCTAssertThrowsError(try SpecLoader.text(ofUTF8: bytes, path: "t.yaml")) { error in
      XCTAssertEqual(
        (error as? SpecLoadError)?.description,
        "t.yaml:1:5: error: the file is not valid UTF-8 text (invalid byte 0xFF)")
    }
    var random = SystemRandomNumberGenerator()
    for _ in 0..<50 {
      let noise = (0..<200).map { _ in UInt8.random(in: 0...255, using: &random) }
      XCTAssertFalse(frontendDiagnostics(String(decoding: noise, as: UTF8.self)).isEmpty)
    }
  }

  func testAliasBombIsRejectedBeforeExpansion() {
    var text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    let names = Array("abcdefghijklmnop")
    for index in 1..<names.count {
      let previous = names[index - 1]
      text +=
        "\(names[index]): &\(names[index]) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",")
        + "]\n"
    }
    let start = ContinuousClock.now
    assertFrontendDiagnostics(
      text, ["t.yaml:1:4: error: YAML anchors and aliases are not supported; write the value out"])
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
    // An alias used as a mapping key would make Yams hash the expansion.
    assertFrontendDiagnostics(
      "x: &k [1, 2]\n? *k\n: v\n",
      ["t.yaml:1:4: error: YAML anchors and aliases are not supported; write the value out"])
    assertFrontendDiagnostics(
      "threads:\n  t:\n    steps:\n      - *step\n",
      ["t.yaml:4:9: error: YAML anchors and aliases are not supported; write the value out"])
  }

  func testAmpersandsAndStarsInsideScalarsAreFine() throws {
    let text = """
      threads:
        t:
          steps:
            - code: x = *p & mask;
              note: it's *fine* & ok
              at: "a&b"
            - code: '*q = 1; /* it''s */'
            - code: |
                *x = 1;
                &y
            - code: >
                folded *text*
      """
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(
      model.threads[0].instructions.map(\.origin.code),
      ["x = *p & mask;", "*q = 1; /* it's */", "*x = 1;\n&y\n", "folded *text*", ""])
  }

  func testDeepNestingIsRejected() {
    let start = ContinuousClock.now
    assertFrontendDiagnostics(
      String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000),
      ["t.yaml:1:65: error: nesting deeper than 64 levels"])
    assertFrontendDiagnostics(
      String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000),
      ["t.yaml:1:257: error: nesting deeper than 64 levels"])
    assertFrontendDiagnostics(
      String(repeating: "- ", count: 10_000) + "x", ["t.yaml:1:1999: error: nesting deeper than 64 levels"])
    assertFrontendDiagnostics(
      String(repeating: "- ", count: 200) + "x", ["t.yaml:1:129: error: nesting deeper than 64 levels"])
    var block = "a:\n"
    for depth in 1..<100 { block += String(repeating: "  ", count: depth) + "b:\n" }
    assertFrontendDiagnostics(block, ["t.yaml:64:127: error: nesting deeper than 64 levels"])
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(5))
  }

  func testTooManyNodes() {
    let text = "sources: [" + Array(repeating: "x", count: 100_001).joined(separator: ",") + "]\n"
    assertFrontendDiagnostics(text, ["t.yaml:1:200005: error: the file is too large: more than 100000 YAML nodes"])
  }

  func testCRLFLineEndingsAndTabsInExpressions() throws {
    let text =
      "state:\r\n  x: {type: bool}\r\nthreads:\r\n  t:\r\n    steps:\r\n      - if: \"x &&\tfoo\"\r\n        then: []\r\n"
    assertFrontendDiagnostics(text, ["t.yaml:6:19: error: undefined name 'foo'"])
  }

  func testDiagnosticDescriptionAndErrorDescription() {
    let diagnostic = Diagnostic(
      severity: .warning, location: SourceLocation(path: "a/b.yaml", line: 3, column: 7), message: "m")
    XCTAssertEqual(diagnostic.description, "a/b.yaml:3:7: warning: m")
    let error = SpecLoadError(diagnostics: [diagnostic, .error("n", at: diagnostic.location)])
    XCTAssertEqual(error.description, "a/b.yaml:3:7: warning: m\na/b.yaml:3:7: error: n")
  }
}

/// Specs that are valid YAML but would lower to unbounded models.
final class DiagnosticModelSizeTests: XCTestCase {
  func testProcedureCallChainsCannotExplode() {
    var text = "procedures:\n"
    for level in 0..<30 {
      text += "  p\(level):\n    steps: [{call: p\(level + 1)}, {call: p\(level + 1)}]\n"
    }
    text += "  p30:\n    steps: [{code: leaf}]\nthreads:\n  t:\n    steps: [{call: p0}]\n"
    let start = ContinuousClock.now
    assertFrontendDiagnostics(
      text,
      ["t.yaml:65:3: error: thread 't' is too large: more than 100000 instructions after inlining procedures"])
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(10))
  }
}
