import Foundation
import XCTest

/// `lockspec check BASE... --patch FILE` with a unified diff, a mail or an mbox, end to end:
/// the mapping printed line by line, the verdict changes and matrix, `--emit-overlay`, the JSON
/// `mapping`, and exit status 2 with the line of FILE for what cannot be mapped.
final class PatchMailCommandTests: CommandTestCase {
  /// The repository root (this file is Tests/lockspecTests/PatchMailCommandTests.swift).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  override func setUpWithError() throws {
    try super.setUpWithError()
    try write("demo/abba.yaml", PatchCommandLineTests.abba)
    for spec in ["v4.13", "v5.17-rc6"] {
      try write(
        "mm-exit/\(spec).yaml",
        String(contentsOf: Self.root.appendingPathComponent("specs/mm-exit/\(spec).yaml"), encoding: .utf8))
    }
    let fixtures = Self.root.appendingPathComponent("Tests/LockSpecTests/Fixtures/patch-mail")
    let mail = folder.appendingPathComponent("mail")
    try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: fixtures.path) {
      try FileManager.default.copyItem(
        at: fixtures.appendingPathComponent(name), to: mail.appendingPathComponent(name))
    }
  }

  /// q takes B then A; the diff makes it take A first, as p does.
  static let lockOrderDiff = """
    Subject: [PATCH] demo: one lock order

    Our words: q takes A first now.

    --- a/demo.c
    +++ b/demo.c
    @@ -20,3 +20,3 @@ void q(void)
     {
    -\tmutex_lock(&B);
     \tmutex_lock(&A);
    +\tmutex_lock(&B);

    """

  /// The JSON of a diff check is one document encoded once: a bidi control in a hunk line is a
  /// `\u` escape there as everywhere else in lockspec's JSON, and decodes back to itself.
  func testJSONEscapesControlsInHunkLines() throws {
    let hostile = Self.lockOrderDiff.replacingOccurrences(of: " {\n", with: " { /* \u{202E}evil */\n")
    XCTAssertNotEqual(hostile, Self.lockOrderDiff)
    try put("order.patch", hostile)
    let run = try lockspec([
      "check", "specs/demo/abba.yaml", "--patch", "order.patch", "--no-cache", "--format", "json",
    ])
    XCTAssertEqual(run.status, 1, run.err)
    XCTAssertFalse(run.out.unicodeScalars.contains { $0.value == 0x202E }, run.out)
    XCTAssertTrue(run.out.contains("\\u202E"), run.out)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    let mapping = try XCTUnwrap(object["mapping"] as? [[String: Any]])
    XCTAssertTrue(mapping.contains { ($0["code"] as? String)?.contains("\u{202E}evil") == true }, "\(mapping)")
    XCTAssertNotNil(object["models"])
    XCTAssertEqual(object["patch"] as? String, "order.patch")
  }

  func testDiffFixesTheDemoDeadlock() throws {
    try put("order.patch", Self.lockOrderDiff)
    let run = try lockspec(["check", "specs/demo/abba.yaml", "--patch", "order.patch", "--no-cache"])
    // The fix is unexpected: the diff cannot say what it expects, so the check exits 1.
    XCTAssertEqual(run.status, 1, run.err)
    XCTAssertTrue(run.out.contains("     9:1: - mutex_lock(&B);  -> removes q_b"), run.out)
    XCTAssertTrue(run.out.contains("    10:1:   mutex_lock(&A);     at q_a"), run.out)
    XCTAssertTrue(run.out.contains("    11:1: + mutex_lock(&B);  -> new step q_mutex_lock"), run.out)
    XCTAssertFalse(run.out.contains("fewer lines"), run.out)
    XCTAssertTrue(run.out.contains("demo/abba+order:\n  demo.c:q\n     8:1:   {"), run.out)
    XCTAssertTrue(run.out.contains("demo/abba+order: deadlock_free VIOLATED -> holds (fix)"), run.out)
    let row = run.out.split(separator: "\n").first { $0.hasPrefix("  +order ") }
    XCTAssertTrue(row?.contains(" holds + ") == true, run.out)
  }

  func testDropTheExitCyclesOnTwoEras() throws {
    let run = try lockspec([
      "check", "specs/mm-exit/v4.13.yaml", "specs/mm-exit/v5.17-rc6.yaml", "--patch", "mail/drop-exit-cycles.patch",
      "--no-cache",
    ])
    XCTAssertEqual(run.status, 1, run.err)
    XCTAssertTrue(run.out.contains("-> removes ksm_exit_down_write"), run.out)
    let changes = run.out.components(separatedBy: "Verdict changes:").last ?? ""
    XCTAssertTrue(
      changes.contains("mm-exit/v4.13+drop-exit-cycles: daemon_no_uaf holds -> VIOLATED (regression)"), changes)
    XCTAssertFalse(changes.contains("v5.17-rc6+drop-exit-cycles: daemon_no_uaf"), changes)
    let rows = run.out.split(separator: "\n").filter { $0.hasPrefix("  +drop-exit-cycles") }
    XCTAssertEqual(rows.count, 2, run.out)
    XCTAssertTrue(rows[0].contains("VIOLATED !"), String(rows[0]))
    XCTAssertFalse(rows[1].contains("!"), String(rows[1]))
  }

  func testMmapLockSpellingMapsTheSame() throws {
    for fixture in ["drop-exit-cycles.patch", "drop-exit-cycles-mmap-lock.patch"] {
      let run = try lockspec([
        "check", "specs/mm-exit/v4.13.yaml", "specs/mm-exit/v5.17-rc6.yaml", "--patch", "mail/\(fixture)",
        "--max-states", "1", "--no-cache", "--format", "json",
      ])
      XCTAssertEqual(run.status, 1, run.err)
      let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
      let mapping = try XCTUnwrap(object?["mapping"] as? [[String: Any]])
      let removed = mapping.filter { $0["became"] as? String == "removed" }
      XCTAssertEqual(
        removed.compactMap { $0["step"] as? String },
        [
          "khugepaged_exit_down_write", "khugepaged_exit_up_write", "ksm_exit_down_write", "ksm_exit_up_write",
          "khugepaged_exit_down_write", "khugepaged_exit_up_write", "ksm_exit_down_write", "ksm_exit_up_write",
        ], fixture)
      XCTAssertEqual(removed.first?["line"] as? Int, fixture == "drop-exit-cycles.patch" ? 22 : 21)
      XCTAssertEqual(object?["patch"] as? String, "mail/\(fixture)")
      XCTAssertEqual((object?["quotes"] as? [Any])?.count, 0)
      let results = try XCTUnwrap(object?["results"] as? [[String: Any]])
      XCTAssertTrue(results.contains { $0["patch"] as? String == "mail/\(fixture)" })
    }
  }

  func testUnmodelledOnlyChangesNothing() throws {
    let run = try lockspec(["check", "specs/mm-exit/v4.13.yaml", "--patch", "mail/unmodelled-only.patch", "--no-cache"])
    XCTAssertEqual(run.status, 0, run.err)
    XCTAssertTrue(run.out.contains("the patch changes nothing this spec models: no verdict can change"), run.out)
    XCTAssertTrue(run.out.contains("not modelled: no call the spec models"), run.out)
    XCTAssertTrue(run.out.contains("Verdict changes: none"), run.out)
  }

  func testUnplaceableAndNoDiffExitTwo() throws {
    let unplaceable = try lockspec(["check", "specs/mm-exit/v4.13.yaml", "--patch", "mail/unplaceable.patch"])
    XCTAssertEqual(unplaceable.status, 2)
    XCTAssertTrue(
      unplaceable.err.hasPrefix("mail/unplaceable.patch:14:1: error: cannot place 'down_write(&mm->mmap_sem);'"),
      unplaceable.err)
    XCTAssertEqual(unplaceable.out, "")
    let none = try lockspec(["check", "specs/mm-exit/v4.13.yaml", "--patch", "mail/no-diff.eml"])
    XCTAssertEqual(none.status, 2)
    XCTAssertTrue(none.err.hasPrefix("mail/no-diff.eml:1:1: error: no diff in this file"), none.err)
    // For CI: the SARIF and the JUnit file carry the error at its line, as for a spec that does
    // not load.
    let sarif = try lockspec([
      "check", "specs/mm-exit/v4.13.yaml", "--patch", "mail/unplaceable.patch", "--format", "sarif", "--junit",
      "report.xml",
    ])
    XCTAssertEqual(sarif.status, 2)
    let log = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(sarif.out.utf8)) as? [String: Any], sarif.out)
    let results = try XCTUnwrap(((log["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
    let location = try XCTUnwrap(
      ((results.first?["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
    XCTAssertEqual((location["artifactLocation"] as? [String: Any])?["uri"] as? String, "mail/unplaceable.patch")
    XCTAssertEqual((location["region"] as? [String: Any])?["startLine"] as? Int, 14)
    let junit = try String(contentsOf: folder.appendingPathComponent("report.xml"), encoding: .utf8)
    XCTAssertTrue(junit.contains("cannot place"), junit)
  }

  func testEmitOverlayWritesAPatchAndNeverOverwrites() throws {
    let arguments = [
      "check", "specs/mm-exit/v4.13.yaml", "--patch", "mail/rfc-2017-exit-mmap-depth4.eml", "--emit-overlay",
      "specs/mm-exit/patches/rfc-mail.yaml", "--max-states", "1", "--no-cache",
    ]
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("specs/mm-exit/patches"), withIntermediateDirectories: true)
    let first = try lockspec(arguments)
    XCTAssertEqual(first.status, 1, first.err)
    let path = folder.appendingPathComponent("specs/mm-exit/patches/rfc-mail.yaml")
    let overlay = try String(contentsOf: path, encoding: .utf8)
    XCTAssertTrue(overlay.contains("  - insert_after: exit_unmap_vmas_end\n"), overlay)
    XCTAssertTrue(overlay.contains("  - base: \"../v4.13.yaml\"\n"), overlay)
    let validate = try lockspec(["validate", "specs/mm-exit/patches/rfc-mail.yaml"])
    XCTAssertEqual(validate.status, 0, validate.err)
    XCTAssertTrue(validate.out.contains("mm-exit/v4.13+rfc-2017-exit-mmap-depth4"), validate.out)
    // A second run refuses to write over the file, which stays as it was.
    try put("specs/mm-exit/patches/rfc-mail.yaml", overlay + "# edited by hand\n")
    let second = try lockspec(arguments)
    XCTAssertEqual(second.status, 2)
    XCTAssertTrue(second.err.contains("rfc-mail.yaml exists; --emit-overlay never overwrites a file"), second.err)
    XCTAssertEqual(try String(contentsOf: path, encoding: .utf8), overlay + "# edited by hand\n")
  }

  /// Of several bases, the ones the diff applies to are checked; the others are named with the
  /// errors that say why. With none left, exit 2.
  func testBasesTheDiffDoesNotApplyToAreLeftOut() throws {
    let run = try lockspec([
      "check", "specs/demo/abba.yaml", "specs/mm-exit/v4.13.yaml", "--patch", "mail/reply-depth1.eml",
      "--max-states", "1", "--no-cache", "--format", "json",
    ])
    XCTAssertEqual(run.status, 1, run.err)
    XCTAssertTrue(
      run.err.contains(
        "lockspec: the diff does not apply to specs/demo/abba.yaml, which is not checked:\n"
          + "mail/reply-depth1.eml:15:2: error: demo/abba models nothing in mm/ksm.c"), run.err)
    let object = try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any]
    let skipped = try XCTUnwrap(object?["not_applied"] as? [[String: Any]])
    XCTAssertEqual(skipped.first?["spec"] as? String, "specs/demo/abba.yaml")
    let models = try XCTUnwrap(object?["models"] as? [[String: Any]])
    XCTAssertEqual(
      models.compactMap { $0["variant"] as? String }.sorted(), ["mm-exit/v4.13", "mm-exit/v4.13+reply-depth1"])
    let none = try lockspec(["check", "specs/demo/abba.yaml", "--patch", "mail/reply-depth1.eml"])
    XCTAssertEqual(none.status, 2)
    XCTAssertTrue(
      none.err.hasPrefix("mail/reply-depth1.eml:15:2: error: demo/abba models nothing in mm/ksm.c"), none.err)
  }

  func testBasesMustBeSpecFiles() throws {
    let folder = try lockspec(["check", "specs/mm-exit", "--patch", "mail/drop-exit-cycles.patch"])
    XCTAssertEqual(folder.status, 2)
    XCTAssertTrue(folder.err.hasPrefix("error: specs/mm-exit is a folder"), folder.err)
    try put("overlay.yaml", "patch: p\nedits: []\nvariants:\n  - base: specs/mm-exit/v4.13.yaml\n")
    let overlay = try lockspec(["check", "overlay.yaml", "--patch", "mail/drop-exit-cycles.patch"])
    XCTAssertEqual(overlay.status, 2)
    XCTAssertTrue(overlay.err.hasPrefix("overlay.yaml:1:1: error: this is a patch overlay, not a spec"), overlay.err)
  }

  func testEmitOverlayNeedsADiff() throws {
    let run = try lockspec(["check", "specs/demo/abba.yaml", "--emit-overlay", "x.yaml"])
    XCTAssertEqual(run.status, 2)
    XCTAssertTrue(run.err.contains("--emit-overlay needs --patch with a diff or mail"), run.err)
  }

  func testMarkdownHasTheMapping() throws {
    try put("order.patch", Self.lockOrderDiff)
    let run = try lockspec(["check", "specs/demo/abba.yaml", "--patch", "order.patch", "--format", "markdown"])
    XCTAssertEqual(run.status, 1, run.err)
    XCTAssertTrue(run.out.contains("### Patch `order.patch`"), run.out)
    XCTAssertTrue(run.out.contains("| 9 | − | `mutex_lock(&B);` | -> removes q_b |"), run.out)
  }
}
