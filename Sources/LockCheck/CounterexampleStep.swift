/// One transition of a counterexample: which thread ran which step, and what it changed.
public struct CounterexampleStep: Sendable, Equatable, Codable {
  /// A visible slot whose value the step changed, as printed values.
  public struct Change: Sendable, Equatable, Codable {
    public var slot: String
    public var from: String
    public var to: String

    public init(slot: String, from: String, to: String) {
      self.slot = slot
      self.from = from
      self.to = to
    }
  }

  /// The thread's name (`exit`, `worker[1]`).
  public var thread: String
  /// The thread's index in the model (column order when rendering).
  public var threadIndex: Int
  /// The step's index in `ModelMetadata.steps`.
  public var stepIndex: Int
  public var label: String
  public var code: String
  /// `file:function`, or empty.
  public var location: String
  /// Visible slots changed by the step, in slot order (the result slot is reported as `result`).
  public var changes: [Change]
  /// The printed value of the step's result slot after the step (`ok`, `false`), if it has one.
  public var result: String?

  public init(
    thread: String, threadIndex: Int, stepIndex: Int, label: String, code: String, location: String,
    changes: [Change], result: String?
  ) {
    self.thread = thread
    self.threadIndex = threadIndex
    self.stepIndex = stepIndex
    self.label = label
    self.code = code
    self.location = location
    self.changes = changes
    self.result = result
  }

  /// What a report prints for the step: its code, else its label.
  public var title: String { code.isEmpty ? (label.isEmpty ? "(step)" : label) : code }
}
