import LockCheck

/// Where each piece of a model's state lives in the packed `UInt64` words. The interpreter and
/// the generator both derive their layout from this plan, so their states are bit-identical.
///
/// Slot order: for each variable in `ModelIR.variables` order its slots (an rwsem has
/// `readers`, `writer`, `waiters`; a mutex or spinlock one owner slot; every other variable one
/// slot), then for each thread its program counter, its waiting-writer bit, and one read-hold
/// count per rwsem. A slot never straddles two words. Variables whose name contains `#`
/// (lowering's loop counters) and the per-thread slots are hidden from counterexamples.
public struct SlotPlan: Sendable, Equatable {
  /// One packed field.
  public struct Slot: Sendable, Equatable {
    public var info: SlotInfo
    public var word: Int
    public var shift: Int
    public var bits: Int
    /// Added to the stored field to get the value (an `int` with `min < 0`).
    public var offset: Int
    /// Largest stored field value (the field's range is `0...maxStored`).
    public var maxStored: Int

    /// `(1 << bits) - 1`.
    public var mask: UInt64 { bits >= 64 ? ~0 : (UInt64(1) << UInt64(bits)) - 1 }
  }

  /// The slots for one rwsem.
  public struct RwsemSlots: Sendable, Equatable {
    public var readers: Int
    public var writer: Int
    public var waiters: Int
  }

  public var slots: [Slot]
  public var wordCount: Int
  /// For each variable, its first slot (an rwsem's `readers`; otherwise its only slot).
  public var variableSlot: [Int]
  /// For each thread, the slot of its program counter.
  public var pcSlot: [Int]
  /// For each thread, the slot of its waiting-writer bit.
  public var waitingSlot: [Int]
  /// For each thread, the read-hold slot of each rwsem variable (keyed by the rwsem's index in
  /// `rwsemVariables`).
  public var readHoldSlots: [[Int]]
  /// Variable indices of the rwsems, in declaration order.
  public var rwsemVariables: [Int]

  public init(model: ModelIR) {
    var builder = Builder()
    let threadNames = model.threads.map(\.name)
    let owners = ["none"] + threadNames
    var variableSlot: [Int] = []
    var rwsems: [Int] = []
    let threadCount = model.threads.count
    for (index, variable) in model.variables.enumerated() {
      // Lowering's own variables (loop counters) carry a `#` and are bookkeeping, not shown.
      let bookkeeping = variable.name.contains("#")
      switch variable.type {
      case .bool, .flag:
        variableSlot.append(builder.add(SlotInfo(name: variable.name, format: .boolean), max: 1))
      case .int(let min, let max):
        variableSlot.append(
          builder.add(
            SlotInfo(name: variable.name, format: .integer, hidden: bookkeeping),
            // The loader keeps bounds within ±(2^62 − 1), so the span fits; saturate regardless.
            max: max.subtractingReportingOverflow(min).overflow ? Int.max : max - min, offset: min))
      case .enumeration(let cases):
        variableSlot.append(
          builder.add(SlotInfo(name: variable.name, format: .names(cases)), max: max(cases.count - 1, 1)))
      case .counter(let max):
        variableSlot.append(builder.add(SlotInfo(name: variable.name, format: .integer), max: max))
      case .resource:
        variableSlot.append(
          builder.add(SlotInfo(name: variable.name, format: .names(["live", "freed"])), max: 1))
      case .rwsem(_, let maxReadHolds):
        rwsems.append(index)
        let readers = builder.add(
          SlotInfo(name: "\(variable.name).readers", format: .integer),
          max: max(threadCount * maxReadHolds, 1))
        _ = builder.add(SlotInfo(name: "\(variable.name).writer", format: .names(owners)), max: threadCount)
        _ = builder.add(SlotInfo(name: "\(variable.name).waiters", format: .integer), max: max(threadCount, 1))
        variableSlot.append(readers)
      case .mutex, .spinlock:
        variableSlot.append(
          builder.add(SlotInfo(name: variable.name, format: .names(["free"] + threadNames)), max: threadCount))
      }
    }
    var pcSlot: [Int] = []
    var waitingSlot: [Int] = []
    var readHoldSlots: [[Int]] = []
    for thread in model.threads {
      pcSlot.append(
        builder.add(
          SlotInfo(name: "\(thread.name).pc", format: .integer, hidden: true),
          max: max(thread.instructions.count - 1, 1)))
      waitingSlot.append(
        builder.add(SlotInfo(name: "\(thread.name).waiting", format: .boolean, hidden: true), max: 1))
      var holds: [Int] = []
      for rwsem in rwsems {
        holds.append(
          builder.add(
            SlotInfo(name: "\(thread.name).reads(\(model.variables[rwsem].name))", format: .integer, hidden: true),
            max: model.variables[rwsem].type.maxReadHolds))
      }
      readHoldSlots.append(holds)
    }
    for (v, variable) in model.variables.enumerated() where variable.initial.count > 1 {
      builder.slots[variableSlot[v]].info.nondeterministic = true
    }
    self.slots = builder.slots
    self.wordCount = max(builder.word + (builder.shift > 0 ? 1 : 0), 1)
    self.variableSlot = variableSlot
    self.pcSlot = pcSlot
    self.waitingSlot = waitingSlot
    self.readHoldSlots = readHoldSlots
    self.rwsemVariables = rwsems
  }

  /// Bytes of a state that slots can set: the words before the last, and the bytes of the last
  /// word up to its highest slot bit (at least one).
  public var byteCount: Int {
    let last = wordCount - 1
    let usedBits = slots.lazy.filter { $0.word == last }.map { $0.shift + $0.bits }.max() ?? 1
    return last * 8 + (usedBits + 7) / 8
  }

  /// The slots of the rwsem variable `variable`.
  public func rwsemSlots(of variable: Int) -> RwsemSlots {
    let first = variableSlot[variable]
    return RwsemSlots(readers: first, writer: first + 1, waiters: first + 2)
  }

  private struct Builder {
    var slots: [Slot] = []
    var word = 0
    var shift = 0

    mutating func add(_ info: SlotInfo, max maxValue: Int, offset: Int = 0) -> Int {
      let stored = Swift.max(maxValue, 1)
      let bits = Int.bitWidth - stored.leadingZeroBitCount
      if shift + bits > 64 {
        word += 1
        shift = 0
      }
      slots.append(Slot(info: info, word: word, shift: shift, bits: bits, offset: offset, maxStored: stored))
      shift += bits
      if shift == 64 {
        word += 1
        shift = 0
      }
      return slots.count - 1
    }
  }
}
