import LockCheck

/// Finds the interchangeable threads of a model: the instances `name[0]`, `name[1]`, ... of a
/// thread declared with `count: N`, when nothing can tell them apart.
///
/// The instances are lowered from one declaration, so their code is the same up to which
/// instance owns each local; that is checked again here (same instructions, same locals). A
/// group is kept only when swapping two members' local states is an automorphism of the model:
/// no member writes a slot that records a lock's owner (`lock`, `down_write` and their trylocks
/// and releases: the owner would need renaming too), no step and no property reads or writes a
/// member's slots except that member's own steps (the slots `StepAccessAnalysis` finds, so
/// `at`, `done`, `holds` and locals are all covered), and every thread-scoped property scopes
/// all members or none.
struct SymmetryAnalysis {
  let model: ModelIR
  let slots: SlotPlan
  /// Per step: what it reads and writes (`StepAccessAnalysis`).
  let access: [StepAccess]
  /// Per step: its thread.
  let stepThreads: [Int]
  /// Per property: the slots its conditions read.
  let propertyReads: [Set<Int>]

  func facts() -> SymmetryFacts? {
    var groups: [[[Int]]] = []
    for members in candidateGroups() where isInterchangeable(members) {
      groups.append(members.map(block))
    }
    guard !groups.isEmpty else { return nil }
    return SymmetryFacts(
      groups: groups, words: slots.slots.map(\.word), shifts: slots.slots.map(\.shift), bits: slots.slots.map(\.bits))
  }

  /// Threads named `base[i]`, grouped by `base`, in thread order; groups of two or more.
  func candidateGroups() -> [[Int]] {
    var order: [String] = []
    var byBase: [String: [Int]] = [:]
    for (t, thread) in model.threads.enumerated() {
      guard thread.name.hasSuffix("]"), let open = thread.name.lastIndex(of: "[") else { continue }
      let base = String(thread.name[..<open])
      if byBase[base] == nil { order.append(base) }
      byBase[base, default: []].append(t)
    }
    return order.compactMap { byBase[$0] }.filter { $0.count > 1 }
  }

  /// The locals a thread owns, in declaration order.
  func locals(of thread: Int) -> [Int] {
    model.variables.indices.filter { model.variables[$0].owner == thread }
  }

  /// The slots of a member's local state: program counter, waiting bit, read holds, locals.
  func block(_ thread: Int) -> [Int] {
    [slots.pcSlot[thread], slots.waitingSlot[thread]] + slots.readHoldSlots[thread]
      + locals(of: thread).map {
        slots.variableSlot[$0]
      }
  }

  func isInterchangeable(_ members: [Int]) -> Bool {
    let first = members[0]
    let firstLocals = locals(of: first)
    for member in members {
      let own = locals(of: member)
      // Same locals (type, initial values, name after the owner's), none of them a lock.
      guard own.count == firstLocals.count else { return false }
      for (a, b) in zip(own, firstLocals) {
        let x = model.variables[a]
        let y = model.variables[b]
        guard x.type == y.type, x.initial == y.initial, !x.type.isLock, suffix(x.name) == suffix(y.name) else {
          return false
        }
      }
      // Same code once each member's locals are renamed to the first member's.
      let rename = Dictionary(uniqueKeysWithValues: zip(own, firstLocals))
      let mine = model.threads[member].instructions
      let theirs = model.threads[first].instructions
      guard mine.count == theirs.count else { return false }
      for (a, b) in zip(mine, theirs) where renamed(a, rename) != b {
        return false
      }
    }
    // What names a member reads one of its slots (its program counter, read holds, locals):
    // no step may touch another member's slots, and no property may read any member's. A
    // member may not write a slot that records a lock's owner.
    let blocks = Dictionary(uniqueKeysWithValues: members.map { ($0, Set(block($0))) })
    let memberSlots = blocks.values.reduce(into: Set<Int>()) { $0.formUnion($1) }
    let ownerSlots = Set(
      model.variables.indices.compactMap { v -> Int? in
        switch model.variables[v].type {
        case .rwsem: return slots.rwsemSlots(of: v).writer
        case .mutex, .spinlock: return slots.variableSlot[v]
        default: return nil
        }
      })
    for (step, access) in access.enumerated() {
      let thread = stepThreads[step]
      let touched = Set(access.reads).union(access.writes)
      let foreign = memberSlots.subtracting(blocks[thread] ?? [])
      guard touched.isDisjoint(with: foreign) else { return false }
      if blocks[thread] != nil && !ownerSlots.isDisjoint(with: access.writes) { return false }
    }
    let memberSet = Set(members)
    for (p, property) in model.properties.enumerated() {
      guard propertyReads[p].isDisjoint(with: memberSlots) else { return false }
      switch property.check {
      case .noUseAfterFree(let threads, _), .noDoubleFree(let threads, _), .lockDiscipline(let threads, _):
        if let threads {
          let scoped = memberSet.intersection(threads).count
          if scoped != 0 && scoped != members.count { return false }
        }
      default: break
      }
    }
    return true
  }

  /// A local's name without its owner (`scanner[2].i` -> `i`).
  func suffix(_ name: String) -> Substring {
    name.firstIndex(of: ".").map { name[name.index(after: $0)...] } ?? Substring(name)
  }

  /// `instruction` with every variable in `rename` replaced.
  func renamed(_ instruction: Instruction, _ rename: [Int: Int]) -> Instruction {
    func v(_ x: Int) -> Int { rename[x] ?? x }
    func e(_ expr: Expr) -> Expr {
      switch expr {
      case .variable(let x): return .variable(v(x))
      case .freed(let x): return .freed(v(x))
      case .readers(let x): return .readers(v(x))
      case .writeLocked(let x): return .writeLocked(v(x))
      case .holds(let t, let x): return .holds(thread: t, lock: v(x))
      case .not(let inner): return .not(e(inner))
      case .binary(let op, let l, let r): return .binary(op, e(l), e(r))
      case .int, .bool, .at, .done: return expr
      }
    }
    func a(_ action: Action) -> Action {
      switch action {
      case .assign(let x, let value): return .assign(v(x), e(value))
      case .downRead(let x): return .downRead(v(x))
      case .upRead(let x): return .upRead(v(x))
      case .downWrite(let x): return .downWrite(v(x))
      case .upWrite(let x): return .upWrite(v(x))
      case .downReadTrylock(let x, let into): return .downReadTrylock(v(x), into: into.map(v))
      case .downWriteTrylock(let x, let into): return .downWriteTrylock(v(x), into: into.map(v))
      case .lock(let x): return .lock(v(x))
      case .unlock(let x): return .unlock(v(x))
      case .trylock(let x, let into): return .trylock(v(x), into: into.map(v))
      case .inc(let x): return .inc(v(x))
      case .dec(let x): return .dec(v(x))
      case .decAndTest(let x, let into): return .decAndTest(v(x), into: into.map(v))
      case .incNotZero(let x, let into): return .incNotZero(v(x), into: into.map(v))
      case .read(let x, let into): return .read(v(x), into: v(into))
      case .setFlag(let x): return .setFlag(v(x))
      case .clearFlag(let x): return .clearFlag(v(x))
      case .testFlag(let x, let into): return .testFlag(v(x), into: v(into))
      case .testAndSet(let x, let into): return .testAndSet(v(x), into: into.map(v))
      case .free(let x): return .free(v(x))
      case .use(let x): return .use(v(x))
      case .assert(let condition, let property): return .assert(e(condition), property: property)
      case .conditional(let condition, let then, let otherwise):
        return .conditional(e(condition), then: then.map(a), else: otherwise.map(a))
      }
    }
    var copy = instruction
    switch instruction.kind {
    case .actions(let actions, let next): copy.kind = .actions(actions.map(a), next: next)
    case .branch(let condition, let then, let otherwise): copy.kind = .branch(e(condition), then: then, else: otherwise)
    case .await(let condition, let next): copy.kind = .await(e(condition), next: next)
    case .jump, .choose, .end: break
    }
    return copy
  }
}
