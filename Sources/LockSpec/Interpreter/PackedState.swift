/// A view of one packed state: reads and writes slot values in place (no copy, no allocation).
struct PackedState {
  let base: UnsafeMutablePointer<UInt64>
  let slots: [SlotPlan.Slot]

  init(_ base: UnsafeMutablePointer<UInt64>, slots: [SlotPlan.Slot]) {
    self.base = base
    self.slots = slots
  }

  /// A read-only use of the view; callers never `set` through it.
  init(reading state: UnsafeBufferPointer<UInt64>, slots: [SlotPlan.Slot]) {
    self.base = UnsafeMutablePointer(mutating: state.baseAddress!)
    self.slots = slots
  }

  @inline(__always)
  func get(_ slot: Int) -> Int {
    let s = slots[slot]
    return Int(truncatingIfNeeded: (base[s.word] >> UInt64(s.shift)) & s.mask) + s.offset
  }

  /// Stores `value`; the caller guarantees it is in the slot's range.
  @inline(__always)
  func set(_ slot: Int, _ value: Int) {
    let s = slots[slot]
    let field = UInt64(truncatingIfNeeded: value - s.offset) & s.mask
    base[s.word] = (base[s.word] & ~(s.mask << UInt64(s.shift))) | (field << UInt64(s.shift))
  }

  /// Whether `value` fits the slot's range.
  @inline(__always)
  func fits(_ slot: Int, _ value: Int) -> Bool {
    let s = slots[slot]
    let stored = value - s.offset
    return stored >= 0 && stored <= s.maxStored
  }
}
