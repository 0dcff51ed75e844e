/// Path arithmetic on spec and patch paths as strings (no file system): patches name their
/// bases and stacked patches relative to themselves, and variants are told apart by the
/// normalized paths of their files.
public enum SpecPath {
  /// `path` with `.` components and `x/..` pairs removed and repeated slashes collapsed
  /// (`specs/./a/../b.yaml` is `specs/b.yaml`). Leading `..` stay; an absolute path stays absolute.
  public static func normalize(_ path: String) -> String {
    let absolute = path.hasPrefix("/")
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
      if part == "." { continue }
      if part == "..", let last = parts.last, last != ".." {
        parts.removeLast()
        continue
      }
      if part == ".." && absolute { continue }
      parts.append(part)
    }
    let joined = parts.joined(separator: "/")
    if absolute { return "/" + joined }
    return joined.isEmpty ? "." : joined
  }

  /// `relative` resolved against the folder of `file` (an absolute `relative` is kept), normalized.
  public static func resolve(_ relative: String, from file: String) -> String {
    if relative.hasPrefix("/") { return normalize(relative) }
    return normalize(folder(of: file) + "/" + relative)
  }

  /// The folder part of `path` (`.` when there is none).
  public static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }

  /// The file name without `.yaml`/`.yml` (`specs/x/patches/fix.yaml` is `fix`).
  public static func fileStem(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) {
      name.removeLast(suffix.count)
    }
    return name
  }

  /// The variant name of a spec without a `spec:` key: its path below the last `specs/` folder,
  /// without the extension (`specs/mm-exit/v4.13.yaml` is `mm-exit/v4.13`); outside `specs/`,
  /// the file name alone.
  public static func defaultSpecName(_ path: String) -> String {
    var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    components.removeAll { $0 == "." }
    if let specs = components.lastIndex(of: "specs"), specs + 1 < components.count {
      components = Array(components[(specs + 1)...])
    } else if let last = components.last {
      components = [last]
    }
    var name = components.joined(separator: "/")
    for suffix in [".yaml", ".yml"] where name.hasSuffix(suffix) {
      name.removeLast(suffix.count)
    }
    return name
  }
}
