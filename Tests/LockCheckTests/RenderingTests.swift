import XCTest

@testable import LockCheck

final class RenderingTests: XCTestCase {
  func uafTrace() throws -> Counterexample {
    let result = try Explorer(system: UseAfterFree.system).run()
    return try XCTUnwrap(result[property: "reaper_no_uaf"]?.counterexample)
  }

  func testUseAfterFreeRendersInThreadColumns() throws {
    let text = CounterexampleRenderer().render(try uafTrace())
    let expected = """
      reaper_no_uaf VIOLATED in mm-exit/toy (4 steps)
           exit                       oom_reaper
        1  mmput(mm)                                                           [kernel/fork.c:mmput]
             mm_users 1 -> 0
        2  free_pgtables(tlb, vma)                                             [mm/mmap.c:exit_mmap]
             pgtables live -> freed
        3                             down_read_trylock(&mm->mmap_sem) -> ok   [mm/oom_kill.c:__oom_reap_task_mm]
        4                             unmap_page_range(...)                    [mm/memory.c:unmap_page_range]
                                      <- use after free of pgtables (freed by exit at step 2)
      """
    XCTAssertEqual(text, expected)
  }

  func testChangesGoBelowTheirStepAndStepsAreNumbered() {
    let steps = [
      CounterexampleStep(
        thread: "b", threadIndex: 1, stepIndex: 0, label: "lbl", code: "", location: "", changes: [], result: nil),
      CounterexampleStep(
        thread: "a", threadIndex: 0, stepIndex: 1, label: "", code: "x()", location: "f.c:g",
        changes: [.init(slot: "v", from: "false", to: "true"), .init(slot: "n", from: "1", to: "0")], result: "ok"),
    ]
    let trace = Counterexample(
      property: "p", model: "m", kind: .witness, steps: steps, conclusion: "p: condition reached",
      initial: ["mode = fast"])
    XCTAssertEqual(
      CounterexampleRenderer().render(trace),
      """
      p REACHED in m (2 steps)
        initially: mode = fast
           a                             b
        1                                lbl
        2  x() -> ok                           [f.c:g]
             v false -> true, n 1 -> 0
           <- p: condition reached
      """)
  }

  func testStatementPunctuationIsDroppedInEntries() {
    func entry(_ code: String) -> String {
      CounterexampleRenderer().entry(
        CounterexampleStep(
          thread: "t", threadIndex: 0, stepIndex: 0, label: "l", code: code, location: "", changes: [], result: "true"))
    }
    XCTAssertEqual(entry("mutex_lock(&a);"), "mutex_lock(&a) -> true")
    XCTAssertEqual(
      entry("if (atomic_dec_and_test(&mm->mm_users)) {"), "if (atomic_dec_and_test(&mm->mm_users)) -> true")
    XCTAssertEqual(entry("} else {"), "} else -> true")
    XCTAssertEqual(entry(";"), "; -> true")
    XCTAssertEqual(entry(""), "l -> true")
  }

  func testInitialStateCounterexample() {
    let trace = Counterexample(
      property: "p", model: "m", kind: .violation, steps: [], conclusion: "p: never condition holds")
    XCTAssertEqual(
      CounterexampleRenderer().render(trace),
      "p VIOLATED in m (0 steps)\n  (in an initial state)\n     <- p: never condition holds")
  }

  func testJSONIsSortedAndRoundTrips() throws {
    let trace = try uafTrace()
    let json = try JSONReport.encode(trace)
    let keys = ["\"conclusion\"", "\"kind\"", "\"model\"", "\"property\"", "\"steps\""]
    let positions = keys.map { json.range(of: $0)?.lowerBound }
    XCTAssertFalse(positions.contains(nil), json)
    XCTAssertEqual(positions.map { $0! }, positions.map { $0! }.sorted())
    XCTAssertTrue(json.contains("\"kind\" : \"violation\""), json)
    XCTAssertTrue(json.contains("\"location\" : \"kernel/fork.c:mmput\""), json)  // slashes not escaped
    let decoded = try JSONDecoder().decode(Counterexample.self, from: Data(json.utf8))
    XCTAssertEqual(decoded, trace)
    XCTAssertEqual(try JSONReport.encode(trace), json)
  }

  func testResultJSONShape() throws {
    let result = try Explorer(system: CounterRace.system).run()
    let object = try JSONSerialization.jsonObject(with: Data(JSONReport.encode(result, pretty: false).utf8))
    let root = try XCTUnwrap(object as? [String: Any])
    XCTAssertEqual(Set(root.keys), ["model", "properties", "stopReason", "statistics"])
    XCTAssertEqual(root["stopReason"] as? String, "completed")
    let properties = try XCTUnwrap(root["properties"] as? [[String: Any]])
    XCTAssertEqual(properties.first?["verdict"] as? String, "violated")
    XCTAssertEqual(properties.first?["kind"] as? String, "never")
    let stats = try XCTUnwrap(root["statistics"] as? [String: Any])
    XCTAssertEqual(stats["states"] as? Int, 13)
    let bounded = try JSONReport.encode(try Explorer(system: CounterRace.system, options: .init(maxStates: 5)).run())
    XCTAssertTrue(bounded.contains("\"bound\" : \"max_states\""), bounded)
  }

  func testXMLEscaping() {
    // Controls XML 1.0 cannot carry are shown escaped, as on the terminal (DisplayEscapingTests).
    XCTAssertEqual(
      JUnitWriter.escape("a<b & \"c\" 'd'>\u{1}\tz\r"),
      "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\\u{1}\tz\\u{D}")
    XCTAssertEqual(JUnitWriter.escape("ünïcode ✓"), "ünïcode ✓")
  }

  func testJUnitHasASuitePerModelAndFailuresForSurprises() throws {
    let race = try Explorer(system: CounterRace.system).run()
    let uaf = try Explorer(system: UseAfterFree.system).run()
    let xml = JUnitWriter().xml([race, uaf])
    XCTAssertTrue(
      xml.hasPrefix(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lockspec\" tests=\"7\" failures=\"1\""), xml)
    XCTAssertTrue(xml.contains("<testsuite name=\"examples/counter-race\" tests=\"5\" failures=\"0\""), xml)
    XCTAssertTrue(xml.contains("<testsuite name=\"mm-exit/toy\" tests=\"2\" failures=\"1\""), xml)
    XCTAssertTrue(xml.contains("<testcase name=\"bounded\" classname=\"examples/counter-race\"/>"), xml)
    XCTAssertTrue(
      xml.contains(
        "<failure message=\"violated, expected holds\" type=\"violated\">reaper_no_uaf VIOLATED in mm-exit/toy"),
      xml)
    XCTAssertTrue(xml.contains("&lt;- use after free of pgtables (freed by exit at step 2)</failure>"), xml)
    // An expected violation passes, its trace kept as output.
    XCTAssertTrue(xml.contains("<system-out>lost_update VIOLATED in examples/counter-race"), xml)
    XCTAssertTrue(xml.hasSuffix("</testsuites>\n"))
    XCTAssertFalse(xml.contains("<-"), "unescaped < in the document")
  }

  func testJUnitNamesTheBoundForUnknowns() throws {
    let result = try Explorer(system: CounterRace.system, options: .init(maxStates: 5)).run()
    let xml = JUnitWriter().xml([result])
    XCTAssertTrue(
      xml.contains("message=\"unknown, expected holds (max_states bound hit: 5 states (limit 5))\" type=\"unknown\""),
      xml)
  }

  func testSecondsFormatting() {
    XCTAssertEqual(Decimal3.format(0), "0.000")
    XCTAssertEqual(Decimal3.format(1.2345), "1.235")  // 1234.5 rounds away from zero
    XCTAssertEqual(Decimal3.format(12.05), "12.050")
    XCTAssertEqual(Decimal3.format(.nan), "0.000")
  }
}
