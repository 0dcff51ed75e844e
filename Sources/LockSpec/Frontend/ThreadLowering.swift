/// Lowers one thread instance's steps to instructions: inlines procedures, expands loops into a
/// hidden counter with a header branch, resolves jumps, and marks silent instructions.
struct ThreadLowering {
  let document: SpecDocument
  let symbols: SymbolTable
  /// Property name → (index, kind), declared and implicit.
  let properties: PropertyTable
  let thread: Int
  let checker: ExpressionChecker
  var log = DiagnosticLog()
  private(set) var instructions: [Instruction] = []
  /// Label → instruction indices of its copies in this thread.
  private(set) var labelPCs: [String: [Int]] = [:]

  init(
    document: SpecDocument, symbols: SymbolTable, properties: PropertyTable, thread: Int,
    labelPCs: @escaping (Int, String) -> [Int]
  ) {
    self.document = document
    self.symbols = symbols
    self.properties = properties
    self.thread = thread
    self.checker = ExpressionChecker(symbols: symbols, document: document, thread: thread, labelPCs: labelPCs)
  }

  /// Pending jumps of one thread body or one inlined procedure copy.
  private struct Scope {
    var labels: [String: Int] = [:]
    var gotos: [(instruction: Int, label: String)] = []
    var procedure: ProcedureDeclaration?
    var into: Int?
    var returns: [Int] = []
    var calling: [String] = []
  }

  private struct Loop {
    var breaks: [Int] = []
    var continues: [Int] = []
  }

  private var scopes: [Scope] = []
  private var loops: [[Loop]] = []

  mutating func lower() {
    let template = document.threads[symbols.threads[thread].template]
    scopes = [Scope()]
    loops = [[]]
    lower(template.steps)
    closeScope()
    emit(.end, origin: StepOrigin(), silent: false)
    if tooLarge {
      log.error(
        "thread '\(template.name)' is too large: more than \(Self.maxInstructions) instructions after inlining "
          + "procedures", at: template.location)
      instructions = [Instruction(kind: .end, origin: StepOrigin(), silent: false)]
      labelPCs = [:]
    }
  }

  // MARK: - Emission

  /// Most instructions one thread instance may have (procedures called from procedures multiply).
  static let maxInstructions = 100_000
  /// Set when the thread outgrew `maxInstructions`; lowering then stops emitting.
  private(set) var tooLarge = false

  @discardableResult
  private mutating func emit(
    _ kind: InstructionKind, origin: StepOrigin, silent: Bool, isAtomicGroup: Bool = false
  ) -> Int {
    if instructions.count >= Self.maxInstructions {
      tooLarge = true
      return max(0, instructions.count - 1)
    }
    instructions.append(Instruction(kind: kind, origin: origin, silent: silent, isAtomicGroup: isAtomicGroup))
    return instructions.count - 1
  }

  private var next: Int { instructions.count + 1 }

  private mutating func setTarget(of index: Int, to target: Int, branchElse: Bool = false, choice: Int? = nil) {
    switch instructions[index].kind {
    case .jump: instructions[index].kind = .jump(target)
    case .actions(let actions, _): instructions[index].kind = .actions(actions, next: target)
    case .await(let condition, _): instructions[index].kind = .await(condition, next: target)
    case .branch(let condition, let thenTarget, let elseTarget):
      instructions[index].kind =
        branchElse
        ? .branch(condition, then: thenTarget, else: target) : .branch(condition, then: target, else: elseTarget)
    case .choose(var targets):
      if let choice, targets.indices.contains(choice) { targets[choice] = target }
      instructions[index].kind = .choose(targets)
    case .end: break
    }
  }

  private func origin(_ step: Step) -> StepOrigin {
    StepOrigin(
      label: step.label?.value ?? "", code: step.code ?? "", location: step.at ?? "", line: step.location.line)
  }

  private func isPlain(_ step: Step) -> Bool { step.label == nil && step.code == nil }

  private mutating func recordLabel(_ step: Step, at index: Int) {
    guard let label = step.label?.value else { return }
    labelPCs[label, default: []].append(index)
    if scopes[scopes.count - 1].labels[label] == nil { scopes[scopes.count - 1].labels[label] = index }
  }

  /// Whether the expression reads only this thread's locals (and constants).
  func readsOnlyOwnLocals(_ expr: Expr) -> Bool {
    switch expr {
    case .int, .bool: return true
    case .variable(let index): return symbols.isLocal(index, of: thread)
    case .not(let inner): return readsOnlyOwnLocals(inner)
    case .binary(_, let lhs, let rhs): return readsOnlyOwnLocals(lhs) && readsOnlyOwnLocals(rhs)
    case .freed, .at, .done, .readers, .writeLocked, .holds: return false
    }
  }

  private func isSilentActions(_ actions: [Action], step: Step) -> Bool {
    guard isPlain(step), !actions.isEmpty else { return false }
    return actions.allSatisfy { action in
      if case .assign(let target, let value) = action {
        return symbols.isLocal(target, of: thread) && readsOnlyOwnLocals(value)
      }
      return false
    }
  }

  // MARK: - Steps

  private mutating func lower(_ steps: [Step]) {
    for step in steps { lower(step) }
  }

  private mutating func lower(_ step: Step) {
    if tooLarge { return }
    guard let action = step.action else {
      let index = emit(.actions([], next: next), origin: origin(step), silent: false)
      recordLabel(step, at: index)
      return
    }
    switch action {
    case .operation, .assign, .assert:
      let actions = self.actions(for: step)
      let index = emit(
        .actions(actions, next: next), origin: origin(step), silent: isSilentActions(actions, step: step))
      recordLabel(step, at: index)
    case .await(let source):
      let condition = checker.check(source, expected: .bool, log: &log) ?? .bool(false)
      let index = emit(.await(condition, next: next), origin: origin(step), silent: false)
      recordLabel(step, at: index)
    case .ifThen(let source, let thenSteps, let elseSteps):
      let condition = checker.check(source, expected: .bool, log: &log) ?? .bool(false)
      let silent = isPlain(step) && readsOnlyOwnLocals(condition)
      let branch = emit(
        .branch(condition, then: instructions.count + 1, else: 0), origin: origin(step), silent: silent)
      recordLabel(step, at: branch)
      lower(thenSteps)
      if let elseSteps {
        let skip = emit(.jump(0), origin: StepOrigin(line: step.location.line), silent: true)
        setTarget(of: branch, to: instructions.count, branchElse: true)
        lower(elseSteps)
        setTarget(of: skip, to: instructions.count)
      } else {
        setTarget(of: branch, to: instructions.count, branchElse: true)
      }
    case .loop(let loop):
      lowerLoop(loop, step: step)
    case .breakLoop, .continueLoop:
      let index = emit(.jump(next), origin: origin(step), silent: isPlain(step))
      recordLabel(step, at: index)
      if var frames = loops.popLast() {
        if !frames.isEmpty {
          if action == .breakLoop {
            frames[frames.count - 1].breaks.append(index)
          } else {
            frames[frames.count - 1].continues.append(index)
          }
        }
        loops.append(frames)
      }
    case .goto(let label):
      let index = emit(.jump(next), origin: origin(step), silent: isPlain(step))
      recordLabel(step, at: index)
      scopes[scopes.count - 1].gotos.append((index, label.value))
    case .choose(let branches):
      let choose = emit(.choose(Array(repeating: 0, count: branches.count)), origin: origin(step), silent: false)
      recordLabel(step, at: choose)
      var exits: [Int] = []
      var emptyBranches: [Int] = []
      for (number, branch) in branches.enumerated() {
        if branch.isEmpty {
          emptyBranches.append(number)
          continue
        }
        setTarget(of: choose, to: instructions.count, choice: number)
        lower(branch)
        exits.append(emit(.jump(0), origin: StepOrigin(line: step.location.line), silent: true))
      }
      let after = instructions.count
      for exit in exits { setTarget(of: exit, to: after) }
      for number in emptyBranches { setTarget(of: choose, to: after, choice: number) }
    case .atomic(let inner):
      let actions = flatten(inner)
      let index = emit(
        .actions(actions, next: next), origin: origin(step), silent: isSilentActions(actions, step: step),
        isAtomicGroup: true)
      recordLabel(step, at: index)
    case .call(let name, let into):
      lowerCall(name, into: into, step: step)
    case .returnValue(let source):
      lowerReturn(source, step: step)
    }
  }

  /// A loop with `max` counts its iterations in a hidden local: a reset to 0 (carrying the
  /// loop step's label and code), a header `counter < max && while`, the body, and a silent
  /// increment back to the header. A loop without `max` has no counter: a jump in, a header on
  /// `while` alone, and a silent jump back; its header is always a scheduling point, so every
  /// iteration is at least one visible step and no cycle of silent instructions can form.
  private mutating func lowerLoop(_ loop: LoopAction, step: Step) {
    var counter: Int?
    if loop.max != nil {
      guard let variable = symbols.threads[thread].loopCounters[SymbolTable.loopKey(step)] else { return }
      counter = variable
    }
    let entry: InstructionKind = counter.map { .actions([.assign($0, .int(0))], next: next) } ?? .jump(next)
    recordLabel(step, at: emit(entry, origin: origin(step), silent: isPlain(step)))
    var condition: Expr?
    if let counter, let max = loop.max?.value { condition = .binary(.less, .variable(counter), .int(max)) }
    if let source = loop.condition {
      let test = checker.check(source, expected: .bool, log: &log) ?? .bool(false)
      condition = condition.map { .binary(.and, $0, test) } ?? test
    }
    let test = condition ?? .bool(true)
    var headerOrigin = StepOrigin(line: step.location.line)
    if counter == nil {
      let title = loop.condition.map { "while (\($0.text))" } ?? "next iteration"
      headerOrigin.code = (step.label.map { $0.value + ": " } ?? "") + title
    }
    let header = emit(
      .branch(test, then: instructions.count + 1, else: 0), origin: headerOrigin,
      silent: counter != nil && readsOnlyOwnLocals(test))
    loops[loops.count - 1].append(Loop())
    lower(loop.steps)
    let frame = loops[loops.count - 1].popLast() ?? Loop()
    let back: InstructionKind =
      counter.map { .actions([.assign($0, .binary(.plus, .variable($0), .int(1)))], next: header) } ?? .jump(header)
    let backIndex = emit(back, origin: StepOrigin(line: step.location.line), silent: true)
    let exit = instructions.count
    setTarget(of: header, to: exit, branchElse: true)
    for index in frame.breaks { setTarget(of: index, to: exit) }
    for index in frame.continues { setTarget(of: index, to: backIndex) }
  }

  private mutating func lowerCall(_ name: Located<String>, into: Located<String>?, step: Step) {
    if !isPlain(step) {
      let index = emit(.jump(next), origin: origin(step), silent: false)
      recordLabel(step, at: index)
    }
    guard let procedureIndex = symbols.procedures[name.value] else { return }
    let procedure = document.procedures[procedureIndex]
    let calling = scopes.last?.calling ?? []
    guard !calling.contains(procedure.name) else { return }
    var scope = Scope(procedure: procedure, calling: calling + [procedure.name])
    if let into, let returns = procedure.returns {
      scope.into = intoLocal(into, type: returns.value == .bool ? .bool : .int)
    }
    scopes.append(scope)
    loops.append([])
    lower(procedure.steps)
    loops.removeLast()
    let finished = scopes[scopes.count - 1]
    closeScope()
    for index in finished.returns { setTarget(of: index, to: instructions.count) }
  }

  private mutating func lowerReturn(_ source: ExpressionSource?, step: Step) {
    let scope = scopes[scopes.count - 1]
    guard let procedure = scope.procedure else {
      let index = emit(.jump(next), origin: origin(step), silent: isPlain(step))
      recordLabel(step, at: index)
      return
    }
    var value: Expr?
    if let source {
      let type: ValueType = procedure.returns?.value == .int ? .int : .bool
      value = checker.check(source, expected: type, log: &log)
    }
    let index: Int
    if let value, let into = scope.into {
      let actions: [Action] = [.assign(into, value)]
      index = emit(.actions(actions, next: 0), origin: origin(step), silent: isSilentActions(actions, step: step))
    } else {
      index = emit(.jump(0), origin: origin(step), silent: isPlain(step))
    }
    recordLabel(step, at: index)
    scopes[scopes.count - 1].returns.append(index)
  }

  /// Resolves the gotos of the innermost scope and leaves it.
  private mutating func closeScope() {
    guard let scope = scopes.popLast() else { return }
    for (instruction, label) in scope.gotos {
      if let target = scope.labels[label] { setTarget(of: instruction, to: target) }
    }
  }

  // MARK: - Actions

  /// The actions of an operation, assign or assert step (also used inside atomic groups).
  private mutating func actions(for step: Step) -> [Action] {
    switch step.action {
    case .operation(let operation, let operands, let into):
      return operands.compactMap { operand in
        self.action(operation, operand: operand, into: into)
      }
    case .assign(let assignments):
      return assign(assignments)
    case .assert(let source, let property):
      let condition = checker.check(source, expected: .bool, log: &log) ?? .bool(true)
      guard let index = assertionProperty(property, at: step.location) else { return [] }
      return [.assert(condition, property: index)]
    default:
      return []
    }
  }

  private mutating func assertionProperty(_ name: Located<String>?, at location: SourceLocation) -> Int? {
    let wanted = name?.value ?? "assertions"
    guard let entry = properties.entries[wanted] else {
      if let name {
        let hint = NameSuggestion.hint(for: name.value, in: properties.names)
        log.error("undefined property '\(name.value)'\(hint)", at: name.location)
      } else {
        log.error(
          "assert without 'property:' needs a property named 'assertions' (check: assertions)", at: location)
      }
      return nil
    }
    guard entry.kind == .assertions else {
      log.error(
        "property '\(wanted)' checks \(entry.kind.rawValue); an assert needs an assertions property",
        at: name?.location ?? location)
      return nil
    }
    return entry.index
  }

  /// The variable an operand names (own local or shared), checked against the expected kinds.
  private mutating func operandVariable(
    _ operand: Located<String>, kinds: [VariableKind], expected: String
  ) -> Int? {
    guard let variable = symbols.variable(named: operand.value, in: thread) else {
      let hint = NameSuggestion.hint(for: operand.value, in: symbols.visibleNames(in: thread))
      if !symbols.invalidNames.contains(operand.value) {
        log.error("undefined variable '\(operand.value)'\(hint)", at: operand.location)
      }
      return nil
    }
    guard let kind = symbols.kinds[variable], kinds.contains(kind) else {
      log.error(
        "\(operand.value) is \(checker.kindDescription(of: variable)), expected \(expected)", at: operand.location)
      return nil
    }
    return variable
  }

  /// The local named by `into`, checked to hold values of `type`.
  private mutating func intoLocal(_ into: Located<String>, type: ValueType) -> Int? {
    let templateName = document.threads[symbols.threads[thread].template].name
    guard let variable = symbols.threads[thread].locals[into.value] else {
      if symbols.shared[into.value] != nil {
        log.error(
          "'into' needs a local of thread '\(templateName)'; '\(into.value)' is shared state", at: into.location)
      } else {
        let hint = NameSuggestion.hint(for: into.value, in: symbols.threads[thread].locals.keys.sorted())
        log.error("'\(into.value)' is not a local of thread '\(templateName)'\(hint)", at: into.location)
      }
      return nil
    }
    let kind = symbols.kinds[variable]
    let fits = type == .bool ? kind == .bool : kind == .int
    guard fits else {
      log.error(
        "\(into.value) is \(checker.kindDescription(of: variable)), expected \(type == .bool ? "a bool" : "an int")",
        at: into.location)
      return nil
    }
    return variable
  }

  private mutating func action(_ operation: Operation, operand: Located<String>, into: Located<String>?) -> Action? {
    let rwsem: [VariableKind] = [.rwsem]
    let plainLock: [VariableKind] = [.mutex, .spinlock]
    func target(_ kinds: [VariableKind], _ expected: String) -> Int? {
      operandVariable(operand, kinds: kinds, expected: expected)
    }
    func result(_ type: ValueType) -> Int? {
      into.flatMap { intoLocal($0, type: type) }
    }
    switch operation {
    case .downRead: return target(rwsem, "an rwsem").map { .downRead($0) }
    case .upRead: return target(rwsem, "an rwsem").map { .upRead($0) }
    case .downWrite: return target(rwsem, "an rwsem").map { .downWrite($0) }
    case .upWrite: return target(rwsem, "an rwsem").map { .upWrite($0) }
    case .downReadTrylock:
      let variable = target(rwsem, "an rwsem")
      return variable.map { .downReadTrylock($0, into: result(.bool)) }
    case .downWriteTrylock:
      let variable = target(rwsem, "an rwsem")
      return variable.map { .downWriteTrylock($0, into: result(.bool)) }
    case .lock: return target(plainLock, "a mutex or spinlock").map { .lock($0) }
    case .unlock: return target(plainLock, "a mutex or spinlock").map { .unlock($0) }
    case .trylock:
      let variable = target(plainLock, "a mutex or spinlock")
      return variable.map { .trylock($0, into: result(.bool)) }
    case .inc: return target([.counter], "a counter").map { .inc($0) }
    case .dec: return target([.counter], "a counter").map { .dec($0) }
    case .decAndTest:
      let variable = target([.counter], "a counter")
      return variable.map { .decAndTest($0, into: result(.bool)) }
    case .incNotZero:
      let variable = target([.counter], "a counter")
      return variable.map { .incNotZero($0, into: result(.bool)) }
    case .read:
      let variable = target([.counter], "a counter")
      guard let variable, let local = result(.int) else { return nil }
      return .read(variable, into: local)
    case .set: return target([.flag], "a flag").map { .setFlag($0) }
    case .clear: return target([.flag], "a flag").map { .clearFlag($0) }
    case .test:
      let variable = target([.flag], "a flag")
      guard let variable, let local = result(.bool) else { return nil }
      return .testFlag(variable, into: local)
    case .testAndSet:
      let variable = target([.flag], "a flag")
      return variable.map { .testAndSet($0, into: result(.bool)) }
    case .free: return target([.resource], "a resource").map { .free($0) }
    case .use: return target([.resource], "a resource").map { .use($0) }
    }
  }

  /// Assignments ordered so that every right-hand side reads the old state.
  private mutating func assign(_ assignments: [Assignment]) -> [Action] {
    var resolved: [(target: Int, value: Expr, source: Assignment)] = []
    for assignment in assignments {
      let name = assignment.target
      guard let variable = symbols.variable(named: name.value, in: thread) else {
        let hint = NameSuggestion.hint(for: name.value, in: symbols.visibleNames(in: thread))
        if !symbols.invalidNames.contains(name.value) {
          log.error("undefined variable '\(name.value)'\(hint)", at: name.location)
        }
        continue
      }
      guard let type = checker.valueType(of: variable), symbols.kinds[variable] != .flag,
        symbols.kinds[variable] != .counter
      else {
        log.error(
          "\(name.value) is \(checker.kindDescription(of: variable)), expected a bool, int or enum",
          at: name.location)
        continue
      }
      guard let value = checker.check(assignment.value, expected: type, log: &log) else { continue }
      resolved.append((variable, value, assignment))
    }
    // An entry must run before any other entry that overwrites a variable it reads.
    var ordered: [Action] = []
    var remaining = resolved
    while !remaining.isEmpty {
      guard
        let ready = remaining.indices.first(where: { candidate in
          remaining.indices.allSatisfy { other in
            other == candidate || !Self.reads(remaining[other].value, variable: remaining[candidate].target)
          }
        })
      else {
        let names = remaining.map { "'\($0.source.target.value)'" }.joined(separator: ", ")
        log.error(
          "assign: the values of \(names) read each other's targets; split the step",
          at: remaining[0].source.target.location)
        return ordered
      }
      ordered.append(.assign(remaining[ready].target, remaining[ready].value))
      remaining.remove(at: ready)
    }
    return ordered
  }

  private static func reads(_ expr: Expr, variable: Int) -> Bool {
    switch expr {
    case .variable(let index): return index == variable
    case .not(let inner): return reads(inner, variable: variable)
    case .binary(_, let lhs, let rhs): return reads(lhs, variable: variable) || reads(rhs, variable: variable)
    default: return false
    }
  }

  /// The actions of an atomic group's steps, with `if` as `.conditional`.
  private mutating func flatten(_ steps: [Step]) -> [Action] {
    var result: [Action] = []
    for step in steps {
      switch step.action {
      case .operation, .assign, .assert:
        result += actions(for: step)
      case .ifThen(let source, let thenSteps, let elseSteps):
        let condition = checker.check(source, expected: .bool, log: &log) ?? .bool(false)
        result.append(.conditional(condition, then: flatten(thenSteps), else: flatten(elseSteps ?? [])))
      case .atomic(let inner):
        result += flatten(inner)
      default:
        break
      }
    }
    return result
  }
}
