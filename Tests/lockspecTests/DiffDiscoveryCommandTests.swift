import Foundation
import XCTest

/// `lockspec check PATH...` finding `*.patch`, `*.diff`, `*.mbox` and `*.eml` files beside the
/// specs: each checked against the specs of its family as `check BASE... --patch FILE` would,
/// reported without expectations, and exit status 2 with the line of the file for what cannot
/// be mapped. The trees are built in the test's temporary folder, laid out like `specs/`.
final class DiffDiscoveryCommandTests: CommandTestCase {
  /// The demo family: `abba.yaml` (the diff's base) and a copy of the refcount example (a base it
  /// does not apply to: it models nothing in demo.c).
  override func setUpWithError() throws {
    try super.setUpWithError()
    try write("demo/abba.yaml", PatchCommandLineTests.abba)
    try write(
      "demo/refcount.yaml",
      String(
        contentsOf: PatchMailCommandTests.root.appendingPathComponent("specs/examples/refcount-correct.yaml"),
        encoding: .utf8))
  }

  /// `lockOrderDiff` as a reply quoting it with `> `.
  static let replyMail = """
    From: Someone <someone@example.org>
    Subject: Re: [PATCH] demo: one lock order

    On Monday, someone wrote:
    \(PatchMailCommandTests.lockOrderDiff.split(separator: "\n", omittingEmptySubsequences: false)
      .map { "> " + $0 }.joined(separator: "\n"))

    Looks right to me.

    """

  /// The fixture `name` of Tests/LockSpecTests/Fixtures/patch-mail.
  func fixture(_ name: String) throws -> String {
    try String(
      contentsOf: PatchMailCommandTests.root.appendingPathComponent("Tests/LockSpecTests/Fixtures/patch-mail/\(name)"),
      encoding: .utf8)
  }

  /// A patch in the family's patches/ folder is checked against both specs of the family; it
  /// applies to one, the other is named with the reason. The fix it makes is reported, and the
  /// run exits 0: the diff expects nothing.
  func testPatchInPatchesFolderIsCheckedAgainstItsFamily() throws {
    try write("demo/patches/order.patch", PatchMailCommandTests.lockOrderDiff)
    let run = try lockspec(["check", "specs", "--no-cache"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertTrue(run.err.contains("lockspec: 1 diff or mail found beside the specs"), run.err)
    XCTAssertTrue(
      run.err.contains(
        "lockspec: the diff does not apply to specs/demo/refcount.yaml, which is not checked:\n"
          + "specs/demo/patches/order.patch:7:1: error: examples/refcount-correct models nothing in demo.c"),
      run.err)
    XCTAssertTrue(run.out.hasPrefix("Patch specs/demo/patches/order.patch: 1 patch, 1 hunk\n"), run.out)
    XCTAssertTrue(run.out.contains("specs/demo/refcount.yaml: does not apply, not checked (1 error above)"), run.out)
    XCTAssertTrue(run.out.contains("     9:1: - mutex_lock(&B);  -> removes q_b"), run.out)
    let changes = run.out.components(separatedBy: "Verdict changes:").last ?? ""
    XCTAssertTrue(changes.contains("demo/abba+order: deadlock_free VIOLATED -> holds (fix)"), changes)
    XCTAssertFalse(run.out.contains("refcount-correct+order"), run.out)
    XCTAssertTrue(run.out.contains("0 mismatched, 0 unknown"), run.out)
    XCTAssertTrue(run.out.contains("demo/abba+order  (specs/demo/patches/order.patch)"), run.out)
    XCTAssertTrue(run.out.contains("  deadlock_free      holds      (no expectation)\n"), run.out)
    let row = run.out.split(separator: "\n").first { $0.hasPrefix("  +order ") }
    XCTAssertTrue(row?.contains(" holds + ") == true, run.out)

    // The same mapping as `check BASE... --patch FILE` with the family's specs.
    let explicit = try lockspec([
      "check", "specs/demo/abba.yaml", "specs/demo/refcount.yaml", "--patch", "specs/demo/patches/order.patch",
      "--no-cache",
    ])
    XCTAssertEqual(explicit.status, 1, explicit.err)
    // The lines before the first model's header (`demo/abba  (specs/demo/abba.yaml)  ...`).
    let mapping = { (out: String) in out.split(separator: "\n").prefix { !$0.contains("  (specs/") } }
    XCTAssertTrue(mapping(explicit.out).contains { $0.hasSuffix("-> new step q_mutex_lock") }, explicit.out)
    XCTAssertEqual(mapping(run.out), mapping(explicit.out))
  }

  /// `--format json` adds `diffs`, one object per diff with the fields `--patch` adds; the
  /// diff's results expect nothing, so the summary has no mismatch.
  func testJSONListsTheDiffsWithTheirMapping() throws {
    try write("demo/patches/order.patch", PatchMailCommandTests.lockOrderDiff)
    let run = try lockspec(["check", "specs", "--no-cache", "--format", "json"])
    XCTAssertEqual(run.status, 0, run.err)
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
    let diffs = try XCTUnwrap(object["diffs"] as? [[String: Any]])
    XCTAssertEqual(diffs.count, 1)
    XCTAssertEqual(diffs[0]["patch"] as? String, "specs/demo/patches/order.patch")
    let skipped = try XCTUnwrap(diffs[0]["not_applied"] as? [[String: Any]])
    XCTAssertEqual(skipped.map { $0["spec"] as? String }, ["specs/demo/refcount.yaml"])
    let mapping = try XCTUnwrap(diffs[0]["mapping"] as? [[String: Any]])
    XCTAssertEqual(
      mapping.filter { $0["became"] as? String == "removed" }.compactMap { $0["step"] as? String }, ["q_b"])
    XCTAssertNil(object["mapping"])
    let results = try XCTUnwrap(object["results"] as? [[String: Any]])
    let patched = results.filter { $0["variant"] as? String == "demo/abba+order" }
    XCTAssertFalse(patched.isEmpty, run.out)
    XCTAssertTrue(patched.allSatisfy { $0["patch"] as? String == "specs/demo/patches/order.patch" }, "\(patched)")
    XCTAssertTrue(patched.allSatisfy { $0["expected"] is NSNull }, "\(patched)")
    let summary = try XCTUnwrap(object["summary"] as? [String: Any])
    XCTAssertEqual(summary["mismatched"] as? Int, 0)
  }

  /// Markdown appends the diff's mapping table; JUnit lists the diff's variant as a suite whose
  /// cases pass (it expects nothing), and the run exits 0.
  func testMarkdownAndJUnitIncludeTheDiff() throws {
    try write("demo/patches/order.patch", PatchMailCommandTests.lockOrderDiff)
    let markdown = try lockspec(["check", "specs", "--no-cache", "--format", "markdown"])
    XCTAssertEqual(markdown.status, 0, markdown.err)
    XCTAssertTrue(markdown.out.contains("### Patch `specs/demo/patches/order.patch`"), markdown.out)
    XCTAssertTrue(markdown.out.contains("| 9 | − | `mutex_lock(&B);` | -> removes q_b |"), markdown.out)
    let junit = try lockspec(["check", "specs", "--no-cache", "--format", "junit"])
    XCTAssertEqual(junit.status, 0, junit.err)
    XCTAssertTrue(
      junit.out.contains("<testsuite name=\"demo/abba+order\" tests=\"5\" failures=\"0\" errors=\"0\""), junit.out)
  }

  /// A mail (`.eml`) in patches/ is found and read like the patch; a `.diff` beside the specs
  /// (not in patches/) is checked against the specs of its own folder; diffs come in sorted
  /// order.
  func testMailAndDiffBesideTheSpecsAreFoundInOrder() throws {
    try write("demo/patches/reply.eml", Self.replyMail)
    try write("demo/order.diff", PatchMailCommandTests.lockOrderDiff)
    let run = try lockspec(["check", "specs", "--no-cache"])
    XCTAssertEqual(run.status, 0, run.out + run.err)
    XCTAssertTrue(run.err.contains("lockspec: 2 diffs or mails found beside the specs"), run.err)
    let diff = try XCTUnwrap(run.out.range(of: "Patch specs/demo/order.diff: 1 patch, 1 hunk\n"), run.out)
    let mail = try XCTUnwrap(
      run.out.range(of: "Patch specs/demo/patches/reply.eml: 1 patch, 1 hunk (quoted at depth 1)\n"), run.out)
    XCTAssertLessThan(diff.lowerBound, mail.lowerBound)
    XCTAssertTrue(run.out.contains("    13:3: - mutex_lock(&B);  -> removes q_b"), run.out)
    let changes = run.out.components(separatedBy: "Verdict changes:").last ?? ""
    XCTAssertTrue(changes.contains("demo/abba+order: deadlock_free VIOLATED -> holds (fix)"), changes)
    XCTAssertTrue(changes.contains("demo/abba+reply: deadlock_free VIOLATED -> holds (fix)"), changes)
    // Named directly, the mail is found the same way (its family's specs are not among the paths).
    let direct = try lockspec(["check", "specs/demo/patches/reply.eml", "--no-cache"])
    XCTAssertEqual(direct.status, 0, direct.out + direct.err)
    XCTAssertTrue(direct.out.contains("demo/abba+reply: deadlock_free VIOLATED -> holds (fix)"), direct.out)
    // A diff named directly that does not exist is reported, even beside one that does.
    let missing = try lockspec(["check", "specs/demo/patches/reply.eml", "specs/demo/patches/gone.patch"])
    XCTAssertEqual(missing.status, 2, missing.out + missing.err)
    XCTAssertTrue(missing.err.contains("error: specs/demo/patches/gone.patch: no such file or folder"), missing.err)
  }

  /// A diff that maps onto none of its family's specs is an error at its line, exit 2, nothing
  /// checked; so is a mail without a diff and a diff with no spec beside it, all reported in one
  /// run, and in the SARIF log at their lines.
  func testUnplaceableDiffsExitTwoWithTheirLines() throws {
    try write(
      "mm-exit/v4.13.yaml",
      String(
        contentsOf: PatchMailCommandTests.root.appendingPathComponent("specs/mm-exit/v4.13.yaml"), encoding: .utf8))
    try write("mm-exit/patches/unplaceable.patch", try fixture("unplaceable.patch"))
    try write("mm-exit/patches/no-diff.eml", try fixture("no-diff.eml"))
    try write("lonely/patches/order.patch", PatchMailCommandTests.lockOrderDiff)
    let run = try lockspec(["check", "specs", "--no-cache"])
    XCTAssertEqual(run.status, 2, run.out + run.err)
    XCTAssertEqual(run.out, "")
    XCTAssertTrue(
      run.err.contains(
        "specs/mm-exit/patches/unplaceable.patch:14:1: error: cannot place 'down_write(&mm->mmap_sem);'"),
      run.err)
    XCTAssertTrue(run.err.contains("specs/mm-exit/patches/no-diff.eml:1:1: error: no diff in this file"), run.err)
    XCTAssertTrue(
      run.err.contains(
        "specs/lonely/patches/order.patch:1:1: error: no spec to check this diff against in specs/lonely"),
      run.err)
    let sarif = try lockspec(["check", "specs", "--no-cache", "--format", "sarif"])
    XCTAssertEqual(sarif.status, 2, sarif.err)
    let results = try CIFormatTests.results(sarif.out)
    XCTAssertTrue(
      results.contains { $0.uri == "specs/mm-exit/patches/unplaceable.patch" && $0.line == 14 && $0.level == "error" },
      sarif.out)
    XCTAssertTrue(results.contains { $0.uri == "specs/lonely/patches/order.patch" && $0.line == 1 }, sarif.out)
  }

  /// A diff's variant is defined by the diff: a violation of a property no spec line declares
  /// (`lock_discipline`, once q unlocks A without taking it) is a SARIF note at the diff, where
  /// its patch begins, not at the overlay it became in memory.
  func testSARIFPlacesTheDiffVariantAtTheDiff() throws {
    try write(
      "demo/patches/drop-a.patch",
      """
      Subject: [PATCH] demo: q without A

      --- a/demo.c
      +++ b/demo.c
      @@ -20,3 +20,2 @@ void q(void)
       {
       \tmutex_lock(&B);
      -\tmutex_lock(&A);

      """)
    let run = try lockspec(["check", "specs", "--no-cache", "--format", "sarif"])
    XCTAssertEqual(run.status, 0, run.err)
    let results = try CIFormatTests.results(run.out)
    let discipline = try XCTUnwrap(results.first { $0.ruleId == "lock_discipline" }, run.out)
    XCTAssertEqual(discipline.level, "note")
    XCTAssertEqual(discipline.uri, "specs/demo/patches/drop-a.patch")
    XCTAssertEqual(discipline.line, 1)
    XCTAssertFalse(run.out.contains("overlay-1.yaml"), run.out)
  }

  /// Two diffs that would make variants of the same name (`order.patch`, `order.eml`): the second
  /// is an error naming the first.
  func testDiffsNamingTheSameVariantAreAnError() throws {
    try write("demo/patches/order.patch", PatchMailCommandTests.lockOrderDiff)
    try write("demo/patches/order.eml", Self.replyMail)
    let run = try lockspec(["check", "specs", "--no-cache"])
    XCTAssertEqual(run.status, 2, run.out + run.err)
    XCTAssertTrue(
      run.err.contains(
        "specs/demo/patches/order.patch:1:1: error: this diff's variant demo/abba+order has the name of a variant of "
          + "specs/demo/patches/order.eml"), run.err)
  }

  /// Without diffs the output is what it was: no mapping, no verdict changes section, no `diffs`
  /// in JSON; a file of another kind in patches/ is not read. With a diff added, the specs' own
  /// reports are the same.
  func testFolderWithoutDiffsIsUnchanged() throws {
    try write("demo/patches/notes.txt", PatchMailCommandTests.lockOrderDiff)
    let plain = try lockspec(["check", "specs", "--no-cache"])
    XCTAssertEqual(plain.status, 0, plain.err)
    XCTAssertFalse(plain.out.contains("Patch "), plain.out)
    XCTAssertFalse(plain.out.contains("Verdict changes"), plain.out)
    XCTAssertFalse(plain.err.contains("found beside the specs"), plain.err)
    let json = try lockspec(["check", "specs", "--no-cache", "--format", "json"])
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
    XCTAssertEqual(Set(object.keys), ["format_version", "models", "results", "summary"])

    try write("demo/patches/order.patch", PatchMailCommandTests.lockOrderDiff)
    let withDiff = try lockspec(["check", "specs", "--no-cache"])
    XCTAssertEqual(withDiff.status, 0, withDiff.err)
    // The base's block: its header and verdict lines.
    let base = { (out: String) -> Substring? in
      guard let start = out.range(of: "demo/abba  (specs/demo/abba.yaml)") else { return nil }
      let end = out.range(of: "\n\n", range: start.upperBound..<out.endIndex)?.lowerBound ?? out.endIndex
      return out[start.lowerBound..<end]
    }
    XCTAssertNotNil(base(plain.out), plain.out)
    XCTAssertEqual(base(plain.out), base(withDiff.out))
  }
}
