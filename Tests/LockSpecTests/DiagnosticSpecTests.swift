import XCTest

@testable import LockSpec

/// Spec-level errors: shape, declarations, names, control flow, properties. Each test asserts the
/// exact diagnostics, `path:line:column` included.
final class DiagnosticSpecTests: XCTestCase {
  func testWrongTypesOfValues() {
    assertFrontendDiagnostics(
      """
      state: [a]
      threads:
        t:
          count: two
          steps: {a: 1}
      """,
      [
        "t.yaml:1:8: error: expected a mapping for 'state', found a list",
        "t.yaml:4:12: error: expected an integer for 'count', found 'two'",
        "t.yaml:5:12: error: expected a list for 'steps', found a mapping",
      ])
  }

  func testUnknownKeysSuggestCloseNames() {
    assertFrontendDiagnostics(
      """
      spec: x
      thread:
        t: {steps: []}
      state:
        users: {type: counter, max: 2, intial: 1}
      """,
      [
        "t.yaml:1:1: error: missing required key 'threads'",
        "t.yaml:2:1: error: unknown key 'thread' in the spec; did you mean 'threads'?",
        "t.yaml:5:34: error: unknown key 'intial' in a variable; did you mean 'initial'?",
      ])
    assertFrontendDiagnostics(
      frontendThreadSpec(steps: "      - lable: x\n        code: y\n      - colour: red"),
      [
        "t.yaml:4:9: error: unknown key 'lable' in a step; did you mean 'label'?",
        "t.yaml:6:9: error: unknown key 'colour' in a step",
      ])
  }

  func testVariableDeclarations() {
    assertFrontendDiagnostics(
      """
      state:
        c: {type: counter}
        d: {type: counter, max: 0}
        e: {type: counter, max: 2, initial: 3}
        i: {type: int, min: 5, max: 1}
        j: {type: int, min: 0, max: 100000, initial: any}
        b: {type: bool, initial: yes}
        r: {type: resource, initial: [live, live]}
        s: {type: semaphore}
        x: {type: mutex, max: 2}
        en: {type: enum, values: [a, a]}
        big: {type: int, min: 0, max: 99999999999999999999}
        m: {type: mutx}
        n: {}
      threads:
        t:
          locals:
            l: {type: rwsem}
            x: {type: bool}
          steps: [{code: x}]
      """,
      [
        "t.yaml:2:3: error: a counter needs 'max'",
        "t.yaml:3:27: error: 'max' of counter 'd' must be at least 1",
        "t.yaml:4:39: error: initial value 3 of 'e' is out of range 0...2",
        "t.yaml:5:23: error: 'min' of int 'i' must not exceed its 'max'",
        "t.yaml:6:48: error: 'initial: any' would enumerate 100001 values; at most 4096",
        "t.yaml:7:28: error: invalid initial value 'yes' for a bool; expected true, false or any",
        "t.yaml:8:39: error: initial value 'live' is listed twice",
        "t.yaml:9:13: error: unknown type 'semaphore'; expected one of rwsem, mutex, spinlock, counter, flag, "
          + "resource, bool, int, enum",
        "t.yaml:10:20: error: 'max' does not apply to a mutex",
        "t.yaml:11:32: error: duplicate enum value 'a'",
        "t.yaml:12:33: error: integer 99999999999999999999 is too large",
        "t.yaml:13:13: error: unknown type 'mutx'; did you mean 'mutex'?",
        "t.yaml:14:3: error: variable 'n' needs a 'type'",
        "t.yaml:18:7: error: locks may only be shared state; declare 'l' under 'state'",
        "t.yaml:19:7: error: local 'x' shadows the shared variable of that name",
      ])
  }

  func testUndefinedNamesAndWrongKindsOfVariables() {
    assertFrontendDiagnostics(
      """
      state:
        mm_users: {type: counter, max: 2}
        sem: {type: rwsem}
        obj: {type: resource}
      threads:
        w:
          count: 2
          locals: {ok: {type: bool}}
          steps:
            - label: s1
              down_write: sme
            - down_read: mm_users
            - free: [obj, mm_users]
            - lock: sem
            - assert: "ok"
              property: nope
      """,
      [
        "t.yaml:11:21: error: undefined variable 'sme'; did you mean 'sem'?",
        "t.yaml:12:20: error: mm_users is a counter, expected an rwsem",
        "t.yaml:13:21: error: mm_users is a counter, expected a resource",
        "t.yaml:14:15: error: sem is an rwsem, expected a mutex or spinlock",
        "t.yaml:16:19: error: undefined property 'nope'",
      ])
  }

  func testIntoMustNameALocalOfTheRightType() {
    assertFrontendDiagnostics(
      """
      state:
        sem: {type: rwsem}
        users: {type: counter, max: 2}
      threads:
        t:
          locals: {n: {type: int, min: 0, max: 2}, ok: {type: bool}}
          steps:
            - down_read_trylock: sem
              into: n
            - down_read_trylock: sem
              into: users
            - read: users
              into: ok
            - read: users
              into: nothing
            - inc: users
              into: ok
      """,
      [
        "t.yaml:9:15: error: n is an int, expected a bool",
        "t.yaml:11:15: error: 'into' needs a local of thread 't'; 'users' is shared state",
        "t.yaml:13:15: error: ok is a bool, expected an int",
        "t.yaml:15:15: error: 'nothing' is not a local of thread 't'",
        "t.yaml:17:9: error: 'into' does not apply to 'inc'",
      ])
  }

  func testStepShapes() {
    assertFrontendDiagnostics(
      """
      threads:
        t:
          locals: {v: {type: int, min: 0, max: 3}}
          steps:
            - {}
            - brake
            - lock: m
              inc: c
            - into: v
            - read: v
            - then: []
            - if: "true"
            - loop: {max: 0, steps: []}
            - loop: {max: 2}
            - choose: [[]]
            - choose: x
            - [a]
            - break: 1
            - label: 9bad
              code: x
      """,
      [
        "t.yaml:5:9: error: empty step: give it an action, or a label or code",
        "t.yaml:6:9: error: expected a step (a mapping), found 'brake'; did you mean 'break'?",
        "t.yaml:7:15: error: undefined variable 'm'",
        "t.yaml:8:9: error: a step has at most one action; found 'lock' and 'inc'",
        "t.yaml:9:9: error: 'into' needs an action with a result (read, test, trylock, call, ...)",
        "t.yaml:10:9: error: 'read' needs 'into' (the local that receives the result)",
        "t.yaml:10:15: error: v is an int, expected a counter",
        "t.yaml:11:9: error: 'then' needs 'if'",
        "t.yaml:12:9: error: 'if' needs 'then'",
        "t.yaml:13:21: error: loop 'max' must be between 1 and 1000",
        "t.yaml:14:9: error: 'loop' needs 'steps'",
        "t.yaml:15:17: error: 'choose' needs at least two branches, found 1",
        "t.yaml:16:17: error: expected a list of branches for 'choose', found 'x'",
        "t.yaml:17:9: error: expected a step (a mapping), found a list",
        "t.yaml:18:9: error: 'break' outside a loop",
        "t.yaml:18:16: error: 'break' takes no value",
        "t.yaml:19:16: error: '9bad' is not a valid label (letters, digits and _, not starting with a digit)",
      ])
  }

  func testLabelsAndGoto() {
    assertFrontendDiagnostics(
      """
      threads:
        t:
          steps:
            - label: a
              code: x
            - goto: nowhere
            - label: back
              goto: back
            - goto: a
            - goto: later
            - loop:
                max: 2
                steps:
                  - label: later
                    code: y
                  - continue
            - goto: elsewhere
            - continue
        u:
          steps:
            - label: a
              code: again
            - label: elsewhere
              code: z
      """,
      [
        "t.yaml:6:15: error: undefined label 'nowhere'",
        "t.yaml:8:15: error: unbounded loop: goto may only jump forward; use loop with max",
        "t.yaml:9:15: error: unbounded loop: goto may only jump forward; use loop with max",
        "t.yaml:10:15: error: goto may not jump into a loop",
        "t.yaml:17:15: error: goto: label 'elsewhere' is not in this thread; goto stays within its thread or "
          + "procedure",
        "t.yaml:18:9: error: 'continue' outside a loop",
        "t.yaml:21:16: error: duplicate label 'a' (first at line 4)",
      ])
  }

  func testAtomicMayHoldOnlyActionsAndIf() {
    assertFrontendDiagnostics(
      frontendThreadSpec(
        state: "  f: {type: flag}",
        steps: """
              - atomic:
                  - await: "f"
                  - goto: out
                  - loop: {max: 1, steps: []}
                  - label: inner
                    set: f
                  - if: "f"
                    then: [{clear: f}, {call: p}]
              - label: out
                code: x
          """),
      [
        "t.yaml:7:11: error: 'await' is not allowed inside 'atomic' (only actions and if)",
        "t.yaml:8:11: error: 'goto' is not allowed inside 'atomic' (only actions and if)",
        "t.yaml:9:11: error: 'loop' is not allowed inside 'atomic' (only actions and if)",
        "t.yaml:10:18: error: a step inside 'atomic' cannot have a label; label the atomic step",
        "t.yaml:13:30: error: 'call' is not allowed inside 'atomic' (only actions and if)",
      ])
  }

  func testProceduresCallsAndReturns() {
    assertFrontendDiagnostics(
      """
      procedures:
        p:
          returns: bool
          steps:
            - return
            - return: "1"
        q:
          steps:
            - return: "true"
        r:
          returns: float
          steps: []
        a:
          steps: [{call: b}]
        b:
          steps: [{call: a}]
        self_call:
          steps: [{call: self_call}]
      threads:
        t:
          locals: {v: {type: int, min: 0, max: 3}}
          steps:
            - call: p
              into: v
            - call: q
              into: v
            - call: s
            - return
            - call: a
      """,
      [
        "t.yaml:5:9: error: procedure 'p' returns bool; 'return' needs a value",
        "t.yaml:6:18: error: expected a bool, found an int",
        "t.yaml:9:17: error: procedure 'q' has no 'returns'; use a plain return",
        "t.yaml:11:14: error: unknown return type 'float'; expected bool or int",
        "t.yaml:14:20: error: recursive call: a -> b -> a",
        "t.yaml:16:20: error: recursive call: b -> a -> b",
        "t.yaml:18:20: error: recursive call: self_call -> self_call",
        "t.yaml:24:15: error: v is an int, expected a bool",
        "t.yaml:26:15: error: procedure 'q' returns no value; remove 'into'",
        "t.yaml:27:15: error: undefined procedure 's'",
        "t.yaml:28:9: error: 'return' outside a procedure",
      ])
  }

  func testProcedureLocalsConflictingWithThreadLocals() {
    assertFrontendDiagnostics(
      """
      procedures:
        p:
          locals: {ret: {type: int, min: 0, max: 1}}
          steps: [{assign: {ret: "1"}}]
      threads:
        t:
          locals: {ret: {type: bool}}
          steps: [{call: p}]
      """,
      [
        "t.yaml:3:14: error: local 'ret' of procedure 'p' conflicts with another local of that name in thread 't' "
          + "(a different type)",
        "t.yaml:4:29: error: expected a bool, found an int",
      ])
  }

  func testProperties() {
    assertFrontendDiagnostics(
      """
      state:
        sem: {type: rwsem}
        obj: {type: resource}
      threads:
        w:
          count: 2
          locals: {ok: {type: bool}}
          steps: [{code: x}]
      properties:
        - name: p
          check: never
          condition: "ok || w[0].nope || w"
        - name: p
          check: always
          condition: "true"
        - name: q
          check: deadlock_free
          threads: [w]
          condition: "true"
        - name: r
          check: never
        - name: no_double_free
          check: never
          condition: "true"
        - name: s
          check: no_use_after_free
          resources: [sem, nothing]
          threads: [zz, "w[5]"]
          expect: maybe
        - name: t
          check: reachble
        - check: never
        - name: u
        - just a string
      """,
      [
        "t.yaml:12:17: error: 'ok' is a local of thread 'w[0]'; write w[0].ok",
        "t.yaml:12:28: error: thread 'w[0]' has no local 'nope'",
        "t.yaml:12:36: error: 'w' is a thread; use w@label, done(w) or w.local",
        "t.yaml:13:11: error: duplicate property 'p' (first at line 10)",
        "t.yaml:18:15: error: 'threads' does not apply to check deadlock_free",
        "t.yaml:19:16: error: 'condition' does not apply to check deadlock_free",
        "t.yaml:21:12: error: check never needs a 'condition'",
        "t.yaml:22:11: error: a property named 'no_double_free' must have check: no_double_free",
        "t.yaml:27:17: error: sem is an rwsem, expected a resource",
        "t.yaml:27:22: error: undefined variable 'nothing'",
        "t.yaml:28:15: error: undefined thread 'zz'",
        "t.yaml:28:19: error: thread 'w' has no instance 5 (it has 2)",
        "t.yaml:29:13: error: 'expect' must be holds or violated, found 'maybe'",
        "t.yaml:31:12: error: unknown check 'reachble'; did you mean 'reachable'?",
        "t.yaml:32:5: error: a property needs a 'name'",
        "t.yaml:33:5: error: property 'u' needs a 'check'",
        "t.yaml:34:5: error: expected a mapping for a property, found 'just a string'",
      ])
  }

  func testTooManyProperties() {
    var text = frontendThreadSpec(steps: "      - code: x") + "properties:\n"
    for index in 0..<62 {
      text += "  - {name: p\(index), check: always, condition: \"true\"}\n"
    }
    assertFrontendDiagnostics(
      text, ["t.yaml:1:1: error: too many properties: 67 with the implicit ones; at most 64"])
  }
}
