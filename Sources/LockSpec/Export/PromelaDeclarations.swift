/// The global declarations of an exported model: every `SlotPlan` slot as a Promela variable
/// of the smallest type that holds its range (initialized to the value every initial state
/// shares), and the hidden names assertions print.
struct PromelaDeclarations {
  let plan: ExecutionPlan
  let names: PromelaNames

  /// Thrown for a variable whose range does not fit Promela's 32-bit `int`.
  struct TooWide: Error {
    var variable: String
    var range: ClosedRange<Int>
  }

  /// The smallest Promela type holding `range`.
  static func type(for range: ClosedRange<Int>) -> String? {
    if range.lowerBound >= 0 && range.upperBound <= 1 { return "bit" }
    if range.lowerBound >= 0 && range.upperBound <= 255 { return "byte" }
    if range.lowerBound >= -32768 && range.upperBound <= 32767 { return "short" }
    if range.lowerBound >= Int(Int32.min) && range.upperBound <= Int(Int32.max) { return "int" }
    return nil
  }

  func lines(threadsWithQueuedWrites: Set<Int>) throws(TooWide) -> [String] {
    let model = plan.model
    var lines = ["/* shared state and thread locals, in declaration order */"]
    func declare(_ name: String, _ range: ClosedRange<Int>, initial: Int = 0, what: String) throws(TooWide) {
      guard let type = Self.type(for: range) else { throw TooWide(variable: what, range: range) }
      lines.append(initial == 0 ? "\(type) \(name);" : "\(type) \(name) = \(initial);")
    }
    let threads = model.threads.count
    for (v, variable) in model.variables.enumerated() {
      if case .rwsem(_, let holds) = variable.type, let rwsem = names.rwsems[v] {
        try declare(rwsem.readers, 0...Swift.max(threads * holds, 1), what: variable.name)
        try declare(rwsem.writer, 0...threads, what: variable.name)
        try declare(rwsem.waiters, 0...threads, what: variable.name)
        continue
      }
      let range = rangeOf(variable)
      // A nondeterministic initial value is chosen in init; a lock starts free.
      let initial = variable.initial.count == 1 && !variable.type.isLock ? variable.initial[0] : 0
      try declare(names.variables[v], range, initial: initial, what: variable.name)
    }
    lines.append("/* per thread: program counter, waiting-writer bit, read holds per rwsem */")
    for (t, thread) in model.threads.enumerated() {
      try declare(names.pcs[t], 0...Swift.max(thread.instructions.count - 1, 1), what: thread.name)
      if threadsWithQueuedWrites.contains(t) { lines.append("bit \(names.waiting[t]);") }
      for (ordinal, rwsem) in plan.slots.rwsemVariables.enumerated() {
        try declare(names.readHolds[t][ordinal], 0...model.variables[rwsem].type.maxReadHolds, what: thread.name)
      }
    }
    lines += [
      "/* not part of the state: a scratch value, and the names failed assertions print */",
      "hidden int \(names.scratch);",
      "hidden byte \(names.boundHit);",
    ]
    lines += names.properties.map { "hidden byte \($0);" }
    return lines + [""]
  }

  /// The values variable `variable` may hold.
  func rangeOf(_ variable: VariableIR) -> ClosedRange<Int> {
    switch variable.type {
    case .bool, .flag, .resource: return 0...1
    case .int(let min, let max): return min...max
    case .enumeration(let cases): return 0...Swift.max(cases.count - 1, 1)
    case .counter(let max): return 0...max
    case .rwsem, .mutex, .spinlock: return 0...plan.model.threads.count
    }
  }
}
