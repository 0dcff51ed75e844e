import LockCheck
import XCTest

@testable import LockSpec

/// Every error a bad patch can get, with its exact `file:line:column: error: message`. Patches
/// are written by `PatchFixture.patch`: `patch: p` on line 1, `edits:` on line 2, the edits from
/// line 3, then `variants:`.
final class PatchErrorTests: XCTestCase {
  static let path = "specs/demo/patches/p.yaml"
  static let q = PatchFixture.patch(name: "q", edits: "  - remove: first_ua\n")

  func assertPatchErrors(
    _ edits: String, variants: String = "  - base: ../base.yaml\n", name: String? = "p",
    files: [String: String] = [:], given: [String] = [path], _ expected: [String],
    file: StaticString = #filePath, line: UInt = #line
  ) {
    var all = files
    all[Self.path] = PatchFixture.patch(name: name, edits: edits, variants: variants)
    XCTAssertEqual(PatchFixture(all).diagnostics(given), expected, file: file, line: line)
  }

  // MARK: - Edits that do not apply

  func testMissingLabel() {
    assertPatchErrors(
      "  - remove: first_uaa\n",
      ["specs/demo/patches/p.yaml:3:13: error: no step labelled 'first_uaa' in demo/base; did you mean 'first_ua'?"])
    assertPatchErrors(
      "  - insert_before: nowhere\n    steps: [{code: \"x();\"}]\n",
      ["specs/demo/patches/p.yaml:3:20: error: no step labelled 'nowhere' in demo/base"])
    assertPatchErrors(
      "  - move: first_a\n    after: nowhere\n",
      ["specs/demo/patches/p.yaml:4:12: error: no step labelled 'nowhere' in demo/base"])
  }

  func testAmbiguousLabel() {
    assertPatchErrors(
      """
        - insert_after: first_a
          steps: [{label: dup, code: "x();"}]
        - insert_after: second_a
          steps: [{label: dup, code: "y();"}]
        - remove: dup
      """,
      [
        "specs/demo/patches/p.yaml:7:13: error: label 'dup' is ambiguous in demo/base: it labels the steps at "
          + "specs/demo/patches/p.yaml:4:21 and specs/demo/patches/p.yaml:6:21"
      ])
  }

  func testMoveRelativeToItselfOrToAStepInsideIt() {
    assertPatchErrors(
      "  - move: first_a\n    after: first_a\n",
      ["specs/demo/patches/p.yaml:4:12: error: cannot move 'first_a' relative to itself"])
    assertPatchErrors(
      "  - move: second_if\n    after: second_then\n",
      ["specs/demo/patches/p.yaml:4:12: error: cannot move 'second_if' relative to 'second_then', a step inside it"])
  }

  func testAddingWhatExists() {
    assertPatchErrors(
      "  - add_state: {a: {type: mutex}}\n",
      [
        "specs/demo/patches/p.yaml:3:17: error: shared variable 'a' already exists in demo/base "
          + "(at specs/demo/base.yaml:3:3); use change_state to replace it"
      ])
    assertPatchErrors(
      """
        - add_threads: {first: {steps: [{label: z, code: "z();"}]}}
        - add_procedures: {bump: {steps: [{code: "z();"}]}}
        - add_properties: [{name: deadlock_free, check: deadlock_free}]
        - add_locals: {thread: second, locals: {x: {type: bool}}}
      """,
      [
        "specs/demo/patches/p.yaml:3:19: error: thread 'first' already exists in demo/base (at specs/demo/base.yaml:17:3)",
        "specs/demo/patches/p.yaml:4:22: error: procedure 'bump' already exists in demo/base (at specs/demo/base.yaml:7:3)",
        "specs/demo/patches/p.yaml:5:29: error: property 'deadlock_free' already exists in demo/base "
          + "(at specs/demo/base.yaml:43:12)",
        "specs/demo/patches/p.yaml:6:43: error: thread 'second' already has a local 'x' (at specs/demo/base.yaml:25:7)",
      ])
  }

  func testChangingOrAddingToWhatDoesNotExist() {
    assertPatchErrors(
      """
        - change_state: {zzz: {type: flag}}
        - add_locals: {thread: frist, locals: {y: {type: bool}}}
        - add_locals: {procedure: bmp, locals: {y: {type: bool}}}
      """,
      [
        "specs/demo/patches/p.yaml:3:20: error: no shared variable 'zzz' in demo/base to change; use add_state to add one",
        "specs/demo/patches/p.yaml:4:26: error: no thread 'frist' in demo/base; did you mean 'first'?",
        "specs/demo/patches/p.yaml:5:29: error: no procedure 'bmp' in demo/base; did you mean 'bump'?",
      ])
  }

  func testAnEditThatFailsOnOneBaseNamesThatBase() {
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n  - base: ../other.yaml\n",
      files: [
        "specs/demo/other.yaml": "spec: demo/other\nthreads:\n  t:\n    steps:\n      - {label: only, code: \"x();\"}\n"
      ],
      ["specs/demo/patches/p.yaml:3:13: error: no step labelled 'first_ub' in demo/other"])
  }

  // MARK: - Edits that do not parse

  func testMalformedEdits() {
    assertPatchErrors(
      """
        - remvoe: first_a
        - remove: first_a
          replace: first_b
        - move: first_a
          before: first_b
          after: first_b
        - move: first_a
        - insert_after: first_a
        - replace: first_a
          steps: []
        - remove: first_a
          steps: [{code: "x();"}]
        - just a string
        - {}
        - note: only a note
      """,
      [
        "specs/demo/patches/p.yaml:3:5: error: unknown key 'remvoe' in an edit; did you mean 'remove'?",
        "specs/demo/patches/p.yaml:5:5: error: an edit does one thing; found 'remove' and 'replace'",
        "specs/demo/patches/p.yaml:6:5: error: 'move' takes one of 'before' and 'after', not both",
        "specs/demo/patches/p.yaml:9:5: error: 'move' needs 'before: LABEL' or 'after: LABEL'",
        "specs/demo/patches/p.yaml:10:5: error: 'insert_after' needs 'steps' (the steps to put in)",
        "specs/demo/patches/p.yaml:12:12: error: 'replace' needs at least one step (to delete a step, use 'remove')",
        "specs/demo/patches/p.yaml:14:5: error: 'steps' does not apply to 'remove'",
        "specs/demo/patches/p.yaml:15:5: error: expected an edit (a mapping), found 'just a string'",
        "specs/demo/patches/p.yaml:16:5: error: an edit needs one of remove, insert_before, insert_after, replace, "
          + "move, add_state, change_state, add_locals, add_threads, add_procedures, add_properties",
        "specs/demo/patches/p.yaml:17:5: error: an edit needs one of remove, insert_before, insert_after, replace, "
          + "move, add_state, change_state, add_locals, add_threads, add_procedures, add_properties",
      ])
  }

  func testSpecKeysInAnEditSuggestTheEditKey() {
    assertPatchErrors(
      """
        - state: {c: {type: mutex}}
        - properties: [{name: c_free, check: never, condition: "false"}]
        - delete: first_a
      """,
      [
        "specs/demo/patches/p.yaml:3:5: error: unknown key 'state' in an edit; did you mean 'add_state'?",
        "specs/demo/patches/p.yaml:4:5: error: unknown key 'properties' in an edit; did you mean 'add_properties'?",
        "specs/demo/patches/p.yaml:5:5: error: unknown key 'delete' in an edit; did you mean 'remove'?",
      ])
  }

  func testMalformedAddLocals() {
    assertPatchErrors(
      """
        - add_locals: {thread: first, procedure: bump, locals: {y: {type: bool}}}
        - add_locals: {locals: {y: {type: bool}}}
        - add_locals: {thread: first}
        - add_state: {}
      """,
      [
        "specs/demo/patches/p.yaml:3:17: error: 'add_locals' takes one of 'thread' and 'procedure', not both",
        "specs/demo/patches/p.yaml:4:17: error: 'add_locals' needs 'thread: NAME' or 'procedure: NAME'",
        "specs/demo/patches/p.yaml:5:17: error: 'add_locals' needs 'locals'",
        "specs/demo/patches/p.yaml:6:16: error: 'add_state' needs at least one variable",
      ])
  }

  func testMissingKeysAndABadPatchName() {
    var fixture = PatchFixture()
    fixture.files[Self.path] = "patch: p\ntitel: x\n"
    XCTAssertEqual(
      fixture.diagnostics([Self.path]),
      [
        "specs/demo/patches/p.yaml:1:1: error: missing required key 'edits'",
        "specs/demo/patches/p.yaml:1:1: error: missing required key 'variants' (the base specs the patch applies to)",
        "specs/demo/patches/p.yaml:2:1: error: unknown key 'titel' in a patch; did you mean 'title'?",
      ])
    assertPatchErrors(
      "  - remove: first_ub\n", name: "has space+plus",
      [
        "specs/demo/patches/p.yaml:1:8: error: 'has space+plus' is not a valid patch name (letters, digits, '.', '_' and '-')"
      ])
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  []\n",
      [
        "specs/demo/patches/p.yaml:5:3: error: 'variants' needs at least one variant (a base spec to apply the patch to)"
      ])
  }

  // MARK: - Errors in the edited spec

  func testErrorsInInsertedStepsPointIntoThePatch() {
    assertPatchErrors(
      "  - insert_after: first_a\n    steps:\n      - {label: z, lokc: a}\n",
      ["specs/demo/patches/p.yaml:5:20: error: unknown key 'lokc' in a step; did you mean 'lock'?"])
    assertPatchErrors(
      "  - insert_after: first_a\n    steps:\n      - {label: z, lock: c}\n",
      [
        "specs/demo/patches/p.yaml:5:26: error: undefined variable 'c'",
        "specs/demo/patches/p.yaml:7:5: note: in variant 'demo/base+p': specs/demo/patches/p.yaml applied to demo/base",
      ])
  }

  func testAnEditThatBreaksTheBaseIsReportedWhereTheBaseBreaks() {
    // The base's property `second_runs` names `second@second_a`, which the patch removes.
    assertPatchErrors(
      "  - remove: second_a\n",
      [
        "specs/demo/base.yaml:44:62: error: undefined label 'second_a'; did you mean 'second_b'?",
        "specs/demo/patches/p.yaml:5:5: note: in variant 'demo/base+p': specs/demo/patches/p.yaml applied to demo/base",
      ])
  }

  func testABrokenBaseIsNotBlamedOnThePatch() {
    assertPatchErrors(
      "  - remove: first_ub\n",
      files: ["specs/demo/base.yaml": "spec: demo/base\nthreads:\n  t:\n    steps:\n      - {lokc: a}\n"],
      ["specs/demo/base.yaml:5:10: error: unknown key 'lokc' in a step; did you mean 'lock'?"])
  }

  // MARK: - Variants

  func testVariantWithoutBaseOrWithAnUnreadableOne() {
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - expect: {deadlock_free: holds}\n",
      ["specs/demo/patches/p.yaml:5:5: error: a variant needs 'base' (the spec file, relative to this patch)"])
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../nope.yaml\n",
      ["specs/demo/patches/p.yaml:5:11: error: cannot read the base spec specs/demo/nope.yaml"])
  }

  func testBaseAndAfterMustBeASpecAndPatches() {
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: q.yaml\n", files: ["specs/demo/patches/q.yaml": Self.q],
      [
        "specs/demo/patches/p.yaml:5:11: error: specs/demo/patches/q.yaml is a patch, not a spec: "
          + "name its base spec in 'base' and list it in 'after'"
      ])
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n    after: [../base.yaml]\n",
      [
        "specs/demo/patches/p.yaml:6:13: error: specs/demo/base.yaml is a spec, not a patch "
          + "(a patch's top-level mapping has a 'patch' key)"
      ])
  }

  func testStackingOnItselfOrTwiceOnTheSamePatch() {
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n    after: [p.yaml]\n",
      ["specs/demo/patches/p.yaml:6:13: error: a patch cannot stack on itself"])
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n    after: [q.yaml, ./q.yaml]\n",
      files: ["specs/demo/patches/q.yaml": Self.q],
      ["specs/demo/patches/p.yaml:6:21: error: ./q.yaml is listed twice in 'after'"])
  }

  func testStackingNeedsTheIntermediatePatchToDeclareTheChain() {
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n    after: [q.yaml, r.yaml]\n",
      files: [
        "specs/demo/patches/q.yaml": Self.q,
        "specs/demo/patches/r.yaml": PatchFixture.patch(name: "r", edits: "  - remove: second_ua\n"),
      ],
      [
        "specs/demo/patches/p.yaml:6:21: error: specs/demo/patches/r.yaml declares no variant with base "
          + "specs/demo/base.yaml after specs/demo/patches/q.yaml; stacking on it needs one "
          + "(it defines that patch's expectations on this chain)"
      ])
  }

  func testExpectations() {
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n    expect: {lock_discipline: broken}\n",
      ["specs/demo/patches/p.yaml:6:31: error: 'expect' must be holds or violated, found 'broken'"])
    assertPatchErrors(
      "  - remove: first_ub\n",
      variants: "  - base: ../base.yaml\n    expect: {deadlock_fre: holds, nothing_like_it: holds}\n",
      [
        "specs/demo/patches/p.yaml:6:14: error: no property 'deadlock_fre' in demo/base+p; did you mean 'deadlock_free'?",
        "specs/demo/patches/p.yaml:6:35: error: no property 'nothing_like_it' in demo/base+p",
      ])
  }

  func testTheSameVariantTwice() {
    assertPatchErrors(
      "  - remove: first_ub\n", variants: "  - base: ../base.yaml\n  - base: ./../base.yaml\n",
      ["specs/demo/patches/p.yaml:6:5: error: the same base and 'after' as the variant at line 5"])
  }

  func testTwoPatchesWithTheSameNameOnOneBase() {
    assertPatchErrors(
      "  - remove: first_ub\n",
      files: ["specs/demo/patches/q.yaml": PatchFixture.patch(name: "p", edits: "  - remove: first_ua\n")],
      given: [Self.path, "specs/demo/patches/q.yaml"],
      [
        "specs/demo/patches/q.yaml:5:5: error: variant 'demo/base+p' is also defined by specs/demo/patches/p.yaml "
          + "(at specs/demo/patches/p.yaml:5:5)"
      ])
  }

  func testAFileThatIsNotAPatchWhereOneIsExpected() {
    let fixture = PatchFixture()
    XCTAssertThrowsError(
      try VariantLoader.load(base: "specs/demo/base.yaml", patch: "specs/demo/base.yaml", read: { fixture.files[$0] })
    ) { error in
      XCTAssertEqual(
        (error as? SpecLoadError)?.diagnostics.map(\.description),
        [
          "specs/demo/base.yaml:1:1: error: specs/demo/base.yaml is a spec, not a patch "
            + "(a patch's top-level mapping has a 'patch' key)"
        ])
    }
  }
}
