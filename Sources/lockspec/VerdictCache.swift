import Foundation
import LockCheck
import LockSpec

/// Exploration results kept on disk, so re-checking unchanged specs and variants is instant.
/// A result is found again only for the same lowered model, the same options that shape a
/// result (bounds, properties) and the same lockspec binary (its size and modification time:
/// any rebuild starts afresh). Results that depend on the moment (a time or memory budget, an
/// interruption) are never kept.
struct VerdictCache {
  /// Where the results live, one JSON file per key.
  let folder: String
  /// Identifies the running binary.
  let toolStamp: String

  init(folder: String) {
    self.folder = folder
    self.toolStamp = Self.currentToolStamp()
  }

  /// The running executable's size and modification time.
  static func currentToolStamp() -> String {
    let path =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments.first ?? "lockspec"
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
    let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
    return "lockspec \(size) \(modified)"
  }

  /// The key of exploring `model` with `options`.
  func key(model: ModelIR, options: ExplorationOptions) -> String {
    let shape = [
      toolStamp, "maxStates=\(options.maxStates.map(String.init) ?? "-")",
      "maxDepth=\(options.maxDepth.map(String.init) ?? "-")",
      "properties=\(options.properties?.joined(separator: ",") ?? "*")",
      "stopWhenDecided=\(options.stopWhenDecided)", "reductions=\(options.reductions.rawValue)",
      String(reflecting: model),
    ]
    return StableHash.hex(shape.joined(separator: "\n"))
  }

  /// Whether a result with this stop reason is the same on every run with the same options.
  static func isReproducible(_ reason: StopReason) -> Bool {
    switch reason {
    case .completed, .decided, .maxStates, .maxDepth, .maxReadHolds: return true
    case .memory, .maxSeconds, .interrupted: return false
    }
  }

  private func path(_ key: String) -> String { folder + "/" + key + ".json" }

  private var sizesPath: String { folder + "/sizes.json" }

  /// The states each variant had when last explored (by name, whatever its content): the
  /// scheduler starts the biggest first.
  func sizes() -> [String: Int] {
    guard let data = FileManager.default.contents(atPath: sizesPath),
      let sizes = try? JSONDecoder().decode([String: Int].self, from: data)
    else { return [:] }
    return sizes
  }

  /// Records the sizes of `results` (merged into those already kept).
  func storeSizes(_ results: [ExplorationResult]) {
    let known = sizes()
    var sizes = known
    for result in results where result.stopReason == .completed { sizes[result.model] = result.statistics.states }
    guard sizes != known, let data = try? JSONEncoder().encode(sizes) else { return }
    write(data, to: sizesPath)
  }

  /// The kept result for `key`, if any (an unreadable or foreign file counts as none).
  func load(_ key: String, model: String) -> ExplorationResult? {
    guard let data = FileManager.default.contents(atPath: path(key)),
      let result = try? JSONDecoder().decode(ExplorationResult.self, from: data), result.model == model
    else { return nil }
    return result
  }

  /// Keeps `result` under `key` when it is reproducible; failures to write are ignored (the
  /// cache only saves time).
  func store(_ result: ExplorationResult, key: String) {
    guard Self.isReproducible(result.stopReason), let data = try? JSONEncoder().encode(result) else { return }
    write(data, to: path(key))
  }

  /// Replaces the file at `path` with `data` at once (a reader never sees half a file); a
  /// failure leaves the cache as it was.
  private func write(_ data: Data, to path: String) {
    guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil
    else { return }
    let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else { return }
    if rename(temporary, path) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
  }

}
