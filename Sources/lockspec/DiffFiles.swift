import Foundation
import LockSpec

/// Finds the unified diffs and mails (`*.patch`, `*.diff`, `*.mbox`, `*.eml`) under the paths
/// `check` walks, and the base specs each is checked against (docs/patch-check.md).
enum DiffFiles {
  /// A diff or mail found, with the spec files it is to be mapped onto.
  struct Found: Equatable {
    /// The path as found (a folder argument joined with the file's relative path).
    var path: String
    /// The `*.yaml` specs (not overlays) of its family, sorted: those of the folder above a
    /// `patches/` folder holding it, else those of its own folder.
    var bases: [String]
  }

  /// The file name endings read as a diff, a mail or an mbox.
  static let suffixes = [".patch", ".diff", ".mbox", ".eml"]

  /// Whether `path` names a diff, a mail or an mbox.
  static func isDiff(_ path: String) -> Bool {
    suffixes.contains { path.hasSuffix($0) }
  }

  /// The diffs under `paths`: each argument in turn (a file named directly, or the files of a
  /// folder searched recursively, sorted), each path once.
  static func discover(_ paths: [String]) -> [Found] {
    var found: [String] = []
    let fm = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      if isDirectory.boolValue {
        var relatives: [String] = []
        if let enumerator = fm.enumerator(atPath: path) {
          for case let relative as String in enumerator where isDiff(relative) { relatives.append(relative) }
        }
        for relative in relatives.sorted() {
          let full = path.hasSuffix("/") ? path + relative : path + "/" + relative
          if isFile(full) && !found.contains(full) { found.append(full) }
        }
      } else if isDiff(path) && !found.contains(path) {
        found.append(path)
      }
    }
    return found.map { Found(path: $0, bases: bases(of: $0)) }
  }

  /// The folder whose specs a diff at `path` is checked against: the parent of a `patches/`
  /// folder (`specs/mm-exit/patches/fix.patch` is for `specs/mm-exit`), else its own folder.
  /// Empty for the current directory.
  static func familyFolder(of path: String) -> String {
    var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    parts.removeLast()
    if parts.last == "patches" { parts.removeLast() }
    if parts.count == 1 && parts[0].isEmpty { return "/" }
    return parts.joined(separator: "/")
  }

  /// The spec files of the family of the diff at `path`, sorted; YAML overlays are left out.
  static func bases(of path: String) -> [String] {
    let folder = familyFolder(of: path)
    let listed = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
    let yaml = listed.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    return yaml.sorted().compactMap { name in
      let full = folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
      guard isFile(full) else { return nil }
      if let text = SpecFiles.text(full), DiffPatchTranslator.isOverlay(text: text, path: full) { return nil }
      return full
    }
  }

  private static func isFile(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
  }
}
