import LockCheck
import XCTest

@testable import LockSpec

/// The examples of docs/spec-language.md, assembled into specs that must load.
final class FrontendDocumentationTests: XCTestCase {
  func testStateActionsAndControlFlowExamples() throws {
    let text = """
      state:
        mmap_sem:     {type: rwsem}
        fair_sem:     {type: rwsem, writer_priority: false}
        ptl:          {type: spinlock}
        mm_users:     {type: counter, max: 2, initial: 1}
        MMF_OOM_SKIP: {type: flag}
        pgtables:     {type: resource}
        vmas:         {type: resource}
        unmapped:     {type: bool, initial: false}
        tries:        {type: int, min: 0, max: 3}
        phase:        {type: enum, values: [running, exiting, dead]}
        at_cursor:    {type: bool, initial: any}
        users:        {type: counter, max: 3, initial: [1, 2]}
      procedures:
        __oom_reap_task_mm:
          locals: {ret: {type: bool}}
          returns: bool
          steps:
            - down_read_trylock: mmap_sem
              into: ret
            - if: "!ret"
              then:
                - return: "false"
            - label: unmap
              use: vmas
            - up_read: mmap_sem
            - return: "true"
      threads:
        oom_reaper:
          locals:
            locked: {type: bool}
            reaped: {type: bool}
          steps:
            - call: __oom_reap_task_mm
              into: reaped
            - label: reaper_done
              code: "set_bit(MMF_OOM_SKIP, &mm->flags); mm->oom_reaper = 0;"
              atomic:
                - set: MMF_OOM_SKIP
                - if: "holds(oom_reaper, mmap_sem)"
                  then: [{up_read: mmap_sem}]
        exit:
          locals:
            locked: {type: bool}
            last: {type: bool}
          steps:
            - label: exit_aio
              code: "exit_aio(mm);"
              at: kernel/fork.c:__mmput
              note: touches no modelled state
            - label: take_mmap_sem
              code: "if (!down_read_trylock(&mm->mmap_sem))"
              down_read_trylock: mmap_sem
              into: locked
            - code: "mmput(mm);"
              dec_and_test: mm_users
              into: last
            - code: "unmap_vmas(); free_pgtables();"
              use: [vmas, pgtables]
            - assign: {phase: exiting, tries: "tries + 1"}
            - assert: "!MMF_OOM_SKIP || unmapped"
              property: skip_after_unmap
            - label: wait_for_reaper
              await: "done(oom_reaper)"
            - choose:
                - [{label: fast_path, code: "...", inc: mm_users}]
                - []
            - label: retry
              loop:
                max: 10
                while: "!locked"
                steps:
                  - down_read_trylock: mmap_sem
                    into: locked
                  - if: locked
                    then: [break]
                  - label: give_up
                    code: "goto out;"
                    break:
            - await: "phase == exiting && !holds(oom_reaper, mmap_sem)"
            - if: "readers(mmap_sem) > 0 || write_locked(mmap_sem)"
              then: []
            - assert: "!(oom_reaper@unmap && freed(pgtables))"
        worker:
          count: 2
          steps: [{code: x}]
      properties:
        - name: reaper_no_uaf
          description: the reaper never touches freed page tables or vmas
          check: no_use_after_free
          threads: [oom_reaper]
          resources: [pgtables, vmas]
          expect: holds
        - name: no_premature_oom_skip
          check: never
          condition: "MMF_OOM_SKIP && !unmapped"
          expect: violated
        - name: exit_can_finish
          check: reachable
          condition: "done(exit)"
        - name: workers_release_locks
          check: lock_discipline
          threads: [worker, "worker[1]"]
          locks: [mmap_sem]
        - name: skip_after_unmap
          check: assertions
          expect: holds
        - name: assertions
          check: assertions
      """
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(model.variables.count, 12 + 3 + 3)
    XCTAssertEqual(model.variables[10].initial, [0, 1])
    XCTAssertEqual(model.properties[3].check, .lockDiscipline(threads: [2, 3], locks: [0]))
    XCTAssertEqual(
      model.properties.map(\.name),
      [
        "reaper_no_uaf", "no_premature_oom_skip", "exit_can_finish", "workers_release_locks", "skip_after_unmap",
        "assertions", "no_double_free", "deadlock_free",
      ])
    let exit = model.threads[1].instructions
    XCTAssertEqual(exit.first { $0.origin.label == "give_up" }?.silent, false)
    XCTAssertEqual(model.variables.map(\.name).suffix(3), ["exit.locked", "exit.last", "exit.retry#iter"])
  }
}
