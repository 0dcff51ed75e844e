import Foundation
import XCTest

/// `lockspec diff A B`: steps removed, moved, inserted and changed per thread, state and
/// properties, and the verdicts that change, for two specs and for a spec and a patch.
final class DiffCommandTests: CommandTestCase {
  static let base = """
    spec: demo/abba
    state:
      A: {type: mutex}
      B: {type: mutex}
      users: {type: counter, max: 2, initial: 1}
    threads:
      p:
        steps:
          - {label: p_a, code: "mutex_lock(&A);", lock: A}
          - {label: p_b, code: "mutex_lock(&B);", lock: B}
          - {label: p_ub, code: "mutex_unlock(&B);", unlock: B}
          - {label: p_ua, code: "mutex_unlock(&A);", unlock: A}
      q:
        steps:
          - {label: q_b, code: "mutex_lock(&B);", lock: B}
          - {label: q_a, code: "mutex_lock(&A);", lock: A}
          - {label: q_ua, code: "mutex_unlock(&A);", unlock: A}
          - {label: q_ub, code: "mutex_unlock(&B);", unlock: B}
    properties:
      - {name: deadlock_free, check: deadlock_free, expect: violated}

    """

  /// `base` with q's locks in p's order (q_a moved), p_b and p_ub removed, a step inserted in
  /// q, `users` changed and `flag` added, and a property added.
  static let edited = """
    spec: demo/abba-edited
    state:
      A: {type: mutex}
      B: {type: mutex}
      users: {type: counter, max: 3, initial: 1}
      flag: {type: bool}
    threads:
      p:
        steps:
          - {label: p_a, code: "mutex_lock(&A);", lock: A}
          - {label: p_ua, code: "mutex_unlock(&A);", unlock: A}
      q:
        steps:
          - {label: q_a, code: "mutex_lock(&A);", lock: A}
          - {label: q_b, code: "mutex_lock(&B);", lock: B}
          - {label: q_flag, code: "flag = true;", assign: {flag: "true"}}
          - {label: q_ua, code: "mutex_unlock(&A);", unlock: A}
          - {label: q_ub, code: "spin_unlock(&B);", unlock: B}
    properties:
      - {name: deadlock_free, check: deadlock_free, expect: holds}
      - {name: flag_set, check: reachable, condition: "flag", expect: holds}

    """

  static let lockOrder = """
    patch: lock-order
    edits:
      - move: q_a
        before: q_b
    variants:
      - base: ../abba.yaml
        expect: {deadlock_free: holds}

    """

  func testTwoSpecsStepsStateAndPropertiesAndTheVerdictThatChanges() throws {
    try write("abba.yaml", Self.base)
    try write("edited.yaml", Self.edited)
    let run = try lockspec(["diff", "specs/abba.yaml", "specs/edited.yaml"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertEqual(
      run.out,
      """
      diff demo/abba (specs/abba.yaml) -> demo/abba-edited (specs/edited.yaml)
      thread p:
        - removed p_b  "mutex_lock(&B);" (was after p_a)
        - removed p_ub  "mutex_unlock(&B);" (was after p_b)
      thread q:
        + added   q_flag  "flag = true;" (after q_b)
        > moved   q_a  "mutex_lock(&A);" (now first in thread q; was after q_b)
        ~ changed q_ub: mutex_unlock(&B);  [unlock B] -> spin_unlock(&B);  [unlock B]
      state:
        ~ changed users: counter, max 2, initial 1 -> counter, max 3, initial 1
        + added   flag: bool
      properties:
        ~ changed deadlock_free: deadlock_free, expect violated -> deadlock_free, expect holds
        + added   flag_set: reachable, condition flag, expect holds

      Verdict changes:
        demo/abba-edited: deadlock_free VIOLATED -> holds (fix)
        demo/abba-edited: flag_set (no such property) -> holds (new)

      """)
  }

  func testASpecAndAPatchAsJSON() throws {
    try write("abba.yaml", Self.base)
    try write("patches/lock-order.yaml", Self.lockOrder)
    let run = try lockspec(["diff", "specs/abba.yaml", "specs/patches/lock-order.yaml", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.err)
    let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    XCTAssertEqual((object["after"] as? [String: Any])?["variant"] as? String, "demo/abba+lock-order")
    XCTAssertEqual((object["before"] as? [String: Any])?["file"] as? String, "specs/abba.yaml")
    let diff = try XCTUnwrap(object["diff"] as? [String: Any])
    let threads = try XCTUnwrap(diff["threads"] as? [[String: Any]])
    XCTAssertEqual(threads.count, 1)
    XCTAssertEqual(threads[0]["name"] as? String, "thread q")
    let moved = try XCTUnwrap(threads[0]["moved"] as? [[String: Any]])
    XCTAssertEqual(moved.map { $0["step"] as? String }, ["q_a"])
    XCTAssertEqual(moved[0]["code"] as? String, "mutex_lock(&A);")
    XCTAssertEqual((threads[0]["removed"] as? [Any])?.count, 0)
    let changes = try XCTUnwrap(object["verdict_changes"] as? [[String: Any]])
    XCTAssertEqual(changes.count, 1)
    XCTAssertEqual(changes[0]["property"] as? String, "deadlock_free")
    XCTAssertEqual(changes[0]["from"] as? String, "violated")
    XCTAssertEqual(changes[0]["to"] as? String, "holds")
    XCTAssertEqual(changes[0]["mark"] as? String, "fix")
  }

  func testIdenticalSpecsHaveNoChanges() throws {
    try write("abba.yaml", Self.base)
    try write("copy.yaml", Self.base.replacingOccurrences(of: "demo/abba", with: "demo/copy"))
    let run = try lockspec(["diff", "specs/abba.yaml", "specs/copy.yaml"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.out.contains("No change to steps, state or properties\n"), run.out)
    XCTAssertTrue(run.out.contains("Verdict changes: none\n"), run.out)
  }

  func testTheKsmTrickDroppedFromV413() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let run = try lockspec([
      "diff", root.path + "/specs/mm-exit/v4.13.yaml", root.path + "/specs/mm-exit/patches/drop-ksm-trick.yaml",
    ])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.out.contains("-> mm-exit/v4.13+drop-ksm-trick ("), run.out)
    XCTAssertTrue(run.out.contains("- removed ksm_exit_down_write  \"down_write(&mm->mmap_sem);\""), run.out)
    XCTAssertTrue(run.out.contains("- removed ksm_exit_up_write  \"up_write(&mm->mmap_sem);\""), run.out)
    XCTAssertFalse(run.out.contains("+ added"), run.out)
    XCTAssertFalse(run.out.contains("state:"), run.out)
    XCTAssertTrue(
      run.out.contains("mm-exit/v4.13+drop-ksm-trick: daemon_no_uaf holds -> VIOLATED (regression)"), run.out)
  }

  func testBadInputExitsTwo() throws {
    try write("abba.yaml", Self.base)
    try write("patches/lock-order.yaml", Self.lockOrder)
    try write("broken.yaml", "spec: broken\nthreads:\n  t:\n    steps:\n      - {lock: nowhere}\n")
    let broken = try lockspec(["diff", "specs/abba.yaml", "specs/broken.yaml"])
    XCTAssertEqual(broken.status, 2)
    XCTAssertTrue(broken.err.contains("specs/broken.yaml:5:"), broken.err)
    let patchFirst = try lockspec(["diff", "specs/patches/lock-order.yaml", "specs/abba.yaml"])
    XCTAssertEqual(patchFirst.status, 2)
    XCTAssertTrue(patchFirst.err.contains("not a spec"), patchFirst.err)
    let missing = try lockspec(["diff", "specs/abba.yaml", "specs/none.yaml"])
    XCTAssertEqual(missing.status, 2)
    let folder = try lockspec(["diff", "specs", "specs/abba.yaml"])
    XCTAssertEqual(folder.status, 2)
    XCTAssertTrue(folder.err.contains("is a folder"), folder.err)
  }
}
