import Foundation
import LockCheck
import LockSpec

/// What `check --patch DIFF` prints about the mapping: text before the check's output, a
/// Markdown section after it, and the JSON fields added to the check's object.
extension DiffPatchCheck {
  /// What each hunk line became, per base, as text.
  var text: String {
    var out = "Patch \(patch): "
    let hunks = patches.map(\.hunks.count).reduce(0, +)
    out += "\(patches.count) patch\(patches.count == 1 ? "" : "es"), \(hunks) hunk\(hunks == 1 ? "" : "s")"
    let depths = Set(patches.map(\.quoteDepth)).sorted()
    if depths != [0] { out += " (quoted at depth \(depths.map(String.init).joined(separator: ", ")))" }
    out += "\n"
    for patch in patches {
      if let subject = patch.subject { out += "  \(patch.location.line): \(subject)\n" }
      for hunk in patch.hunks where !hunk.isComplete {
        out +=
          "  \(hunk.location.line): note: the hunk has fewer lines than its header announces (a quote cut it short)\n"
      }
    }
    for quote in quotes.prefix(5) {
      let what = quote.subject.map { " (\($0))" } ?? ""
      out +=
        "  \(quote.location.line): a quote of a patch above at depth \(quote.quoteDepth)\(what): not mapped again\n"
    }
    if quotes.count > 5 { out += "  ... and \(quotes.count - 5) more quotes of the patches above, not mapped again\n" }
    for skipped in notApplied {
      out +=
        "\(skipped.base): does not apply, not checked (\(skipped.errors.count) error\(skipped.errors.count == 1 ? "" : "s") above)\n"
    }
    for base in mappings {
      out += "\(base.variant.isEmpty ? base.base : base.variant):\n"
      if base.mapping.isEmpty {
        out += "  the patch changes nothing this spec models: no verdict can change\n"
      }
      let width = min(60, base.mapping.lines.map { $0.text.count }.max() ?? 0)
      let places = base.mapping.lines.map { "\($0.location.line):\($0.location.column):" }
      let placeWidth = places.map(\.count).max() ?? 0
      var function: String?
      for (line, place) in zip(base.mapping.lines, places) {
        if let at = line.at, at != function {
          out += "  \(at)\n"
          function = at
        }
        let marker = line.kind == .added ? "+" : line.kind == .removed ? "-" : " "
        let code = line.text.padding(toLength: max(width, line.text.count), withPad: " ", startingAt: 0)
        let at = String(repeating: " ", count: placeWidth - place.count) + place
        out += "    \(at) \(marker) \(code)  \(Self.describe(line))\n"
      }
    }
    return out
  }

  static func describe(_ line: LineMapping) -> String {
    switch line.outcome {
    case .removed: return "-> removes \(line.labels.joined(separator: ", "))"
    case .inserted: return "-> new step \(line.labels.joined(separator: ", "))"
    case .context: return "   at \(line.labels.joined(separator: ", "))"
    case .ignored: return "   not modelled: \(line.reason ?? "")"
    }
  }

  /// The same as a Markdown section.
  var markdown: String {
    var out = "\n### Patch `\(patch)`\n"
    for skipped in notApplied {
      out += "\n`\(skipped.base)`: the diff does not apply, not checked:\n\n"
      for error in skipped.errors { out += "- `\(error.replacingOccurrences(of: "`", with: "'"))`\n" }
    }
    for base in mappings {
      out += "\n**\(base.variant.isEmpty ? base.base : base.variant)**"
      if base.mapping.isEmpty { out += ": the patch changes nothing this spec models" }
      out += "\n\n| line | | code | became |\n|---|---|---|---|\n"
      for line in base.mapping.lines {
        let marker = line.kind == .added ? "+" : line.kind == .removed ? "−" : ""
        let code = line.text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'")
        let became = Self.describe(line).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "|", with: "\\|")
        out += "| \(line.location.line) | \(marker) | `\(code)` | \(became) |\n"
      }
    }
    return out
  }

  /// The check's JSON object with `mapping` (one entry per hunk line and base), `quotes`,
  /// `not_applied` and `patch` added, encoded once (so the report's escaping applies to all).
  func json(report: CheckReport) throws -> String {
    try JSONReport.encode(DiffPatchJSON(check: self, report: report))
  }
}

/// The JSON document of `check --patch DIFF`: the check report's fields and the mapping's.
struct DiffPatchJSON: Encodable {
  let check: DiffPatchCheck
  let report: CheckReport

  func encode(to encoder: any Encoder) throws {
    try report.encode(to: encoder)
    try DiffMappingJSON(check: check).encode(to: encoder)
  }
}

/// The fields one diff check adds to the JSON: `mapping` (one entry per hunk line and base),
/// `quotes`, `not_applied` and `patch`.
struct DiffMappingJSON: Encodable {
  let check: DiffPatchCheck

  enum Keys: String, CodingKey {
    case mapping, quotes, patch
    case notApplied = "not_applied"
  }

  /// One hunk line as it maps onto one base.
  struct Entry: Encodable {
    let variant: String
    let base: String
    let line: LineMapping

    enum Keys: String, CodingKey {
      case variant, spec, file, line, column, kind, code, became, labels, step, at, reason
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: Keys.self)
      try c.encode(variant, forKey: .variant)
      try c.encode(base, forKey: .spec)
      try c.encode(line.location.path, forKey: .file)
      try c.encode(line.location.line, forKey: .line)
      try c.encode(line.location.column, forKey: .column)
      try c.encode(line.kind.rawValue, forKey: .kind)
      try c.encode(line.text, forKey: .code)
      try c.encode(line.outcome.rawValue, forKey: .became)
      try c.encode(line.labels, forKey: .labels)
      try c.encode(line.labels.first, forKey: .step)
      try c.encode(line.at, forKey: .at)
      try c.encodeIfPresent(line.reason, forKey: .reason)
    }
  }

  /// A quote of a patch above, not mapped again.
  struct Quote: Encodable {
    let line: Int
    let depth: Int
    let subject: String?

    enum CodingKeys: String, CodingKey { case line, depth, subject }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(line, forKey: .line)
      try c.encode(depth, forKey: .depth)
      try c.encode(subject, forKey: .subject)
    }
  }

  /// A base the diff does not apply to.
  struct NotApplied: Encodable {
    let spec: String
    let errors: [String]
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: Keys.self)
    let entries = check.mappings.flatMap { base in
      base.mapping.lines.map { Entry(variant: base.variant, base: base.base, line: $0) }
    }
    try c.encode(entries, forKey: .mapping)
    try c.encode(
      check.quotes.map { Quote(line: $0.location.line, depth: $0.quoteDepth, subject: $0.subject) }, forKey: .quotes)
    try c.encode(check.notApplied.map { NotApplied(spec: $0.base, errors: $0.errors) }, forKey: .notApplied)
    try c.encode(check.patch, forKey: .patch)
  }
}
