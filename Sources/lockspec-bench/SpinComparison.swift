import Foundation

/// SPIN on the same protocol, in the same run as lockspec: `spin -a` with `modelDefines` and
/// `gcc -O2 -DSAFETY` with `defines` (`-DNOREDUCE` unless told otherwise) once, then `./pan -m100000` once per
/// round, interleaved with lockspec's explorations so the machine's drift hits both alike. CPU time and peak memory come from
/// `/usr/bin/time`; states and transitions from pan's own report.
struct SpinComparison {
  /// The Promela model (e.g. `../shared/bench/mmexit_exact.pml`).
  let model: String
  /// Where the verifier is built.
  let folder: String
  /// What `gcc` is told besides `-O2 -DSAFETY`: `-DNOREDUCE` turns SPIN's partial-order
  /// reduction off; `-DNSCAN=4` sets a model's parameter.
  var defines = ["-DNOREDUCE"]
  /// What `spin -a` is told: the model's own macros, such as `-DNSCAN=4` (its preprocessor
  /// reads them, not gcc).
  var modelDefines: [String] = []

  /// pan's figures for one run.
  struct Run {
    var states: Int
    var transitions: Int
    var cpu: Double
    var peakBytes: Int
  }

  /// Whether `spin`, `gcc` and `/usr/bin/time` are on this machine.
  static var available: Bool {
    ["/usr/bin/spin", "/usr/bin/gcc", "/usr/bin/time"].allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Generates and compiles the verifier.
  func build() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let source = folder + "/model.pml"
    try? FileManager.default.removeItem(atPath: source)
    try FileManager.default.copyItem(atPath: model, toPath: source)
    _ = try Self.run("/usr/bin/spin", modelDefines + ["-a", "model.pml"], in: folder)
    _ = try Self.run("/usr/bin/gcc", ["-O2", "-DSAFETY"] + defines + ["-o", "pan", "pan.c"], in: folder)
  }

  /// Runs the verifier once.
  func verify() throws -> Run {
    let output = try Self.run("/usr/bin/time", ["-f", "time %U %S %M", "./pan", "-m100000"], in: folder)
    func number(before marker: String) -> Int? {
      for line in output.split(separator: "\n") where line.contains(marker) {
        let fields = line.split(separator: " ")
        if let index = fields.firstIndex(where: { $0.hasPrefix(marker.split(separator: " ")[0]) }), index > 0 {
          return Int(fields[index - 1].filter(\.isNumber))
        }
      }
      return nil
    }
    guard let states = number(before: "states, stored"), let transitions = number(before: "transitions"),
      let timing = output.split(separator: "\n").last(where: { $0.hasPrefix("time ") })
    else { throw BenchError("cannot read pan's report:\n\(output)") }
    let fields = timing.split(separator: " ")
    let cpu = (Double(fields[1]) ?? 0) + (Double(fields[2]) ?? 0)
    return Run(states: states, transitions: transitions, cpu: cpu, peakBytes: (Int(fields[3]) ?? 0) * 1024)
  }

  /// Runs `tool` in `folder`; its standard output and error, or an error when it fails.
  static func run(_ tool: String, _ arguments: [String], in folder: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw BenchError("\(tool) \(arguments.joined(separator: " ")) failed:\n\(text)")
    }
    return text
  }
}
