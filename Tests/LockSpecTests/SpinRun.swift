import Foundation

/// Runs SPIN on an exported model in a folder of its own: `spin -o2 -a`, gcc, and `pan`, and
/// reads what pan reports. Installs nothing: `spin` and `gcc` must be on the PATH.
struct SpinRun {
  /// What one pan run reported.
  struct Report {
    var states: Int
    var transitions: Int
    /// The names in `assertion violated <name>` lines.
    var failedAssertions: Set<String>
    var invalidEndState: Bool
    var errors: Int
    var output: String
  }

  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  let folder: URL
  /// gcc's optimization flag for pan: `-O2` pays for itself on millions of states, `-O0`
  /// compiles four times faster and is as quick on thousands.
  let optimization: String

  /// The path of `tool` on the PATH, or nil.
  static func find(_ tool: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(tool)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  init(model text: String, name: String, optimized: Bool) throws {
    optimization = optimized ? "-O2" : "-O0"
    folder = FileManager.default.temporaryDirectory.appendingPathComponent("lockspec-spin-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: folder.appendingPathComponent("model.pml"))
    try run("spin", ["-o2", "-a", "model.pml"])
  }

  func remove() {
    try? FileManager.default.removeItem(at: folder)
  }

  /// Runs `tool` in the folder; its output goes to a file (pan may print a great deal).
  @discardableResult
  func run(_ tool: String, _ arguments: [String], allowFailure: Bool = false) throws -> String {
    guard let executable = tool.hasPrefix("./") ? folder.appendingPathComponent(tool).path : Self.find(tool) else {
      throw Failure(description: "\(tool) is not on the PATH")
    }
    let log = folder.appendingPathComponent("\(URL(fileURLWithPath: tool).lastPathComponent)-\(UUID().uuidString).log")
    FileManager.default.createFile(atPath: log.path, contents: nil)
    let handle = try FileHandle(forWritingTo: log)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.currentDirectoryURL = folder
    process.standardOutput = handle
    process.standardError = handle
    try process.run()
    process.waitUntilExit()
    try handle.close()
    let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
    if process.terminationStatus != 0 && !allowFailure {
      throw Failure(
        description:
          "\(tool) \(arguments.joined(separator: " ")) exited \(process.terminationStatus):\n\(output.prefix(2000))")
    }
    return output
  }

  /// Compiles pan for safety runs (no claims), unless it is compiled.
  func compileSafety() throws {
    if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("pan_safety").path) {
      try run("gcc", [optimization, "-DSAFETY", "-DNOREDUCE", "-DNOCLAIM", "-o", "pan_safety", "pan.c"])
    }
  }

  /// Compiles pan with its claims, unless it is compiled.
  func compileLiveness() throws {
    if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("pan_liveness").path) {
      try run("gcc", [optimization, "-DNOREDUCE", "-o", "pan_liveness", "pan.c"])
    }
  }

  /// Runs pan's safety search to the end, every error counted (compiling pan first if needed).
  func safety(depth: Int) throws -> Report {
    try compileSafety()
    return try report(run("./pan_safety", ["-c0", "-n", "-m\(depth)"], allowFailure: true))
  }

  /// Checks claim `name` for acceptance cycles (compiling pan with its claims first if needed).
  func liveness(claim name: String, weakFairness: Bool, depth: Int) throws -> Report {
    try compileLiveness()
    let flags = ["-a"] + (weakFairness ? ["-f"] : []) + ["-A", "-E", "-N", name, "-m\(depth)"]
    return try report(run("./pan_liveness", flags, allowFailure: true))
  }

  private func report(_ output: String) throws -> Report {
    if output.contains("max search depth too small") {
      throw Failure(description: "pan's depth bound was too small:\n\(output.suffix(1500))")
    }
    var states: Int?
    var transitions: Int?
    var errors: Int?
    var failed: Set<String> = []
    var invalidEnd = false
    for line in output.split(separator: "\n") {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.contains("states, stored") { states = Int(trimmed.split(separator: " ")[0]) }
      if trimmed.contains(" transitions (= ") { transitions = Int(trimmed.split(separator: " ")[0]) }
      if let range = trimmed.range(of: "errors: ") { errors = Int(trimmed[range.upperBound...]) }
      if trimmed.hasPrefix("pan:"), let range = trimmed.range(of: "assertion violated ") {
        failed.insert(String(trimmed[range.upperBound...].split(separator: " ")[0]))
      }
      if trimmed.hasPrefix("pan:") && trimmed.contains(": invalid end state") { invalidEnd = true }
    }
    guard let states, let transitions, let errors else {
      throw Failure(description: "cannot read pan's report:\n\(output.suffix(1500))")
    }
    return Report(
      states: states, transitions: transitions, failedAssertions: failed, invalidEndState: invalidEnd, errors: errors,
      output: output)
  }
}
