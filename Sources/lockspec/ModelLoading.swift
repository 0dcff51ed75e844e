import ArgumentParser
import LockSpec

/// Loads the models named on the command line, printing every diagnostic of every file before
/// failing with exit status 2.
enum ModelLoading {
  /// A model and the file it came from.
  struct Loaded {
    var path: String
    var patch: String?
    var model: ModelIR
  }

  static func loadAll(_ paths: [String]) throws -> [Loaded] {
    let entries: [SpecFiles.Entry]
    do {
      entries = try SpecFiles.discover(paths)
    } catch let missing as SpecFiles.Missing {
      Terminal.error("error: \(missing.path): no such file or folder")
      throw ExitCode(2)
    }
    var loaded: [Loaded] = []
    var failed = false
    for entry in entries {
      switch SpecFiles.read(entry.path) {
      case .failure(let failure):
        Terminal.error("\(entry.path):1:1: error: \(failure.message)")
        failed = true
      case .success(let text):
        do {
          let model = try SpecLoader.load(text: text, path: entry.path, defaultName: entry.defaultName)
          loaded.append(Loaded(path: entry.path, patch: nil, model: model))
        } catch let error as SpecLoadError {
          for diagnostic in error.diagnostics { Terminal.error(diagnostic.description) }
          failed = true
        }
      }
    }
    if failed { throw ExitCode(2) }
    if loaded.isEmpty {
      Terminal.error("error: no spec files (*.yaml) under \(paths.joined(separator: ", "))")
      throw ExitCode(2)
    }
    return loaded
  }
}
