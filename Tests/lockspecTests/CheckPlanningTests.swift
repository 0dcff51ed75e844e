import LockCheck
import LockSpec
import XCTest

@testable import lockspec

/// The memory budget's inputs: the tightest limit wins, cgroup paths are searched up to the
/// root, and `--max-memory` sizes parse with binary units.
final class MemoryLimitTests: XCTestCase {
  func testTheLeastRoomWinsAndTheBudgetIsAShareOfIt() {
    let limit = MemoryLimit(sources: [
      .init(name: "physical memory", limit: 16 << 30, used: 0),
      .init(name: "cgroup limit", limit: 4 << 30, used: 1 << 30),
      .init(name: "RLIMIT_AS", limit: 8 << 30, used: 6 << 30),
    ])
    XCTAssertEqual(limit.room, 2 << 30)
    XCTAssertEqual(limit.defaultBudget, Int(Double(2 << 30) * MemoryLimit.budgetShare))
  }

  func testCgroupAncestorsUpToTheRoot() {
    XCTAssertEqual(
      MemoryLimit.ancestors(of: "/a/b", under: "/sys/fs/cgroup"),
      ["/sys/fs/cgroup/a/b", "/sys/fs/cgroup/a", "/sys/fs/cgroup"])
    XCTAssertEqual(MemoryLimit.ancestors(of: "/", under: "/r"), ["/r"])
  }

  func testByteCounts() {
    XCTAssertEqual(ByteCount(argument: "512M")?.bytes, 512 << 20)
    XCTAssertEqual(ByteCount(argument: "1.5G")?.bytes, 3 << 29)
    XCTAssertEqual(ByteCount(argument: "2GiB")?.bytes, 2 << 30)
    XCTAssertEqual(ByteCount(argument: "4096")?.bytes, 4096)
    XCTAssertNil(ByteCount(argument: "lots"))
    XCTAssertNil(ByteCount(argument: "-5G"))
    XCTAssertNil(ByteCount(argument: "0"))
  }
}

/// The order `check` starts searches in: biggest first, unknown sizes before known ones.
final class SchedulingTests: XCTestCase {
  func testBiggestFirstWithUnknownSizesFirstAndTiesInFileOrder() {
    let names = ["small", "big", "new", "medium", "alsoSmall", "other-new"]
    let sizes = ["small": 10, "big": 30_000_000, "medium": 4_000, "alsoSmall": 10]
    XCTAssertEqual(ParallelExploration.biggestFirst(names, sizes: sizes), [2, 5, 1, 3, 0, 4])
    XCTAssertEqual(ParallelExploration.biggestFirst(names, sizes: [:]), [0, 1, 2, 3, 4, 5])
    // Of the sizes nobody knows, the searches that check liveness (never reduced) start first.
    let unreduced = [false, false, false, true, false, true]
    XCTAssertEqual(ParallelExploration.biggestFirst(names, sizes: [:], unreduced: unreduced), [3, 5, 0, 1, 2, 4])
    XCTAssertEqual(ParallelExploration.biggestFirst(names, sizes: sizes, unreduced: unreduced), [5, 2, 1, 3, 0, 4])
  }

  /// Processors beyond one per model are lendable from the start, and a worker with no model
  /// left gives its own back: a lone model may use all of them.
  func testProcessorsNoModelHoldsAreLent() throws {
    let model = try SpecLoader.load(
      text: """
        spec: lone
        state:
          m: {type: mutex}
        threads:
          a:
            steps:
              - {label: take, lock: m}
              - {label: drop, unlock: m}
        """, path: "lone.yaml", defaultName: "lone")
    let cores = CorePool()
    let job = ParallelExploration.Job(
      variant: Variant(model: model, specPath: "lone.yaml"), options: ExplorationOptions(workers: 3, cores: cores))
    var idleDuringTheSearch: Int?
    ParallelExploration(workers: 3, cores: cores).run([job]) { _, result in
      if case .failure(let error) = result { XCTFail("\(error)") }
      idleDuringTheSearch = cores.idle
    }
    XCTAssertEqual(idleDuringTheSearch, 2, "the two processors no model holds")
    XCTAssertEqual(cores.idle, 3, "and the worker's own, once it had no model left")
  }
}
