import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// The example specs, loaded from YAML and explored: state counts worked out by hand and the
/// verdicts each example exists to show.
final class ExampleSpecTests: XCTestCase {
  static let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("specs/examples")

  func explore(_ name: String) throws -> ExplorationResult {
    let url = Self.specs.appendingPathComponent(name + ".yaml")
    let text = try String(contentsOf: url, encoding: .utf8)
    let model = try SpecLoader.load(text: text, path: "specs/examples/\(name).yaml", defaultName: "examples/\(name)")
    return try Interpreter(model: model).explore(options: ExplorationOptions(stopWhenDecided: false))
  }

  func testABBADeadlock() throws {
    // p takes A then B, q takes B then A; each releases in reverse. p at pc 0..4 holds
    // {}, {A}, {A,B}, {A}, {}; q likewise with B first. Of the 25 pairs, 5 share a lock; of the
    // 20 left, p at 3 with q at 3 is unreachable (whoever got both locks first must have
    // released them all before the other could start), so 19.
    let result = try explore("abba-deadlock")
    XCTAssertEqual(result.statistics.states, 19)
    XCTAssertEqual(result[property: "deadlock_free"]?.verdict, .violated)
    XCTAssertEqual(result[property: "deadlock_free"]?.counterexample?.steps.count, 2)
  }

  func testABBAFixed() throws {
    // Both take A then B: a thread holding anything excludes the other from pcs 1...3:
    // 2 x 5 pairs with p idle or done, plus 3 x 2 with q idle or done = 16.
    let result = try explore("abba-fixed")
    XCTAssertEqual(result.statistics.states, 16)
    XCTAssertEqual(result[property: "deadlock_free"]?.verdict, .holds)
  }

  func testRecursiveReadBehindAWaitingWriter() throws {
    // Reader pc 0...4 against writer {idle, queued, holding, done}: 5 + 4 + 2 + 5 = 16 either
    // way; with writer priority the reader's second down_read blocks behind the queued writer.
    let fair = try explore("recursive-read-deadlock")
    XCTAssertEqual(fair.statistics.states, 16)
    XCTAssertEqual(fair[property: "deadlock_free"]?.verdict, .violated)
    let unfair = try explore("recursive-read-no-writer-priority")
    XCTAssertEqual(unfair.statistics.states, 16)
    XCTAssertEqual(unfair[property: "deadlock_free"]?.verdict, .holds)
  }

  func testRefcounts() throws {
    let correct = try explore("refcount-correct")
    XCTAssertEqual(correct[property: "no_double_free"]?.verdict, .holds)
    XCTAssertEqual(correct[property: "no_use_after_free"]?.verdict, .holds)
    let broken = try explore("refcount-broken")
    XCTAssertEqual(broken[property: "no_double_free"]?.verdict, .violated)
  }
}
