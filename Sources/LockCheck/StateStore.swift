import LockCheckPrefetch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every state found so far, in discovery order: a flat arena of fixed-width states, their parent
/// indices (unless the search rebuilds its paths otherwise), and an open-addressing hash table
/// that deduplicates them.
///
/// States are stored in `stateBytes` bytes each, the bytes their slots can use (the last word's
/// unused high bytes are always zero, so they are not kept), read back with unaligned loads.
/// Cost per state: `stateBytes + 4` bytes of arena and parents (`stateBytes` without parents), plus 5.7–11.4 bytes of hash
/// table (one `UInt32` entry per slot at a load of 0.35–0.7). An entry holds the state's index
/// in its low `log2(table size)` bits and, above them, the top bits of the state's hash as a
/// tag, compared before the arena is touched. The arena grows in place (`realloc`, which moves
/// pages instead of copying them once blocks are large) and the table is rebuilt from the arena,
/// so growth never holds two copies of either. Indices are `UInt32`, so at most
/// `UInt32.max - 1` states fit. Memory comes from `malloc`, so an allocation the system refuses
/// (an address-space or cgroup limit) ends the search as `full` instead of aborting. Lookups may
/// run on several threads at once; an insertion must run alone.
public final class StateStore {
  /// Parent index of a root (initial) state.
  public static let noParent = UInt32.max

  /// Number of 64-bit words in one state.
  public let wordCount: Int
  /// Bytes of one stored state: the words before the last whole, and the low bytes of the last.
  public let stateBytes: Int
  /// The bits of a state's last word that are stored.
  @usableFromInline let tailMask: UInt64
  /// Number of states stored.
  @inlinable public var count: Int { storedCount }

  @usableFromInline var storedCount: Int = 0

  /// `capacity * stateBytes` bytes of states and 8 of padding, so the unaligned load of the last
  /// state's last word stays inside the block.
  @usableFromInline var arena: UnsafeMutableRawPointer
  /// The parent index of every state; nil when the store keeps none (`keepsParents` false).
  @usableFromInline var parents: UnsafeMutablePointer<UInt32>?
  /// Whether `parent(of:)` is available: a search whose paths are rebuilt another way (from
  /// breadth-first levels) saves the 4 bytes per state.
  public let keepsParents: Bool
  /// Capacity of `arena` and `parents`, in states.
  @usableFromInline var capacity: Int
  /// Entries: 0 when empty, else `tag | (index + 1)`, where `tag` is the top `32 - indexBits`
  /// bits of the state's hash shifted above the index. A probe starts at the slot the hash's low
  /// bits give.
  @usableFromInline var table: UnsafeMutablePointer<UInt32>
  @usableFromInline var tableMask: Int
  /// `log2` of the table size: the bits of an entry that hold `index + 1`.
  @usableFromInline var indexBits: Int
  /// Grow the table when `count` reaches this (70% load).
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
  /// states before growing; growth never takes the estimate past `memoryBudget` bytes. A state's
  /// last word keeps only its low `stateBytes - 8 * (wordCount - 1)` bytes (all 8 when nil); the
  /// caller promises the others are zero (a state with other bits set is stored as new, never
  /// confused with another). Without `keepsParents` the parents passed to `insert` are dropped.
  public init(
    wordCount: Int, stateBytes: Int? = nil, initialCapacity: Int = 1 << 12, memoryBudget: Int = Int.max,
    pool: MemoryPool? = nil, keepsParents: Bool = true
  ) {
    precondition(wordCount >= 0, "wordCount must not be negative")
    self.wordCount = wordCount
    let bytes = wordCount == 0 ? 0 : min(max(stateBytes ?? wordCount * 8, wordCount * 8 - 7), wordCount * 8)
    self.stateBytes = bytes
    let tailBytes = bytes - max(wordCount - 1, 0) * 8
    tailMask = tailBytes >= 8 ? ~0 : (UInt64(1) << UInt64(tailBytes * 8)) - 1
    self.memoryBudget = memoryBudget
    self.pool = pool
    let states = min(max(initialCapacity, 16), 1 << 20)
    capacity = states
    arena = malloc(states * bytes + 8)!
    self.keepsParents = keepsParents
    parents = keepsParents ? Self.allocate(UInt32.self, states)! : nil
    var tableSize = 16
    while Self.loadLimit(tableSize) < states { tableSize <<= 1 }
    table = Self.allocateZeroed(tableSize)!
    tableMask = tableSize - 1
    indexBits = tableSize.trailingZeroBitCount
    tableLimit = Self.loadLimit(tableSize)
    if let pool {
      // The first blocks are small; they count against the pool even if it is already full.
      pooledBytes = byteCount
      pool.force(pooledBytes)
    }
  }

  deinit {
    free(arena)
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

  /// `count` zeroed table entries, or nil when the system refuses. The block is written once
  /// before use: a fresh page that is read first (a probe finds the empty slot before it fills
  /// it) is mapped to the shared zero page, and the write that follows costs a second fault and
  /// a TLB flush on every core the process runs on. Writing first costs one fault per page.
  @inlinable
  static func allocateZeroed(_ count: Int) -> UnsafeMutablePointer<UInt32>? {
    let bytes = max(count, 1) * MemoryLayout<UInt32>.stride
    guard let raw = malloc(bytes) else { return nil }
    memset(raw, 0, bytes)
    return raw.bindMemory(to: UInt32.self, capacity: count)
  }

  /// How many states a table of `size` entries holds before it grows (70% load).
  @inlinable
  static func loadLimit(_ size: Int) -> Int { size / 10 * 7 + size % 10 * 7 / 10 }

  /// Estimated bytes held by the store (arena, parents and table) and by the buffers its owner
  /// keeps beside it (`reserveSide`).
  public var byteCount: Int {
    capacity * (stateBytes + parentBytes) + 8 + (tableMask + 1) * 4 + sideByteCount
  }

  /// Bytes of the buffers the store's owner grows with the search (the explorer's breadth-first
  /// level starts and liveness bits), counted against the budget with the store's own.
  @usableFromInline var sideByteCount = 0

  /// Makes room for the owner's buffers to grow by `added` bytes while `copied` bytes of them are
  /// held twice (the old block until its copy is done), within the memory budget; false, the
  /// bytes refused recorded as for the store's own growth, when they do not fit.
  @inlinable
  public func reserveSide(adding added: Int, copying copied: Int) -> Bool {
    let peak = byteCount + added + copied
    guard admits(peak: peak) else { return false }
    sideByteCount += added
    if let pool {
      pool.release(peak - byteCount)
      pooledBytes = byteCount
    }
    return true
  }

  /// Makes room for one more element in `buffer`, one of the owner's buffers that grows with the
  /// search, counting its growth (by half, at least `minimumGrowth` elements) with `reserveSide`;
  /// false when it does not fit. `accounted` is the capacity counted so far: the count, not the
  /// capacity the allocator rounded it to, decides when to grow, so the figures are the same on
  /// every run. Returns the bytes newly counted in `added`.
  @inlinable
  public func reserveSide<Element>(
    forOneMoreIn buffer: inout [Element], accounted: inout Int, minimumGrowth: Int, added: inout Int
  ) -> Bool {
    guard buffer.count >= accounted else { return true }
    let stride = MemoryLayout<Element>.stride
    let grown = buffer.count + max(buffer.count / 2, minimumGrowth)
    guard reserveSide(adding: (grown - accounted) * stride, copying: accounted * stride) else { return false }
    added += (grown - accounted) * stride
    buffer.reserveCapacity(grown)
    accounted = grown
    return true
  }

  /// Gives back `bytes` of what `reserveSide` counted (buffers the owner freed).
  @inlinable
  public func releaseSide(_ bytes: Int) {
    let released = min(max(bytes, 0), sideByteCount)
    sideByteCount -= released
    if let pool {
      pool.release(released)
      pooledBytes = byteCount
    }
  }

  /// Whether the store may hold `peak` estimated bytes for a moment: within the budget, and the
  /// growth beyond what it holds reserved from the pool (if any). When not, the bytes refused
  /// are recorded: `peak`, or with a pool what all its stores would have held together.
  @inlinable
  func admits(peak: Int) -> Bool {
    if peak > memoryBudget {
      refusedByteCount = peak
      return false
    }
    if let pool {
      guard pool.reserve(peak - byteCount) else {
        refusedByteCount = pool.reserved - pooledBytes + peak
        return false
      }
    }
    return true
  }

  /// Bytes of parent index per state: 4, or 0 when the store keeps no parents.
  @inlinable
  var parentBytes: Int { keepsParents ? 4 : 0 }

  /// The entry bits above the index: the top bits of `hash` (none once the index takes all 32).
  @inlinable
  func tag(_ hash: UInt64) -> UInt32 {
    UInt32(truncatingIfNeeded: hash >> UInt64(32 + indexBits)) << UInt32(indexBits)
  }

  /// The entry bits that hold `index + 1`.
  @inlinable
  var indexMask: UInt32 { UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(indexBits)) - 1) }

  /// The words of state `index`.
  @inlinable
  public func state(at index: Int) -> [UInt64] {
    [UInt64](unsafeUninitializedCapacity: wordCount) { buffer, initialized in
      copyState(at: index, into: buffer)
      initialized = wordCount
    }
  }

  /// The index of the state `index` was first reached from, or `StateStore.noParent`. Only a
  /// store that keeps parents has them (`keepsParents`).
  @inlinable
  public func parent(of index: Int) -> UInt32 {
    guard let parents else { preconditionFailure("this store keeps no parents") }
    return parents[index]
  }

  /// Copies state `index` into `buffer` (at least `wordCount` long).
  @inlinable
  public func copyState(at index: Int, into buffer: UnsafeMutableBufferPointer<UInt64>) {
    let base = arena + index * stateBytes
    let target = buffer.baseAddress.unsafelyUnwrapped
    for i in 0..<wordCount {
      target[i] = base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
    }
    if wordCount > 0 { target[wordCount - 1] &= tailMask }
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
    let tag = tag(hash)
    let indexMask = indexMask
    var slot = Int(truncatingIfNeeded: hash) & tableMask
    while true {
      let entry = table[slot]
      if entry == 0 { return nil }
      if entry & ~indexMask == tag {
        let candidate = Int(entry & indexMask) - 1
        if equals(candidate, state) { return candidate }
      }
      slot = (slot + 1) & tableMask
    }
  }

  /// Starts loading the table slot where a lookup of a state with this hash begins, so that the
  /// lookup, a little later, does not wait for memory.
  @inlinable
  public func prefetch(hash: UInt64) {
    lockcheck_prefetch(table + (Int(truncatingIfNeeded: hash) & tableMask))
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
    var tag = tag(hash)
    let indexMask = indexMask
    var slot = Int(truncatingIfNeeded: hash) & tableMask
    while true {
      let entry = table[slot]
      if entry == 0 { break }
      if entry & ~indexMask == tag {
        let candidate = Int(entry & indexMask) - 1
        if equals(candidate, state) { return .present(candidate) }
      }
      slot = (slot + 1) & tableMask
    }
    if count == capacity || count >= tableLimit {
      guard reserve(count + 1) else { return .full }
      // The table may have been rebuilt (wider index, shorter tag): find the free slot again.
      tag = self.tag(hash)
      slot = Int(truncatingIfNeeded: hash) & tableMask
      while table[slot] != 0 { slot = (slot + 1) & tableMask }
    }
    let index = count
    // Whole words, the last one too: its high bytes spill into the next state's room (or the
    // padding), which that state overwrites when it is stored.
    let base = arena + index * stateBytes
    for i in 0..<wordCount {
      base.storeBytes(of: state[i], toByteOffset: i * 8, as: UInt64.self)
    }
    if let parents { parents[index] = parent }
    table[slot] = tag | UInt32(index + 1)
    storedCount = index + 1
    return .inserted(index)
  }

  @inlinable
  func equals(_ index: Int, _ state: UnsafeBufferPointer<UInt64>) -> Bool {
    guard wordCount > 0 else { return true }
    let base = arena + index * stateBytes
    let last = wordCount - 1
    for i in 0..<last where base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self) != state[i] { return false }
    return base.loadUnaligned(fromByteOffset: last * 8, as: UInt64.self) & tailMask == state[last]
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
    while Self.loadLimit(newTableSize) < states { newTableSize <<= 1 }
    // An entry keeps `index + 1` in `log2(size)` bits of 32.
    if newTableSize > 1 << 32 { return false }
    let stateBytes = self.stateBytes + parentBytes
    let current = byteCount
    let after = newCapacity * stateBytes + 8 + newTableSize * 4 + sideByteCount
    // The arena may be copied while it grows (`realloc` of a block still on the heap), so count
    // the old one with the new; the table is freed before its successor is filled.
    let transient = after + (newCapacity != capacity ? capacity * stateBytes : 0)
    let peak = max(after, transient, current)
    guard admits(peak: peak) else { return false }
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

  /// Resizes the arena and parents to `newCapacity` states in place where `realloc` can; false
  /// (nothing changed) when the system refuses the memory.
  @inlinable
  func growArena(to newCapacity: Int) -> Bool {
    let (stateBytes, overflow) = newCapacity.multipliedReportingOverflow(by: self.stateBytes)
    guard !overflow, let newArena = realloc(arena, stateBytes + 8) else { return false }
    arena = newArena
    if let parents {
      guard let newParents = realloc(parents, newCapacity * 4) else {
        // The arena is larger than `capacity` needs now, which is harmless.
        return false
      }
      self.parents = newParents.bindMemory(to: UInt32.self, capacity: newCapacity)
    }
    capacity = newCapacity
    return true
  }

  /// States rehashed per batch when the table is rebuilt: their slots are prefetched together,
  /// so the batch's cache misses overlap instead of coming one after another.
  @usableFromInline static let rebuildBatch = 32

  /// Rehashes every stored state into a new table of `size` entries, the old one freed before
  /// the new one is filled; false (nothing changed) when the system refuses. States go in in
  /// index order, as before, so the table is the same as one filled by single insertions.
  @inlinable
  func rebuildTable(size: Int) -> Bool {
    guard let fresh = Self.allocateZeroed(size) else { return false }
    free(table)
    table = fresh
    tableMask = size - 1
    indexBits = size.trailingZeroBitCount
    tableLimit = Self.loadLimit(size)
    let batch = Self.rebuildBatch
    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(wordCount, 1) + batch) { buffer in
      let words = UnsafeMutableBufferPointer(rebasing: buffer[0..<max(wordCount, 1)])
      let hashes = buffer.baseAddress.unsafelyUnwrapped + max(wordCount, 1)
      var start = 0
      while start < count {
        let end = min(start + batch, count)
        for index in start..<end {
          copyState(at: index, into: words)
          let hash = Self.hash(UnsafeBufferPointer(start: words.baseAddress, count: wordCount))
          hashes[index - start] = hash
          lockcheck_prefetch(table + (Int(truncatingIfNeeded: hash) & tableMask))
        }
        for index in start..<end {
          let hash = hashes[index - start]
          var slot = Int(truncatingIfNeeded: hash) & tableMask
          while table[slot] != 0 { slot = (slot + 1) & tableMask }
          table[slot] = tag(hash) | UInt32(index + 1)
        }
        start = end
      }
    }
    return true
  }
}
