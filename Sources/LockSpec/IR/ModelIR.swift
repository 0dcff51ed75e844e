import LockCheck

/// The lowered, executable form of one spec variant: typed variables, and threads as flat
/// arrays of instructions with explicit jump targets. The interpreter runs it and the generator
/// compiles it; neither sees YAML.
///
/// Semantics (the contract both back ends implement):
/// - A thread rests only at *visible* instructions or at its `end`. After every transition (and
///   in the initial state) a thread runs its *silent* instructions eagerly (`Instruction.silent`).
/// - A visible instruction is one atomic transition. `.actions` runs its actions in order on a
///   copy of the state; if any action blocks, the instruction is not enabled (nothing happens).
/// - Successors are produced by ascending thread index; within a thread, `.choose` targets in
///   order. Initial states enumerate nondeterministic variables in declaration order, the first
///   variable varying slowest, each over its `initial` values in order.
public struct ModelIR: Sendable, Equatable {
  /// Variant name, e.g. `mm-exit/v4.13`.
  public var name: String
  /// The spec file (and patches) this model comes from, as given on the command line.
  public var source: String
  /// All variables: shared ones, then each thread's locals (`owner` set).
  public var variables: [VariableIR]
  /// Threads with instances expanded, in declaration order.
  public var threads: [ThreadIR]
  /// Properties in declaration order, then implicit ones.
  public var properties: [PropertyIR]

  public init(
    name: String, source: String, variables: [VariableIR], threads: [ThreadIR], properties: [PropertyIR]
  ) {
    self.name = name
    self.source = source
    self.variables = variables
    self.threads = threads
    self.properties = properties
  }
}

/// A variable of the model: shared state or a thread's local.
public struct VariableIR: Sendable, Equatable {
  /// Printed name: `mm_users`, or `thread.local` for locals (`oom_reaper.locked`).
  public var name: String
  public var type: VariableType
  /// The thread owning a local; `nil` for shared state.
  public var owner: Int?
  /// Possible initial values, in order (more than one: nondeterministic initial value).
  /// Encoding: bool/flag 0/1; int the value itself; enum the index of the case; counter the
  /// value; resource 0 live / 1 freed; locks always start free ([0]).
  public var initial: [Int]

  public init(name: String, type: VariableType, owner: Int?, initial: [Int]) {
    self.name = name
    self.type = type
    self.owner = owner
    self.initial = initial
  }
}

/// The type of a variable.
public enum VariableType: Sendable, Equatable {
  case bool
  /// An integer in `min...max`.
  case int(min: Int, max: Int)
  /// An enum; values are indices into `cases`.
  case enumeration(cases: [String])
  /// A counter in `0...max` (`mm_users`).
  case counter(max: Int)
  /// A flag bit (`MMF_OOM_SKIP`).
  case flag
  /// A resource with a lifetime: 0 live, 1 freed.
  case resource
  /// A reader/writer semaphore. With `writerPriority`, a writer waiting in `down_write` blocks
  /// new readers (the kernel's rwsem); without it, readers may overtake waiting writers.
  /// `maxReadHolds` is the most read holds one thread may take on it at once (recursive
  /// `down_read`); a transition that would take one more is not followed, and the exploration
  /// ends incomplete (`StopReason.maxReadHolds`).
  case rwsem(writerPriority: Bool, maxReadHolds: Int)
  case mutex
  case spinlock

  /// `max_read_holds` of an rwsem that does not declare it.
  public static let defaultMaxReadHolds = 3
  /// The values `max_read_holds` may take.
  public static let maxReadHoldsRange = 1...255

  /// `max_read_holds` of an rwsem; 0 for every other type (no read holds).
  public var maxReadHolds: Int {
    if case .rwsem(_, let holds) = self { return holds }
    return 0
  }

  /// Whether the type is an rwsem whose waiting writers hold off new readers.
  public var hasWriterPriority: Bool {
    if case .rwsem(true, _) = self { return true }
    return false
  }

  /// Whether the type is a lock of any kind.
  public var isLock: Bool {
    switch self {
    case .rwsem, .mutex, .spinlock: return true
    default: return false
    }
  }
}

/// One thread instance.
public struct ThreadIR: Sendable, Equatable {
  /// Printed name: the template's name, or `name[i]` for instance `i` of a thread with `count > 1`.
  public var name: String
  /// Instructions; execution starts at index 0. The last instruction is always `.end`.
  public var instructions: [Instruction]

  public init(name: String, instructions: [Instruction]) {
    self.name = name
    self.instructions = instructions
  }
}

/// Where an instruction comes from, for reports and counterexamples.
public struct StepOrigin: Sendable, Equatable {
  /// The step's label (empty if none). Labels are unique in the spec; a procedure's labels
  /// appear once per call site.
  public var label: String
  /// The C statement modelled (empty if none).
  public var code: String
  /// `file:function` (empty if none).
  public var location: String
  /// Line of the step in its spec or patch file.
  public var line: Int

  public init(label: String = "", code: String = "", location: String = "", line: Int = 0) {
    self.label = label
    self.code = code
    self.location = location
    self.line = line
  }
}

/// One instruction of a thread.
public struct Instruction: Sendable, Equatable {
  public var kind: InstructionKind
  public var origin: StepOrigin
  /// Silent instructions are not scheduling points: a thread runs through them right after its
  /// previous transition. Lowering marks an instruction silent when it has no label and no code
  /// and it is a `.jump`, or a `.branch` whose condition reads only the thread's own locals, or
  /// `.actions` made only of `.assign`s to the thread's locals from its locals.
  public var silent: Bool
  /// The instruction is an `atomic:` group: it runs whole or not at all, so even a `down_write`
  /// among its actions never queues the thread as a waiting writer.
  public var isAtomicGroup: Bool

  public init(kind: InstructionKind, origin: StepOrigin, silent: Bool, isAtomicGroup: Bool = false) {
    self.kind = kind
    self.origin = origin
    self.silent = silent
    self.isAtomicGroup = isAtomicGroup
  }

  /// The rwsem of a plain `down_write` step, the only instruction that queues its thread as a
  /// waiting writer while the rwsem is held (a separate transition, `rwsem.waiters + 1`); `nil`
  /// for every other instruction, atomic groups included.
  public var queuedWriteLock: Int? {
    guard !isAtomicGroup, case .actions(let actions, _) = kind, actions.count == 1,
      case .downWrite(let lock) = actions[0]
    else { return nil }
    return lock
  }
}

/// What an instruction does.
public enum InstructionKind: Sendable, Equatable {
  /// Run the actions atomically, then continue at `next`.
  case actions([Action], next: Int)
  /// Continue at `then` if the condition holds, else at `else`.
  case branch(Expr, then: Int, else: Int)
  /// Continue at the target.
  case jump(Int)
  /// Nondeterministic choice: one transition per target, in order. Each branch is its own
  /// step in `ModelMetadata.steps` (consecutive indices, branch 0 first), titled
  /// `<code or label or "choose">: branch i of n`.
  case choose([Int])
  /// Enabled only when the condition holds; then continue at `next`.
  case await(Expr, next: Int)
  /// The thread has ended. When a thread reaches `end` holding a lock, `lock_discipline` is
  /// violated by the transition that got it there.
  case end
}

/// A primitive operation on the state. Variable operands are indices into `ModelIR.variables`;
/// `into` names a local that receives the result (bool results as 0/1).
public enum Action: Sendable, Equatable {
  /// `var = expr`. Out-of-range values violate `assertions`.
  case assign(Int, Expr)
  /// Blocks while a writer holds the rwsem, or (writer priority) while a writer waits.
  case downRead(Int)
  /// Release a read hold; without one, `lock_discipline` is violated (state unchanged).
  case upRead(Int)
  /// Blocks while the rwsem is held. In a plain `down_write` step (`Instruction.queuedWriteLock`)
  /// a thread that finds the rwsem held takes a separate transition that queues it as a waiting
  /// writer (`rwsem.waiters + 1`); it then acquires once the rwsem is free. Inside an atomic
  /// group it only blocks, like `lock`.
  case downWrite(Int)
  /// Release the write hold; if the thread is not the writer, `lock_discipline` is violated.
  case upWrite(Int)
  /// Never blocks: acquires for read when `downRead` would not block; result into `into`.
  case downReadTrylock(Int, into: Int?)
  /// Never blocks: acquires for write when the rwsem is free; result into `into`.
  case downWriteTrylock(Int, into: Int?)
  /// Mutex or spinlock: blocks while held.
  case lock(Int)
  /// Release; if not the owner, `lock_discipline` is violated.
  case unlock(Int)
  case trylock(Int, into: Int?)
  /// Counter +1 (past `max` violates `assertions`).
  case inc(Int)
  /// Counter -1 (below 0 violates `assertions`).
  case dec(Int)
  /// Counter -1; result: the new value is 0.
  case decAndTest(Int, into: Int?)
  /// If the counter is not 0, +1; result: it was not 0 (`mmget_not_zero`).
  case incNotZero(Int, into: Int?)
  /// Result: the counter's value.
  case read(Int, into: Int)
  case setFlag(Int)
  case clearFlag(Int)
  case testFlag(Int, into: Int)
  /// Result: the old value; the flag is set.
  case testAndSet(Int, into: Int?)
  /// Free a resource; freeing a freed one violates `no_double_free` properties in scope.
  case free(Int)
  /// Dereference a resource; a freed one violates `no_use_after_free` properties in scope.
  case use(Int)
  /// Violates the given `assertions` property when the condition is false.
  case assert(Expr, property: Int)
  /// Runs `then` or `else` actions depending on the condition (inside `atomic` groups).
  case conditional(Expr, then: [Action], else: [Action])
}

/// A typed expression, already resolved to variables and thread program counters.
public indirect enum Expr: Sendable, Equatable {
  case int(Int)
  case bool(Bool)
  /// The value of a bool, int, enum (case index), counter or flag variable.
  case variable(Int)
  /// Whether a resource variable is freed.
  case freed(Int)
  /// Thread `thread` rests at one of these instruction indices (`thread@label`).
  case at(thread: Int, pcs: [Int])
  /// Thread `thread` has ended.
  case done(thread: Int)
  /// Number of read holds on an rwsem.
  case readers(Int)
  /// Whether an rwsem is held for write, or a mutex/spinlock is held.
  case writeLocked(Int)
  /// Whether the thread holds the lock (rwsem: for read or write).
  case holds(thread: Int, lock: Int)
  case not(Expr)
  case binary(BinaryOperator, Expr, Expr)
}

/// Binary operators of the expression language (ints compare; bools compare and combine).
public enum BinaryOperator: String, Sendable, Equatable {
  case and = "&&"
  case or = "||"
  case equal = "=="
  case notEqual = "!="
  case less = "<"
  case lessEqual = "<="
  case greater = ">"
  case greaterEqual = ">="
  case plus = "+"
  case minus = "-"
}

/// A property of the model.
public struct PropertyIR: Sendable, Equatable {
  public var name: String
  public var check: PropertyCheck
  public var expect: Verdict?
  public var description: String
  /// Line of the property in its file (0 for implicit properties).
  public var line: Int

  public init(name: String, check: PropertyCheck, expect: Verdict?, description: String, line: Int) {
    self.name = name
    self.check = check
    self.expect = expect
    self.description = description
    self.line = line
  }

  /// The engine-level kind of this property.
  public var kind: PropertyKind {
    switch check {
    case .never: return .never
    case .always: return .always
    case .reachable: return .reachable
    case .noUseAfterFree: return .noUseAfterFree
    case .noDoubleFree: return .noDoubleFree
    case .lockDiscipline: return .lockDiscipline
    case .deadlockFree: return .deadlockFree
    case .assertions: return .assertions
    case .eventually: return .eventually
    case .leadsTo: return .leadsTo
    }
  }

  /// Which runs a liveness property is judged on (`weak` for every other property).
  public var fairness: Fairness {
    switch check {
    case .eventually(_, let fairness), .leadsTo(_, _, let fairness): return fairness
    default: return .weak
    }
  }
}

/// What a property checks, with its scope. `nil` scope lists mean "all".
public enum PropertyCheck: Sendable, Equatable {
  case never(Expr)
  case always(Expr)
  case reachable(Expr)
  case noUseAfterFree(threads: [Int]?, resources: [Int]?)
  case noDoubleFree(threads: [Int]?, resources: [Int]?)
  case lockDiscipline(threads: [Int]?, locks: [Int]?)
  case deadlockFree
  /// Failed `assert` actions naming this property, and out-of-range counters/ints when
  /// `rangeErrors` is set (the implicit `assertions` property has it).
  case assertions(rangeErrors: Bool)
  /// Every fair run reaches a state where the condition holds.
  case eventually(Expr, fairness: Fairness)
  /// From every state where `from` holds, every fair run reaches a state where `to` holds.
  case leadsTo(from: Expr, to: Expr, fairness: Fairness)
}
