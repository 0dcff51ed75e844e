/// Writes lockspec expressions as Promela expressions over the exported globals, fully
/// parenthesized, and lists the globals each one reads.
struct PromelaExpression {
  let model: ModelIR
  let names: PromelaNames
  let rwsemOrdinal: [Int]
  let endPCs: [[Int]]

  /// `expr` in Promela; bools are 0 and 1 as in lockspec.
  func text(_ expr: Expr) -> String {
    switch expr {
    case .int(let value): return value < 0 ? "(\(value))" : "\(value)"
    case .bool(let value): return value ? "true" : "false"
    case .variable(let v): return names.variables[v]
    case .freed(let r): return "(\(names.variables[r]) == 1)"
    case .at(let thread, let pcs): return pcTest(thread, pcs)
    case .done(let thread): return pcTest(thread, endPCs[thread])
    case .readers(let lock): return names.rwsems[lock]?.readers ?? "0"
    case .writeLocked(let lock):
      if let rwsem = names.rwsems[lock] { return "(\(rwsem.writer) != 0)" }
      return "(\(names.variables[lock]) != 0)"
    case .holds(let thread, let lock): return holds(thread: thread, lock: lock)
    case .not(let inner): return "!\(text(inner))"
    case .binary(let op, let lhs, let rhs): return "(\(text(lhs)) \(op.rawValue) \(text(rhs)))"
    }
  }

  /// Whether `thread` holds `lock` (an rwsem for read or write; a mutex or spinlock).
  func holds(thread: Int, lock: Int) -> String {
    if let rwsem = names.rwsems[lock] {
      return "(\(names.readHolds[thread][rwsemOrdinal[lock]]) > 0 || \(rwsem.writer) == \(thread + 1))"
    }
    return "(\(names.variables[lock]) == \(thread + 1))"
  }

  /// Whether the thread's program counter is one of `pcs`.
  func pcTest(_ thread: Int, _ pcs: [Int]) -> String {
    guard !pcs.isEmpty else { return "false" }
    let terms = pcs.map { "\(names.pcs[thread]) == \($0)" }
    return terms.count == 1 ? "(\(terms[0]))" : "(" + terms.joined(separator: " || ") + ")"
  }

  /// The globals `expr` reads.
  func reads(_ expr: Expr) -> Set<String> {
    switch expr {
    case .int, .bool: return []
    case .variable(let v), .freed(let v): return [names.variables[v]]
    case .at(let thread, _), .done(let thread): return [names.pcs[thread]]
    case .readers(let lock): return names.rwsems[lock].map { [$0.readers] } ?? []
    case .writeLocked(let lock): return [names.rwsems[lock]?.writer ?? names.variables[lock]]
    case .holds(let thread, let lock):
      if let rwsem = names.rwsems[lock] { return [rwsem.writer, names.readHolds[thread][rwsemOrdinal[lock]]] }
      return [names.variables[lock]]
    case .not(let inner): return reads(inner)
    case .binary(_, let lhs, let rhs): return reads(lhs).union(reads(rhs))
    }
  }

  /// Whether `expr` is a truth value (0 or 1), so storing it in a bool can never leave the range.
  func isBoolean(_ expr: Expr) -> Bool {
    switch expr {
    case .bool, .freed, .at, .done, .writeLocked, .holds, .not: return true
    case .int(let value): return value == 0 || value == 1
    case .variable(let v):
      switch model.variables[v].type {
      case .bool, .flag, .resource: return true
      default: return false
      }
    case .readers: return false
    case .binary(let op, _, _): return op != .plus && op != .minus
    }
  }
}
