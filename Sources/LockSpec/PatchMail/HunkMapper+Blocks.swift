/// The blocks a hunk adds or removes as a whole: an added `if` on a declared flag with the lines
/// it guards, and removed runs that take out complete blocks.
extension HunkMapper {
  /// An added `if` on a flag the spec declares, with the added lines it guards.
  struct AddedConditional {
    var condition: String
    var body: [Int]
    /// The line with the `}` that closes the block, if it has braces.
    var close: Int?
  }

  /// The added `if (test_bit(F, &mm->flags))` lines whose whole block is added with them, by
  /// position: `{` ... `}` of added lines without control flow inside, or one added statement
  /// after an `if` without braces.
  func addedConditionals(_ lines: [Line]) -> [Int: AddedConditional] {
    var result: [Int: AddedConditional] = [:]
    for (position, line) in lines.enumerated() where line.line.kind == .added {
      guard let condition = vocabulary.flagCondition(line.normalized) else { continue }
      if !line.normalized.hasSuffix("{") {
        let next = position + 1
        guard next < lines.count, lines[next].line.kind == .added, !lines[next].normalized.isEmpty,
          !KernelVocabulary.isControlFlow(lines[next].normalized)
        else { continue }
        result[position] = AddedConditional(condition: condition, body: [next], close: nil)
        continue
      }
      var body: [Int] = []
      var close: Int?
      for next in (position + 1)..<lines.count {
        guard lines[next].line.kind == .added else { break }
        if lines[next].normalized == "}" {
          close = next
          break
        }
        if KernelVocabulary.isControlFlow(lines[next].normalized) { break }
        body.append(next)
      }
      if let close { result[position] = AddedConditional(condition: condition, body: body, close: close) }
    }
    return result
  }

  /// The `if` step an added conditional becomes, its lines recorded; nil when nothing in it is
  /// modelled (or after reporting a line that cannot be mapped).
  mutating func conditionalStep(
    _ conditional: AddedConditional, line: Line, at: String, lines: [Line]
  ) -> NewStep? {
    let function = at.split(separator: ":").last.map(String.init) ?? "step"
    let prefix = function.hasPrefix("__") ? String(function.drop { $0 == "_" }) : function
    var inner: [NewStep] = []
    var failed = false
    for position in conditional.body {
      let bodyLine = lines[position]
      switch vocabulary.meaning(of: bodyLine.normalized, at: at) {
      case .step(let name, let body):
        let step = NewStep(
          label: index.freshLabel("\(prefix)_\(name)"), code: SpecStepIndex.collapse(bodyLine.line.text), at: at,
          body: body, source: bodyLine.line.location)
        inner.append(step)
        record(bodyLine, .inserted, [step.label])
      case .notModelled(let reason):
        record(bodyLine, .ignored, [], reason: reason)
      case .unplaceable(let reason):
        log.error(
          "cannot map '\(SpecStepIndex.collapse(bodyLine.line.text))': \(reason)", at: bodyLine.line.location)
        failed = true
      }
    }
    if failed { return nil }
    guard !inner.isEmpty else {
      record(line, .ignored, [], reason: "an added if with nothing modelled inside")
      if let close = conditional.close { record(lines[close], .ignored, [], reason: "closes the added if") }
      return nil
    }
    let flag = conditional.condition.hasPrefix("!") ? String(conditional.condition.dropFirst()) : conditional.condition
    let step = NewStep(
      label: index.freshLabel("\(prefix)_if_\(conditional.condition.hasPrefix("!") ? "not_" : "")\(flag)"),
      code: SpecStepIndex.collapse(line.line.text), at: at,
      body: [
        KernelVocabulary.StepKey("if", FlowYAML.quoted(conditional.condition)),
        KernelVocabulary.StepKey("then", "[" + inner.map(Self.flow).joined(separator: ", ") + "]"),
      ], source: line.line.location)
    record(line, .inserted, [step.label])
    if let close = conditional.close { record(lines[close], .ignored, [], reason: "closes the added if") }
    return step
  }

  /// A new step as a flow mapping, for the `then:` of an added `if`.
  static func flow(_ step: NewStep) -> String {
    let keys =
      [
        ("label", step.label), ("code", FlowYAML.quoted(step.code)), ("at", FlowYAML.quoted(step.at)),
        ("note", FlowYAML.quoted("\(step.source.path):\(step.source.line)")),
      ] + step.body.map { ($0.key, $0.value) }
    return "{" + keys.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
  }

  /// The control-flow lines of runs of removed lines that take out whole blocks: the run's
  /// braces balance (`if (x) {` ... `}`), or it is an `else` branch up to the `}` that closes it
  /// (`} else if (x) {` ... before a context line `}`). Their conditions must call nothing the
  /// spec models; what the blocks held is mapped line by line, so a modelled line in them is
  /// removed with its step or is an error.
  func removedWholeBlocks(_ lines: [Line]) -> Set<Int> {
    var result: Set<Int> = []
    var start = 0
    while start < lines.count {
      guard lines[start].line.kind == .removed else {
        start += 1
        continue
      }
      var end = start
      while end + 1 < lines.count, lines[end + 1].line.kind == .removed { end += 1 }
      let run = Array(start...end)
      let braces = run.map { position in
        let code = lines[position].normalized
        return (opens: code.filter { $0 == "{" }.count, closes: code.filter { $0 == "}" }.count)
      }
      let controls = run.filter { KernelVocabulary.isControlFlow(lines[$0].normalized) }
      let quiet = controls.allSatisfy { position in
        KernelVocabulary.calls(in: lines[position].normalized).allSatisfy {
          KernelVocabulary.primitives[$0.name] == nil && !KernelVocabulary.tests.contains($0.name)
            && vocabulary.declared(lines[position].normalized, at: lines[position].at ?? "") == nil
        }
      }
      var depth = 0
      var lowest = 0
      for (index, count) in braces.enumerated() {
        // An else branch: the `}` it starts with closes the branch before it, not part of the run.
        let leading = index == 0 && lines[start].normalized.hasPrefix("}else") ? 1 : 0
        depth -= count.closes - leading
        lowest = min(lowest, depth)
        depth += count.opens
      }
      let balanced = depth == 0 && lowest >= 0
      let elseBranch =
        lines[start].normalized.hasPrefix("}else") && depth == 1 && lowest >= 0 && end + 1 < lines.count
        && lines[end + 1].line.kind == .context && lines[end + 1].normalized.hasPrefix("}")
      if !controls.isEmpty, quiet, balanced || elseBranch { result.formUnion(controls) }
      start = end + 1
    }
    return result
  }
}
