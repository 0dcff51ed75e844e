import ArgumentParser
import Foundation
import LockSpec

#if canImport(Glibc)
  import Glibc
#endif

/// `lockspec fuzz`: mutates the corpus's specs and patches and checks that lockspec never
/// crashes, hangs or reports an error outside the input on any of them.
struct FuzzCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fuzz",
    abstract: "Mutate specs and patches and check that lockspec never crashes, hangs or misplaces an error.",
    discussion: """
      Each input is a seeded mutant of one corpus file (bytes, lines, tokens or YAML structure \
      edited), loaded under that file's path, validated, lowered and checked with small bounds. \
      Outcomes: ok (verdicts), rejected (every diagnostic located in the input) or a defect (a \
      diagnostic outside the input, an error without a location, an input slower than \
      --timeout). Inputs run in a child process: when it dies of a signal the input is saved as \
      OUT/crash-<seed>.yaml with the crash report in OUT/crash-<seed>.log, and fuzzing goes on \
      after it; an input still running after twice --timeout is killed and saved as \
      OUT/hang-<seed>.yaml. Defects are saved as OUT/defect-<seed>.yaml and .txt. Exit status \
      1 when any crash, hang or defect was found, else 0.
      """
  )

  @Option(help: "How long to fuzz, in seconds.")
  var seconds: Double = 60

  @Option(help: "The campaign seed (default: from the clock; printed, so a run can be repeated).")
  var seed: UInt64?

  @Option(help: "Spec and patch files or folders to mutate (repeatable).")
  var corpus: [String] = ["specs"]

  @Option(help: "Folder for findings (default: .build/lockspec-fuzz, or a temporary folder).")
  var out: String?

  @Option(help: "Per-input time limit in seconds: slower inputs are defects.")
  var timeout: Double = 10

  @Option(help: "Stop after this many inputs.")
  var inputs: Int?

  @Flag(help: ArgumentHelp(visibility: .private))
  var worker = false

  @Option(help: ArgumentHelp(visibility: .private))
  var start: Int = 0

  func validate() throws {
    if !(seconds > 0) { throw ValidationError("--seconds must be positive") }
    if !(timeout > 0) { throw ValidationError("--timeout must be positive") }
    if let inputs, inputs < 1 { throw ValidationError("--inputs must be at least 1") }
  }

  func run() throws {
    let files = try Self.loadCorpus(corpus)
    if worker {
      guard let seed, let out else { throw ValidationError("--worker needs --seed and --out") }
      try runWorker(files: files, seed: seed, folder: out)
      return
    }
    let folder = try outputFolder()
    let seed = self.seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
    try FuzzParent(command: self, seed: seed, folder: folder, corpusCount: files.count).run()
  }

  // MARK: - Corpus and output folder

  /// The corpus files' bytes (a file that cannot be read is an error: exit 2).
  static func loadCorpus(_ paths: [String]) throws -> [FuzzCorpusFile] {
    let entries = try SpecFiles.discoverOrExit(paths)
    var files: [FuzzCorpusFile] = []
    for entry in entries {
      guard let data = FileManager.default.contents(atPath: entry.path) else {
        Terminal.error("error: \(entry.path): cannot read the file")
        throw ExitCode(2)
      }
      files.append(FuzzCorpusFile(path: entry.path, bytes: Array(data)))
    }
    if files.isEmpty {
      Terminal.error("error: no spec files (*.yaml) under \(paths.joined(separator: ", "))")
      throw ExitCode(2)
    }
    return files
  }

  static let marker = ".lockspec-fuzz"

  /// The findings folder: created, or reused only when empty or made by an earlier `fuzz` run
  /// (it holds the marker file), never inside a corpus folder.
  func outputFolder() throws -> String {
    let fm = FileManager.default
    var path: String
    if let out {
      path = out
    } else {
      var isDirectory: ObjCBool = false
      if fm.fileExists(atPath: ".build", isDirectory: &isDirectory), isDirectory.boolValue {
        path = ".build/lockspec-fuzz"
      } else {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("lockspec-fuzz")
      }
    }
    let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
    for root in corpus {
      let corpusPath = URL(fileURLWithPath: root).standardizedFileURL.path
      if absolute == corpusPath || absolute.hasPrefix(corpusPath + "/") {
        Terminal.error("error: --out \(path) is inside the corpus \(root); choose a folder outside it")
        throw ExitCode(2)
      }
    }
    var isDirectory: ObjCBool = false
    if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
      let contents = (try? fm.contentsOfDirectory(atPath: path)) ?? []
      guard isDirectory.boolValue, contents.isEmpty || contents.contains(Self.marker) else {
        Terminal.error(
          "error: \(path) exists and was not made by lockspec fuzz; give --out a new or empty folder")
        throw ExitCode(2)
      }
    } else {
      do {
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
      } catch {
        Terminal.error("error: cannot create \(path): \(error.localizedDescription)")
        throw ExitCode(2)
      }
    }
    guard fm.createFile(atPath: (path as NSString).appendingPathComponent(Self.marker), contents: Data()) else {
      Terminal.error("error: cannot write into \(path)")
      throw ExitCode(2)
    }
    return path
  }

  // MARK: - Worker

  /// The child: runs inputs `start`, `start + 1`, ... until `seconds` have passed (or `inputs`
  /// is reached), writing each to OUT/current first and reporting on standard output
  /// `B index seed` before and `R index seed outcome detail` after it.
  private func runWorker(files: [FuzzCorpusFile], seed: UInt64, folder: String) throws {
    Self.limitAddressSpace(bytes: 4 << 30)
    let limits = FuzzLimits(timeLimit: .milliseconds(Int(timeout * 1000)))
    let campaign = FuzzCampaign(corpus: files, limits: limits)
    let current = (folder as NSString).appendingPathComponent("current")
    // One handle, rewritten in place for each input: no fsync per input (a crash of this
    // process does not lose what it wrote).
    guard FileManager.default.createFile(atPath: current, contents: Data()),
      let handle = FileHandle(forWritingAtPath: current)
    else {
      Terminal.error("error: cannot write \(current)")
      throw ExitCode(2)
    }
    let deadline = Date().addingTimeInterval(seconds)
    var index = start
    while Date() < deadline, inputs.map({ index < $0 }) ?? true {
      let mutant = campaign.mutant(campaign: seed, index: index)
      do {
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: mutant.bytes)
      } catch {
        Terminal.error("error: cannot write \(current): \(error.localizedDescription)")
        throw ExitCode(2)
      }
      Self.emit("B \(index) \(mutant.seed)")
      let outcome = campaign.run(mutant)
      var detail = ""
      if case .defect(let message) = outcome {
        detail = message
        let base = (folder as NSString).appendingPathComponent("defect-\(mutant.seed)")
        _ = FileManager.default.createFile(atPath: base + ".yaml", contents: Data(mutant.bytes))
        let report =
          "\(mutant.path) mutated by:\n" + mutant.edits.map { "  \($0)\n" }.joined() + "defect: \(message)\n"
        _ = FileManager.default.createFile(atPath: base + ".txt", contents: Data(report.utf8))
      }
      let oneLine = String(detail.map { $0.isNewline ? " " : $0 }.prefix(400))
      Self.emit("R \(index) \(mutant.seed) \(outcome.word) \(oneLine)")
      index += 1
    }
  }

  /// Writes one protocol line to standard output at once.
  static func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
  }

  /// Caps the worker's address space so an input that allocates without bound crashes the
  /// worker (a finding) instead of exhausting the machine.
  static func limitAddressSpace(bytes: Int) {
    #if canImport(Glibc)
      var limit = rlimit(rlim_cur: rlim_t(bytes), rlim_max: rlim_t(bytes))
      _ = setrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &limit)
    #endif
  }
}

/// The parent of `lockspec fuzz`: runs the worker child, restarts it after each crash or hang,
/// saves those inputs and prints the totals.
private struct FuzzParent {
  let command: FuzzCommand
  let seed: UInt64
  let folder: String
  let corpusCount: Int

  /// What became of one input that did not end normally, or of a defect.
  struct Finding {
    var kind: String
    var file: String
    var detail: String
  }

  func run() throws {
    let begin = Date()
    let end = begin.addingTimeInterval(command.seconds)
    Terminal.out(
      "lockspec fuzz: seed \(seed), \(corpusCount) corpus files, \(Int(command.seconds)) s, findings in \(folder)")
    var next = 0
    var counts: [String: Int] = ["ok": 0, "rejected": 0, "defect": 0]
    var findings: [Finding] = []
    var crashes = 0
    var hangs = 0
    while Date() < end, command.inputs.map({ next < $0 }) ?? true {
      let outcome = try runWorker(from: next, seconds: end.timeIntervalSinceNow)
      for (word, count) in outcome.counts { counts[word, default: 0] += count }
      for (seed, detail) in outcome.defects {
        findings.append(
          Finding(kind: "defect", file: path("defect-\(seed).yaml"), detail: detail))
      }
      next = outcome.next
      guard let failed = outcome.failed else {
        if outcome.status != 0 {
          Terminal.error("error: the fuzz worker exited with status \(outcome.status) (see \(path("worker.log")))")
          throw ExitCode(2)
        }
        continue
      }
      let kind = outcome.hung ? "hang" : "crash"
      if outcome.hung { hangs += 1 } else { crashes += 1 }
      let saved = path("\(kind)-\(failed.seed).yaml")
      let log = path("\(kind)-\(failed.seed).log")
      let fm = FileManager.default
      try? fm.removeItem(atPath: saved)
      try? fm.removeItem(atPath: log)
      try? fm.copyItem(atPath: path("current"), toPath: saved)
      try? fm.moveItem(atPath: path("worker.log"), toPath: log)
      let detail =
        outcome.hung
        ? "still running after \(command.timeout * 2) s, killed"
        : "signal \(outcome.status)" + (Self.trapSite(log: log).map { ": \($0)" } ?? "")
      findings.append(Finding(kind: kind, file: saved, detail: detail))
      Terminal.out("\(kind): input \(failed.index) (seed \(failed.seed)): \(saved): \(detail)")
      next = failed.index + 1
    }
    let elapsed = Date().timeIntervalSince(begin)
    let total = counts.values.reduce(0, +) + crashes + hangs
    let defects = counts["defect", default: 0] + hangs
    Terminal.out("")
    Terminal.out("inputs:   \(total) in \(String(format: "%.1f", elapsed)) s")
    Terminal.out("inputs/s: \(String(format: "%.1f", Double(total) / max(elapsed, 0.001)))")
    Terminal.out("ok:       \(counts["ok", default: 0])")
    Terminal.out("rejected: \(counts["rejected", default: 0])")
    Terminal.out("defects:  \(defects)" + (hangs > 0 ? " (\(hangs) hangs)" : ""))
    Terminal.out("crashes:  \(crashes)")
    for finding in findings {
      Terminal.out("\(finding.kind) \(finding.file): \(finding.detail)")
    }
    if crashes > 0 || defects > 0 { throw ExitCode(1) }
  }

  private func path(_ name: String) -> String {
    (folder as NSString).appendingPathComponent(name)
  }

  /// The first frame in lockspec's own sources of a crash report, and the runtime's message.
  static func trapSite(log: String) -> String? {
    guard let text = try? String(contentsOfFile: log, encoding: .utf8) else { return nil }
    let lines = text.split(separator: "\n").map(String.init)
    // What went wrong: the runtime failure (arithmetic overflow, index out of range, ...), a
    // fatal error's message, or the signal.
    var message: String?
    if let line = lines.first(where: { $0.contains("Swift runtime failure: ") }),
      let range = line.range(of: "Swift runtime failure: ")
    {
      let rest = String(line[range.upperBound...])
      message = rest.components(separatedBy: " in ").first ?? rest
    } else if let fatal = lines.first(where: { $0.contains("Fatal error") }) {
      message = fatal.trimmingCharacters(in: .whitespaces)
    } else if let crashed = lines.first(where: { $0.contains("Program crashed: ") }) {
      message = crashed.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces)
    }
    // Where: the first frame with a line number in lockspec's sources.
    let frame = lines.lazy.compactMap { line -> String? in
      guard let sources = line.range(of: "/Sources/"),
        line.range(of: #":[0-9]+:[0-9]+$"#, options: .regularExpression) != nil
      else { return nil }
      var site = "Sources/" + line[sources.upperBound...]
      if let address = line.range(of: #"0x[0-9a-f]+ "#, options: .regularExpression) {
        var name = line[address.upperBound...].components(separatedBy: " in ").first ?? ""
        if let offset = name.range(of: #" \+ [0-9]+$"#, options: .regularExpression) {
          name.removeSubrange(offset)
        }
        site += " (\(name.prefix(100)))"
      }
      return site
    }.first
    let parts = [message, frame].compactMap { $0 }
    return parts.isEmpty ? nil : parts.joined(separator: " at ")
  }

  /// Whether the worker's standard error shows the Swift runtime reporting a crash.
  static func isCrashing(log: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: log) else { return false }
    defer { try? handle.close() }
    let head = handle.readData(ofLength: 4096)
    let text = String(decoding: head, as: UTF8.self)
    return text.contains("*** Signal") || text.contains("Program crashed") || text.contains("Fatal error")
  }

  /// What one worker run did.
  struct WorkerOutcome {
    var counts: [String: Int] = [:]
    var defects: [(seed: UInt64, detail: String)] = []
    /// The input after the last one that finished.
    var next: Int
    /// The input running when the worker died or was killed.
    var failed: (index: Int, seed: UInt64)?
    var hung = false
    /// The exit status, or the signal that ended the worker.
    var status: Int32 = 0
  }

  /// Runs one worker from input `first` and watches it: each input gets twice the time limit
  /// before the worker is killed.
  private func runWorker(from first: Int, seconds: Double) throws -> WorkerOutcome {
    let process = Process()
    process.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    var arguments = [
      "fuzz", "--worker", "--seed", String(seed), "--start", String(first), "--seconds",
      String(max(seconds, 0.001)), "--out", folder, "--timeout", String(command.timeout),
    ]
    for root in command.corpus { arguments += ["--corpus", root] }
    if let inputs = command.inputs { arguments += ["--inputs", String(inputs)] }
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no"
    process.environment = environment
    let logPath = path("worker.log")
    _ = FileManager.default.createFile(atPath: logPath, contents: Data())
    let log = FileHandle(forWritingAtPath: logPath)
    process.standardError = log
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardInput = FileHandle.nullDevice
    let lines = LineBuffer()
    let reader = Thread {
      let handle = pipe.fileHandleForReading
      while true {
        let data = handle.availableData
        if data.isEmpty { break }
        lines.append(data)
      }
      lines.close()
    }
    try process.run()
    reader.start()
    var outcome = WorkerOutcome(next: first)
    var running: (index: Int, seed: UInt64, since: Date)?
    var lastLine = Date()
    let watchdog = command.timeout * 2
    func consume(_ line: String) {
      lastLine = Date()
      let parts = line.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
      guard parts.count >= 3, let index = Int(parts[1]), let seed = UInt64(parts[2]) else { return }
      if parts[0] == "B" {
        running = (index, seed, Date())
      } else if parts[0] == "R", parts.count >= 4 {
        let word = String(parts[3])
        outcome.counts[word, default: 0] += 1
        if word == "defect" {
          let detail = parts.count > 4 ? String(parts[4]) : ""
          outcome.defects.append((seed, detail))
          Terminal.out("defect: input \(index) (seed \(seed)): \(path("defect-\(seed).yaml")): \(detail)")
        }
        outcome.next = index + 1
        running = nil
      }
    }
    var stalled = false
    while process.isRunning {
      for line in lines.take() { consume(line) }
      // Quiet for too long: within an input it is a hang; between inputs (writing OUT/current,
      // starting up) the worker itself is stuck. A worker printing a crash report is neither:
      // the backtracer gets its time.
      let quiet = Date().timeIntervalSince(running?.since ?? lastLine)
      let limit = running == nil ? watchdog + 10 : watchdog
      if quiet > limit, !Self.isCrashing(log: logPath) || quiet > limit + 300 {
        kill(process.processIdentifier, SIGKILL)
        if running == nil { stalled = true } else { outcome.hung = true }
        break
      }
      Thread.sleep(forTimeInterval: 0.02)
    }
    process.waitUntilExit()
    lines.waitUntilClosed()
    for line in lines.take() { consume(line) }
    try? log?.close()
    outcome.status = process.terminationStatus
    let signalled = process.terminationReason == .uncaughtSignal
    if let current = running, outcome.hung || signalled {
      outcome.failed = (current.index, current.seed)
    } else if outcome.hung {
      // The input finished just as the watchdog fired: carry on after it.
      outcome.hung = false
      outcome.status = 0
    } else if stalled {
      Terminal.error(
        "warning: the fuzz worker stopped answering between inputs; restarting it after input \(outcome.next - 1)")
      outcome.status = 0
    } else if signalled {
      Terminal.error("error: the fuzz worker died of signal \(outcome.status) outside an input (see \(logPath))")
      throw ExitCode(2)
    }
    return outcome
  }
}

/// Lines read from the worker's standard output, handed from the reader thread to the parent.
private final class LineBuffer: @unchecked Sendable {
  private let condition = NSCondition()
  private var pending = Data()
  private var ready: [String] = []
  private var closed = false

  func append(_ data: Data) {
    condition.lock()
    pending.append(data)
    while let newline = pending.firstIndex(of: 0x0A) {
      ready.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
      pending.removeSubrange(pending.startIndex...newline)
    }
    condition.unlock()
  }

  func close() {
    condition.lock()
    closed = true
    condition.broadcast()
    condition.unlock()
  }

  func waitUntilClosed() {
    condition.lock()
    while !closed { condition.wait() }
    condition.unlock()
  }

  func take() -> [String] {
    condition.lock()
    defer { condition.unlock() }
    let lines = ready
    ready = []
    return lines
  }
}
