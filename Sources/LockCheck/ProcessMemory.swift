import Foundation

/// Memory figures of the running process, read from `/proc/self/status` where it exists.
public enum ProcessMemory {
  /// Peak resident set size in bytes (`VmHWM`), or `nil` where `/proc` is unavailable.
  public static func peakResidentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    return kilobytes(of: "VmHWM:", in: status).map { $0 * 1024 }
  }

  /// Resident set size in bytes (`VmRSS`), or `nil` where `/proc` is unavailable.
  public static func residentBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    return kilobytes(of: "VmRSS:", in: status).map { $0 * 1024 }
  }

  /// Starts a new peak: `VmHWM` becomes the current resident size (Linux 4.0 and later, by
  /// writing 5 to `/proc/self/clear_refs`); false where that is not possible.
  @discardableResult
  public static func resetPeakResident() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    return (try? handle.write(contentsOf: Data("5".utf8))) != nil
  }

  /// Virtual memory size in bytes (`VmSize`, what `RLIMIT_AS` limits), or `nil` where `/proc`
  /// is unavailable.
  public static func virtualBytes() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    return kilobytes(of: "VmSize:", in: status).map { $0 * 1024 }
  }

  /// The value of a `Name:   123 kB` line of a `/proc` status file, in kB.
  static func kilobytes(of key: String, in status: String) -> Int? {
    for line in status.split(separator: "\n") where line.hasPrefix(key) {
      let digits = line.dropFirst(key.count).filter(\.isNumber)
      return Int(digits)
    }
    return nil
  }
}
