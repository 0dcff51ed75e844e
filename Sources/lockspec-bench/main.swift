import ArgumentParser
import Foundation
import LockCheck
import LockSpec
import LockspecModels

/// `lockspec-bench [MODEL] [--repeat N] [--spin PML]`: explores one model with the interpreter
/// and with its compiled form and prints states per second for each and the ratio. Without
/// MODEL, every compiled model is explored once and the one with the most states is
/// benchmarked. With `--spin`, SPIN verifies the Promela model in every round too, interleaved,
/// and the table compares them. Every round also explores both engines with every reduction
/// (partial-order, symmetry), printed as the `reduced` rows. Run it from the package root with
/// optimization:
/// `swift run -c release lockspec-bench bench/model-b --spin ../shared/bench/mmexit_exact.pml`.
enum Bench {
  /// Benchmarks `model` (nil: the largest compiled model) over `repeats` rounds, with SPIN on the
  /// Promela model at `spinModel` too when given.
  static func main(model: String?, repeats: Int, spinModel: String?) throws {
    var spin: SpinComparison?
    if let spinModel {
      guard SpinComparison.available else {
        throw BenchError("--spin needs spin, gcc and /usr/bin/time (apt-get install spin)")
      }
      spin = SpinComparison(
        model: spinModel, folder: FileManager.default.temporaryDirectory.path + "/lockspec-bench-spin")
      try spin?.build()
    }
    let variants = try loadVariants()
    let name: String
    if let given = model {
      name = given
    } else {
      print("exploring every spec as written (no patches) with its compiled model, to find the largest:")
      var largest: (name: String, states: Int) = ("", -1)
      for model in ModelRegistry.all where model.patchPath == nil {
        let result = try model.explore(ExplorationOptions())
        let s = result.statistics
        print(
          "  \(pad(model.name, 48)) \(pad(grouped(s.states), 12)) states  \(grouped(Int(s.statesPerSecond))) states/s")
        if s.states > largest.states { largest = (model.name, s.states) }
      }
      name = largest.name
    }
    guard let compiled = ModelRegistry.model(named: name) else {
      throw BenchError("no compiled model \(name); run `swift run lockspec generate`")
    }
    guard let variant = variants.first(where: { $0.name == name }) else {
      throw BenchError("no spec for \(name) under specs/")
    }
    let interpreter = Interpreter(model: variant.model)
    let options = ExplorationOptions()
    print("\(name): best of \(repeats) explorations each (CPU time of this process; wall time in parentheses)")
    var interpreted: Measurement?
    var generated: Measurement?
    var interpretedReduced: Measurement?
    var generatedReduced: Measurement?
    let reduced = ExplorationOptions(reductions: .all)
    let cores = max(ProcessInfo.processInfo.activeProcessorCount, 2)
    let parallel = ExplorationOptions(workers: cores)
    var interpretedParallel: Measurement?
    var generatedParallel: Measurement?
    var verified: SpinComparison.Run?
    for _ in 0..<repeats {
      let i = try measure { try interpreter.explore(options: options) }
      if interpreted == nil || i.cpu < interpreted!.cpu { interpreted = i }
      let c = try measure { try compiled.explore(options) }
      if generated == nil || c.cpu < generated!.cpu { generated = c }
      let ip = try measure { try interpreter.explore(options: parallel) }
      if interpretedParallel == nil || ip.wall < interpretedParallel!.wall { interpretedParallel = ip }
      let cp = try measure { try compiled.explore(parallel) }
      if generatedParallel == nil || cp.wall < generatedParallel!.wall { generatedParallel = cp }
      let ir = try measure { try interpreter.explore(options: reduced) }
      if interpretedReduced == nil || ir.cpu < interpretedReduced!.cpu { interpretedReduced = ir }
      let cr = try measure { try compiled.explore(reduced) }
      if generatedReduced == nil || cr.cpu < generatedReduced!.cpu { generatedReduced = cr }
      if let spin {
        let run = try spin.verify()
        if verified == nil || run.cpu < verified!.cpu { verified = run }
      }
    }
    guard let interpreted, let generated, let interpretedReduced, let generatedReduced, let interpretedParallel,
      let generatedParallel
    else { return }
    if let verified {
      print(
        "side by side (best CPU time of \(repeats) rounds each; bytes per state: the state store's, and the peak "
          + "resident memory's, whole and above what the process held before the run; SPIN's: its peak RSS):")
      print(
        "  \(pad("", 22))\(pad("states", 12))\(pad("transitions", 14))\(pad("CPU s", 9))\(pad("states/s", 12))"
          + "\(pad("store", 7))peak RSS")
      func row(_ name: String, _ run: Measurement) {
        print(
          "  \(pad(name, 22))\(pad(grouped(run.states), 12))\(pad(grouped(run.transitions), 14))"
            + "\(pad(fixed(run.cpu, 2), 9))\(pad(grouped(Int(Double(run.states) / run.cpu)), 12))"
            + "\(pad(String(run.storeBytes / max(run.states, 1)), 7))\(run.peakPerState)")
      }
      row("interpreter", interpreted)
      row("compiled", generated)
      row("interpreter, reduced", interpretedReduced)
      row("compiled, reduced", generatedReduced)
      print(
        "  \(pad("SPIN", 22))\(pad(grouped(verified.states), 12))\(pad(grouped(verified.transitions), 14))"
          + "\(pad(fixed(verified.cpu, 2), 9))\(pad(grouped(Int(Double(verified.states) / verified.cpu)), 12))"
          + "\(pad("-", 7))\(verified.peakBytes / max(verified.states, 1))")
      print(
        "  CPU time against SPIN's: interpreter \(fixed(interpreted.cpu / verified.cpu, 2))x, compiled "
          + "\(fixed(generated.cpu / verified.cpu, 2))x (SPIN's bytes/state: its peak RSS)")
      print(
        "  \(cores) workers, wall time against SPIN's CPU time (one core): interpreter "
          + "\(fixed(interpretedParallel.wall / verified.cpu, 2))x (\(fixed(interpretedParallel.wall, 2)) s), compiled "
          + "\(fixed(generatedParallel.wall / verified.cpu, 2))x (\(fixed(generatedParallel.wall, 2)) s)")
    }
    guard interpreted.states == generated.states, interpreted.transitions == generated.transitions else {
      throw BenchError("the interpreter and the compiled model disagree: \(interpreted) vs \(generated)")
    }
    print("  states:       \(grouped(generated.states)) (\(grouped(generated.transitions)) transitions)")
    print("  interpreter:  \(interpreted.line)")
    print("  compiled:     \(generated.line)")
    print("  ratio:        \(fixed(interpreted.cpu / generated.cpu, 2))x")
    guard interpretedParallel.states == interpreted.states, generatedParallel.states == generated.states,
      interpretedParallel.transitions == interpreted.transitions
    else {
      throw BenchError("the parallel and the sequential search disagree")
    }
    print("  \(cores) workers:")
    print("  interpreter:  \(interpretedParallel.line)")
    print("  compiled:     \(generatedParallel.line)")
    guard interpretedReduced.states == generatedReduced.states else {
      throw BenchError("the reduced searches disagree: \(interpretedReduced) vs \(generatedReduced)")
    }
    print(
      "  reduced:      \(grouped(generatedReduced.states)) states (\(grouped(generatedReduced.transitions)) transitions)"
    )
    print("  interpreter:  \(interpretedReduced.line)")
    print("  compiled:     \(generatedReduced.line)")

    // The transition function alone, without the explorer's state store: the same random
    // schedules through both systems.
    let steps = 2_000_000
    let walkInterpreter = cpuSeconds { walk(interpreter, steps: steps) }
    let walkCompiled = cpuSeconds { walk(compiled.init(), steps: steps) }
    print("successor generation alone (\(grouped(steps)) states expanded along random schedules):")
    print("  interpreter:  \(fixed(walkInterpreter, 3)) s  \(grouped(Int(Double(steps) / walkInterpreter))) states/s")
    print("  compiled:     \(fixed(walkCompiled, 3)) s  \(grouped(Int(Double(steps) / walkCompiled))) states/s")
    print("  ratio:        \(fixed(walkInterpreter / walkCompiled, 2))x")
  }

  struct Measurement: CustomStringConvertible {
    var states: Int
    var transitions: Int
    /// CPU seconds of the whole exploration (counterexamples included).
    var cpu: Double
    /// Wall-clock seconds of the search, as the explorer reports them.
    var wall: Double
    /// The state store's estimated bytes.
    var storeBytes: Int = 0
    /// Peak resident bytes of this process during the run (its peak reset before it), and the
    /// resident bytes when it started; nil without `/proc`.
    var peakBytes: Int?
    var baseBytes: Int?

    /// Bytes per state of the run's peak resident memory, whole and above what the process held
    /// before the run.
    var peakPerState: String {
      guard let peakBytes, let baseBytes else { return "-" }
      return "\(peakBytes / max(states, 1)) (\((peakBytes - baseBytes) / max(states, 1)) above the start)"
    }

    var line: String {
      "\(fixed(cpu, 3)) s  \(grouped(Int(Double(states) / cpu))) states/s  "
        + "(wall \(fixed(wall, 3)) s, \(grouped(Int(Double(states) / wall))) states/s), "
        + "peak memory \(peakPerState) bytes/state"
    }
    var description: String { "\(states) states, \(transitions) transitions" }
  }

  static func measure(_ body: () throws -> ExplorationResult) throws -> Measurement {
    var result: ExplorationResult?
    let reset = ProcessMemory.resetPeakResident()
    let base = ProcessMemory.residentBytes()
    let cpu = try cpuSeconds { result = try body() }
    let s = result!.statistics
    return Measurement(
      states: s.states, transitions: s.transitions, cpu: cpu, wall: s.seconds, storeBytes: s.storeBytes,
      peakBytes: reset ? ProcessMemory.peakResidentBytes() : nil, baseBytes: reset ? base : nil)
  }

  /// CPU time of this process spent in `body`.
  static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
    func now() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }
    let start = now()
    try body()
    return now() - start
  }

  /// Expands `steps` states along random schedules (seeded, so both systems walk the same
  /// states): from an initial state, pick a successor uniformly; restart when none.
  static func walk<S: TransitionSystem>(_ system: S, steps: Int) {
    let words = max(system.wordCount, 1)
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: words)
    let current = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: words)
    defer {
      scratch.deallocate()
      current.deallocate()
    }
    var random = SplitMix64(seed: 1)
    var initial: [UInt64] = []
    system.forEachInitialState(scratch: scratch) {
      initial = Array($0.prefix(words))
      return false
    }
    var successors: [UInt64] = []
    for i in 0..<words { current[i] = initial[i] }
    for _ in 0..<steps {
      successors.removeAll(keepingCapacity: true)
      system.forEachSuccessor(of: UnsafeBufferPointer(current), scratch: scratch) { _, next in
        successors.append(contentsOf: next.prefix(words))
      }
      let count = successors.count / words
      if count == 0 {
        for i in 0..<words { current[i] = initial[i] }
        continue
      }
      let pick = random.next(below: count)
      for i in 0..<words { current[i] = successors[pick * words + i] }
    }
  }

  /// Every variant under `specs/` (relative to the current directory), as `lockspec` loads them.
  static func loadVariants() throws -> [Variant] {
    let fm = FileManager.default
    let found = (fm.enumerator(atPath: "specs")?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    func read(_ path: String) -> String? {
      fm.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
    let files = found.compactMap { relative -> (path: String, text: String)? in
      read("specs/" + relative).map { ("specs/" + relative, $0) }
    }
    do {
      return try VariantLoader.load(files: files, read: read)
    } catch {
      throw BenchError(error.diagnostics.map(\.description).joined(separator: "\n"))
    }
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  static func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  static func fixed(_ x: Double, _ places: Int) -> String {
    String(format: "%.\(places)f", x)
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The command line of `lockspec-bench` (see `Bench`).
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lockspec-bench",
    abstract: "Explore one model with the interpreter and with its compiled form, and compare states per second.",
    discussion: """
      Without MODEL, every compiled model is explored once and the one with the most states is \
      benchmarked. Run it from the package root with optimization: \
      swift run -c release lockspec-bench bench/model-b --spin ../shared/bench/mmexit_exact.pml
      """,
    version: LockspecVersion.current)

  @Argument(help: "The model to benchmark, e.g. bench/model-b (default: the largest compiled model).")
  var model: String?

  @Option(name: .customLong("repeat"), help: "Rounds of explorations; the best of each is reported.")
  var repeats = 3

  @Option(help: ArgumentHelp("Also verify this Promela model with SPIN in every round.", valueName: "pml"))
  var spin: String?

  @Option(
    help: ArgumentHelp(
      "Instead, compare partial-order reduction with SPIN's on this Promela model written statement by statement "
        + "(mmexit_natural.pml) and specs/bench/model-b-natural.yaml.", valueName: "pml"))
  var spinNatural: String?

  @Option(help: "Scanner threads of the natural model (NSCAN, nscan).")
  var scanners = 3

  @Option(help: "Rounds of each scanner of the natural model (ITER, rounds).")
  var rounds = 2

  func run() throws {
    if let spinNatural {
      guard SpinComparison.available else {
        throw BenchError("--spin-natural needs spin, gcc and /usr/bin/time (apt-get install spin)")
      }
      try NaturalComparison(promela: spinNatural, scanners: scanners, rounds: rounds).run(repeats: max(repeats, 1))
      return
    }
    try Bench.main(model: model, repeats: max(repeats, 1), spinModel: spin)
  }
}

// Exit statuses: 0 done, 2 bad usage or a failed benchmark (as before it used swift-argument-parser).
let command: BenchCommand
do {
  command = try BenchCommand.parse()
} catch {
  let message = BenchCommand.fullMessage(for: error)
  if BenchCommand.exitCode(for: error) == .success {
    print(message)
    exit(0)
  }
  FileHandle.standardError.write(Data((message + "\n").utf8))
  exit(2)
}
do {
  try command.run()
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(2)
}
