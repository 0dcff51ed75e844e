/// One variant to check: a spec as written, or a spec with one or more patches applied.
public struct Variant: Sendable, Equatable {
  /// `examples/abba-deadlock`, or `<base variant>+<patch>[+<patch>...]` in application order
  /// (`mm-exit/v4.13+rfc-2017-06-26+drop-ksm-trick`). Unique among the variants of one load.
  public var name: String
  /// The base spec file: the path as given when it was among the loaded files, else the path
  /// resolved from the patch that names it.
  public var specPath: String
  /// The patch applied last (same spelling rule as `specPath`); nil for a spec as written.
  public var patchPath: String?
  /// Every patch applied, in order (empty for a spec as written).
  public var patches: [String]
  /// The name of the variant this one derives from (the same chain without the last patch);
  /// nil for a spec as written. The parent is always among the loaded variants, before this one.
  public var parent: String?
  /// The spec's title, or for a patched variant the last patch's title.
  public var title: String?
  /// The lowered model: `model.name == name`; `model.source` lists the files
  /// (`specs/a.yaml + specs/patches/p.yaml`); each property's `expect` is the one this variant
  /// expects (see docs/patches.md, "Expectations").
  public var model: ModelIR
  /// Where the variant's name is written (the spec's `spec:` key, or the patch's variant entry),
  /// for errors about the variant as a whole; nil means the start of `file`.
  public var origin: SourceLocation?
  /// The base spec's parameters with the values this variant was built with.
  public var parameters: [ParameterDeclaration]
  /// Where each declared property's name is written, by name: in the base spec, or in the patch
  /// that adds it. Implicit properties (`deadlock_free` with no declaration) have none.
  public var propertyLocations: [String: SourceLocation]
  /// The spec document the model was lowered from (for a patched variant, with the patches'
  /// edits applied); nil for a variant built from a model by hand.
  public var document: SpecDocument?

  public init(
    name: String, specPath: String, patchPath: String?, patches: [String], parent: String?, title: String?,
    model: ModelIR, origin: SourceLocation? = nil, parameters: [ParameterDeclaration] = [],
    propertyLocations: [String: SourceLocation] = [:], document: SpecDocument? = nil
  ) {
    self.name = name
    self.specPath = specPath
    self.patchPath = patchPath
    self.patches = patches
    self.parent = parent
    self.title = title
    self.model = model
    self.origin = origin
    self.parameters = parameters
    self.propertyLocations = propertyLocations
    self.document = document
  }

  /// A variant of `model` itself (its name), from `specPath` with `patchPath` applied last, if
  /// any: what a tool that builds models by hand (tests, the generator's callers) passes on.
  public init(
    model: ModelIR, specPath: String, patchPath: String? = nil, parent: String? = nil, origin: SourceLocation? = nil
  ) {
    self.init(
      name: model.name, specPath: specPath, patchPath: patchPath, patches: patchPath.map { [$0] } ?? [],
      parent: parent, title: nil, model: model, origin: origin)
  }

  /// The file the variant is defined in: the patch applied last, else the spec.
  public var file: String { patchPath ?? specPath }

  /// Where errors about the variant point: `origin`, else line 1 of `file`.
  public var location: SourceLocation { origin ?? SourceLocation(path: file, line: 1, column: 1) }

  /// How many patches deep the variant is (0 for a spec as written).
  public var depth: Int { patches.count }
}
