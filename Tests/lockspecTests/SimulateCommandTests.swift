import Foundation
import XCTest

/// `lockspec simulate` (the interpreter) against `lockspec-sim` (the compiled models) on the
/// package's own specs: the same seeds give the same runs and the same bytes; and the
/// argument-parser command line of `lockspec-sim`.
final class SimulateCommandTests: CommandTestCase {
  /// The package root (the compiled models' spec paths are relative to it).
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Runs the product `name` (built next to `lockspec`) with `arguments` in the package root.
  func inRoot(_ name: String, _ arguments: [String]) throws -> Run {
    try runProcess(binary.deletingLastPathComponent().appendingPathComponent(name), arguments, in: root)
  }

  /// `simulate FILE` and `lockspec-sim run MODEL` with the same seed and runs print the same
  /// bytes, but for the replay command each names (its own tool), and exit the same; so do
  /// `simulate --run I` and `lockspec-sim replay` for the failing run.
  func assertSameAsCompiled(
    file: String, model: String, variant: String? = nil, seed: Int, runs: Int, extra: [String] = [],
    line: UInt = #line
  ) throws -> String {
    let options = ["--seed", "\(seed)", "--runs", "\(runs)"] + extra
    let chosen = variant.map { ["--variant", $0] } ?? []
    let interpreted = try inRoot("lockspec", ["simulate", file] + chosen + options)
    let compiled = try inRoot("lockspec-sim", ["run", model] + options)
    XCTAssertEqual(compiled.err, "", line: line)
    XCTAssertEqual(interpreted.err, "", line: line)
    XCTAssertEqual(interpreted.status, compiled.status, line: line)
    let ownReplay = "replay: lockspec simulate \(file)\(variant.map { " --variant \($0)" } ?? "") --seed"
    let simReplay = "replay: swift run lockspec-sim replay \(model) --seed"
    XCTAssertEqual(interpreted.out.replacingOccurrences(of: ownReplay, with: simReplay), compiled.out, line: line)
    guard let range = compiled.out.range(of: #"VIOLATED in run ([0-9]+)"#, options: .regularExpression) else {
      XCTAssertFalse(interpreted.out.contains(ownReplay), line: line)
      return compiled.out
    }
    XCTAssertTrue(interpreted.out.contains(ownReplay), interpreted.out, line: line)
    let run = String(compiled.out[range].split(separator: " ").last!)
    let replayOptions = ["--seed", "\(seed)", "--run", run] + extra
    let replayed = try inRoot("lockspec", ["simulate", file] + chosen + replayOptions)
    let replayedCompiled = try inRoot("lockspec-sim", ["replay", model] + replayOptions)
    XCTAssertEqual(replayed.out, replayedCompiled.out, line: line)
    XCTAssertEqual(replayed.status, replayedCompiled.status, line: line)
    XCTAssertTrue(replayed.out.contains("\(model): run \(run) (seed \(seed))"), replayed.out, line: line)
    return compiled.out
  }

  func testAViolationIsFoundAndReplayedByteForByteAsTheCompiledSimulatorDoes() throws {
    let out = try assertSameAsCompiled(
      file: "specs/examples/abba-deadlock.yaml", model: "examples/abba-deadlock", seed: 7, runs: 200)
    XCTAssertTrue(out.contains("deadlock_free VIOLATED in run"), out)
  }

  func testAPatchedVariantAndAPropertySelection() throws {
    let out = try assertSameAsCompiled(
      file: "specs/examples/patches/abba-lock-order.yaml", model: "examples/abba-deadlock+abba-lock-order", seed: 3,
      runs: 100)
    XCTAssertTrue(out.contains("no property violated"), out)
    _ = try assertSameAsCompiled(
      file: "specs/examples/refcount-broken.yaml", model: "examples/refcount-broken", seed: 11, runs: 300,
      extra: ["--property", "no_double_free", "--max-steps", "50"])
  }

  func testTheMmExitHistoryAgreesOverSeveralSeeds() throws {
    for seed in [1, 2, 42] {
      _ = try assertSameAsCompiled(
        file: "specs/mm-exit/v4.13.yaml", model: "mm-exit/v4.13", seed: seed, runs: 300)
      _ = try assertSameAsCompiled(
        file: "specs/mm-exit/patches/drop-ksm-trick.yaml", model: "mm-exit/v4.13+drop-ksm-trick",
        variant: "mm-exit/v4.13+drop-ksm-trick", seed: seed, runs: 300)
    }
  }

  func testBadInputIsLocatedAndExitsTwo() throws {
    try write(
      "broken.yaml", "spec: broken\nstate:\n  a: {type: mutex}\nthreads:\n  t:\n    steps:\n      - {lock: b}\n")
    let broken = try lockspec(["simulate", "specs/broken.yaml"])
    XCTAssertEqual(broken.status, 2)
    XCTAssertTrue(broken.err.contains("specs/broken.yaml:7:"), broken.err)
    let folder = try lockspec(["simulate", "specs"])
    XCTAssertEqual(folder.status, 2)
    XCTAssertTrue(folder.err.contains("not a folder"), folder.err)
    let missing = try lockspec(["simulate", "specs/none.yaml"])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.err.contains("specs/none.yaml"), missing.err)
    try write(
      "ok.yaml",
      "spec: ok\nstate:\n  a: {type: mutex}\nthreads:\n  t:\n    steps:\n      - {lock: a}\n      - {unlock: a}\n")
    let property = try lockspec(["simulate", "specs/ok.yaml", "--property", "nope"])
    XCTAssertEqual(property.status, 2)
    XCTAssertTrue(property.err.contains("nope"), property.err)
    let runs = try lockspec(["simulate", "specs/ok.yaml", "--runs", "-1"])
    XCTAssertEqual(runs.status, 2)
    let fine = try lockspec(["simulate", "specs/ok.yaml", "--runs", "5"])
    XCTAssertEqual(fine.status, 0, fine.err)
    XCTAssertEqual(fine.out, "ok: 5 runs (seed 0), 10 steps, 5 completed, 0 truncated\n  no property violated\n")
  }

  func testTheSimulatorKeepsItsCommandsOnArgumentParser() throws {
    let help = try inRoot("lockspec-sim", ["--help"])
    XCTAssertEqual(help.status, 0, help.err)
    for command in ["list", "run", "replay", "explore", "--version"] {
      XCTAssertTrue(help.out.contains(command), help.out)
    }
    let runHelp = try inRoot("lockspec-sim", ["run", "--help"])
    for option in ["--seed", "--runs", "--max-steps", "--property"] {
      XCTAssertTrue(runHelp.out.contains(option), runHelp.out)
    }
    let none = try inRoot("lockspec-sim", [])
    XCTAssertEqual(none.status, 2)
    let unknown = try inRoot("lockspec-sim", ["run", "examples/abba-deadlock", "--seeds", "3"])
    XCTAssertEqual(unknown.status, 2)
    XCTAssertTrue(unknown.err.contains("--seeds"), unknown.err)
    let model = try inRoot("lockspec-sim", ["run", "no/such-model"])
    XCTAssertEqual(model.status, 2)
    XCTAssertTrue(model.err.contains("unknown model no/such-model; known models: "), model.err)
    let replay = try inRoot("lockspec-sim", ["replay", "examples/abba-deadlock", "--seed", "1"])
    XCTAssertEqual(replay.status, 2)
    XCTAssertTrue(replay.err.contains("--run"), replay.err)
    let list = try inRoot("lockspec-sim", ["list"])
    XCTAssertEqual(list.status, 0)
    XCTAssertTrue(list.out.contains("examples/abba-deadlock  (specs/examples/abba-deadlock.yaml)  2 threads"), list.out)
    let explore = try inRoot("lockspec-sim", ["explore", "examples/abba-deadlock", "--format", "json"])
    XCTAssertEqual(explore.status, 0, explore.err)
    XCTAssertTrue(explore.out.contains("\"format_version\""), explore.out)
  }
}
