import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// Loads the variants named on the command line (specs, and patches applied to their bases)
/// through `VariantLoader`, printing every diagnostic of every file before failing with exit
/// status 2. Before it fails, `onFailure` gets every located problem (for SARIF and JUnit).
enum ModelLoading {
  /// What a caller does with the problems of a load that fails, before the exit.
  typealias FailureHandler = ([SpecProblem]) -> Void

  /// Every spec and every patched variant under `paths` (files or folders).
  static func loadAll(
    _ paths: [String], parameters: [ParameterSetting] = [], onFailure: FailureHandler = { _ in }
  ) throws -> [Variant] {
    let variants = try loadYAML(paths, parameters: parameters, onFailure: onFailure)
    try ParameterSetting.checkUsed(parameters, by: variants)
    if variants.isEmpty {
      Terminal.error("error: no spec files (*.yaml) under \(paths.joined(separator: ", "))")
      throw ExitCode(2)
    }
    return variants
  }

  /// The variants of the YAML files under `paths`, maybe none, without checking that the
  /// `--param` settings are used: for a caller that adds variants of its own (the diffs found
  /// beside the specs) before it checks those.
  static func loadYAML(
    _ paths: [String], parameters: [ParameterSetting], onFailure: FailureHandler
  ) throws -> [Variant] {
    let entries = try SpecFiles.discoverOrExit(paths, onFailure: onFailure)
    var files: [(path: String, text: String)] = []
    var unread: [SpecProblem] = []
    for entry in entries {
      switch SpecFiles.read(entry.path) {
      case .failure(let failure):
        Terminal.error(failure.report(for: entry.path))
        unread.append(failure.problem(for: entry.path))
      case .success(let text):
        files.append((entry.path, text))
      }
    }
    let variants = try report(unread: unread, onFailure: onFailure) { () throws(SpecLoadError) in
      try VariantLoader.load(files: files, read: SpecFiles.text, parameters: ParameterSetting.values(parameters))
    }
    if !unread.isEmpty {
      onFailure(unread)
      throw ExitCode(2)
    }
    return variants
  }

  /// The one variant `spec` (a spec or a patch file) defines, or the one named `variant` among
  /// those it gives: what `simulate`, `export` and `graph` work on. Exit 2, naming the variants, when
  /// that is not one.
  static func loadChosen(
    _ spec: String, variant: String?, parameters: [ParameterSetting], command: String
  ) throws -> Variant {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: spec, isDirectory: &isDirectory), isDirectory.boolValue {
      Terminal.error("error: \(spec): \(command) takes one spec or patch file, not a folder")
      throw ExitCode(2)
    }
    let variants = try loadAll([spec], parameters: parameters)
    if let variant {
      if let named = variants.first(where: { $0.name == variant }) { return named }
      Terminal.error(
        "error: \(spec): no variant '\(variant)'; the variants are: \(variants.map(\.name).joined(separator: ", "))")
      throw ExitCode(2)
    }
    let defined = variants.filter { $0.file == spec }
    if defined.count == 1 { return defined[0] }
    Terminal.error(
      "error: \(spec): defines \(defined.count) variants; choose one with --variant NAME: "
        + defined.map(\.name).joined(separator: ", "))
    throw ExitCode(2)
  }

  /// `base` as written and `patch` applied to it (`lockspec check BASE --patch FILE`).
  static func load(
    base: String, patch: String, parameters: [ParameterSetting] = [], onFailure: FailureHandler = { _ in }
  ) throws -> [Variant] {
    for path in [base, patch] {
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
    let variants = try report(onFailure: onFailure) { () throws(SpecLoadError) in
      try VariantLoader.load(
        base: base, patch: patch, read: SpecFiles.text, parameters: ParameterSetting.values(parameters))
    }
    try ParameterSetting.checkUsed(parameters, by: variants)
    return variants
  }

  /// Runs `load`, printing its diagnostics and exiting with status 2 when it fails (after
  /// handing `onFailure` the files that could not be read and the diagnostics).
  private static func report(
    unread: [SpecProblem] = [], onFailure: FailureHandler, _ load: () throws(SpecLoadError) -> [Variant]
  ) throws -> [Variant] {
    do {
      return try load()
    } catch {
      for diagnostic in error.diagnostics { Terminal.error(diagnostic.description) }
      onFailure(unread + error.diagnostics.map(\.problem))
      throw ExitCode(2)
    }
  }
}

extension SpecFiles {
  /// The spec files under `paths`; exits 2 naming a path that does not exist.
  static func discoverOrExit(_ paths: [String], onFailure: ModelLoading.FailureHandler = { _ in }) throws -> [Entry] {
    do {
      return try discover(paths)
    } catch let missing as Missing {
      Terminal.error("error: \(missing.path): no such file or folder")
      onFailure([SpecProblem(position: SpecPosition(path: missing.path), message: "no such file or folder")])
      throw ExitCode(2)
    }
  }
}

extension SpecFiles.ReadFailure {
  /// The failure as a report problem at its place in the file (`path:1:1` when unreadable).
  func problem(for path: String) -> SpecProblem {
    switch self {
    case .unreadable: return SpecProblem(position: SpecPosition(path: path), message: message)
    case .invalid(let diagnostic): return diagnostic.problem
    }
  }
}
