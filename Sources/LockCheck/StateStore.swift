import LockCheckPrefetch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every state found so far, in discovery order: a flat arena of fixed-width states, their parent
/// indices, and an open-addressing hash table that deduplicates them.
///
/// Cost per state: `8 * wordCount + 4` bytes of arena and parents, plus 8–27 bytes of hash table
/// (one `UInt64` slot per entry at a load of 0.3–0.6). Lookups hash the words once and compare
/// a 32-bit tag before touching the arena. Indices are `UInt32`, so at most `UInt32.max - 1`
/// states fit. Memory comes from `malloc`, so an allocation the system refuses (an address-space
/// or cgroup limit) ends the search as `full` instead of aborting. Lookups may run on several
/// threads at once; an insertion must run alone.
public final class StateStore {
  /// Parent index of a root (initial) state.
  public static let noParent = UInt32.max

  /// Number of 64-bit words in one state.
  public let wordCount: Int
  /// Number of states stored.
  @inlinable public var count: Int { storedCount }

  @usableFromInline var storedCount: Int = 0

  @usableFromInline var words: UnsafeMutablePointer<UInt64>
  @usableFromInline var parents: UnsafeMutablePointer<UInt32>
  /// Capacity of `words` and `parents`, in states.
  @usableFromInline var capacity: Int
  /// Entries: 0 when empty, else `(tag << 32) | (index + 1)` where `tag` is the upper half of
  /// the state's hash. The slot to start probing at is `tag & tableMask`.
  @usableFromInline var table: UnsafeMutablePointer<UInt64>
  @usableFromInline var tableMask: Int
  /// Grow the table when `count` reaches this (60% load).
  @usableFromInline var tableLimit: Int
  /// The estimate of bytes in use must stay within this; growth that would exceed it fails.
  public let memoryBudget: Int
  /// The budget shared with other stores, if any; the store holds `pooledBytes` of it.
  public let pool: MemoryPool?
  @usableFromInline var pooledBytes: Int = 0
  /// The estimated bytes the last refused growth would have needed (0 if none was refused); with
  /// a pool, what all its stores would have held together.
  @inlinable public var refusedBytes: Int { refusedByteCount }

  @usableFromInline var refusedByteCount: Int = 0

  /// Creates an empty store for states of `wordCount` words, with room for `initialCapacity`
  /// states before growing; growth never takes the estimate past `memoryBudget` bytes.
  public init(wordCount: Int, initialCapacity: Int = 1 << 12, memoryBudget: Int = Int.max, pool: MemoryPool? = nil) {
    precondition(wordCount >= 0, "wordCount must not be negative")
    self.wordCount = wordCount
    self.memoryBudget = memoryBudget
    self.pool = pool
    let states = min(max(initialCapacity, 16), 1 << 20)
    capacity = states
    words = Self.allocate(UInt64.self, max(states * wordCount, 1))!
    parents = Self.allocate(UInt32.self, states)!
    var tableSize = 16
    while tableSize * 3 < states * 5 { tableSize <<= 1 }
    table = Self.allocate(UInt64.self, tableSize)!
    table.initialize(repeating: 0, count: tableSize)
    tableMask = tableSize - 1
    tableLimit = tableSize * 3 / 5
    if let pool {
      // The first blocks are small; they count against the pool even if it is already full.
      pooledBytes = byteCount
      pool.force(pooledBytes)
    }
  }

  deinit {
    free(words)
    free(parents)
    free(table)
    pool?.release(pooledBytes)
  }

  /// `count` elements of `T` from `malloc`, or nil when the system refuses.
  @inlinable
  static func allocate<T>(_: T.Type, _ count: Int) -> UnsafeMutablePointer<T>? {
    let (bytes, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
    guard !overflow, let raw = malloc(max(bytes, 1)) else { return nil }
    return raw.bindMemory(to: T.self, capacity: count)
  }

  /// Estimated bytes held by the store (arena, parents and table).
  public var byteCount: Int {
    capacity * (wordCount * 8 + 4) + (tableMask + 1) * 8
  }

  /// The words of state `index` (valid until the next insertion, which may move the arena).
  @inlinable
  public func state(at index: Int) -> UnsafeBufferPointer<UInt64> {
    UnsafeBufferPointer(start: words + index * wordCount, count: wordCount)
  }

  /// The index of the state `index` was first reached from, or `StateStore.noParent`.
  @inlinable
  public func parent(of index: Int) -> UInt32 {
    parents[index]
  }

  /// Copies state `index` into `buffer` (at least `wordCount` long).
  @inlinable
  public func copyState(at index: Int, into buffer: UnsafeMutableBufferPointer<UInt64>) {
    guard wordCount > 0 else { return }
    buffer.baseAddress!.update(from: words + index * wordCount, count: wordCount)
  }

  /// A 64-bit hash of a state's words (multiply–xorshift, then the MurmurHash3 finalizer).
  @inlinable
  public static func hash(_ state: UnsafeBufferPointer<UInt64>) -> UInt64 {
    var h: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: state.count)
    for word in state {
      h = (h ^ word) &* 0x9E37_79B9_7F4A_7C15
      h ^= h >> 29
    }
    h ^= h >> 33
    h = h &* 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h = h &* 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
  }

  /// The index of `state` if it is stored.
  @inlinable
  public func index(of state: UnsafeBufferPointer<UInt64>) -> Int? {
    index(of: state, hash: Self.hash(state))
  }

  /// The index of `state`, whose `StateStore.hash` is `hash`, if it is stored. Safe to call
  /// from several threads at once while nothing inserts.
  @inlinable
  public func index(of state: UnsafeBufferPointer<UInt64>, hash: UInt64) -> Int? {
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    var slot = Int(tag) & tableMask
    while true {
      let entry = table[slot]
      if entry == 0 { return nil }
      if UInt32(truncatingIfNeeded: entry >> 32) == tag {
        let candidate = Int(UInt32(truncatingIfNeeded: entry)) - 1
        if equals(candidate, state) { return candidate }
      }
      slot = (slot + 1) & tableMask
    }
  }

  /// Starts loading the table slot where a lookup of a state with this hash begins, so that the
  /// lookup, a little later, does not wait for memory.
  @inlinable
  public func prefetch(hash: UInt64) {
    lockcheck_prefetch(table + (Int(UInt32(truncatingIfNeeded: hash >> 32)) & tableMask))
  }

  /// Outcome of `insert`.
  public enum Insertion: Equatable, Sendable {
    /// The state was new and is stored at this index.
    case inserted(Int)
    /// The state was already stored at this index.
    case present(Int)
    /// The state is new but storing it would exceed the memory budget (or `UInt32` indices).
    case full
  }

  /// Stores `state` with `parent` unless an equal state is stored already.
  @inlinable
  public func insert(_ state: UnsafeBufferPointer<UInt64>, parent: UInt32) -> Insertion {
    insert(state, hash: Self.hash(state), parent: parent)
  }

  /// Stores `state`, whose `StateStore.hash` is `hash`, with `parent` unless an equal state is
  /// stored already.
  @inlinable
  public func insert(_ state: UnsafeBufferPointer<UInt64>, hash: UInt64, parent: UInt32) -> Insertion {
    let tag = UInt32(truncatingIfNeeded: hash >> 32)
    var slot = Int(tag) & tableMask
    while true {
      let entry = table[slot]
      if entry == 0 { break }
      if UInt32(truncatingIfNeeded: entry >> 32) == tag {
        let candidate = Int(UInt32(truncatingIfNeeded: entry)) - 1
        if equals(candidate, state) { return .present(candidate) }
      }
      slot = (slot + 1) & tableMask
    }
    if count == capacity || count >= tableLimit {
      guard reserve(count + 1) else { return .full }
      // The table may have been rebuilt: find the free slot again.
      slot = Int(tag) & tableMask
      while table[slot] != 0 { slot = (slot + 1) & tableMask }
    }
    let index = count
    if wordCount > 0 {
      (words + index * wordCount).update(from: state.baseAddress!, count: wordCount)
    }
    parents[index] = parent
    table[slot] = (UInt64(tag) << 32) | UInt64(index + 1)
    storedCount = index + 1
    return .inserted(index)
  }

  @inlinable
  func equals(_ index: Int, _ state: UnsafeBufferPointer<UInt64>) -> Bool {
    let stored = words + index * wordCount
    for i in 0..<wordCount where stored[i] != state[i] { return false }
    return true
  }

  /// Makes room for `states` states (arena and table), within the memory budget. Inlinable so
  /// it is optimized with the model that uses the store, even in debug builds.
  @inlinable
  func reserve(_ states: Int) -> Bool {
    if states > Int(UInt32.max) - 1 { return false }
    var newCapacity = capacity
    while newCapacity < states { newCapacity += max(newCapacity / 2, 1024) }
    newCapacity = min(newCapacity, Int(UInt32.max) - 1)
    var newTableSize = tableMask + 1
    while newTableSize * 3 / 5 < states { newTableSize <<= 1 }
    let stateBytes = wordCount * 8 + 4
    let current = byteCount
    let after = newCapacity * stateBytes + newTableSize * 8
    // While growing, the old and new blocks coexist.
    let transient =
      after + (newCapacity != capacity ? capacity * stateBytes : 0)
      + (newTableSize != tableMask + 1 ? (tableMask + 1) * 8 : 0)
    let peak = max(after, transient, current)
    if peak > memoryBudget {
      refusedByteCount = peak
      return false
    }
    if let pool {
      guard pool.reserve(peak - current) else {
        // What all the stores drawing on the pool would have held together.
        refusedByteCount = pool.reserved - pooledBytes + peak
        return false
      }
    }
    var grown = true
    if newCapacity != capacity { grown = growArena(to: newCapacity) }
    if grown && newTableSize != tableMask + 1 { grown = rebuildTable(size: newTableSize) }
    if let pool {
      // Keep what the store now holds; give back the transient peak (and all of it on failure).
      pool.release(peak - byteCount)
      pooledBytes = byteCount
    }
    if !grown { refusedByteCount = peak }
    return grown && count < capacity && count < tableLimit
  }

  /// Moves the arena and parents to blocks of `newCapacity` states; false (nothing changed) when
  /// the system refuses the memory.
  @inlinable
  func growArena(to newCapacity: Int) -> Bool {
    guard let newWords = Self.allocate(UInt64.self, max(newCapacity * wordCount, 1)) else { return false }
    guard let newParents = Self.allocate(UInt32.self, newCapacity) else {
      free(newWords)
      return false
    }
    newWords.update(from: words, count: count * wordCount)
    free(words)
    words = newWords
    newParents.update(from: parents, count: count)
    free(parents)
    parents = newParents
    capacity = newCapacity
    return true
  }

  /// Rehashes into a table of `size` entries; false (nothing changed) when the system refuses.
  @inlinable
  func rebuildTable(size: Int) -> Bool {
    guard let fresh = Self.allocate(UInt64.self, size) else { return false }
    let old = table
    let oldSize = tableMask + 1
    table = fresh
    table.initialize(repeating: 0, count: size)
    tableMask = size - 1
    tableLimit = size * 3 / 5
    for i in 0..<oldSize {
      let entry = old[i]
      if entry == 0 { continue }
      var slot = Int(UInt32(truncatingIfNeeded: entry >> 32)) & tableMask
      while table[slot] != 0 { slot = (slot + 1) & tableMask }
      table[slot] = entry
    }
    free(old)
    return true
  }
}
