import Foundation
import LockCheck
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
    for spec in specs {
      try crossCheck("specs/examples/\(spec)", name: "examples/" + spec.dropLast(5))
    }
  }

  func testMmExitBaseAgreesWithSpin() throws {
    try crossCheck("specs/mm-exit/v4.13.yaml", name: "mm-exit/v4.13")
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

  /// Explores `relative` with lockspec (no reduction), runs SPIN on its export, and compares.
  func crossCheck(_ relative: String, name: String, file: StaticString = #filePath, line: UInt = #line) throws {
    try crossCheck(PromelaExportTests.load(relative, name: name), relative: relative, file: file, line: line)
  }

  func crossCheck(_ model: ModelIR, relative: String, file: StaticString = #filePath, line: UInt = #line) throws {
    guard SpinRun.find("spin") != nil, SpinRun.find("gcc") != nil else {
      XCTFail(
        "spin and gcc must be on the PATH (apt-get install -y spin gcc); .ci/run installs them", file: file, line: line)
      return
    }
    let start = ContinuousClock.now
    let plan = ExecutionPlan(model: model)
    let result = try Interpreter(plan: plan).explore(options: ExplorationOptions(stopWhenDecided: false))
    XCTAssertEqual(result.stopReason, .completed, relative, file: file, line: line)
    let exported = try PromelaExporter.export(plan, path: relative)
    let spin = try SpinRun(model: exported.text, name: PromelaIdentifiers.clean(model.name))
    defer { spin.remove() }
    // pan's depth-first stack never holds more states than the graph has.
    let depth = result.statistics.states + 10
    let safety = try spin.safety(depth: depth)
    let initialStates = model.variables.reduce(1) { $0 * ($1.type.isLock ? 1 : max($1.initial.count, 1)) }
    XCTAssertEqual(safety.states, result.statistics.states + 1, "\(relative): states", file: file, line: line)
    XCTAssertEqual(
      safety.transitions, result.statistics.transitions + initialStates + 1, "\(relative): transitions", file: file,
      line: line)
    var verdicts: [String] = []
    for (property, encoding) in zip(model.properties, exported.properties) {
      guard let lockspec = result[property: property.name]?.verdict, lockspec != .unknown else {
        XCTFail("\(relative): \(property.name) has no verdict", file: file, line: line)
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
      XCTAssertEqual(spinVerdict, lockspec, "\(relative): \(property.name)", file: file, line: line)
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
    XCTAssertTrue(
      safety.failedAssertions.isSubset(of: known), "\(relative): \(safety.failedAssertions)", file: file, line: line)
    let seconds = (ContinuousClock.now - start).components.seconds
    print(
      "spin cross-check | \(relative) | \(result.statistics.states) | \(safety.states) | "
        + "\(result.statistics.transitions) | \(safety.transitions) | \(verdicts.joined(separator: " ")) | \(seconds) s"
    )
  }
}
