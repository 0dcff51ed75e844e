import Foundation
import LockCheck
import XCTest

@testable import LockSpec

/// A search on several workers is the same search: on random models and on the specs, with
/// every reduction on and off and under bounds, the parallel and the sequential search must give
/// the same states, transitions, depth, stop reason, verdicts and counterexamples. Chunks of one
/// state make every level of two states or more run on several workers.
final class ParallelSearchTests: XCTestCase {
  /// Explores `model` on one worker and on `workers`, and asserts identical results.
  func assertSameSearch(
    _ model: ModelIR, options base: ExplorationOptions, workers: Int = 3, file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let system = Interpreter(model: model)
    var sequential = base
    sequential.workers = 1
    sequential.chunkStates = 1
    var parallel = base
    parallel.workers = workers
    parallel.chunkStates = 1
    let one = try system.explore(options: sequential)
    let many = try system.explore(options: parallel)
    let name = model.name
    XCTAssertEqual(many.statistics.states, one.statistics.states, "\(name): states", file: file, line: line)
    XCTAssertEqual(
      many.statistics.transitions, one.statistics.transitions, "\(name): transitions", file: file, line: line)
    XCTAssertEqual(many.statistics.maxDepth, one.statistics.maxDepth, "\(name): depth", file: file, line: line)
    XCTAssertEqual(many.stopReason, one.stopReason, "\(name): stop reason", file: file, line: line)
    XCTAssertEqual(many.bound, one.bound, "\(name): bound", file: file, line: line)
    XCTAssertEqual(many.properties, one.properties, "\(name): verdicts and counterexamples", file: file, line: line)
  }

  /// The options of the `variant`-th case: reductions on or off, stopping when decided or not,
  /// and now and then a state or depth bound.
  func options(_ variant: Int) -> ExplorationOptions {
    var options = ExplorationOptions(stopWhenDecided: variant % 2 == 0, reductions: variant % 4 < 2 ? .all : [])
    switch variant % 7 {
    case 3: options.maxStates = 40
    case 5: options.maxDepth = 4
    default: break
    }
    return options
  }

  func testRandomModelsSearchTheSameOnSeveralWorkers() throws {
    var generator = RandomModelGenerator(seed: 0x9A4A_11E1)
    for index in 0..<500 {
      let model = generator.model(name: "random/\(index)")
      try assertSameSearch(model, options: options(index), workers: 2 + index % 2)
    }
  }

  func testRandomSymmetricModelsSearchTheSameOnSeveralWorkers() throws {
    var generator = RandomModelGenerator(seed: 0x5157_AB1E)
    var symmetric = 0
    for index in 0..<600 {
      let model = generator.symmetricModel(name: "symmetric/\(index)", copies: 3)
      guard ExecutionPlan(model: model).symmetryFacts != nil else { continue }
      symmetric += 1
      try assertSameSearch(model, options: options(index))
    }
    XCTAssertGreaterThanOrEqual(symmetric, 10, "random models with interchangeable threads")
  }

  func testSpecsSearchTheSameOnSeveralWorkers() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("specs")
    var files: [URL] = []
    for folder in ["examples", "bench"] {
      let url = root.appendingPathComponent(folder)
      files += try FileManager.default.contentsOfDirectory(atPath: url.path).filter { $0.hasSuffix(".yaml") }
        .sorted().map { url.appendingPathComponent($0) }
    }
    XCTAssertGreaterThan(files.count, 10)
    for file in files {
      let text = try String(contentsOf: file, encoding: .utf8)
      var parameters: [String: Int] = [:]
      // Model B at its smallest: one scanner, one round.
      if file.lastPathComponent.hasPrefix("model-b") { parameters = ["nscan": 1, "rounds": 1] }
      let model = try SpecLoader.load(
        text: text, path: file.lastPathComponent, defaultName: file.lastPathComponent, parameters: parameters)
      for variant in 0..<4 {
        try assertSameSearch(model, options: options(variant))
      }
    }
  }

  /// A pool with no idle core leaves the search on its own thread; cores given back are used.
  func testCorePoolLendsWhatIsIdle() {
    let pool = CorePool(free: 1)
    XCTAssertEqual(pool.borrow(upTo: 3), 1)
    XCTAssertEqual(pool.borrow(upTo: 3), 0)
    pool.give(2)
    XCTAssertEqual(pool.idle, 2)
    XCTAssertEqual(pool.borrow(upTo: 1), 1)
    XCTAssertEqual(pool.idle, 1)
  }

  /// Every chunk runs exactly once, on some worker, whatever the number of workers.
  func testWorkerTeamRunsEveryChunkOnce() {
    let team = WorkerTeam()
    for workers in [1, 2, 3, 5] {
      let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 100)
      counts.initialize(repeating: 0)
      defer { counts.deallocate() }
      team.forEachChunk(100, workers: workers) { _, chunk in counts[chunk] += 1 }
      XCTAssertEqual(Array(counts), Array(repeating: 1, count: 100), "\(workers) workers")
    }
  }
}
