import LockCheck

/// The syntax tree of one patch file: a proposal that edits a base spec (see docs/patches.md).
/// Steps, variables, threads and properties inside edits are parsed exactly as in a spec, and
/// keep their locations in the patch file, so errors in them point into the patch.
public struct PatchDocument: Sendable, Equatable {
  /// The file the patch was read from, as given.
  public var path: String
  /// The `patch:` key's value; nil when it is empty (the name is then the file name).
  public var name: Located<String>?
  public var title: String?
  public var description: String?
  public var sources: [String]
  /// The edits, applied in order.
  public var edits: [PatchEdit]
  /// Where the patch applies, each with the expectations it changes.
  public var variants: [PatchVariant]
  /// Where the top-level mapping starts.
  public var location: SourceLocation

  public init(
    path: String, name: Located<String>? = nil, title: String? = nil, description: String? = nil,
    sources: [String] = [], edits: [PatchEdit] = [], variants: [PatchVariant] = [], location: SourceLocation
  ) {
    self.path = path
    self.name = name
    self.title = title
    self.description = description
    self.sources = sources
    self.edits = edits
    self.variants = variants
    self.location = location
  }

  /// The patch's name: `patch:`, or the file name without `.yaml`/`.yml`.
  public var patchName: String { name?.value ?? SpecPath.fileStem(path) }
}

/// Where inserted or moved steps go, relative to a labelled step.
public enum StepAnchor: Sendable, Equatable {
  case before(Located<String>)
  case after(Located<String>)

  /// The label the anchor names.
  public var label: Located<String> {
    switch self {
    case .before(let label), .after(let label): return label
    }
  }
}

/// One entry of `edits:`.
public struct PatchEdit: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// `remove: LABEL`: delete the step (and everything nested in it).
    case remove(Located<String>)
    /// `insert_before: LABEL` / `insert_after: LABEL` with `steps:`.
    case insert([Step], at: StepAnchor)
    /// `replace: LABEL` with `steps:`: the steps take the labelled step's place.
    case replace(Located<String>, with: [Step])
    /// `move: LABEL` with `before:` or `after:`.
    case move(Located<String>, to: StepAnchor)
    /// `add_state: {...}`: new shared variables, appended in order.
    case addState([VariableDeclaration])
    /// `change_state: {...}`: replacements for existing shared variables, each in its place.
    case changeState([VariableDeclaration])
    /// `add_locals: {thread: T, locals: {...}}` (or `procedure: P`).
    case addLocals(owner: LocalsOwner, [VariableDeclaration])
    /// `add_threads: {...}`: new threads, appended in order.
    case addThreads([ThreadDeclaration])
    /// `add_procedures: {...}`: new procedures.
    case addProcedures([ProcedureDeclaration])
    /// `add_properties: [...]`: new properties, appended in order.
    case addProperties([PropertyDeclaration])
  }

  public var kind: Kind
  /// Where the edit's mapping starts.
  public var location: SourceLocation

  public init(_ kind: Kind, at location: SourceLocation) {
    self.kind = kind
    self.location = location
  }
}

/// The thread or procedure `add_locals` adds to.
public enum LocalsOwner: Sendable, Equatable {
  case thread(Located<String>)
  case procedure(Located<String>)
}

/// One entry of `variants:`: a base spec, the patches applied before this one, and the
/// expectations this patch changes on that chain.
public struct PatchVariant: Sendable, Equatable {
  /// The base spec's path, relative to the patch file, as written.
  public var base: Located<String>
  /// Patches applied first, in order (paths relative to the patch file, as written).
  public var after: [Located<String>]
  /// Changed expectations, in order: property name and verdict (`holds` or `violated`).
  public var expect: [ExpectationChange]
  /// Where the variant's mapping starts.
  public var location: SourceLocation

  public init(
    base: Located<String>, after: [Located<String>] = [], expect: [ExpectationChange] = [],
    location: SourceLocation
  ) {
    self.base = base
    self.after = after
    self.expect = expect
    self.location = location
  }
}

/// `property: verdict` in a variant's `expect:`.
public struct ExpectationChange: Sendable, Equatable {
  public var property: Located<String>
  public var verdict: Verdict

  public init(property: Located<String>, verdict: Verdict) {
    self.property = property
    self.verdict = verdict
  }
}
