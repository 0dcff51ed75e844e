import Foundation
import LockCheck
import LockSpec

/// Partial-order reduction against SPIN's on the protocol written statement by statement:
/// `mmexit_natural.pml` (SPIN with and without its reduction) and
/// `specs/bench/model-b-natural.yaml` (the interpreter with partial-order reduction and without
/// any), at the same scale, interleaved round by round; prints each one's cut.
struct NaturalComparison {
  /// The Promela model (`../shared/bench/mmexit_natural.pml`).
  let promela: String
  /// Scanner threads (`NSCAN`, the spec's `nscan`) and their rounds (`ITER`, `rounds`).
  let scanners: Int
  let rounds: Int

  func run(repeats: Int) throws {
    let temporary = FileManager.default.temporaryDirectory.path
    let scale = ["-DNSCAN=\(scanners)", "-DITER=\(rounds)"]
    let spinFull = SpinComparison(
      model: promela, folder: temporary + "/lockspec-bench-natural-full", defines: ["-DNOREDUCE"],
      modelDefines: scale)
    let spinReduced = SpinComparison(
      model: promela, folder: temporary + "/lockspec-bench-natural-por", defines: [], modelDefines: scale)
    try spinFull.build()
    try spinReduced.build()
    let path = "specs/bench/model-b-natural.yaml"
    guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
      throw BenchError("cannot read \(path) (run from the package root)")
    }
    let variants: [Variant]
    do {
      variants = try VariantLoader.load(
        files: [(path, text)], read: { _ in nil }, parameters: ["nscan": scanners, "rounds": rounds])
    } catch {
      throw BenchError(error.diagnostics.map(\.description).joined(separator: "\n"))
    }
    guard let variant = variants.first else { throw BenchError("\(path) holds no model") }
    let interpreter = Interpreter(model: variant.model)
    var full: Bench.Measurement?
    var reduced: Bench.Measurement?
    var spinFullRun: SpinComparison.Run?
    var spinReducedRun: SpinComparison.Run?
    for _ in 0..<repeats {
      let f = try Bench.measure { try interpreter.explore(options: ExplorationOptions(reductions: [])) }
      if full == nil || f.cpu < full!.cpu { full = f }
      let r = try Bench.measure { try interpreter.explore(options: ExplorationOptions(reductions: .partialOrder)) }
      if reduced == nil || r.cpu < reduced!.cpu { reduced = r }
      let sf = try spinFull.verify()
      if spinFullRun == nil || sf.cpu < spinFullRun!.cpu { spinFullRun = sf }
      let sr = try spinReduced.verify()
      if spinReducedRun == nil || sr.cpu < spinReducedRun!.cpu { spinReducedRun = sr }
    }
    guard let full, let reduced, let spinFullRun, let spinReducedRun else { return }
    print(
      "partial-order reduction on the natural model, \(scanners) scanners x \(rounds) rounds "
        + "(best CPU time of \(repeats) rounds each; bytes per state of peak RSS):")
    print(
      "  \(Bench.pad("", 30))\(Bench.pad("states", 13))\(Bench.pad("transitions", 14))"
        + "\(Bench.pad("CPU s", 9))bytes/state")
    func row(_ name: String, _ states: Int, _ transitions: Int, _ cpu: Double, _ bytes: Int?) {
      print(
        "  \(Bench.pad(name, 30))\(Bench.pad(Bench.grouped(states), 13))"
          + "\(Bench.pad(Bench.grouped(transitions), 14))\(Bench.pad(Bench.fixed(cpu, 2), 9))"
          + (bytes.map { String($0 / max(states, 1)) } ?? "-"))
    }
    row("lockspec interpreter, full", full.states, full.transitions, full.cpu, full.peakBytes)
    row("lockspec interpreter, POR", reduced.states, reduced.transitions, reduced.cpu, reduced.peakBytes)
    row("SPIN, -DNOREDUCE", spinFullRun.states, spinFullRun.transitions, spinFullRun.cpu, spinFullRun.peakBytes)
    row("SPIN, POR", spinReducedRun.states, spinReducedRun.transitions, spinReducedRun.cpu, spinReducedRun.peakBytes)
    let cut = Double(full.states) / Double(max(reduced.states, 1))
    let spinCut = Double(spinFullRun.states) / Double(max(spinReducedRun.states, 1))
    print(
      "  state cut: lockspec \(Bench.fixed(cut, 2))x, SPIN \(Bench.fixed(spinCut, 2))x; "
        + "CPU time of the reduced runs: lockspec \(Bench.fixed(reduced.cpu / spinReducedRun.cpu, 2))x SPIN's")
  }
}
