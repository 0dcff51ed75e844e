/// The report of a whole `check` run joined from its shards' JSON reports: the same JSON as the
/// run without `--shard` (`JSONReport.encode`), and a `CheckReport` of its results for the text
/// and Markdown renderers (counterexamples rebuilt from the steps the JSON keeps).
public struct MergedReport: Sendable, Equatable, Encodable {
  /// One model's figures, as `CheckReport.Model` writes them.
  public struct Model: Sendable, Equatable, Codable {
    public var spec: String
    public var variant: String
    public var patch: String?
    public var stopReason: StopReason
    public var complete: Bool
    public var bound: BoundHit?
    public var states: Int
    public var transitions: Int
    public var depth: Int
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
      case spec, variant, patch, complete, bound, states, transitions, depth, seconds
      case stopReason = "stop_reason"
    }

    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(spec, forKey: .spec)
      try c.encode(variant, forKey: .variant)
      try c.encode(patch, forKey: .patch)
      try c.encode(stopReason, forKey: .stopReason)
      try c.encode(complete, forKey: .complete)
      try c.encode(bound, forKey: .bound)
      try c.encode(states, forKey: .states)
      try c.encode(transitions, forKey: .transitions)
      try c.encode(depth, forKey: .depth)
      try c.encode(seconds, forKey: .seconds)
    }
  }

  public var formatVersion: Int
  public var models: [Model]
  public var results: [CheckReport.Result]
  public var summary: CheckReport.Summary
  /// The diffs and mails the run found beside the specs and what their lines became, as the
  /// shards' reports carry them (`check PATH...` with diffs); nil when there were none.
  public var diffs: [OpaqueJSON]?

  public init(models: [Model], results: [CheckReport.Result]) {
    self.formatVersion = CheckReport.formatVersion
    self.models = models
    self.results = results
    self.summary = CheckReport.Summary(results: results)
  }

  /// The results as a `CheckReport`, each patched variant's parent named from its variant name
  /// (`base+patch` derives from `base`; patch names have no `+`).
  public var checkReport: CheckReport {
    var parents: [String: String] = [:]
    for model in models where model.patch != nil {
      if let plus = model.variant.lastIndex(of: "+") { parents[model.variant] = String(model.variant[..<plus]) }
    }
    return CheckReport(results: results, parents: parents)
  }

  enum CodingKeys: String, CodingKey {
    case models, results, summary, diffs
    case formatVersion = "format_version"
  }
}
