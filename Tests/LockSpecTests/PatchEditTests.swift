import LockCheck
import XCTest

@testable import LockSpec

/// Each edit kind on the base of `PatchFixture`, at the top level and nested.
final class PatchEditTests: XCTestCase {
  func testBaseOutline() throws {
    var log = DiagnosticLog()
    guard case .spec(let base) = SourceFile.parse(text: PatchFixture.base, path: PatchFixture.basePath, log: &log)
    else { return XCTFail(log.sorted.map(\.description).joined(separator: "\n")) }
    XCTAssertEqual(
      outline(base),
      [
        "bump: bump_loop[choose[bump_inc | bump_skip break]]",
        "first: first_a first_b first_ub first_ua",
        "second: second_b second_a second_if[second_then | second_else] second_atomic[inc dec] second_ua second_ub second_call",
      ])
  }
}

extension PatchEditTests {
  func testRemoveAtTheTopLevelNestedAndInAProcedure() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - remove: first_ub
              - remove: second_then
              - remove: bump_skip
            """)))
    XCTAssertEqual(
      outline(document),
      [
        "bump: bump_loop[choose[bump_inc | break]]",
        "first: first_a first_b first_ua",
        "second: second_b second_a second_if[ | second_else] second_atomic[inc dec] second_ua second_ub second_call",
      ])
  }

  func testRemovingAStepRemovesWhatIsNestedInIt() throws {
    let document = try XCTUnwrap(applied(PatchFixture.patch(edits: "  - remove: second_if\n")))
    XCTAssertEqual(
      outline(document)[2], "second: second_b second_a second_atomic[inc dec] second_ua second_ub second_call")
  }

  func testInsertBeforeAndAfter() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - insert_before: first_a
                steps:
                  - {label: new_first, code: "prologue();"}
              - insert_after: first_ua
                steps:
                  - {label: new_last, code: "epilogue();"}
                  - {label: new_last2, inc: n}
              - insert_after: second_else
                steps: [{label: in_else, code: "x();"}]
              - insert_before: bump_inc
                steps: [{label: in_branch, code: "y();"}]
            """)))
    XCTAssertEqual(
      outline(document),
      [
        "bump: bump_loop[choose[in_branch bump_inc | bump_skip break]]",
        "first: new_first first_a first_b first_ub first_ua new_last new_last2",
        "second: second_b second_a second_if[second_then | second_else in_else] second_atomic[inc dec] second_ua second_ub second_call",
      ])
  }

  func testReplaceWithSeveralSteps() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - replace: first_b
                steps:
                  - {label: try_b, trylock: b}
                  - {label: other, code: "other();"}
              - replace: second_then
                steps: [{label: then2, code: "then2();"}]
            """)))
    XCTAssertEqual(
      outline(document)[1], "first: first_a try_b other first_ub first_ua")
    XCTAssertEqual(
      outline(document)[2],
      "second: second_b second_a second_if[then2 | second_else] second_atomic[inc dec] second_ua second_ub second_call")
  }

  func testMoveWithinAThreadAcrossThreadsAndInAndOutOfNestedLists() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - move: second_a
                before: second_b
              - move: second_ub
                after: second_ua
              - move: second_then
                after: first_ua
              - move: first_ub
                before: second_else
            """)))
    XCTAssertEqual(
      outline(document),
      [
        "bump: bump_loop[choose[bump_inc | bump_skip break]]",
        "first: first_a first_b first_ua second_then",
        "second: second_a second_b second_if[ | first_ub second_else] second_atomic[inc dec] second_ua second_ub second_call",
      ])
  }

  func testEditsApplyInOrderSoALaterEditSeesAnEarlierOne() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - insert_after: first_a
                steps: [{label: added, code: "added();"}]
              - move: added
                after: first_ua
              - replace: added
                steps: [{label: replaced, code: "replaced();"}]
            """)))
    XCTAssertEqual(outline(document)[1], "first: first_a first_b first_ub first_ua replaced")
  }

  func testAddAndChangeState() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - add_state:
                  c: {type: mutex}
                  finished: {type: flag}
              - change_state:
                  n: {type: counter, max: 5, initial: 1}
            """)))
    XCTAssertEqual(document.state.map(\.name), ["a", "b", "n", "c", "finished"])
    XCTAssertEqual(document.state[2].max?.value, 5)
    XCTAssertEqual(document.state[2].initial?.value, .values([Located("1", at: document.state[2].initial!.location)]))
    XCTAssertEqual(document.state[2].location.path, "specs/demo/patches/p.yaml")
    let model = try SpecLoader.lower(document, defaultName: "x")
    XCTAssertEqual(model.variables[2], VariableIR(name: "n", type: .counter(max: 5), owner: nil, initial: [1]))
  }

  func testChangeStateCanChangeTheType() throws {
    let document = try XCTUnwrap(
      applied(PatchFixture.patch(edits: "  - change_state: {a: {type: spinlock}}\n")))
    XCTAssertEqual(document.state[0].kind, .spinlock)
  }

  func testAddLocalsToAThreadAndAProcedure() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - add_locals:
                  thread: first
                  locals: {got: {type: bool}}
              - add_locals:
                  procedure: bump
                  locals: {tries: {type: int, min: 0, max: 2}}
              - replace: first_b
                steps: [{label: try_b, trylock: b, into: got}]
            """)))
    XCTAssertEqual(document.threads[0].locals.map(\.name), ["got"])
    XCTAssertEqual(document.procedures[0].locals.map(\.name), ["tries"])
  }

  func testAddThreadsProceduresAndProperties() throws {
    let document = try XCTUnwrap(
      applied(
        PatchFixture.patch(
          edits: """
              - add_procedures:
                  settle:
                    steps: [{label: settle_step, code: "settle();"}]
              - add_threads:
                  third:
                    count: 2
                    steps:
                      - {label: third_a, lock: a}
                      - {label: third_call, call: settle}
                      - {label: third_ua, unlock: a}
              - add_properties:
                  - {name: third_done, check: reachable, condition: "done(third[0])", expect: holds}
            """)))
    XCTAssertEqual(document.threads.map(\.name), ["first", "second", "third"])
    XCTAssertEqual(document.procedures.map(\.name), ["bump", "settle"])
    XCTAssertEqual(document.properties.map(\.name.value), ["deadlock_free", "second_runs", "third_done"])
    let model = try SpecLoader.lower(document, defaultName: "x")
    XCTAssertEqual(model.threads.map(\.name), ["first", "second", "third[0]", "third[1]"])
  }

  func testInsertedStepsKeepTheirPatchLocations() throws {
    let text = PatchFixture.patch(
      edits: """
          - insert_after: first_a
            steps:
              - {label: added, code: "added();"}
        """)
    let document = try XCTUnwrap(applied(text))
    let added = try XCTUnwrap(document.threads[0].steps.first { $0.label?.value == "added" })
    XCTAssertEqual(added.location.description, "specs/demo/patches/p.yaml:5:9")
    let model = try SpecLoader.lower(document, defaultName: "x")
    let origin = try XCTUnwrap(model.threads[0].instructions.first { $0.origin.label == "added" }?.origin)
    XCTAssertEqual(origin.line, 5)
  }
}
