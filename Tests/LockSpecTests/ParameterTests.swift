import LockCheck
import XCTest

@testable import LockSpec

/// Spec parameters: named integers with defaults, usable wherever a spec writes an integer and
/// in expressions, overridden per load (`--param`).
final class ParameterTests: XCTestCase {
  static let spec = """
    params:
      nscan: {default: 2, min: 1, max: 6, description: scanner threads}
      rounds: {default: 2, min: 1, max: 4}
    state:
      n: {type: counter, max: 24, initial: rounds}
    threads:
      scanner:
        count: nscan
        locals:
          i: {type: int, min: 0, max: rounds}
        steps:
          - loop:
              max: rounds
              steps:
                - inc: n
    properties:
      - name: bounded
        check: never
        condition: "n > nscan + rounds + 100"
    """

  func explore(_ text: String, _ parameters: [String: Int] = [:]) throws -> ExplorationResult {
    let model = try SpecLoader.load(text: text, path: "t.yaml", defaultName: "t", parameters: parameters)
    return try Interpreter(model: model).explore(options: ExplorationOptions(stopWhenDecided: false))
  }

  func testDefaultsAndOverrides() throws {
    // Each scanner takes `rounds` steps: (rounds + 1)^nscan states.
    XCTAssertEqual(try explore(Self.spec).statistics.states, 9)
    XCTAssertEqual(try explore(Self.spec, ["nscan": 4, "rounds": 3]).statistics.states, 256)
    let model = try SpecLoader.load(text: Self.spec, path: "t.yaml", defaultName: "t", parameters: ["nscan": 3])
    XCTAssertEqual(model.threads.count, 3)
    XCTAssertEqual(model.variables.first { $0.name == "n" }?.initial, [2])
    let document = try SpecLoader.parse(text: Self.spec, path: "t.yaml")
    XCTAssertEqual(
      document.params.map { "\($0.name)=\($0.value) default \($0.defaultValue) in \($0.range)" },
      ["nscan=2 default 2 in 1...6", "rounds=2 default 2 in 1...4"])
  }

  func testErrors() {
    func diagnostics(_ text: String, _ parameters: [String: Int] = [:]) -> [String] {
      do {
        _ = try SpecLoader.load(text: text, path: "t.yaml", defaultName: "t", parameters: parameters)
        return []
      } catch {
        return error.diagnostics.map(\.description)
      }
    }
    XCTAssertEqual(
      diagnostics(Self.spec, ["nscan": 9]),
      ["t.yaml:2:3: error: --param nscan=9 is outside the parameter's range 1...6"])
    XCTAssertEqual(
      diagnostics("params:\n  k: {default: 7, max: 3}\nthreads:\n  t: {steps: []}\n"),
      ["t.yaml:2:16: error: the default 7 of parameter 'k' is outside -4611686018427387903...3"])
    XCTAssertEqual(
      diagnostics("params:\n  k: {min: 1}\nthreads:\n  t: {steps: []}\n"),
      ["t.yaml:2:3: error: parameter 'k' needs a 'default'"])
    XCTAssertEqual(
      diagnostics("params:\n  n: {default: 1}\nstate:\n  n: {type: flag}\nthreads:\n  t: {steps: []}\n"),
      ["t.yaml:2:3: error: parameter 'n' has the name of a variable or thread; rename one of them"])
    XCTAssertEqual(
      diagnostics("params:\n  k: {default: 1, colour: red}\nthreads:\n  t: {count: kk, steps: []}\n"),
      [
        "t.yaml:2:19: error: unknown key 'colour' in a parameter",
        "t.yaml:4:14: error: expected an integer for 'count', found 'kk'",
      ])
  }
}
