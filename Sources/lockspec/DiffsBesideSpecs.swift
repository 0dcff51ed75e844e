import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// The diffs and mails `lockspec check PATH...` finds beside the specs (`DiffFiles`), each
/// mapped onto the specs of its family as `check BASE... --patch FILE` does: their variants,
/// checked without expectations (a diff has none), and their mapping reports.
struct DiffsBesideSpecs {
  /// One mapping per diff, in the order found.
  var checks: [DiffPatchCheck]
  /// The diffs' variants, and the bases not among the variants already loaded.
  var variants: [Variant]

  /// Maps every diff of `found` onto its bases, next to the variants `loaded` from the YAML
  /// files. Exits 2 after every diff has been read when one has no base, does not parse, applies
  /// to none of its bases, or names a variant that exists already (`onFailure` gets the problems,
  /// located, first).
  static func load(
    _ found: [DiffFiles.Found], besides loaded: [Variant], parameters: [ParameterSetting],
    onFailure: ModelLoading.FailureHandler
  ) throws -> DiffsBesideSpecs {
    var checks: [DiffPatchCheck] = []
    var variants: [Variant] = []
    var problems: [SpecProblem] = []
    var failed = false
    // Variant name -> the file that defines it, to refuse a diff variant named like another.
    var definedIn: [String: String] = [:]
    for variant in loaded { definedIn[variant.name] = variant.file }
    func fail(_ path: String, _ message: String) {
      Terminal.error("\(path):1:1: error: \(message)")
      problems.append(SpecProblem(position: SpecPosition(path: path), message: message))
      failed = true
    }
    for diff in found {
      guard !diff.bases.isEmpty else {
        fail(
          diff.path,
          "no spec to check this diff against in \(folderName(DiffFiles.familyFolder(of: diff.path))): "
            + "put it in the patches/ folder of a spec family (specs/FAMILY/patches/) or beside the specs it is for")
        continue
      }
      let check: DiffPatchCheck
      do {
        check = try DiffPatchCheck.load(
          bases: diff.bases, patch: diff.path, emitOverlay: nil, parameters: parameters,
          onFailure: { problems += $0 })
      } catch is ExitCode {
        failed = true
        continue
      }
      for variant in check.variants {
        if variant.patchPath == nil {
          // A base as written: checked once, whichever file brought it.
          if definedIn[variant.name] == nil {
            definedIn[variant.name] = variant.file
            variants.append(variant)
          }
        } else if let other = definedIn[variant.name] {
          fail(
            diff.path,
            "this diff's variant \(variant.name) has the name of a variant of \(other): rename one of the files")
        } else {
          definedIn[variant.name] = diff.path
          variants.append(withoutExpectations(variant))
        }
      }
      checks.append(check)
    }
    if failed {
      onFailure(problems)
      throw ExitCode(2)
    }
    return DiffsBesideSpecs(checks: checks, variants: variants)
  }

  /// `variant` with no property expecting a verdict: a diff cannot say which verdicts it means to
  /// change, so its verdict changes are reported (against the base) and are never a mismatch.
  static func withoutExpectations(_ variant: Variant) -> Variant {
    var variant = variant
    for index in variant.model.properties.indices { variant.model.properties[index].expect = nil }
    return variant
  }

  private static func folderName(_ folder: String) -> String {
    folder.isEmpty ? "the current folder" : folder
  }

  /// What each diff's lines became, one diff after the other (text before the check's output).
  var text: String { checks.map(\.text).joined() }

  /// The same as Markdown sections, after the report.
  var markdown: String { checks.map(\.markdown).joined() }

  /// The check's JSON object with `diffs` added: per diff, the fields `check --patch DIFF` adds
  /// (`patch`, `mapping`, `quotes`, `not_applied`).
  func json(report: CheckReport) throws -> String {
    try JSONReport.encode(DiffsBesideSpecsJSON(checks: checks, report: report))
  }
}

/// The JSON document of `check PATH...` when diffs were found: the check report's fields and
/// `diffs`, one `DiffMappingJSON` object per diff.
struct DiffsBesideSpecsJSON: Encodable {
  let checks: [DiffPatchCheck]
  let report: CheckReport

  enum Keys: String, CodingKey { case diffs }

  func encode(to encoder: any Encoder) throws {
    try report.encode(to: encoder)
    var c = encoder.container(keyedBy: Keys.self)
    try c.encode(checks.map(DiffMappingJSON.init), forKey: .diffs)
  }
}
