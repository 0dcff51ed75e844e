/// A trace that shows a property violated (or a `reachable` condition witnessed): the steps
/// from an initial state, each with the state changes it made, and a one-line conclusion.
public struct Counterexample: Sendable, Equatable, Codable {
  /// Whether the trace shows a violation or witnesses a `reachable` condition.
  public enum Kind: String, Sendable, Equatable, Codable {
    case violation
    case witness
  }

  /// The property's name.
  public var property: String
  /// The model's variant name (`mm-exit/v4.14`).
  public var model: String
  public var kind: Kind
  /// Steps in order; empty when an initial state already violates the property.
  public var steps: [CounterexampleStep]
  /// What the last state or step shows, e.g. `use after free of pgtables (freed by exit at step 5)`.
  public var conclusion: String
  /// The values of the nondeterministically initialized slots in the trace's initial state,
  /// as `name = value` (the choices this interleaving starts from).
  public var initial: [String]
  /// For a liveness violation that loops: the index in `steps` where the repeating part starts
  /// (the run goes round `steps[cycleStart...]` forever); nil otherwise.
  public var cycleStart: Int?

  public init(
    property: String, model: String, kind: Kind, steps: [CounterexampleStep], conclusion: String,
    initial: [String] = [], cycleStart: Int? = nil
  ) {
    self.cycleStart = cycleStart
    self.property = property
    self.model = model
    self.kind = kind
    self.steps = steps
    self.conclusion = conclusion
    self.initial = initial
  }
}
