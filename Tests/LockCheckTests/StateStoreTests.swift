import XCTest

@testable import LockCheck

final class StateStoreTests: XCTestCase {
  func testInsertFindsDuplicatesAndKeepsParents() {
    let store = StateStore(wordCount: 2, initialCapacity: 16)
    func insert(_ words: [UInt64], _ parent: UInt32) -> StateStore.Insertion {
      words.withUnsafeBufferPointer { store.insert($0, parent: parent) }
    }
    XCTAssertEqual(insert([1, 2], StateStore.noParent), .inserted(0))
    XCTAssertEqual(insert([2, 1], 0), .inserted(1))
    XCTAssertEqual(insert([1, 2], 1), .present(0))
    XCTAssertEqual(store.count, 2)
    XCTAssertEqual(store.parent(of: 0), StateStore.noParent)
    XCTAssertEqual(store.parent(of: 1), 0)
    XCTAssertEqual(Array(store.state(at: 1)), [2, 1])
    XCTAssertEqual([2, 1].withUnsafeBufferPointer { store.index(of: $0) }, 1)
    XCTAssertNil([3, 3].withUnsafeBufferPointer { store.index(of: $0) })
  }

  func testGrowthRehashesEveryState() {
    let store = StateStore(wordCount: 3, initialCapacity: 16)
    let n = 50_000
    for i in 0..<n {
      let words: [UInt64] = [UInt64(i), UInt64(i) &* 7, 42]
      let result = words.withUnsafeBufferPointer { store.insert($0, parent: UInt32(max(i - 1, 0))) }
      XCTAssertEqual(result, .inserted(i))
    }
    XCTAssertEqual(store.count, n)
    for i in stride(from: 0, to: n, by: 997) {
      let words: [UInt64] = [UInt64(i), UInt64(i) &* 7, 42]
      XCTAssertEqual(words.withUnsafeBufferPointer { store.index(of: $0) }, i)
      XCTAssertEqual(Array(store.state(at: i)), words)
    }
    // Load stays at or under 70%.
    XCTAssertLessThanOrEqual(store.count * 10, (store.tableMask + 1) * 7)
  }

  /// States kept in fewer bytes than their words (two words, 11 bytes: the last word's top five
  /// bytes are zero): through growth and table rebuilds every state reads back whole, and a
  /// state with a bit beyond the stored bytes is never taken for the one without it.
  func testPackedStatesReadBackThroughGrowth() {
    let store = StateStore(wordCount: 2, stateBytes: 11, initialCapacity: 16)
    XCTAssertEqual(store.stateBytes, 11)
    let n = 40_000
    func words(_ i: Int) -> [UInt64] { [UInt64(i) &* 0x9E37_79B9_7F4A_7C15, UInt64(i % 0xFF_FFFF)] }
    for i in 0..<n {
      XCTAssertEqual(words(i).withUnsafeBufferPointer { store.insert($0, parent: UInt32(i)) }, .inserted(i))
    }
    for i in stride(from: 0, to: n, by: 331) {
      XCTAssertEqual(store.state(at: i), words(i))
      XCTAssertEqual(words(i).withUnsafeBufferPointer { store.index(of: $0) }, i)
      XCTAssertEqual(store.parent(of: i), UInt32(i))
    }
    var beyond = words(7)
    beyond[1] |= 1 << 40
    XCTAssertEqual(beyond.withUnsafeBufferPointer { store.insert($0, parent: 0) }, .inserted(n))
    XCTAssertEqual(store.state(at: 7), words(7))
  }

  func testZeroWordStatesHaveOneValue() {
    let store = StateStore(wordCount: 0)
    let empty: [UInt64] = []
    XCTAssertEqual(empty.withUnsafeBufferPointer { store.insert($0, parent: StateStore.noParent) }, .inserted(0))
    XCTAssertEqual(empty.withUnsafeBufferPointer { store.insert($0, parent: 0) }, .present(0))
  }

  func testMemoryBudgetRefusesGrowth() {
    let store = StateStore(wordCount: 1, initialCapacity: 16, memoryBudget: 64 * 1024)
    var refused = false
    for i in 0..<100_000 {
      let result = [UInt64(i)].withUnsafeBufferPointer { store.insert($0, parent: 0) }
      if result == .full {
        refused = true
        break
      }
    }
    XCTAssertTrue(refused)
    XCTAssertLessThanOrEqual(store.byteCount, 64 * 1024)
    XCTAssertGreaterThan(store.refusedBytes, 64 * 1024)
  }

  /// The owner's side buffers count in `byteCount` and against the budget, the block being
  /// copied included, and leave less room for the store's own growth.
  func testSideBuffersCountAgainstTheBudget() {
    let store = StateStore(wordCount: 1, initialCapacity: 16, memoryBudget: 64 * 1024)
    let empty = store.byteCount
    XCTAssertTrue(store.reserveSide(adding: 25_000, copying: 5_000))
    XCTAssertEqual(store.byteCount, empty + 25_000)
    XCTAssertFalse(store.reserveSide(adding: 30_000, copying: 30_000))
    XCTAssertEqual(store.byteCount, empty + 25_000)
    XCTAssertEqual(store.refusedBytes, empty + 85_000)
    var stored = 0
    while [UInt64(stored)].withUnsafeBufferPointer({ store.insert($0, parent: 0) }) != .full { stored += 1 }
    XCTAssertLessThanOrEqual(store.byteCount, 64 * 1024)
    // Without the side buffers the same budget holds more states.
    let alone = StateStore(wordCount: 1, initialCapacity: 16, memoryBudget: 64 * 1024)
    var more = 0
    while [UInt64(more)].withUnsafeBufferPointer({ alone.insert($0, parent: 0) }) != .full { more += 1 }
    XCTAssertGreaterThan(more, stored)
  }

  func testHashSpreadsSmallStates() {
    var slots = Set<UInt64>()
    for i in 0..<1024 {
      slots.insert([UInt64(i), 0].withUnsafeBufferPointer { StateStore.hash($0) } >> 54)
    }
    // 1024 states into 1024 buckets: a decent hash fills well over half of them.
    XCTAssertGreaterThan(slots.count, 550)
  }
}
