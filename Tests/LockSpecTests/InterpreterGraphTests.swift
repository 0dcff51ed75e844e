import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// Everything the interpreter exposes through `TransitionSystem`, on edge cases built by hand
/// and on random models (well-formed and not), pinned as
/// fingerprints in `Golden/InterpreterGraphs/` (re-record with `LOCKSPEC_RECORD=1`): metadata,
/// initial states, every transition (thread, step, faults, successor) in order, state verdicts,
/// final states, slot values, resting steps, fault notes, and the explorer's results. The
/// fingerprints were recorded while an independent tree-walking interpreter agreed with these
/// tables state for state; any change to the semantics changes them. The specs in `specs/` are
/// checked against the compiled models by `DifferentialTests`, and their verdicts by the corpus.
final class InterpreterGraphTests: XCTestCase {
  /// The fingerprint lines of the running test, compared with its golden file at the end.
  var lines: [String] = []

  override func tearDown() {
    // "-[Class test]" on Darwin, "Class.test" on Linux.
    let name = String(name.split(whereSeparator: { " .".contains($0) }).last ?? "test").trimmingCharacters(
      in: CharacterSet(charactersIn: "[]-"))
    if !lines.isEmpty { GraphGolden.check(lines.joined(separator: "\n") + "\n", name: name) }
    lines = []
    super.tearDown()
  }

  // MARK: - Fingerprints

  /// Walks `model` breadth-first over at most `limit` states and records a fingerprint of
  /// everything the interpreter exposes; returns how many states were walked.
  @discardableResult
  func assertGraph(_ model: ModelIR, limit: Int) -> Int {
    let system = Interpreter(model: model)
    var digest = Digest()
    digest.add("\(system.metadata)")
    let wordCount = system.wordCount
    let scratch = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(wordCount, 1))
    defer { scratch.deallocate() }
    var start: [[UInt64]] = []
    system.forEachInitialState(scratch: scratch) {
      start.append(Array($0.prefix(wordCount)))
      return true
    }
    for state in start { digest.add(state) }
    var seen = Set(start)
    var queue = start
    var index = 0
    var transitions = 0
    while index < queue.count && index < limit {
      let state = queue[index]
      index += 1
      var successors: [[UInt64]] = []
      state.withUnsafeBufferPointer { words in
        system.forEachSuccessor(of: words, scratch: scratch) { transition, next in
          let successor = Array(next.prefix(wordCount))
          digest.add([UInt64(bitPattern: Int64(transition.thread)), UInt64(bitPattern: Int64(transition.step))])
          digest.add([transition.faults, transition.exceedsBound ? 1 : 0])
          digest.add(successor)
          successors.append(successor)
          transitions += 1
        }
        let verdicts = system.evaluate(words)
        digest.add([verdicts.violated, verdicts.reached, verdicts.triggered, system.isFinal(words) ? 1 : 0])
        digest.add(system.slotValues(words).map { UInt64(bitPattern: Int64($0)) })
        digest.add("\(system.restingSteps(words))")
        for thread in model.threads.indices {
          digest.add("\(system.faultNotes(from: words, thread: thread))")
        }
      }
      for successor in successors where seen.insert(successor).inserted { queue.append(successor) }
    }
    lines.append(
      "\(model.name) graph: \(index) states expanded, \(transitions) transitions, digest \(digest.hex)")
    return index
  }

  /// Records the explorer's results on `model` (up to timing), stopping when decided and not.
  func assertExplorations(_ model: ModelIR, maxStates: Int?, file: StaticString = #filePath, line: UInt = #line) {
    for stopWhenDecided in [true, false] {
      let options = ExplorationOptions(maxStates: maxStates, stopWhenDecided: stopWhenDecided)
      do {
        let result = try Interpreter(model: model).explore(options: options)
        var digest = Digest()
        for property in result.properties {
          digest.add("\(property.name) \(property.verdict) \(String(describing: property.counterexample))")
        }
        let verdicts = result.properties.map { "\($0.name)=\($0.verdict.rawValue)" }.joined(separator: " ")
        lines.append(
          "\(model.name) explore(stopWhenDecided: \(stopWhenDecided)): \(result.stopReason.rawValue), "
            + "\(result.statistics.states) states, \(result.statistics.transitions) transitions, depth "
            + "\(result.statistics.maxDepth); \(verdicts); digest \(digest.hex)")
      } catch {
        XCTFail("\(model.name): \(error)", file: file, line: line)
      }
    }
  }

  /// FNV-1a over words and strings: a fingerprint that changes with any of them.
  struct Digest {
    var value: UInt64 = 0xCBF2_9CE4_8422_2325

    mutating func add(_ words: [UInt64]) {
      add(UInt64(words.count))
      for word in words { add(word) }
    }

    mutating func add(_ word: UInt64) {
      for shift in stride(from: 0, to: 64, by: 8) {
        value = (value ^ ((word >> UInt64(shift)) & 0xFF)) &* 0x100_0000_01B3
      }
    }

    mutating func add(_ text: String) {
      add(UInt64(text.utf8.count))
      for byte in text.utf8 { value = (value ^ UInt64(byte)) &* 0x100_0000_01B3 }
    }

    var hex: String { String(value, radix: 16) }
  }
}

/// The golden fingerprint files in `Golden/InterpreterGraphs/`, one per test.
enum GraphGolden {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden/InterpreterGraphs")

  static func check(_ text: String, name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = folder.appendingPathComponent(name + ".txt")
    if ProcessInfo.processInfo.environment["LOCKSPEC_RECORD"] == "1" {
      try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
      try? text.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
      XCTFail(
        "no golden file \(url.lastPathComponent); record it with LOCKSPEC_RECORD=1 swift test", file: file, line: line)
      return
    }
    let got = text.split(separator: "\n", omittingEmptySubsequences: false)
    let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
    for (index, pair) in zip(got, want).enumerated() where pair.0 != pair.1 {
      XCTFail("\(name) line \(index + 1) differs:\n  got  \(pair.0)\n  want \(pair.1)", file: file, line: line)
      return
    }
    if got.count != want.count {
      XCTFail("\(name): \(got.count) lines, golden has \(want.count)", file: file, line: line)
    }
  }
}
