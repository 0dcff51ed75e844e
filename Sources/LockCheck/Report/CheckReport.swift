/// The outcome of one `lockspec check` run: every explored model with its full exploration
/// result (verdicts, counterexamples, statistics, stop reason, bound), one result per property,
/// and the summary. Every renderer takes it: text (`TextReport`), JSON (`JSONReport`, shaped
/// `{"format_version": 2, "models": [...], "results": [...], "summary": {...}}`), Markdown
/// (`MarkdownReport`), JUnit (`JUnitWriter`), and the verdict matrix.
public struct CheckReport: Sendable, Equatable, Encodable {
  /// The version of this JSON shape; raised whenever a field changes meaning or goes away.
  public static let formatVersion = 2

  /// How the exploration of one model ended.
  public struct Model: Sendable, Equatable, Encodable {
    public var spec: String
    public var variant: String
    public var patch: String?
    /// The file the variant is defined in: the patch applied last, else the spec (not in JSON).
    public var file: String
    /// The variant this one derives from, if any (not in JSON).
    public var parent: String?
    /// The whole exploration result (not in JSON; its figures are the fields above).
    public var outcome: ExplorationResult
    /// `completed`, `decided`, `max_states`, `max_depth`, `memory`, or `max_read_holds`.
    public var stopReason: StopReason
    /// Whether `states` and `transitions` count the whole reachable state space.
    public var complete: Bool
    /// The bound that stopped the search, if one did.
    public var bound: BoundHit?
    public var states: Int
    public var transitions: Int
    public var depth: Int
    public var seconds: Double
    /// Where each declared property's name is written, by property name (not in JSON); implicit
    /// properties (`deadlock_free` and the like without a declaration) have none.
    public var declarations: [String: SpecPosition]
    /// Where the variant is declared (the spec's `spec:` key, or the patch's variant entry), for
    /// what concerns the model as a whole (not in JSON).
    public var origin: SpecPosition

    public init(
      spec: String, variant: String, patch: String?, file: String? = nil, parent: String? = nil,
      outcome: ExplorationResult, declarations: [String: SpecPosition] = [:], origin: SpecPosition? = nil
    ) {
      self.spec = spec
      self.variant = variant
      self.patch = patch
      self.file = file ?? patch ?? spec
      self.parent = parent
      self.outcome = outcome
      self.stopReason = outcome.stopReason
      self.complete = outcome.stopReason.countsComplete
      self.bound = outcome.bound
      self.states = outcome.statistics.states
      self.transitions = outcome.statistics.transitions
      self.depth = outcome.statistics.maxDepth
      self.seconds = outcome.statistics.seconds
      self.declarations = declarations
      self.origin = origin ?? SpecPosition(path: file ?? patch ?? spec)
    }

    /// Where `property` is declared, else where the variant is.
    public func position(of property: String) -> SpecPosition { declarations[property] ?? origin }

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

  /// One property of one model (variant).
  public struct Result: Sendable, Equatable, Codable {
    /// The spec file, as given on the command line.
    public var spec: String
    /// The variant's name (`mm-exit/v4.13`, `mm-exit/v4.13+drop-ksm-trick`).
    public var variant: String
    /// The patch file applied last, or nil for a base spec.
    public var patch: String?
    public var property: String
    public var verdict: Verdict
    public var expected: Verdict?
    public var states: Int
    public var transitions: Int
    public var seconds: Double
    /// Why the model's exploration stopped.
    public var stopReason: StopReason
    /// Whether the counts are those of the whole state space.
    public var complete: Bool
    /// The bound that made undecided verdicts `unknown`, if one did.
    public var bound: BoundHit?
    /// Present for violations and `reachable` witnesses.
    public var counterexample: [Step]?
    /// The counterexample's last line (what went wrong), when there is one.
    public var conclusion: String?
    /// For a liveness violation that loops: the number (from 1) of the first counterexample step
    /// of the part that repeats forever.
    public var cycleStart: Int?
    /// The nondeterministic initial values the counterexample starts from (`name = value`).
    public var initial: [String]?

    /// The result of `property`, one of `outcome.properties`, with its model's figures.
    public init(spec: String, variant: String, patch: String?, property: PropertyResult, outcome: ExplorationResult) {
      let statistics = outcome.statistics
      self.stopReason = outcome.stopReason
      self.complete = outcome.stopReason.countsComplete
      self.bound = outcome.bound
      self.spec = spec
      self.variant = variant
      self.patch = patch
      self.property = property.name
      self.verdict = property.verdict
      self.expected = property.expected
      self.states = statistics.states
      self.transitions = statistics.transitions
      self.seconds = statistics.seconds
      self.counterexample = property.counterexample.map { $0.steps.map(Step.init) }
      self.conclusion = property.counterexample?.conclusion
      self.cycleStart = property.counterexample?.cycleStart.map { $0 + 1 }
      self.initial = property.counterexample?.initial
    }

    /// Whether the verdict is the expected one (true when nothing is expected).
    public var matched: Bool { expected.map { $0 == verdict } ?? true }

    /// The counterexample (a violation's, or a `reachable` witness) as the renderers take it,
    /// rebuilt from the steps this result carries; nil when it carries none.
    public var rebuiltCounterexample: Counterexample? {
      guard let counterexample else { return nil }
      var threads: [String] = []
      let steps = counterexample.map { $0.counterexampleStep(threads: &threads) }
      return Counterexample(
        property: property, model: variant, kind: verdict == .violated ? .violation : .witness, steps: steps,
        conclusion: conclusion ?? "", initial: initial ?? [], cycleStart: cycleStart.map { $0 - 1 })
    }

    enum CodingKeys: String, CodingKey {
      case spec, variant, patch, property, verdict, expected, states, transitions, seconds, complete, bound
      case counterexample, conclusion, initial
      case stopReason = "stop_reason"
      case cycleStart = "cycle_start"
    }

    // Encode `patch`, `expected`, `counterexample` and `conclusion` as null when absent.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(spec, forKey: .spec)
      try c.encode(variant, forKey: .variant)
      try c.encode(patch, forKey: .patch)
      try c.encode(property, forKey: .property)
      try c.encode(verdict, forKey: .verdict)
      try c.encode(expected, forKey: .expected)
      try c.encode(states, forKey: .states)
      try c.encode(transitions, forKey: .transitions)
      try c.encode(seconds, forKey: .seconds)
      try c.encode(stopReason, forKey: .stopReason)
      try c.encode(complete, forKey: .complete)
      try c.encode(bound, forKey: .bound)
      try c.encode(counterexample, forKey: .counterexample)
      try c.encode(conclusion, forKey: .conclusion)
      try c.encodeIfPresent(cycleStart, forKey: .cycleStart)
      try c.encode(initial, forKey: .initial)
    }
  }

  /// One step of a counterexample in the JSON report.
  public struct Step: Sendable, Equatable, Codable {
    public var thread: String
    public var label: String
    public var code: String
    public var location: String
    /// `"mm_users 1 -> 0"`, one per changed slot.
    public var changes: [String]
    /// The step's result (`true` for a trylock that succeeded), if it has one.
    public var result: String?
    /// The thread's index in the model, which orders the columns of a rendered counterexample
    /// (absent from reports written before it was added).
    public var threadIndex: Int?

    public init(_ step: CounterexampleStep) {
      thread = step.thread
      threadIndex = step.threadIndex
      label = step.label
      code = step.code
      location = step.location
      changes = step.changes.map { "\($0.slot) \($0.from) -> \($0.to)" }
      result = step.result
    }

    /// The step as the renderers take it, rebuilt from the report (a report read back, as
    /// `report merge` does). A step without a thread index gets its thread's first appearance.
    func counterexampleStep(threads: inout [String]) -> CounterexampleStep {
      if !threads.contains(thread) { threads.append(thread) }
      let index = threadIndex ?? threads.firstIndex(of: thread)!
      return CounterexampleStep(
        thread: thread, threadIndex: index, stepIndex: -1, label: label, code: code, location: location,
        changes: changes.map(Self.change), result: result)
    }

    /// `"mm_users 1 -> 0"` back into its parts: the slot up to the first space, the values
    /// either side of the last ` -> ` (the rendering joins them back to the same text).
    static func change(_ text: String) -> CounterexampleStep.Change {
      guard let space = text.firstIndex(of: " "), let arrow = text.range(of: " -> ", options: .backwards),
        space <= arrow.lowerBound
      else { return CounterexampleStep.Change(slot: text, from: "", to: "") }
      let from = space == arrow.lowerBound ? "" : String(text[text.index(after: space)..<arrow.lowerBound])
      return CounterexampleStep.Change(slot: String(text[..<space]), from: from, to: String(text[arrow.upperBound...]))
    }

    enum CodingKeys: String, CodingKey {
      case thread, label, code, location, changes, result
      case threadIndex = "thread_index"
    }
  }

  /// Counts over all results.
  public struct Summary: Sendable, Equatable, Encodable {
    /// Properties checked.
    public var checked: Int
    /// Properties whose verdict is the expected one (or that expect nothing).
    public var matched: Int
    /// Properties with an `expect` and a different, known verdict.
    public var mismatched: Int
    /// Properties whose verdict is `unknown` (a bound was hit).
    public var unknown: Int

    public init(results: [Result]) {
      checked = results.count
      matched = results.filter { $0.matched && $0.verdict != .unknown }.count
      unknown = results.filter { $0.verdict == .unknown }.count
      mismatched = checked - matched - unknown
    }
  }

  public var formatVersion: Int
  public var models: [Model]
  public var results: [Result]
  public var summary: Summary
  /// Which shard of a run this report is (`check --shard K/N`); nil for a whole run.
  public var shard: Shard?
  /// The variant each derived variant derives from, by name (not in JSON): from `models`, or
  /// given when the report is rebuilt from results (`report merge`).
  public var parents: [String: String]

  public init(results: [Result], models: [Model] = [], parents: [String: String]? = nil) {
    self.formatVersion = Self.formatVersion
    self.models = models
    self.results = results
    self.summary = Summary(results: results)
    var derived: [String: String] = [:]
    for model in models { if let parent = model.parent { derived[model.variant] = parent } }
    self.parents = parents ?? derived
  }

  /// The report of `models`, in order: one result per property of each.
  public init(models: [Model]) {
    var results: [Result] = []
    for model in models {
      for property in model.outcome.properties {
        results.append(
          Result(
            spec: model.spec, variant: model.variant, patch: model.patch, property: property, outcome: model.outcome))
      }
    }
    self.init(results: results, models: models)
  }

  /// The verdict matrix of the report (each variant's verdicts against its parent's).
  public var matrix: VerdictMatrix {
    VerdictMatrix(results: results, parents: parents)
  }

  /// The counterexample (or witness) of `property` in `variant`, if its search found one: from
  /// the model's exploration, or rebuilt from the result's steps in a report read back.
  public func counterexample(variant: String, property: String) -> Counterexample? {
    if let model = models.first(where: { $0.variant == variant }) {
      return model.outcome.properties.first { $0.name == property }?.counterexample
    }
    return results.first { $0.variant == variant && $0.property == property }?.rebuiltCounterexample
  }

  enum CodingKeys: String, CodingKey {
    case models, results, summary, shard
    case formatVersion = "format_version"
  }

  /// Every expectation met and no verdict unknown: `lockspec check` exits 0.
  public var succeeded: Bool { summary.mismatched == 0 && summary.unknown == 0 }
}
