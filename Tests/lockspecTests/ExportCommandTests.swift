import Foundation
import XCTest

/// `lockspec export --promela`: the model on stdout or in a file, and exit status 2 with a
/// located error for bad input, a folder, a missing format, or a step Promela cannot express.
final class ExportCommandTests: CommandTestCase {
  static let spec = """
    state:
      m: {type: mutex}
      users: {type: counter, max: 2, initial: 2}
    params:
      n: {default: 2, min: 1, max: 3}
    threads:
      t:
        count: n
        steps:
          - {label: take, lock: m}
          - {label: put, dec: users}
          - {label: give, unlock: m}
    """

  func testWritesTheModelToStdoutOrAFile() throws {
    try write("ok.yaml", Self.spec)
    let run = try lockspec(["export", "--promela", "specs/ok.yaml"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.out.contains("proctype t_0()") && run.out.contains("proctype t_1()"), run.out)
    XCTAssertTrue(run.out.contains("init {"), run.out)
    let file = try lockspec(["export", "--promela", "specs/ok.yaml", "-o", "ok.pml"])
    XCTAssertEqual(file.status, 0, file.err)
    XCTAssertEqual(file.out, "")
    let written = try String(contentsOf: folder.appendingPathComponent("ok.pml"), encoding: .utf8)
    XCTAssertEqual(written, run.out)
    // Never over a file that exists.
    try put("mine.pml", "my own notes\n")
    let again = try lockspec(["export", "--promela", "specs/ok.yaml", "-o", "mine.pml"])
    XCTAssertEqual(again.status, 2, again.err)
    XCTAssertTrue(again.err.contains("mine.pml: exists; export never overwrites"), again.err)
    XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("mine.pml"), encoding: .utf8), "my own notes\n")
  }

  /// A patch file's patched variant is exported like a spec: the one it defines, or the one
  /// `--variant` names when it defines several; an unknown name lists the variants.
  func testPatchedVariants() throws {
    try write("demo/abba.yaml", PatchCommandLineTests.abba)
    try write("demo/patches/lock-order.yaml", PatchCommandLineTests.lockOrder)
    let base = try lockspec(["export", "--promela", "specs/demo/abba.yaml"])
    XCTAssertEqual(base.status, 0, base.err)
    let patched = try lockspec(["export", "--promela", "specs/demo/patches/lock-order.yaml"])
    XCTAssertEqual(patched.status, 0, patched.err)
    XCTAssertNotEqual(patched.out, base.out)
    XCTAssertTrue(patched.out.contains("demo/abba+lock-order"), String(patched.out.prefix(600)))
    let named = try lockspec([
      "export", "--promela", "specs/demo/patches/lock-order.yaml", "--variant", "demo/abba+lock-order",
    ])
    XCTAssertEqual(named.out, patched.out)
    let unknown = try lockspec(["export", "--promela", "specs/demo/patches/lock-order.yaml", "--variant", "nope"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(
      unknown.err.contains("no variant 'nope'; the variants are: demo/abba, demo/abba+lock-order"), unknown.err)
    let graph = try lockspec(["graph", "specs/demo/patches/lock-order.yaml", "--dot"])
    XCTAssertEqual(graph.status, 0, graph.err)
  }

  func testParametersChangeTheModel() throws {
    try write("ok.yaml", Self.spec)
    let three = try lockspec(["export", "--promela", "specs/ok.yaml", "--param", "n=3"])
    XCTAssertEqual(three.status, 0, three.err)
    XCTAssertTrue(three.out.contains("proctype t_2()"), three.out)
    let wrong = try lockspec(["export", "--promela", "specs/ok.yaml", "--param", "n=9"])
    XCTAssertEqual(wrong.status, 2)
  }

  func testBadInputExitsTwoWithALocation() throws {
    try write("bad.yaml", "threads:\n  t:\n    steps:\n      - {lock: nothing}\n")
    let run = try lockspec(["export", "--promela", "specs/bad.yaml"])
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.err.contains("specs/bad.yaml:4:"), run.err)
    XCTAssertEqual(run.out, "")
  }

  func testAStepPromelaCannotExpressExitsTwoWithItsLine() throws {
    try write(
      "twice.yaml",
      "state:\n  m: {type: mutex}\nthreads:\n  t:\n    steps:\n      - label: twice\n        atomic:\n"
        + "          - lock: m\n          - unlock: m\n          - lock: m\n")
    let run = try lockspec(["export", "--promela", "specs/twice.yaml"])
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.err.hasPrefix("specs/twice.yaml:6:1: error: cannot export to Promela"), run.err)
  }

  func testNeedsOneSpecFileAndAFormat() throws {
    try write("ok.yaml", Self.spec)
    XCTAssertEqual(try lockspec(["export", "--promela", "specs"]).status, 2)
    XCTAssertEqual(try lockspec(["export", "specs/ok.yaml"]).status, 2)
    XCTAssertEqual(try lockspec(["export", "--promela", "specs/missing.yaml"]).status, 2)
  }
}
