import LockCheck

/// A `TransitionSystem` defined by closures over `[UInt64]` states: slow but short, for tests.
struct ScriptedSystem: TransitionSystem {
  var metadata: ModelMetadata
  var wordCount: Int
  var initial: [[UInt64]]
  var successors: ([UInt64]) -> [(Transition, [UInt64])]
  var violated: ([UInt64]) -> UInt64 = { _ in 0 }
  var reached: ([UInt64]) -> UInt64 = { _ in 0 }
  var final: ([UInt64]) -> Bool
  var notes: ([UInt64], Int) -> [FaultNote] = { _, _ in [] }
  var resting: ([UInt64]) -> [Int?] = { _ in [] }
  /// Slot values; defaults to the words themselves.
  var values: (([UInt64]) -> [Int])? = nil

  func forEachInitialState(
    scratch: UnsafeMutableBufferPointer<UInt64>, _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool
  ) {
    for state in initial {
      for (i, word) in state.enumerated() { scratch[i] = word }
      if !emit(scratch) { return }
    }
  }

  func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    for (transition, next) in successors(Array(state)) {
      for (i, word) in next.enumerated() { scratch[i] = word }
      emit(transition, scratch)
    }
  }

  func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts {
    let words = Array(state)
    return StateVerdicts(violated: violated(words), reached: reached(words))
  }

  func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool { final(Array(state)) }

  func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int] {
    values?(Array(state)) ?? state.map { Int($0) }
  }

  func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote] {
    notes(Array(state), thread)
  }

  func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?] { resting(Array(state)) }
}

extension Transition {
  init(_ thread: Int, _ step: Int, faults: UInt64 = 0) {
    self.init(thread: Int32(thread), step: Int32(step), faults: faults)
  }
}
