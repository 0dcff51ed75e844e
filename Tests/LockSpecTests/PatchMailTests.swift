import Foundation
import LockCheck
import LockTestSupport
import XCTest

@testable import LockSpec

/// Diffs, mails and mboxes mapped onto the mm-exit specs: extraction at any quote depth, the
/// normalization of kernel spellings, the placement of added lines, and every error the
/// mapping gives instead of a guess. Fixtures: Tests/LockSpecTests/Fixtures/patch-mail.
final class PatchMailTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let fixtures = "Tests/LockSpecTests/Fixtures/patch-mail"

  static func text(_ path: String) throws -> String {
    try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
  }

  /// The patches of a fixture.
  func patches(_ name: String) throws -> [ExtractedPatch] {
    let path = "\(Self.fixtures)/\(name)"
    return try DiffPatchTranslator.patches(in: Self.text(path), path: path)
  }

  /// The mapping of a fixture onto a spec of specs/mm-exit.
  func mapping(_ name: String, onto spec: String) throws -> PatchMapping {
    let base = "specs/mm-exit/\(spec).yaml"
    return try DiffPatchTranslator.map(patches(name), baseText: Self.text(base), basePath: base)
  }

  /// The diagnostics of mapping `diff` (a file named `p.patch`) onto v4.13, as printed.
  func errors(_ diff: String, spec: String = "v4.13") throws -> [String] {
    let base = "specs/mm-exit/\(spec).yaml"
    let text = try Self.text(base)
    do {
      let patches = try DiffPatchTranslator.patches(in: diff, path: "p.patch")
      _ = try DiffPatchTranslator.map(patches, baseText: text, basePath: base)
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  static func removals(_ mapping: PatchMapping) -> [String] {
    mapping.edits.compactMap { edit in
      if case .remove(let label, _, _) = edit { return label }
      return nil
    }
  }

  // MARK: - Extraction

  func testFormatPatchHunksFilesFunctionsAndLines() throws {
    let found = try patches("drop-exit-cycles.patch")
    XCTAssertEqual(found.count, 1)
    XCTAssertEqual(found[0].subject, "[PATCH] mm: drop the empty mmap_sem cycle from ksm and khugepaged exit")
    XCTAssertEqual(found[0].quoteDepth, 0)
    let hunks = found[0].hunks
    XCTAssertEqual(hunks.map(\.path), ["mm/khugepaged.c", "mm/ksm.c"])
    XCTAssertEqual(hunks.map(\.headerFunction), ["__khugepaged_exit", "__ksm_exit"])
    XCTAssertEqual(hunks.map(\.isComplete), [true, true])
    XCTAssertEqual(
      hunks[1].lines.map(\.kind.rawValue),
      [
        "context", "context", "context", "context", "removed", "removed", "context", "context",
      ])
    XCTAssertEqual(hunks[1].lines[4].text, "\t\tdown_write(&mm->mmap_sem);")
    XCTAssertEqual(hunks[1].lines[4].location.description, "\(Self.fixtures)/drop-exit-cycles.patch:36:1")
    // The "-- " signature after the last hunk is not a removed line.
    XCTAssertEqual(hunks[1].lines.count, 8)
  }

  func testReplyAtDepthOneWithoutSpaceAndInterleavedComments() throws {
    let found = try patches("reply-depth1.eml")
    XCTAssertEqual(found.count, 1)
    XCTAssertEqual(found[0].quoteDepth, 1)
    let lines = found[0].hunks[0].lines
    // The reviewer's comment between the quoted lines is not part of the hunk.
    XCTAssertEqual(lines.count, 8)
    XCTAssertEqual(lines.filter { $0.kind == .removed }.map(\.location.line), [25, 26])
    XCTAssertEqual(lines[0].location.column, 3)  // after ">" and the space it ate
    XCTAssertTrue(found[0].hunks[0].isComplete)
  }

  func testDepthFourWithTabsAsSpacesAndAWrappedLine() throws {
    let found = try patches("rfc-2017-exit-mmap-depth4.eml")
    XCTAssertEqual(found.count, 1)
    XCTAssertEqual(found[0].quoteDepth, 4)
    XCTAssertEqual(found[0].hunks.count, 2)
    let first = found[0].hunks[0]
    XCTAssertTrue(first.isComplete, "the wrapped line must not count as a line of its own")
    let joined = first.lines.first { $0.text.contains("free_pgtables") }
    XCTAssertEqual(
      joined.map { CodeNormalizer.normalize($0.text) },
      "free_pgtables(&tlb,vma,FIRST_USER_ADDRESS,USER_PGTABLES_CEILING);")
    XCTAssertEqual(first.lines.filter { $0.kind == .added }.count, 3)
  }

  func testMboxWithTwoPatchesAndAReplyQuotingTheFirst() throws {
    let found = try patches("series.mbox")
    XCTAssertEqual(
      found.map(\.subject),
      [
        "[PATCH 1/2] mm/ksm: drop the write lock cycle in __ksm_exit",
        "[PATCH 2/2] mm/khugepaged: drop the write lock cycle in __khugepaged_exit",
      ])
    XCTAssertEqual(found.map(\.location.line), [1, 27])
  }

  /// A thread: the patch, a reply quoting part of one hunk (a line snipped), and a reply to the
  /// reply quoting it again. The quotes are found and not mapped a second time.
  func testThreadQuotesArePatchesReadOnce() throws {
    let path = "\(Self.fixtures)/thread.mbox"
    let contents = MailPatchExtractor.read(try Self.text(path), path: path)
    XCTAssertEqual(contents.patches.count, 1)
    XCTAssertEqual(contents.quotes.map(\.quoteDepth), [1, 2])
    XCTAssertEqual(contents.quotes.map { $0.hunks[0].isComplete }, [false, false])
    XCTAssertEqual(Self.removals(try mapping("thread.mbox", onto: "v4.13")).count, 4)
  }

  func testAMailWithoutADiffSaysSo() throws {
    let path = "\(Self.fixtures)/no-diff.eml"
    XCTAssertThrowsError(try DiffPatchTranslator.patches(in: Self.text(path), path: path)) { error in
      let message = (error as? SpecLoadError)?.description ?? ""
      XCTAssertTrue(message.hasPrefix("\(path):1:1: error: no diff in this file"), message)
    }
  }

  func testQuotedPrintableMailWithCRLFLines() throws {
    let found = try patches("reply-quoted-printable.eml")
    XCTAssertEqual(found.count, 1)
    let hunk = try XCTUnwrap(found.first?.hunks.first)
    // The soft line break joined the header to the rest of its function's signature.
    XCTAssertEqual(hunk.headerFunction, "__khugepaged_exit")
    XCTAssertTrue(hunk.isComplete)
    XCTAssertEqual(
      hunk.lines.filter { $0.kind == .removed }.map(\.text),
      ["\t\tdown_write(&mm->mmap_sem);", "\t\tup_write(&mm->mmap_sem);"])
    XCTAssertEqual(hunk.lines.filter { $0.kind == .removed }.map(\.location.line), [15, 16])
    XCTAssertEqual(
      Self.removals(try mapping("reply-quoted-printable.eml", onto: "v4.13")),
      ["khugepaged_exit_down_write", "khugepaged_exit_up_write"])
  }

  /// `diff -u` without `-p`: paths under a tree's folder with timestamps, no function in the
  /// hunk header; the function is the one whose steps the lines match.
  func testPlainDiffWithoutFunctions() throws {
    let found = try patches("plain-diff-u.diff")
    XCTAssertEqual(found.first?.hunks.map(\.path), ["linux-4.13/mm/ksm.c"])
    XCTAssertEqual(found.first?.hunks.map(\.headerFunction), [nil])
    let mapping = try mapping("plain-diff-u.diff", onto: "v4.13")
    XCTAssertEqual(Self.removals(mapping), ["ksm_exit_down_write", "ksm_exit_up_write"])
    XCTAssertEqual(mapping.lines.first?.at, "mm/ksm.c:__ksm_exit")
    // Lines that match steps of two functions of the file: the header must say which.
    let both = [
      "--- a/mm/khugepaged.c", "+++ b/mm/khugepaged.c", "@@ -1,2 +1,1 @@", " \tup_read(&mm->mmap_sem);",
      "-\tdown_write(&mm->mmap_sem);",
    ].joined(separator: "\n")
    let messages = try errors(both)
    XCTAssertEqual(messages.count, 1)
    XCTAssertTrue(messages[0].hasPrefix("p.patch:3:1: error: the hunk header names no function"), messages[0])
  }

  func testQuotePrefixes() {
    let lines = QuotedLine.lines(of: "> > > > +\tx;\n>>>>-y;\n>  \tz;\nplain\n")
    XCTAssertEqual(lines.map(\.depth), [4, 4, 1, 0])
    XCTAssertEqual(lines.map(\.text), ["+\tx;", "-y;", " \tz;", "plain"])
    XCTAssertEqual(lines.map(\.column), [9, 5, 3, 1])
  }

  // MARK: - Normalization

  func testNormalizerSpellings() {
    let n = { (code: String) in CodeNormalizer.normalize(code) }
    XCTAssertEqual(n("mmap_write_lock(mm);"), n("down_write(&mm->mmap_sem);"))
    XCTAssertEqual(n("  mmap_read_unlock( vma->vm_mm ) ;"), n("up_read(&vma->vm_mm->mmap_lock);"))
    XCTAssertEqual(n("if (mmap_write_trylock(mm)) {"), "if(down_write_trylock(&mm->mmap_sem)){")
    XCTAssertEqual(n("unsigned long x = 1; /* note */ // more"), "unsigned long x=1;")
    XCTAssertNotEqual(n("mmput(mm);"), n("mmput_async(mm);"))
    XCTAssertFalse(CodeNormalizer.contains(n("mmput_async(mm);"), n("mmput(mm);")))
    XCTAssertTrue(
      CodeNormalizer.contains(n("if (!down_read_trylock(&mm->mmap_sem)) {"), "down_read_trylock(&mm->mmap_sem)"))
    var inComment = false
    XCTAssertEqual(CodeNormalizer.normalize("x(); /* starts", inComment: &inComment), "x();")
    XCTAssertTrue(inComment)
    XCTAssertEqual(CodeNormalizer.normalize(" * still a comment */ y();", inComment: &inComment), "y();")
    XCTAssertFalse(inComment)
  }

  // MARK: - Mapping
  func testStatementAlignmentCountsTheWays() {
    XCTAssertEqual(StatementAlignment.align([[0, 2], [1], [3]]), .unique([0, 1, 3]))
    XCTAssertEqual(StatementAlignment.align([[0, 2], [3]]), .ambiguous(row: 0, places: [0, 2]))
    XCTAssertEqual(StatementAlignment.align([[2], [1]]), .none(row: 1))
    XCTAssertEqual(StatementAlignment.align([[1, 4], [2, 5], [3]]), .unique([1, 2, 3]))
    XCTAssertEqual(StatementAlignment.align([]), .unique([]))
  }

  func testRemovingTheExitCyclesOnBothEras() throws {
    let labels = [
      "khugepaged_exit_down_write", "khugepaged_exit_up_write", "ksm_exit_down_write", "ksm_exit_up_write",
    ]
    for spec in ["v4.13", "v5.17-rc6"] {
      for fixture in ["drop-exit-cycles.patch", "drop-exit-cycles-mmap-lock.patch"] {
        let mapping = try mapping(fixture, onto: spec)
        XCTAssertEqual(Self.removals(mapping), labels, "\(fixture) on \(spec)")
        XCTAssertEqual(mapping.edits.count, 4, "\(fixture) on \(spec)")
      }
    }
    // The same edits as the series (two patches) and, for the ksm half, the depth-1 reply.
    XCTAssertEqual(Self.removals(try mapping("series.mbox", onto: "v4.13")).sorted(), labels)
    XCTAssertEqual(Self.removals(try mapping("reply-depth1.eml", onto: "v4.13")), Array(labels[2...]))
  }

  /// The diff removing both cycles becomes, on every base drop-both-tricks.yaml names, exactly
  /// that hand-written overlay's edits.
  func testDropCyclesDiffIsTheHandWrittenOverlayOnEveryBase() throws {
    let path = "specs/mm-exit/patches/drop-both-tricks.yaml"
    var log = DiagnosticLog()
    let root = try XCTUnwrap(YAMLReader(path: path).read(try Self.text(path), log: &log))
    var parser = PatchDocumentParser(path: path)
    let overlay = parser.document(root)
    let removed = overlay.edits.compactMap { edit -> String? in
      if case .remove(let label) = edit.kind { return label.value }
      return nil
    }
    XCTAssertEqual(removed.count, overlay.edits.count)
    let bases = Set(overlay.variants.filter { $0.after.isEmpty }.map { SpecPath.fileStem($0.base.value) })
    XCTAssertEqual(bases, ["v4.13", "v5.17-rc6", "v6.1"])
    for base in bases.sorted() {
      for fixture in ["drop-exit-cycles.patch", "drop-exit-cycles-mmap-lock.patch"] {
        XCTAssertEqual(
          Self.removals(try mapping(fixture, onto: base)).sorted(), removed.sorted(), "\(fixture) on \(base)")
      }
    }
  }

  func testRFCExitMmapHunkBecomesTheOverlaysExitMmapEdits() throws {
    let mapping = try mapping("rfc-2017-exit-mmap-depth4.eml", onto: "v4.13")
    guard mapping.edits.count == 2, case .insertAfter(let first, let lock) = mapping.edits[0],
      case .insertAfter(let second, let tail) = mapping.edits[1]
    else { return XCTFail("unexpected edits: \(mapping.edits)") }
    XCTAssertEqual(first, "exit_unmap_vmas_end")  // unmap_vmas is a begin and an end step: after the end
    XCTAssertEqual(lock.map(\.label), ["exit_mmap_down_write"])
    XCTAssertEqual(lock[0].body.map(\.key), ["atomic"])
    XCTAssertEqual(lock[0].body[0].value, "[{down_write: mmap_sem}, {assign: {exit_mmap_wlocked: \"true\"}}]")
    XCTAssertEqual(second, "exit_remove_vma")
    XCTAssertEqual(tail.map(\.code), ["mm->mmap = NULL;", "up_write(&mm->mmap_sem);"])
    XCTAssertEqual(tail.map(\.source.line), [31, 33])
    let ignored = mapping.lines.filter { $0.outcome == .ignored }.map(\.location.line)
    XCTAssertTrue(ignored.contains(20) && ignored.contains(21), "the added comment lines are not modelled")
  }

  /// A series maps in order: the second patch's context names a line the first one added, and
  /// its new step goes after the step that line became.
  func testSeriesSeesTheStepsEarlierPatchesAdded() throws {
    let first = Self.diff("mm/mmap.c", "exit_mmap", [" \t\tvma = remove_vma(vma);", " \t}", "+\tmm->mmap = NULL;"])
    let second = Self.diff(
      "mm/mmap.c", "exit_mmap",
      [" \tmm->mmap = NULL;", "+\tset_bit(MMF_OOM_SKIP, &mm->flags);", " \tvm_unacct_memory(nr_accounted);"])
    let mbox =
      "From a Mon Sep 17 00:00:00 2001\nSubject: [PATCH 1/2] one\n\n" + first
      + "\nFrom b Mon Sep 17 00:00:00 2001\nSubject: [PATCH 2/2] two\n\n" + second
    let base = "specs/mm-exit/v4.13.yaml"
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: mbox, path: "s.mbox"), baseText: Self.text(base), basePath: base)
    guard mapping.edits.count == 2, case .insertAfter(let a, let one) = mapping.edits[0],
      case .insertAfter(let b, let two) = mapping.edits[1]
    else { return XCTFail("\(mapping.edits)") }
    XCTAssertEqual([a, b], ["exit_remove_vma", "exit_mmap_mm_mmap_null"])
    XCTAssertEqual(one.map(\.label) + two.map(\.label), ["exit_mmap_mm_mmap_null", "exit_mmap_set_bit"])
    XCTAssertEqual(
      mapping.lines.first { $0.text == "mm->mmap = NULL;" && $0.kind == .context }?.labels, ["exit_mmap_mm_mmap_null"])
  }

  /// An added line next to a step nested in a spec `if` goes into that `if`, unless the C closes
  /// the block between them; then, with no step below it in the hunk, it cannot be placed.
  func testPlacementNextToNestedSteps() throws {
    let base = "specs/mm-exit/v4.13.yaml"
    let inside = Self.diff(
      "mm/ksm.c", "__ksm_exit",
      [" \t\tdown_write(&mm->mmap_sem);", "+\t\tset_bit(MMF_OOM_SKIP, &mm->flags);", " \t\tup_write(&mm->mmap_sem);"])
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: inside, path: "p.patch"), baseText: Self.text(base), basePath: base)
    guard case .insertAfter(let anchor, _) = mapping.edits.first else { return XCTFail("\(mapping.edits)") }
    XCTAssertEqual(anchor, "ksm_exit_down_write")
    let after = Self.diff(
      "mm/ksm.c", "__ksm_exit",
      [" \t\tup_write(&mm->mmap_sem);", " \t}", "+\tset_bit(MMF_OOM_SKIP, &mm->flags);", " }"])
    let messages = try errors(after)
    XCTAssertEqual(messages.count, 1)
    XCTAssertTrue(
      messages[0].hasPrefix("p.patch:6:1: error: cannot place 'set_bit(MMF_OOM_SKIP, &mm->flags);'"), messages[0])
  }

  func testAddedMmputAsyncInTheReaperUsesTheDeclaration() throws {
    let diff = Self.diff(
      "mm/oom_kill.c", "__oom_reap_task_mm",
      [
        " \t\tunmap_page_range(&tlb, vma, vma->vm_start, vma->vm_end, NULL);", " \t}",
        " \tup_read(&mm->mmap_sem);", "+\tmmput_async(mm);",
      ])
    let base = "specs/mm-exit/v4.13.yaml"
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: diff, path: "p.patch"), baseText: Self.text(base), basePath: base)
    guard case .insertAfter(let anchor, let steps) = mapping.edits.first else { return XCTFail("\(mapping.edits)") }
    XCTAssertEqual(anchor, "reaper_up_read")
    XCTAssertEqual(steps.first?.label, "oom_reap_task_mm_mmput_async")
    XCTAssertEqual(steps.first?.body.first?.key, "atomic")
    // Elsewhere mmput_async is not declared: an error, not a guess.
    let exit = Self.diff("mm/mmap.c", "exit_mmap", [" \t\tvma = remove_vma(vma);", "+\tmmput_async(mm);"])
    XCTAssertEqual(try errors(exit).count, 1)
  }

  func testUnmodelledLinesOnlyChangeNothing() throws {
    let mapping = try mapping("unmodelled-only.patch", onto: "v4.13")
    XCTAssertTrue(mapping.isEmpty)
    let changed = mapping.lines.filter { $0.kind != .context }
    XCTAssertEqual(changed.map(\.outcome), Array(repeating: .ignored, count: changed.count))
    XCTAssertEqual(changed.count, 4)
  }

  // MARK: - Errors instead of guesses

  func testUnplaceableLineIsAnErrorAtItsLine() throws {
    XCTAssertThrowsError(try mapping("unplaceable.patch", onto: "v4.13")) { error in
      let messages = (error as? SpecLoadError)?.diagnostics.map(\.description) ?? []
      XCTAssertEqual(messages.count, 1)
      XCTAssertTrue(
        messages[0].hasPrefix(
          "\(Self.fixtures)/unplaceable.patch:14:1: error: cannot place 'down_write(&mm->mmap_sem);': no step of "
            + "mm/mmap.c:exit_mmap in mm-exit/v4.13"), messages[0])
    }
  }

  static func diff(_ path: String, _ function: String, _ lines: [String]) -> String {
    let old = lines.filter { !$0.hasPrefix("+") }.count
    let new = lines.filter { !$0.hasPrefix("-") }.count
    return
      (["--- a/\(path)", "+++ b/\(path)", "@@ -10,\(old) +10,\(new) @@ void \(function)(struct mm_struct *mm)"]
      + lines).joined(separator: "\n") + "\n"
  }

  func testAmbiguousContextNamesTheLineAndThePlaces() throws {
    // collapse_huge_page has several up_read(&mm->mmap_sem) steps; one line alone cannot tell which.
    let text = Self.diff("mm/khugepaged.c", "collapse_huge_page", ["-\tup_read(&mm->mmap_sem);"])
    let messages = try errors(text)
    XCTAssertEqual(messages.count, 1)
    XCTAssertTrue(messages[0].hasPrefix("p.patch:4:1: error: 'up_read(&mm->mmap_sem);' matches 2 places"), messages[0])
    XCTAssertTrue(messages[0].contains("collapse_up_read_for_write"), messages[0])
  }

  func testContextResolvesWhatOneLineCannot() throws {
    let text = Self.diff(
      "mm/khugepaged.c", "collapse_huge_page",
      [
        " \tresult = hugepage_vma_revalidate(mm, address, &vma);", "-\tup_read(&mm->mmap_sem);",
        " \tdown_write(&mm->mmap_sem);",
      ])
    let base = "specs/mm-exit/v4.13.yaml"
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: text, path: "p.patch"), baseText: Self.text(base), basePath: base)
    XCTAssertEqual(Self.removals(mapping), ["collapse_up_read_for_write"])
  }

  func testAFileNoStepModelsIsAnError() throws {
    let messages = try errors(Self.diff("mm/filemap.c", "filemap_fault", ["+\tdown_read(&mm->mmap_sem);"]))
    XCTAssertEqual(messages.count, 1)
    XCTAssertTrue(
      messages[0].hasPrefix("p.patch:3:1: error: mm-exit/v4.13 models nothing in mm/filemap.c"), messages[0])
  }

  func testAnUnresolvedLockIsAnError() throws {
    let messages = try errors(
      Self.diff("mm/mmap.c", "exit_mmap", [" \tunmap_vmas(&tlb, vma, 0, -1);", "+\tspin_lock(&mm->page_table_lock);"]))
    XCTAssertEqual(messages.count, 1)
    XCTAssertTrue(
      messages[0].hasPrefix(
        "p.patch:5:1: error: cannot map 'spin_lock(&mm->page_table_lock);': cannot resolve the lock "
          + "'&mm->page_table_lock'"), messages[0])
  }

  func testAddedControlFlowAndUsedResultsAreErrors() throws {
    let messages = try errors(
      Self.diff(
        "mm/mmap.c", "exit_mmap",
        [" \tunmap_vmas(&tlb, vma, 0, -1);", "+\tif (!down_write_trylock(&mm->mmap_sem))", "+\t\treturn;"]))
    XCTAssertEqual(messages.count, 2)
    XCTAssertTrue(messages[0].contains("p.patch:5:1: error: cannot map 'if (!down_write_trylock"), messages[0])
    XCTAssertTrue(
      messages[1].contains("p.patch:6:1: error: cannot map 'return;': it changes control flow"), messages[1])
  }

  func testTestsAndModelDependentCalls() throws {
    let vocabulary = { (spec: String) throws -> KernelVocabulary in
      let path = "specs/mm-exit/\(spec).yaml"
      let text = try Self.text(path)
      return KernelVocabulary(
        state: try SpecLoader.parse(text: text, path: path).state,
        vocabulary: try SpecVocabulary.read(specText: text, path: path))
    }
    let v413 = try vocabulary("v4.13")
    let v517 = try vocabulary("v5.17-rc6")
    let at = "mm/mmap.c:exit_mmap"
    func meaning(_ v: KernelVocabulary, _ code: String) -> KernelVocabulary.Meaning {
      v.meaning(of: CodeNormalizer.normalize(code), at: at)
    }
    XCTAssertEqual(meaning(v413, "mmput(mm);").isUnplaceable, true)
    XCTAssertEqual(meaning(v413, "test_bit(MMF_OOM_SKIP, &mm->flags);").isUnplaceable, true)
    XCTAssertEqual(
      meaning(v413, "test_bit(MMF_UNSTABLE, &mm->flags);"), .notModelled("MMF_UNSTABLE is not modelled by the spec"))
    XCTAssertEqual(meaning(v413, "atomic_read(&mm->mm_count);"), .notModelled("mm_count is not modelled by the spec"))
    XCTAssertEqual(
      meaning(v413, "set_bit(MMF_OOM_SKIP, &mm->flags);"), .step(name: "set_bit", body: [.init("set", "MMF_OOM_SKIP")]))
    XCTAssertEqual(
      meaning(v517, "mmap_read_lock(mm);"), .step(name: "down_read", body: [.init("down_read", "mmap_lock")]))
    XCTAssertEqual(meaning(v517, "mmap_write_lock_killable(mm);").isUnplaceable, true)
    XCTAssertEqual(
      meaning(v517, "mmap_write_lock(mm);"),
      .step(
        name: "mmap_write_lock",
        body: [.init("atomic", "[{down_write: mmap_lock}, {assign: {exit_mmap_wlocked: \"true\"}}]")]))
    XCTAssertEqual(
      meaning(v413, "spin_lock(&ksm_mmlist_lock);"), .step(name: "spin_lock", body: [.init("lock", "ksm_mmlist_lock")]))
    XCTAssertEqual(meaning(v413, "down_read(&mm->mm_users);").isUnplaceable, true)  // a counter, not an rwsem
    XCTAssertEqual(meaning(v413, "tlb_finish_mmu(&tlb, 0, -1);"), .notModelled("no call the spec models"))
  }

  /// Control flow removed with its whole block: an `else if` branch up to its `}`, and a
  /// balanced `if` block; its modelled lines are removed with their steps. An `if` removed
  /// without its block stays an error.
  func testWholeBlocksRemoved() throws {
    let base = "specs/mm-exit/v4.13.yaml"
    let elseBranch = Self.diff(
      "mm/ksm.c", "__ksm_exit",
      [
        " \t\tmmdrop(mm);", "-\t} else if (mm_slot) {", "-\t\tdown_write(&mm->mmap_sem);",
        "-\t\tup_write(&mm->mmap_sem);", " \t}", " }",
      ])
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: elseBranch, path: "p.patch"), baseText: Self.text(base), basePath: base)
    XCTAssertEqual(Self.removals(mapping), ["ksm_exit_down_write", "ksm_exit_up_write"])
    XCTAssertEqual(mapping.lines[1].reason, "control flow removed with its whole block")
    let block = Self.diff(
      "mm/mmap.c", "exit_mmap",
      [" \tunmap_vmas(&tlb, vma, 0, -1);", "-\tif (mm->locked_vm) {", "-\t\tfoo(mm);", "-\t}"])
    XCTAssertTrue(
      try DiffPatchTranslator.map(
        DiffPatchTranslator.patches(in: block, path: "p.patch"), baseText: Self.text(base), basePath: base
      ).isEmpty)
    let open = Self.diff(
      "mm/mmap.c", "exit_mmap", [" \tunmap_vmas(&tlb, vma, 0, -1);", "-\tif (mm->locked_vm) {", " \t\tfoo(mm);"])
    XCTAssertEqual(try errors(open).count, 1)
    // A condition that calls a modelled primitive is not quietly dropped.
    let test = Self.diff(
      "mm/mmap.c", "exit_mmap",
      [" \tunmap_vmas(&tlb, vma, 0, -1);", "-\tif (down_read_trylock(&mm->mmap_sem)) {", "-\t\tfoo(mm);", "-\t}"])
    let messages = try errors(test)
    XCTAssertEqual(messages.count, 2, "\(messages)")  // the if and its closing brace
    XCTAssertTrue(
      messages.first?.hasPrefix("p.patch:5:1: error: cannot map 'if (down_read_trylock") == true, "\(messages)")
  }

  func testRemovingAStepThatHoldsStepsIsAnError() throws {
    let spec = """
      spec: demo
      state:
        users: {type: counter, max: 2, initial: 1}
        flag: {type: flag}
      threads:
        t:
          locals: {live: {type: bool}}
          steps:
            - {label: read, code: "live = atomic_read(&mm->mm_users);", at: "mm/demo.c:f", assign: {live: "users != 0"}}
            - label: check
              code: "if (live) {"
              at: mm/demo.c:f
              if: live
              then:
                - {label: mark, code: "set_bit(FLAG, &mm->flags);", at: "mm/demo.c:f", set: flag}
      """
    let diff = Self.diff(
      "mm/demo.c", "f", [" \tlive = atomic_read(&mm->mm_users);", "-\tif (live) {", " \tset_bit(FLAG, &mm->flags);"])
    do {
      _ = try DiffPatchTranslator.map(
        DiffPatchTranslator.patches(in: diff, path: "p.patch"), baseText: spec, basePath: "specs/demo.yaml")
      XCTFail("expected an error")
    } catch {
      XCTAssertEqual(error.diagnostics.count, 1)
      XCTAssertTrue(
        error.diagnostics[0].description.hasPrefix(
          "p.patch:5:1: error: 'if (live) {' is the step check, which holds the steps nested in it"),
        error.diagnostics[0].description)
    }
  }

  /// Lines no kernel statement is as long as are refused at once, not rewritten in quadratic time.
  func testOverlongLinesAreRefusedQuickly() throws {
    let started = Date()
    let long = String(repeating: "mmap_write_lock(", count: 20_000)
    let messages = try errors(Self.diff("mm/mmap.c", "exit_mmap", [" \tunmap_vmas(&tlb, vma, 0, -1);", "+" + long]))
    XCTAssertEqual(messages.count, 1)
    XCTAssertTrue(messages[0].hasPrefix("p.patch:5:1: error: this line is longer than 1000 bytes"), messages[0])
    let context = try errors(Self.diff("mm/mmap.c", "exit_mmap", [" " + long, "-\tvma = remove_vma(vma);"]))
    XCTAssertEqual(context, [])
    XCTAssertLessThan(Date().timeIntervalSince(started), 5)
  }

  /// An added `if` that tests a flag the spec declares becomes an `if` step around the steps
  /// of its added lines; the overlay loads. Other added conditions stay errors.
  func testAddedFlagConditional() throws {
    let base = "specs/mm-exit/v4.13.yaml"
    let baseText = try Self.text(base)
    let diff = Self.diff(
      "mm/mmap.c", "exit_mmap",
      [
        " \t\tvma = remove_vma(vma);", "+\tif (unlikely(!test_bit(MMF_OOM_SKIP, &mm->flags))) {",
        "+\t\t/* our words: nobody reaps it any more */", "+\t\tmm->mmap = NULL;", "+\t\ttlb_finish_mmu(&tlb, 0, -1);",
        "+\t}", "+\tif (test_bit(MMF_OOM_SKIP, &mm->flags))", "+\t\tset_bit(MMF_OOM_SKIP, &mm->flags);",
      ])
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: diff, path: "p.patch"), baseText: baseText, basePath: base)
    guard mapping.edits.count == 1, case .insertAfter(let anchor, let steps) = mapping.edits[0] else {
      return XCTFail("\(mapping.edits)")
    }
    XCTAssertEqual(anchor, "exit_remove_vma")
    XCTAssertEqual(steps.map(\.label), ["exit_mmap_if_not_MMF_OOM_SKIP", "exit_mmap_if_MMF_OOM_SKIP"])
    XCTAssertEqual(steps[0].body.map(\.key), ["if", "then"])
    XCTAssertEqual(steps[0].body[0].value, "\"!MMF_OOM_SKIP\"")
    XCTAssertTrue(steps[0].body[1].value.hasPrefix("[{label: exit_mmap_mm_mmap_null, code: \"mm->mmap = NULL;\""))
    XCTAssertEqual(mapping.lines.first { $0.location.line == 9 }?.reason, "closes the added if")
    let overlay = OverlayWriter(name: "cond", source: "p.patch", subject: nil).text(
      edits: mapping.edits, bases: ["../v4.13.yaml"])
    let files = [base: baseText, "specs/mm-exit/patches/cond.yaml": overlay]
    let variants = try VariantLoader.load(files: [("specs/mm-exit/patches/cond.yaml", overlay)], read: { files[$0] })
    XCTAssertEqual(variants.count, 2, overlay)
    // A flag the spec does not declare, or a context line inside the block: errors.
    let undeclared = Self.diff(
      "mm/mmap.c", "exit_mmap",
      [" \t\tvma = remove_vma(vma);", "+\tif (test_bit(MMF_UNSTABLE, &mm->flags))", "+\t\tmm->mmap = NULL;"])
    XCTAssertEqual(try errors(undeclared).count, 1)
    let around = Self.diff(
      "mm/mmap.c", "exit_mmap",
      ["+\tif (test_bit(MMF_OOM_SKIP, &mm->flags)) {", " \t\tvma = remove_vma(vma);", "+\t}"])
    XCTAssertEqual(try errors(around).count, 2)
  }

  func testRemovingModelledCodeNoStepHasIsAnError() throws {
    // v4.13 exit_mmap has no mmap_sem at all.
    let messages = try errors(
      Self.diff("mm/mmap.c", "exit_mmap", [" \tunmap_vmas(&tlb, vma, 0, -1);", "-\tdown_write(&mm->mmap_sem);"]))
    XCTAssertEqual(messages.count, 1)
    XCTAssertTrue(messages[0].contains("no step of mm/mmap.c:exit_mmap has this code"), messages[0])
  }

  /// The RFC's other hunk: in v4.13 the reaper's oom_lock is merged into its trylock step, so
  /// deleting it cannot be a removal of a step of its own.
  func testRemovingAStatementMergedIntoAStepIsAnError() throws {
    let text = [
      "--- a/mm/oom_kill.c", "+++ b/mm/oom_kill.c",
      "@@ -470,5 +470,3 @@ static bool __oom_reap_task_mm(struct task_struct *tsk, struct mm_struct *mm)",
      " \tbool ret = true;", "-\tmutex_lock(&oom_lock);", "-", " \tif (!down_read_trylock(&mm->mmap_sem)) {",
      " \t\tret = false;",
    ].joined(separator: "\n")
    let messages = try errors(text)
    XCTAssertEqual(
      messages,
      [
        "p.patch:5:1: error: 'mutex_lock(&oom_lock);' is one of several statements the step reaper_down_read_trylock "
          + "models (its code or note says so); removing it needs an overlay written by hand (docs/patches.md)"
      ])
  }

  func testFunctionFromContextWhenTheHeaderNamesNone() throws {
    let text = [
      "--- a/mm/ksm.c", "+++ b/mm/ksm.c", "@@ -1,5 +1,3 @@", " void __ksm_exit(struct mm_struct *mm)", " {",
      "-\tdown_write(&mm->mmap_sem);", "-\tup_write(&mm->mmap_sem);", " }",
    ].joined(separator: "\n")
    let base = "specs/mm-exit/v4.13.yaml"
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: text, path: "p.patch"), baseText: Self.text(base), basePath: base)
    XCTAssertEqual(Self.removals(mapping), ["ksm_exit_down_write", "ksm_exit_up_write"])
  }

  func testSpecDeclaredLockAndStatement() throws {
    let spec = """
      spec: demo
      state:
        ptl: {type: spinlock}
        tables: {type: resource}
      threads:
        t:
          steps:
            - {label: walk, code: "pte = pte_offset_map(pmd, addr);", at: "mm/demo.c:walk", use: tables}
      vocabulary:
        locks:
          "&mm->page_table_lock": ptl
        statements:
          - {code: "pte_free(", name: free_tables, free: tables}
      """
    let diff = Self.diff(
      "mm/demo.c", "walk",
      ["+\tspin_lock(&mm->page_table_lock);", " \tpte = pte_offset_map(pmd, addr);", "+\tpte_free(mm, pte);"])
    let mapping = try DiffPatchTranslator.map(
      DiffPatchTranslator.patches(in: diff, path: "p.patch"), baseText: spec, basePath: "specs/demo.yaml")
    XCTAssertEqual(
      mapping.edits,
      [
        .insertBefore(
          label: "walk",
          steps: [
            NewStep(
              label: "walk_spin_lock", code: "spin_lock(&mm->page_table_lock);", at: "mm/demo.c:walk",
              body: [.init("lock", "ptl")], source: SourceLocation(path: "p.patch", line: 4, column: 1))
          ]),
        .insertAfter(
          label: "walk",
          steps: [
            NewStep(
              label: "walk_free_tables", code: "pte_free(mm, pte);", at: "mm/demo.c:walk",
              body: [.init("free", "tables")], source: SourceLocation(path: "p.patch", line: 6, column: 1))
          ]),
      ])
  }

  /// Mutated fixtures (lines dropped, doubled, cut, quote and diff markers and odd characters
  /// inserted) are mapped onto v4.13 or rejected with errors located in the file: never a trap.
  func testMutatedMailsNeverTrap() throws {
    let base = "specs/mm-exit/v4.13.yaml"
    let baseText = try Self.text(base)
    let names = try FileManager.default.contentsOfDirectory(
      atPath: Self.root.appendingPathComponent(Self.fixtures).path
    ).sorted()
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(max(bound, 1)))
    }
    let pieces = [
      "@@ -1,2 +1,3 @@", "+", "-", " ", ">", "> ", "\t", "{", "}", "(", "=", "\r\n", "é", "From x", "--- a/mm/mmap.c",
      "+++ b/mm/mmap.c", "diff --git a/mm/ksm.c b/mm/ksm.c", "/*", "*/", "",
    ]
    var mapped = 0
    var rejected = 0
    let prepared = try DiffPatchTranslator.base(text: baseText, path: base)
    for name in names {
      let original = try Self.text("\(Self.fixtures)/\(name)")
      for _ in 0..<60 {
        var lines = original.components(separatedBy: "\n")
        for _ in 0...next(4) {
          guard !lines.isEmpty else { break }
          let at = next(lines.count)
          switch next(5) {
          case 0: lines.remove(at: at)
          case 1: lines.insert(lines[at], at: at)
          case 2: lines[at] = String(lines[at].prefix(next(lines[at].count + 1)))
          case 3: lines[at] = pieces[next(pieces.count)] + lines[at]
          default: lines.insert(pieces[next(pieces.count)], at: at)
          }
        }
        let text = lines.joined(separator: "\n")
        let physicalLines =
          text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
        do {
          let patches = try DiffPatchTranslator.patches(in: text, path: "m.eml")
          _ = try DiffPatchTranslator.map(patches, onto: prepared)
          mapped += 1
        } catch {
          rejected += 1
          for diagnostic in error.diagnostics {
            XCTAssertEqual(diagnostic.location.path, "m.eml", diagnostic.description)
            XCTAssertGreaterThanOrEqual(diagnostic.location.line, 1)
            XCTAssertLessThanOrEqual(diagnostic.location.line, physicalLines, diagnostic.description)
          }
        }
      }
    }
    XCTAssertGreaterThan(mapped, 50)
    XCTAssertGreaterThan(rejected, 50)
  }

  // MARK: - Vocabulary declarations

  func testVocabularyIsReadAndChecked() throws {
    let vocabulary = try SpecVocabulary.read(
      specText: Self.text("specs/mm-exit/v4.13.yaml"), path: "specs/mm-exit/v4.13.yaml")
    XCTAssertTrue(vocabulary.statements.contains { $0.normalizedCode == "free_pgtables(" && $0.isCallPattern })
    let bad = """
      threads:
        t:
          steps: [{label: s, code: "x();"}]
      vocabulary:
        statements:
          - code: "mm->mmap = NULL;"
          - {code: "y();", lable: z, set: f}
      """
    let diagnostics = frontendDiagnostics(bad)
    XCTAssertEqual(diagnostics.count, 2, "\(diagnostics)")
    XCTAssertTrue(
      diagnostics[0].contains("t.yaml:6:7: error: a vocabulary statement needs an action"), "\(diagnostics)")
    XCTAssertTrue(diagnostics[1].contains("unknown key 'lable' in a vocabulary statement"), "\(diagnostics)")
  }

  /// Every step the mm-exit specs' vocabularies can become names state of its spec with the
  /// right types: each entry, inserted as a step, lowers.
  func testEveryMmExitVocabularyStepLowers() throws {
    let folder = Self.root.appendingPathComponent("specs/mm-exit")
    let specs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
      .sorted()
    XCTAssertEqual(specs.count, 8)
    for spec in specs {
      let path = "specs/mm-exit/\(spec)"
      let text = try Self.text(path)
      let vocabulary = try SpecVocabulary.read(specText: text, path: path)
      XCTAssertGreaterThanOrEqual(vocabulary.statements.count, 5, spec)
      // Each entry next to a step of its function (its locals are those of that function's
      // thread or procedure), or after exit_remove_vma.
      let document = try SpecLoader.parse(text: text, path: path)
      let index = SpecStepIndex(document)
      let edits = vocabulary.statements.enumerated().map { number, entry -> OverlayEdit in
        let anchor = entry.at.flatMap { at in index.entries.first { $0.at == at && $0.label != nil }?.label }
        let step = NewStep(
          label: "vocabulary_\(number)", code: entry.code, at: entry.at ?? "mm/mmap.c:exit_mmap",
          body: entry.body.map { KernelVocabulary.StepKey($0.key, $0.value) }, source: entry.location)
        return .insertAfter(label: anchor ?? "exit_remove_vma", steps: [step])
      }
      let overlay = OverlayWriter(name: "vocabulary", source: path, subject: nil).text(
        edits: edits, bases: ["../\(spec)"])
      let files = [path: text, "specs/mm-exit/patches/vocabulary.yaml": overlay]
      do {
        let variants = try VariantLoader.load(
          files: [("specs/mm-exit/patches/vocabulary.yaml", overlay)], read: { files[$0] })
        XCTAssertEqual(variants.count, 2, spec)
      } catch {
        XCTFail("\(spec): \(error)")
      }
    }
  }

  // MARK: - The overlay

  func testOverlayTextLoadsAsAPatch() throws {
    let mapping = try mapping("rfc-2017-exit-mmap-depth4.eml", onto: "v4.13")
    let overlay = OverlayWriter(name: "rfc-mail", source: "mail.eml", subject: "Re: x").text(
      edits: mapping.edits, bases: ["../v4.13.yaml"])
    let files = [
      "specs/mm-exit/v4.13.yaml": try Self.text("specs/mm-exit/v4.13.yaml"),
      "specs/mm-exit/patches/rfc-mail.yaml": overlay,
    ]
    let variants = try VariantLoader.load(
      files: [("specs/mm-exit/patches/rfc-mail.yaml", overlay)], read: { files[$0] })
    XCTAssertEqual(variants.map(\.name), ["mm-exit/v4.13", "mm-exit/v4.13+rfc-mail"])
    XCTAssertEqual(
      OverlayWriter.relativePath("specs/mm-exit/v4.13.yaml", fromFolder: "specs/mm-exit/patches"), "../v4.13.yaml")
    XCTAssertEqual(OverlayWriter.patchName(forFile: "mail/re: fix ksm.eml"), "re--fix-ksm")
    XCTAssertEqual(FlowYAML.quoted("a\u{1B}b\"c\\"), "\"a\\u001Bb\\\"c\\\\\"")
    // A subject with control characters and quotes still makes an overlay that loads.
    let odd = OverlayWriter(name: "odd", source: "m.eml", subject: "Re: \"x\"\u{7}\u{1B}[31m").text(
      edits: mapping.edits, bases: ["../v4.13.yaml"])
    XCTAssertNoThrow(
      try VariantLoader.load(
        files: [("specs/mm-exit/patches/odd.yaml", odd)],
        read: { $0 == "specs/mm-exit/patches/odd.yaml" ? odd : files[$0] }))
  }

  /// The RFC's exit_mmap hunk, mapped from the depth-4 mail, with the RFC overlay's other edits
  /// (those of the oom reaper and its extra property) stacked on it, explores exactly as
  /// specs/mm-exit/patches/rfc-2017-06-26.yaml: same verdicts, same state and transition counts.
  func testRFCMailIsEquivalentToTheRFCOverlay() throws {
    let mapping = try mapping("rfc-2017-exit-mmap-depth4.eml", onto: "v4.13")
    let mail = OverlayWriter(name: "rfc-mail", source: "mail.eml", subject: nil).text(
      edits: mapping.edits, bases: ["../v4.13.yaml"])
    let rfcPath = "specs/mm-exit/patches/rfc-2017-06-26.yaml"
    let rfc = try Self.text(rfcPath)
    // The RFC overlay's edits after its two exit_mmap inserts, as a patch stacked on the mail's.
    guard let reaperStart = rfc.range(of: "  # __oom_reap_task_mm\n"),
      let variantsStart = rfc.range(of: "\nvariants:\n")
    else { return XCTFail("rfc-2017-06-26.yaml changed shape") }
    XCTAssertTrue(rfc[..<reaperStart.lowerBound].contains("insert_after: exit_remove_vma"))
    let reaper =
      "patch: rfc-reaper\nedits:\n" + rfc[reaperStart.lowerBound..<variantsStart.lowerBound]
      + "\nvariants:\n  - base: ../v4.13.yaml\n    after: [rfc-mail.yaml]\n"
      + "    expect: {no_premature_oom_skip: holds, no_reap_during_munlock: violated}\n"
    let files = [
      "specs/mm-exit/v4.13.yaml": try Self.text("specs/mm-exit/v4.13.yaml"),
      "specs/mm-exit/patches/rfc-mail.yaml": mail,
      "specs/mm-exit/patches/rfc-reaper.yaml": reaper,
      rfcPath: rfc,
    ]
    let variants = try VariantLoader.load(
      files: [("specs/mm-exit/patches/rfc-reaper.yaml", reaper), (rfcPath, rfc)], read: { files[$0] })
    guard let fromMail = variants.first(where: { $0.name == "mm-exit/v4.13+rfc-mail+rfc-reaper" }),
      let overlay = variants.first(where: { $0.name == "mm-exit/v4.13+rfc-2017-06-26" })
    else { return XCTFail("variants: \(variants.map(\.name))") }
    let options = ExplorationOptions(stopWhenDecided: false)
    // The two explorations side by side.
    let models = [fromMail.model, overlay.model]
    let results = ConcurrentMap.map(2) { index in
      Result { try Interpreter(model: models[index]).explore(options: options) }
    }
    let (a, b) = (try results[0].get(), try results[1].get())
    XCTAssertEqual(a.properties.map(\.name), b.properties.map(\.name))
    XCTAssertEqual(a.properties.map(\.verdict), b.properties.map(\.verdict))
    XCTAssertEqual(a.statistics.states, b.statistics.states)
    XCTAssertEqual(a.statistics.transitions, b.statistics.transitions)
    XCTAssertTrue(b.meetsExpectations)
    XCTAssertEqual(a.properties.first { $0.name == "no_premature_oom_skip" }?.verdict, .holds)
  }
}

extension KernelVocabulary.Meaning {
  var isUnplaceable: Bool {
    if case .unplaceable = self { return true }
    return false
  }
}
