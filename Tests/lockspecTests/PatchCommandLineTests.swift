import Foundation
import XCTest

/// `lockspec check` with patches, end to end: patched variants found under the paths, the
/// verdict matrix, `--patch`, `--format markdown`, and the JSON `variant`/`patch` fields.
final class PatchCommandLineTests: CommandTestCase {
  override func setUpWithError() throws {
    try super.setUpWithError()
    try write("demo/abba.yaml", Self.abba)
    try write("demo/patches/lock-order.yaml", Self.lockOrder)
  }

  func results(_ run: Run) throws -> [[String: Any]] {
    let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
    return try XCTUnwrap(object?["results"] as? [[String: Any]])
  }

  static let abba = """
    spec: demo/abba
    state:
      A: {type: mutex}
      B: {type: mutex}
    threads:
      p:
        steps:
          - {label: p_a, code: "mutex_lock(&A);", at: "demo.c:p", lock: A}
          - {label: p_b, code: "mutex_lock(&B);", at: "demo.c:p", lock: B}
          - {label: p_ub, unlock: B}
          - {label: p_ua, unlock: A}
      q:
        steps:
          - {label: q_b, code: "mutex_lock(&B);", at: "demo.c:q", lock: B}
          - {label: q_a, code: "mutex_lock(&A);", at: "demo.c:q", lock: A}
          - {label: q_ua, unlock: A}
          - {label: q_ub, unlock: B}
    properties:
      - {name: deadlock_free, check: deadlock_free, expect: violated}

    """

  static let lockOrder = """
    patch: lock-order
    title: Take A before B in q too
    edits:
      - move: q_a
        before: q_b
    variants:
      - base: ../abba.yaml
        expect: {deadlock_free: holds}

    """

  static let matrix = """
    Verdict matrix
    variant        deadlock_free  no_use_after_free  no_double_free  lock_discipline  assertions
    demo/abba      VIOLATED       holds              holds           holds            holds
      +lock-order  holds +        holds              holds           holds            holds

    + fix: VIOLATED in the parent variant, holds here

    """

  func testCheckFindsPatchesAndEndsWithTheMatrix() throws {
    let run = try lockspec(["check", "specs"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertTrue(run.out.contains("demo/abba+lock-order  (specs/demo/patches/lock-order.yaml)"), run.out)
    XCTAssertTrue(
      run.out.hasSuffix("10 properties checked: 10 as expected, 0 mismatched, 0 unknown\n\n" + Self.matrix), run.out)
  }

  func testAPatchCheckedAloneLoadsItsBase() throws {
    let run = try lockspec(["check", "specs/demo/patches/lock-order.yaml", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    let variants = try results(run).map { $0["variant"] as? String ?? "" }
    XCTAssertEqual(Array(Set(variants)).sorted(), ["demo/abba", "demo/abba+lock-order"])
  }

  func testPatchAgainstOneBasePrintsBothAndTheVerdictChanges() throws {
    let run = try lockspec(["check", "specs/demo/abba.yaml", "--patch", "specs/demo/patches/lock-order.yaml"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertTrue(run.out.hasPrefix("demo/abba  (specs/demo/abba.yaml)"), run.out)
    XCTAssertTrue(
      run.out.hasSuffix(
        """
        10 properties checked: 10 as expected, 0 mismatched, 0 unknown

        Verdict changes:
          demo/abba+lock-order: deadlock_free VIOLATED -> holds (fix)


        """ + Self.matrix), run.out)
  }

  func testPatchOnABaseItDoesNotDeclareKeepsTheBasesExpectations() throws {
    try write("demo/abba-copy.yaml", Self.abba.replacingOccurrences(of: "demo/abba", with: "demo/copy"))
    let run = try lockspec(["check", "specs/demo/abba-copy.yaml", "--patch", "specs/demo/patches/lock-order.yaml"])
    XCTAssertEqual(run.status, 1, run.out + run.err)
    XCTAssertTrue(run.out.contains("demo/copy+lock-order: deadlock_free is holds (expected violated)"), run.out)
  }

  func testMarkdown() throws {
    let run = try lockspec(["check", "specs", "--format", "markdown"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertEqual(
      run.out,
      """
      ### lockspec verdicts

      | property | `demo/abba` | `demo/abba`<br>`+lock-order` |
      |---|---|---|
      | `deadlock_free` | **VIOLATED** | holds (fix) |
      | `no_use_after_free` | holds | holds |
      | `no_double_free` | holds | holds |
      | `lock_discipline` | holds | holds |
      | `assertions` | holds | holds |

      _fix_: **VIOLATED** in the parent variant, holds here

      **10 properties checked: 10 as expected, 0 mismatched, 0 unknown**

      """)
  }

  func testMarkdownShowsTheCounterexampleOfARegression() throws {
    try write(
      "demo/patches/reverse.yaml",
      """
      patch: reverse
      edits:
        - move: q_b
          before: q_a
      variants:
        - base: ../abba.yaml
          after: [lock-order.yaml]
          expect: {deadlock_free: violated}

      """)
    let run = try lockspec(["check", "specs", "--format", "markdown"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertTrue(
      run.out.contains("| `demo/abba` | `demo/abba`<br>`+lock-order` | `demo/abba`<br>`+lock-order`<br>`+reverse` |"),
      run.out)
    XCTAssertTrue(
      run.out.contains("| `deadlock_free` | **VIOLATED** | holds (fix) | **VIOLATED** (regression) |"), run.out)
    XCTAssertTrue(
      run.out.contains(
        "<details><summary><code>deadlock_free</code> VIOLATED in <code>demo/abba+lock-order+reverse</code></summary>\n\n"
          + "```text\ndeadlock_free VIOLATED in demo/abba+lock-order+reverse (2 steps)\n"), run.out)
  }

  func testJSONNamesTheVariantAndThePatch() throws {
    let run = try lockspec(["check", "specs", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.err)
    let all = try results(run)
    let base = try XCTUnwrap(all.first { $0["variant"] as? String == "demo/abba" })
    XCTAssertTrue(base["patch"] is NSNull)
    XCTAssertEqual(base["spec"] as? String, "specs/demo/abba.yaml")
    let patched = try XCTUnwrap(
      all.first { $0["variant"] as? String == "demo/abba+lock-order" && $0["property"] as? String == "deadlock_free" })
    XCTAssertEqual(patched["patch"] as? String, "specs/demo/patches/lock-order.yaml")
    XCTAssertEqual(patched["spec"] as? String, "specs/demo/abba.yaml")
    XCTAssertEqual(patched["verdict"] as? String, "holds")
    XCTAssertEqual(patched["expected"] as? String, "holds")
  }

  func testAMismatchInAPatchedVariantExitsOne() throws {
    try write(
      "demo/patches/lock-order.yaml",
      Self.lockOrder.replacingOccurrences(of: "{deadlock_free: holds}", with: "{deadlock_free: violated}"))
    let run = try lockspec(["check", "specs"])
    XCTAssertEqual(run.status, 1, run.out + run.err)
    XCTAssertTrue(run.out.contains("demo/abba+lock-order: deadlock_free is holds (expected violated)"), run.out)
  }

  func testABadPatchExitsTwoWithItsLocation() throws {
    try write(
      "demo/patches/lock-order.yaml", Self.lockOrder.replacingOccurrences(of: "move: q_a", with: "move: q_aa"))
    let run = try lockspec(["check", "specs"])
    XCTAssertEqual(run.status, 2, run.out + run.err)
    XCTAssertEqual(
      run.err,
      "specs/demo/patches/lock-order.yaml:4:11: error: no step labelled 'q_aa' in demo/abba; did you mean 'q_a'?\n")
    XCTAssertEqual(run.out, "")
  }

  func testPatchUsageErrorsExitTwo() throws {
    let folderRun = try lockspec(["check", "specs", "--patch", "specs/demo/patches/lock-order.yaml"])
    XCTAssertEqual(folderRun.status, 2)
    XCTAssertTrue(folderRun.err.contains("--patch needs a base spec file"), folderRun.err)
    let twoRun = try lockspec([
      "check", "specs/demo/abba.yaml", "specs/demo/abba.yaml", "--patch", "specs/demo/patches/lock-order.yaml",
    ])
    XCTAssertEqual(twoRun.status, 2)
    XCTAssertTrue(twoRun.err.contains("--patch needs exactly one base spec file"), twoRun.err)
    let missing = try lockspec(["check", "specs/demo/abba.yaml", "--patch", "specs/nope.yaml"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertEqual(missing.err, "error: specs/nope.yaml: no such file\n")
  }

  func testAPropertyOnlyAPatchAddsCanBeSelected() throws {
    try write(
      "demo/patches/witness.yaml",
      """
      patch: witness
      edits:
        - add_properties:
            - {name: q_gets_a, check: reachable, condition: "q@q_ua", expect: holds}
      variants:
        - base: ../abba.yaml

      """)
    let run = try lockspec(["check", "specs", "--property", "q_gets_a", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertEqual(try results(run).map { $0["variant"] as? String ?? "" }, ["demo/abba+witness"])
  }

  func testValidateListsPatchedVariants() throws {
    let run = try lockspec(["validate", "specs"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.out.contains("specs/demo/patches/lock-order.yaml: ok (demo/abba+lock-order: 2 threads"), run.out)
  }
}
