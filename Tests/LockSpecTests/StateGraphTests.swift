import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// `StateGraph` and `StateGraphDOT` on the example specs: the graph is the full state space
/// the explorer counts, deadlocks and violations are marked, the bound refuses bigger models,
/// and the ABBA graph's DOT equals its golden file (`Golden/Pictures/`).
final class StateGraphTests: XCTestCase {
  func interpreter(_ name: String) throws -> Interpreter {
    let url = ExampleSpecTests.specs.appendingPathComponent(name + ".yaml")
    let model = try SpecLoader.load(
      text: try String(contentsOf: url, encoding: .utf8), path: "specs/examples/\(name).yaml",
      defaultName: "examples/\(name)")
    return Interpreter(model: model)
  }

  func testABBAGraphIsTheFullStateSpaceWithItsDeadlockMarked() throws {
    let system = try interpreter("abba-deadlock")
    let graph = try XCTUnwrap(StateGraph.explore(system, maxStates: 500))
    // 19 states (ExampleSpecTests.testABBADeadlock counts them by hand); one initial, one final,
    // one deadlock: each thread holding its first mutex.
    XCTAssertEqual(graph.nodes.count, 19)
    XCTAssertEqual(graph.nodes.filter(\.initial).count, 1)
    XCTAssertEqual(graph.nodes.filter(\.final).count, 1)
    let deadlocks = graph.nodes.filter(\.isDeadlock)
    XCTAssertEqual(deadlocks.count, 1)
    let names = system.metadata.slots.map(\.name)
    let values = try XCTUnwrap(deadlocks.first).values
    XCTAssertEqual(values[try XCTUnwrap(names.firstIndex(of: "a"))], 1)  // first
    XCTAssertEqual(values[try XCTUnwrap(names.firstIndex(of: "b"))], 2)  // second
    let dot = StateGraphDOT().dot(graph, metadata: system.metadata)
    XCTAssertEqual(dot.components(separatedBy: "shape=octagon").count - 1, 1)
    XCTAssertEqual(dot.components(separatedBy: " -> s").count - 1, graph.edges.count + 1)
    PictureGolden.check(dot, name: "abba-deadlock.dot")
  }

  func testAModelPastTheBoundIsRefused() throws {
    let system = try interpreter("abba-deadlock")
    XCTAssertNil(StateGraph.explore(system, maxStates: 18))
    XCTAssertNotNil(StateGraph.explore(system, maxStates: 19))
  }

  func testFaultingTransitionsAndHostileNamesAreEscaped() throws {
    let system = try interpreter("hostile-strings")
    let graph = try XCTUnwrap(StateGraph.explore(system, maxStates: 500))
    XCTAssertTrue(graph.edges.contains { $0.faults != 0 })
    let dot = StateGraphDOT().dot(graph, metadata: system.metadata)
    XCTAssertTrue(dot.contains("color=red, fontcolor=red"))
    XCTAssertFalse(dot.unicodeScalars.contains { $0 != "\n" && DisplayText.isUnsafe($0, multiline: true) })
    // Every quoted string closes on its own line: no `"` the escaping missed.
    for line in dot.split(separator: "\n") {
      var quotes = 0
      var escaped = false
      for character in line {
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          quotes += 1
        }
      }
      XCTAssertEqual(quotes % 2, 0, String(line))
    }
  }
}
