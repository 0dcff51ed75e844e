import Foundation
import XCTest

/// Issue #9 end to end: hostile spec files give exit status 2 with a located error, quickly, and
/// text from a spec never reaches the terminal (or a report file) with its control characters raw.
final class HostileInputCommandTests: CommandTestCase {
  /// A spec whose name, thread, label and code carry ESC and BEL sequences, with a violated
  /// property so a counterexample is printed.
  static let hostileSpec = """
    spec: "evil\\e[2J\\u202Ename"
    state:
      r: {type: resource}
    threads:
      "t":
        steps:
          - label: a
            code: "free(p);\\a\\e]0;owned\\a"
            free: r
          - code: "use(p);\\r"
            use: r
    """

  /// Whether `text` holds ESC, BEL, CR or a bidi override.
  func hasRaw(_ text: String) -> Bool {
    text.unicodeScalars.contains { ["\u{1B}", "\u{7}", "\r", "\u{202E}"].contains($0) }
  }

  func testControlCharactersInASpecNeverReachTheOutputRaw() throws {
    try write("evil.yaml", Self.hostileSpec)
    let text = try lockspec(["check", "specs", "--junit", "junit.xml"])
    XCTAssertEqual(text.status, 1, text.err)
    XCTAssertFalse(hasRaw(text.out + text.err), text.out)
    XCTAssertTrue(text.out.contains("evil\\u{1B}[2J\\u{202E}name  (specs/evil.yaml)"), text.out)
    XCTAssertTrue(text.out.contains("free(p);\\u{7}\\u{1B}]0;owned\\u{7}"), text.out)
    let junit = try String(contentsOf: folder.appendingPathComponent("junit.xml"), encoding: .utf8)
    XCTAssertFalse(hasRaw(junit), junit)
    XCTAssertTrue(junit.contains("<testsuite name=\"evil\\u{1B}[2J\\u{202E}name\""), junit)

    let markdown = try lockspec(["check", "specs", "--format", "markdown"])
    XCTAssertEqual(markdown.status, 1, markdown.err)
    XCTAssertFalse(hasRaw(markdown.out), markdown.out)
    XCTAssertTrue(markdown.out.contains("`evil\\u{1B}[2J\\u{202E}name`"), markdown.out)

    // JSON carries the names exactly, as escapes a JSON parser decodes.
    let json = try lockspec(["check", "specs", "--format", "json"])
    XCTAssertEqual(json.status, 1, json.err)
    XCTAssertFalse(hasRaw(json.out), json.out)
    let object = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any]
    let results = try XCTUnwrap(object?["results"] as? [[String: Any]])
    XCTAssertEqual(results.first?["variant"] as? String, "evil\u{1B}[2J\u{202E}name")
  }

  func testInvalidUTF8IsReportedWithTheFirstBadByte() throws {
    let url = folder.appendingPathComponent("specs/bad.yaml")
    try Data("threads:\n  t:\n    steps:\n      - code: \"a\u{E9}".utf8 + [0xFF] + Data("\"\n".utf8)).write(to: url)
    let run = try lockspec(["validate", "specs"])
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(
      run.err.contains("specs/bad.yaml:4:18: error: the file is not valid UTF-8 text (invalid byte 0xFF)"), run.err)
    // A replacement character written in the text is just a character.
    try write("bad.yaml", "description: \"\u{FFFD}\"\nthreads:\n  t:\n    steps: [{code: \"x(); // \u{FFFD}\"}]\n")
    let ok = try lockspec(["validate", "specs"])
    XCTAssertEqual(ok.status, 0, ok.err)
  }

  func testOversizedFilesFailAtOnce() throws {
    let line = "      - {label: l, code: \"x();\"}\n"
    let text = "threads:\n  t:\n    steps:\n" + String(repeating: line, count: 60 * 1_048_576 / line.utf8.count)
    try write("big.yaml", text)
    let start = ContinuousClock.now
    let run = try lockspec(["validate", "specs/big.yaml"])
    XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
    XCTAssertEqual(run.status, 2)
    var size = String(text.utf8.count)
    for index in stride(from: size.count - 3, to: 0, by: -3) {
      size.insert(",", at: size.index(size.startIndex, offsetBy: index))
    }
    XCTAssertEqual(
      run.err,
      "specs/big.yaml:1:1: error: the file is too large: \(size) bytes, more than the limit of 8 MiB (8,388,608 bytes)\n"
    )
    // A file that never ends is read only up to the limit.
    if FileManager.default.fileExists(atPath: "/dev/zero") {
      let zero = try lockspec(["validate", "/dev/zero"])
      XCTAssertEqual(zero.status, 2)
      XCTAssertTrue(zero.err.hasPrefix("/dev/zero:1:1: error: the file is too large"), zero.err)
    }
  }

  func testACircularPatchStackIsNamed() throws {
    try write("demo/base.yaml", "threads:\n  t:\n    steps: [{label: a, code: x}]\n")
    try write("demo/patches/a.yaml", "patch: a\nedits: [{remove: a}]\nvariants:\n  - base: b.yaml\n")
    try write("demo/patches/b.yaml", "patch: b\nedits: [{remove: a}]\nvariants:\n  - base: a.yaml\n")
    let run = try lockspec(["validate", "specs"])
    XCTAssertEqual(run.status, 2)
    XCTAssertEqual(
      run.err,
      "specs/demo/patches/b.yaml:4:11: error: patch stack is circular: specs/demo/patches/a.yaml -> "
        + "specs/demo/patches/b.yaml -> specs/demo/patches/a.yaml\n")
  }
}
