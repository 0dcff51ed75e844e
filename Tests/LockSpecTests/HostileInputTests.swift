import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// Issue #9, "never crash, never hang, never lie", for the frontend: invalid UTF-8 is found in
/// the bytes (U+FFFD is just a character), YAML tags are rejected, size limits apply before a
/// tree is built, reserved words cannot be names, circular patch stacks are named, and names
/// are escaped when diagnostics are printed.
final class HostileInputTests: XCTestCase {
  // MARK: - UTF-8

  func testReplacementCharactersWrittenInTheTextAreAccepted() throws {
    let text = """
      spec: demo/\u{FFFD}
      description: "a literal \u{FFFD} in the description"
      threads:
        t:
          steps:
            - code: "x(); /* \u{FFFD} */"
              note: \u{FFFD}
      """
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(model.name, "demo/\u{FFFD}")
    XCTAssertEqual(model.threads[0].instructions[0].origin.code, "x(); /* \u{FFFD} */")
    // The same through the bytes: EF BF BD is the UTF-8 of U+FFFD, not an error.
    XCTAssertEqual(try SpecLoader.text(ofUTF8: Array(text.utf8), path: "t.yaml"), text)
  }

  func testInvalidUTF8IsLocatedAtItsFirstByte() {
    func error(_ bytes: [UInt8]) -> String? {
      do {
        _ = try SpecLoader.text(ofUTF8: bytes, path: "t.yaml")
        return nil
      } catch {
        return error.description
      }
    }
    let line = Array("threads:\n  t:\n    steps: []\n".utf8)
    // A lone continuation byte, after two lines and four characters.
    XCTAssertEqual(
      error(Array("a: 1\nb: 2\nc: \u{E9}".utf8) + [0x80]),
      "t.yaml:3:5: error: the file is not valid UTF-8 text (invalid byte 0x80)")
    // Bytes that never occur in UTF-8, an overlong encoding, a surrogate, a lead byte cut short
    // by the end of the file or by an ASCII byte, a code point past U+10FFFF.
    XCTAssertEqual(error(line + [0xFF]), "t.yaml:4:1: error: the file is not valid UTF-8 text (invalid byte 0xFF)")
    XCTAssertEqual(
      error([0x61, 0xC0, 0x80]), "t.yaml:1:2: error: the file is not valid UTF-8 text (invalid byte 0xC0)")
    XCTAssertEqual(
      error([0xED, 0xA0, 0x80]), "t.yaml:1:1: error: the file is not valid UTF-8 text (invalid byte sequence 0xED 0xA0)"
    )
    XCTAssertEqual(
      error([0x61, 0xE2, 0x82]), "t.yaml:1:2: error: the file is not valid UTF-8 text (invalid byte sequence 0xE2 0x82)"
    )
    XCTAssertEqual(
      error([0xE2, 0x28, 0xA1]), "t.yaml:1:1: error: the file is not valid UTF-8 text (invalid byte sequence 0xE2 0x28)"
    )
    XCTAssertEqual(
      error([0xF4, 0x90, 0x80, 0x80]),
      "t.yaml:1:1: error: the file is not valid UTF-8 text (invalid byte sequence 0xF4 0x90)")
    // Lines break as everywhere else (CR LF once, CR, NEL, LS); a byte order mark is a column,
    // as libyaml counts it.
    XCTAssertEqual(
      error(Array("a\r\nb\rc\u{85}d\u{2028}e".utf8) + [0xFF]),
      "t.yaml:5:2: error: the file is not valid UTF-8 text (invalid byte 0xFF)")
    XCTAssertEqual(
      error([0xEF, 0xBB, 0xBF, 0x61, 0xFF]), "t.yaml:1:3: error: the file is not valid UTF-8 text (invalid byte 0xFF)")
    // Four-byte characters are one column.
    XCTAssertEqual(
      error(Array("\u{1F512}".utf8) + [0xFE]), "t.yaml:1:2: error: the file is not valid UTF-8 text (invalid byte 0xFE)"
    )
    XCTAssertNil(error(line + Array("# \u{1F512} \u{10FFFF} \u{7FF} \u{800}\n".utf8)))
  }

  func testTheLocationOfAnInvalidByteMatchesTheColumnsOfOtherDiagnostics() throws {
    // The same text with a valid character where the bad byte was: its diagnostic and the UTF-8
    // error name the same column.
    let prefix = "threads:\n  t:\n    steps:\n      - {lable: \u{E9}"
    let valid = frontendDiagnostics(prefix + "x}\n")
    XCTAssertEqual(valid.first?.hasPrefix("t.yaml:4:10: error: unknown key 'lable'"), true, "\(valid)")
    XCTAssertThrowsError(try SpecLoader.text(ofUTF8: Array(prefix.utf8) + [0xFF, 0x7D, 0x0A], path: "t.yaml")) {
      XCTAssertEqual(
        ($0 as? SpecLoadError)?.description, "t.yaml:4:18: error: the file is not valid UTF-8 text (invalid byte 0xFF)")
    }
  }

  // MARK: - YAML tags

  func testExplicitTagsAreRejectedWhereTheyAreWritten() {
    func tagError(_ line: Int, _ column: Int, _ tag: String) -> String {
      "t.yaml:\(line):\(column): error: YAML tags are not supported (found '\(tag)'); write the plain value"
    }
    assertFrontendDiagnostics(
      frontendThreadSpec(steps: "      - code: !!str x();"), [tagError(4, 15, "!!str")])
    assertFrontendDiagnostics(
      frontendThreadSpec(steps: "      - code: !!binary aGVsbG8="), [tagError(4, 15, "!!binary")])
    assertFrontendDiagnostics(
      frontendThreadSpec(steps: "      - !foo {code: x}"), [tagError(4, 9, "!foo")])
    assertFrontendDiagnostics(
      frontendThreadSpec(steps: "      - {code: !<tag:yaml.org,2002:str> x}"),
      [tagError(4, 16, "!<tag:yaml.org,2002:str>")])
    assertFrontendDiagnostics(
      frontendThreadSpec(steps: "      - {!!str code: x}"), [tagError(4, 10, "!!str")])
    assertFrontendDiagnostics(
      frontendThreadSpec(steps: "      - code: x\n        note: [a, !!int 1]"), [tagError(5, 19, "!!int")])
    assertFrontendDiagnostics("--- !!map\nthreads: {t: {steps: []}}\n", [tagError(1, 5, "!!map")])
    assertFrontendDiagnostics(
      "threads: !!map\n  t: {steps: []}\n", [tagError(1, 10, "!!map")])
    // A byte order mark is a column, for libyaml and for the tag's text alike.
    assertFrontendDiagnostics(
      "\u{FEFF}threads: !!map\n  t: {steps: []}\n", [tagError(1, 11, "!!map")])
    assertFrontendDiagnostics(
      "state:\n  x: {type: bool, initial: !!bool true}\nthreads: {t: {steps: []}}\n",
      [tagError(2, 28, "!!bool")])
    // A tag with nothing after it: most likely an expression that needed quotes.
    assertFrontendDiagnostics(
      frontendThreadSpec(state: "  locked: {type: bool}", steps: "      - await: !locked"),
      [tagError(6, 16, "!locked") + ", and quote a value that starts with '!'"])
  }

  func testExclamationMarksThatAreNotTagsAreFine() throws {
    let text = frontendThreadSpec(
      state: "  locked: {type: bool}\n  n: {type: int, min: 0, max: 3}",
      steps: """
              - await: "!locked"
              - await: '!locked'
              - if: n != 1
                then: [{code: x = !y;, note: "!!str"}]
              - code: |
                  !!str is text here
              - code: "a" # !!str in a comment
        """)
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(model.threads[0].instructions.map(\.origin.code)[3], "x = !y;")
  }

  func testPatchFilesRejectTagsToo() {
    let patch = PatchFixture.patch(edits: "  - remove: !!str first_ub\n")
    XCTAssertEqual(
      PatchFixture([PatchErrorTests.path: patch]).diagnostics([PatchErrorTests.path]),
      [
        "specs/demo/patches/p.yaml:3:13: error: YAML tags are not supported (found '!!str'); write the plain value"
      ])
  }

  // MARK: - Size limits before parsing

  func testAFileLargerThanTheLimitFailsAtOnce() throws {
    let line = "      - {label: l, code: \"x();\"}\n"
    let text = "threads:\n  t:\n    steps:\n" + String(repeating: line, count: 60 * 1_048_576 / line.utf8.count)
    XCTAssertGreaterThan(text.utf8.count, 60_000_000)
    let start = ContinuousClock.now
    assertFrontendDiagnostics(
      text,
      [
        "t.yaml:1:1: error: the file is too large: \(grouped(text.utf8.count)) bytes, "
          + "more than the limit of 8 MiB (8,388,608 bytes)"
      ])
    XCTAssertLessThan(ContinuousClock.now - start, .milliseconds(500))
    // The same from the bytes, and for patches.
    XCTAssertThrowsError(try SpecLoader.text(ofUTF8: Array(repeating: UInt8(0x20), count: (8 << 20) + 1), path: "p")) {
      XCTAssertEqual(
        ($0 as? SpecLoadError)?.description,
        "p:1:1: error: the file is too large: 8,388,609 bytes, more than the limit of 8 MiB (8,388,608 bytes)")
    }
    XCTAssertNoThrow(try SpecLoader.text(ofUTF8: Array(repeating: UInt8(0x20), count: 8 << 20), path: "p"))
    XCTAssertEqual(
      PatchFixture([PatchErrorTests.path: "patch: p\n" + String(repeating: "#\n", count: 4_200_000)])
        .diagnostics([PatchErrorTests.path]),
      [
        "specs/demo/patches/p.yaml:1:1: error: the file is too large: 8,400,009 bytes, "
          + "more than the limit of 8 MiB (8,388,608 bytes)"
      ])
  }

  func testTheNodeLimitFiresBeforeATreeIsBuilt() {
    // The lexical pass rejects each of these by itself, before Yams composes anything.
    let prescan = YAMLPrescan(path: "t.yaml", maxDepth: 64, maxNodes: 100_000)
    let tooMany = "error: the file is too large: more than 100000 YAML nodes"
    let steps =
      "threads:\n  t:\n    steps:\n" + String(repeating: "      - {label: l, code: \"x();\"}\n", count: 40_000)
    // The lexical count leaves out block mappings and lists, so it passes the limit a few nodes
    // after the real count does (here 3: the 100,001st node is `code` at 20002:20), at a point
    // where the file certainly has more nodes than the limit.
    XCTAssertEqual(prescan.scan(steps)?.description, "t.yaml:20003:10: " + tooMany)
    let dashes = "sources:\n" + String(repeating: "-\n", count: 200_000)
    XCTAssertEqual(prescan.scan(dashes)?.description, "t.yaml:100000:1: " + tooMany)
    let flow = "sources: [" + Array(repeating: "x", count: 100_001).joined(separator: ",") + "]\n"
    XCTAssertEqual(prescan.scan(flow)?.description, "t.yaml:1:200005: " + tooMany)
    let keys = String(repeating: "k: v\n", count: 60_000)
    XCTAssertEqual(prescan.scan(keys)?.description, "t.yaml:50000:4: " + tooMany)
    // End to end, an 8 MiB spec of steps fails in a fraction of the time composing it took.
    let big =
      "threads:\n  t:\n    steps:\n" + String(repeating: "      - {label: l, code: \"x();\"}\n", count: 250_000)
    XCTAssertLessThan(big.utf8.count, 8 << 20)
    let start = ContinuousClock.now
    assertFrontendDiagnostics(big, ["t.yaml:20003:10: " + tooMany])
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(2))
  }

  func testTheLexicalNodeCountNeverExceedsTheRealOne() throws {
    // Every spec and patch in the repository, and some shapes with empty nodes: with the limit
    // set to the exact node count, the lexical pass must not reject the file.
    var texts: [String] = [
      "a:\nb:\n- \n- [a, b, {c, d: }]\n", "? a\n: b\n? c\n", "- - - x\n  - y\n", "x: |\n  a: b\n  - c\ny: z\n",
      "{a: [b, c], 'd': \"e\"}\n", "a: b # c: d\n", "- a: b\n  c: d\n- e\n", "\"k\": v\n'x': [ ]\n",
    ]
    let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("specs")
    let files = FileManager.default.enumerator(atPath: specs.path)?.compactMap { $0 as? String } ?? []
    for file in files where file.hasSuffix(".yaml") {
      texts.append(try String(contentsOf: specs.appendingPathComponent(file), encoding: .utf8))
    }
    XCTAssertGreaterThan(texts.count, 20)
    for text in texts {
      let exact = try XCTUnwrap(yamsNodeCount(text), text)
      XCTAssertNil(YAMLPrescan(path: "t.yaml", maxDepth: 64, maxNodes: exact).scan(text), text)
    }
  }

  // MARK: - Reserved words

  func testReservedWordsCannotBeNames() {
    let text = """
      state:
        true: {type: bool}
        phase: {type: enum, values: [readers, ok]}
      procedures:
        holds:
          locals: {false: {type: bool}}
          steps: [{code: x}]
      threads:
        done:
          locals: {any: {type: int, min: 0, max: 1}}
          steps:
            - label: freed
              code: y
            - if: "phase == ok"
              then: [{label: write_locked, code: z}]
      """
    assertFrontendDiagnostics(
      text,
      [
        "t.yaml:2:3: error: 'true' is a reserved word and cannot name a variable",
        "t.yaml:3:32: error: 'readers' is a reserved word and cannot name an enum value",
        "t.yaml:5:3: error: 'holds' is a reserved word and cannot name a procedure",
        "t.yaml:6:14: error: 'false' is a reserved word and cannot name a local",
        "t.yaml:9:3: error: 'done' is a reserved word and cannot name a thread",
        "t.yaml:10:14: error: 'any' is a reserved word and cannot name a local",
        "t.yaml:12:16: error: 'freed' is a reserved word and cannot name a label",
        "t.yaml:15:24: error: 'write_locked' is a reserved word and cannot name a label",
      ])
    // Words that only contain or resemble one are names like any other.
    XCTAssertNotNil(
      frontendLoad(
        "state:\n  done_flag: {type: bool}\n  True: {type: bool}\nthreads:\n  anyone:\n    steps: [{label: holds_it, code: x}]\n"
      ))
  }

  func testPatchesCannotAddReservedNames() {
    let patch = PatchFixture.patch(
      edits: "  - add_threads: {done: {steps: [{code: x}]}}\n  - add_state: {any: {type: bool}}\n")
    XCTAssertEqual(
      PatchFixture([PatchErrorTests.path: patch]).diagnostics([PatchErrorTests.path]),
      [
        "specs/demo/patches/p.yaml:3:19: error: 'done' is a reserved word and cannot name a thread",
        "specs/demo/patches/p.yaml:4:17: error: 'any' is a reserved word and cannot name a variable",
        "specs/demo/patches/p.yaml:6:5: note: in variant 'demo/base+p': specs/demo/patches/p.yaml applied to demo/base",
      ])
  }

  // MARK: - Circular patch stacks

  func testAPatchStackThatLoopsNamesTheCycle() {
    let a = "specs/demo/patches/a.yaml"
    let b = "specs/demo/patches/b.yaml"
    let c = "specs/demo/patches/c.yaml"
    let files = [
      a: PatchFixture.patch(name: "a", edits: "  - remove: first_ub\n", variants: "  - base: b.yaml\n"),
      b: PatchFixture.patch(name: "b", edits: "  - remove: first_ua\n", variants: "  - base: a.yaml\n"),
    ]
    let cycle = ["\(b):5:11: error: patch stack is circular: \(a) -> \(b) -> \(a)"]
    XCTAssertEqual(PatchFixture(files).diagnostics([a]), cycle)
    // Given both, the cycle is reported once.
    XCTAssertEqual(PatchFixture(files).diagnostics([a, b]), cycle)
    XCTAssertEqual(
      PatchFixture(files).diagnostics([b]), ["\(a):5:11: error: patch stack is circular: \(b) -> \(a) -> \(b)"])
    // A patch on itself, and a longer loop behind a variant on a real base.
    XCTAssertEqual(
      PatchFixture([a: PatchFixture.patch(name: "a", edits: "  - remove: first_ub\n", variants: "  - base: ./a.yaml\n")]
      )
      .diagnostics([a]),
      ["\(a):5:11: error: patch stack is circular: \(a) -> \(a)"])
    let three = [
      a: PatchFixture.patch(
        name: "a", edits: "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n  - base: b.yaml\n"),
      b: PatchFixture.patch(name: "b", edits: "  - remove: first_ua\n", variants: "  - base: c.yaml\n"),
      c: PatchFixture.patch(name: "c", edits: "  - remove: second_ua\n", variants: "  - base: a.yaml\n"),
    ]
    XCTAssertEqual(
      PatchFixture(three).diagnostics([a]), ["\(c):5:11: error: patch stack is circular: \(a) -> \(b) -> \(c) -> \(a)"])
  }

  // MARK: - Escaped diagnostics

  func testDiagnosticsShowControlCharactersEscaped() {
    let text = "threads:\n  t:\n    steps:\n      - {\"lab\\e]0;owned\\u0007el\": x}\n"
    let diagnostics = frontendDiagnostics(text)
    XCTAssertEqual(
      diagnostics.first,
      "t.yaml:4:10: error: unknown key 'lab\\u{1B}]0;owned\\u{7}el' in a step")
    let path = Diagnostic.error("m \u{202E}x", at: SourceLocation(path: "a\u{1B}b.yaml", line: 1, column: 2))
    XCTAssertEqual(path.description, "a\\u{1B}b.yaml:1:2: error: m \\u{202E}x")
    // The message itself keeps the text as written.
    XCTAssertEqual(path.message, "m \u{202E}x")
  }
}

/// The number of nodes in `text`, counted on the tree `YAMLReader` converts from Yams' (one
/// `YAMLNode` per Yams node); nil when it does not read.
private func yamsNodeCount(_ text: String) -> Int? {
  var log = DiagnosticLog()
  guard let root = YAMLReader(path: "t.yaml").read(text, log: &log) else { return nil }
  func count(_ node: YAMLNode) -> Int {
    switch node.content {
    case .scalar: return 1
    case .sequence(let items): return 1 + items.reduce(0) { $0 + count($1) }
    case .mapping(let pairs): return 1 + pairs.reduce(0) { $0 + count($1.key) + count($1.value) }
    }
  }
  return count(root)
}

/// 8388608 as `8,388,608`.
private func grouped(_ n: Int) -> String {
  YAMLReader.grouped(n)
}
