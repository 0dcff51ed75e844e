/// What it takes to make an output folder hold exactly the generated files: which to create,
/// update and remove, and what to report. Pure: the caller reads the folder and applies the
/// plan.
///
/// `lockspec generate` owns exactly the files its manifest (`manifest.txt` in the output folder,
/// itself generated) lists. It only ever overwrites or removes an owned file, and only while
/// that file still starts with the generator's header (`FileHeader`): a hand-written file is
/// never touched, whatever it starts with. Files it does not own are reported: at a path it
/// must write they are conflicts (nothing is written); elsewhere they are `unowned` (left alone,
/// and `lockspec generate --check` fails until they are moved away). Leftover temporary files
/// of an interrupted run (`.lockspec-tmp-*`) are removed.
///
/// Without a manifest (a folder written by a lockspec that kept none), a file with the header
/// at a path the generator writes counts as owned; other files with the header are `unowned`.
public struct GeneratedTreePlan: Equatable, Sendable {
  /// The manifest's path in the output folder.
  public static let manifestPath = "manifest.txt"

  /// How the names of temporary files start (`.lockspec-tmp-<pid>-<name>`, next to the file
  /// they replace).
  public static let temporaryPrefix = ".lockspec-tmp-"

  /// Files that may lie anywhere in the output folder without being reported.
  public static let allowedNames: Set<String> = [".DS_Store"]

  public enum Change: Equatable, Sendable {
    /// A generated file that does not exist yet.
    case create(GeneratedFile)
    /// A generated file whose contents on disk differ.
    case update(GeneratedFile)
    /// An owned file that is no longer generated (its spec is gone).
    case remove(path: String)
    /// A temporary file left by an interrupted run.
    case removeTemporary(path: String)

    public var path: String {
      switch self {
      case .create(let file), .update(let file): return file.path
      case .remove(let path), .removeTemporary(let path): return path
      }
    }

    /// `missing`, `stale`, `extra` or `temporary`, as `lockspec generate --check` lists them.
    public var word: String {
      switch self {
      case .create: return "missing"
      case .update: return "stale"
      case .remove: return "extra"
      case .removeTemporary: return "temporary"
      }
    }
  }

  /// Changes sorted by path.
  public var changes: [Change]
  /// Paths where a generated file should go but a file the generator does not own is.
  public var conflicts: [String]
  /// Files the generator does not own and does not write, other than `allowedNames` (sorted):
  /// hand-written files, and files with the header that no manifest lists.
  public var unowned: [String]
  /// Generated files already up to date (the manifest included).
  public var unchanged: Int
  /// The manifest to write first when files are created, so that an interrupted run still
  /// owns every file it may have written: the paths of the old manifest and of every desired
  /// file. Nil when the old manifest already lists every file written.
  public var interimManifest: GeneratedFile?
  /// Whether the output folder had a manifest.
  public var hadManifest: Bool

  /// Compares `desired` (without the manifest, which the plan adds) with `existing` (every file
  /// under the output folder, with paths relative to it; `nil` contents for a file that could
  /// not be read as UTF-8).
  public init(desired: [GeneratedFile], existing: [(path: String, contents: String?)]) {
    var onDisk: [String: String?] = [:]
    for file in existing { onDisk[file.path] = file.contents }
    let oldManifest = onDisk[Self.manifestPath].map { $0.map(Self.paths(inManifest:)) ?? [] }
    hadManifest = oldManifest != nil
    let desired = desired.filter { $0.path != Self.manifestPath } + [Self.manifest(for: desired)]

    /// Whether the generator may overwrite or remove the file at `path` holding `contents`
    /// (`desired`: a file it writes).
    func owns(_ path: String, _ contents: String?, desired: Bool) -> Bool {
      if path == Self.manifestPath { return true }
      guard let contents, FileHeader.isGenerated(contents) else { return false }
      guard let oldManifest else { return desired }
      return oldManifest.contains(path)
    }

    var changes: [Change] = []
    var conflicts: [String] = []
    var unowned: [String] = []
    var unchanged = 0
    var desiredPaths: Set<String> = []
    for file in desired {
      desiredPaths.insert(file.path)
      guard let found = onDisk[file.path] else {
        changes.append(.create(file))
        continue
      }
      if found == file.contents {
        unchanged += 1
      } else if owns(file.path, found, desired: true) {
        changes.append(.update(file))
      } else {
        conflicts.append(file.path)
      }
    }
    for file in existing where !desiredPaths.contains(file.path) {
      if Self.isTemporary(file.path) {
        changes.append(.removeTemporary(path: file.path))
      } else if owns(file.path, file.contents, desired: false) {
        changes.append(.remove(path: file.path))
      } else if !Self.allowedNames.contains(String(Self.fileName(file.path))) {
        unowned.append(file.path)
      }
    }
    self.changes = changes.sorted { $0.path < $1.path }
    self.conflicts = conflicts.sorted()
    self.unowned = unowned.sorted()
    self.unchanged = unchanged

    let written = Set(
      changes.compactMap { change -> String? in
        if case .create(let file) = change { return file.path }
        if case .update(let file) = change { return file.path }
        return nil
      })
    let owned = (oldManifest ?? []).union([Self.manifestPath])
    if written.isSubset(of: owned) {
      interimManifest = nil
    } else {
      interimManifest = Self.manifest(
        paths: owned.union(desiredPaths.subtracting(conflicts)).subtracting([Self.manifestPath]))
    }
  }

  /// Whether the folder already holds exactly the generated files, and nothing else.
  public var isUpToDate: Bool { changes.isEmpty && conflicts.isEmpty && unowned.isEmpty }

  /// The manifest listing `files` (the manifest itself excluded).
  public static func manifest(for files: [GeneratedFile]) -> GeneratedFile {
    manifest(paths: Set(files.map(\.path)).subtracting([manifestPath]))
  }

  static func manifest(paths: Set<String>) -> GeneratedFile {
    let header = [
      "# Written by `lockspec generate`: the files under this folder it owns, one per line. It rewrites",
      "# them, and removes them when they are no longer generated; it never touches any other file.",
      "# Do not edit. Regenerate with `swift run lockspec generate`.",
    ]
    return GeneratedFile(path: manifestPath, contents: (header + paths.sorted()).joined(separator: "\n") + "\n")
  }

  /// The paths a manifest lists: its lines that are not comments or blank and are plain
  /// relative paths (no `.` or `..` components, no leading `/`, no temporary file), so that a
  /// damaged manifest never makes the generator touch anything outside its folder.
  public static func paths(inManifest text: String) -> Set<String> {
    var paths: Set<String> = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let path = String(line)
      guard !path.hasPrefix("#"), isPlainRelativePath(path), !isTemporary(path), path != manifestPath else {
        continue
      }
      paths.insert(path)
    }
    return paths
  }

  static func isPlainRelativePath(_ path: String) -> Bool {
    guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.contains("\0") else { return false }
    return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
      !$0.isEmpty && $0 != "." && $0 != ".."
    }
  }

  /// Whether `path` names a temporary file of the generator.
  public static func isTemporary(_ path: String) -> Bool {
    fileName(path).hasPrefix(temporaryPrefix)
  }

  static func fileName(_ path: String) -> Substring {
    path.split(separator: "/").last ?? Substring(path)
  }
}
