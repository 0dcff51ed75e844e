import LockCheck
import XCTest

@testable import LockSpec

/// `SpecDiff` on parsed documents: a step that moves takes the steps nested in it along without
/// listing them, unlabelled steps match only within their scope, and locations never count.
final class SpecDiffTests: XCTestCase {
  static let base = """
    spec: d
    state:
      m: {type: mutex}
      go: {type: bool}
    threads:
      a:
        steps:
          - {label: a_lock, code: "lock(m)", lock: m}
          - label: a_if
            if: "go"
            then:
              - {code: "x", assign: {go: "false"}}
              - {label: a_inner, assign: {go: "true"}}
          - {label: a_unlock, unlock: m}
      b:
        steps:
          - {code: "x", assign: {go: "false"}}
          - {label: b_lock, lock: m}
          - {label: b_unlock, unlock: m}

    """

  func document(_ text: String) throws -> SpecDocument {
    try SpecLoader.parse(text: text, path: "d.yaml")
  }

  func testAMoveListsTheMovedStepOnly() throws {
    // a_unlock moves before a_if (so a_if comes after it); a_if's nested steps (one unlabelled,
    // like a step of b) stay in a_if.
    let moved = """
      spec: d
      state:
        m: {type: mutex}
        go: {type: bool}
      threads:
        a:
          steps:
            - {label: a_lock, code: "lock(m)", lock: m}
            - {label: a_unlock, unlock: m}
            - label: a_if
              if: "go"
              then:
                - {code: "x", assign: {go: "false"}}
                - {label: a_inner, assign: {go: "true"}}
        b:
          steps:
            - {code: "x", assign: {go: "false"}}
            - {label: b_lock, lock: m}
            - {label: b_unlock, unlock: m}

      """
    let diff = SpecDiff(from: try document(Self.base), to: try document("\n\n" + moved))
    XCTAssertEqual(diff.owners.map(\.name), ["thread a"])
    let owner = diff.owners[0]
    XCTAssertEqual(owner.moved.map(\.step), ["a_unlock"])
    XCTAssertEqual(owner.moved.first?.place, "after a_lock")
    XCTAssertEqual(owner.moved.first?.before, "after a_if")
    XCTAssertEqual(owner.added, [])
    XCTAssertEqual(owner.removed, [])
    XCTAssertEqual(diff.state, [])
    XCTAssertEqual(diff.properties, [])
  }

  func testAnUnlabelledStepMatchesOnlyInItsScope() throws {
    // The unlabelled `x` of thread b goes; the one inside a_if stays.
    let removed = Self.base.replacingOccurrences(
      of: "      - {code: \"x\", assign: {go: \"false\"}}\n      - {label: b_lock", with: "      - {label: b_lock")
    let diff = SpecDiff(from: try document(Self.base), to: try document(removed))
    XCTAssertEqual(diff.owners.map(\.name), ["thread b"])
    XCTAssertEqual(diff.owners[0].removed.map(\.step), ["#x"])
    XCTAssertEqual(diff.owners[0].removed.first?.place, "first in thread b")
    XCTAssertEqual(diff.owners[0].moved, [])
  }

  func testAChangedStepAndStateAndTheSameSpecElsewhere() throws {
    let changed = Self.base.replacingOccurrences(
      of: "{label: b_lock, lock: m}", with: "{label: b_lock, code: \"spin\", lock: m}"
    )
    .replacingOccurrences(of: "go: {type: bool}", with: "go: {type: bool, initial: true}")
    let diff = SpecDiff(from: try document(Self.base), to: try document(changed))
    XCTAssertEqual(diff.owners.first?.changed.map(\.step), ["b_lock"])
    XCTAssertEqual(diff.owners.first?.changed.first?.after, "spin  [lock m]")
    XCTAssertEqual(
      diff.state, [SpecDiff.DeclarationChange(kind: .changed, name: "go", before: "bool", after: "bool, initial true")])
    // Only locations differ: no change.
    XCTAssertTrue(SpecDiff(from: try document(Self.base), to: try document("\n# moved down\n" + Self.base)).isEmpty)
  }
}
