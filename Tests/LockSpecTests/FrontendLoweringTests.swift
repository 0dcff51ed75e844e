import LockCheck
import XCTest

@testable import LockSpec

final class FrontendLoweringTests: XCTestCase {
  static let refcount = """
    spec: examples/refcount-broken
    title: Refcount release that reads the count after dropping it
    description: |
      Two threads drop their reference; the one that sees the count reach 0 frees the object.
    sources:
      - "v4.13.9 kernel/fork.c mmput()"

    state:
      users:  {type: counter, max: 2, initial: 2}
      object: {type: resource}

    threads:
      putter:
        count: 2
        locals:
          last: {type: bool}
        steps:
          - label: dec
            code: "atomic_dec(&obj->users);"
            at: lib/example.c:put_object
            dec: users
          - label: read_count
            code: "if (atomic_read(&obj->users) == 0)"
            assign: {last: "users == 0"}
          - if: "last"
            then:
              - label: free_object
                code: "kfree(obj);"
                free: object

    properties:
      - name: no_double_free
        check: no_double_free
        expect: violated
    """

  func testDocumentExample() throws {
    let model = try XCTUnwrap(frontendLoad(Self.refcount, path: "specs/examples/refcount-broken.yaml"))
    XCTAssertEqual(model.name, "examples/refcount-broken")
    XCTAssertEqual(model.source, "specs/examples/refcount-broken.yaml")
    XCTAssertEqual(
      model.variables,
      [
        VariableIR(name: "users", type: .counter(max: 2), owner: nil, initial: [2]),
        VariableIR(name: "object", type: .resource, owner: nil, initial: [0]),
        VariableIR(name: "putter[0].last", type: .bool, owner: 0, initial: [0]),
        VariableIR(name: "putter[1].last", type: .bool, owner: 1, initial: [0]),
      ])
    XCTAssertEqual(model.threads.map(\.name), ["putter[0]", "putter[1]"])
    let expected: [Instruction] = [
      Instruction(
        kind: .actions([.dec(0)], next: 1),
        origin: StepOrigin(
          label: "dec", code: "atomic_dec(&obj->users);", location: "lib/example.c:put_object", line: 18),
        silent: false),
      Instruction(
        kind: .actions([.assign(2, .binary(.equal, .variable(0), .int(0)))], next: 2),
        origin: StepOrigin(label: "read_count", code: "if (atomic_read(&obj->users) == 0)", line: 22),
        silent: false),
      Instruction(kind: .branch(.variable(2), then: 3, else: 4), origin: StepOrigin(line: 25), silent: true),
      Instruction(
        kind: .actions([.free(1)], next: 4), origin: StepOrigin(label: "free_object", code: "kfree(obj);", line: 27),
        silent: false),
      Instruction(kind: .end, origin: StepOrigin(), silent: false),
    ]
    XCTAssertEqual(model.threads[0].instructions, expected)
    XCTAssertEqual(model.threads[1].instructions[2].kind, .branch(.variable(3), then: 3, else: 4))
    XCTAssertEqual(
      model.properties.map(\.name),
      [
        "no_double_free", "no_use_after_free", "lock_discipline", "deadlock_free", "assertions",
      ])
    XCTAssertEqual(
      model.properties[0],
      PropertyIR(
        name: "no_double_free", check: .noDoubleFree(threads: nil, resources: nil), expect: .violated,
        description: "", line: 32))
    XCTAssertEqual(
      model.properties[4],
      PropertyIR(name: "assertions", check: .assertions(rangeErrors: true), expect: .holds, description: "", line: 0))
  }
}

final class FrontendControlFlowLoweringTests: XCTestCase {
  private func instructions(_ text: String, thread: Int = 0) -> [Instruction] {
    frontendLoad(text)?.threads[thread].instructions ?? []
  }

  private func kinds(_ text: String, thread: Int = 0) -> [InstructionKind] {
    instructions(text, thread: thread).map(\.kind)
  }

  func testLoopUsesHiddenCounterAndSilentHeader() throws {
    let text = frontendThreadSpec(
      locals: "      found: {type: bool}",
      steps: """
            - label: scan
              loop:
                max: 3
                while: "!found"
                steps:
                  - assign: {found: "true"}
                  - if: "found"
                    then: [break]
                  - continue
            - loop:
                max: 2
                steps: [{code: "cpu_relax();"}]
        """)
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(
      model.variables.map(\.name), ["t.found", "t.scan#iter", "t.loop2#iter"])
    XCTAssertEqual(model.variables[1].type, .int(min: 0, max: 3))
    XCTAssertEqual(model.variables[1].owner, 0)
    let counter = Expr.variable(1)
    let code = model.threads[0].instructions
    XCTAssertEqual(
      code.map(\.kind),
      [
        .actions([.assign(1, .int(0))], next: 1),
        .branch(.binary(.and, .binary(.less, counter, .int(3)), .not(.variable(0))), then: 2, else: 7),
        .actions([.assign(0, .bool(true))], next: 3),
        .branch(.variable(0), then: 4, else: 5),
        .jump(7),
        .jump(6),
        .actions([.assign(1, .binary(.plus, counter, .int(1)))], next: 1),
        .actions([.assign(2, .int(0))], next: 8),
        .branch(.binary(.less, .variable(2), .int(2)), then: 9, else: 11),
        .actions([], next: 10),
        .actions([.assign(2, .binary(.plus, .variable(2), .int(1)))], next: 8),
        .end,
      ])
    XCTAssertEqual(code.map(\.silent), [false, true, true, true, true, true, true, true, true, false, true, false])
    XCTAssertEqual(code[0].origin.label, "scan")
  }

  func testLoopHeaderReadingSharedStateIsVisible() {
    let text = frontendThreadSpec(
      state: "  stop: {type: flag}",
      steps: """
            - loop:
                max: 1
                while: "!stop"
                steps: [{code: body}]
        """)
    XCTAssertEqual(instructions(text).map(\.silent), [true, false, false, true, false])
  }

  func testIfElseAndSilentRules() {
    let text = frontendThreadSpec(
      state: "  g: {type: bool}",
      locals: "      x: {type: bool}\n      y: {type: bool}",
      steps: """
            - if: "x"
              then: [{assign: {y: "!x"}}]
              else: [{assign: {y: "g"}}]
            - if: "g"
              then: []
            - label: named
              if: "x"
              then: []
            - assign: {g: "x"}
        """)
    let code = instructions(text)
    XCTAssertEqual(
      code.map(\.kind),
      [
        .branch(.variable(1), then: 1, else: 3),
        .actions([.assign(2, .not(.variable(1)))], next: 2),
        .jump(4),
        .actions([.assign(2, .variable(0))], next: 4),
        .branch(.variable(0), then: 5, else: 5),
        .branch(.variable(1), then: 6, else: 6),
        .actions([.assign(0, .variable(1))], next: 7),
        .end,
      ])
    XCTAssertEqual(code.map(\.silent), [true, true, true, false, false, false, false, false])
  }

  func testGotoChooseAwaitAndAtomic() {
    let text = frontendThreadSpec(
      state: """
          m: {type: mutex}
          f: {type: flag}
          objs: {type: resource}
          page: {type: resource}
        """,
      locals: "      ok: {type: bool}",
      steps: """
            - goto: out
            - lock: m
            - label: out
              choose:
                - [{trylock: m, into: ok}]
                - []
                - [{use: [objs, page]}]
            - await: "!f"
            - atomic:
                - set: f
                - if: "ok"
                  then: [{unlock: m}]
                - atomic: [{free: objs}]
        """)
    XCTAssertEqual(
      kinds(text),
      [
        .jump(2),
        .actions([.lock(0)], next: 2),
        .choose([3, 7, 5]),
        .actions([.trylock(0, into: 4)], next: 4),
        .jump(7),
        .actions([.use(2), .use(3)], next: 6),
        .jump(7),
        .await(.not(.variable(1)), next: 8),
        .actions([.setFlag(1), .conditional(.variable(4), then: [.unlock(0)], else: []), .free(2)], next: 9),
        .end,
      ])
  }

  func testProceduresInlineWithLocalsAndReturnValues() throws {
    let text = """
      state:
        sem: {type: rwsem, writer_priority: false}
      procedures:
        try_read:
          locals: {got: {type: bool}}
          returns: bool
          steps:
            - label: attempt
              down_read_trylock: sem
              into: got
            - return: "got"
      threads:
        reader:
          count: 2
          locals: {ok: {type: bool}}
          steps:
            - call: try_read
              into: ok
            - label: again
              call: try_read
        watcher:
          steps:
            - await: "reader[1]@attempt"
      """
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(
      model.variables.map(\.name), ["sem", "reader[0].ok", "reader[0].got", "reader[1].ok", "reader[1].got"])
    XCTAssertEqual(model.variables[0].type, .rwsem(writerPriority: false, maxReadHolds: 3))
    XCTAssertEqual(
      model.threads[1].instructions.map(\.kind),
      [
        .actions([.downReadTrylock(0, into: 4)], next: 1),
        .actions([.assign(3, .variable(4))], next: 2),
        .jump(3),
        .actions([.downReadTrylock(0, into: 4)], next: 4),
        .jump(5),
        .end,
      ])
    XCTAssertEqual(model.threads[1].instructions.map(\.silent), [false, true, false, false, true, false])
    XCTAssertEqual(model.threads[1].instructions[3].origin.label, "attempt")
    XCTAssertEqual(model.threads[2].instructions[0].kind, .await(.at(thread: 1, pcs: [0, 3]), next: 1))
  }

  func testNondeterministicInitialValuesAndEnums() throws {
    let text = """
      state:
        users: {type: counter, max: 2, initial: any}
        phase: {type: enum, values: [idle, running, exiting], initial: [running, idle]}
        n: {type: int, min: -2, max: 1}
        skip: {type: flag, initial: any}
        pgtables: {type: resource, initial: freed}
        ready: {type: bool, initial: true}
        lock: {type: spinlock}
      threads:
        t:
          steps:
            - assign: {phase: exiting, n: "-1 - n"}
            - assert: "phase != idle && exiting != phase"
      """
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(model.variables.map(\.initial), [[0, 1, 2], [1, 0], [-2], [0, 1], [1], [1], [0]])
    XCTAssertEqual(model.variables[6].type, .spinlock)
    XCTAssertEqual(
      model.threads[0].instructions.map(\.kind),
      [
        .actions([.assign(1, .int(2)), .assign(2, .binary(.minus, .int(-1), .variable(2)))], next: 1),
        .actions(
          [
            .assert(
              .binary(.and, .binary(.notEqual, .variable(1), .int(0)), .binary(.notEqual, .int(2), .variable(1))),
              property: 4)
          ], next: 2),
        .end,
      ])
  }

  func testParallelAssignmentReadsOldValues() throws {
    let text = frontendThreadSpec(
      locals: "      a: {type: int, min: 0, max: 9}\n      b: {type: int, min: 0, max: 9}",
      steps: "      - assign: {b: \"3\", a: \"b + 1\"}")
    XCTAssertEqual(
      kinds(text).first,
      .actions([.assign(0, .binary(.plus, .variable(1), .int(1))), .assign(1, .int(3))], next: 1))
    let swap = frontendThreadSpec(
      locals: "      a: {type: int, min: 0, max: 9}\n      b: {type: int, min: 0, max: 9}",
      steps: "      - assign: {a: \"b\", b: \"a\"}")
    XCTAssertEqual(
      frontendDiagnostics(swap),
      ["t.yaml:7:18: error: assign: the values of 'a', 'b' read each other's targets; split the step"])
  }

  func testStepWithOnlyCommonKeysIsVisibleNoOp() {
    let text = frontendThreadSpec(
      steps: "      - code: \"exit_aio(mm);\"\n        at: fs/aio.c:exit_aio\n        note: no state")
    let code = instructions(text)
    XCTAssertEqual(code.first?.kind, .actions([], next: 1))
    XCTAssertEqual(code.first?.silent, false)
    XCTAssertEqual(code.first?.origin, StepOrigin(code: "exit_aio(mm);", location: "fs/aio.c:exit_aio", line: 4))
  }
}

final class FrontendPropertyLoweringTests: XCTestCase {
  func testDeclaredPropertiesScopesAndImplicitOnes() throws {
    let text = """
      state:
        mmap_sem: {type: rwsem}
        pgtables: {type: resource}
        vmas: {type: resource}
        unmapped: {type: flag}
      threads:
        oom_reaper:
          locals: {locked: {type: bool}}
          steps:
            - label: reap
              use: pgtables
            - assert: "!unmapped"
              property: reaper_checks
        worker:
          count: 2
          steps:
            - assert: "true"
              property: reaper_checks
      properties:
        - name: reaper_no_uaf
          description: the reaper never touches freed page tables
          check: no_use_after_free
          threads: [oom_reaper, "worker[1]"]
          resources: [pgtables, vmas]
          expect: holds
        - name: seen
          check: reachable
          condition: "oom_reaper@reap && oom_reaper.locked && write_locked(mmap_sem)"
        - name: reaper_checks
          check: assertions
          expect: violated
        - name: locks_of_workers
          check: lock_discipline
          threads: [worker]
          locks: [mmap_sem]
      """
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(
      model.properties.map(\.name),
      ["reaper_no_uaf", "seen", "reaper_checks", "locks_of_workers", "no_double_free", "deadlock_free"])
    XCTAssertEqual(model.properties[0].check, .noUseAfterFree(threads: [0, 2], resources: [1, 2]))
    XCTAssertEqual(model.properties[0].description, "the reaper never touches freed page tables")
    XCTAssertEqual(model.properties[0].line, 20)
    XCTAssertEqual(
      model.properties[1].check,
      .reachable(.binary(.and, .binary(.and, .at(thread: 0, pcs: [0]), .variable(4)), .writeLocked(0))))
    XCTAssertNil(model.properties[1].expect)
    XCTAssertEqual(model.properties[2].check, .assertions(rangeErrors: false))
    XCTAssertEqual(model.properties[3].check, .lockDiscipline(threads: [1, 2], locks: [0]))
    XCTAssertEqual(model.threads[0].instructions[1].kind, .actions([.assert(.not(.variable(3)), property: 2)], next: 2))
    // The spec declares an assertions check, so there is no implicit `assertions` property and a
    // plain assert has nowhere to go.
    XCTAssertEqual(
      frontendDiagnostics(
        text.replacingOccurrences(of: "\"true\"\n        property: reaper_checks\n", with: "\"true\"\n")),
      ["t.yaml:17:9: error: assert without 'property:' needs a property named 'assertions' (check: assertions)"])
  }

  func testDeclaredAssertionsPropertyReceivesPlainAsserts() throws {
    let text =
      frontendThreadSpec(steps: "      - assert: \"true\"") + """
        properties:
          - name: assertions
            check: assertions
            expect: holds
          - name: dl
            check: deadlock_free
            expect: violated
        """
    let model = try XCTUnwrap(frontendLoad(text))
    XCTAssertEqual(
      model.properties.map(\.name),
      ["assertions", "dl", "no_use_after_free", "no_double_free", "lock_discipline"])
    XCTAssertEqual(model.properties[0].check, .assertions(rangeErrors: true))
    XCTAssertEqual(model.threads[0].instructions[0].kind, .actions([.assert(.bool(true), property: 0)], next: 1))
  }

  func testDefaultNameAndSpecKey() throws {
    let text = frontendThreadSpec(steps: "      - code: x")
    XCTAssertEqual(try SpecLoader.load(text: text, path: "specs/a/b.yaml", defaultName: "a/b").name, "a/b")
    XCTAssertEqual(
      try SpecLoader.load(text: "spec: other\n" + text, path: "specs/a/b.yaml", defaultName: "a/b").name, "other")
  }

  func testParseThenLowerEditedDocument() throws {
    let text = frontendThreadSpec(steps: "      - label: first\n        code: x")
    var document = try SpecLoader.parse(text: text, path: "base.yaml")
    XCTAssertEqual(
      document.threads[0].steps[0].label, Located("first", at: SourceLocation(path: "base.yaml", line: 4, column: 16)))
    let patchLocation = SourceLocation(path: "patch.yaml", line: 3, column: 7)
    document.threads[0].steps.append(
      Step(label: Located("second", at: patchLocation), code: "y", location: patchLocation))
    let model = try SpecLoader.lower(document, defaultName: "patched")
    XCTAssertEqual(model.threads[0].instructions.map(\.origin.label), ["first", "second", ""])
    XCTAssertEqual(model.threads[0].instructions[1].origin.line, 3)

    document.threads[0].steps.append(Step(action: .goto(Located("first", at: patchLocation)), location: patchLocation))
    XCTAssertThrowsError(try SpecLoader.lower(document, defaultName: "patched")) { error in
      XCTAssertEqual(
        (error as? SpecLoadError)?.diagnostics.map(\.description),
        ["patch.yaml:3:7: error: unbounded loop: goto may only jump forward; use loop with max"])
    }
  }
}
