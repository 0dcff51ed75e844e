import Foundation
import LockCheck
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

  /// The file's text, or why there is none: it cannot be read, it is larger than
  /// `SpecLoader.maxFileBytes` (checked from its size before reading, and by reading at most one
  /// byte more than the limit, so `/dev/zero` or a growing file can neither hang the run nor
  /// exhaust memory), or it is not UTF-8 (the first invalid byte located as
  /// `SpecLoader.text(ofUTF8:path:)` does).
  static func read(_ path: String) -> Result<String, ReadFailure> {
    let limit = SpecLoader.maxFileBytes
    if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
      return .failure(.invalid(SpecLoader.tooLarge(bytes: size, path: path)))
    }
    guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(.unreadable) }
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.read(upToCount: limit + 1) ?? Data()
    } catch {
      return .failure(.unreadable)
    }
    if data.count > limit { return .failure(.invalid(SpecLoader.tooLarge(bytes: nil, path: path))) }
    do {
      return .success(try SpecLoader.text(ofUTF8: data, path: path))
    } catch {
      guard let diagnostic = error.diagnostics.first else { return .failure(.unreadable) }
      return .failure(.invalid(diagnostic))
    }
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
    /// Too large, or not UTF-8: the located error.
    case invalid(Diagnostic)

    /// The error as a `file:line:column: error: message` line.
    func report(for path: String) -> String {
      switch self {
      case .unreadable: return "\(path):1:1: error: \(message)"
      case .invalid(let diagnostic): return diagnostic.description
      }
    }

    /// The message, for a caller that prints it at `path:1:1`: a position other than 1:1 is
    /// named in the message.
    var message: String {
      switch self {
      case .unreadable: return "cannot read the file"
      case .invalid(let diagnostic):
        let at = diagnostic.location
        if at.line == 1 && at.column == 1 { return DisplayText.escaped(diagnostic.message) }
        return DisplayText.escaped(diagnostic.message) + " at line \(at.line), column \(at.column)"
      }
    }
  }
}
