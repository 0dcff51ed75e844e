import Foundation
import LockCheck
import LockTestSupport
import XCTest

@testable import LockSpec

/// Every example spec and the mm-exit v4.13 base, exported to Promela and checked by SPIN:
/// SPIN's verdicts must be lockspec's, and its counts lockspec's plus what `init` adds (one
/// state; one transition per initial state, and pan counts its root once more). Needs `spin`
/// and `gcc` on the PATH (`.ci/run` installs spin); fails without them.
final class PromelaSpinCrossCheckTests: XCTestCase {
  func testEveryExampleAgreesWithSpin() throws {
    let folder = PromelaExportTests.root.appendingPathComponent("specs/examples")
    let specs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
      .sorted()
    XCTAssertGreaterThanOrEqual(specs.count, 12)
    try requireSpin()
    // Each spec's cross-check is independent (its own folder, its own pan): on every processor.
    let problems = ConcurrentMap.map(specs.count) { index in
      let spec = specs[index]
      return Self.problems(relative: "specs/examples/\(spec)", name: "examples/" + spec.dropLast(5))
    }
    for problem in problems.joined() { XCTFail(problem) }
  }

  /// The examples' patch proposals: each patched variant, exported like a spec, agrees with SPIN.
  func testEveryExamplePatchAgreesWithSpin() throws {
    try requireSpin()
    let root = PromelaExportTests.root
    let folder = root.appendingPathComponent("specs/examples/patches")
    let patches = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
      .sorted()
    XCTAssertGreaterThanOrEqual(patches.count, 2)
    var models: [(name: String, model: ModelIR)] = []
    for patch in patches {
      let relative = "specs/examples/patches/\(patch)"
      let text = try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
      let variants = try VariantLoader.load(
        files: [(relative, text)],
        read: { try? String(contentsOf: root.appendingPathComponent($0), encoding: .utf8) })
      models += variants.filter { $0.patchPath == relative }.map { ($0.name, $0.model) }
    }
    XCTAssertGreaterThanOrEqual(models.count, 2)
    let variants = models
    let problems = ConcurrentMap.map(variants.count) { Self.problems(variants[$0].model, relative: variants[$0].name) }
    for problem in problems.joined() { XCTFail(problem) }
  }

  func testMmExitBaseAgreesWithSpin() throws {
    try crossCheck("specs/mm-exit/v4.13.yaml", name: "mm-exit/v4.13", optimizedPan: true)
  }

  func testThreadsEndedBeforeTheirFirstStepAgreeWithSpin() throws {
    // `idle` has no steps; `maybe` ends in its initial silent run when `go` starts false (the
    // `_ended` proctypes), and otherwise takes two steps to its end.
    let spec = """
      state:
        m: {type: mutex}
      threads:
        idle:
          steps: []
        maybe:
          locals:
            go: {type: bool, initial: any}
          steps:
            - if: "go"
              then:
                - {label: take, lock: m}
                - {label: give, unlock: m}
        other:
          steps:
            - {label: grab, lock: m}
            - {label: release, unlock: m}
      properties:
        - name: maybe_ends
          check: eventually
          condition: "done(maybe) && done(idle)"
          expect: holds
      """
    let model = try SpecLoader.load(text: spec, path: "ended.yaml", defaultName: "ended")
    XCTAssertTrue(
      try PromelaExporter.export(ExecutionPlan(model: model), path: "ended.yaml").text.contains("maybe_ended"))
    try crossCheck(model, relative: "ended.yaml")
  }

  /// Throws (failing the test) unless spin and gcc are on the PATH.
  func requireSpin() throws {
    guard SpinRun.find("spin") != nil, SpinRun.find("gcc") != nil else {
      throw SpinRun.Failure(
        description: "spin and gcc must be on the PATH (apt-get install -y spin gcc); .ci/run installs them")
    }
  }

  /// Explores `relative` with lockspec (no reduction), runs SPIN on its export, and compares;
  /// `optimizedPan` for a model of millions of states.
  func crossCheck(
    _ relative: String, name: String, optimizedPan: Bool = false, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    try requireSpin()
    for problem in Self.problems(relative: relative, name: name, optimizedPan: optimizedPan) {
      XCTFail(problem, file: file, line: line)
    }
  }

  func crossCheck(_ model: ModelIR, relative: String, file: StaticString = #filePath, line: UInt = #line) throws {
    try requireSpin()
    for problem in Self.problems(model, relative: relative) { XCTFail(problem, file: file, line: line) }
  }

  /// What disagrees between lockspec and SPIN on the spec at `relative` (empty when they agree).
  static func problems(relative: String, name: String, optimizedPan: Bool = false) -> [String] {
    do {
      return problems(try PromelaExportTests.load(relative, name: name), relative: relative, optimizedPan: optimizedPan)
    } catch {
      return ["\(relative): \(error)"]
    }
  }

  /// What disagrees between lockspec and SPIN on `model`. pan is compiled while lockspec
  /// explores (its depth bound needs lockspec's state count, its compilation does not).
  static func problems(_ model: ModelIR, relative: String, optimizedPan: Bool = false) -> [String] {
    var problems: [String] = []
    func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
      if !condition { problems.append("\(relative): \(message())") }
    }
    do {
      let start = ContinuousClock.now
      let plan = ExecutionPlan(model: model)
      let exported = try PromelaExporter.export(plan, path: relative)
      let spin = try SpinRun(
        model: exported.text, name: PromelaIdentifiers.clean(model.name), optimized: optimizedPan)
      defer { spin.remove() }
      let hasClaims = exported.properties.contains {
        if case .claim = $0 { return true } else { return false }
      }
      let work = ConcurrentMap.map(hasClaims ? 3 : 2) { part -> Result<ExplorationResult?, any Error> in
        Result {
          switch part {
          case 0: return try Interpreter(plan: plan).explore(options: ExplorationOptions(stopWhenDecided: false))
          case 1: try spin.compileSafety()
          default: try spin.compileLiveness()
          }
          return nil
        }
      }
      for part in work.dropFirst() { _ = try part.get() }
      guard let result = try work[0].get() else { return ["\(relative): no exploration result"] }
      expect(result.stopReason == .completed, "stopped: \(result.stopReason)")
      // pan's depth-first stack never holds more states than the graph has.
      let depth = result.statistics.states + 10
      let safety = try spin.safety(depth: depth)
      let initialStates = model.variables.reduce(1) { $0 * ($1.type.isLock ? 1 : max($1.initial.count, 1)) }
      expect(
        safety.states == result.statistics.states + 1,
        "states: SPIN \(safety.states), lockspec \(result.statistics.states) + 1")
      expect(
        safety.transitions == result.statistics.transitions + initialStates + 1,
        "transitions: SPIN \(safety.transitions), lockspec \(result.statistics.transitions) + \(initialStates) + 1")
      var verdicts: [String] = []
      for (property, encoding) in zip(model.properties, exported.properties) {
        guard let lockspec = result[property: property.name]?.verdict, lockspec != .unknown else {
          expect(false, "\(property.name) has no verdict")
          continue
        }
        let violated: Bool
        switch encoding {
        case .assertion(let id): violated = safety.failedAssertions.contains(id)
        case .witness(let id): violated = !safety.failedAssertions.contains(id)
        case .invalidEndState: violated = safety.invalidEndState
        case .claim(let claim, let fair):
          // The claim's states, and -f's copies of the graph per process, lengthen the search.
          let livenessDepth = depth * 4 * (model.threads.count + 2)
          violated = try spin.liveness(claim: claim, weakFairness: fair, depth: livenessDepth).errors > 0
        }
        let spinVerdict: Verdict = violated ? .violated : .holds
        expect(spinVerdict == lockspec, "\(property.name): SPIN \(spinVerdict), lockspec \(lockspec)")
        verdicts.append("\(property.name)=\(lockspec == spinVerdict ? "agree" : "DIFFER")")
      }
      // No assertion SPIN reports may be unknown to the model's properties.
      let known = Set(
        exported.properties.compactMap { encoding -> String? in
          switch encoding {
          case .assertion(let id), .witness(let id): return id
          default: return nil
          }
        })
      expect(safety.failedAssertions.isSubset(of: known), "unknown assertions \(safety.failedAssertions)")
      let seconds = (ContinuousClock.now - start).components.seconds
      print(
        "spin cross-check | \(relative) | \(result.statistics.states) | \(safety.states) | "
          + "\(result.statistics.transitions) | \(safety.transitions) | \(verdicts.joined(separator: " ")) | "
          + "\(seconds) s")
    } catch {
      problems.append("\(relative): \(error)")
    }
    return problems
  }
}
