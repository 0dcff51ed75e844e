/// Shared variables, locals and properties as one line of location-free text in the spec's
/// own words (`counter, min 0, max 3, initial 2`), for `SpecDiff` to compare and show.
enum DeclarationSummary {
  static func text(_ variable: VariableDeclaration) -> String {
    var parts = [variable.kind.rawValue]
    if let writerPriority = variable.writerPriority { parts.append("writer_priority \(writerPriority)") }
    if let holds = variable.maxReadHolds { parts.append("max_read_holds \(holds.value)") }
    if let min = variable.min { parts.append("min \(min.value)") }
    if let max = variable.max { parts.append("max \(max.value)") }
    if let cases = variable.cases { parts.append("values [\(cases.map(\.value).joined(separator: ", "))]") }
    switch variable.initial?.value {
    case .none: break
    case .any: parts.append("initial any")
    case .values(let values):
      parts.append(
        "initial " + (values.count == 1 ? values[0].value : "[\(values.map(\.value).joined(separator: ", "))]"))
    }
    return parts.joined(separator: ", ")
  }

  static func text(_ property: PropertyDeclaration) -> String {
    var parts = [property.check.value.rawValue]
    if let condition = property.condition { parts.append("condition \(condition.text)") }
    if let from = property.from { parts.append("from \(from.text)") }
    if let to = property.to { parts.append("to \(to.text)") }
    if let fairness = property.fairness { parts.append("fairness \(fairness.value.rawValue)") }
    for (key, names) in [("threads", property.threads), ("resources", property.resources), ("locks", property.locks)] {
      if let names { parts.append("\(key) [\(names.map(\.value).joined(separator: ", "))]") }
    }
    if let expect = property.expect { parts.append("expect \(expect.rawValue)") }
    return parts.joined(separator: ", ")
  }
}
