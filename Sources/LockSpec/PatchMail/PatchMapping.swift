/// What a diff became on one spec: the overlay edits, and for every hunk line the step it
/// became, removed or stood next to, or why it was left out.
public struct PatchMapping: Sendable, Equatable {
  public var edits: [OverlayEdit]
  public var lines: [LineMapping]

  public init(edits: [OverlayEdit] = [], lines: [LineMapping] = []) {
    self.edits = edits
    self.lines = lines
  }

  /// Whether the diff changes nothing the spec models.
  public var isEmpty: Bool { edits.isEmpty }
}

/// The fate of one hunk line.
public struct LineMapping: Sendable, Equatable {
  /// What the line became.
  public enum Outcome: String, Sendable, Equatable {
    /// A removed line: the step(s) modelling it are removed.
    case removed
    /// An added line: a new step.
    case inserted
    /// A context line that matched a step (it places the hunk).
    case context
    /// Touches nothing the spec models.
    case ignored
  }

  public var location: SourceLocation
  public var kind: HunkLine.Kind
  /// The line's C, whitespace collapsed.
  public var text: String
  public var outcome: Outcome
  /// The step labels it matched, removed or became.
  public var labels: [String]
  /// Why an ignored line was ignored.
  public var reason: String?
  /// `file:function` the line is in, as matched against the steps' `at:` (nil when unknown).
  public var at: String?

  public init(
    location: SourceLocation, kind: HunkLine.Kind, text: String, outcome: Outcome, labels: [String] = [],
    reason: String? = nil, at: String? = nil
  ) {
    self.location = location
    self.kind = kind
    self.text = text
    self.outcome = outcome
    self.labels = labels
    self.reason = reason
    self.at = at
  }
}

/// A step a patch line becomes.
public struct NewStep: Sendable, Equatable {
  public var label: String
  /// The line's C, whitespace collapsed.
  public var code: String
  /// `file:function`.
  public var at: String
  public var body: [KernelVocabulary.StepKey]
  /// The line it comes from.
  public var source: SourceLocation

  public init(label: String, code: String, at: String, body: [KernelVocabulary.StepKey], source: SourceLocation) {
    self.label = label
    self.code = code
    self.at = at
    self.body = body
    self.source = source
  }
}

/// One edit of the overlay a diff becomes (docs/patches.md).
public enum OverlayEdit: Sendable, Equatable {
  /// `remove: LABEL`, for the line at `source`.
  case remove(label: String, source: SourceLocation, code: String)
  /// `insert_after: LABEL` with steps.
  case insertAfter(label: String, steps: [NewStep])
  /// `insert_before: LABEL` with steps.
  case insertBefore(label: String, steps: [NewStep])
}
