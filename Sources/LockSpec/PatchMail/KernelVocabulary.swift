/// What a C statement of a patch means in a spec: the step it becomes (a kernel primitive on a
/// lock, flag or counter the spec declares, or a statement the spec's `vocabulary:` models),
/// or why it does not become one. Pure: built from the spec's state and vocabulary.
public struct KernelVocabulary: Sendable {
  /// What a statement is to the spec.
  public enum Meaning: Sendable, Equatable {
    /// A step: the label's stem and the step's action keys as flow YAML.
    case step(name: String, body: [StepKey])
    /// Touches nothing the spec models (a comment, `tlb_finish_mmu(&tlb, 0, -1);`, a flag or
    /// counter the spec does not declare); the reason says which.
    case notModelled(String)
    /// Cannot be turned into a step; the reason says why.
    case unplaceable(String)
  }

  /// One `key: value` of a step body (value as flow YAML).
  public struct StepKey: Sendable, Equatable {
    public var key: String
    public var value: String

    public init(_ key: String, _ value: String) {
      self.key = key
      self.value = value
    }
  }

  /// What a built-in primitive does: the spec operation and what its first argument names.
  struct Primitive {
    enum Operand: Equatable { case lock, flag, counter, mm(String) }
    var operation: String
    var operand: Operand
    /// The kinds of spec variable the operand may be.
    var kinds: [VariableKind]
  }

  /// The built-in primitives, by function name (after `CodeNormalizer`, so the `mmap_*_lock`
  /// wrappers arrive as the rwsem calls).
  static let primitives: [String: Primitive] = {
    var table: [String: Primitive] = [:]
    for name in ["down_read", "up_read", "down_write", "up_write", "down_read_trylock", "down_write_trylock"] {
      table[name] = Primitive(operation: name, operand: .lock, kinds: [.rwsem])
    }
    let lockKinds: [VariableKind] = [.mutex, .spinlock]
    for prefix in ["spin", "raw_spin", "mutex"] {
      table["\(prefix)_lock"] = Primitive(operation: "lock", operand: .lock, kinds: lockKinds)
      table["\(prefix)_unlock"] = Primitive(operation: "unlock", operand: .lock, kinds: lockKinds)
      table["\(prefix)_trylock"] = Primitive(operation: "trylock", operand: .lock, kinds: lockKinds)
    }
    for suffix in ["_irq", "_bh", "_irqsave"] {
      table["spin_lock\(suffix)"] = Primitive(operation: "lock", operand: .lock, kinds: lockKinds)
    }
    for suffix in ["_irq", "_bh", "_irqrestore"] {
      table["spin_unlock\(suffix)"] = Primitive(operation: "unlock", operand: .lock, kinds: lockKinds)
    }
    table["set_bit"] = Primitive(operation: "set", operand: .flag, kinds: [.flag])
    table["clear_bit"] = Primitive(operation: "clear", operand: .flag, kinds: [.flag])
    table["test_and_set_bit"] = Primitive(operation: "test_and_set", operand: .flag, kinds: [.flag])
    for prefix in ["atomic", "atomic_long", "refcount"] {
      table["\(prefix)_inc"] = Primitive(operation: "inc", operand: .counter, kinds: [.counter])
      table["\(prefix)_dec"] = Primitive(operation: "dec", operand: .counter, kinds: [.counter])
      table["\(prefix)_dec_and_test"] = Primitive(operation: "dec_and_test", operand: .counter, kinds: [.counter])
      table["\(prefix)_inc_not_zero"] = Primitive(operation: "inc_not_zero", operand: .counter, kinds: [.counter])
    }
    table["mmget"] = Primitive(operation: "inc", operand: .mm("mm_users"), kinds: [.counter])
    table["mmget_not_zero"] = Primitive(operation: "inc_not_zero", operand: .mm("mm_users"), kinds: [.counter])
    table["mmgrab"] = Primitive(operation: "inc", operand: .mm("mm_count"), kinds: [.counter])
    return table
  }()

  /// Calls whose result decides what happens next: as a statement of their own they are not
  /// mapped (the spec models the test with a local and an `if`).
  static let tests: Set<String> = [
    "test_bit", "atomic_read", "refcount_read", "down_read_killable", "down_write_killable", "mutex_lock_killable",
    "mutex_lock_interruptible", "mmput", "mmput_async",
  ]

  /// The spec's shared variables by name.
  let state: [String: VariableKind]
  let vocabulary: SpecVocabulary

  public init(state: [VariableDeclaration], vocabulary: SpecVocabulary) {
    var kinds: [String: VariableKind] = [:]
    for variable in state { kinds[variable.name] = variable.kind }
    self.state = kinds
    self.vocabulary = vocabulary
  }

  /// The meaning of `statement` (normalized) written in `at` (`file:function`).
  public func meaning(of statement: String, at: String) -> Meaning {
    if statement.isEmpty { return .notModelled("no code") }
    if let entry = declared(statement, at: at) {
      return .step(name: entry.name, body: entry.body.map { StepKey($0.key, $0.value) })
    }
    if Self.isControlFlow(statement) {
      return .unplaceable(
        "it changes control flow, which is not mapped: write that part as an overlay (docs/patches.md)")
    }
    let calls = Self.calls(in: statement)
    if let call = calls.first(where: { Self.primitives[$0.name] != nil }), let primitive = Self.primitives[call.name] {
      let isStatement = statement == "\(call.name)(\(call.arguments.joined(separator: ",")));"
      return primitiveMeaning(primitive, call.name, call.arguments, isStatement: isStatement)
    }
    if let test = calls.first(where: { Self.tests.contains($0.name) }) {
      return testMeaning(test.name, test.arguments)
    }
    return .notModelled("no call the spec models")
  }

  /// A primitive on the spec's state: its step, unless the state is not modelled, has the wrong
  /// type, is a lock the spec does not have, or the call's result is used.
  private func primitiveMeaning(
    _ primitive: Primitive, _ name: String, _ arguments: [String], isStatement: Bool
  ) -> Meaning {
    guard let variable = operand(primitive, arguments) else { return .notModelled("\(name) on nothing") }
    guard let kind = state[variable.name] else {
      if variable.isLock {
        return .unplaceable(
          "cannot resolve the lock '\(variable.expression)' of \(name) to a lock of the spec; "
            + "declare it under vocabulary: locks:")
      }
      return .notModelled("\(variable.name) is not modelled by the spec")
    }
    guard primitive.kinds.contains(kind) else {
      return .unplaceable(
        "\(name) needs \(primitive.kinds.map(\.withArticle).joined(separator: " or ")), "
          + "but the spec's \(variable.name) is \(kind.withArticle)")
    }
    guard isStatement else {
      return .unplaceable(
        "the result of \(name) is used; only calls written as statements are mapped: "
          + "write the test as an overlay (docs/patches.md)")
    }
    return .step(name: name, body: [StepKey(primitive.operation, variable.name)])
  }

  /// A test or a call whose effect depends on the model: not modelled when the state it reads
  /// is not in the spec, else something the spec must declare.
  private func testMeaning(_ name: String, _ arguments: [String]) -> Meaning {
    let reads: String?
    switch name {
    case "test_bit": reads = arguments.first
    case "atomic_read", "refcount_read": reads = arguments.first.map(Self.lastMember)
    case "mmput", "mmput_async": reads = "mm_users"
    default: reads = arguments.first.map { variableName(Self.lastMember($0)) }
    }
    if let reads, state[reads] == nil {
      if name.contains("lock") {
        return .unplaceable(
          "cannot resolve the lock '\(arguments.first ?? "")' of \(name) to a lock of the spec; "
            + "declare it under vocabulary: locks:")
      }
      return .notModelled("\(reads) is not modelled by the spec")
    }
    return .unplaceable(
      "\(name) is not in this spec's vocabulary (its effect depends on the model); "
        + "declare it under vocabulary: statements:")
  }

  /// The condition of an added `if` that only tests a flag the spec declares: `if (test_bit(F,
  /// &mm->flags)) {`, also negated or inside `likely`/`unlikely`, as the spec expression `F` or
  /// `!F`; nil for any other line.
  public func flagCondition(_ statement: String) -> String? {
    guard statement.hasPrefix("if(") else { return nil }
    var condition = Substring(statement.dropFirst(3))
    if condition.hasSuffix("{") { condition = condition.dropLast() }
    guard condition.hasSuffix(")") else { return nil }
    condition = condition.dropLast()
    var negated = false
    while true {
      if condition.hasPrefix("!") {
        negated.toggle()
        condition = condition.dropFirst()
        continue
      }
      var unwrapped = false
      for wrapper in ["unlikely(", "likely("] where condition.hasPrefix(wrapper) && condition.hasSuffix(")") {
        condition = condition.dropFirst(wrapper.count).dropLast()
        unwrapped = true
        break
      }
      if !unwrapped { break }
    }
    let calls = Self.calls(in: String(condition))
    guard let call = calls.first, call.name == "test_bit", call.arguments.count == 2,
      String(condition) == "test_bit(\(call.arguments.joined(separator: ",")))",
      let flag = call.arguments.first, state[flag] == .flag
    else { return nil }
    return negated ? "!\(flag)" : flag
  }

  /// The spec's entry for `statement`: one limited to `at` before one that applies everywhere,
  /// an exact statement before a call pattern.
  func declared(_ statement: String, at: String) -> SpecVocabulary.Statement? {
    let candidates = vocabulary.statements.filter { $0.at == nil || $0.at == at }
    let ordered = candidates.filter { $0.at != nil } + candidates.filter { $0.at == nil }
    for entry in ordered where !entry.isCallPattern && entry.normalizedCode == statement { return entry }
    for entry in ordered where !entry.isCallPattern && CodeNormalizer.contains(statement, entry.normalizedCode) {
      if statement.hasPrefix(String(entry.normalizedCode.dropLast())) { return entry }
    }
    for entry in ordered where entry.isCallPattern && CodeNormalizer.contains(statement, entry.normalizedCode) {
      return entry
    }
    return nil
  }

  /// A primitive's operand: the variable it names and the C expression it came from.
  struct OperandName {
    var name: String
    var expression: String
    var isLock: Bool
  }

  func operand(_ primitive: Primitive, _ arguments: [String]) -> OperandName? {
    switch primitive.operand {
    case .mm(let counter):
      return OperandName(name: counter, expression: arguments.first ?? "", isLock: false)
    case .flag:
      guard let flag = arguments.first else { return nil }
      return OperandName(name: flag, expression: flag, isLock: false)
    case .counter:
      guard let expression = arguments.first else { return nil }
      return OperandName(name: Self.lastMember(expression), expression: expression, isLock: false)
    case .lock:
      guard let expression = arguments.first else { return nil }
      if let declared = vocabulary.locks[expression] ?? vocabulary.locks[Self.withoutAddress(expression)] {
        return OperandName(name: declared, expression: expression, isLock: true)
      }
      return OperandName(name: variableName(Self.lastMember(expression)), expression: expression, isLock: true)
    }
  }

  /// The spec's name for a member: itself, except that `mmap_sem` (CodeNormalizer's spelling of
  /// both) is `mmap_lock` in a spec of 5.8 or later, which declares that instead.
  func variableName(_ member: String) -> String {
    if member == "mmap_sem", state["mmap_sem"] == nil, state["mmap_lock"] != nil { return "mmap_lock" }
    return member
  }

  /// `&x` without the `&`.
  static func withoutAddress(_ expression: String) -> String {
    expression.hasPrefix("&") ? String(expression.dropFirst()) : expression
  }

  /// The member an expression ends with: `&vma->vm_mm->mmap_sem` is `mmap_sem`.
  static func lastMember(_ expression: String) -> String {
    var name = ""
    for char in withoutAddress(expression).reversed() {
      guard CodeNormalizer.isWord(char) else { break }
      name.insert(char, at: name.startIndex)
    }
    return name
  }

  /// Whether a normalized statement is control flow or a block boundary.
  static func isControlFlow(_ statement: String) -> Bool {
    for prefix in [
      "if(", "else", "while(", "for(", "do{", "do ", "switch(", "case ", "default:", "goto ", "return",
      "break;", "continue;", "}", "{",
    ]
    where statement.hasPrefix(prefix) {
      if prefix == "return" || prefix == "else" {
        let next = statement.dropFirst(prefix.count).first
        if let next, CodeNormalizer.isWord(next) { continue }
      }
      return true
    }
    // A label (`out:`).
    if statement.hasSuffix(":"), statement.dropLast().allSatisfy(CodeNormalizer.isWord) { return true }
    return false
  }

  /// The calls in a normalized statement, outermost first: name and arguments split at top-level commas.
  static func calls(in statement: String) -> [(name: String, arguments: [String])] {
    let chars = Array(statement)
    var result: [(name: String, arguments: [String])] = []
    var index = 0
    while index < chars.count {
      guard chars[index] == "(" else {
        index += 1
        continue
      }
      var start = index
      while start > 0, CodeNormalizer.isWord(chars[start - 1]) { start -= 1 }
      let name = String(chars[start..<index])
      if let first = name.first, first.isLetter || first == "_",
        !["if", "while", "for", "switch", "return", "sizeof"].contains(name),
        let close = CodeNormalizer.matchingParenthesis(chars, open: index)
      {
        result.append((name, splitArguments(Array(chars[(index + 1)..<close]))))
      }
      index += 1
    }
    return result
  }

  static func splitArguments(_ chars: [Character]) -> [String] {
    var arguments: [String] = []
    var depth = 0
    var current = ""
    for char in chars {
      if char == "(" || char == "[" { depth += 1 }
      if char == ")" || char == "]" { depth -= 1 }
      if char == "," && depth == 0 {
        arguments.append(current)
        current = ""
      } else {
        current.append(char)
      }
    }
    if !current.isEmpty || !arguments.isEmpty { arguments.append(current) }
    return arguments
  }
}
