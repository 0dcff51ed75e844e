/// Writes one thread instance as a Promela proctype: one `do` option per lockspec transition
/// (a `d_step`, or an `atomic` around a `d_step` and a jump to the thread's end label when the
/// transition may end the thread), with the silent instructions run inside the step, as the
/// interpreter runs them after every transition.
struct PromelaThreadCode {
  let plan: ExecutionPlan
  let names: PromelaNames
  let expressions: PromelaExpression
  let thread: Int
  /// Whether the model has state properties (`check_state` ends every step).
  let checksState: Bool

  private typealias S = PromelaStatements

  var instructions: [Instruction] { plan.model.threads[thread].instructions }
  var pc: String { names.pcs[thread] }
  var endLabel: String { "end_" + names.proctypes[thread] }

  func actionCode(reporting: Bool) -> PromelaActionCode {
    PromelaActionCode(
      model: plan.model, names: names, expressions: expressions, faults: plan.faults,
      rwsemOrdinal: plan.rwsemOrdinal, thread: thread, reportFaults: reporting)
  }

  /// Whether the thread has silent instructions to run through.
  var hasSilentInstructions: Bool {
    instructions.indices.contains { ExecutionPlan.runsSilently(instructions, $0) }
  }

  /// Whether a thread landing at `target` can end up resting at an `end` after its silent run.
  func canEnd(from target: Int) -> Bool {
    var seen: Set<Int> = []
    var pending = [target]
    while let pc = pending.popLast() {
      guard instructions.indices.contains(pc), seen.insert(pc).inserted else { continue }
      if instructions[pc].kind == .end { return true }
      guard ExecutionPlan.runsSilently(instructions, pc) else { continue }
      switch instructions[pc].kind {
      case .jump(let next), .actions(_, let next): pending.append(next)
      case .branch(_, let then, let otherwise): pending += [then, otherwise]
      default: break
      }
    }
    return false
  }

  /// Whether the thread may rest at its end before its first step (its initial silent run).
  var mayStartEnded: Bool { canEnd(from: 0) }

  /// Whether the thread has a step at all.
  var hasSteps: Bool { plan.stepIndex[thread].contains { $0 >= 0 } }

  /// The locks whose holding at the thread's end violates a property, with the properties.
  var locksCheckedAtEnd: [(lock: Int, mask: UInt64)] {
    plan.model.variables.indices.compactMap { v in
      guard plan.model.variables[v].type.isLock else { return nil }
      let mask = plan.faults.lockDiscipline(thread: thread, lock: v)
      return mask == 0 ? nil : (v, mask)
    }
  }

  /// Whether the thread has ended: its program counter is at an `end`.
  var doneTest: String { expressions.pcTest(thread, plan.endPCs[thread]) }

  // MARK: - Inline macros

  /// `inline settle_T()`: the thread's silent instructions, run until it rests.
  func settleInline() -> [String] {
    guard hasSilentInstructions else { return [] }
    return ["inline \(names.settles[thread])() {"] + S.indent(settleLoop(reporting: true)) + ["}", ""]
  }

  /// A `do` loop over the silent instructions, leaving the thread where it rests.
  func settleLoop(reporting: Bool) -> [String] {
    let code = actionCode(reporting: reporting)
    var lines = ["do"]
    for (index, instruction) in instructions.enumerated() where ExecutionPlan.runsSilently(instructions, index) {
      var body: [String]
      switch instruction.kind {
      case .jump(let next): body = ["\(pc) = \(next);"]
      case .branch(let condition, let then, let otherwise):
        body = S.ifElse(expressions.text(condition), ["\(pc) = \(then);"], ["\(pc) = \(otherwise);"])
      case .actions(let actions, let next): body = code.statements(actions) + ["\(pc) = \(next);"]
      default: continue
      }
      lines.append(":: \(pc) == \(index) ->\(comment(instruction, pc: index, prefix: " "))")
      lines += S.indent(body)
    }
    return lines + [":: else -> break;", "od;", "skip;"]
  }

  /// `inline ends_T()`: a `lock_discipline` fault for every lock the thread holds at its end.
  func endCheckInline() -> [String] {
    guard !locksCheckedAtEnd.isEmpty else { return [] }
    let code = actionCode(reporting: true)
    var checks: [String] = []
    for (lock, mask) in locksCheckedAtEnd {
      checks += S.ifElse(expressions.holds(thread: thread, lock: lock), code.violations(mask))
    }
    return ["inline \(names.endChecks[thread])() {"] + S.indent(S.ifElse(doneTest, checks)) + ["}", ""]
  }

  // MARK: - The proctype

  /// One lockspec transition of this thread.
  struct Step {
    var comment: String
    var guardTerms: [String]
    var body: [String]
    var mayEnd: Bool
  }

  /// Where a transition leaves the thread: its program counter, its silent run, and the lock
  /// check at its end.
  func landing(_ target: Int) -> (lines: [String], mayEnd: Bool) {
    var lines = ["\(pc) = \(target);"]
    if ExecutionPlan.runsSilently(instructions, target) { lines.append("\(names.settles[thread])();") }
    let ends = canEnd(from: target)
    if ends && !locksCheckedAtEnd.isEmpty { lines.append("\(names.endChecks[thread])();") }
    return (lines, ends)
  }

  /// The thread's transitions, in the interpreter's order (by instruction, then branch).
  func steps() throws(PromelaActionCode.UnsupportedGuard) -> [Step] {
    let code = actionCode(reporting: true)
    var steps: [Step] = []
    for (index, instruction) in instructions.enumerated() where plan.stepIndex[thread][index] >= 0 {
      let at = "\(pc) == \(index)"
      let note = comment(instruction, pc: index, prefix: "")
      switch instruction.kind {
      case .actions(let actions, let next):
        let land = landing(next)
        if let lock = instruction.queuedWriteLock, let rwsem = names.rwsems[lock] {
          let waiting = names.waiting[thread]
          let free = "\(rwsem.readers) == 0 && \(rwsem.writer) == 0"
          steps.append(
            Step(
              comment: note + " (waits)", guardTerms: [at, "!(\(free))", "\(waiting) == 0"],
              body: ["\(waiting) = 1;", "\(rwsem.waiters) = \(rwsem.waiters) + 1;"], mayEnd: false))
          let leave = S.ifElse("\(waiting) == 1", ["\(waiting) = 0;", "\(rwsem.waiters) = \(rwsem.waiters) - 1;"])
          steps.append(
            Step(
              comment: note, guardTerms: [at, free],
              body: leave + ["\(rwsem.writer) = \(thread + 1);"] + code.statements(Array(actions.dropFirst()))
                + land.lines, mayEnd: land.mayEnd))
        } else {
          steps.append(
            Step(
              comment: note, guardTerms: [at] + (try code.guardTerms(actions)),
              body: code.statements(actions) + land.lines, mayEnd: land.mayEnd))
        }
      case .branch(let condition, let then, let otherwise):
        let yes = landing(then)
        let no = landing(otherwise)
        steps.append(
          Step(
            comment: note, guardTerms: [at], body: S.ifElse(expressions.text(condition), yes.lines, no.lines),
            mayEnd: yes.mayEnd || no.mayEnd))
      case .await(let condition, let next):
        let land = landing(next)
        steps.append(
          Step(comment: note, guardTerms: [at, expressions.text(condition)], body: land.lines, mayEnd: land.mayEnd))
      case .jump(let next):
        let land = landing(next)
        steps.append(Step(comment: note, guardTerms: [at], body: land.lines, mayEnd: land.mayEnd))
      case .choose(let targets):
        for (branch, target) in targets.enumerated() {
          let land = landing(target)
          steps.append(
            Step(
              comment: note + " (branch \(branch + 1) of \(targets.count))", guardTerms: [at], body: land.lines,
              mayEnd: land.mayEnd))
        }
      case .end:
        break
      }
    }
    return steps
  }

  /// `proctype T() { do :: step ... od; end_T: false }`, and `T_ended` when the thread may
  /// have ended before its first step.
  func proctypes() throws(PromelaActionCode.UnsupportedGuard) -> [String] {
    let steps = try steps()
    var lines = ["proctype \(names.proctypes[thread])() {"]
    if !steps.isEmpty {
      lines.append("  do")
      for step in steps { lines += S.indent(option(step)) }
      lines.append("  od;")
    }
    if steps.isEmpty || steps.contains(where: \.mayEnd) {
      lines += ["\(endLabel):", "  false;"]
    }
    lines += ["}", ""]
    if hasSteps && mayStartEnded {
      let name = names.endedProctypes[thread]
      lines += ["proctype \(name)() {", "end_\(name):", "  false;", "}", ""]
    }
    return lines
  }

  /// One `do` option: `d_step { guard -> body }`, wrapped in an `atomic` that jumps to the
  /// end label when the step may end the thread.
  private func option(_ step: Step) -> [String] {
    let body = step.body + (checksState ? ["\(names.checkState)();"] : [])
    let dStep =
      ["d_step { /* \(step.comment) */", "  " + step.guardTerms.joined(separator: " && ") + " ->"]
      + S.indent(body) + ["}"]
    guard step.mayEnd else { return [":: " + dStep[0]] + S.indent(Array(dStep.dropFirst())) }
    let exit = S.ifElse(doneTest, ["goto \(endLabel);"])
    return [":: atomic {"] + S.indent(S.indent(Array(dStep.dropLast()) + ["};"] + exit)) + ["  }"]
  }

  /// `pc N, line L: label: code` for a comment.
  func comment(_ instruction: Instruction, pc: Int, prefix: String) -> String {
    let origin = instruction.origin
    var text = "pc \(pc)"
    if origin.line > 0 { text += ", line \(origin.line)" }
    let what = [origin.label, origin.code].filter { !$0.isEmpty }.joined(separator: ": ")
    if !what.isEmpty { text += ": " + what }
    return prefix.isEmpty ? S.commentText(text) : "\(prefix)/* \(S.commentText(text)) */"
  }

  // MARK: - In init

  /// What `init` does for this thread once the initial values are chosen: its silent run (its
  /// faults dropped, as the interpreter drops them), then `run`.
  func initialSettle() -> [String] {
    guard ExecutionPlan.runsSilently(instructions, 0) else { return [] }
    return settleLoop(reporting: false)
  }

  func runStatement() -> [String] {
    let run = "run \(names.proctypes[thread])();"
    guard hasSteps && mayStartEnded else { return [run] }
    return S.ifElse(doneTest, ["run \(names.endedProctypes[thread])();"], [run])
  }
}
