import LockSpec

/// IR expressions as Swift expressions over a generated `State` value, in the interpreter's
/// two readings: as an `Int` (`eval`) and as a `Bool` (`eval(...) != 0`).
struct ExpressionTranslator {
  let plan: CompiledModelPlan
  /// The `State` variable read (`current`, `successor`, `s`).
  let state: String

  func field(_ slot: Int) -> SwiftExpr { .atom(plan.field(slot, of: state)) }

  /// `eval(expr)` as an `Int`.
  func int(_ expr: Expr) -> SwiftExpr {
    switch expr {
    case .int(let value): return .int(value)
    case .bool(let value): return .int(value ? 1 : 0)
    case .variable(let v), .freed(let v): return field(plan.variableSlot(v))
    case .readers(let lock): return field(plan.plan.rwsemSlots(of: lock).readers)
    case .binary(.plus, let lhs, let rhs): return .binary(.plus, int(lhs), int(rhs))
    case .binary(.minus, let lhs, let rhs): return .binary(.minus, int(lhs), int(rhs))
    default: return .int(of: bool(expr))
    }
  }

  /// `eval(expr) != 0` as a `Bool`.
  func bool(_ expr: Expr) -> SwiftExpr {
    switch expr {
    case .int(let value): return .bool(value != 0)
    case .bool(let value): return .bool(value)
    case .variable, .freed, .readers, .binary(.plus, _, _), .binary(.minus, _, _):
      return .bool(of: int(expr))
    case .at(let thread, let pcs):
      return .anyOf(pcs.map { .compare(.equal, field(plan.plan.pcSlot[thread]), .int($0)) })
    case .done(let thread):
      return done(thread)
    case .writeLocked(let lock):
      let slot = plan.isRwsem(lock) ? plan.plan.rwsemSlots(of: lock).writer : plan.variableSlot(lock)
      return .compare(.notEqual, field(slot), .int(0))
    case .holds(let thread, let lock):
      return holds(thread: thread, lock: lock)
    case .not(let operand):
      return .negation(bool(operand))
    case .binary(let op, let lhs, let rhs):
      switch op {
      case .and: return .and(bool(lhs), bool(rhs))
      case .or: return .or(bool(lhs), bool(rhs))
      case .equal: return .compare(.equal, int(lhs), int(rhs))
      case .notEqual: return .compare(.notEqual, int(lhs), int(rhs))
      case .less: return .compare(.less, int(lhs), int(rhs))
      case .lessEqual: return .compare(.lessEqual, int(lhs), int(rhs))
      case .greater: return .compare(.greater, int(lhs), int(rhs))
      case .greaterEqual: return .compare(.greaterEqual, int(lhs), int(rhs))
      case .plus, .minus: return .bool(of: int(expr))
      }
    }
  }

  /// Thread `thread` rests at an `end` instruction.
  func done(_ thread: Int) -> SwiftExpr {
    .anyOf(plan.endPCs[thread].map { .compare(.equal, field(plan.plan.pcSlot[thread]), .int($0)) })
  }

  /// Thread `thread` holds `lock` (an rwsem: for read or write).
  func holds(thread: Int, lock: Int) -> SwiftExpr {
    switch plan.model.variables[lock].type {
    case .rwsem:
      let hold = plan.plan.readHoldSlots[thread][plan.rwsemOrdinal[lock]]
      return .or(
        .compare(.greater, field(hold), .int(0)),
        .compare(.equal, field(plan.plan.rwsemSlots(of: lock).writer), .int(thread + 1)))
    case .mutex, .spinlock:
      return .compare(.equal, field(plan.variableSlot(lock)), .int(thread + 1))
    default:
      return .bool(false)
    }
  }

  /// The values `int(expr)` can take, when known from the slots' bit widths (for skipping range
  /// checks that cannot fail).
  func range(_ expr: Expr) -> ClosedRange<Int>? {
    switch expr {
    case .int(let value): return value...value
    case .bool, .at, .done, .writeLocked, .holds, .not: return 0...1
    case .variable(let v), .freed(let v): return plan.bitRange(plan.variableSlot(v))
    case .readers(let lock): return plan.bitRange(plan.plan.rwsemSlots(of: lock).readers)
    case .binary(let op, let lhs, let rhs):
      switch op {
      case .plus, .minus:
        guard let a = range(lhs), let b = range(rhs) else { return nil }
        let bound = 1 << 40
        guard a.lowerBound > -bound, a.upperBound < bound, b.lowerBound > -bound, b.upperBound < bound else {
          return nil
        }
        return op == .plus
          ? (a.lowerBound + b.lowerBound)...(a.upperBound + b.upperBound)
          : (a.lowerBound - b.upperBound)...(a.upperBound - b.lowerBound)
      default: return 0...1
      }
    }
  }
}
