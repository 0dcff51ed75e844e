import LockCheck

/// Thread A locks a then b; thread B locks b then a: the classic ABBA deadlock.
///
/// Words: `[ownerA, ownerB, pcA, pcB]` with owners 0 free, 1 A, 2 B; pc 0–3 then 4 done.
/// The deadlock (a held by A, b held by B) is at depth 2: A `lock(a)`, B `lock(b)`.
enum ABBA {
  static let metadata = ModelMetadata(
    name: "examples/abba",
    threads: [ThreadInfo(name: "A"), ThreadInfo(name: "B")],
    steps: [
      StepInfo(thread: 0, label: "a_lock_a", code: "mutex_lock(&a);", location: "x.c:f", line: 1),
      StepInfo(thread: 0, label: "a_lock_b", code: "mutex_lock(&b);", location: "x.c:f", line: 2),
      StepInfo(thread: 0, label: "a_unlock_b", code: "mutex_unlock(&b);", location: "x.c:f", line: 3),
      StepInfo(thread: 0, label: "a_unlock_a", code: "mutex_unlock(&a);", location: "x.c:f", line: 4),
      StepInfo(thread: 1, label: "b_lock_b", code: "mutex_lock(&b);", location: "x.c:g", line: 5),
      StepInfo(thread: 1, label: "b_lock_a", code: "mutex_lock(&a);", location: "x.c:g", line: 6),
      StepInfo(thread: 1, label: "b_unlock_a", code: "mutex_unlock(&a);", location: "x.c:g", line: 7),
      StepInfo(thread: 1, label: "b_unlock_b", code: "mutex_unlock(&b);", location: "x.c:g", line: 8),
    ],
    slots: [
      SlotInfo(name: "a.owner", format: .names(["free", "A", "B"])),
      SlotInfo(name: "b.owner", format: .names(["free", "A", "B"])),
      SlotInfo(name: "A.pc", format: .integer, hidden: true),
      SlotInfo(name: "B.pc", format: .integer, hidden: true),
    ],
    properties: [
      PropertyInfo(name: "both_hold", kind: .never, expect: .holds),
      PropertyInfo(name: "deadlock_free", kind: .deadlockFree, expect: .holds),
    ])

  /// Per thread: the lock word each pc touches and whether it locks.
  static let program: [[(lock: Int, acquire: Bool)]] = [
    [(0, true), (1, true), (1, false), (0, false)],
    [(1, true), (0, true), (0, false), (1, false)],
  ]

  static var system: ScriptedSystem {
    ScriptedSystem(
      metadata: metadata, wordCount: 4, initial: [[0, 0, 0, 0]],
      successors: { s in
        var out: [(Transition, [UInt64])] = []
        for thread in 0..<2 {
          let pc = Int(s[2 + thread])
          guard pc < 4 else { continue }
          let op = program[thread][pc]
          var next = s
          if op.acquire {
            guard s[op.lock] == 0 else { continue }
            next[op.lock] = UInt64(thread + 1)
          } else {
            next[op.lock] = 0
          }
          next[2 + thread] += 1
          out.append((Transition(thread, 4 * thread + pc), next))
        }
        return out
      },
      violated: { s in s[0] == 2 && s[1] == 1 ? 1 : 0 },
      final: { s in s[2] == 4 && s[3] == 4 },
      resting: { s in (0..<2).map { t in s[2 + t] < 4 ? 4 * t + Int(s[2 + t]) : nil } })
  }
}
