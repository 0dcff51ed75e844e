/// A step's action as location-free text (`down_write mmap_sem`, `if mm_users == 0`), and the
/// step lists nested in it: what `SpecDiff` compares to tell a changed step.
enum StepSummary {
  static func text(_ action: StepAction?) -> String {
    guard let action else { return "no-op" }
    switch action {
    case .operation(let operation, let operands, let into):
      return ([operation.rawValue] + operands.map(\.value)).joined(separator: " ")
        + (into.map { " -> \($0.value)" } ?? "")
    case .assign(let assignments):
      return "assign " + assignments.map { "\($0.target.value) = \($0.value.text)" }.joined(separator: ", ")
    case .assert(let condition, let property):
      return "assert \(condition.text)" + (property.map { " (\($0.value))" } ?? "")
    case .await(let condition): return "await \(condition.text)"
    case .ifThen(let condition, _, let otherwise): return "if \(condition.text)" + (otherwise == nil ? "" : " else")
    case .loop(let loop):
      return "loop" + (loop.condition.map { " while \($0.text)" } ?? "") + (loop.max.map { " max \($0.value)" } ?? "")
    case .breakLoop: return "break"
    case .continueLoop: return "continue"
    case .goto(let label): return "goto \(label.value)"
    case .choose(let branches): return "choose \(branches.count) branches"
    case .atomic: return "atomic"
    case .call(let procedure, let into): return "call \(procedure.value)" + (into.map { " -> \($0.value)" } ?? "")
    case .returnValue(let value): return "return" + (value.map { " \($0.text)" } ?? "")
    }
  }

  /// The step lists nested in `action`, named as a place (`then`, `else`, `body`, `branch 2`).
  static func blocks(_ action: StepAction?) -> [(String, [Step])] {
    switch action {
    case .ifThen(_, let then, let otherwise): return [("then", then)] + (otherwise.map { [("else", $0)] } ?? [])
    case .loop(let loop): return [("body", loop.steps)]
    case .choose(let branches): return branches.enumerated().map { ("branch \($0.offset + 1)", $0.element) }
    case .atomic(let steps): return [("body", steps)]
    default: return []
    }
  }
}
