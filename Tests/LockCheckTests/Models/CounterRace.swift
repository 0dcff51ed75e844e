import LockCheck

/// Two threads increment a shared counter non-atomically: `tmp = x` then `x = tmp + 1`.
///
/// Words: `[x, pc0, tmp0, pc1, tmp1]`, pc 0 (read) → 1 (write) → 2 (done). By hand: 13 states
/// (1, 2, 3, 4, 3 at depths 0–4), 14 transitions; the lost update (both done, x == 1) is at depth 4.
enum CounterRace {
  static let lostUpdate = 0  // never: both done && x == 1
  static let bounded = 1  // always: x <= 2
  static let reachesTwo = 2  // reachable: x == 2
  static let deadlockFree = 3
  static let reachesThree = 4  // reachable: x == 3 (never)

  static let metadata = ModelMetadata(
    name: "examples/counter-race",
    threads: [ThreadInfo(name: "inc[0]"), ThreadInfo(name: "inc[1]")],
    steps: [
      StepInfo(
        thread: 0, label: "read0", code: "tmp = READ_ONCE(x);", location: "lib/count.c:bump", line: 3, resultSlot: 2),
      StepInfo(thread: 0, label: "write0", code: "WRITE_ONCE(x, tmp + 1);", location: "lib/count.c:bump", line: 4),
      StepInfo(
        thread: 1, label: "read1", code: "tmp = READ_ONCE(x);", location: "lib/count.c:bump", line: 3, resultSlot: 4),
      StepInfo(thread: 1, label: "write1", code: "WRITE_ONCE(x, tmp + 1);", location: "lib/count.c:bump", line: 4),
    ],
    slots: [
      SlotInfo(name: "x", format: .integer),
      SlotInfo(name: "inc[0].pc", format: .integer, hidden: true),
      SlotInfo(name: "inc[0].tmp", format: .integer),
      SlotInfo(name: "inc[1].pc", format: .integer, hidden: true),
      SlotInfo(name: "inc[1].tmp", format: .integer),
    ],
    properties: [
      PropertyInfo(name: "lost_update", kind: .never, expect: .violated),
      PropertyInfo(name: "bounded", kind: .always, expect: .holds),
      PropertyInfo(name: "reaches_two", kind: .reachable, expect: .holds),
      PropertyInfo(name: "deadlock_free", kind: .deadlockFree, expect: .holds),
      PropertyInfo(name: "reaches_three", kind: .reachable, expect: nil),
    ])

  static var system: ScriptedSystem {
    ScriptedSystem(
      metadata: metadata, wordCount: 5, initial: [[0, 0, 0, 0, 0]],
      successors: { s in
        var out: [(Transition, [UInt64])] = []
        for thread in 0..<2 {
          let pc = 1 + 2 * thread
          let tmp = pc + 1
          var next = s
          switch s[pc] {
          case 0:
            next[tmp] = s[0]
            next[pc] = 1
            out.append((Transition(thread, 2 * thread), next))
          case 1:
            next[0] = s[tmp] + 1
            next[pc] = 2
            out.append((Transition(thread, 2 * thread + 1), next))
          default: break
          }
        }
        return out
      },
      violated: { s in
        var bits: UInt64 = 0
        if s[1] == 2 && s[3] == 2 && s[0] == 1 { bits |= 1 << UInt64(lostUpdate) }
        if s[0] > 2 { bits |= 1 << UInt64(bounded) }
        return bits
      },
      reached: { s in
        (s[0] == 2 ? 1 << UInt64(reachesTwo) : 0) | (s[0] == 3 ? 1 << UInt64(reachesThree) : 0)
      },
      final: { s in s[1] == 2 && s[3] == 2 })
  }
}
