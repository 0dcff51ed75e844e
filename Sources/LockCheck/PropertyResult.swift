/// The verdict one property got, what the spec expected, and the trace that shows it.
public struct PropertyResult: Sendable, Equatable, Codable {
  public var name: String
  public var kind: PropertyKind
  public var verdict: Verdict
  /// The verdict the spec expects (`nil`: not judged).
  public var expected: Verdict?
  /// For `violated`: a shortest counterexample (none for an unwitnessed `reachable`).
  /// For a `reachable` that holds: a shortest witness.
  public var counterexample: Counterexample?

  public init(
    name: String, kind: PropertyKind, verdict: Verdict, expected: Verdict?, counterexample: Counterexample?
  ) {
    self.name = name
    self.kind = kind
    self.verdict = verdict
    self.expected = expected
    self.counterexample = counterexample
  }

  /// Whether the verdict is the expected one (`true` when nothing is expected).
  public var meetsExpectation: Bool { expected.map { $0 == verdict } ?? true }
}
