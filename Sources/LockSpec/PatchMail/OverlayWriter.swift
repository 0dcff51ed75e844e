/// Writes the patch overlay (docs/patches.md) a diff became on one or more bases: a normal
/// patch file, with a note on every edit naming the line of the diff or mail it comes from.
public struct OverlayWriter {
  /// The overlay's name (`patch:`), the file it was made from, and the subject of its mail.
  public var name: String
  public var source: String
  public var subject: String?

  public init(name: String, source: String, subject: String?) {
    self.name = name
    self.source = source
    self.subject = subject
  }

  /// The overlay's text: `edits`, applying to each of `bases` (paths relative to the overlay).
  public func text(edits: [OverlayEdit], bases: [String]) -> String {
    var out = "# Made by `lockspec check --patch \(source) --emit-overlay`: the edits the diff's lines became.\n"
    out += "# Each edit's note names the line of \(source) it comes from. Edit it and commit it as any patch.\n"
    out += "patch: \(name)\n"
    if let subject { out += "title: \(FlowYAML.quoted(subject))\n" }
    out += "sources:\n  - \(FlowYAML.quoted(source))\n"
    if edits.isEmpty {
      out += "edits: []                               # the diff changes nothing the spec models\n"
    } else {
      out += "edits:\n"
    }
    for edit in edits {
      switch edit {
      case .remove(let label, let line, let code):
        out += "  - remove: \(label)\n"
        out += "    note: \(FlowYAML.quoted("\(place(line)): - \(code)"))\n"
      case .insertAfter(let label, let steps):
        out += "  - insert_after: \(label)\n" + stepsText(steps)
      case .insertBefore(let label, let steps):
        out += "  - insert_before: \(label)\n" + stepsText(steps)
      }
    }
    out += "variants:\n"
    for base in bases { out += "  - base: \(FlowYAML.quoted(base))\n" }
    return out
  }

  private func place(_ location: SourceLocation) -> String {
    "\(location.path):\(location.line)"
  }

  private func stepsText(_ steps: [NewStep]) -> String {
    var out =
      "    note: \(FlowYAML.quoted("\(place(steps[0].source)): + \(steps.map(\.code).joined(separator: " "))"))\n"
    out += "    steps:\n"
    for step in steps {
      out += "      - label: \(step.label)\n"
      out += "        code: \(FlowYAML.quoted(step.code))\n"
      out += "        at: \(step.at)\n"
      out += "        note: \(FlowYAML.quoted("\(place(step.source))"))\n"
      for key in step.body { out += "        \(key.key): \(key.value)\n" }
    }
    return out
  }

  /// A patch name from a file name: its stem with characters a patch name may not have turned
  /// into `-` (`fix ksm.patch` is `fix-ksm`).
  public static func patchName(forFile path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
    let cleaned = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "-" })
    return cleaned.isEmpty ? "patch" : cleaned
  }

  /// `target` relative to the folder `folder` (both normalized, both relative to the same
  /// directory or both absolute): `../v4.13.yaml`.
  public static func relativePath(_ target: String, fromFolder folder: String) -> String {
    let to = SpecPath.normalize(target).split(separator: "/").map(String.init)
    let normalizedFolder = SpecPath.normalize(folder)
    let from = normalizedFolder == "." ? [] : normalizedFolder.split(separator: "/").map(String.init)
    var common = 0
    while common < min(to.count, from.count), to[common] == from[common], from[common] != ".." { common += 1 }
    if from[common...].contains("..") { return SpecPath.normalize(target) }
    // Nothing in common but the root: the absolute path says more than a run of `..`.
    if common == 0, target.hasPrefix("/"), !from.isEmpty { return SpecPath.normalize(target) }
    let ups = Array(repeating: "..", count: from.count - common)
    return (ups + to[common...]).joined(separator: "/")
  }
}
