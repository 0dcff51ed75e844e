/// A finite transition system the explorer can search: states are fixed-width arrays of
/// `UInt64` words, and every transition is one atomic step of one thread.
///
/// Both the spec interpreter and the generated, compiled models conform to this protocol and
/// plug into the same `Explorer`, so they must produce the same states in the same order:
/// initial states in the order the model lists them, successors by ascending thread index and,
/// within a thread, in the order of its choices.
public protocol TransitionSystem {
  /// Static description of the model: threads, steps, state slots, properties.
  var metadata: ModelMetadata { get }

  /// Number of 64-bit words in one packed state.
  var wordCount: Int { get }

  /// Bytes of a packed state that its slots can set: `8 * (wordCount - 1)` plus the low bytes of
  /// the last word that hold slot bits. The store keeps only these; the rest must be zero.
  var stateByteCount: Int { get }

  /// Writes each initial state into `scratch` and calls `emit` once per state, until `emit`
  /// returns false (a bound or an interruption: a product of initial values may be vast).
  func forEachInitialState(
    scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool
  )

  /// Writes each successor of `state` into `scratch` and calls `emit` with the transition that
  /// leads there. `scratch` is reused between calls; `emit` must copy what it keeps.
  func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>,
    scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  )

  /// Like `forEachSuccessor`, for the transitions of `thread` alone (in the same order). The
  /// explorer calls it to try one thread's transitions as a partial-order reduction's persistent
  /// set before generating the others. The default filters `forEachSuccessor`.
  func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>,
    thread: Int,
    scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  )

  /// The state properties of `state`: bit `i` of `violated` is set when property `i`
  /// (a `never`/`always` condition) is violated in it; bit `i` of `reached` is set when the
  /// condition of `reachable` property `i`, or the goal of liveness property `i`, holds in it;
  /// bit `i` of `triggered` when the `from` condition of `leads_to` property `i` holds.
  func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts

  /// `evaluate(_:)` for the properties in `properties` (a bit set) only: the bits of the others
  /// may be left clear. The explorer asks for those a transition's step can have changed
  /// (`ReductionFacts.visible`). The default evaluates every property.
  func evaluate(_ state: UnsafeBufferPointer<UInt64>, properties: UInt64) -> StateVerdicts

  /// Whether every thread has run to its end in `state` (a state with no successors that is not
  /// final is a deadlock).
  func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool

  /// The value of every slot of `state`, in `metadata.slots` order (for rendering).
  func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int]

  /// Explains the faults that the transition of `thread` from `state` raises (rendering only,
  /// never on the hot path).
  func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote]

  /// The step each thread rests at in `state` (the step it would run next), `nil` for a thread
  /// that has ended; in thread order. Rendering only (a deadlock names where threads are
  /// blocked). The default implementation returns `[]` (unknown).
  func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?]

  /// What partial-order reduction needs to know about the model, or nil when the engine
  /// cannot say (then the explorer never reduces). The default is nil.
  var reductionFacts: ReductionFacts? { get }

  /// The instruction `thread` rests at in `state` (an index into `reductionFacts.stepsAt[thread]`).
  /// Called on the hot path of a reduced search only.
  func programCounter(of thread: Int, in state: UnsafeBufferPointer<UInt64>) -> Int

  /// The model's interchangeable threads, or nil (then the explorer never uses symmetry). The
  /// default is nil.
  var symmetryFacts: SymmetryFacts? { get }
}

extension TransitionSystem {
  /// Default: every byte of every word.
  public var stateByteCount: Int { wordCount * 8 }

  /// Default: the engine cannot tell where threads rest.
  public func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?] { [] }

  /// Default: every property.
  public func evaluate(_ state: UnsafeBufferPointer<UInt64>, properties: UInt64) -> StateVerdicts {
    evaluate(state)
  }

  /// Default: the transitions of every thread, filtered.
  public func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>,
    thread: Int,
    scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    forEachSuccessor(of: state, scratch: scratch) { transition, successor in
      if transition.thread == thread { emit(transition, successor) }
    }
  }

  /// Default: no facts, so no partial-order reduction.
  public var reductionFacts: ReductionFacts? { nil }

  /// Default: no interchangeable threads.
  public var symmetryFacts: SymmetryFacts? { nil }

  /// Default: never called, as there are no `reductionFacts`.
  public func programCounter(of thread: Int, in state: UnsafeBufferPointer<UInt64>) -> Int { 0 }
}

/// One atomic step taken by one thread, with the properties it violates.
public struct Transition: Sendable, Equatable {
  /// Index of the thread in `ModelMetadata.threads`.
  public var thread: Int32
  /// Index of the step in `ModelMetadata.steps` (the instruction the thread executed).
  public var step: Int32
  /// Bit `i` is set when this transition violates property `i` (use after free, double free,
  /// lock discipline, a failed assertion).
  public var faults: UInt64
  /// The transition would take the model past a bound its spec declares (a thread taking more
  /// read holds of an rwsem than its `max_read_holds`). The explorer does not follow it and
  /// reports the exploration incomplete (`StopReason.maxReadHolds`), so nothing after it is
  /// ever reported as a fault.
  public var exceedsBound: Bool

  public init(thread: Int32, step: Int32, faults: UInt64, exceedsBound: Bool = false) {
    self.thread = thread
    self.step = step
    self.faults = faults
    self.exceedsBound = exceedsBound
  }
}

/// The state properties evaluated in one state.
public struct StateVerdicts: Sendable, Equatable {
  /// Properties (`never`, `always`) violated in the state, as a bit set over property indices.
  public var violated: UInt64
  /// `reachable` properties whose condition holds in the state, and liveness properties whose
  /// goal (`eventually`'s condition, `leads_to`'s `to`) holds in it, as a bit set.
  public var reached: UInt64
  /// `leads_to` properties whose `from` condition holds in the state, as a bit set.
  public var triggered: UInt64

  public init(violated: UInt64 = 0, reached: UInt64 = 0, triggered: UInt64 = 0) {
    self.violated = violated
    self.reached = reached
    self.triggered = triggered
  }
}

/// Why a transition violated a property, in words, for a counterexample's last line.
public struct FaultNote: Sendable, Equatable {
  /// Index of the violated property.
  public var property: Int
  /// What went wrong, e.g. "use after free of pgtables".
  public var message: String
  /// The resource involved, if any, so the renderer can say where it was freed.
  public var resource: String?

  public init(property: Int, message: String, resource: String? = nil) {
    self.property = property
    self.message = message
    self.resource = resource
  }
}
