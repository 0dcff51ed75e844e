import XCTest

@testable import LockCheck

/// Measures explorer throughput on a synthetic model and prints it (no timing assertions).
/// For figures that mean something run `swift test -c release --filter ThroughputTests`.
final class ThroughputTests: XCTestCase {
  func testGridThroughput() throws {
    let grid = Grid(threads: 4, limit: 22)  // 23^4 = 279841 states
    let result = try Explorer(system: grid).run()
    XCTAssertEqual(result.statistics.states, 279_841)
    XCTAssertEqual(result.statistics.transitions, 4 * 22 * 23 * 23 * 23)
    XCTAssertEqual(result.properties.map(\.verdict), [.holds])
    let stats = result.statistics
    print(
      "explorer throughput: \(stats.states) states, \(stats.transitions) transitions in "
        + "\(Decimal3.format(stats.seconds)) s = \(Int(stats.statesPerSecond)) states/s, "
        + "store \(stats.storeBytes / 1024) KiB, peak RSS \(stats.peakMemoryBytes / 1_048_576) MiB")
  }

  func testLargeRunWhenRequested() throws {
    // LOCKCHECK_BIG=1 explores ~10M states (56^4) to check the store scales.
    guard ProcessInfo.processInfo.environment["LOCKCHECK_BIG"] != nil else { return }
    let result = try Explorer(system: Grid(threads: 4, limit: 55)).run()
    XCTAssertEqual(result.statistics.states, 56 * 56 * 56 * 56)
    let stats = result.statistics
    print(
      "large run: \(stats.states) states in \(Decimal3.format(stats.seconds)) s = \(Int(stats.statesPerSecond)) states/s, "
        + "store \(stats.storeBytes / 1_048_576) MiB, peak RSS \(stats.peakMemoryBytes / 1_048_576) MiB")
  }
}
