import ArgumentParser
import LockSpec

/// Loads the variants named on the command line (specs, and patches applied to their bases)
/// through `VariantLoader`, printing every diagnostic of every file before failing with exit
/// status 2.
enum ModelLoading {
  /// Every spec and every patched variant under `paths` (files or folders).
  static func loadAll(_ paths: [String], parameters: [ParameterSetting] = []) throws -> [Variant] {
    let entries = try SpecFiles.discoverOrExit(paths)
    var files: [(path: String, text: String)] = []
    var failed = false
    for entry in entries {
      switch SpecFiles.read(entry.path) {
      case .failure(let failure):
        Terminal.error(failure.report(for: entry.path))
        failed = true
      case .success(let text):
        files.append((entry.path, text))
      }
    }
    let variants = try report { () throws(SpecLoadError) in
      try VariantLoader.load(files: files, read: SpecFiles.text, parameters: ParameterSetting.values(parameters))
    }
    try ParameterSetting.checkUsed(parameters, by: variants)
    if failed { throw ExitCode(2) }
    if variants.isEmpty {
      Terminal.error("error: no spec files (*.yaml) under \(paths.joined(separator: ", "))")
      throw ExitCode(2)
    }
    return variants
  }

  /// `base` as written and `patch` applied to it (`lockspec check BASE --patch FILE`).
  static func load(base: String, patch: String, parameters: [ParameterSetting] = []) throws -> [Variant] {
    for path in [base, patch] {
      if case .failure(let failure) = SpecFiles.read(path) {
        let message = SpecFiles.exists(path) ? failure.report(for: path) : "error: \(path): no such file"
        Terminal.error(message)
        throw ExitCode(2)
      }
    }
    let variants = try report { () throws(SpecLoadError) in
      try VariantLoader.load(
        base: base, patch: patch, read: SpecFiles.text, parameters: ParameterSetting.values(parameters))
    }
    try ParameterSetting.checkUsed(parameters, by: variants)
    return variants
  }

  /// Runs `load`, printing its diagnostics and exiting with status 2 when it fails.
  private static func report(_ load: () throws(SpecLoadError) -> [Variant]) throws -> [Variant] {
    do {
      return try load()
    } catch {
      for diagnostic in error.diagnostics { Terminal.error(diagnostic.description) }
      throw ExitCode(2)
    }
  }
}

extension SpecFiles {
  /// The spec files under `paths`; exits 2 naming a path that does not exist.
  static func discoverOrExit(_ paths: [String]) throws -> [Entry] {
    do {
      return try discover(paths)
    } catch let missing as Missing {
      Terminal.error("error: \(missing.path): no such file or folder")
      throw ExitCode(2)
    }
  }
}
