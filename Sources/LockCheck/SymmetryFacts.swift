/// Interchangeable threads of a model (the instances of a `count: N` thread whose code, locals
/// and properties treat them alike), as the slots that make up each one's local state.
///
/// Swapping two members' local states maps reachable states to reachable states and keeps every
/// property's truth, so the explorer stores one representative per orbit: the state with each
/// group's members sorted by their local state.
public struct SymmetryFacts: Sendable, Equatable {
  /// Per group, per member, the member's slots (program counter, waiting bit, read holds,
  /// locals) in the same order for every member.
  public var groups: [[[Int]]]
  /// Per slot: the word it lives in.
  public var words: [Int]
  /// Per slot: its shift within the word.
  public var shifts: [Int]
  /// Per slot: its width in bits.
  public var bits: [Int]

  public init(groups: [[[Int]]], words: [Int], shifts: [Int], bits: [Int]) {
    self.groups = groups
    self.words = words
    self.shifts = shifts
    self.bits = bits
  }
}

/// Rewrites a state to its orbit's representative: within each group of interchangeable
/// threads, members ordered by their local state (lexicographically over their slots).
public final class SymmetryCanonicalizer: Sendable {
  /// Per group: member count and slots per member; slot positions flattened member by member.
  @usableFromInline let groups: [(members: Int, width: Int, word: [Int], shift: [UInt64], mask: [UInt64])]
  /// Longest member block, for the scratch buffer.
  @usableFromInline let scratchSize: Int

  public init(facts: SymmetryFacts) {
    var groups: [(members: Int, width: Int, word: [Int], shift: [UInt64], mask: [UInt64])] = []
    var scratch = 0
    for group in facts.groups where group.count > 1 {
      let width = group[0].count
      let slots = group.flatMap { $0 }
      groups.append(
        (
          group.count, width, slots.map { facts.words[$0] }, slots.map { UInt64(facts.shifts[$0]) },
          slots.map { facts.bits[$0] >= 64 ? ~0 : (UInt64(1) << UInt64(facts.bits[$0])) - 1 }
        ))
      scratch = max(scratch, slots.count)
    }
    self.groups = groups
    self.scratchSize = scratch
  }

  /// Sorts each group's members in `state` (insertion sort: groups are small).
  @inlinable
  public func canonicalize(_ state: UnsafeMutableBufferPointer<UInt64>) {
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(scratchSize, 1)) { values in
      for group in groups {
        let width = group.width
        for i in 0..<(group.members * width) {
          values[i] = (state[group.word[i]] >> group.shift[i]) & group.mask[i]
        }
        var sorted = true
        for m in 1..<group.members where Self.less(values, m * width, (m - 1) * width, width) {
          sorted = false
          break
        }
        if sorted { continue }
        for m in 1..<group.members {
          var j = m
          while j > 0 && Self.less(values, j * width, (j - 1) * width, width) {
            for k in 0..<width { values.swapAt(j * width + k, (j - 1) * width + k) }
            j -= 1
          }
        }
        for i in 0..<(group.members * width) {
          let word = group.word[i]
          state[word] = (state[word] & ~(group.mask[i] << group.shift[i])) | (values[i] << group.shift[i])
        }
      }
    }
  }

  @inlinable
  static func less(_ values: UnsafeMutableBufferPointer<UInt64>, _ a: Int, _ b: Int, _ width: Int) -> Bool {
    for k in 0..<width where values[a + k] != values[b + k] { return values[a + k] < values[b + k] }
    return false
  }
}
