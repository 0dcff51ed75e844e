import ArgumentParser
import LockSpec

/// Loads the variants named on the command line (specs, and patches applied to their bases)
/// through `VariantLoader`, printing every diagnostic of every file before failing with exit
/// status 2.
enum ModelLoading {
  /// A variant to check and the files it came from.
  struct Loaded {
    /// The base spec file (for a patched variant too, as `path` always was).
    var path: String
    /// The file the variant is defined in: the patch applied last, else the spec.
    var file: String
    /// The patch applied last, as given (nil for a spec as written).
    var patch: String?
    /// The variant it derives from.
    var parent: String?
    var model: ModelIR

    init(_ variant: Variant) {
      path = variant.specPath
      file = variant.patchPath ?? variant.specPath
      patch = variant.patchPath
      parent = variant.parent
      model = variant.model
    }
  }

  /// Every spec and every patched variant under `paths` (files or folders).
  static func loadAll(_ paths: [String], parameters: [ParameterSetting] = []) throws -> [Loaded] {
    let entries: [SpecFiles.Entry]
    do {
      entries = try SpecFiles.discover(paths)
    } catch let missing as SpecFiles.Missing {
      Terminal.error("error: \(missing.path): no such file or folder")
      throw ExitCode(2)
    }
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
    return variants.map(Loaded.init)
  }

  /// `base` as written and `patch` applied to it (`lockspec check BASE --patch FILE`).
  static func load(base: String, patch: String, parameters: [ParameterSetting] = []) throws -> [Loaded] {
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
    return variants.map(Loaded.init)
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
