import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// `eventually` and `leads_to` on small models whose state graphs are worked out by hand.
final class LivenessTests: XCTestCase {
  func explore(_ text: String, _ options: ExplorationOptions = ExplorationOptions(stopWhenDecided: false))
    throws -> ExplorationResult
  {
    let model = try XCTUnwrap(frontendLoad(text))
    return try Interpreter(model: model).explore(options: options)
  }

  func example(_ name: String) throws -> ExplorationResult {
    let url = ExampleSpecTests.specs.appendingPathComponent(name + ".yaml")
    return try explore(try String(contentsOf: url, encoding: .utf8))
  }

  func testTrylockSpinIsLiveOnlyUnderFairness() throws {
    // holder: before lock, holding, done; spinner: at its `while`, at the trylock, back at the
    // `while` holding the lock, at unlock, done. The spinner can only be at the first two
    // while the holder holds the lock: 5 + 3 + 5 = 13 states.
    let result = try example("liveness-trylock-spin")
    XCTAssertEqual(result.statistics.states, 13)
    XCTAssertEqual(result[property: "spinner_gets_the_lock"]?.verdict, .holds)
    let unfair = try XCTUnwrap(result[property: "spinner_gets_the_lock_unfair"])
    XCTAssertEqual(unfair.verdict, .violated)
    // The holder takes the lock, then the spinner fails its trylock forever.
    let lasso = try XCTUnwrap(unfair.counterexample)
    XCTAssertEqual(lasso.steps.map(\.thread), ["holder", "spinner", "spinner"])
    XCTAssertEqual(lasso.cycleStart, 1)
    XCTAssertEqual(lasso.steps.last?.result, "false")
    let text = CounterexampleRenderer().render(lasso)
    XCTAssertTrue(text.contains("-- cycle: steps 2-3 repeat forever --"), text)
  }

  func testWeakFairnessDoesNotPreventTrylockStarvation() throws {
    // The holder takes and drops the lock forever; the spinner's trylock can always land while
    // it is held. Holder at its loop header or its lock step: 5 spinner positions each; holding:
    // 3. 13 states.
    let result = try example("liveness-trylock-starvation")
    XCTAssertEqual(result.statistics.states, 13)
    let property = try XCTUnwrap(result[property: "spinner_gets_the_lock"])
    XCTAssertEqual(property.verdict, .violated)
    let lasso = try XCTUnwrap(property.counterexample)
    let cycle = try XCTUnwrap(lasso.cycleStart)
    // A fair cycle: both threads move in it.
    XCTAssertEqual(Set(lasso.steps[cycle...].map(\.thread)), ["holder", "spinner"])
    XCTAssertTrue(lasso.steps[cycle...].contains { $0.result == "false" })
  }

  func testHandshakeCompletes() throws {
    // client: set req, await ack; server: await req, set ack. One interleaving: 5 states.
    let result = try example("liveness-handshake")
    XCTAssertEqual(result.statistics.states, 5)
    XCTAssertEqual(result.statistics.transitions, 4)
    XCTAssertEqual(result[property: "request_is_acknowledged"]?.verdict, .holds)
    XCTAssertEqual(result[property: "client_finishes"]?.verdict, .holds)
  }

  func testALostRequestViolatesLeadsToWithARunThatEnds() throws {
    let text = """
      state:
        req: {type: flag}
        ack: {type: flag}
      threads:
        client:
          steps:
            - {label: send_request, set: req}
        server:
          steps:
            - choose:
                - [{label: answer, await: req}, {label: send_ack, set: ack}]
                - [{label: drop}]
      properties:
        - name: request_is_acknowledged
          check: leads_to
          from: req
          to: ack
      """
    let result = try explore(text)
    let property = try XCTUnwrap(result[property: "request_is_acknowledged"])
    XCTAssertEqual(property.verdict, .violated)
    let run = try XCTUnwrap(property.counterexample)
    XCTAssertNil(run.cycleStart)
    XCTAssertTrue(run.conclusion.contains("the run ends here"), run.conclusion)
    XCTAssertGreaterThanOrEqual(run.steps.count, 2)
  }

  func testLeadsToIsVacuousWhenFromNeverHolds() throws {
    let text = """
      state:
        req: {type: flag}
      threads:
        t:
          steps:
            - loop:
                steps: [{label: idle}]
      properties:
        - name: never_asked
          check: leads_to
          from: req
          to: "!req"
          fairness: none
      """
    XCTAssertEqual(try explore(text)[property: "never_asked"]?.verdict, .holds)
  }

  func testASelfLoopIsACycle() throws {
    // An unbounded loop with an empty body spins on its header: one state with a self-loop.
    let text = """
      state:
        go: {type: flag}
      threads:
        waiter:
          steps:
            - loop:
                while: "!go"
                steps: []
      properties:
        - name: waiter_finishes
          check: eventually
          condition: "done(waiter)"
      """
    let result = try explore(text)
    XCTAssertEqual(result.statistics.states, 1)
    let lasso = try XCTUnwrap(result[property: "waiter_finishes"]?.counterexample)
    XCTAssertEqual(lasso.cycleStart, 0)
    XCTAssertEqual(lasso.steps.count, 1)
  }

  func testABoundMakesLivenessUnknown() throws {
    let result = try example("liveness-handshake")
    XCTAssertEqual(result[property: "client_finishes"]?.verdict, .holds)
    let url = ExampleSpecTests.specs.appendingPathComponent("liveness-handshake.yaml")
    let bounded = try explore(
      try String(contentsOf: url, encoding: .utf8), ExplorationOptions(maxStates: 3, stopWhenDecided: false))
    XCTAssertEqual(bounded[property: "client_finishes"]?.verdict, .unknown)
  }

  func testLoopsWithoutMaxTakeBreakAndContinue() throws {
    // The spin written with `break` and a `continue`: the same 13 states as the `while` form
    // (the `continue` is silent), the same verdicts.
    let text = """
      state:
        m: {type: mutex}
      threads:
        holder:
          steps:
            - {label: holder_lock, lock: m}
            - {label: holder_unlock, unlock: m}
        spinner:
          locals:
            got: {type: bool}
          steps:
            - loop:
                steps:
                  - {label: spinner_trylock, trylock: m, into: got}
                  - if: got
                    then: [break]
                  - continue
            - {label: spinner_unlock, unlock: m}
      properties:
        - {name: fair, check: eventually, condition: "done(spinner)"}
        - {name: unfair, check: eventually, condition: "done(spinner)", fairness: none}
      """
    let result = try explore(text)
    XCTAssertEqual(result[property: "fair"]?.verdict, .holds)
    XCTAssertEqual(result[property: "unfair"]?.verdict, .violated)
    XCTAssertEqual(result.statistics.states, 11)
  }

  func testJSONNumbersTheCycleStart() throws {
    let result = try example("liveness-trylock-spin")
    let property = try XCTUnwrap(result[property: "spinner_gets_the_lock_unfair"])
    let row = CheckReport.Result(spec: "s", variant: "v", patch: nil, property: property, outcome: result)
    XCTAssertEqual(row.cycleStart, 2)
    XCTAssertTrue(try JSONReport.encode(row).contains("\"cycle_start\" : 2"))
  }

  func testLivenessKeysAreChecked() {
    let spec = { (property: String) in
      "state:\n  f: {type: flag}\nthreads:\n  t:\n    steps: [{set: f}]\nproperties:\n" + property
    }
    XCTAssertEqual(
      frontendDiagnostics(spec("  - {name: p, check: leads_to, from: f}\n")),
      ["t.yaml:7:22: error: check leads_to needs 'to'"])
    XCTAssertEqual(
      frontendDiagnostics(spec("  - {name: p, check: never, condition: f, fairness: weak}\n")),
      ["t.yaml:7:53: error: 'fairness' applies only to eventually and leads_to"])
    XCTAssertEqual(
      frontendDiagnostics(spec("  - {name: p, check: eventually, condition: f, fairness: strong}\n")),
      ["t.yaml:7:58: error: 'fairness' must be weak or none, found 'strong'"])
    XCTAssertEqual(
      frontendDiagnostics(spec("  - {name: p, check: eventually, condition: f, to: f}\n")),
      ["t.yaml:7:52: error: 'to' does not apply to check eventually"])
  }
}
