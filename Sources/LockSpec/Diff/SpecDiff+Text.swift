import LockCheck

extension SpecDiff {
  /// The changes as text: one block per thread or procedure (`-` removed, `+` added, `>` moved,
  /// `~` changed), then the state and the properties; user text escaped for the terminal.
  public func text() -> String {
    guard !isEmpty else { return "No change to steps, state or properties\n" }
    var lines: [String] = []
    for owner in owners {
      lines.append("\(DisplayText.escaped(owner.name)):")
      for step in owner.removed { lines.append("  - removed " + Self.line(step) + " (was \(step.place))") }
      for step in owner.added { lines.append("  + added   " + Self.line(step) + " (\(step.place))") }
      for step in owner.moved {
        lines.append("  > moved   " + Self.line(step) + " (now \(step.place); was \(step.before ?? ""))")
      }
      for step in owner.changed {
        lines.append(
          "  ~ changed \(DisplayText.escaped(step.step)): \(Self.quoted(step.before)) -> \(Self.quoted(step.after))")
      }
    }
    for (title, changes) in [("state", state), ("properties", properties)] where !changes.isEmpty {
      lines.append("\(title):")
      for change in changes {
        let name = DisplayText.escaped(change.name)
        switch change.kind {
        case .added: lines.append("  + added   \(name): \(Self.quoted(change.after))")
        case .removed: lines.append("  - removed \(name): \(Self.quoted(change.before))")
        case .changed:
          lines.append("  ~ changed \(name): \(Self.quoted(change.before)) -> \(Self.quoted(change.after))")
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func line(_ step: StepChange) -> String {
    DisplayText.escaped(step.step) + (step.code.map { "  \"\(DisplayText.escaped($0))\"" } ?? "")
  }

  private static func quoted(_ text: String?) -> String {
    DisplayText.escaped(text ?? "")
  }
}
