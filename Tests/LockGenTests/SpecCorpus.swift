import Foundation
import LockSpec

/// The specs under the package's `specs/` folder, loaded the way `lockspec generate` loads them:
/// every `*.yaml` file in sorted path order through `VariantLoader`, paths relative to the
/// package root.
enum SpecCorpus {
  /// The package root (three levels above this file).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

  /// Every variant under `specs/` (specs as written and patched variants), or the load error.
  static let variants: Result<[Variant], SpecLoadError> = {
    let fm = FileManager.default
    var files: [(path: String, text: String)] = []
    let specs = root + "/specs"
    let found = (fm.enumerator(atPath: specs)?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    for relative in found {
      let path = "specs/" + relative
      if let text = read(path) { files.append((path, text)) }
    }
    return Result { () throws(SpecLoadError) in try VariantLoader.load(files: files, read: read) }
  }()

  /// The text of `path` (relative to the package root, or absolute).
  static func read(_ path: String) -> String? {
    let full = path.hasPrefix("/") ? path : root + "/" + path
    return FileManager.default.contents(atPath: full).flatMap { String(data: $0, encoding: .utf8) }
  }
}
