import Foundation
import XCTest

@testable import LockCheck

/// `SARIFReport`: which properties become results, at which level and place, and how paths
/// become URIs. (The command tests validate whole logs against the SARIF 2.1.0 schema.)
final class SARIFReportTests: XCTestCase {
  func testLevelsFollowTheVerdictAgainstTheExpectation() throws {
    let race = try Explorer(system: CounterRace.system).run()
    let uaf = try Explorer(system: UseAfterFree.system).run()
    let report = CheckReport(models: [
      .init(spec: "specs/race.yaml", variant: race.model, patch: nil, outcome: race),
      .init(
        spec: "specs/toy.yaml", variant: uaf.model, patch: nil, outcome: uaf,
        declarations: ["reaper_no_uaf": SpecPosition(path: "specs/toy.yaml", line: 9, column: 13)],
        origin: SpecPosition(path: "specs/toy.yaml", line: 1, column: 7)),
    ])
    let run = try XCTUnwrap(SARIFReport().log(report).runs.first)
    // lost_update is violated as expected and reaches_three, unjudged, is not reached (notes);
    // reaper_no_uaf is violated against `holds` (an error); what holds as expected is left out.
    XCTAssertEqual(run.results.map(\.ruleId), ["never", "reachable", "no_use_after_free"])
    XCTAssertEqual(run.results.map(\.level), ["note", "note", "error"])
    XCTAssertEqual(run.tool.driver.rules.map(\.id), ["never", "reachable", "no_use_after_free"])
    XCTAssertEqual(run.results.map(\.ruleIndex), [0, 1, 2])
    XCTAssertEqual(run.results[1].properties, ["variant": "examples/counter-race", "verdict": "violated"])
    let uafResult = run.results[2]
    XCTAssertEqual(uafResult.locations.first?.physicalLocation.region, .init(startLine: 9, startColumn: 13))
    XCTAssertEqual(uafResult.locations.first?.physicalLocation.artifactLocation.uri, "specs/toy.yaml")
    XCTAssertEqual(uafResult.properties, ["variant": "mm-exit/toy", "verdict": "violated", "expected": "holds"])
    XCTAssertTrue(uafResult.message.text.hasPrefix("reaper_no_uaf VIOLATED in mm-exit/toy, expected holds ("))
    XCTAssertTrue(uafResult.message.text.contains("<- use after free of pgtables"), uafResult.message.text)
    // Without a declaration, a result points at the model's file.
    XCTAssertEqual(run.results[0].locations.first?.physicalLocation.artifactLocation.uri, "specs/race.yaml")
    XCTAssertEqual(run.results[0].locations.first?.physicalLocation.region, .init(startLine: 1, startColumn: 1))
    XCTAssertEqual(run.invocations.map(\.executionSuccessful), [true])
  }

  func testUnknownVerdictsAreWarningsNamingTheBound() throws {
    let result = try Explorer(system: CounterRace.system, options: .init(maxStates: 5)).run()
    let report = CheckReport(models: [.init(spec: "race.yaml", variant: result.model, patch: nil, outcome: result)])
    let results = try XCTUnwrap(SARIFReport().log(report).runs.first?.results)
    let unknown = results.filter { $0.level == "warning" }
    XCTAssertFalse(unknown.isEmpty)
    for item in unknown { XCTAssertTrue(item.message.text.contains("max_states bound hit: 5 states (limit 5)")) }
  }

  func testLoadProblemsAreErrorResultsAndTheRunIsUnsuccessful() throws {
    let problem = SpecProblem(position: SpecPosition(path: "specs/a.yaml", line: 3, column: 13), message: "bad")
    let run = try XCTUnwrap(SARIFReport().log(CheckReport(models: []), problems: [problem]).runs.first)
    XCTAssertEqual(run.results.map(\.ruleId), [SARIFReport.specErrorRule])
    XCTAssertEqual(run.results.first?.level, "error")
    XCTAssertEqual(run.invocations.map(\.executionSuccessful), [false])
    let json = try JSONReport.encode(SARIFLog(runs: [run]))
    XCTAssertTrue(json.hasPrefix("{\n  \"$schema\" : \"https://docs.oasis-open.org/sarif/sarif/v2.1.0/"), json)
    XCTAssertTrue(json.contains("\"version\" : \"2.1.0\""), json)
  }

  func testPathsBecomeURIReferences() {
    XCTAssertEqual(SARIFReport.uri("specs/mm-exit/v4.13.yaml"), "specs/mm-exit/v4.13.yaml")
    XCTAssertEqual(SARIFReport.uri("./specs/a b#1.yaml"), "specs/a%20b%231.yaml")
    XCTAssertEqual(SARIFReport.uri("/tmp/x/ü.yaml"), "file:///tmp/x/%C3%BC.yaml")
  }
}
