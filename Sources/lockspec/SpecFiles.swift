import Foundation
import LockSpec

/// Finds spec and patch files on disk and reads them: folders are searched recursively for
/// `*.yaml` files, in sorted path order so every run checks them in the same order.
struct SpecFiles {
  /// One spec file as the user named it (directly or through a folder).
  struct Entry: Equatable {
    /// The path as given (a folder argument joined with the file's relative path).
    var path: String
    /// The variant name used when the spec has no `spec:` key.
    var defaultName: String
  }

  /// A path that does not exist or is neither a file nor a folder.
  struct Missing: Error {
    var path: String
  }

  /// The spec files under `paths`, in order: each argument in turn, files inside folders sorted.
  static func discover(_ paths: [String]) throws -> [Entry] {
    var entries: [Entry] = []
    let fm = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw Missing(path: path) }
      if isDirectory.boolValue {
        var found: [String] = []
        if let enumerator = fm.enumerator(atPath: path) {
          for case let relative as String in enumerator where relative.hasSuffix(".yaml") || relative.hasSuffix(".yml")
          {
            found.append(relative)
          }
        }
        for relative in found.sorted() {
          let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
          entries.append(Entry(path: full, defaultName: defaultName(for: full)))
        }
      } else {
        entries.append(Entry(path: path, defaultName: defaultName(for: path)))
      }
    }
    return entries
  }

  /// The variant name of a file without a `spec:` key (`specs/mm-exit/v4.13.yaml` is
  /// `mm-exit/v4.13`); the rule lives in LockSpec so patched bases are named the same way.
  static func defaultName(for path: String) -> String {
    SpecPath.defaultSpecName(path)
  }

  /// The file's text, or nil when it cannot be read or is not UTF-8.
  static func read(_ path: String) -> Result<String, ReadFailure> {
    guard let data = FileManager.default.contents(atPath: path) else { return .failure(.unreadable) }
    guard let text = String(data: data, encoding: .utf8) else { return .failure(.notUTF8) }
    return .success(text)
  }

  /// The file's text, or nil: what `VariantLoader` uses to read the bases and stacked patches
  /// that patches name.
  static func text(_ path: String) -> String? {
    try? read(path).get()
  }

  /// Whether something exists at `path`.
  static func exists(_ path: String) -> Bool {
    FileManager.default.fileExists(atPath: path)
  }

  /// Why a file's text could not be had.
  enum ReadFailure: Error {
    case unreadable
    case notUTF8

    var message: String {
      switch self {
      case .unreadable: return "cannot read the file"
      case .notUTF8: return "the file is not valid UTF-8 text"
      }
    }
  }
}
