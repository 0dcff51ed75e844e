/// What it takes to make an output folder hold exactly the generated files: which to create,
/// which to update, which to remove. Pure: the caller reads the folder and applies the plan.
///
/// Only files that start with `FileHeader.marker` are ever updated or removed; a file without
/// the header where a generated file should go is a conflict, left alone.
public struct GeneratedTreePlan: Equatable, Sendable {
  public enum Change: Equatable, Sendable {
    /// A generated file that does not exist yet.
    case create(GeneratedFile)
    /// A generated file whose contents on disk differ.
    case update(GeneratedFile)
    /// A file with the generator's header that is no longer generated (its spec is gone).
    case remove(path: String)

    public var path: String {
      switch self {
      case .create(let file), .update(let file): return file.path
      case .remove(let path): return path
      }
    }

    /// `missing`, `stale` or `extra`, as `lockspec generate --check` lists them.
    public var word: String {
      switch self {
      case .create: return "missing"
      case .update: return "stale"
      case .remove: return "extra"
      }
    }
  }

  /// Changes sorted by path.
  public var changes: [Change]
  /// Paths where a generated file should go but a file without the generator's header is.
  public var conflicts: [String]
  /// Generated files already up to date.
  public var unchanged: Int

  /// Compares `desired` with `existing` (every file under the output folder, with paths
  /// relative to it; `nil` contents for a file that could not be read as UTF-8).
  public init(desired: [GeneratedFile], existing: [(path: String, contents: String?)]) {
    var onDisk: [String: String?] = [:]
    for file in existing { onDisk[file.path] = file.contents }
    var changes: [Change] = []
    var conflicts: [String] = []
    var unchanged = 0
    var desiredPaths: Set<String> = []
    for file in desired {
      desiredPaths.insert(file.path)
      guard let found = onDisk[file.path] else {
        changes.append(.create(file))
        continue
      }
      guard let contents = found, FileHeader.isGenerated(contents) else {
        conflicts.append(file.path)
        continue
      }
      if contents == file.contents { unchanged += 1 } else { changes.append(.update(file)) }
    }
    for file in existing.sorted(by: { $0.path < $1.path }) where !desiredPaths.contains(file.path) {
      if let contents = file.contents, FileHeader.isGenerated(contents) {
        changes.append(.remove(path: file.path))
      }
    }
    self.changes = changes.sorted { $0.path < $1.path }
    self.conflicts = conflicts.sorted()
    self.unchanged = unchanged
  }

  /// Whether the folder already holds exactly the generated files.
  public var isUpToDate: Bool { changes.isEmpty && conflicts.isEmpty }
}
