import Foundation
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

  /// The check's JSON with `mapping`: one entry per hunk line and base.
  func json(report: String) throws -> String {
    guard var object = try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any] else {
      return report
    }
    var entries: [[String: Any]] = []
    for base in mappings {
      for line in base.mapping.lines {
        var entry: [String: Any] = [
          "variant": base.variant, "spec": base.base, "file": line.location.path, "line": line.location.line,
          "column": line.location.column, "kind": line.kind.rawValue, "code": line.text,
          "became": line.outcome.rawValue, "labels": line.labels,
        ]
        entry["step"] = line.labels.first ?? NSNull()
        entry["at"] = line.at ?? NSNull()
        if let reason = line.reason { entry["reason"] = reason }
        entries.append(entry)
      }
    }
    object["mapping"] = entries
    object["quotes"] = quotes.map { quote -> [String: Any] in
      ["line": quote.location.line, "depth": quote.quoteDepth, "subject": quote.subject ?? NSNull()]
    }
    object["not_applied"] = notApplied.map { ["spec": $0.base, "errors": $0.errors] as [String: Any] }
    object["patch"] = patch
    let data = try JSONSerialization.data(
      withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    return String(decoding: data, as: UTF8.self)
  }
}
