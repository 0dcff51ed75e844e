import LockCheck

/// `exit` drops `mm_users` and frees the page tables; `oom_reaper` trylocks `mmap_sem` (always
/// succeeds here) and then walks the page tables: a use after free when exit went first.
///
/// Words: `[mm_users, pgtables, pcExit, pcReaper, locked]`. The shortest violation has 4 steps:
/// exit, exit, reaper trylock, reaper unmap (the fault).
enum UseAfterFree {
  static let noUAF = 0
  static let noDoubleFree = 1

  static let metadata = ModelMetadata(
    name: "mm-exit/toy",
    threads: [ThreadInfo(name: "exit"), ThreadInfo(name: "oom_reaper")],
    steps: [
      StepInfo(thread: 0, label: "mmput", code: "mmput(mm)", location: "kernel/fork.c:mmput", line: 10),
      StepInfo(
        thread: 0, label: "free_pgtables", code: "free_pgtables(tlb, vma)", location: "mm/mmap.c:exit_mmap",
        line: 11, frees: ["pgtables"]),
      StepInfo(
        thread: 1, label: "trylock", code: "down_read_trylock(&mm->mmap_sem)",
        location: "mm/oom_kill.c:__oom_reap_task_mm", line: 20, resultSlot: 4),
      StepInfo(
        thread: 1, label: "unmap", code: "unmap_page_range(...)", location: "mm/memory.c:unmap_page_range", line: 21),
    ],
    slots: [
      SlotInfo(name: "mm_users", format: .integer),
      SlotInfo(name: "pgtables", format: .names(["live", "freed"])),
      SlotInfo(name: "exit.pc", format: .integer, hidden: true),
      SlotInfo(name: "oom_reaper.pc", format: .integer, hidden: true),
      SlotInfo(name: "oom_reaper.locked", format: .names(["failed", "ok"])),
    ],
    properties: [
      PropertyInfo(name: "reaper_no_uaf", kind: .noUseAfterFree, expect: .holds),
      PropertyInfo(name: "no_double_free", kind: .noDoubleFree, expect: .holds),
    ])

  static var system: ScriptedSystem {
    ScriptedSystem(
      metadata: metadata, wordCount: 5, initial: [[1, 0, 0, 0, 0]],
      successors: { s in
        var out: [(Transition, [UInt64])] = []
        var next = s
        switch s[2] {
        case 0:
          next[0] -= 1
          next[2] = 1
          out.append((Transition(0, 0), next))
        case 1:
          next[1] = 1
          next[2] = 2
          out.append((Transition(0, 1, faults: s[1] == 1 ? 1 << UInt64(noDoubleFree) : 0), next))
        default: break
        }
        next = s
        switch s[3] {
        case 0:
          next[4] = 1
          next[3] = 1
          out.append((Transition(1, 2), next))
        case 1:
          next[3] = 2
          out.append((Transition(1, 3, faults: s[1] == 1 ? 1 << UInt64(noUAF) : 0), next))
        default: break
        }
        return out
      },
      final: { s in s[2] == 2 && s[3] == 2 },
      notes: { s, thread in
        thread == 1 && s[3] == 1 && s[1] == 1
          ? [FaultNote(property: noUAF, message: "use after free of pgtables", resource: "pgtables")] : []
      })
  }
}
