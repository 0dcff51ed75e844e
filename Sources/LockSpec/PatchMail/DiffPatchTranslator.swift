/// Turns a unified diff, a mail or an mbox into the overlay edits it amounts to on one base
/// spec: the patches are extracted (`MailPatchExtractor`), then mapped (`HunkMapper`) through
/// the kernel vocabulary and the spec's own.
public enum DiffPatchTranslator {
  /// The patches of `patchText` (the file `patchPath`); an error at line 1 when it has no diff.
  public static func patches(in patchText: String, path patchPath: String) throws(SpecLoadError) -> [ExtractedPatch] {
    try contents(of: patchText, path: patchPath).patches
  }

  /// The patches of `patchText` and the quotes of them it skips; an error when it has no diff.
  public static func contents(
    of patchText: String, path patchPath: String
  ) throws(SpecLoadError) -> MailPatchExtractor.Contents {
    let contents = MailPatchExtractor.read(patchText, path: patchPath)
    guard !contents.patches.isEmpty else {
      throw SpecLoadError(diagnostics: [
        .error(
          "no diff in this file: expected a hunk ('@@ -a,b +c,d @@') after a '--- a/FILE' / '+++ b/FILE' or "
            + "'diff --git' header, quoted or not", at: SourceLocation(path: patchPath, line: 1, column: 1))
      ])
    }
    return contents
  }

  /// The mapping of `patches` onto the base spec `baseText` (the file `basePath`).
  public static func map(
    _ patches: [ExtractedPatch], baseText: String, basePath: String
  ) throws(SpecLoadError) -> PatchMapping {
    try map(patches, onto: base(text: baseText, path: basePath))
  }

  /// The base spec `text` (the file `path`) read for mapping: several diffs map onto it without
  /// reading it again.
  public static func base(text: String, path: String) throws(SpecLoadError) -> MappingBase {
    var log = DiagnosticLog()
    if let root = YAMLReader(path: path).read(text, log: &log), SourceFile.isPatch(root) {
      throw SpecLoadError(diagnostics: [
        .error(
          "this is a patch overlay, not a spec: give the spec a diff is to be mapped onto",
          at: SourceLocation(path: path, line: 1, column: 1))
      ])
    }
    let document = try SpecLoader.parse(text: text, path: path)
    let vocabulary = try SpecVocabulary.read(specText: text, path: path)
    let name = document.name?.value ?? SpecPath.defaultSpecName(path)
    return MappingBase(document: document, specName: name, vocabulary: vocabulary)
  }

  /// The mapping of `patches` onto `base`.
  public static func map(_ patches: [ExtractedPatch], onto base: MappingBase) throws(SpecLoadError) -> PatchMapping {
    try HunkMapper.map(patches, base: base)
  }

  /// Whether `path` names a YAML overlay rather than a diff or a mail.
  public static func isOverlay(_ path: String) -> Bool {
    path.hasSuffix(".yaml") || path.hasSuffix(".yml")
  }

  /// Whether the YAML `text` (the file `path`) is a patch overlay (a top-level `patch` key)
  /// rather than a spec; false for text that does not read as YAML (its errors are a spec's).
  public static func isOverlay(text: String, path: String) -> Bool {
    var log = DiagnosticLog()
    guard let root = YAMLReader(path: path).read(text, log: &log) else { return false }
    return SourceFile.isPatch(root)
  }
}
