/// A base spec prepared for mapping diffs onto it: its variant name, the kernel vocabulary with
/// the spec's own, and the index of its steps by file, function and statement. Built once
/// (`DiffPatchTranslator.base`), it serves every diff mapped onto the same spec.
public struct MappingBase: Sendable {
  let specName: String
  let vocabulary: KernelVocabulary
  let index: SpecStepIndex

  /// Reads `document` (variant name `specName`) and its `vocabulary`.
  public init(document: SpecDocument, specName: String, vocabulary: SpecVocabulary) {
    self.specName = specName
    self.vocabulary = KernelVocabulary(state: document.state, vocabulary: vocabulary)
    self.index = SpecStepIndex(document)
  }
}
