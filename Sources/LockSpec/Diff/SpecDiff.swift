/// What changes from one spec document to another, as a reviewer reads it: per thread and
/// procedure the steps added, removed, moved and changed (by label), and the shared state,
/// locals and properties added, removed and changed. Pure: `SpecDiff(from:to:)` compares two
/// parsed (and patched) documents; locations never count as changes.
public struct SpecDiff: Sendable, Equatable, Encodable {
  /// The changes to the steps of one thread or procedure.
  public struct Owner: Sendable, Equatable, Encodable {
    /// `thread NAME` or `procedure NAME`.
    public var name: String
    public var added: [StepChange]
    public var removed: [StepChange]
    public var moved: [StepChange]
    public var changed: [StepChange]

    /// Whether nothing changed in it.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && moved.isEmpty && changed.isEmpty }
  }

  /// One step that was added, removed, moved or changed.
  public struct StepChange: Sendable, Equatable, Encodable {
    /// The step's label; unlabelled steps are named by their code (`#` and the action when none).
    public var step: String
    /// The step's `code:` text (in the second document, except for a removed step).
    public var code: String?
    /// Where the step is now (for a removed step: where it was): the labelled step it follows
    /// in its list, or the block that holds it.
    public var place: String
    /// A moved step: where it was. A changed step: what it was.
    public var before: String?
    /// A changed step: what it is now.
    public var after: String?
  }

  /// A shared variable, local or property added, removed or changed.
  public struct DeclarationChange: Sendable, Equatable, Encodable {
    /// Whether the second document adds, removes or changes the declaration.
    public enum Kind: String, Sendable, Equatable, Encodable {
      case added, removed, changed
    }

    public var kind: Kind
    public var name: String
    /// The declaration in the first document (nil when added).
    public var before: String?
    /// The declaration in the second document (nil when removed).
    public var after: String?
  }

  /// Threads and procedures with changed steps, in the second document's order (then the ones
  /// only the first has).
  public var owners: [Owner]
  /// Shared variables and locals (`thread.local`).
  public var state: [DeclarationChange]
  public var properties: [DeclarationChange]

  /// Whether the documents model the same steps, state and properties.
  public var isEmpty: Bool { owners.isEmpty && state.isEmpty && properties.isEmpty }

  enum CodingKeys: String, CodingKey {
    case owners = "threads", state, properties
  }
}
