import Foundation
import XCTest

@testable import LockCheck
@testable import LockSpec

/// Partial-order reduction keeps every verdict and every printed counterexample: on random
/// models (cycles, choices, awaits, every action, state properties over program counters) and
/// on the specs, the reduced and the full search must agree exactly, while the reduced one
/// stores fewer states overall.
final class ReductionTests: XCTestCase {
  static let reduced = ExplorationOptions(stopWhenDecided: false, reductions: .all)
  static let full = ExplorationOptions(stopWhenDecided: false)

  /// Explores `model` both ways and asserts the same verdicts, counterexamples and stop reason;
  /// returns the states of each search.
  @discardableResult
  func assertSameResults(
    _ model: ModelIR, stopWhenDecided: Bool = false, file: StaticString = #filePath, line: UInt = #line
  )
    throws -> (full: Int, reduced: Int)
  {
    let system = Interpreter(model: model)
    var fullOptions = Self.full
    var reducedOptions = Self.reduced
    fullOptions.stopWhenDecided = stopWhenDecided
    reducedOptions.stopWhenDecided = stopWhenDecided
    let full = try system.explore(options: fullOptions)
    let reduced = try system.explore(options: reducedOptions)
    XCTAssertEqual(reduced.stopReason, full.stopReason, "\(model.name): stop reason", file: file, line: line)
    XCTAssertEqual(reduced.bound?.bound, full.bound?.bound, "\(model.name): bound", file: file, line: line)
    XCTAssertEqual(reduced.properties.count, full.properties.count, file: file, line: line)
    for (a, b) in zip(full.properties, reduced.properties) {
      XCTAssertEqual(b.verdict, a.verdict, "\(model.name): \(a.name)", file: file, line: line)
      XCTAssertEqual(
        b.counterexample, a.counterexample, "\(model.name): counterexample of \(a.name)", file: file, line: line)
    }
    XCTAssertLessThanOrEqual(reduced.statistics.states, full.statistics.states, model.name, file: file, line: line)
    return (full.statistics.states, reduced.statistics.states)
  }

  func testRandomModelsKeepVerdictsAndCounterexamples() throws {
    var generator = RandomModelGenerator(seed: 0xC0FF_EE00)
    var fullStates = 0
    var reducedStates = 0
    var models = 0
    for index in 0..<600 {
      let model = generator.model(name: "random/\(index)")
      let plan = ExecutionPlan(model: model)
      guard plan.reductionFacts != nil else { continue }
      let counts = try assertSameResults(model, stopWhenDecided: index % 2 == 0)
      fullStates += counts.full
      reducedStates += counts.reduced
      models += 1
    }
    XCTAssertGreaterThanOrEqual(models, 500, "random models with reduction facts")
    XCTAssertLessThan(reducedStates, fullStates, "the reduction never cut a state")
  }

  func testExampleSpecsKeepVerdictsAndCounterexamples() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("specs/examples")
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
      .sorted()
    XCTAssertFalse(files.isEmpty)
    for file in files {
      let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
      let model = try SpecLoader.load(text: text, path: file, defaultName: file)
      try assertSameResults(model)
    }
  }

  /// The benchmark's natural model, where the lock cuts take partial-order reduction well past
  /// SPIN's (docs/performance.md): partial-order reduction alone (symmetry is the default there)
  /// keeps the full graph's verdicts and counterexamples.
  func testNaturalBenchmarkModelKeepsItsResultsUnderPartialOrderAlone() throws {
    let model = try PromelaExportTests.load("specs/bench/model-b-natural.yaml", name: "bench/model-b-natural")
    let system = Interpreter(model: model)
    let full = try system.explore(options: Self.full)
    let reduced = try system.explore(options: ExplorationOptions(stopWhenDecided: false, reductions: .partialOrder))
    XCTAssertEqual(reduced.stopReason, full.stopReason)
    XCTAssertEqual(reduced.properties, full.properties)
    XCTAssertLessThan(reduced.statistics.states * 5, full.statistics.states, "\(reduced.statistics.states)")
  }

  /// A thread's purely local steps commute with everything: the reduced graph is a line.
  func testLocalStepsAreNotInterleaved() throws {
    let model = try SpecLoader.load(
      text: """
        spec: local
        state:
          shared: {type: counter, max: 2}
        threads:
          a:
            locals: {x: {type: int, min: 0, max: 3}}
            steps:
              - {label: a1, assign: {x: "x + 1"}}
              - {label: a2, assign: {x: "x + 1"}}
              - {label: a3, inc: shared}
          b:
            locals: {y: {type: int, min: 0, max: 3}}
            steps:
              - {label: b1, assign: {y: "y + 1"}}
              - {label: b2, assign: {y: "y + 1"}}
              - {label: b3, inc: shared}
        properties:
          - {name: reach_two, check: reachable, condition: "shared == 2", expect: holds}
        """, path: "local.yaml", defaultName: "local")
    let counts = try assertSameResults(model)
    XCTAssertEqual(counts.full, 16)
    XCTAssertLessThan(counts.reduced, counts.full)
  }

  /// A property stops constraining the reduction once it is decided: from the next level on,
  /// the steps only it could see may run alone. The same model with a witness that is never
  /// found keeps them visible to the end, and stores more states; both agree with the full graph.
  func testDecidedPropertiesStopHidingSteps() throws {
    func model(condition: String, expect: String) throws -> ModelIR {
      try SpecLoader.load(
        text: """
          spec: decided
          state:
            flag: {type: bool}
          threads:
            a:
              locals: {x: {type: int, min: 0, max: 4}}
              steps:
                - {label: a1, assign: {x: "x + 1"}}
                - {label: a2, assign: {x: "x + 1"}}
                - {label: a3, assign: {x: "x + 1"}}
                - {label: a4, assign: {x: "x + 1"}}
            b:
              locals: {y: {type: int, min: 0, max: 4}}
              steps:
                - {label: b1, assign: {y: "y + 1"}}
                - {label: b2, assign: {y: "y + 1"}}
                - {label: b3, assign: {y: "y + 1"}}
                - {label: b4, assign: {y: "y + 1"}}
          properties:
            - {name: a_moves, check: reachable, condition: "\(condition)", expect: \(expect)}
          """, path: "decided.yaml", defaultName: "decided")
    }
    let decidedEarly = try assertSameResults(model(condition: "a@a2 || b@b2", expect: "holds"))
    let neverDecided = try assertSameResults(model(condition: "(a@a2 || b@b2) && flag", expect: "violated"))
    XCTAssertEqual(decidedEarly.full, 25)
    XCTAssertEqual(neverDecided.full, 25)
    XCTAssertLessThan(decidedEarly.reduced, neverDecided.reduced)
  }

  /// Readers of one rwsem commute: `down_read` and `up_read` only add to its reader count, so
  /// two readers are not interleaved (a line of 5 states instead of the 3 x 3 grid), while a
  /// writer's `down_write`, which reads the count, is still ordered against them.
  func testReadersOfAnRwsemAreNotInterleaved() throws {
    func spec(writer: Bool) -> String {
      """
      spec: readers
      state:
        sem: {type: rwsem}
      threads:
        a:
          steps:
            - {label: a_down, down_read: sem}
            - {label: a_up, up_read: sem}
        b:
          steps:
            - {label: b_down, down_read: sem}
            - {label: b_up, up_read: sem}
      """
        + (writer
          ? "\n  w:\n    steps:\n      - {label: w_down, down_write: sem}\n      - {label: w_up, up_write: sem}" : "")
          + """

          properties:
            - {name: no_deadlock, check: deadlock_free, expect: holds}
          """
    }
    let readers = try SpecLoader.load(text: spec(writer: false), path: "readers.yaml", defaultName: "readers")
    let access = ExecutionPlan(model: readers).access
    XCTAssertFalse(access.contains { $0.adds.isEmpty && $0.writes.count > 1 }, "\(access)")
    let counts = try assertSameResults(readers)
    XCTAssertEqual(counts.full, 9)
    XCTAssertEqual(counts.reduced, 5)
    let withWriter = try SpecLoader.load(text: spec(writer: true), path: "writer.yaml", defaultName: "writer")
    let writerCounts = try assertSameResults(withWriter)
    XCTAssertGreaterThan(writerCounts.reduced, 5 + 2)
  }

  /// The cycle proviso: a thread spinning on local steps for ever must not hide the other
  /// thread's steps (without the proviso the reduced graph loops in the spin alone and never
  /// witnesses `b_ran`).
  func testSpinningThreadDoesNotHideTheOthers() throws {
    let model = try SpecLoader.load(
      text: """
        spec: spin
        state:
          ran: {type: flag}
        threads:
          a:
            locals: {x: {type: bool}}
            steps:
              - loop:
                  steps:
                    - {label: flip, assign: {x: "!x"}}
          b:
            steps:
              - {label: b_set, set: ran}
        properties:
          - {name: b_ran, check: reachable, condition: "ran", expect: holds}
          - {name: never_ran, check: never, condition: "ran", expect: violated}
        """, path: "spin.yaml", defaultName: "spin")
    try assertSameResults(model)
    let reduced = try Interpreter(model: model).explore(options: Self.reduced)
    XCTAssertEqual(reduced.properties.first { $0.name == "b_ran" }?.verdict, .holds)
    XCTAssertEqual(reduced.properties.first { $0.name == "never_ran" }?.verdict, .violated)
  }

  /// The same on a hand-built model whose spinning step jumps straight back to itself (a spec's
  /// loop always has a header step, which the reduction never expands alone).
  func testSelfLoopDoesNotHideTheOthers() throws {
    let model = ModelIR(
      name: "self-loop", source: "hand",
      variables: [
        VariableIR(name: "ran", type: .flag, owner: nil, initial: [0]),
        VariableIR(name: "a.x", type: .bool, owner: 0, initial: [0]),
      ],
      threads: [
        ThreadIR(
          name: "a",
          instructions: [InterpreterGraphTests.act([.assign(1, .not(.variable(1)))], 0, label: "flip")]),
        ThreadIR(
          name: "b",
          instructions: [InterpreterGraphTests.act([.setFlag(0)], 1, label: "set"), InterpreterGraphTests.end]),
      ],
      properties: InterpreterGraphTests.properties([InterpreterGraphTests.property("b_ran", .reachable(.variable(0)))]))
    try assertSameResults(model)
    let reduced = try Interpreter(model: model).explore(options: Self.reduced)
    XCTAssertEqual(reduced.properties.first { $0.name == "b_ran" }?.verdict, .holds)
  }

  /// The proviso's lookups are made only where a thread rests on a cycle of its control flow:
  /// the spinning thread's loop positions are on one, straight-line code is not, and two threads
  /// of straight-line local steps, which never meet the proviso, run one at a time.
  func testProvisoOnlyWhereControlFlowCycles() throws {
    let spin = try SpecLoader.load(
      text: """
        spec: spin
        state:
          ran: {type: flag}
        threads:
          a:
            locals: {x: {type: bool}}
            steps:
              - {label: before, assign: {x: "true"}}
              - loop:
                  steps:
                    - {label: flip, assign: {x: "!x"}}
          b:
            steps:
              - {label: b_set, set: ran}
        properties:
          - {name: never_ran, check: never, condition: "ran", expect: violated}
        """, path: "spin.yaml", defaultName: "spin")
    let plan = ExecutionPlan(model: spin)
    let facts = try XCTUnwrap(plan.reductionFacts)
    let table = IndependenceTable(facts: facts)
    let a = spin.threads[0].instructions
    let onCycleA = (0..<a.count).map { table.onCycle[table.base[0] + $0] }
    XCTAssertFalse(onCycleA[0], "`before` runs once")
    XCTAssertTrue(onCycleA.dropFirst().contains(true), "the loop: \(onCycleA)")
    XCTAssertFalse(
      (0..<spin.threads[1].instructions.count).contains { table.onCycle[table.base[1] + $0] }, "b is straight")

    var locals = ""
    for thread in ["p", "q"] {
      locals += """
          \(thread):
            locals: {x: {type: int, min: 0, max: 3}}
            steps:
              - {label: \(thread)1, assign: {x: "x + 1"}}
              - {label: \(thread)2, assign: {x: "x + 1"}}
              - {label: \(thread)3, assign: {x: "x + 1"}}

        """
    }
    let straight = try SpecLoader.load(
      text: """
        spec: straight
        state:
          alarm: {type: flag}
        threads:
        \(locals)
        properties:
          - {name: quiet, check: never, condition: "alarm", expect: holds}
        """, path: "straight.yaml", defaultName: "straight")
    let counts = try assertSameResults(straight)
    XCTAssertEqual(counts.full, 16)
    XCTAssertEqual(counts.reduced, 7, "one thread at a time: 4 + 3 states")
  }

  /// While `owner` holds `m`, `user` cannot pass its `lock: m` and its trylock fails, so the use
  /// of `data` behind both is not in its future (`LockCut`): the owner's steps under the lock
  /// run alone. Verdicts and counterexamples stay those of the full graph (the use after free
  /// behind the trylock is found either way).
  func testLockHoldsNarrowTheOtherThreadsFutures() throws {
    let model = try SpecLoader.load(
      text: """
        spec: lock-cut
        state:
          m: {type: mutex}
          data: {type: resource}
          n: {type: int, min: 0, max: 3}
        threads:
          owner:
            steps:
              - {label: take, lock: m}
              - {label: bump, assign: {n: "n + 1"}}
              - {label: drop_data, free: data}
              - {label: give, unlock: m}
          user:
            locals: {ok: {type: bool}}
            steps:
              - {label: try, trylock: m, into: ok}
              - if: "ok"
                then:
                  - {label: peek, use: data}
                  - {label: try_give, unlock: m}
              - {label: wait, lock: m}
              - {label: bump_too, assign: {n: "n + 1"}}
              - {label: look, use: data}
              - {label: finish, unlock: m}
        properties:
          - {name: no_uaf, check: no_use_after_free, expect: violated}
          - {name: deadlock_free, check: deadlock_free, expect: holds}
        """, path: "lock-cut.yaml", defaultName: "lock-cut")
    let plan = ExecutionPlan(model: model)
    let facts = try XCTUnwrap(plan.reductionFacts)
    XCTAssertEqual(facts.cuts.count, 1, "one mutex, one way to hold it")
    XCTAssertEqual(facts.holds.count, 1)
    let cut = try XCTUnwrap(facts.cuts.first)
    let user = model.threads[1].instructions
    let lockPC = try XCTUnwrap(user.firstIndex { $0.origin.label == "wait" })
    let branchPC = try XCTUnwrap(user.firstIndex { if case .branch = $0.kind { true } else { false } })
    let blocked = try XCTUnwrap(cut.pcs[1].firstIndex(of: lockPC), "`wait` cannot pass: \(cut.pcs[1])")
    XCTAssertEqual(cut.successors[1][blocked], [])
    XCTAssertEqual(cut.steps[1][blocked], [])
    let branch = try XCTUnwrap(cut.pcs[1].firstIndex(of: branchPC), "the trylock's branch: \(cut.pcs[1])")
    guard case .branch(_, _, let otherwise) = user[branchPC].kind else { return XCTFail("not a branch") }
    XCTAssertEqual(cut.successors[1][branch], [otherwise], "a failed trylock skips `peek`")
    // Every thread's flow is narrowed the same way; the holder's own rows are never consulted.
    XCTAssertEqual(cut.pcs[0], [model.threads[0].instructions.firstIndex { $0.origin.label == "take" }])

    let counts = try assertSameResults(model)
    XCTAssertLessThan(counts.reduced, counts.full)
    // Without the narrowing, `bump` conflicts with `bump_too` and `drop_data` with `peek` and
    // `look`, so no owner step under the lock may run alone.
    var uncut = facts
    uncut.cuts = []
    uncut.holds = []
    let system = Interpreter(model: model)
    let narrowed = try system.explore(options: Self.reduced)
    let plain = try Explorer(system: FactsOverride(base: system, facts: uncut), options: Self.reduced).run()
    XCTAssertLessThan(narrowed.statistics.states, plain.statistics.states)
    XCTAssertEqual(narrowed.properties.map(\.verdict), plain.properties.map(\.verdict))
  }

  /// A read hold does not keep other readers out: `writer`'s `down_write` cannot pass while
  /// `reader` holds `rw` for read, but `other`'s `down_read` can, so what `other` writes after it
  /// stays in its future and `reader`'s read of it is not run alone (the assertion fails only
  /// when `other` takes `rw` after `reader` and writes before `reader` reads).
  func testReadHoldsLetOtherReadersIn() throws {
    let model = try SpecLoader.load(
      text: """
        spec: shared-cut
        state:
          rw: {type: rwsem}
          x: {type: bool}
          y: {type: bool}
        threads:
          reader:
            locals: {seen: {type: bool}}
            steps:
              - {label: r_take, down_read: rw}
              - {label: r_look, assign: {seen: "x"}}
              - {label: r_give, up_read: rw}
              - {label: r_check, assert: "!seen"}
          other:
            steps:
              - {label: o_take, down_read: rw}
              - {label: o_set, assign: {x: "holds(reader, rw)"}}
              - {label: o_give, up_read: rw}
          writer:
            steps:
              - {label: w_take, down_write: rw}
              - {label: w_set, assign: {y: "true"}}
              - {label: w_give, up_write: rw}
        properties:
          - {name: assertions, check: assertions, expect: violated}
        """, path: "shared-cut.yaml", defaultName: "shared-cut")
    let facts = try XCTUnwrap(ExecutionPlan(model: model).reductionFacts)
    XCTAssertEqual(facts.cuts.count, 2, "held for write, held for read")
    XCTAssertEqual(facts.holds.count, 1 + 3, "the writer slot, each thread's read holds")
    try assertSameResults(model)
    let reduced = try Interpreter(model: model).explore(options: Self.reduced)
    XCTAssertEqual(reduced.properties.first { $0.name == "assertions" }?.verdict, .violated)
  }

  /// Only the candidate's own holds narrow: while `holder` holds `m`, `looker` (holding nothing)
  /// must not run alone, since `holder` may release and `setter` then take `m` and write `x`
  /// before `looker` reads it; `holder` itself may run alone (setter waits at `s_take`).
  func testOnlyTheCandidatesOwnHoldsNarrow() throws {
    let model = try SpecLoader.load(
      text: """
        spec: third-party-hold
        state:
          m: {type: mutex}
          x: {type: bool}
          marked: {type: bool}
        threads:
          looker:
            locals: {seen: {type: bool}}
            steps:
              - {label: l_look, assign: {seen: "x"}}
              - {label: l_check, assert: "!seen"}
          holder:
            steps:
              - {label: h_take, lock: m}
              - {label: h_mark, assign: {marked: "true"}}
              - {label: h_give, unlock: m}
          setter:
            steps:
              - {label: s_take, lock: m}
              - {label: s_set, assign: {x: "marked"}}
              - {label: s_give, unlock: m}
        properties:
          - {name: assertions, check: assertions, expect: violated}
        """, path: "third-party-hold.yaml", defaultName: "third-party-hold")
    try assertSameResults(model)
    let reduced = try Interpreter(model: model).explore(options: Self.reduced)
    XCTAssertEqual(reduced.properties.first { $0.name == "assertions" }?.verdict, .violated)
  }

  /// A trylock's result in a shared variable (the spec language keeps `into` to the thread's
  /// own locals; an IR may not), tested by a branch that is a step of its own: another thread
  /// may write the result in between, so the branch is not cut; tested in the trylock's own
  /// transition (a silent branch), it is.
  func testTrylockResultOthersMayWriteIsNotCut() throws {
    typealias G = InterpreterGraphTests
    func model(silentBranch: Bool) -> ModelIR {
      ModelIR(
        name: "shared-result", source: "hand",
        variables: [
          VariableIR(name: "m", type: .mutex, owner: nil, initial: [0]),
          VariableIR(name: "ok", type: .bool, owner: nil, initial: [0]),
        ],
        threads: [
          ThreadIR(
            name: "owner",
            instructions: [G.act([.lock(0)], 1, label: "take"), G.act([.unlock(0)], 2, label: "give"), G.end]),
          ThreadIR(
            name: "user",
            instructions: [
              G.act([.trylock(0, into: 1)], 1, label: "try"),
              G.instruction(.branch(.variable(1), then: 2, else: 3), silent: silentBranch, code: "if (ok)"),
              G.act([.unlock(0)], 3, label: "give_back"), G.end,
            ]),
          ThreadIR(name: "meddler", instructions: [G.act([.assign(1, .bool(true))], 1, label: "meddle"), G.end]),
        ],
        properties: G.properties())
    }
    for silent in [false, true] {
      let facts = try XCTUnwrap(ExecutionPlan(model: model(silentBranch: silent)).reductionFacts)
      XCTAssertEqual(facts.cuts.contains { $0.pcs[1].contains(1) }, silent, "silent branch: \(silent)")
      try assertSameResults(model(silentBranch: silent))
    }
  }

  // MARK: - Symmetry

  /// Random models whose second thread runs as two or three identical instances `s[i]`: where
  /// the analysis finds them interchangeable, the symmetric search must agree with the full one.
  func testRandomSymmetricModelsKeepVerdictsAndCounterexamples() throws {
    var generator = RandomModelGenerator(seed: 0x5157_AB1E)
    var symmetric = 0
    var fullStates = 0
    var reducedStates = 0
    for index in 0..<3000 {
      let model = generator.symmetricModel(name: "symmetric/\(index)", copies: 2 + index % 2)
      guard ExecutionPlan(model: model).symmetryFacts != nil else { continue }
      symmetric += 1
      let counts = try assertSameResults(model, stopWhenDecided: index % 3 == 0)
      fullStates += counts.full
      reducedStates += counts.reduced
    }
    XCTAssertGreaterThanOrEqual(symmetric, 80, "random models with interchangeable threads")
    XCTAssertLessThan(reducedStates, fullStates, "symmetry never merged a state")
  }

  /// Model B's scanners: the orbits are exactly Rumur's states for the scanner scalarset, and a
  /// spec whose property names one instance is not reduced.
  func testModelBScannersAreInterchangeable() throws {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("specs/bench")
    let text = try String(contentsOf: folder.appendingPathComponent("model-b.yaml"), encoding: .utf8)
    let model = try SpecLoader.load(
      text: text, path: "model-b.yaml", defaultName: "model-b", parameters: ["nscan": 3, "rounds": 2])
    let facts = try XCTUnwrap(ExecutionPlan(model: model).symmetryFacts)
    XCTAssertEqual(facts.groups.map(\.count), [3])
    let counts = try assertSameResults(model)
    XCTAssertLessThan(counts.reduced * 4, counts.full)

    let named = text.replacingOccurrences(
      of: "condition: \"mm_users == 0 && touched > 0\"", with: "condition: \"mm_users == 0 && scanner[1]@scan_touch\"")
    XCTAssertNotEqual(named, text)
    let asymmetric = try SpecLoader.load(
      text: named, path: "model-b.yaml", defaultName: "model-b", parameters: ["nscan": 3, "rounds": 2])
    XCTAssertNil(ExecutionPlan(model: asymmetric).symmetryFacts)
  }

  /// A violation found in the quotient: the printed counterexample is the full graph's.
  func testSymmetricViolationPrintsTheFullGraphCounterexample() throws {
    let model = try SpecLoader.load(
      text: """
        spec: racers
        state:
          users: {type: counter, max: 3, initial: 1}
          data: {type: resource}
        threads:
          racer:
            count: 3
            locals: {last: {type: bool}}
            steps:
              - {label: get, inc: users}
              - {label: put, dec_and_test: users, into: last}
              - if: last
                then: [{label: release, free: data}]
              - {label: touch, use: data}
          owner:
            steps:
              - {label: owner_put, dec_and_test: users}
        properties:
          - {name: no_use_after_free, check: no_use_after_free, expect: violated}
          - {name: two_inside, check: reachable, condition: "users == 3", expect: holds}
        """, path: "racers.yaml", defaultName: "racers")
    XCTAssertNotNil(ExecutionPlan(model: model).symmetryFacts)
    let counts = try assertSameResults(model)
    XCTAssertLessThan(counts.reduced, counts.full)
  }

  /// A store without parents rebuilds a path from the breadth-first levels: a state's parent is
  /// the first state of the level before that has a transition to it. In a full search that is
  /// the state whose expansion stored it, so every counterexample is the one the parents give.
  func testLevelsRebuildThePathsParentsGive() throws {
    var generator = RandomModelGenerator(seed: 0x1E7E_15ED)
    var counterexamples = 0
    for index in 0..<300 {
      let model = generator.model(name: "random/\(index)")
      let system = Interpreter(model: model)
      var options = Self.full
      options.stopWhenDecided = index % 2 == 0
      let withParents = try system.explore(options: options)
      options.keepsParents = false
      let withLevels = try system.explore(options: options)
      XCTAssertEqual(withLevels.properties, withParents.properties, model.name)
      XCTAssertEqual(withLevels.statistics.states, withParents.statistics.states, model.name)
      counterexamples += withParents.properties.filter { $0.counterexample != nil }.count
    }
    XCTAssertGreaterThanOrEqual(counterexamples, 300, "counterexamples compared")
  }

  /// A reduced search keeps no parents. When the full-graph search that re-finds its
  /// counterexamples is cut short (here by the state bound the reduced search just fits in), the
  /// paths are rebuilt from the reduced search's levels: real runs of the model to the finding,
  /// no shorter than the full graph's shortest and no longer than the reduced graph's depth.
  /// Returns how many counterexamples differ from the full graph's (those the levels gave).
  func assertPathsRebuiltFromLevels(_ model: ModelIR, file: StaticString = #filePath, line: UInt = #line)
    throws -> Int
  {
    let system = Interpreter(model: model)
    let full = try system.explore(options: Self.full)
    let reduced = try system.explore(options: Self.reduced)
    guard reduced.stopReason == .completed else { return 0 }
    var bounded = Self.reduced
    bounded.maxStates = reduced.statistics.states
    let tight = try system.explore(options: bounded)
    XCTAssertEqual(tight.stopReason, .completed, model.name, file: file, line: line)
    var rebuilt = 0
    for (a, b) in zip(full.properties, tight.properties) {
      let name = "\(model.name): \(a.name)"
      XCTAssertEqual(b.verdict, a.verdict, name, file: file, line: line)
      XCTAssertEqual(b.counterexample == nil, a.counterexample == nil, name, file: file, line: line)
      guard let shortest = a.counterexample, let found = b.counterexample else { continue }
      XCTAssertGreaterThanOrEqual(found.steps.count, shortest.steps.count, name, file: file, line: line)
      XCTAssertLessThanOrEqual(found.steps.count, tight.statistics.maxDepth + 1, name, file: file, line: line)
      XCTAssertEqual(found.kind, shortest.kind, name, file: file, line: line)
      if found != shortest { rebuilt += 1 }
    }
    return rebuilt
  }

  func testReducedSearchRebuildsItsOwnPathsWhenTheFullGraphIsOutOfReach() throws {
    var generator = RandomModelGenerator(seed: 0xFA11_BAC4)
    var rebuilt = 0
    for index in 0..<300 {
      let model = generator.model(name: "random/\(index)")
      guard ExecutionPlan(model: model).reductionFacts != nil else { continue }
      rebuilt += try assertPathsRebuiltFromLevels(model)
    }
    XCTAssertGreaterThan(rebuilt, 0, "no counterexample came from the reduced search's levels")
  }

  /// The same under symmetry: the levels hold orbit representatives, and the rebuilt run passes
  /// through real states of those orbits.
  func testSymmetricSearchRebuildsItsOwnPathsWhenTheFullGraphIsOutOfReach() throws {
    var generator = RandomModelGenerator(seed: 0x5EED_0FB1)
    var symmetric = 0
    var rebuilt = 0
    for index in 0..<1500 {
      let model = generator.symmetricModel(name: "symmetric/\(index)", copies: 3)
      guard ExecutionPlan(model: model).symmetryFacts != nil else { continue }
      symmetric += 1
      rebuilt += try assertPathsRebuiltFromLevels(model)
    }
    XCTAssertGreaterThanOrEqual(symmetric, 30, "random models with interchangeable threads")
    XCTAssertGreaterThan(rebuilt, 0, "no counterexample came from the reduced search's levels")
  }

}

extension ReductionTests {
  /// The explorer evaluates a stored state's properties only where the step that led to it can
  /// have changed them (`ReductionFacts.visible`), and takes liveness bits from the parent: the
  /// same search with every property evaluated everywhere (the protocol's default `evaluate`)
  /// must give the same verdicts, counterexamples, lassos and counts, with and without
  /// reductions, on random models with safety and liveness properties.
  func testEvaluatingOnlyWhatAStepCanChangeChangesNothing() throws {
    var generator = RandomModelGenerator(seed: 0x5EED_E7A1)
    var compared = 0
    for index in 0..<600 {
      let model =
        index % 2 == 0 ? generator.model(name: "random/\(index)") : generator.livenessModel(name: "random/\(index)")
      let system = Interpreter(model: model)
      guard let facts = system.reductionFacts else { continue }
      let options = index % 3 == 0 ? Self.full : Self.reduced
      let skipping = try Explorer(system: system, options: options).run()
      let everywhere = try Explorer(system: FactsOverride(base: system, facts: facts), options: options).run()
      XCTAssertEqual(skipping.properties, everywhere.properties, model.name)
      XCTAssertEqual(skipping.stopReason, everywhere.stopReason, model.name)
      XCTAssertEqual(skipping.statistics.states, everywhere.statistics.states, model.name)
      XCTAssertEqual(skipping.statistics.transitions, everywhere.statistics.transitions, model.name)
      compared += 1
    }
    XCTAssertGreaterThanOrEqual(compared, 500)
  }
}

/// An interpreter whose partial-order facts are replaced (to compare reductions on one model).
/// It evaluates every property of every state (the protocol's default `evaluate(_:properties:)`).
private struct FactsOverride: TransitionSystem {
  let base: Interpreter
  let facts: ReductionFacts

  var metadata: ModelMetadata { base.metadata }
  var wordCount: Int { base.wordCount }
  var stateByteCount: Int { base.stateByteCount }
  var reductionFacts: ReductionFacts? { facts }

  func forEachInitialState(
    scratch: UnsafeMutableBufferPointer<UInt64>, _ emit: (UnsafeMutableBufferPointer<UInt64>) -> Bool
  ) {
    base.forEachInitialState(scratch: scratch, emit)
  }

  func forEachSuccessor(
    of state: UnsafeBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
    _ emit: (Transition, UnsafeMutableBufferPointer<UInt64>) -> Void
  ) {
    base.forEachSuccessor(of: state, scratch: scratch, emit)
  }

  func evaluate(_ state: UnsafeBufferPointer<UInt64>) -> StateVerdicts { base.evaluate(state) }
  func isFinal(_ state: UnsafeBufferPointer<UInt64>) -> Bool { base.isFinal(state) }
  func slotValues(_ state: UnsafeBufferPointer<UInt64>) -> [Int] { base.slotValues(state) }
  func restingSteps(_ state: UnsafeBufferPointer<UInt64>) -> [Int?] { base.restingSteps(state) }
  func faultNotes(from state: UnsafeBufferPointer<UInt64>, thread: Int) -> [FaultNote] {
    base.faultNotes(from: state, thread: thread)
  }
  func programCounter(of thread: Int, in state: UnsafeBufferPointer<UInt64>) -> Int {
    base.programCounter(of: thread, in: state)
  }
}
