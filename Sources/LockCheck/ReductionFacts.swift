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

  public init(
    stepsAt: [[[Int]]], successors: [[[Int]]], reads: [[Int]], writes: [[Int]], visible: [UInt64],
    adds: [[Int]] = []
  ) {
    self.stepsAt = stepsAt
    self.successors = successors
    self.reads = reads
    self.writes = writes
    self.visible = visible
    self.adds = adds
  }
}

/// The independence relation of a model compiled from `ReductionFacts` into bit sets: whether a
/// thread resting at one instruction may be expanded alone, given where each other thread rests.
///
/// Thread `t` resting at `pc` (a *position*) may be expanded alone when the steps it can take
/// there touch no property of `visibleMask` and conflict with no step any other thread can
/// still reach from where it rests (its *future*): no write of one is read or written by the
/// other, except where both only add to the slot (two additions commute). Such a set of transitions is persistent (Godefroid): nothing the other threads do
/// before it can enable, disable or change it, so deadlocks and every visible state and fault
/// stay reachable; the explorer adds the cycle proviso.
public final class IndependenceTable: Sendable {
  /// First position of each thread (positions are `(thread, pc)` pairs, numbered densely).
  public let base: [Int]
  /// Per position: whether a thread resting there has steps none of which is visible.
  @usableFromInline let invisible: [Bool]
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

  /// Compiles the facts; `visibleMask` is the set of properties the search checks.
  public init(facts: ReductionFacts, visibleMask: UInt64) {
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
    // What the steps at each position read, write and set (write other than by adding), and
    // whether any is visible.
    var reads: [[UInt64]] = []
    var writes: [[UInt64]] = []
    var sets: [[UInt64]] = []
    var invisible: [Bool] = []
    for thread in facts.stepsAt {
      for steps in thread {
        var r = Array(repeating: UInt64(0), count: slotWords)
        var w = r
        var s = r
        var visible = false
        for step in steps where facts.reads.indices.contains(step) {
          union(&r, stepReads[step])
          union(&w, stepWrites[step])
          union(&s, stepSets[step])
          if facts.visible[step] & visibleMask != 0 { visible = true }
        }
        reads.append(r)
        writes.append(w)
        sets.append(s)
        invisible.append(!steps.isEmpty && !visible)
      }
    }
    self.invisible = invisible
    // The future of each position: every position its thread's control flow can reach from it.
    var futureReads: [[UInt64]] = []
    var futureWrites: [[UInt64]] = []
    var futureSets: [[UInt64]] = []
    for (t, thread) in facts.successors.enumerated() {
      for pc in thread.indices {
        var seen = Set([pc])
        var pending = [pc]
        var r = Array(repeating: UInt64(0), count: slotWords)
        var w = r
        var s = r
        while let next = pending.popLast() {
          union(&r, reads[base[t] + next])
          union(&w, writes[base[t] + next])
          union(&s, sets[base[t] + next])
          for target in thread[next] where thread.indices.contains(target) && seen.insert(target).inserted {
            pending.append(target)
          }
        }
        futureReads.append(r)
        futureWrites.append(w)
        futureSets.append(s)
      }
    }
    rowWords = max((total + 63) / 64, 1)
    var independent = Array(repeating: UInt64(0), count: total * rowWords)
    for t in facts.stepsAt.indices {
      for p in base[t]..<(base[t] + facts.stepsAt[t].count) where invisible[p] {
        for u in facts.stepsAt.indices where u != t {
          for q in base[u]..<(base[u] + facts.stepsAt[u].count) {
            // Write against write conflicts unless both only add to the slot.
            let conflict =
              meets(writes[p], futureReads[q]) || meets(reads[p], futureWrites[q]) || meets(sets[p], futureWrites[q])
              || meets(writes[p], futureSets[q])
            if !conflict { independent[p * rowWords + q / 64] |= 1 << UInt64(q % 64) }
          }
        }
      }
    }
    self.independent = independent
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
  /// position (`base[t] + pc`).
  @inlinable
  public func isAmple(_ thread: Int, _ positions: UnsafeMutableBufferPointer<Int>) -> Bool {
    let p = positions[thread]
    guard invisible[p] else { return false }
    let row = p * rowWords
    for u in 0..<positions.count where u != thread {
      let q = positions[u]
      if independent[row + q >> 6] & (1 << UInt64(q & 63)) == 0 { return false }
    }
    return true
  }
}
