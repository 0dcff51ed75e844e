import LockCheck

/// A `ModelIR` lowered, once, into flat tables of plain values: what the interpreter's hot path
/// reads instead of the IR's enums and arrays, so that exploring a state takes no reference
/// counting, no enum payload copies and no dynamic exclusivity checks.
///
/// It is a trivially copyable bundle of pointers into buffers owned by a `LoweredModelStorage`
/// (which must outlive every copy) and of table sizes. The tables are immutable after lowering;
/// any number of threads may read them at once. Execution is in `LoweredModel+Execution.swift`,
/// lowering in `ModelLowering.swift`.
struct LoweredModel {
  /// Number of threads.
  var threadCount: Int
  /// Number of `UInt64` words of a packed state.
  var wordCount: Int
  /// Every slot of the `SlotPlan`, by slot index.
  var fields: UnsafeMutablePointer<SlotField>
  /// Per thread: where its program counter lives, and where its instructions start.
  var threads: UnsafeMutablePointer<LoweredThread>
  /// Every thread's instructions, one row per thread (`LoweredThread.firstInstruction`), each row
  /// as long as the thread's program counter can count, padded with `.outOfRange` entries.
  var instructions: UnsafeMutablePointer<LoweredInstruction>
  /// Where the branches of every `choose` lead.
  var chooseTargets: UnsafeMutablePointer<Landing>
  /// Every instruction's actions, each instruction's a contiguous run.
  var actions: UnsafeMutablePointer<LoweredAction>
  /// Every expression as accumulator code ending with `.result`.
  var expressions: UnsafeMutablePointer<ExpressionOp>
  /// Every condition of an instruction, action or state property.
  var conditions: UnsafeMutablePointer<Condition>
  /// The tests of the conditions evaluated as truth tables.
  var tableTests: UnsafeMutablePointer<SlotTest>
  /// Bit sets of program counters for `thread@label` tests over several labels.
  var pcSets: UnsafeMutablePointer<UInt64>
  /// Per thread, the locks whose holding at the thread's end violates a property.
  var locksAtEnd: UnsafeMutablePointer<LockAtEnd>
  /// The `never`, `always` and `reachable` properties, in property order.
  var stateChecks: UnsafeMutablePointer<StateCheck>
  var stateCheckCount: Int
  /// Deepest operand stack any expression needs.
  var stackDepth: Int
}

/// Where one slot lives in the packed words and what values it holds: a `SlotPlan.Slot` reduced
/// to the integers that reading and writing it need.
struct SlotField {
  /// Index of the word holding the slot.
  var word: Int
  /// Position of the slot's lowest bit in its word (below 64).
  var shift: UInt64
  /// `(1 << bits) - 1`.
  var mask: UInt64
  /// `~(mask << shift)`: clears the slot in its word.
  var clear: UInt64
  /// Added to the stored field to get the value.
  var offset: Int
  /// Largest stored field value.
  var maxStored: Int
}

/// What the hot path needs to know about one thread.
struct LoweredThread {
  /// The thread's program counter (its offset is 0).
  var pc: SlotField
  /// Slot of the thread's waiting-writer bit.
  var waitingSlot: Int32
  /// Index in `LoweredModel.instructions` of the thread's instruction 0.
  var firstInstruction: Int
  /// The thread's row: its instruction 0 (set by `LoweredModelStorage` once the instructions
  /// have their buffer; read through `rowStart`).
  var row: UnsafeMutablePointer<LoweredInstruction>?
  /// Length of the thread's row: every value its program counter slot can hold.
  var rowLength: Int
  /// The thread's entries in `LoweredModel.locksAtEnd`.
  var firstLockAtEnd: Int
  var lockAtEndCount: Int
}

/// Where a visible transition leaves its thread: the program counter it stores (the IR's
/// target masked to the slot, as storing it did) and what is there, both known when lowering.
struct Landing {
  /// What the thread finds at `pc`.
  enum Kind: UInt8 {
    /// A visible instruction: the thread rests there.
    case rest
    /// Its `end`: the thread rests there and must not hold locks.
    case end
    /// A silent instruction: the thread runs on.
    case silent
    /// Past the last instruction: traps, as indexing the IR did.
    case outOfRange
  }

  var pc: Int32
  var kind: Kind
}

/// A slot's value is in `low...low + span` (wrapping), or with `negate` it is not: every
/// comparison of a slot with a constant, and a slot tested for being non-zero. The slot's
/// position is copied in and `bias` is its offset minus `low`, so a test reads one word.
/// Only slots whose value cannot overflow `Int` get tests (see `ModelLowering.makeTest`), so
/// evaluating a test never traps.
struct SlotTest: Equatable {
  var word: Int32
  var negate: Bool
  var shift: UInt64
  var mask: UInt64
  var bias: Int
  var span: UInt64

  /// A test that is never evaluated.
  static let none = SlotTest(word: 0, negate: false, shift: 0, mask: 0, bias: 0, span: 0)
}

/// A condition (only whether it is 0 matters), in the cheapest form it has.
struct Condition {
  /// How the condition is evaluated.
  enum Kind: UInt8 {
    /// The single `test`.
    case test
    /// The truth `table` over `testCount` tests.
    case table
    /// The expression code at `expression`.
    case expression
  }

  var kind: Kind
  /// Where the expression code starts in `LoweredModel.expressions`.
  var expression: Int32
  /// The table's tests: `firstTest..<firstTest + testCount` in `LoweredModel.tableTests`.
  var firstTest: Int32
  var testCount: Int32
  /// Bit `i` is the condition's value when test `j` holds exactly for the bits `j` set in `i`.
  var table: UInt64
  var test: SlotTest

  static func single(_ test: SlotTest) -> Condition {
    Condition(kind: .test, expression: -1, firstTest: 0, testCount: 0, table: 0, test: test)
  }
}

/// One instruction of one thread, with its operands resolved.
struct LoweredInstruction {
  /// The instruction kinds of `InstructionKind`, plus a row's padding.
  enum Kind: UInt8 {
    case end, choose, branch, jump, await, actions
    /// Beyond the thread's last instruction: executing it or resting at it traps, as indexing
    /// past the IR's instruction array did.
    case outOfRange
  }

  var kind: Kind
  /// Whether the instruction is silent (`Instruction.silent`).
  var silent: Bool
  /// The instruction's step (`ExecutionPlan.stepIndex`), the first branch's for a `choose`.
  var step: Int32
  /// The step of queueing as a waiting writer, or -1.
  var waitStep: Int32
  /// Where control goes next, as written in the IR (what silent execution follows; -1 when
  /// that is past the thread's row): `actions`, `jump` and `await` continue here, a `branch`
  /// when its condition holds.
  var next: Int32
  /// A `branch` continues here when its condition fails.
  var alternative: Int32
  /// Where a visible transition through `next` leaves the thread.
  var landing: Landing
  /// Where a visible transition through `alternative` leaves the thread.
  var alternativeLanding: Landing
  /// A `choose`'s targets: `firstTarget..<firstTarget + targetCount` in
  /// `LoweredModel.chooseTargets`.
  var firstTarget: Int32
  var targetCount: Int32
  /// The condition of a `branch` or `await`, in `LoweredModel.conditions`.
  var condition: Int32
  /// The instruction's actions: `firstAction..<endAction` in `LoweredModel.actions`.
  var firstAction: Int32
  var endAction: Int32
  /// When the first action is a `down_write` (see `Action.downWrite`): the slot of the
  /// rwsem's `readers` (its `writer` and `waiters` follow); else -1. Run as a visible
  /// transition, the instruction then queues or acquires and continues at `firstAction + 1`.
  var queueReaders: Int32

  /// The padding of a row.
  static let outOfRange = LoweredInstruction(
    kind: .outOfRange, silent: false, step: -1, waitStep: -1, next: -1, alternative: -1,
    landing: Landing(pc: 0, kind: .outOfRange), alternativeLanding: Landing(pc: 0, kind: .outOfRange),
    firstTarget: 0, targetCount: 0, condition: -1, firstAction: 0, endAction: 0, queueReaders: -1)
}

/// One action (or one piece of a `conditional`) with its variables resolved to slots and its
/// thread's owner value and fault masks filled in. Which fields an operation reads is listed
/// at each `Operation` case; unused fields are -1 or 0.
struct LoweredAction {
  /// What the action does.
  enum Operation: UInt8 {
    /// `slot = expression`, or a range fault (`variable` names it).
    case assign
    /// `assign` of `value`.
    case assignConstant
    /// `assign` of the value of slot `source`.
    case assignSlot
    /// `assign` of whether `condition` holds (0 or 1).
    case assignTest
    /// Block while `writer` is set, or (`writerPriority`) while `waiters` is not 0; then take
    /// a read hold (`hold`; -1 traps: not an rwsem; `value` is the most a thread may have)
    /// and count it in the `slot` (readers).
    case downRead
    /// Give back a read hold (`hold`, `slot` readers), or a `faults` lock fault.
    case upRead
    /// Block while `slot` (readers) or `writer` is set; then `writer = value`.
    case downWrite
    /// `writer = 0` if it is `value`, else a `faults` lock fault.
    case upWrite
    /// `downRead` that never blocks; whether it acquired goes into `into`.
    case downReadTrylock
    /// `downWrite` that never blocks; whether it acquired goes into `into`.
    case downWriteTrylock
    /// Block while `slot` is set; then `slot = value`.
    case lock
    /// `slot = 0` if it is `value`, else a `faults` lock fault.
    case unlock
    /// `lock` that never blocks; whether it acquired goes into `into`.
    case trylock
    /// `slot += value`, or a `faults` range fault leaving it unchanged.
    case add
    /// `add` of -1; whether the result is 0 goes into `into`.
    case decAndTest
    /// `add` of 1 unless `slot` is 0; whether it was not goes into `into`.
    case incNotZero
    /// `into = slot`, or a `faults` range fault.
    case read
    /// `slot = value`.
    case setConstant
    /// Whether `slot` is set goes into `into`.
    case testFlag
    /// Whether `slot` was set goes into `into`; `slot = 1`.
    case testAndSet
    /// A `faults` fault if `slot` is set; `slot = 1`.
    case free
    /// A `faults` fault if `slot` is set.
    case use
    /// A fault of property `value` when `condition` fails.
    case assert
    /// Continue at `target` when `condition` fails.
    case branchUnless
    /// Continue at `target`.
    case jump
    /// The IR names a variable or thread that does not exist: stop, as indexing did.
    case trap
  }

  var operation: Operation
  /// `downRead` and `downReadTrylock`: the rwsem gives writers priority.
  var writerPriority: Bool = false
  var slot: Int32 = -1
  var writer: Int32 = -1
  var waiters: Int32 = -1
  var hold: Int32 = -1
  /// Where a result goes (-1: nowhere).
  var into: Int32 = -1
  /// The slot `assignSlot` copies.
  var source: Int32 = -1
  /// The value `assign` stores.
  var expression: Int32 = -1
  /// The condition of `assert`, `branchUnless` and `assignTest`, in `LoweredModel.conditions`.
  var condition: Int32 = -1
  /// Jump target of `branchUnless` and `jump`.
  var target: Int32 = -1
  /// Where a silent instruction continues when this action blocks: the end of the top-level
  /// action it belongs to (blocking inside a `conditional` skips the rest of it).
  var resume: Int32 = -1
  /// The variable a fault note names.
  var variable: Int32 = -1
  /// The thread running the action, for fault notes.
  var thread: Int32 = -1
  var value: Int = 0
  var faults: UInt64 = 0
}

/// One operation of an expression's code. Evaluation keeps the current value in an
/// accumulator and left operands of binary operators on a small stack.
struct ExpressionOp {
  /// What the operation does with the accumulator.
  enum Operation: UInt8 {
    /// `value`.
    case constant
    /// The value of `slot`.
    case slot
    /// 1 if the `test` holds, else 0.
    case test
    /// `&&` over a test: when it fails, the result is 0: jump to `other`.
    case testJumpIfFalse
    /// `||` over a test: when it holds, the result is 1: jump to `other`.
    case testJumpIfTrue
    /// Whether the value of `slot` (a program counter) is in the bit set of `value` bits at
    /// `LoweredModel.pcSets[other...]`.
    case pcIn
    /// Whether thread `other` rests at its `end`.
    case done
    /// Whether read-hold `slot` is not 0 or the rwsem's writer (`other`) is `value`.
    case holdsRwsem
    /// Whether `slot` (a mutex's or spinlock's owner) is `value`.
    case holdsOwner
    /// Logical negation.
    case not
    /// Push the accumulator.
    case push
    /// Pop the left operand and combine it with the accumulator (the right operand).
    case equal, notEqual, less, lessEqual, greater, greaterEqual, plus, minus
    /// Combine the accumulator (the left operand) with the constant `value`.
    case equalConstant, notEqualConstant, lessConstant, lessEqualConstant, greaterConstant
    case greaterEqualConstant, plusConstant, minusConstant
    /// `&&`: when the accumulator is 0, that is the result: jump to `other`.
    case jumpIfZero
    /// `||`: when the accumulator is not 0, the result is 1: jump to `other`.
    case jumpIfSet
    /// Normalize the accumulator to 0 or 1.
    case toBool
    /// The expression reads a variable or thread that does not exist: stop, as indexing did.
    case trap
    /// The accumulator is the expression's value.
    case result
  }

  var operation: Operation
  var slot: Int32 = -1
  var other: Int32 = -1
  var value: Int = 0
  /// The test of `test`, `testJumpIfFalse` and `testJumpIfTrue`.
  var test: SlotTest = .none
}

/// A lock whose holding at its thread's end violates `lock_discipline` properties.
struct LockAtEnd {
  /// An rwsem (held when `slot`, the thread's read holds, is not 0 or `writer` is `owner`),
  /// else a mutex or spinlock (held when `slot` is `owner`).
  var isRwsem: Bool
  var slot: Int32
  var writer: Int32
  /// The thread's index + 1.
  var owner: Int
  var faults: UInt64
  var variable: Int32
  var thread: Int32
}

/// A property checked in every state.
struct StateCheck {
  /// The property kinds checked on states.
  /// `goal` and `trigger` are a liveness property's goal and (`leads_to`) `from` condition.
  enum Kind: UInt8 { case never, always, reachable, goal, trigger }
  var kind: Kind
  /// The property's bit (0 past the 64th property).
  var bit: UInt64
  /// In `LoweredModel.conditions`.
  var condition: Int32
}

/// Owns the buffers a `LoweredModel` points into, and frees them.
final class LoweredModelStorage: @unchecked Sendable {
  // @unchecked: the buffers are written only in `init` and read-only afterwards.

  let lowered: LoweredModel

  init(plan execution: ExecutionPlan) {
    let model = execution.model
    let plan = execution.slots
    var lowering = ModelLowering(plan: execution)
    lowering.lower(stepIndex: execution.stepIndex, waitStepIndex: execution.waitStepIndex)
    let instructions = Self.buffer(lowering.instructions)
    for t in lowering.threads.indices {
      lowering.threads[t].row = instructions + lowering.threads[t].firstInstruction
    }
    lowered = LoweredModel(
      threadCount: model.threads.count,
      wordCount: plan.wordCount,
      fields: Self.buffer(lowering.fields),
      threads: Self.buffer(lowering.threads),
      instructions: instructions,
      chooseTargets: Self.buffer(lowering.chooseTargets),
      actions: Self.buffer(lowering.actions),
      expressions: Self.buffer(lowering.expressions),
      conditions: Self.buffer(lowering.conditions),
      tableTests: Self.buffer(lowering.tableTests),
      pcSets: Self.buffer(lowering.pcSets),
      locksAtEnd: Self.buffer(lowering.locksAtEnd),
      stateChecks: Self.buffer(lowering.stateChecks),
      stateCheckCount: lowering.stateChecks.count,
      stackDepth: lowering.stackDepth)
  }

  deinit {
    lowered.fields.deallocate()
    lowered.threads.deallocate()
    lowered.instructions.deallocate()
    lowered.chooseTargets.deallocate()
    lowered.actions.deallocate()
    lowered.expressions.deallocate()
    lowered.conditions.deallocate()
    lowered.tableTests.deallocate()
    lowered.pcSets.deallocate()
    lowered.locksAtEnd.deallocate()
    lowered.stateChecks.deallocate()
  }

  /// A new buffer holding `elements` (never empty, so every table has a valid base address).
  private static func buffer<Element>(_ elements: [Element]) -> UnsafeMutablePointer<Element> {
    let pointer = UnsafeMutablePointer<Element>.allocate(capacity: max(elements.count, 1))
    _ = UnsafeMutableBufferPointer(start: pointer, count: elements.count).initialize(from: elements)
    return pointer
  }
}
