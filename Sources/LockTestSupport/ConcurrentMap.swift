import Foundation

/// Runs `count` independent pieces of test work on every processor and returns their results in
/// index order. The work must not call XCTest's assertions (they belong on the test's thread):
/// return what went wrong and assert afterwards.
public enum ConcurrentMap {
  public static func map<Value>(_ count: Int, _ body: @Sendable (Int) -> Value) -> [Value] {
    let slots = Slots<Value>(count: count)
    DispatchQueue.concurrentPerform(iterations: count) { index in slots.set(index, body(index)) }
    return (0..<count).map(slots.get)
  }

  /// One value per index, written from several threads (each index once) under a lock.
  private final class Slots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
      lock.lock()
      slots[index] = value
      lock.unlock()
    }

    func get(_ index: Int) -> Value {
      lock.lock()
      defer { lock.unlock() }
      return slots[index]!
    }
  }
}
