import LockCheck
import LockSpec

/// Emits the compiled model of one spec variant: a `TransitionSystem` whose transitions are a
/// `switch` over each thread's program counter, on a `State` whose fields are read and written
/// with literal shifts and masks at the interpreter's `SlotPlan` positions, plus the static
/// `ModelMetadata` literal reports need.
struct ModelEmitter {
  let plan: CompiledModelPlan
  let typeName: String
  let spec: Variant

  var specPath: String { spec.specPath }
  var patchPath: String? { spec.patchPath }

  var model: ModelIR { plan.model }

  func emit() -> String {
    var w = SwiftWriter()
    w.line("import LockCheck")
    w.blank()
    w.doc(
      "The compiled model of `\(model.name)` (\(sourceDescription)): \(model.threads.count) thread"
        + "\(model.threads.count == 1 ? "" : "s"), \(model.variables.count) variable"
        + "\(model.variables.count == 1 ? "" : "s"), \(plan.wordCount) state word"
        + "\(plan.wordCount == 1 ? "" : "s").")
    w.doc("")
    w.doc(
      "Thread `t` moves through `thread<t>(_:collect:_:)`; every case of its `switch` is one instruction of the "
        + "spec, commented with its step, label, line and code. Must agree with `Interpreter` state for state.")
    w.declaration("public struct \(typeName)", conformances: "CompiledModel") { w in
      emitBasics(&w)
      w.blank()
      emitTransitionSystem(&w)
      for t in model.threads.indices {
        w.blank()
        emitThread(t, &w)
      }
      w.blank()
      emitState(&w)
    }
    w.blank()
    emitMetadata(&w)
    return w.text
  }

  var sourceDescription: String {
    specPath + (patchPath.map { " + " + $0 } ?? "")
  }

  // MARK: - Basics

  func emitBasics(_ w: inout SwiftWriter) {
    Layout.text(specPath).write(to: &w, prefix: "public static let specPath = ")
    Layout.atom(patchPath.map(SwiftLiteral.string) ?? "nil").write(
      to: &w, prefix: "public static let patchPath: String? = ")
    Layout.atom(spec.parent.map(SwiftLiteral.string) ?? "nil").write(
      to: &w, prefix: "public static let parent: String? = ")
    w.line("public var metadata: ModelMetadata { Self.modelMetadata }")
    w.line("public var wordCount: Int { \(plan.wordCount) }")
    w.line("public var stateByteCount: Int { \(plan.byteCount) }")
    w.blank()
    w.line("public init() {}")
    w.blank()
    w.doc("Explores the model with the explorer specialized for it (this module is built with optimization).")
    w.block("public static func explore(_ options: ExplorationOptions) throws -> ExplorationResult") { w in
      w.line("try Explorer(system: Self(), options: options).run()")
    }
  }

  // MARK: - TransitionSystem

  func emitTransitionSystem(_ w: inout SwiftWriter) {
    emitInitialStates(&w)
    w.blank()
    w.block("public func forEachSuccessor", open: "(", closing: ") {") { w in
      w.line("of state: UnsafeBufferPointer<UInt64>,")
      w.line("scratch: UnsafeMutableBufferPointer<UInt64>,")
      w.line("_ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void")
    }
    w.indent { w in
      w.line("let current = State(state)")
      for t in model.threads.indices {
        w.block("thread\(t)(current, collect: false) { successor, transition, _ in", open: "") { w in
          w.line("successor.store(into: scratch)")
          w.line("emit(transition, scratch)")
        }
      }
    }
    w.line("}")
    w.blank()
    w.block("public func forEachSuccessor", open: "(", closing: ") {") { w in
      w.line("of state: UnsafeBufferPointer<UInt64>,")
      w.line("thread: Int,")
      w.line("scratch: UnsafeMutableBufferPointer<UInt64>,")
      w.line("_ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void")
    }
    w.indent { w in
      w.line("let current = State(state)")
      w.line("switch thread {")
      for t in model.threads.indices {
        w.line("case \(t):")
        w.indent { w in
          w.block("thread\(t)(current, collect: false) { successor, transition, _ in", open: "") { w in
            w.line("successor.store(into: scratch)")
            w.line("emit(transition, scratch)")
          }
        }
      }
      w.line("default:")
      w.indent { w in w.line("break") }
      w.line("}")
    }
    w.line("}")
    w.blank()
    emitEvaluate(&w)
    w.blank()
    w.block("public func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool") { w in
      let x = ExpressionTranslator(plan: plan, state: "current")
      let condition = SwiftExpr.allOf(model.threads.indices.map { x.done($0) })
      if condition.constant == nil { w.line("let current = State(state)") }
      let body = BodyEmitter(plan: plan, level: w.level)
      body.statement("return ", condition)
      w.append(contentsOf: body.writer)
    }
    w.blank()
    w.block("public func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int]") { w in
      w.line("let current = State(state)")
      Layout.array(plan.plan.slots.indices.map { .atom(plan.field($0, of: "current")) }).write(
        to: &w, prefix: "return ")
    }
    w.blank()
    w.block("public func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?]") { w in
      if model.threads.isEmpty {
        w.line("[]")
        return
      }
      w.line("let current = State(state)")
      Layout.array(
        model.threads.indices.map { t in
          .atom("Self.restingStep[\(t)][\(plan.field(plan.plan.pcSlot[t], of: "current"))]")
        }
      ).write(to: &w, prefix: "return ")
    }
    w.blank()
    w.block("public var reductionFacts: ReductionFacts?") { w in
      w.line("Self.reduction")
    }
    w.blank()
    w.block("public var symmetryFacts: SymmetryFacts?") { w in
      w.line("Self.symmetry")
    }
    w.blank()
    w.block("public func programCounter(of thread: Int, in state: UnsafeBufferPointer<UInt64>) -> Int") { w in
      if model.threads.isEmpty {
        w.line("0")
        return
      }
      w.line("let current = State(state)")
      w.line("switch thread {")
      for t in model.threads.indices {
        w.line("case \(t): return Int(\(plan.field(plan.plan.pcSlot[t], of: "current")))")
      }
      w.line("default: return 0")
      w.line("}")
    }
    w.blank()
    w.block("public func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote]") { w in
      w.line("let current = State(state)")
      w.line("var notes: [FaultNote]?")
      w.line("let first: (State, Transition, FaultLog) -> Void = { _, _, log in")
      w.line("  if notes == nil { notes = log.notes ?? [] }")
      w.line("}")
      w.line("switch thread {")
      for t in model.threads.indices {
        w.line("case \(t): thread\(t)(current, collect: true, first)")
      }
      w.line("default: break")
      w.line("}")
      w.line("return notes ?? []")
    }
  }

  func emitInitialStates(_ w: inout SwiftWriter) {
    w.block("public func forEachInitialState", open: "(", closing: ") {") { w in
      w.line("scratch: UnsafeMutableBufferPointer<UInt64>,")
      w.line("_ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool")
    }
    w.indent { w in
      // Constant part: every variable with one initial value (locks start free).
      var words = Array(repeating: UInt64(0), count: plan.wordCount)
      var choices: [(variable: Int, values: [Int])] = []
      for (v, variable) in model.variables.enumerated() where !variable.type.isLock && !variable.initial.isEmpty {
        let slot = plan.variableSlot(v)
        if variable.initial.count == 1 {
          words[plan.slot(slot).word] |= plan.packed(variable.initial[0], in: slot)
        } else {
          choices.append((v, variable.initial))
        }
      }
      var constants: [String] = []
      for variable in model.variables
      where !variable.type.isLock && variable.initial.count == 1 && variable.initial[0] != 0 {
        constants.append("\(variable.name) = \(variable.initial[0])")
      }
      if !constants.isEmpty { w.comment("Initially " + constants.joined(separator: ", ") + "; everything else 0.") }
      let stateInit = Layout.call(
        "State", words.indices.map { Layout.Argument("w\($0)", .atom(SwiftLiteral.hex(words[$0]))) })
      func body(_ w: inout SwiftWriter, _ values: [String]) {
        let silentThreads = model.threads.indices.filter { runsSilently(thread: $0, pc: 0) }
        let mutated = !choices.isEmpty || !silentThreads.isEmpty
        stateInit.write(to: &w, prefix: mutated ? "var s = " : "let s = ")
        for (choice, value) in zip(choices, values) {
          w.line("\(plan.field(plan.variableSlot(choice.variable), of: "s")) = \(value)")
        }
        if !silentThreads.isEmpty {
          w.line("var log = FaultLog(collect: false)")
          for t in silentThreads { w.line("silent\(t)(&s, &log)") }
        }
        w.line("s.store(into: scratch)")
        w.line(choices.isEmpty ? "_ = emit(scratch)" : "if !emit(scratch) { return }")
      }
      // Nondeterministic initial values: the first variable varies slowest.
      var names: [String] = []
      for choice in choices {
        let name = "v\(names.count)"
        w.comment("\(model.variables[choice.variable].name): one initial state per value")
        w.line(
          "for \(name) in [\(choice.values.map { SwiftLiteral.int($0).trimmingParentheses }.joined(separator: ", "))] {"
        )
        w.push()
        names.append(name)
      }
      body(&w, names)
      for _ in choices {
        w.pop()
        w.line("}")
      }
    }
    w.line("}")
  }

  func emitEvaluate(_ w: inout SwiftWriter) {
    w.block("public func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts") { w in
      let x = ExpressionTranslator(plan: plan, state: "current")
      var checks: [(property: Int, field: String, condition: SwiftExpr)] = []
      for (index, property) in model.properties.enumerated() {
        guard index < 64 else { continue }
        switch property.check {
        case .never(let e): checks.append((index, "violated", x.bool(e)))
        case .always(let e): checks.append((index, "violated", .negation(x.bool(e))))
        case .reachable(let e), .eventually(let e, _): checks.append((index, "reached", x.bool(e)))
        case .leadsTo(let from, let to, _):
          checks.append((index, "triggered", x.bool(from)))
          checks.append((index, "reached", x.bool(to)))
        default: break
        }
      }
      checks.removeAll { $0.condition.constant == false }
      if checks.isEmpty {
        w.line("StateVerdicts()")
        return
      }
      if checks.contains(where: { $0.condition.constant == nil }) { w.line("let current = State(state)") }
      w.line("var verdicts = StateVerdicts()")
      let body = BodyEmitter(plan: plan, level: w.level)
      for check in checks {
        let property = model.properties[check.property]
        body.writer.comment(
          "\(property.kind.rawValue) `\(property.name)`" + (property.line > 0 ? " (line \(property.line))" : ""))
        body.ifThen(check.condition) {
          body.writer.line("verdicts.\(check.field) |= \(SwiftLiteral.hex(UInt64(1) << UInt64(check.property)))")
        }
      }
      w.append(contentsOf: body.writer)
      w.line("return verdicts")
    }
  }

  // MARK: - Threads

  /// Whether thread `t`'s instruction `pc` is one the interpreter's `runSilent` executes.
  func runsSilently(thread t: Int, pc: Int) -> Bool {
    let instruction = model.threads[t].instructions[pc]
    guard instruction.silent else { return false }
    switch instruction.kind {
    case .jump, .branch, .actions: return true
    case .choose, .await, .end: return false
    }
  }

  /// Whether thread `t` can rest at `pc` (so its thread function needs a case for it).
  func canRest(thread t: Int, pc: Int) -> Bool {
    let instruction = model.threads[t].instructions[pc]
    if instruction.kind == .end { return false }
    return !runsSilently(thread: t, pc: pc) || plan.silentCycles[t]
  }

  /// Whether thread `t` can end holding a lock that some `lock_discipline` property covers.
  func hasEndChecks(_ t: Int) -> Bool {
    model.variables.indices.contains { model.variables[$0].type.isLock && plan.lockDiscipline(t, $0) != 0 }
  }

  func hasSilentRuns(_ t: Int) -> Bool {
    model.threads[t].instructions.indices.contains { runsSilently(thread: t, pc: $0) }
  }

  func emitThread(_ t: Int, _ w: inout SwiftWriter) {
    let thread = model.threads[t]
    w.line("// MARK: - Thread \(t): \(SwiftLiteral.commentLine(thread.name))")
    w.blank()
    w.doc(
      "The transitions of thread \(t) (`\(thread.name)`) from `current`, in the interpreter's order: `emit` gets "
        + "each successor, its transition, and the notes of the faults it raised (when `collect`).")
    w.block(
      "func thread\(t)(_ current: State, collect: Bool, _ emit: (State, Transition, FaultLog) -> Void)"
    ) { w in
      let pcField = plan.field(plan.plan.pcSlot[t], of: "current")
      w.line("switch \(pcField) {")
      for (pc, instruction) in thread.instructions.enumerated() where canRest(thread: t, pc: pc) {
        w.line("case \(pc):")
        w.push()
        let body = BodyEmitter(plan: plan, level: w.level)
        emitInstruction(t, pc, instruction, body)
        w.append(contentsOf: body.writer)
        w.pop()
      }
      w.line("default:")
      let ends = plan.endPCs[t].map(String.init).joined(separator: ", ")
      w.line("  // \(ends.isEmpty ? "no instruction" : "end (\(ends))"): no transitions")
      w.line("  break")
      w.line("}")
    }
    if hasSilentRuns(t) {
      w.blank()
      emitSilentRun(t, &w)
    }
    if hasEndChecks(t) {
      w.blank()
      w.doc("Thread \(t) (`\(thread.name)`) has ended: each lock it still holds violates `lock_discipline`.")
      w.block("func ended\(t)(_ s: State, _ log: inout FaultLog)") { w in
        let body = BodyEmitter(plan: plan, level: w.level)
        let x = ExpressionTranslator(plan: plan, state: "s")
        for (v, variable) in model.variables.enumerated() where variable.type.isLock {
          let mask = plan.lockDiscipline(t, v)
          guard mask != 0 else { continue }
          body.ifThen(x.holds(thread: t, lock: v)) {
            body.raise(mask, [.text("\(thread.name) ends holding \(variable.name)")])
          }
        }
        w.append(contentsOf: body.writer)
      }
    }
  }

  /// A comment naming the instruction: step, label, line, location, what it does, and the C
  /// code it models (on its own line).
  func describe(_ t: Int, _ pc: Int, _ instruction: Instruction) -> String {
    let origin = instruction.origin
    let step = plan.stepIndex[t][pc]
    var text = step >= 0 ? "Step \(step)" : "Silent"
    if !origin.label.isEmpty { text += " `\(origin.label)`" }
    if origin.line > 0 { text += ", line \(origin.line)" }
    if !origin.location.isEmpty { text += " [\(origin.location)]" }
    text += ": " + kindSummary(instruction.kind)
    if !origin.code.isEmpty { text += "\ncode: " + origin.code }
    return text
  }

  func kindSummary(_ kind: InstructionKind) -> String {
    switch kind {
    case .actions(let actions, let next):
      return "\(actions.count) action\(actions.count == 1 ? "" : "s"), then pc \(next)"
    case .branch(_, let then, let otherwise): return "branch to pc \(then) or \(otherwise)"
    case .jump(let next): return "jump to pc \(next)"
    case .choose(let targets): return "choose pc " + targets.map(String.init).joined(separator: " or ")
    case .await(_, let next): return "await, then pc \(next)"
    case .end: return "end"
    }
  }

  func emitInstruction(_ t: Int, _ pc: Int, _ instruction: Instruction, _ body: BodyEmitter) {
    body.writer.comment(describe(t, pc, instruction))
    let step = plan.stepIndex[t][pc]
    let source = ExpressionTranslator(plan: plan, state: "current")
    switch instruction.kind {
    case .end:
      body.writer.line("break")
    case .choose(let targets):
      if targets.isEmpty {
        body.writer.line("break")
      }
      for (index, next) in targets.enumerated() {
        if targets.count > 1 {
          body.writer.line("do {")
          body.writer.push()
          body.writer.comment("Branch \(index + 1) of \(targets.count) (step \(step + Int32(index))): pc \(next)")
        }
        let branchStep = step + Int32(index)
        transition(t, step: branchStep, body) { finish(t, next, step: branchStep, body) }
        if targets.count > 1 {
          body.writer.pop()
          body.writer.line("}")
        }
      }
    case .branch(let condition, let then, let otherwise):
      let test = source.bool(condition)
      transition(t, step: step, body) {
        body.ifThen(test, { finish(t, then, step: step, body) }, else: { finish(t, otherwise, step: step, body) })
      }
    case .jump(let next):
      transition(t, step: step, body) { finish(t, next, step: step, body) }
    case .await(let condition, let next):
      let test = source.bool(condition)
      if test.constant == false {
        body.writer.line("break")
        return
      }
      body.guardElse(test, .returns)
      transition(t, step: step, body) { finish(t, next, step: step, body) }
    case .actions(let actions, let next):
      var rest = actions[...]
      if let lock = instruction.queuedWriteLock {
        emitWaitingWriter(t, pc: pc, lock: lock, body)
        rest = actions.dropFirst()
      }
      transition(
        t, step: step, body,
        afterCopy: {
          if let lock = instruction.queuedWriteLock {
            let slots = plan.plan.rwsemSlots(of: lock)
            let waiting = plan.field(plan.plan.waitingSlot[t], of: "successor")
            body.ifThen(.atom("\(waiting) != 0")) {
              body.writer.line("\(waiting) = 0")
              body.writer.line("\(plan.field(slots.waiters, of: "successor")) -= 1")
            }
            body.writer.line("\(plan.field(slots.writer, of: "successor")) = \(t + 1)")
          }
          body.actions(Array(rest), thread: t, state: "successor")
        }
      ) {
        finish(t, next, step: step, body)
      }
    }
  }

  /// The first action is `down_write`: while the rwsem is held, the thread's one move is to
  /// queue as a waiting writer (once); it then takes the lock when it is free.
  func emitWaitingWriter(_ t: Int, pc: Int, lock: Int, _ body: BodyEmitter) {
    let slots = plan.plan.rwsemSlots(of: lock)
    let readers = plan.field(slots.readers, of: "current")
    let writer = plan.field(slots.writer, of: "current")
    body.writer.line("if \(readers) != 0 || \(writer) != 0 {")
    body.indented {
      body.writer.comment("\(plan.variableName(lock)) is held: queue as a waiting writer, once.")
      body.writer.line("guard \(plan.field(plan.plan.waitingSlot[t], of: "current")) == 0 else { return }")
      body.writer.line("var successor = current")
      body.writer.line("\(plan.field(plan.plan.waitingSlot[t], of: "successor")) = 1")
      body.writer.line("\(plan.field(slots.waiters, of: "successor")) += 1")
      body.writer.line(
        "emit(successor, Transition(thread: \(t), step: \(plan.waitStepIndex[t][pc]), faults: 0), "
          + "FaultLog(collect: collect))")
      body.writer.line("return")
    }
    body.writer.line("}")
  }

  /// Writes one transition: copy `current` into `successor`, run `afterCopy` (the actions),
  /// then `finish` (set the program counter, run silent instructions, emit). `log` is declared
  /// `var` only when something raises a fault.
  func transition(
    _ t: Int, step: Int32, _ body: BodyEmitter, afterCopy: () -> Void = {}, finish: () -> Void
  ) {
    let (code, mutated) = body.capture {
      afterCopy()
      finish()
    }
    body.writer.line("var successor = current")
    body.writer.line("\(mutated ? "var" : "let") log = FaultLog(collect: collect)")
    body.writer.append(contentsOf: code)
  }

  /// Sets thread `t`'s program counter to `next`, runs its silent instructions, checks locks
  /// held at its end, and emits the successor.
  func finish(_ t: Int, _ next: Int, step: Int32, _ body: BodyEmitter) {
    let pcField = plan.field(plan.plan.pcSlot[t], of: "successor")
    body.writer.line("\(pcField) = \(next)")
    let instructions = model.threads[t].instructions
    if instructions.indices.contains(next) && runsSilently(thread: t, pc: next) {
      body.logMutated = true
      body.writer.line("silent\(t)(&successor, &log)")
      if hasEndChecks(t) {
        let x = ExpressionTranslator(plan: plan, state: "successor")
        body.ifThen(x.done(t)) { body.writer.line("ended\(t)(successor, &log)") }
      }
    } else if instructions.indices.contains(next) && instructions[next].kind == .end && hasEndChecks(t) {
      body.logMutated = true
      body.writer.line("ended\(t)(successor, &log)")
    }
    let bound = body.checksBounds ? ", exceedsBound: log.exceedsBound" : ""
    body.writer.line("emit(successor, Transition(thread: \(t), step: \(step), faults: log.faults\(bound)), log)")
  }

  func emitSilentRun(_ t: Int, _ w: inout SwiftWriter) {
    let thread = model.threads[t]
    w.doc(
      "Runs thread \(t) (`\(thread.name)`) through its silent instructions, which are not scheduling points, "
        + "as the interpreter's `runSilent` does after every transition and in initial states.")
    w.block("func silent\(t)(_ s: inout State, _ log: inout FaultLog)") { w in
      w.line("var pc = \(plan.field(plan.plan.pcSlot[t], of: "s"))")
      let cyclic = plan.silentCycles[t]
      if cyclic {
        w.comment("Silent instructions form a cycle: stop after the interpreter's fuel runs out.")
        w.line("var fuel = \(CompiledModelPlan.silentFuel)")
        w.line("run: while fuel > 0 {")
        w.line("  fuel -= 1")
      } else {
        w.line("run: while true {")
      }
      w.push()
      w.line("switch pc {")
      let x = ExpressionTranslator(plan: plan, state: "s")
      for (pc, instruction) in thread.instructions.enumerated() where runsSilently(thread: t, pc: pc) {
        w.line("case \(pc):")
        w.push()
        let body = BodyEmitter(plan: plan, level: w.level)
        body.writer.comment(describe(t, pc, instruction))
        switch instruction.kind {
        case .jump(let next):
          body.writer.line("pc = \(next)")
        case .branch(let condition, let then, let otherwise):
          let test = x.bool(condition)
          if let constant = test.constant {
            body.writer.line("pc = \(constant ? then : otherwise)")
          } else {
            body.statement("pc = ", test, " ? \(then) : \(otherwise)")
          }
        case .actions(let actions, let next):
          body.silentActions(actions, thread: t, state: "s")
          body.writer.line("pc = \(next)")
        case .choose, .await, .end:
          body.writer.line("break run")
        }
        w.append(contentsOf: body.writer)
        w.pop()
      }
      w.line("default:")
      w.line("  break run")
      w.line("}")
      w.pop()
      w.line("}")
      w.line("\(plan.field(plan.plan.pcSlot[t], of: "s")) = pc")
    }
  }

  // MARK: - State

  func emitState(_ w: inout SwiftWriter) {
    w.line("// MARK: - State")
    w.blank()
    w.doc(
      "One packed state: \(plan.wordCount) word\(plan.wordCount == 1 ? "" : "s"), each slot at the bits "
        + "`SlotPlan` gives it, so states are bit-identical to the interpreter's.")
    w.block("struct State: Equatable") { w in
      let words = (0..<plan.wordCount).map { "w\($0)" }
      for word in words { w.line("var \(word): UInt64") }
      w.blank()
      w.block("init(\(words.map { "\($0): UInt64" }.joined(separator: ", ")))") { w in
        for word in words { w.line("self.\(word) = \(word)") }
      }
      w.blank()
      w.block("init(_ words: UnsafeBufferPointer<UInt64>)") { w in
        for (i, word) in words.enumerated() { w.line("\(word) = words[\(i)]") }
      }
      w.blank()
      w.block("func store(into words: UnsafeMutableBufferPointer<UInt64>)") { w in
        for (i, word) in words.enumerated() { w.line("words[\(i)] = \(word)") }
      }
      for (index, slot) in plan.plan.slots.enumerated() {
        w.blank()
        emitField(index, slot, &w)
      }
    }
  }

  func emitField(_ index: Int, _ slot: SlotPlan.Slot, _ w: inout SwiftWriter) {
    let word = "w\(slot.word)"
    let mask = SwiftLiteral.hex(slot.mask)
    let fit = plan.fitRange(index)
    w.doc(
      "Slot \(index) `\(slot.info.name)`: \(word) bits \(slot.shift)..<\(slot.shift + slot.bits), "
        + "values \(fit.lowerBound)...\(fit.upperBound)\(slot.info.hidden ? " (hidden)" : "").")
    w.block("var \(plan.fieldNames[index]): Int") { w in
      let shifted = slot.shift == 0 ? word : "(\(word) &>> \(slot.shift))"
      var get = "Int(truncatingIfNeeded: \(shifted) & \(mask))"
      var stored = "newValue"
      if slot.offset > 0 {
        get += " + \(slot.offset)"
        stored = "newValue - \(slot.offset)"
      } else if slot.offset < 0 {
        get += " - \(-slot.offset)"
        stored = "newValue + \(-slot.offset)"
      }
      w.line("get { \(get) }")
      let field = "UInt64(truncatingIfNeeded: \(stored)) & \(mask)"
      let placed = slot.shift == 0 ? "(\(field))" : "((\(field)) &<< \(slot.shift))"
      let cleared = SwiftLiteral.hex(slot.mask << UInt64(slot.shift))
      let line = "set { \(word) = (\(word) & ~\(cleared)) | \(placed) }"
      if line.count <= w.width {
        w.line(line)
      } else {
        w.block("set") { w in
          w.line("\(word) = (\(word) & ~\(cleared)) | \(placed)")
        }
      }
    }
  }

  // MARK: - Metadata

  func emitMetadata(_ w: inout SwiftWriter) {
    w.block("extension \(typeName)") { w in
      w.doc("Threads, steps, slots and properties: what reports need to name a counterexample's parts.")
      let metadata = Layout.call(
        "ModelMetadata",
        [
          .init("name", .text(model.name)),
          .init("threads", .array(model.threads.map { .call("ThreadInfo", [.init("name", .text($0.name))]) })),
          .init("steps", .array(plan.steps.map(stepLayout))),
          .init("slots", .array(plan.plan.slots.map { slotLayout($0.info) })),
          .init("properties", .array(model.properties.map(propertyLayout))),
        ])
      metadata.write(to: &w, prefix: "public static let modelMetadata = ")
      w.blank()
      w.doc("`restingStep[thread][pc]`: the step a thread resting at `pc` runs next (`nil`: silent or end).")
      Layout.array(
        plan.stepIndex.map { row in .array(row.map { .atom($0 >= 0 ? String($0) : "nil") }) }
      ).write(to: &w, prefix: "static let restingStep: [[Int?]] = ")
      w.blank()
      w.doc("What partial-order reduction needs: steps and control flow per instruction, access per step.")
      if let facts = plan.execution.reductionFacts {
        func ints(_ values: [Int]) -> Layout { .array(values.map { .atom(String($0)) }) }
        var arguments: [Layout.Argument] = [
          .init("stepsAt", .array(facts.stepsAt.map { .array($0.map(ints)) })),
          .init("successors", .array(facts.successors.map { .array($0.map(ints)) })),
          .init("reads", .array(facts.reads.map(ints))),
          .init("writes", .array(facts.writes.map(ints))),
          .init("visible", .array(facts.visible.map { .atom(String($0)) })),
        ]
        if !facts.adds.isEmpty { arguments.append(.init("adds", .array(facts.adds.map(ints)))) }
        if !facts.cuts.isEmpty {
          arguments.append(
            .init(
              "cuts",
              .array(
                facts.cuts.map { cut in
                  .call(
                    "LockCut",
                    [
                      .init("pcs", .array(cut.pcs.map(ints))),
                      .init("steps", .array(cut.steps.map { .array($0.map(ints)) })),
                      .init("successors", .array(cut.successors.map { .array($0.map(ints)) })),
                    ])
                })))
          arguments.append(
            .init(
              "holds",
              .array(
                facts.holds.map { hold in
                  var fields: [Layout.Argument] = [
                    .init("word", .atom(String(hold.word))), .init("shift", .atom(String(hold.shift))),
                    .init("bits", .atom(String(hold.bits))),
                  ]
                  if hold.offset != 0 { fields.append(.init("offset", .atom(String(hold.offset)))) }
                  if let reader = hold.reader { fields.append(.init("reader", .atom(String(reader)))) }
                  fields.append(.init("cut", .atom(String(hold.cut))))
                  return .call("HoldSlot", fields)
                })))
        }
        if !facts.triggers.isEmpty {
          arguments.append(
            .init(
              "triggers",
              .array(
                facts.triggers.map { trigger in
                  .call(
                    "TriggerPlaces",
                    [.init("property", .atom(String(trigger.property))), .init("pcs", .array(trigger.pcs.map(ints)))])
                })))
        }
        Layout.call("ReductionFacts", arguments).write(
          to: &w, prefix: "public static let reduction: ReductionFacts? = ")
      } else {
        w.line("public static let reduction: ReductionFacts? = nil")
      }
      w.blank()
      w.doc("The interchangeable threads, as the slots of each member's local state.")
      if let facts = plan.execution.symmetryFacts {
        func ints(_ values: [Int]) -> Layout { .array(values.map { .atom(String($0)) }) }
        Layout.call(
          "SymmetryFacts",
          [
            .init("groups", .array(facts.groups.map { .array($0.map(ints)) })),
            .init("words", ints(facts.words)),
            .init("shifts", ints(facts.shifts)),
            .init("bits", ints(facts.bits)),
          ]
        ).write(to: &w, prefix: "public static let symmetry: SymmetryFacts? = ")
      } else {
        w.line("public static let symmetry: SymmetryFacts? = nil")
      }
    }
  }

  func stepLayout(_ step: StepInfo) -> Layout {
    var arguments: [Layout.Argument] = [
      .init("thread", .atom(String(step.thread))),
      .init("label", .text(step.label)),
      .init("code", .text(step.code)),
      .init("location", .text(step.location)),
      .init("line", .atom(String(step.line))),
    ]
    if let result = step.resultSlot { arguments.append(.init("resultSlot", .atom(String(result)))) }
    if !step.frees.isEmpty { arguments.append(.init("frees", .array(step.frees.map { .text($0) }))) }
    return .call("StepInfo", arguments)
  }

  func slotLayout(_ info: SlotInfo) -> Layout {
    var arguments: [Layout.Argument] = [.init("name", .text(info.name)), .init("format", formatLayout(info.format))]
    if info.hidden { arguments.append(.init("hidden", .atom("true"))) }
    if info.nondeterministic { arguments.append(.init("nondeterministic", .atom("true"))) }
    return .call("SlotInfo", arguments)
  }

  func formatLayout(_ format: ValueFormat) -> Layout {
    switch format {
    case .integer: return .atom(".integer")
    case .boolean: return .atom(".boolean")
    case .names(let names): return .call(".names", [.init(nil, .array(names.map { .text($0) }))])
    }
  }

  func propertyLayout(_ property: PropertyIR) -> Layout {
    var arguments: [Layout.Argument] = [
      .init("name", .text(property.name)),
      .init("kind", .atom("." + Self.caseName(property.kind))),
      .init("expect", .atom(property.expect.map { "." + $0.rawValue } ?? "nil")),
    ]
    if !property.description.isEmpty { arguments.append(.init("description", .text(property.description))) }
    if property.kind.isLiveness && property.fairness == .unfair {
      arguments.append(.init("fairness", .atom(".unfair")))
    }
    return .call("PropertyInfo", arguments)
  }

  /// The Swift case name of a property kind.
  static func caseName(_ kind: PropertyKind) -> String {
    switch kind {
    case .never: return "never"
    case .always: return "always"
    case .reachable: return "reachable"
    case .noUseAfterFree: return "noUseAfterFree"
    case .noDoubleFree: return "noDoubleFree"
    case .lockDiscipline: return "lockDiscipline"
    case .deadlockFree: return "deadlockFree"
    case .assertions: return "assertions"
    case .eventually: return "eventually"
    case .leadsTo: return "leadsTo"
    }
  }
}

extension String {
  var trimmingParentheses: String {
    hasPrefix("(") && hasSuffix(")") ? String(dropFirst().dropLast()) : self
  }
}
