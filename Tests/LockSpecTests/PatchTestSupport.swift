import LockCheck
import XCTest

@testable import LockSpec

/// An in-memory folder of spec and patch files for `VariantLoader`.
struct PatchFixture {
  var files: [String: String]

  init(_ files: [String: String] = [:]) {
    self.files = files
    if self.files[PatchFixture.basePath] == nil { self.files[PatchFixture.basePath] = PatchFixture.base }
  }

  /// Loads the variants of the files named `given` (others are read on demand).
  func variants(_ given: [String], file: StaticString = #filePath, line: UInt = #line) -> [Variant] {
    do {
      return try VariantLoader.load(files: given.map { ($0, files[$0] ?? "") }, read: { files[$0] })
    } catch {
      XCTFail("unexpected diagnostics:\n\(error)", file: file, line: line)
      return []
    }
  }

  /// The diagnostics of loading `given`, as printed (empty when it loads).
  func diagnostics(_ given: [String]) -> [String] {
    do {
      _ = try VariantLoader.load(files: given.map { ($0, files[$0] ?? "") }, read: { files[$0] })
      return []
    } catch {
      return error.diagnostics.map(\.description)
    }
  }

  static let basePath = "specs/demo/base.yaml"

  /// Two threads taking two mutexes in opposite orders, with labelled steps nested in an `if`,
  /// an `atomic` group and a procedure (`loop` and `choose`).
  static let base = """
    spec: demo/base
    state:
      a: {type: mutex}
      b: {type: mutex}
      n: {type: counter, max: 3}
    procedures:
      bump:
        steps:
          - label: bump_loop
            loop:
              max: 2
              steps:
                - choose:
                    - [{label: bump_inc, inc: n}]
                    - [{label: bump_skip, code: "skip();"}, break]
    threads:
      first:
        steps:
          - {label: first_a, lock: a}
          - {label: first_b, lock: b}
          - {label: first_ub, unlock: b}
          - {label: first_ua, unlock: a}
      second:
        locals:
          x: {type: bool}
        steps:
          - {label: second_b, lock: b}
          - {label: second_a, lock: a}
          - label: second_if
            if: "x"
            then:
              - {label: second_then, code: "then();"}
            else:
              - {label: second_else, code: "else();"}
          - label: second_atomic
            atomic:
              - {inc: n}
              - {dec: n}
          - {label: second_ua, unlock: a}
          - {label: second_ub, unlock: b}
          - {label: second_call, call: bump}
    properties:
      - {name: deadlock_free, check: deadlock_free, expect: violated}
      - {name: second_runs, check: reachable, condition: "second@second_a"}

    """

  /// A patch file on the base with the given edits (YAML list items, indented by 2) and
  /// variant lines (indented by 2).
  static func patch(
    name: String? = "p", edits: String, variants: String = "  - base: ../base.yaml\n"
  ) -> String {
    var text = name.map { "patch: \($0)\n" } ?? "patch:\n"
    text += "edits:\n\(edits)"
    if !edits.hasSuffix("\n") { text += "\n" }
    text += "variants:\n\(variants)"
    return text
  }
}

/// The structure of a document's code: per thread and procedure, each step as its label (or
/// its action's name), with nested step lists in brackets (`if[then | else]`).
func outline(_ document: SpecDocument) -> [String] {
  func text(_ step: Step) -> String {
    var name = step.label?.value ?? ""
    if name.isEmpty {
      switch step.action {
      case .ifThen: name = "if"
      case .loop: name = "loop"
      case .choose: name = "choose"
      case .atomic: name = "atomic"
      case .breakLoop: name = "break"
      case .operation(let operation, _, _): name = operation.rawValue
      case .assign: name = "assign"
      default: name = "step"
      }
    }
    let nested = SymbolTable.nestedStepLists(step)
    if nested.isEmpty { return name }
    return name + "[" + nested.map { $0.map(text).joined(separator: " ") }.joined(separator: " | ") + "]"
  }
  return document.procedures.map { "\($0.name): " + $0.steps.map(text).joined(separator: " ") }
    + document.threads.map { "\($0.name): " + $0.steps.map(text).joined(separator: " ") }
}

/// The base document with the patch at `patchPath` (from `fixture`) applied, through the same
/// parser and applier `VariantLoader` uses; fails the test on any diagnostic.
func applied(
  _ patchText: String, patchPath: String = "specs/demo/patches/p.yaml", file: StaticString = #filePath,
  line: UInt = #line
) -> SpecDocument? {
  var log = DiagnosticLog()
  guard case .spec(let base) = SourceFile.parse(text: PatchFixture.base, path: PatchFixture.basePath, log: &log),
    case .patch(let patch) = SourceFile.parse(text: patchText, path: patchPath, log: &log)
  else {
    XCTFail("does not parse:\n\(log.sorted.map(\.description).joined(separator: "\n"))", file: file, line: line)
    return nil
  }
  var applier = PatchApplier(document: base, baseName: "demo/base")
  applier.apply(patch.edits)
  if applier.log.hasErrors {
    XCTFail("does not apply:\n\(applier.log.sorted.map(\.description).joined(separator: "\n"))", file: file, line: line)
    return nil
  }
  do {
    _ = try SpecLoader.lower(applier.document, defaultName: "x")
  } catch {
    XCTFail("does not lower:\n\(error)", file: file, line: line)
  }
  return applier.document
}
