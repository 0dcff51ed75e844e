import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// `lockspec check BASE... --patch FILE` where FILE is a unified diff, a mail or an mbox: maps
/// its hunks onto each base (docs/patch-check.md), prints what each line became, writes the
/// overlay on request, and hands the variants to `check`.
struct DiffPatchCheck {
  /// The mapping onto one base.
  struct BaseMapping {
    var base: String
    var variant: String
    var mapping: PatchMapping
  }

  var patch: String
  var patches: [ExtractedPatch]
  /// Quotes of those patches in replies, not mapped again.
  var quotes: [ExtractedPatch]
  var mappings: [BaseMapping]
  /// The bases the diff does not apply to, with the errors that say why.
  var notApplied: [NotApplied]
  var variants: [Variant]

  /// A base the diff does not apply to.
  struct NotApplied {
    var base: String
    var errors: [String]
  }

  /// Reads FILE and the bases, maps, writes the overlay to `emitOverlay` (never over an existing
  /// file), and loads the variants. Exits 2 with every error when a file cannot be read, a base
  /// has errors, or the diff applies to no base (`onFailure` gets them first, located); a base it
  /// does not apply to is left out, with the errors that say why. The caller checks that every
  /// `--param` is used (`ParameterSetting.checkUsed`), over all the variants it checks.
  static func load(
    bases: [String], patch: String, emitOverlay: String?, parameters: [ParameterSetting],
    onFailure: ModelLoading.FailureHandler = { _ in }
  ) throws -> DiffPatchCheck {
    for path in [patch] + bases {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        Terminal.error(
          "error: \(path) is a folder: lockspec check BASE... --patch FILE takes spec files and one patch file")
        throw ExitCode(2)
      }
      if case .failure(let failure) = SpecFiles.read(path) {
        let exists = SpecFiles.exists(path)
        Terminal.error(exists ? failure.report(for: path) : "error: \(path): no such file")
        onFailure(
          [
            exists
              ? failure.problem(for: path) : SpecProblem(position: SpecPosition(path: path), message: "no such file")
          ])
        throw ExitCode(2)
      }
    }
    let text = SpecFiles.text(patch) ?? ""
    let contents = try reporting(onFailure) { () throws(SpecLoadError) in
      try DiffPatchTranslator.contents(of: text, path: patch)
    }
    let patches = contents.patches
    var mappings: [BaseMapping] = []
    var notApplied: [(base: String, diagnostics: [Diagnostic])] = []
    var broken: [Diagnostic] = []
    for base in bases {
      do {
        let mapping = try DiffPatchTranslator.map(patches, baseText: SpecFiles.text(base) ?? "", basePath: base)
        mappings.append(BaseMapping(base: base, variant: "", mapping: mapping))
      } catch {
        // Errors in the base itself are bad input; errors in FILE say the diff does not apply there.
        if error.diagnostics.contains(where: { $0.location.path != patch }) {
          broken += error.diagnostics
        } else {
          notApplied.append((base, error.diagnostics))
        }
      }
    }
    if !broken.isEmpty || mappings.isEmpty {
      let diagnostics = broken + notApplied.flatMap(\.diagnostics)
      for diagnostic in diagnostics { Terminal.error(diagnostic.description) }
      onFailure(diagnostics.map(\.problem))
      throw ExitCode(2)
    }
    // With several bases, the diff is checked where it applies; where it does not, why is said.
    for skipped in notApplied {
      Terminal.error("lockspec: the diff does not apply to \(skipped.base), which is not checked:")
      for diagnostic in skipped.diagnostics { Terminal.error(diagnostic.description) }
    }
    let name = OverlayWriter.patchName(forFile: patch)
    let writer = OverlayWriter(name: name, source: patch, subject: patches.first?.subject)
    if let emitOverlay { try write(writer, mappings, to: emitOverlay) }

    var variants: [Variant] = []
    for (position, base) in mappings.enumerated() {
      // The overlay is checked from memory, as if it were next to FILE.
      let overlayPath = SpecPath.resolve("\(name).overlay-\(position + 1).yaml", from: patch)
      let overlay = writer.text(
        edits: base.mapping.edits, bases: [relative(base.base, fromFolder: SpecPath.folder(of: overlayPath))])
      let read = { (path: String) -> String? in path == overlayPath ? overlay : SpecFiles.text(path) }
      let loaded = try reporting(onFailure) { () throws(SpecLoadError) in
        try VariantLoader.load(
          base: base.base, patch: overlayPath, read: read, parameters: ParameterSetting.values(parameters))
      }
      for var variant in loaded where !variants.contains(where: { $0.name == variant.name }) {
        if variant.patchPath != nil {
          variant.patchPath = patch
          variant.patches = [patch]
          // Defined by FILE, where its first patch begins (the overlay is only in memory).
          variant.origin = patches.first?.location ?? SourceLocation(path: patch, line: 1, column: 1)
          mappings[position].variant = variant.name
        }
        variants.append(variant)
      }
    }
    return DiffPatchCheck(
      patch: patch, patches: patches, quotes: contents.quotes, mappings: mappings,
      notApplied: notApplied.map { NotApplied(base: $0.base, errors: $0.diagnostics.map(\.description)) },
      variants: variants)
  }

  /// Writes the overlay for every base to `path`; refuses an existing file, and bases the diff
  /// maps differently onto (their edits name different steps: write one base at a time).
  private static func write(_ writer: OverlayWriter, _ mappings: [BaseMapping], to path: String) throws {
    if FileManager.default.fileExists(atPath: path) {
      Terminal.error("error: \(path) exists; --emit-overlay never overwrites a file: remove it or choose another path")
      throw ExitCode(2)
    }
    guard let first = mappings.first else { return }
    if mappings.contains(where: { $0.mapping.edits != first.mapping.edits }) {
      Terminal.error(
        "error: the diff becomes different edits on \(mappings.map(\.base).joined(separator: " and ")); "
          + "--emit-overlay writes one overlay: give one base at a time")
      throw ExitCode(2)
    }
    let folder = SpecPath.folder(of: path)
    let text = writer.text(edits: first.mapping.edits, bases: mappings.map { relative($0.base, fromFolder: folder) })
    do {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
      Terminal.error("error: cannot write \(path): \(error.localizedDescription)")
      throw ExitCode(2)
    }
    Terminal.error("lockspec: wrote the overlay to \(path)")
  }

  /// `path` relative to `folder`, through absolute paths when one of them is absolute.
  private static func relative(_ path: String, fromFolder folder: String) -> String {
    if path.hasPrefix("/") == folder.hasPrefix("/") { return OverlayWriter.relativePath(path, fromFolder: folder) }
    let cwd = FileManager.default.currentDirectoryPath
    let absolute = { (p: String) in p.hasPrefix("/") ? p : cwd + "/" + p }
    return OverlayWriter.relativePath(absolute(path), fromFolder: absolute(folder))
  }

  private static func reporting<T>(
    _ onFailure: ModelLoading.FailureHandler, _ body: () throws(SpecLoadError) -> T
  ) throws -> T {
    do {
      return try body()
    } catch {
      for diagnostic in error.diagnostics { Terminal.error(diagnostic.description) }
      onFailure(error.diagnostics.map(\.problem))
      throw ExitCode(2)
    }
  }
}
