/// The static facts partial-order reduction needs about a model, as plain numbers an engine (the
/// interpreter, or a compiled model's literal) hands to the explorer.
///
/// A thread *rests* at an instruction (`pc`); `stepsAt[t][pc]` are the steps it can take from
/// there and `successors[t][pc]` the instructions its control flow can reach next. Per step,
/// `reads` and `writes` are state slots and `visible` the state properties (`never`, `always`,
/// `reachable`) whose condition reads a slot it writes. Faults need no static fact: a fault is
/// an event of one transition, and the explorer never postpones a thread whose next transition
/// raises one (or passes a bound).
public struct ReductionFacts: Sendable, Equatable {
  /// `[thread][pc]`: the steps (`Transition.step`) a thread resting at `pc` can take.
  public var stepsAt: [[[Int]]]
  /// `[thread][pc]`: the instructions control can move to from `pc` (every branch, silent or not).
  public var successors: [[[Int]]]
  /// Per step: the slots it reads.
  public var reads: [[Int]]
  /// Per step: the slots it may write (its thread's program counter included).
  public var writes: [[Int]]
  /// Per step: bit `i` set when it can change the truth of state property `i`.
  public var visible: [UInt64]
  /// Per step (or empty, for none): the slots of its `writes` it only adds a constant to without
  /// reading them. Two steps that only add to a slot commute on it and do not conflict there.
  public var adds: [[Int]]
  /// How the other threads' control flow narrows while one thread holds a lock (see `LockCut`).
  public var cuts: [LockCut]
  /// Where a state says a thread holds a lock, and which of `cuts` that hold makes.
  public var holds: [HoldSlot]
  /// Where the `from` condition of `leads_to` properties can hold (those the analysis could
  /// place; a property not listed may hold anywhere).
  public var triggers: [TriggerPlaces]

  public init(
    stepsAt: [[[Int]]], successors: [[[Int]]], reads: [[Int]], writes: [[Int]], visible: [UInt64],
    adds: [[Int]] = [], cuts: [LockCut] = [], holds: [HoldSlot] = [], triggers: [TriggerPlaces] = []
  ) {
    self.stepsAt = stepsAt
    self.successors = successors
    self.reads = reads
    self.writes = writes
    self.visible = visible
    self.adds = adds
    self.cuts = cuts
    self.holds = holds
    self.triggers = triggers
  }
}

/// The instructions where a `leads_to` property's `from` condition can hold: in every state
/// where it holds, some thread `t` rests at one of `pcs[t]` (an empty list: thread `t` alone
/// never makes it hold). The explorer decides the property on the states that can still reach
/// such a place, and on what follows one.
public struct TriggerPlaces: Sendable, Equatable {
  /// The property's index in `ModelMetadata.properties`.
  public var property: Int
  /// `[thread]`: instructions (indices into `ReductionFacts.stepsAt[thread]`).
  public var pcs: [[Int]]

  public init(property: Int, pcs: [[Int]]) {
    self.property = property
    self.pcs = pcs
  }
}

/// The control flow of every other thread while one thread holds a lock: an instruction whose
/// step acquires the lock in a mode the hold excludes cannot run (a queued writer's wait step
/// still can), and a branch on a failed trylock's result goes one way. Only the holder releases
/// a lock (anyone else's release is a fault that changes nothing), so until the holder moves the
/// others stay within this narrowed flow.
public struct LockCut: Sendable, Equatable {
  /// `[thread]`: the instructions whose steps or successors differ from `ReductionFacts`'.
  public var pcs: [[Int]]
  /// `[thread][i]`: the steps that can still run at `pcs[thread][i]`.
  public var steps: [[[Int]]]
  /// `[thread][i]`: where control can still go from `pcs[thread][i]`.
  public var successors: [[[Int]]]

  public init(pcs: [[Int]], steps: [[[Int]]], successors: [[[Int]]]) {
    self.pcs = pcs
    self.steps = steps
    self.successors = successors
  }
}

/// A packed slot that tells whether a thread holds a lock: an owner slot (thread `t` holds when
/// it reads `t + 1`) or one thread's read-hold count (that thread holds when it is above 0).
public struct HoldSlot: Sendable, Equatable {
  public var word: Int
  public var shift: Int
  public var bits: Int
  /// Added to the stored field to get the value.
  public var offset: Int
  /// The thread whose read holds the slot counts; nil for an owner slot.
  public var reader: Int?
  /// The index in `ReductionFacts.cuts` of the narrowing this hold makes.
  public var cut: Int

  /// `(1 << bits) - 1`.
  @inlinable public var mask: UInt64 { bits >= 64 ? ~0 : (UInt64(1) << UInt64(bits)) - 1 }

  public init(word: Int, shift: Int, bits: Int, offset: Int = 0, reader: Int? = nil, cut: Int) {
    self.word = word
    self.shift = shift
    self.bits = bits
    self.offset = offset
    self.reader = reader
    self.cut = cut
  }
}

/// The independence relation of a model compiled from `ReductionFacts` into bit sets: whether a
/// thread resting at one instruction may be expanded alone, given where each other thread rests.
///
/// Thread `t` resting at `pc` (a *position*) may be expanded alone when the steps it can take
/// there touch no property of the visible set and conflict with no step any other thread can
/// still reach from where it rests (its *future*): no write of one is read or written by the
/// other, except where both only add to the slot (two additions commute). Such a set of
/// transitions is persistent (Godefroid): nothing the other threads do before it can enable,
/// disable or change it, so deadlocks and every visible state and fault stay reachable; the
/// explorer adds the cycle proviso. The visible set is an argument of `isAmple`, so a search
/// may shrink it as properties are decided.
public final class IndependenceTable: Sendable {
  /// First position of each thread (positions are `(thread, pc)` pairs, numbered densely).
  public let base: [Int]
  /// Per position: the properties its steps can make visible (every bit when it has no steps,
  /// so that it never counts as invisible).
  @usableFromInline let observedAt: [UInt64]
  /// Per position: whether its thread's control flow can come back to it. A cycle of the state
  /// graph returns every thread that moves on it to where it rested, so each transition on such a
  /// cycle leaves a position on a cycle of its thread's control flow (a queued writer's one
  /// wait step only sets its flag, which the acquisition that moves it on clears). Only at those
  /// positions does the explorer need the cycle proviso's lookups.
  public let onCycle: [Bool]
  /// Words per row of `independent`.
  @usableFromInline let rowWords: Int
  /// Row `p` (a position of thread `t`): bit `q` set when position `q` (of another thread) has
  /// a future that does not conflict with `p`'s steps.
  @usableFromInline let independent: [UInt64]
  /// Per `ReductionFacts.cuts` entry, `cutStride` words from `cut * cutStride`: rows like
  /// `independent`, on the futures the cut narrows.
  @usableFromInline let cutIndependent: [UInt64]
  /// Words of `cutIndependent` per cut (the size of `independent`).
  @usableFromInline let cutStride: Int
  /// The lock holds a state can show, by the thread that may have them (every owner slot, and
  /// the thread's own read counts): thread `t`'s are `threadHolds[holdStart[t]..<holdStart[t + 1]]`.
  @usableFromInline let threadHolds: [HoldSlot]
  /// Where each thread's holds start in `threadHolds` (one more entry than threads).
  @usableFromInline let holdStart: [Int]

  /// Compiles the facts (for any visible set: `isAmple` takes it).
  public init(facts: ReductionFacts) {
    var base: [Int] = []
    var total = 0
    for thread in facts.stepsAt {
      base.append(total)
      total += thread.count
    }
    self.base = base
    let slotCount = (facts.reads + facts.writes).joined().max().map { $0 + 1 } ?? 0
    let slotWords = max((slotCount + 63) / 64, 1)
    func bits(_ slots: [Int]) -> [UInt64] {
      var words = Array(repeating: UInt64(0), count: slotWords)
      for slot in slots { words[slot / 64] |= 1 << UInt64(slot % 64) }
      return words
    }
    func meets(_ a: [UInt64], _ b: [UInt64]) -> Bool {
      zip(a, b).contains { $0 & $1 != 0 }
    }
    func union(_ a: inout [UInt64], _ b: [UInt64]) {
      for i in a.indices { a[i] |= b[i] }
    }
    let stepReads = facts.reads.map(bits)
    let stepWrites = facts.writes.map(bits)
    // The writes that are not additions: `writes` less `adds`.
    let stepSets = facts.writes.indices.map { step -> [UInt64] in
      guard facts.adds.indices.contains(step) else { return stepWrites[step] }
      let adds = bits(facts.adds[step])
      return zip(stepWrites[step], adds).map { $0 & ~$1 }
    }
    /// What the steps `steps` read, write and set (write other than by adding), together.
    func access(_ steps: [Int]) -> (reads: [UInt64], writes: [UInt64], sets: [UInt64]) {
      var r = Array(repeating: UInt64(0), count: slotWords)
      var w = r
      var s = r
      for step in steps where facts.reads.indices.contains(step) {
        union(&r, stepReads[step])
        union(&w, stepWrites[step])
        union(&s, stepSets[step])
      }
      return (r, w, s)
    }
    // The access at each position, and whether any of its steps is visible.
    let here = facts.stepsAt.joined().map(access)
    let reads = here.map(\.reads)
    let writes = here.map(\.writes)
    let sets = here.map(\.sets)
    // Rows are kept for every position with steps, visible or not: a search drops properties
    // from the visible set as it decides them.
    let observedAt = facts.stepsAt.joined().map { steps -> UInt64 in
      steps.isEmpty
        ? ~0 : steps.reduce(0) { $0 | (facts.reads.indices.contains($1) ? facts.visible[$1] : 0) }
    }
    self.observedAt = observedAt
    let rowWords = max((total + 63) / 64, 1)
    self.rowWords = rowWords
    /// The independence rows of every position with steps against the futures of the other
    /// threads' positions, each future everything its thread's control flow (`successors`, with
    /// `stepsAt` per instruction) can reach from it.
    func independence(stepsAt: [[[Int]]], successors: [[[Int]]]) -> [UInt64] {
      var futureReads: [[UInt64]] = []
      var futureWrites: [[UInt64]] = []
      var futureSets: [[UInt64]] = []
      for (t, thread) in successors.enumerated() {
        let atPC = stepsAt[t].map(access)
        for pc in thread.indices {
          var seen = Set([pc])
          var pending = [pc]
          var r = Array(repeating: UInt64(0), count: slotWords)
          var w = r
          var s = r
          while let next = pending.popLast() {
            union(&r, atPC[next].reads)
            union(&w, atPC[next].writes)
            union(&s, atPC[next].sets)
            for target in thread[next] where thread.indices.contains(target) && seen.insert(target).inserted {
              pending.append(target)
            }
          }
          futureReads.append(r)
          futureWrites.append(w)
          futureSets.append(s)
        }
      }
      var independent = Array(repeating: UInt64(0), count: total * rowWords)
      for t in facts.stepsAt.indices {
        for p in base[t]..<(base[t] + facts.stepsAt[t].count) where observedAt[p] != ~0 {
          for u in facts.stepsAt.indices where u != t {
            for q in base[u]..<(base[u] + facts.stepsAt[u].count) {
              // Write against write conflicts unless both only add to the slot.
              let conflict =
                meets(writes[p], futureReads[q]) || meets(reads[p], futureWrites[q])
                || meets(sets[p], futureWrites[q]) || meets(writes[p], futureSets[q])
              if !conflict { independent[p * rowWords + q / 64] |= 1 << UInt64(q % 64) }
            }
          }
        }
      }
      return independent
    }
    independent = independence(stepsAt: facts.stepsAt, successors: facts.successors)
    // While thread `t` holds a lock the others' futures narrow (`LockCut`): rows computed on
    // the narrowed futures, used when the plain row says no.
    cutStride = total * rowWords
    cutIndependent = facts.cuts.flatMap { cut in
      var stepsAt = facts.stepsAt
      var successors = facts.successors
      for t in cut.pcs.indices where stepsAt.indices.contains(t) {
        for (i, pc) in cut.pcs[t].enumerated() where stepsAt[t].indices.contains(pc) {
          stepsAt[t][pc] = cut.steps[t][i]
          successors[t][pc] = cut.successors[t][i]
        }
      }
      return independence(stepsAt: stepsAt, successors: successors)
    }
    let holds = facts.holds.filter { facts.cuts.indices.contains($0.cut) }
    var threadHolds: [HoldSlot] = []
    var holdStart: [Int] = []
    for t in facts.stepsAt.indices {
      holdStart.append(threadHolds.count)
      threadHolds += holds.filter { $0.reader == nil || $0.reader == t }
    }
    holdStart.append(threadHolds.count)
    self.threadHolds = threadHolds
    self.holdStart = holdStart
    var onCycle: [Bool] = []
    for thread in facts.successors {
      for pc in thread.indices {
        var seen = Set<Int>()
        var pending = thread[pc].filter { thread.indices.contains($0) }
        var returns = false
        while let next = pending.popLast(), !returns {
          if next == pc { returns = true }
          for target in thread[next] where thread.indices.contains(target) && seen.insert(target).inserted {
            pending.append(target)
          }
        }
        onCycle.append(returns)
      }
    }
    self.onCycle = onCycle
  }

  /// Whether the thread at `positions[thread]` may be expanded alone, given every thread's
  /// position (`base[t] + pc`), when the properties of `visible` (bits of property indices) must
  /// not see its steps.
  /// In `state`, a thread's conflicting future may lie beyond an acquisition of a lock the
  /// thread holds, which the others cannot pass while it does (`LockCut`). Which of its holds
  /// the thread has is read from the state once, when the first plain row says no (the first
  /// 64 of a thread's holds are consulted; beyond them a hold narrows nothing, which is safe).
  @inlinable
  public func isAmple(
    _ thread: Int, _ positions: UnsafeMutableBufferPointer<Int>, state: UnsafeBufferPointer<UInt64>,
    visible: UInt64
  ) -> Bool {
    let p = positions[thread]
    guard observedAt[p] & visible == 0 && observedAt[p] != ~0 else { return false }
    let row = p * rowWords
    let firstHold = holdStart[thread]
    var held: UInt64 = 0
    var heldRead = false
    for u in 0..<positions.count where u != thread {
      let q = positions[u]
      let word = row + q >> 6
      let bit = UInt64(1) << UInt64(q & 63)
      if independent[word] & bit != 0 { continue }
      if !heldRead {
        heldRead = true
        for i in 0..<min(holdStart[thread + 1] - firstHold, 64) {
          let hold = threadHolds[firstHold + i]
          let value = Int(truncatingIfNeeded: (state[hold.word] &>> UInt64(hold.shift)) & hold.mask) &+ hold.offset
          if hold.reader == nil ? value == thread + 1 : value > 0 { held |= 1 << UInt64(i) }
        }
      }
      var remaining = held
      var narrowed = false
      while remaining != 0 {
        let i = remaining.trailingZeroBitCount
        if cutIndependent[threadHolds[firstHold + i].cut * cutStride + word] & bit != 0 {
          narrowed = true
          break
        }
        remaining &= remaining - 1
      }
      if !narrowed { return false }
    }
    return true
  }
}
