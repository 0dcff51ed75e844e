import Foundation
import XCTest

@testable import LockCheck
@testable import LockSpec

/// The liveness cone: a `leads_to` property whose `from` condition pins where threads rest is
/// decided on the states that can still get there, in a search of its own beside a reduced
/// search of the other properties, with the verdicts and lassos of the full graph.
final class LivenessConeTests: XCTestCase {
  static let reduced = ExplorationOptions(stopWhenDecided: false, reductions: .all)
  static let full = ExplorationOptions(stopWhenDecided: false)

  /// The model, its explorer with every reduction, and the split `run()` makes (nil: none).
  func split(_ model: ModelIR) throws -> (Explorer<Interpreter>, Explorer<Interpreter>.LivenessSplit?) {
    let explorer = try Explorer(system: Interpreter(model: model), options: Self.reduced)
    return (explorer, explorer.livenessSplit())
  }

  /// The search `run()` makes of the liveness properties of `plan`, within its cone.
  func coneSearch(_ system: Interpreter, _ plan: Explorer<Interpreter>.LivenessSplit)
    -> (result: ExplorationResult, leftCone: Bool)
  {
    Explorer(system: system, options: Self.reduced, selected: plan.liveness, cone: plan.cone).search()
  }

  func assertSameResults(_ full: ExplorationResult, _ reduced: ExplorationResult, _ name: String) {
    XCTAssertEqual(reduced.stopReason, full.stopReason, "\(name): stop reason")
    XCTAssertEqual(reduced.properties.map(\.name), full.properties.map(\.name), name)
    for (a, b) in zip(full.properties, reduced.properties) {
      XCTAssertEqual(b.verdict, a.verdict, "\(name): \(a.name)")
      XCTAssertEqual(b.counterexample, a.counterexample, "\(name): counterexample of \(a.name)")
    }
  }

  func testRandomModelsKeepLivenessVerdictsAndLassos() throws {
    var generator = RandomModelGenerator(seed: 0x1EAD_5700)
    var split = 0
    var leftCone = 0
    var violated = 0
    var coneStates = 0
    var fullStates = 0
    for index in 0..<1400 {
      let model = generator.livenessModel(name: "random/\(index)")
      let system = Interpreter(model: model)
      var fullOptions = Self.full
      var reducedOptions = Self.reduced
      fullOptions.stopWhenDecided = index % 2 == 0
      reducedOptions.stopWhenDecided = index % 2 == 0
      let full = try system.explore(options: fullOptions)
      let reduced = try system.explore(options: reducedOptions)
      assertSameResults(full, reduced, model.name)
      guard let plan = try self.split(model).1 else { continue }
      split += 1
      let within = coneSearch(system, plan)
      // A bound met outside the cone makes the full graph's liveness verdicts unknown; `run()`
      // learns of it from the other search.
      guard full.stopReason == .completed else { continue }
      if within.leftCone {
        leftCone += 1
      } else {
        coneStates += within.result.statistics.states
        fullStates += full.statistics.states
        // Within the cone, the liveness verdicts are the full graph's.
        for result in within.result.properties {
          XCTAssertEqual(result.verdict, full[property: result.name]?.verdict, "\(model.name): \(result.name)")
          XCTAssertEqual(result.counterexample, full[property: result.name]?.counterexample, model.name)
          if result.verdict == .violated { violated += 1 }
        }
      }
    }
    XCTAssertGreaterThanOrEqual(split, 500, "random models the cone applies to")
    XCTAssertGreaterThan(leftCone, 0, "no model needed the full graph again")
    XCTAssertGreaterThan(violated, 50, "violations found within the cone")
    XCTAssertLessThan(coneStates, fullStates, "the cone never left a state out")
  }

  /// A `from` state whose run leaves the cone before the goal: the pass asks for a successor
  /// that was not stored, and the property is decided on the full graph instead.
  func testARunLeavingTheConeSendsTheSearchBackToTheFullGraph() throws {
    let text = """
      spec: test/leaves
      state:
        done_flag: {type: flag}
        x: {type: int, min: 0, max: 3}
      threads:
        a:
          steps:
            - label: start
              assign: {x: "1"}
            - label: moved
              assign: {x: "2"}
        b:
          steps:
            - label: b1
              assign: {x: "3"}
      properties:
        - name: start_leads_to_flag
          check: leads_to
          from: "a@moved"
          to: done_flag
      """
    let model = try XCTUnwrap(frontendLoad(text))
    let (explorer, plan) = try split(model)
    let within = coneSearch(explorer.system, try XCTUnwrap(plan))
    XCTAssertTrue(within.leftCone)
    let full = try Interpreter(model: model).explore(options: Self.full)
    let reduced = try Interpreter(model: model).explore(options: Self.reduced)
    XCTAssertEqual(full[property: "start_leads_to_flag"]?.verdict, .violated)
    assertSameResults(full, reduced, model.name)
  }

  /// The shape of the mm-exit `exit-aio-stuck` variants: the exit path either returns or waits
  /// for good, and the property asks about the waiting runs. The states after the return are
  /// outside the cone; the search of the safety properties is reduced.
  func testTheConeLeavesOutTheRunsThatCannotTrigger() throws {
    let text = """
      spec: test/stuck
      state:
        lock: {type: mutex}
        skip: {type: flag}
        n: {type: int, min: 0, max: 3}
      threads:
        exit:
          steps:
            - label: aio
              choose:
                - []
                - - label: blocked
                    loop:
                      steps:
                        - label: waits
                          assign: {n: "n"}
            - label: e1
              lock: lock
            - label: e2
              assign: {n: "1"}
            - label: e3
              unlock: lock
        reaper:
          steps:
            - label: r1
              lock: lock
            - label: r2
              assign: {n: "2"}
            - label: r3
              unlock: lock
            - label: r4
              set: skip
      properties:
        - name: small
          check: never
          condition: "n == 1 && skip"
        - name: stuck_exit_gets_skip
          check: leads_to
          from: "exit@waits"
          to: skip
      """
    let model = try XCTUnwrap(frontendLoad(text))
    let (explorer, plan) = try split(model)
    let found = try XCTUnwrap(plan)
    XCTAssertEqual(found.liveness.nonzeroBitCount, 1)
    XCTAssertNotEqual(found.safety, 0)
    let within = coneSearch(explorer.system, found)
    XCTAssertFalse(within.leftCone)
    let full = try Interpreter(model: model).explore(options: Self.full)
    XCTAssertLessThan(within.result.statistics.states, full.statistics.states)
    assertSameResults(full, explorer.run(), model.name)
    XCTAssertEqual(full[property: "stuck_exit_gets_skip"]?.verdict, .holds)
  }

  func testTriggerPlacesComeFromPositionTerms() throws {
    let text = """
      spec: test/places
      state:
        f: {type: flag}
      threads:
        a:
          steps:
            - {label: a1, set: f}
            - {label: a2, clear: f}
        b:
          steps:
            - {label: b1, set: f}
      properties:
        - {name: either, check: leads_to, from: "a@a2 || b@b1", to: f}
        - {name: both, check: leads_to, from: "f && a@a1", to: f}
        - {name: ended, check: leads_to, from: "done(b)", to: f}
        - {name: anywhere, check: leads_to, from: "f || a@a1", to: f}
        - {name: negated, check: leads_to, from: "!a@a1", to: f}
        - {name: never, check: leads_to, from: "false && f", to: f}
      """
    let model = try XCTUnwrap(frontendLoad(text))
    let places = TriggerAnalysis(model: model).places()
    let names = places.map { model.properties[$0.property].name }
    XCTAssertEqual(names, ["either", "both", "ended", "never"])
    let a1 = try XCTUnwrap(model.threads[0].instructions.firstIndex { $0.origin.label == "a1" })
    let a2 = try XCTUnwrap(model.threads[0].instructions.firstIndex { $0.origin.label == "a2" })
    let b1 = try XCTUnwrap(model.threads[1].instructions.firstIndex { $0.origin.label == "b1" })
    let bEnd = try XCTUnwrap(model.threads[1].instructions.firstIndex { $0.kind == .end })
    XCTAssertEqual(places[0].pcs, [[a2], [b1]])
    XCTAssertEqual(places[1].pcs, [[a1], []])
    XCTAssertEqual(places[2].pcs, [[], [bEnd]])
    XCTAssertEqual(places[3].pcs, [[], []])
  }
}

extension RandomModelGenerator {
  /// A random model with one or two `leads_to` properties whose `from` conditions are mostly
  /// made of `thread@label` and `done(thread)` terms (sometimes with another condition joined
  /// by `&&`, sometimes a condition over anything), under either fairness.
  mutating func livenessModel(name: String) -> ModelIR {
    var model = self.model(name: name)
    for k in 0..<(1 + below(2)) {
      let fairness: Fairness = chance(70) ? .weak : .unfair
      model.properties.append(
        InterpreterGraphTests.property(
          "leads\(k)", .leadsTo(from: trigger(depth: 2), to: expression(depth: 2), fairness: fairness)))
    }
    return model
  }

  mutating func trigger(depth: Int) -> Expr {
    let t = below(threadCount)
    switch depth == 0 ? below(3) : below(8) {
    case 0, 1: return .at(thread: t, pcs: (0..<(1 + below(2))).map { _ in below(lengths[t] + 1) })
    case 2: return .done(thread: t)
    case 3, 4: return .binary(.or, trigger(depth: depth - 1), trigger(depth: depth - 1))
    case 5, 6: return .binary(.and, trigger(depth: depth - 1), expression(depth: 1))
    default: return expression(depth: 2)
    }
  }
}
