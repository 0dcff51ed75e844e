import LockSpec

/// Writes the statements of one generated function: IR actions on a `State` variable, with
/// fault raising, blocking, and the interpreter's range checks, one Swift statement per step of
/// the interpreter's `perform`.
final class BodyEmitter {
  var writer: SwiftWriter
  let plan: CompiledModelPlan
  private var temporaries = 0
  private var labels = 0
  /// Whether the code written so far mutates `log` (so it must be a `var`).
  var logMutated = false
  /// Whether the code written so far can mark the transition `exceedsBound`.
  var checksBounds = false

  /// What a blocking action does: leave the function (a visible instruction that blocks is not
  /// enabled) or skip to the next action (the interpreter ignores blocking in silent runs).
  enum Blocking {
    case returns
    case breaks(String)

    var statement: String {
      switch self {
      case .returns: return "return"
      case .breaks(let label): return "break \(label)"
      }
    }
  }

  init(plan: CompiledModelPlan, level: Int) {
    self.plan = plan
    self.writer = SwiftWriter(level: level)
  }

  /// Runs `body` writing into a fresh writer at the current level, and returns what it wrote
  /// and whether it mutated `log`.
  func capture(_ body: () -> Void) -> (SwiftWriter, Bool) {
    let saved = writer
    let savedMutated = logMutated
    writer = SwiftWriter(level: saved.level)
    logMutated = false
    body()
    let captured = writer
    let mutated = logMutated
    writer = saved
    logMutated = savedMutated || mutated
    return (captured, mutated)
  }

  /// A fresh local name: `base` plus a number unique in the function.
  func temporary(_ base: String) -> String {
    temporaries += 1
    return "\(base)\(temporaries)"
  }

  /// A fresh statement label.
  func label() -> String {
    labels += 1
    return "a\(labels)"
  }

  /// Writes `prefix` + `expr` + `suffix` on one line, moving parts of `expr` into `let`s first
  /// when the line would be too long.
  func statement(_ prefix: String, _ expr: SwiftExpr, _ suffix: String = "") {
    let code = expr.render(width: writer.width - prefix.count - suffix.count, writer: &writer) {
      temporary("c")
    }
    writer.line(prefix + code + suffix)
  }

  /// `if condition { then } else { otherwise }`, folded when the condition is constant.
  func ifThen(_ condition: SwiftExpr, _ then: () -> Void, else otherwise: (() -> Void)? = nil) {
    if let constant = condition.constant {
      if constant { then() } else { otherwise?() }
      return
    }
    statement("if ", condition, " {")
    indented(then)
    if let otherwise {
      writer.line("} else {")
      indented(otherwise)
    }
    writer.line("}")
  }

  /// Writes `body` one level deeper.
  func indented(_ body: () -> Void) {
    writer.push()
    body()
    writer.pop()
  }

  /// `guard condition else { <blocking> }`.
  func guardElse(_ condition: SwiftExpr, _ blocking: Blocking) {
    if condition.constant == true { return }
    if condition.constant == false {
      writer.line(blocking.statement)
      return
    }
    statement("guard ", condition, " else { \(blocking.statement) }")
  }

  /// `log.raise(mask, "message", resource: "name")`; nothing for an empty mask.
  func raise(_ mask: UInt64, _ message: [SwiftLiteral.Piece], resource: String? = nil) {
    guard mask != 0 else { return }
    logMutated = true
    var arguments = [Layout.Argument(nil, .atom(SwiftLiteral.hex(mask))), Layout.Argument(nil, .string(message))]
    if let resource { arguments.append(Layout.Argument("resource", .text(resource))) }
    Layout.call("log.raise", arguments).write(to: &writer)
  }

  // MARK: Actions

  /// Whether `action` can block.
  static func canBlock(_ action: Action) -> Bool {
    switch action {
    case .downRead, .downWrite, .lock: return true
    case .conditional(_, let then, let otherwise): return (then + otherwise).contains(where: canBlock)
    default: return false
    }
  }

  /// Writes `actions` of thread `t` on `state`, as a visible instruction runs them (a block
  /// leaves the function).
  func actions(_ actions: [Action], thread t: Int, state: String) {
    for action in actions {
      perform(action, thread: t, state: state, blocking: .returns)
    }
  }

  /// Writes `actions` as a silent run performs them: a block abandons the rest of the top-level
  /// action it happens in (its `conditional`), and the run goes on with the next one.
  func silentActions(_ actions: [Action], thread t: Int, state: String) {
    for action in actions {
      if Self.canBlock(action) {
        let name = label()
        writer.line("\(name): do {")
        indented { perform(action, thread: t, state: state, blocking: .breaks(name)) }
        writer.line("}")
      } else {
        perform(action, thread: t, state: state, blocking: .returns)
      }
    }
  }

  func perform(_ action: Action, thread t: Int, state: String, blocking: Blocking) {
    let x = ExpressionTranslator(plan: plan, state: state)
    let p = plan.plan
    func f(_ slot: Int) -> String { plan.field(slot, of: state) }
    func name(_ v: Int) -> String { plan.variableName(v) }
    let threadName = plan.threadName(t)
    switch action {
    case .assign(let v, let expr):
      let slot = p.variableSlot[v]
      let fits = plan.fitRange(slot)
      if let range = x.range(expr), fits.contains(range.lowerBound), fits.contains(range.upperBound) {
        statement(f(slot) + " = ", x.int(expr))
      } else {
        let value = temporary("value")
        statement("let \(value) = ", x.int(expr))
        inRange(value, fits, store: { writer.line("\(f(slot)) = \(value)") }) {
          raise(plan.rangeErrors, [.text(name(v) + " = "), .interpolation(value), .text(" is out of range")])
        }
      }
    case .downRead(let lock):
      guardElse(readAvailable(lock, state: state), blocking)
      acquireRead(lock, thread: t, state: state)
    case .upRead(let lock):
      let hold = f(p.readHoldSlots[t][plan.rwsemOrdinal[lock]])
      let readers = f(p.rwsemSlots(of: lock).readers)
      let mask = plan.lockDiscipline(t, lock)
      let release = {
        self.writer.line("\(hold) -= 1")
        self.writer.line("\(readers) -= 1")
      }
      if mask == 0 {
        ifThen(.atom("\(hold) != 0"), release)
      } else {
        ifThen(
          .atom("\(hold) == 0"),
          {
            self.raise(mask, [.text("up_read of \(name(lock)) not held for read by \(threadName)")])
          }, else: release)
      }
    case .downWrite(let lock):
      let slots = p.rwsemSlots(of: lock)
      guardElse(.atom("\(f(slots.readers)) == 0 && \(f(slots.writer)) == 0"), blocking)
      writer.line("\(f(slots.writer)) = \(t + 1)")
    case .upWrite(let lock):
      let writerField = f(p.rwsemSlots(of: lock).writer)
      releaseOwned(
        writerField, thread: t, mask: plan.lockDiscipline(t, lock),
        message: "up_write of \(name(lock)) not held for write by \(threadName)")
    case .downReadTrylock(let lock, let into):
      let ok = temporary("ok")
      statement("let \(ok) = ", readAvailable(lock, state: state))
      ifThen(.atom(ok)) { self.acquireRead(lock, thread: t, state: state) }
      store(ok, into, state: state)
    case .downWriteTrylock(let lock, let into):
      let slots = p.rwsemSlots(of: lock)
      let ok = temporary("ok")
      writer.line("let \(ok) = \(f(slots.readers)) == 0 && \(f(slots.writer)) == 0")
      ifThen(.atom(ok)) { self.writer.line("\(f(slots.writer)) = \(t + 1)") }
      store(ok, into, state: state)
    case .lock(let lock):
      let owner = f(p.variableSlot[lock])
      guardElse(.atom("\(owner) == 0"), blocking)
      writer.line("\(owner) = \(t + 1)")
    case .unlock(let lock):
      releaseOwned(
        f(p.variableSlot[lock]), thread: t, mask: plan.lockDiscipline(t, lock),
        message: "unlock of \(name(lock)) not held by \(threadName)")
    case .trylock(let lock, let into):
      let owner = f(p.variableSlot[lock])
      let ok = temporary("ok")
      writer.line("let \(ok) = \(owner) == 0")
      ifThen(.atom(ok)) { self.writer.line("\(owner) = \(t + 1)") }
      store(ok, into, state: state)
    case .inc(let c):
      add(1, to: c, state: state, result: false)
    case .dec(let c):
      add(-1, to: c, state: state, result: false)
    case .decAndTest(let c, let into):
      if let into {
        let value = add(-1, to: c, state: state, result: true)!
        writer.line("\(f(p.variableSlot[into])) = \(value) == 0 ? 1 : 0")
      } else {
        add(-1, to: c, state: state, result: false)
      }
    case .incNotZero(let c, let into):
      let ok = temporary("ok")
      writer.line("let \(ok) = \(f(p.variableSlot[c])) != 0")
      ifThen(.atom(ok)) { self.add(1, to: c, state: state, result: false) }
      store(ok, into, state: state)
    case .read(let c, let into):
      let source = p.variableSlot[c]
      let target = p.variableSlot[into]
      let fits = plan.fitRange(target)
      let range = plan.bitRange(source)
      if fits.contains(range.lowerBound) && fits.contains(range.upperBound) {
        writer.line("\(f(target)) = \(f(source))")
      } else {
        let value = temporary("value")
        writer.line("let \(value) = \(f(source))")
        inRange(value, fits, store: { writer.line("\(f(target)) = \(value)") }) {
          raise(plan.rangeErrors, [.text(name(into) + " = "), .interpolation(value), .text(" is out of range")])
        }
      }
    case .setFlag(let flag):
      writer.line("\(f(p.variableSlot[flag])) = 1")
    case .clearFlag(let flag):
      writer.line("\(f(p.variableSlot[flag])) = 0")
    case .testFlag(let flag, let into):
      writer.line("\(f(p.variableSlot[into])) = \(f(p.variableSlot[flag])) != 0 ? 1 : 0")
    case .testAndSet(let flag, let into):
      let field = f(p.variableSlot[flag])
      if let into {
        let old = temporary("old")
        writer.line("let \(old) = \(field) != 0")
        writer.line("\(field) = 1")
        store(old, into, state: state)
      } else {
        writer.line("\(field) = 1")
      }
    case .free(let r):
      let field = f(p.variableSlot[r])
      let mask = plan.doubleFree(t, r)
      if mask != 0 {
        ifThen(.atom("\(field) != 0")) {
          self.raise(mask, [.text("double free of \(name(r))")], resource: name(r))
        }
      }
      writer.line("\(field) = 1")
    case .use(let r):
      let mask = plan.useAfterFree(t, r)
      if mask != 0 {
        ifThen(.atom("\(f(p.variableSlot[r])) != 0")) {
          self.raise(mask, [.text("use after free of \(name(r))")], resource: name(r))
        }
      }
    case .assert(let condition, let property):
      let mask = UInt64(1) << UInt64(property)
      if mask != 0 {
        ifThen(.negation(x.bool(condition))) {
          self.raise(mask, [.text("assertion failed: \(self.plan.model.properties[property].name)")])
        }
      }
    case .conditional(let condition, let then, let otherwise):
      let then = then.filter { emitsCode($0, thread: t) }
      let otherwise = otherwise.filter { emitsCode($0, thread: t) }
      let run = { (actions: [Action]) in
        for inner in actions { self.perform(inner, thread: t, state: state, blocking: blocking) }
      }
      if then.isEmpty && otherwise.isEmpty { return }
      if then.isEmpty {
        ifThen(.negation(x.bool(condition))) { run(otherwise) }
      } else {
        ifThen(x.bool(condition), { run(then) }, else: otherwise.isEmpty ? nil : { run(otherwise) })
      }
    }
  }

  /// Whether `perform` writes any code for `action` (some actions do nothing when no property
  /// covers their fault).
  func emitsCode(_ action: Action, thread t: Int) -> Bool {
    switch action {
    case .use(let r): return plan.useAfterFree(t, r) != 0
    case .assert(let condition, let property):
      let holds = ExpressionTranslator(plan: plan, state: "s").bool(condition).constant == true
      return UInt64(1) << UInt64(property) != 0 && !holds
    case .conditional(_, let then, let otherwise):
      return (then + otherwise).contains { emitsCode($0, thread: t) }
    default: return true
    }
  }

  /// `downRead` would not block: no writer holds `lock`, and (writer priority) none waits.
  func readAvailable(_ lock: Int, state: String) -> SwiftExpr {
    let slots = plan.plan.rwsemSlots(of: lock)
    let free = SwiftExpr.atom("\(plan.field(slots.writer, of: state)) == 0")
    if plan.model.variables[lock].type.hasWriterPriority {
      return .and(free, .atom("\(plan.field(slots.waiters, of: state)) == 0"))
    }
    return free
  }

  /// One more read hold of `lock` by thread `t`; past the rwsem's `max_read_holds` the
  /// transition is marked `exceedsBound` (the explorer does not follow it).
  func acquireRead(_ lock: Int, thread t: Int, state: String) {
    let hold = plan.field(plan.plan.readHoldSlots[t][plan.rwsemOrdinal[lock]], of: state)
    let readers = plan.field(plan.plan.rwsemSlots(of: lock).readers, of: state)
    let limit = plan.model.variables[lock].type.maxReadHolds
    checksBounds = true
    logMutated = true
    ifThen(
      .atom("\(hold) < \(limit)"),
      {
        self.writer.line("\(hold) += 1")
        self.writer.line("\(readers) += 1")
      }, else: { self.writer.line("log.exceedsBound = true") })
  }

  /// Releases a lock whose owner field holds `thread + 1`; anyone else violates the mask.
  func releaseOwned(_ field: String, thread t: Int, mask: UInt64, message: String) {
    if mask == 0 {
      ifThen(.atom("\(field) == \(t + 1)")) { self.writer.line("\(field) = 0") }
    } else {
      ifThen(
        .atom("\(field) != \(t + 1)"), { self.raise(mask, [.text(message)]) },
        else: { self.writer.line("\(field) = 0") })
    }
  }

  /// Stores a `Bool` result into the local `into` as 0/1.
  func store(_ value: String, _ into: Int?, state: String) {
    guard let into else { return }
    writer.line("\(plan.field(plan.plan.variableSlot[into], of: state)) = \(value) ? 1 : 0")
  }

  /// `if lo <= value && value <= hi { store } else { outOfRange }`.
  func inRange(_ value: String, _ range: ClosedRange<Int>, store: () -> Void, outOfRange: () -> Void) {
    let condition = "\(value) >= \(SwiftLiteral.int(range.lowerBound)) && \(value) <= \(range.upperBound)"
    writer.line("if \(condition) {")
    indented(store)
    if plan.rangeErrors != 0 {
      writer.line("} else {")
      indented(outOfRange)
    }
    writer.line("}")
  }

  /// Adds `delta` to counter `c` unless the result leaves its range (which violates the range
  /// error properties and leaves it unchanged). With `result`, returns a variable holding the
  /// counter's value afterwards, or the out-of-range value it would have had (so a
  /// `dec_and_test` at 0 yields -1, false, as the kernel's does).
  @discardableResult
  func add(_ delta: Int, to c: Int, state: String, result: Bool) -> String? {
    let slot = plan.variableSlot(c)
    let field = plan.field(slot, of: state)
    let range = plan.fitRange(slot)
    let value = temporary("value")
    let sign = delta < 0 ? "-" : "+"
    writer.line("let \(value) = \(field) \(sign) \(abs(delta))")
    let condition = "\(value) >= \(SwiftLiteral.int(range.lowerBound)) && \(value) <= \(range.upperBound)"
    writer.line("if \(condition) {")
    indented { writer.line("\(field) = \(value)") }
    if plan.rangeErrors != 0 {
      writer.line("} else {")
      indented {
        raise(
          plan.rangeErrors,
          [.text(plan.variableName(c) + " leaves its range ("), .interpolation(value), .text(")")])
      }
    }
    writer.line("}")
    return result ? value : nil
  }
}
