import LockCheck

/// A synthetic model for throughput: `threads` counters, each thread increments its own up to
/// `limit`; `limit + 1` to the power `threads` states, all reachable. Two words per state.
struct Grid: TransitionSystem {
  var threads: Int
  var limit: UInt64

  var metadata: ModelMetadata {
    ModelMetadata(
      name: "synthetic/grid", threads: (0..<threads).map { ThreadInfo(name: "t\($0)") },
      steps: (0..<threads).map { StepInfo(thread: $0, label: "inc\($0)", code: "", location: "", line: 0) },
      slots: (0..<threads).map { SlotInfo(name: "c\($0)", format: .integer) },
      properties: [PropertyInfo(name: "deadlock_free", kind: .deadlockFree, expect: .holds)])
  }

  var wordCount: Int { 2 }

  /// Counter `i` lives in bits `16 * (i % 4)` of word `i / 4`.
  @inline(__always) func counter(_ state: UnsafeBufferPointer<UInt64>, _ i: Int) -> UInt64 {
    (state[i >> 2] >> UInt64(16 * (i & 3))) & 0xFFFF
  }

  func forEachInitialState(
    scratch: UnsafeMutableBufferPointer<UInt64>, _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool
  ) {
    scratch[0] = 0
    scratch[1] = 0
    _ = emit(scratch)
  }

  func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    for i in 0..<threads where counter(state, i) < limit {
      scratch[0] = state[0]
      scratch[1] = state[1]
      scratch[i >> 2] += 1 << UInt64(16 * (i & 3))
      emit(Transition(thread: Int32(i), step: Int32(i), faults: 0), scratch)
    }
  }

  func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts { StateVerdicts() }

  func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool {
    (0..<threads).allSatisfy { counter(state, $0) == limit }
  }

  func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int] {
    (0..<threads).map { Int(counter(state, $0)) }
  }

  func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote] { [] }
}
