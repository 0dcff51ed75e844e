import ArgumentParser
import Foundation
import LockCheck

/// The memory this process may really use: the least of physical memory, the cgroup's limit
/// (v2 `memory.max`, v1 `memory.limit_in_bytes`, of the process's cgroup and its ancestors) and
/// `RLIMIT_AS`, each less what is already in use against it. The default memory budget of
/// `check` is a share of it.
struct MemoryLimit: Equatable {
  /// One limit and what is in use against it.
  struct Source: Equatable {
    var name: String
    var limit: Int
    var used: Int
    var room: Int { max(limit - used, 0) }
  }

  var sources: [Source]

  /// The smallest room left under any limit.
  var room: Int { sources.map(\.room).min() ?? Int.max }

  /// The share of `room` the state stores may take: the rest is for the liveness pass,
  /// counterexamples, thread stacks and the runtime.
  static let budgetShare = 0.6

  /// The default memory budget: `budgetShare` of the room, and never more than the explorer's
  /// default.
  var defaultBudget: Int {
    min(Int(Double(room) * Self.budgetShare), 16 << 30)
  }

  /// Reads the limits of the running process.
  static func current() -> MemoryLimit {
    var sources = [
      Source(name: "physical memory", limit: Int(clamping: ProcessInfo.processInfo.physicalMemory), used: 0)
    ]
    if let cgroup = cgroupLimit() { sources.append(cgroup) }
    var limit = rlimit()
    if getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
      sources.append(
        Source(name: "RLIMIT_AS", limit: Int(clamping: limit.rlim_cur), used: ProcessMemory.virtualBytes() ?? 0))
    }
    return MemoryLimit(sources: sources)
  }

  /// The tightest cgroup memory limit on this process, with the cgroup's usage.
  static func cgroupLimit() -> Source? {
    let root = "/sys/fs/cgroup"
    let membership = (try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8)) ?? ""
    var candidates: [(limit: String, usage: String)] = []
    for line in membership.split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      let path = String(fields[2])
      if fields[0] == "0" && fields[1].isEmpty {
        for directory in ancestors(of: path, under: root) {
          candidates.append((directory + "/memory.max", directory + "/memory.current"))
        }
      } else if fields[1].split(separator: ",").contains("memory") {
        for directory in ancestors(of: path, under: root + "/memory") {
          candidates.append((directory + "/memory.limit_in_bytes", directory + "/memory.usage_in_bytes"))
        }
      }
    }
    var best: Source?
    for candidate in candidates {
      guard let text = try? String(contentsOfFile: candidate.limit, encoding: .utf8),
        let limit = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)),
        limit < Int(ProcessInfo.processInfo.physicalMemory)
      else { continue }
      let usageText = (try? String(contentsOfFile: candidate.usage, encoding: .utf8)) ?? ""
      let used = Int(usageText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
      let source = Source(name: "cgroup limit", limit: limit, used: used)
      if best == nil || source.room < best!.room { best = source }
    }
    return best
  }

  /// `path` and each of its ancestors as directories under `root` (the root itself included:
  /// inside a container the process's own cgroup is often mounted there).
  static func ancestors(of path: String, under root: String) -> [String] {
    var parts = path.split(separator: "/").map(String.init)
    var directories: [String] = []
    while true {
      directories.append(parts.isEmpty ? root : root + "/" + parts.joined(separator: "/"))
      if parts.isEmpty { break }
      parts.removeLast()
    }
    return directories
  }
}

/// A byte count given on the command line: `1073741824`, `512M`, `1.5G`, `2GiB`, `64k`.
struct ByteCount: ExpressibleByArgument, Equatable {
  var bytes: Int

  init?(argument: String) {
    let text = argument.trimmingCharacters(in: .whitespaces).lowercased()
    let digits = text.prefix { $0.isNumber || $0 == "." }
    var unit = String(text.dropFirst(digits.count))
    if unit.hasSuffix("ib") { unit.removeLast(2) } else if unit.hasSuffix("b") { unit.removeLast() }
    let scale: Double
    switch unit {
    case "": scale = 1
    case "k": scale = 1024
    case "m": scale = 1024 * 1024
    case "g": scale = 1024 * 1024 * 1024
    case "t": scale = 1024 * 1024 * 1024 * 1024
    default: return nil
    }
    guard let value = Double(digits), value.isFinite, value > 0, value * scale < 9.0e18 else { return nil }
    bytes = Int(value * scale)
  }
}
