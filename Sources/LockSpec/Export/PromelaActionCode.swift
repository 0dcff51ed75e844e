/// Writes one thread's lockspec actions as Promela statements with the interpreter's semantics
/// (`LoweredModel.perform`): faults become `violate(prop_...)` for each property in scope, a
/// value leaving its range is a fault that leaves the variable unchanged, and a read hold past
/// `max_read_holds` fails an assertion naming the bound. Whether actions block is the guard's
/// business (`guardTerms`), checked before any statement runs.
struct PromelaActionCode {
  let model: ModelIR
  let names: PromelaNames
  let expressions: PromelaExpression
  let faults: FaultScopes
  let rwsemOrdinal: [Int]
  let thread: Int
  /// Whether faults become assertions (false for the initial silent runs, whose faults the
  /// interpreter drops).
  let reportFaults: Bool

  /// Why a guard cannot be written: the action whose blocking depends on an earlier action of
  /// the same transition.
  struct UnsupportedGuard: Error {
    var message: String
  }

  private typealias S = PromelaStatements

  /// The values variable `v` may hold (the interpreter's `fits`).
  func range(of v: Int) -> ClosedRange<Int> {
    switch model.variables[v].type {
    case .bool, .flag, .resource: return 0...1
    case .int(let min, let max): return min...max
    case .enumeration(let cases): return 0...Swift.max(cases.count - 1, 1)
    case .counter(let max): return 0...max
    case .rwsem, .mutex, .spinlock: return 0...model.threads.count
    }
  }

  /// One `violate` per property in `mask`.
  func violations(_ mask: UInt64) -> [String] {
    guard reportFaults else { return [] }
    return model.properties.indices.filter { $0 < 64 && mask & (UInt64(1) << UInt64($0)) != 0 }.map {
      "\(names.violate)(\(names.properties[$0]));"
    }
  }

  private var owner: Int { thread + 1 }

  func statements(_ actions: [Action]) -> [String] {
    actions.flatMap(statements)
  }

  func statements(_ action: Action) -> [String] {
    let v = { (index: Int) in names.variables[index] }
    func store(_ into: Int?, _ value: String) -> [String] { into.map { ["\(v($0)) = \(value);"] } ?? [] }
    switch action {
    case .assign(let target, let expr):
      return assign(target, expr)
    case .downRead(let lock):
      return acquireRead(lock)
    case .upRead(let lock):
      let rwsem = names.rwsems[lock]!
      let hold = names.readHolds[thread][rwsemOrdinal[lock]]
      let release = ["\(hold) = \(hold) - 1;", "\(rwsem.readers) = \(rwsem.readers) - 1;"]
      let misuse = violations(faults.lockDiscipline(thread: thread, lock: lock))
      return S.ifElse("\(hold) != 0", release, misuse)
    case .downWrite(let lock):
      return ["\(names.rwsems[lock]!.writer) = \(owner);"]
    case .upWrite(let lock):
      let writer = names.rwsems[lock]!.writer
      let misuse = violations(faults.lockDiscipline(thread: thread, lock: lock))
      return S.ifElse("\(writer) == \(owner)", ["\(writer) = 0;"], misuse)
    case .downReadTrylock(let lock, let into):
      return S.ifElse(readAvailable(lock), acquireRead(lock) + store(into, "1"), store(into, "0"))
    case .downWriteTrylock(let lock, let into):
      let rwsem = names.rwsems[lock]!
      return S.ifElse(
        "\(rwsem.readers) == 0 && \(rwsem.writer) == 0", ["\(rwsem.writer) = \(owner);"] + store(into, "1"),
        store(into, "0"))
    case .lock(let lock):
      return ["\(v(lock)) = \(owner);"]
    case .unlock(let lock):
      let misuse = violations(faults.lockDiscipline(thread: thread, lock: lock))
      return S.ifElse("\(v(lock)) == \(owner)", ["\(v(lock)) = 0;"], misuse)
    case .trylock(let lock, let into):
      return S.ifElse("\(v(lock)) == 0", ["\(v(lock)) = \(owner);"] + store(into, "1"), store(into, "0"))
    case .inc(let counter):
      return add(1, counter)
    case .dec(let counter):
      return add(-1, counter)
    case .decAndTest(let counter, let into):
      return store(into, "(\(v(counter)) == 1)") + add(-1, counter)
    case .incNotZero(let counter, let into):
      return S.ifElse("\(v(counter)) != 0", add(1, counter) + store(into, "1"), store(into, "0"))
    case .read(let counter, let into):
      let source = range(of: counter)
      let target = range(of: into)
      if target.contains(source.lowerBound) && target.contains(source.upperBound) {
        return ["\(v(into)) = \(v(counter));"]
      }
      return S.ifElse(
        "\(v(counter)) >= \(target.lowerBound) && \(v(counter)) <= \(target.upperBound)",
        ["\(v(into)) = \(v(counter));"], violations(faults.rangeErrors))
    case .setFlag(let flag):
      return ["\(v(flag)) = 1;"]
    case .clearFlag(let flag):
      return ["\(v(flag)) = 0;"]
    case .testFlag(let flag, let into):
      return ["\(v(into)) = \(v(flag));"]
    case .testAndSet(let flag, let into):
      return store(into, v(flag)) + ["\(v(flag)) = 1;"]
    case .free(let resource):
      let twice = violations(faults.doubleFree(thread: thread, resource: resource))
      return (twice.isEmpty ? [] : S.ifElse("\(v(resource)) != 0", twice)) + ["\(v(resource)) = 1;"]
    case .use(let resource):
      let freed = violations(faults.useAfterFree(thread: thread, resource: resource))
      return freed.isEmpty ? [] : S.ifElse("\(v(resource)) != 0", freed)
    case .assert(let condition, let property):
      guard reportFaults, model.properties.indices.contains(property) else { return [] }
      return S.ifElse("!\(expressions.text(condition))", ["\(names.violate)(\(names.properties[property]));"])
    case .conditional(let condition, let then, let otherwise):
      return S.ifElse(expressions.text(condition), statements(then), statements(otherwise))
    }
  }

  /// `target = expr`, or a range fault when the value does not fit.
  private func assign(_ target: Int, _ expr: Expr) -> [String] {
    let name = names.variables[target]
    let bounds = range(of: target)
    if expressions.isBoolean(expr) && bounds.contains(0) && bounds.contains(1) {
      return ["\(name) = \(expressions.text(expr));"]
    }
    if case .int(let value) = expr {
      return bounds.contains(value) ? ["\(name) = \(expressions.text(expr));"] : violations(faults.rangeErrors)
    }
    return ["\(names.scratch) = \(expressions.text(expr));"]
      + S.ifElse(
        "\(names.scratch) >= \(bounds.lowerBound) && \(names.scratch) <= \(bounds.upperBound)",
        ["\(name) = \(names.scratch);"], violations(faults.rangeErrors))
  }

  /// Counter `+ delta`, or a range fault leaving it unchanged.
  private func add(_ delta: Int, _ counter: Int) -> [String] {
    let name = names.variables[counter]
    let bounds = range(of: counter)
    let fits = delta > 0 ? "\(name) < \(bounds.upperBound)" : "\(name) > \(bounds.lowerBound)"
    let change = delta > 0 ? "\(name) = \(name) + 1;" : "\(name) = \(name) - 1;"
    return S.ifElse(fits, [change], violations(faults.rangeErrors))
  }

  /// Whether a `down_read` of `lock` would not block: no writer holds it and (writer
  /// priority) none waits.
  func readAvailable(_ lock: Int) -> String {
    let rwsem = names.rwsems[lock]!
    if model.variables[lock].type.hasWriterPriority {
      return "\(rwsem.writer) == 0 && \(rwsem.waiters) == 0"
    }
    return "\(rwsem.writer) == 0"
  }

  /// One more read hold, or the `max_read_holds` assertion.
  private func acquireRead(_ lock: Int) -> [String] {
    let rwsem = names.rwsems[lock]!
    let hold = names.readHolds[thread][rwsemOrdinal[lock]]
    return S.ifElse(
      "\(hold) < \(model.variables[lock].type.maxReadHolds)",
      ["\(hold) = \(hold) + 1;", "\(rwsem.readers) = \(rwsem.readers) + 1;"], ["assert(\(names.boundHit));"])
  }

  // MARK: - Guards

  /// The conditions under which none of `actions` blocks, each over the state before the
  /// transition: a condition that reads a bool an earlier action of the same transition
  /// assigned reads the assigned expression instead. Throws when a condition reads anything
  /// else an earlier action writes (it would need the intermediate state).
  func guardTerms(_ actions: [Action]) throws(UnsupportedGuard) -> [String] {
    var written = Writes()
    var terms: [String] = []
    try collectGuards(actions, path: [], written: &written, terms: &terms)
    return terms
  }

  /// What the actions so far wrote: bools assigned an expression over the state before the
  /// transition, and globals written some other way.
  struct Writes {
    var assigned: [Int: Expr] = [:]
    var opaque: Set<String> = []
  }

  /// `expr` over the state before the transition, given what the actions so far wrote.
  private func substitute(_ expr: Expr, _ written: Writes) -> Expr {
    switch expr {
    case .variable(let v): return written.assigned[v] ?? expr
    case .not(let inner): return .not(substitute(inner, written))
    case .binary(let op, let lhs, let rhs): return .binary(op, substitute(lhs, written), substitute(rhs, written))
    default: return expr
    }
  }

  private func collectGuards(
    _ actions: [Action], path: [Expr], written: inout Writes, terms: inout [String]
  ) throws(UnsupportedGuard) {
    for action in actions {
      var condition: String?
      var reads: Set<String> = []
      switch action {
      case .lock(let lock):
        condition = "\(names.variables[lock]) == 0"
        reads = [names.variables[lock]]
      case .downRead(let lock):
        let rwsem = names.rwsems[lock]!
        condition = readAvailable(lock)
        reads = [rwsem.writer, rwsem.waiters]
      case .downWrite(let lock):
        let rwsem = names.rwsems[lock]!
        condition = "\(rwsem.readers) == 0 && \(rwsem.writer) == 0"
        reads = [rwsem.readers, rwsem.writer]
      case .conditional(let test, let then, let otherwise):
        let before = substitute(test, written)
        var thenWritten = written
        var elseWritten = written
        try collectGuards(then, path: path + [before], written: &thenWritten, terms: &terms)
        try collectGuards(otherwise, path: path + [.not(before)], written: &elseWritten, terms: &terms)
        // After the branches, whatever either wrote is known only at run time.
        for (v, _) in thenWritten.assigned.merging(elseWritten.assigned, uniquingKeysWith: { a, _ in a })
        where written.assigned[v] != thenWritten.assigned[v] || written.assigned[v] != elseWritten.assigned[v] {
          written.assigned[v] = nil
          written.opaque.insert(names.variables[v])
        }
        written.opaque.formUnion(thenWritten.opaque.union(elseWritten.opaque))
        continue
      case .assign(let target, let expr) where expressions.isBoolean(expr) && range(of: target).contains(1):
        let value = substitute(expr, written)
        if expressions.reads(value).isDisjoint(with: written.opaque) {
          written.assigned[target] = value
          written.opaque.remove(names.variables[target])
          continue
        }
      default:
        break
      }
      if let condition {
        let pathReads = path.reduce(into: Set<String>()) { $0.formUnion(expressions.reads($1)) }
        guard reads.union(pathReads).isDisjoint(with: written.opaque) else {
          throw UnsupportedGuard(
            message:
              "cannot export to Promela: whether this step blocks depends on an earlier action of the same "
              + "atomic step (split the step, or take the lock before changing what it reads)")
        }
        if path.isEmpty {
          terms.append(condition)
        } else {
          let taken = path.map(expressions.text).joined(separator: " && ")
          terms.append("(!(\(taken)) || (\(condition)))")
        }
      }
      for name in writes(action) { written.opaque.insert(name) }
      for v in written.assigned.keys where writes(action).contains(names.variables[v]) {
        written.assigned[v] = nil
      }
    }
  }

  /// The globals `action` may write.
  func writes(_ action: Action) -> Set<String> {
    let v = { (index: Int) in names.variables[index] }
    func intoName(_ into: Int?) -> Set<String> { into.map { [v($0)] } ?? [] }
    switch action {
    case .assign(let target, _): return [v(target)]
    case .downRead(let lock), .upRead(let lock):
      return [names.rwsems[lock]!.readers, names.readHolds[thread][rwsemOrdinal[lock]]]
    case .downReadTrylock(let lock, let into):
      return Set([names.rwsems[lock]!.readers, names.readHolds[thread][rwsemOrdinal[lock]]]).union(intoName(into))
    case .downWrite(let lock), .upWrite(let lock): return [names.rwsems[lock]!.writer]
    case .downWriteTrylock(let lock, let into): return Set([names.rwsems[lock]!.writer]).union(intoName(into))
    case .lock(let lock), .unlock(let lock): return [v(lock)]
    case .trylock(let lock, let into): return Set([v(lock)]).union(intoName(into))
    case .inc(let counter), .dec(let counter): return [v(counter)]
    case .decAndTest(let counter, let into), .incNotZero(let counter, let into):
      return Set([v(counter)]).union(intoName(into))
    case .read(_, let into), .testFlag(_, let into): return [v(into)]
    case .setFlag(let flag), .clearFlag(let flag): return [v(flag)]
    case .testAndSet(let flag, let into): return Set([v(flag)]).union(intoName(into))
    case .free(let resource): return [v(resource)]
    case .use, .assert: return []
    case .conditional(_, let then, let otherwise):
      return (then + otherwise).reduce(into: Set<String>()) { $0.formUnion(writes($1)) }
    }
  }
}
