/// The successors of a run of consecutive stored states, as one worker generated them, for the
/// explorer to store afterwards in state order. One worker writes a batch; the explorer reads it
/// once every worker is done.
@usableFromInline
final class ExpansionBatch {
  /// What the explorer does with one successor.
  @usableFromInline
  enum Disposition: UInt8 {
    /// Past a bound the spec declares: counted, never followed.
    case beyondBound
    /// Not stored: already stored before the batch, or left out by partial-order reduction.
    case skip
    /// Stored if new (its words and hash are in the batch).
    case admit
    /// At the depth bound, and not stored: the bound cut the search here.
    case beyondDepth
  }

  /// One successor: the transition's faults and what becomes of the state it leads to.
  @usableFromInline
  struct Entry {
    @usableFromInline var faults: UInt64
    @usableFromInline var hash: UInt64
    /// Offset of the state's words in `words`.
    @usableFromInline var offset: Int
    @usableFromInline var disposition: Disposition
    /// The thread that takes the transition.
    @usableFromInline var thread: Int32
    /// The state properties the transition can change (every bit set: not known).
    @usableFromInline var changes: UInt64

    @inlinable
    init(
      thread: Int32, changes: UInt64, faults: UInt64, hash: UInt64, offset: Int, disposition: Disposition
    ) {
      self.thread = thread
      self.changes = changes
      self.faults = faults
      self.hash = hash
      self.offset = offset
      self.disposition = disposition
    }
  }

  /// One expanded state: where its entries end, and what the explorer counts for it.
  @usableFromInline
  struct Outcome {
    /// End of the state's entries (they start where the previous state's end).
    @usableFromInline var entryEnd: Int
    /// Transitions a reduced expansion keeps (counted whole), or -1: count the entries stored.
    @usableFromInline var kept: Int
    /// No successor, and not every thread has ended: a deadlock.
    @usableFromInline var deadEnd: Bool

    @inlinable
    init(entryEnd: Int, kept: Int, deadEnd: Bool) {
      self.entryEnd = entryEnd
      self.kept = kept
      self.deadEnd = deadEnd
    }
  }

  @usableFromInline var outcomes: [Outcome] = []
  @usableFromInline var entries: [Entry] = []
  @usableFromInline let wordCount: Int
  @usableFromInline var words: UnsafeMutablePointer<UInt64>
  @usableFromInline var wordCapacity: Int
  @usableFromInline var wordEnd = 0
  /// Keeps the fields another worker's batch writes off this batch's cache lines.
  @usableFromInline var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
    0, 0, 0, 0, 0, 0, 0, 0
  )

  @usableFromInline
  init(wordCount: Int) {
    self.wordCount = wordCount
    wordCapacity = max(wordCount, 1) * 64
    words = .allocate(capacity: wordCapacity)
  }

  deinit { words.deallocate() }

  /// Empties the batch, keeping its memory.
  @inlinable
  func reset() {
    outcomes.removeAll(keepingCapacity: true)
    entries.removeAll(keepingCapacity: true)
    wordEnd = 0
  }

  /// Appends a copy of `state` and returns its offset.
  @inlinable
  func append(_ state: UnsafeBufferPointer<UInt64>) -> Int {
    let offset = wordEnd
    if offset + wordCount > wordCapacity { grow() }
    if wordCount > 0 { (words + offset).update(from: state.baseAddress!, count: wordCount) }
    wordEnd = offset + wordCount
    return offset
  }

  /// The words at `offset` (valid until the next `append`).
  @inlinable
  func state(at offset: Int) -> UnsafeMutableBufferPointer<UInt64> {
    UnsafeMutableBufferPointer(start: words + offset, count: wordCount)
  }

  @usableFromInline
  func grow() {
    let capacity = wordCapacity * 2
    let grown = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
    grown.update(from: words, count: wordEnd)
    words.deallocate()
    words = grown
    wordCapacity = capacity
  }
}

/// What one worker of a search needs to itself: the state being expanded and scratch space.
@usableFromInline
final class ExpansionScratch {
  @usableFromInline let current: UnsafeMutableBufferPointer<UInt64>
  @usableFromInline let scratch: UnsafeMutableBufferPointer<UInt64>
  /// Per thread: where it rests (partial-order reduction).
  @usableFromInline let positions: UnsafeMutableBufferPointer<Int>
  /// Keeps the fields another worker writes off this worker's cache lines.
  @usableFromInline var padding: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (
    0, 0, 0, 0, 0, 0, 0, 0
  )

  @usableFromInline
  init(wordCount: Int, threadCount: Int) {
    current = .allocate(capacity: max(wordCount, 1))
    scratch = .allocate(capacity: max(wordCount, 1))
    positions = .allocate(capacity: max(threadCount, 1))
  }

  deinit {
    current.deallocate()
    scratch.deallocate()
    positions.deallocate()
  }
}
