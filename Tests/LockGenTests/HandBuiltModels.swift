import LockCheck
import LockSpec

/// Small models built directly as IR (independent of the YAML frontend) that between them use
/// every instruction kind and action the generator compiles.
enum HandBuiltModels {
  static func act(_ actions: [Action], _ next: Int, label: String = "", code: String = "", line: Int = 0)
    -> Instruction
  {
    Instruction(
      kind: .actions(actions, next: next), origin: StepOrigin(label: label, code: code, line: line), silent: false)
  }

  static let end = Instruction(kind: .end, origin: StepOrigin(), silent: false)

  static func implicitProperties() -> [PropertyIR] {
    [
      PropertyIR(
        name: "no_use_after_free", check: .noUseAfterFree(threads: nil, resources: nil), expect: .holds,
        description: "", line: 0),
      PropertyIR(
        name: "no_double_free", check: .noDoubleFree(threads: nil, resources: nil), expect: .holds,
        description: "", line: 0),
      PropertyIR(
        name: "lock_discipline", check: .lockDiscipline(threads: nil, locks: nil), expect: .holds,
        description: "", line: 0),
      PropertyIR(name: "deadlock_free", check: .deadlockFree, expect: .holds, description: "", line: 0),
      PropertyIR(name: "assertions", check: .assertions(rangeErrors: true), expect: .holds, description: "", line: 0),
    ]
  }

  /// A writer that queues on an rwsem, a reader with a silent branch over a trylock result, a
  /// chooser with an await and a conditional, nondeterministic initial values, an `int` with a
  /// negative minimum, a `never` and a `reachable` property.
  static var everything: ModelIR {
    // Variables: 0 sem (rwsem), 1 m (mutex), 2 c (counter), 3 f (flag), 4 r (resource),
    // 5 phase (enum), 6 x (int -2...2), 7 reader.ok (bool), 8 chooser.seen (int 0...3).
    let variables = [
      VariableIR(name: "sem", type: .rwsem(writerPriority: true, maxReadHolds: 3), owner: nil, initial: [0]),
      VariableIR(name: "m", type: .mutex, owner: nil, initial: [0]),
      VariableIR(name: "c", type: .counter(max: 2), owner: nil, initial: [0, 1]),
      VariableIR(name: "f", type: .flag, owner: nil, initial: [0]),
      VariableIR(name: "r", type: .resource, owner: nil, initial: [0]),
      VariableIR(name: "phase", type: .enumeration(cases: ["idle", "busy", "done"]), owner: nil, initial: [0, 2]),
      VariableIR(name: "x", type: .int(min: -2, max: 2), owner: nil, initial: [-2]),
      VariableIR(name: "reader.ok", type: .bool, owner: 1, initial: [0]),
      VariableIR(name: "chooser.seen", type: .int(min: 0, max: 3), owner: 2, initial: [0]),
    ]
    let writer = ThreadIR(
      name: "writer",
      instructions: [
        act([.downWrite(0), .inc(2), .setFlag(3)], 1, label: "take", code: "down_write(&sem); c++;", line: 10),
        act([.assign(6, .binary(.plus, .variable(6), .int(1)))], 2, label: "bump", line: 11),
        act([.upWrite(0), .lock(1)], 3, label: "swap", code: "up_write(&sem); mutex_lock(&m);", line: 12),
        act([.unlock(1), .free(4)], 4, label: "release", code: "mutex_unlock(&m); kfree(r);", line: 13),
        end,
      ])
    let reader = ThreadIR(
      name: "reader",
      instructions: [
        act([.downReadTrylock(0, into: 7)], 1, label: "try", code: "if (down_read_trylock(&sem))", line: 20),
        Instruction(kind: .branch(.variable(7), then: 2, else: 4), origin: StepOrigin(line: 21), silent: true),
        act([.use(4), .read(2, into: 6)], 3, label: "read", code: "x = c;", line: 22),
        act([.upRead(0)], 4, label: "unlock", code: "up_read(&sem);", line: 23),
        Instruction(kind: .jump(5), origin: StepOrigin(line: 24), silent: true),
        end,
      ])
    let chooser = ThreadIR(
      name: "chooser",
      instructions: [
        Instruction(kind: .choose([1, 3]), origin: StepOrigin(label: "pick", line: 30), silent: false),
        Instruction(
          kind: .await(.binary(.or, .done(thread: 0), .at(thread: 1, pcs: [3])), next: 2),
          origin: StepOrigin(label: "wait", code: "wait_event(...)", line: 31), silent: false),
        act(
          [
            .conditional(
              .binary(.greaterEqual, .variable(2), .int(1)),
              then: [.decAndTest(2, into: nil), .testAndSet(3, into: nil)],
              else: [.incNotZero(2, into: nil), .assign(5, .int(1))]),
            .assert(.not(.binary(.equal, .variable(5), .int(2))), property: 6),
          ], 3, label: "act", line: 32),
        act([.read(2, into: 8), .trylock(1, into: nil)], 4, label: "peek", line: 33),
        end,
      ])
    var properties = implicitProperties()
    properties.append(
      PropertyIR(
        name: "never_negative_done",
        check: .never(.binary(.and, .binary(.less, .variable(6), .int(0)), .done(thread: 0))),
        expect: nil, description: "x < 0 once the writer is done", line: 40))
    properties.append(
      PropertyIR(
        name: "chooser_assert", check: .assertions(rangeErrors: false), expect: .violated,
        description: "phase is not done after act", line: 41))
    properties.append(
      PropertyIR(
        name: "reader_holds", check: .reachable(.holds(thread: 1, lock: 0)), expect: .holds, description: "",
        line: 42))
    return ModelIR(
      name: "hand/everything", source: "hand-built", variables: variables, threads: [writer, reader, chooser],
      properties: properties)
  }

  /// Names and text no YAML spec could hold (the frontend only allows identifiers for names):
  /// quotes, backslashes, `"""`, `\(`, `#`, newlines and non-ASCII in thread, variable, label,
  /// code, enum case, property names and descriptions.
  static var hostile: ModelIR {
    let evil = "a\"b\\c\"\"\"\\(d)#\"e\"#\nf\r\tg\u{0}é中\u{202E}🙂"
    let variables = [
      VariableIR(name: "v\(evil)", type: .enumeration(cases: ["case\(evil)", "plain"]), owner: nil, initial: [0, 1]),
      VariableIR(name: "r\(evil)", type: .resource, owner: nil, initial: [0]),
    ]
    let thread = ThreadIR(
      name: "t\(evil)",
      instructions: [
        Instruction(
          kind: .actions([.free(1), .use(1)], next: 1),
          origin: StepOrigin(label: "l\(evil)", code: "c\(evil)", location: "loc\(evil)", line: 1), silent: false),
        end,
      ])
    var properties = implicitProperties()
    properties[0].name = "p\(evil)"
    properties[0].description = "d\(evil)"
    return ModelIR(
      name: "hostile/\(evil)", source: "s\(evil)", variables: variables, threads: [thread], properties: properties)
  }

  /// A small model named `name`: one mutex and one counter per name in `variables` (with those
  /// names), one thread per name in `threads` that locks, bumps every counter and unlocks, a
  /// `never` over the counters, and a property named `property`. Quick to compile, so that a
  /// test can compile a hundred of them.
  static func tiny(
    _ name: String, variables names: [String] = ["c"], threads threadNames: [String] = ["t"],
    property: String = "bounded"
  ) -> ModelIR {
    var variables = [VariableIR(name: "m", type: .mutex, owner: nil, initial: [0])]
    for variable in names {
      variables.append(VariableIR(name: variable, type: .counter(max: 3), owner: nil, initial: [0]))
    }
    let bumps = variables.indices.dropFirst().map { Action.inc($0) }
    let threads = threadNames.map { thread in
      ThreadIR(
        name: thread,
        instructions: [
          act([.lock(0)], 1, label: "lock", code: "mutex_lock(&m);", line: 1),
          act(bumps, 2, label: "bump", line: 2),
          act([.unlock(0)], 3, label: "unlock", code: "mutex_unlock(&m);", line: 3),
          end,
        ])
    }
    let sum = variables.indices.dropFirst().map { Expr.variable($0) }.reduce(Expr.int(0)) {
      .binary(.plus, $0, $1)
    }
    let properties = [
      PropertyIR(
        name: "lock_discipline", check: .lockDiscipline(threads: nil, locks: nil), expect: .holds, description: "",
        line: 0),
      PropertyIR(
        name: property, check: .never(.binary(.greater, sum, .int(100))), expect: nil, description: "", line: 5),
    ]
    return ModelIR(name: name, source: "hand-built", variables: variables, threads: threads, properties: properties)
  }
}
