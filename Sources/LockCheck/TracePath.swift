/// A concrete run of a model: the states visited and the transitions between them. The input to
/// `CounterexampleBuilder`, from the explorer's parent chains or a simulator's schedule.
public struct TracePath: Sendable, Equatable {
  /// `transitions.count + 1` states, the first an initial state; each has `wordCount` words.
  public var states: [[UInt64]]
  /// `transitions[i]` leads from `states[i]` to `states[i + 1]`.
  public var transitions: [Transition]
  /// Whether the last transition is a fault the trace exists to show (else the last state is).
  public var endsInFault: Bool

  public init(states: [[UInt64]], transitions: [Transition], endsInFault: Bool) {
    precondition(states.count == transitions.count + 1, "a path has one more state than transitions")
    self.states = states
    self.transitions = transitions
    self.endsInFault = endsInFault
  }
}
