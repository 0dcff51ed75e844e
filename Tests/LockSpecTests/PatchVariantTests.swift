import LockCheck
import XCTest

@testable import LockSpec

/// `VariantLoader`: naming, order, parents, expectation inheritance and stacking.
final class PatchVariantTests: XCTestCase {
  /// Reorders `second` so both threads take a before b: the deadlock is fixed.
  static let lockOrder = PatchFixture.patch(
    name: "lock-order",
    edits: """
        - move: second_a
          before: second_b
      """,
    variants: """
        - base: ../base.yaml
          expect: {deadlock_free: holds}
      """)

  /// Adds a third thread with a property of its own; stacks on lock-order too.
  static let third = PatchFixture.patch(
    name: nil,
    edits: """
        - add_threads:
            third:
              steps:
                - {label: third_b, lock: b}
                - {label: third_a, lock: a}
                - {label: third_ua, unlock: a}
                - {label: third_ub, unlock: b}
        - add_properties:
            - {name: third_done, check: reachable, condition: "done(third)", expect: holds}
      """,
    variants: """
        - base: ../base.yaml
        - base: ../base.yaml
          after: [lock-order.yaml]
          expect: {deadlock_free: violated}
      """)

  var fixture = PatchFixture([
    "specs/demo/patches/lock-order.yaml": PatchVariantTests.lockOrder,
    "specs/demo/patches/third.yaml": PatchVariantTests.third,
  ])

  func summary(_ variants: [Variant]) -> [String] {
    variants.map { variant in
      let expects = variant.model.properties.map { "\($0.name)=\($0.expect?.rawValue ?? "-")" }
      return "\(variant.name) <- \(variant.parent ?? "nil") [\(variant.patches.joined(separator: ", "))] "
        + expects.joined(separator: " ")
    }
  }

  func testSpecsAndPatchesInOneLoad() {
    let variants = fixture.variants([
      "specs/demo/base.yaml", "specs/demo/patches/lock-order.yaml", "specs/demo/patches/third.yaml",
    ])
    XCTAssertEqual(
      summary(variants),
      [
        "demo/base <- nil [] deadlock_free=violated second_runs=- no_use_after_free=holds no_double_free=holds "
          + "lock_discipline=holds assertions=holds",
        "demo/base+lock-order <- demo/base [specs/demo/patches/lock-order.yaml] deadlock_free=holds second_runs=- "
          + "no_use_after_free=holds no_double_free=holds lock_discipline=holds assertions=holds",
        "demo/base+lock-order+third <- demo/base+lock-order [specs/demo/patches/lock-order.yaml, "
          + "specs/demo/patches/third.yaml] deadlock_free=violated second_runs=- third_done=holds "
          + "no_use_after_free=holds no_double_free=holds lock_discipline=holds assertions=holds",
        "demo/base+third <- demo/base [specs/demo/patches/third.yaml] deadlock_free=violated second_runs=- "
          + "third_done=holds no_use_after_free=holds no_double_free=holds lock_discipline=holds assertions=holds",
      ])
    let stacked = variants[2]
    XCTAssertEqual(stacked.specPath, "specs/demo/base.yaml")
    XCTAssertEqual(stacked.patchPath, "specs/demo/patches/third.yaml")
    XCTAssertEqual(stacked.model.name, "demo/base+lock-order+third")
    XCTAssertEqual(
      stacked.model.source,
      "specs/demo/base.yaml + specs/demo/patches/lock-order.yaml + specs/demo/patches/third.yaml")
    XCTAssertEqual(stacked.model.threads.map(\.name), ["first", "second", "third"])
    XCTAssertEqual(stacked.title, nil)
    XCTAssertEqual(stacked.depth, 2)
    XCTAssertEqual(variants[1].model.threads[1].instructions.first?.origin.label, "second_a")
  }

  func testAPatchCheckedAloneLoadsItsBasesAndTheChainsItStacksOn() {
    let variants = fixture.variants(["specs/demo/patches/third.yaml"])
    XCTAssertEqual(
      variants.map(\.name), ["demo/base", "demo/base+lock-order", "demo/base+lock-order+third", "demo/base+third"])
    XCTAssertEqual(variants.map(\.parent), [nil, "demo/base", "demo/base+lock-order", "demo/base"])
    XCTAssertEqual(variants[0].specPath, "specs/demo/base.yaml")
    XCTAssertEqual(variants[1].patchPath, "specs/demo/patches/lock-order.yaml")
  }

  func testPathsAsGivenAreKeptAndNormalizedForMatching() {
    var fixture = self.fixture
    fixture.files["./specs/demo/base.yaml"] = PatchFixture.base
    fixture.files["specs/demo/./patches/lock-order.yaml"] = Self.lockOrder
    let variants = fixture.variants(["./specs/demo/base.yaml", "specs/demo/./patches/lock-order.yaml"])
    XCTAssertEqual(variants.map(\.name), ["demo/base", "demo/base+lock-order"])
    XCTAssertEqual(variants.map(\.specPath), ["./specs/demo/base.yaml", "./specs/demo/base.yaml"])
    XCTAssertEqual(variants[1].patchPath, "specs/demo/./patches/lock-order.yaml")
  }

  func testExpectationsAreInheritedFromTheParentThenChanged() throws {
    // The stacked variant inherits lock-order's `deadlock_free: holds`, then sets it back to
    // violated; `second_runs` (no expectation in the base) stays without one.
    let variants = fixture.variants(["specs/demo/patches/third.yaml"])
    let stacked = try XCTUnwrap(variants.first { $0.name == "demo/base+lock-order+third" })
    XCTAssertEqual(stacked.model.properties.first { $0.name == "deadlock_free" }?.expect, .violated)
    XCTAssertNil(stacked.model.properties.first { $0.name == "second_runs" }?.expect)
    let lockOrder = try XCTUnwrap(variants.first { $0.name == "demo/base+lock-order" })
    XCTAssertEqual(lockOrder.model.properties.first { $0.name == "deadlock_free" }?.expect, .holds)
  }

  func testAnImplicitPropertyCanChangeItsExpectation() throws {
    let fixture = PatchFixture([
      "specs/demo/patches/leak.yaml": PatchFixture.patch(
        name: "leak",
        edits: "  - remove: first_ua\n",
        variants: """
            - base: ../base.yaml
              expect: {lock_discipline: violated}
          """)
    ])
    let variants = fixture.variants(["specs/demo/patches/leak.yaml"])
    XCTAssertEqual(variants[1].model.properties.first { $0.name == "lock_discipline" }?.expect, .violated)
  }

  func testAnAddedPropertyKeepsItsOwnExpectationOverTheImplicitOne() throws {
    let fixture = PatchFixture([
      "specs/demo/patches/scoped.yaml": PatchFixture.patch(
        name: "scoped",
        edits: """
            - add_properties:
                - {name: assertions, check: assertions, expect: violated}
          """)
    ])
    let variants = fixture.variants(["specs/demo/patches/scoped.yaml"])
    XCTAssertEqual(variants[1].model.properties.first { $0.name == "assertions" }?.expect, .violated)
  }

  func testPatchNameDefaultsToTheFileName() {
    let variants = fixture.variants(["specs/demo/patches/third.yaml"])
    XCTAssertTrue(variants.contains { $0.name == "demo/base+third" })
  }

  func testSpecNameDefaultsToThePathBelowSpecs() {
    let fixture = PatchFixture([
      "specs/demo/unnamed.yaml": PatchFixture.base.replacingOccurrences(of: "spec: demo/base\n", with: ""),
      "specs/demo/patches/p.yaml": PatchFixture.patch(
        edits: "  - remove: first_ub\n", variants: "  - base: ../unnamed.yaml\n"),
    ])
    XCTAssertEqual(
      fixture.variants(["specs/demo/patches/p.yaml"]).map(\.name), ["demo/unnamed", "demo/unnamed+p"])
  }

  func testOnePatchOnSeveralBases() {
    let fixture = PatchFixture([
      "specs/demo/other.yaml": PatchFixture.base.replacingOccurrences(of: "demo/base", with: "demo/other"),
      "specs/demo/patches/p.yaml": PatchFixture.patch(
        edits: "  - remove: first_ub\n",
        variants: "  - base: ../base.yaml\n  - base: ../other.yaml\n"),
    ])
    XCTAssertEqual(
      fixture.variants(["specs/demo/base.yaml", "specs/demo/other.yaml", "specs/demo/patches/p.yaml"]).map(\.name),
      ["demo/base", "demo/base+p", "demo/other", "demo/other+p"])
  }

  func testOneProposalAgainstOneBase() throws {
    let variants = try VariantLoader.load(
      base: "specs/demo/base.yaml", patch: "specs/demo/patches/third.yaml", read: { self.fixture.files[$0] })
    XCTAssertEqual(
      variants.map(\.name), ["demo/base", "demo/base+lock-order", "demo/base+lock-order+third", "demo/base+third"])
  }

  func testAProposalWithoutAVariantOnTheBaseAppliesWithTheBasesExpectations() throws {
    var files = fixture.files
    files["specs/demo/copy.yaml"] = PatchFixture.base.replacingOccurrences(of: "demo/base", with: "demo/copy")
    let variants = try VariantLoader.load(
      base: "specs/demo/copy.yaml", patch: "specs/demo/patches/lock-order.yaml", read: { files[$0] })
    XCTAssertEqual(variants.map(\.name), ["demo/copy", "demo/copy+lock-order"])
    XCTAssertEqual(variants[1].model.properties.first { $0.name == "deadlock_free" }?.expect, .violated)
  }

  func testPatchTitleAndSpecTitle() {
    let fixture = PatchFixture([
      "specs/demo/patches/p.yaml": "title: Drop the second unlock\n"
        + PatchFixture.patch(edits: "  - remove: first_ub\n")
    ])
    let variants = fixture.variants(["specs/demo/patches/p.yaml"])
    XCTAssertEqual(variants.map(\.title), [nil, "Drop the second unlock"])
  }

  func testSpecPathArithmetic() {
    XCTAssertEqual(SpecPath.normalize("specs/./a/../b.yaml"), "specs/b.yaml")
    XCTAssertEqual(SpecPath.normalize("../x//y.yaml"), "../x/y.yaml")
    XCTAssertEqual(SpecPath.normalize("/a/../../b"), "/b")
    XCTAssertEqual(SpecPath.resolve("../v4.13.yaml", from: "specs/mm-exit/patches/p.yaml"), "specs/mm-exit/v4.13.yaml")
    XCTAssertEqual(SpecPath.resolve("../x.yaml", from: "p.yaml"), "../x.yaml")
    XCTAssertEqual(SpecPath.resolve("/abs/x.yaml", from: "specs/p.yaml"), "/abs/x.yaml")
    XCTAssertEqual(SpecPath.fileStem("specs/x/patches/drop-ksm-trick.yaml"), "drop-ksm-trick")
    XCTAssertEqual(SpecPath.defaultSpecName("specs/mm-exit/v4.13.yaml"), "mm-exit/v4.13")
    XCTAssertEqual(SpecPath.defaultSpecName("elsewhere/x.yml"), "x")
  }
}
