import LockCheck
import LockSpec

/// `lockspec diff --format json`: both sides, the spec changes and the verdict changes (null
/// with `--no-verdicts`).
struct DiffReport: Encodable {
  /// One side of the comparison.
  struct Side: Encodable {
    var variant: String
    var file: String
  }

  /// One verdict of the second side that differs from the first side's.
  struct VerdictChange: Encodable {
    var variant: String
    var property: String
    /// Nil: the first side has no such property.
    var from: Verdict?
    var to: Verdict
    /// `fix`, `regression`, `changed` or `new`.
    var mark: String

    init(_ change: VerdictMatrix.Change) {
      variant = change.variant
      property = change.property
      from = change.from
      to = change.to
      mark = change.mark.rawValue
    }

    enum CodingKeys: String, CodingKey { case variant, property, from, to, mark }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(variant, forKey: .variant)
      try c.encode(property, forKey: .property)
      try c.encode(from, forKey: .from)
      try c.encode(to, forKey: .to)
      try c.encode(mark, forKey: .mark)
    }
  }

  var before: Side
  var after: Side
  var diff: SpecDiff
  var verdictChanges: [VerdictChange]?

  enum CodingKeys: String, CodingKey {
    case before, after, diff
    case verdictChanges = "verdict_changes"
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(before, forKey: .before)
    try c.encode(after, forKey: .after)
    try c.encode(diff, forKey: .diff)
    try c.encode(verdictChanges, forKey: .verdictChanges)
  }
}
