import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// The interpreter (the IR lowered to flat tables) against `ReferenceInterpreter` (the IR
/// walked as it was before): on the example specs, the first states of the mm-exit specs, edge
/// cases built by hand and random models, everything `TransitionSystem` exposes must be
/// identical: metadata, initial states, every transition (thread, step, faults, successor) in
/// order, state verdicts, final states, slot values, resting steps, fault notes, and the
/// explorer's results.
final class InterpreterEquivalenceTests: XCTestCase {
  // MARK: - Specs

  static let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("specs")

  /// The variants of every spec and patch under `specs/<folder>`.
  func variants(_ folder: String) throws -> [Variant] {
    let root = Self.specs.deletingLastPathComponent().path
    let found =
      (FileManager.default.enumerator(atPath: Self.specs.appendingPathComponent(folder).path)?.allObjects
      as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    func read(_ path: String) -> String? {
      let full = path.hasPrefix("/") ? path : root + "/" + path
      return FileManager.default.contents(atPath: full).flatMap { String(data: $0, encoding: .utf8) }
    }
    let files = found.compactMap { relative -> (path: String, text: String)? in
      let path = "specs/\(folder)/\(relative)"
      return read(path).map { (path, $0) }
    }
    return try VariantLoader.load(files: files, read: read)
  }

  func testExampleSpecsMatchTheReference() throws {
    let variants = try variants("examples")
    XCTAssertFalse(variants.isEmpty)
    // The reference predates liveness properties and unbounded loops: those specs are checked
    // against hand-counted expectations in LivenessTests instead.
    for variant in variants where !variant.model.properties.contains(where: { $0.kind.isLiveness }) {
      assertSame(variant.model, limit: 100_000)
      assertSameExplorations(variant.model, maxStates: nil)
    }
  }

  func testMMExitSpecsMatchTheReferenceOnTheirFirstStates() throws {
    let variants = try variants("mm-exit")
    XCTAssertFalse(variants.isEmpty)
    for variant in variants {
      XCTAssertEqual(assertSame(variant.model, limit: 1_500), 1_500, variant.name)
      assertSameExplorations(variant.model, maxStates: 3_000)
    }
  }

  // MARK: - Comparison

  /// Compares the interpreter with the reference breadth-first over at most `limit` states of
  /// `model`; returns how many states were compared.
  @discardableResult
  func assertSame(_ model: ModelIR, limit: Int, file: StaticString = #filePath, line: UInt = #line) -> Int {
    let fast = Interpreter(model: model)
    let reference = ReferenceInterpreter(model: model)
    let name = model.name
    XCTAssertEqual(fast.metadata, reference.metadata, "\(name): metadata", file: file, line: line)
    XCTAssertEqual(fast.wordCount, reference.wordCount, "\(name): word count", file: file, line: line)
    let wordCount = fast.wordCount
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    defer { scratch.deallocate() }

    func initials<S: TransitionSystem>(_ system: S) -> [[UInt64]] {
      var states: [[UInt64]] = []
      system.forEachInitialState(scratch: scratch) {
        states.append(Array($0.prefix(wordCount)))
        return true
      }
      return states
    }
    func successors<S: TransitionSystem>(_ system: S, _ state: [UInt64]) -> [Successor] {
      var result: [Successor] = []
      state.withUnsafeBufferPointer { words in
        system.forEachSuccessor(of: words, scratch: scratch) { transition, next in
          result.append(Successor(transition: transition, state: Array(next.prefix(wordCount))))
        }
      }
      return result
    }

    let start = initials(fast)
    XCTAssertEqual(start, initials(reference), "\(name): initial states", file: file, line: line)
    var seen = Set(start)
    var queue = start
    var index = 0
    while index < queue.count && index < limit {
      let state = queue[index]
      index += 1
      let mine = successors(fast, state)
      let theirs = successors(reference, state)
      guard mine == theirs else {
        XCTFail("\(name): successors of \(state) differ:\n\(mine)\nvs\n\(theirs)", file: file, line: line)
        return index
      }
      let agrees = state.withUnsafeBufferPointer { words -> Bool in
        var same = true
        func check<T: Equatable>(_ x: T, _ y: T, _ what: String) {
          guard x != y else { return }
          XCTFail("\(name): \(what) of \(state): \(x) vs \(y)", file: file, line: line)
          same = false
        }
        check(fast.evaluate(words), reference.evaluate(words), "evaluate")
        check(fast.isFinal(words), reference.isFinal(words), "isFinal")
        check(fast.slotValues(words), reference.slotValues(words), "slotValues")
        check(fast.restingSteps(words), reference.restingSteps(words), "restingSteps")
        for thread in model.threads.indices {
          check(
            fast.faultNotes(from: words, thread: thread), reference.faultNotes(from: words, thread: thread),
            "faultNotes of thread \(thread)")
        }
        return same
      }
      guard agrees else { return index }
      for successor in mine where seen.insert(successor.state).inserted {
        queue.append(successor.state)
      }
    }
    return index
  }

  /// Explorations of `model` by the interpreter and by the reference give the same results
  /// (up to timing), stopping when decided and not.
  func assertSameExplorations(
    _ model: ModelIR, maxStates: Int?, file: StaticString = #filePath, line: UInt = #line
  ) {
    for stopWhenDecided in [true, false] {
      let options = ExplorationOptions(maxStates: maxStates, stopWhenDecided: stopWhenDecided)
      do {
        let fast = try Interpreter(model: model).explore(options: options)
        let reference = try Explorer(system: ReferenceInterpreter(model: model), options: options).run()
        XCTAssertEqual(Self.untimed(fast), Self.untimed(reference), model.name, file: file, line: line)
      } catch {
        XCTFail("\(model.name): \(error)", file: file, line: line)
      }
    }
  }

  /// `result` without the figures that depend on timing and the process.
  static func untimed(_ result: ExplorationResult) -> ExplorationResult {
    var result = result
    result.statistics.seconds = 0
    result.statistics.statesPerSecond = 0
    result.statistics.peakMemoryBytes = 0
    return result
  }

  /// One emitted transition and the successor's words.
  struct Successor: Equatable, CustomStringConvertible {
    var transition: Transition
    var state: [UInt64]

    var description: String {
      "(thread \(transition.thread), step \(transition.step), faults \(transition.faults)) -> \(state)"
    }
  }
}
