/// The support code every generation writes unchanged: the `CompiledModel` protocol and
/// `FaultLog` (in the models target) and the assertions of the generated suites (in the tests
/// target). Written line by line through `SwiftWriter`, like everything else.
enum SupportEmitter {
  static func models() -> String {
    var w = SwiftWriter()
    w.line("import LockCheck")
    w.blank()
    w.doc("A model compiled from a spec by `lockspec generate`: a `TransitionSystem` with no interpretation at run")
    w.doc("time, and the entry points the generated tests, `lockspec-sim` and benchmarks use.")
    w.block("public protocol CompiledModel: TransitionSystem, Sendable") { w in
      w.line("init()")
      w.doc("The spec file the model was generated from, relative to the package root.")
      w.line("static var specPath: String { get }")
      w.doc("The patch applied to the spec last, if any.")
      w.line("static var patchPath: String? { get }")
      w.doc("The variant a patched variant derives from, if any.")
      w.line("static var parent: String? { get }")
      w.doc("Threads, steps, slots and properties.")
      w.line("static var modelMetadata: ModelMetadata { get }")
      w.doc("Explores the model with an explorer specialized for it in this (optimized) module.")
      w.line("static func explore(_ options: ExplorationOptions) throws -> ExplorationResult")
    }
    w.blank()
    w.block("extension CompiledModel") { w in
      w.doc("The variant name, e.g. `mm-exit/v4.13`.")
      w.line("public static var name: String { modelMetadata.name }")
      w.blank()
      w.doc("The file the variant is defined in: the patch applied last, else the spec.")
      w.line("public static var file: String { patchPath ?? specPath }")
      w.blank()
      w.doc("Runs random schedules (`RandomSimulator`).")
      w.block("public static func simulate(_ options: SimulationOptions) throws -> SimulationResult") { w in
        w.line("try RandomSimulator(system: Self(), options: options).run()")
      }
      w.blank()
      w.doc("Replays run `run` of a simulation with `options` (its seed and properties).")
      w.block("public static func replay(_ options: SimulationOptions, run: Int) throws -> ReplayedRun") { w in
        w.line("let simulator = try RandomSimulator(system: Self(), options: options)")
        w.line("let outcome = simulator.run(index: run)")
        w.line("let counterexample = outcome.violated.map {")
        w.line("  CounterexampleBuilder(system: Self()).counterexample(property: $0, path: outcome.path)")
        w.line("}")
        w.block("return ReplayedRun", open: "(", closing: ")") { w in
          w.line("property: outcome.violated.map { modelMetadata.properties[$0].name },")
          w.line("counterexample: counterexample,")
          w.line("steps: outcome.path.transitions.count,")
          w.line("completed: outcome.completed")
        }
      }
    }
    w.blank()
    w.doc("What one replayed random schedule did.")
    w.block("public struct ReplayedRun: Sendable, Equatable") { w in
      w.doc("The property the run violated, if any.")
      w.line("public var property: String?")
      w.line("public var counterexample: Counterexample?")
      w.doc("Steps the run took.")
      w.line("public var steps: Int")
      w.doc("Whether every thread ran to its end.")
      w.line("public var completed: Bool")
    }
    w.blank()
    w.doc("The faults one transition raises (a bit per property) and, when collecting, the notes that explain them;")
    w.doc("the interpreter's `ExecutionContext`.")
    w.block("struct FaultLog") { w in
      w.line("var faults: UInt64 = 0")
      w.doc("The transition would pass a bound the spec declares (`Transition.exceedsBound`).")
      w.line("var exceedsBound = false")
      w.line("var notes: [FaultNote]?")
      w.blank()
      w.block("init(collect: Bool)") { w in
        w.line("notes = collect ? [] : nil")
      }
      w.blank()
      w.doc("Records the properties in `mask` as violated, with one note per property when collecting.")
      w.line("@inline(__always)")
      w.block(
        "mutating func raise(_ mask: UInt64, _ message: @autoclosure () -> String, resource: String? = nil)"
      ) { w in
        w.line("guard mask != 0 else { return }")
        w.line("faults |= mask")
        w.line("guard notes != nil else { return }")
        w.line("var bits = mask")
        w.block("while bits != 0") { w in
          w.line(
            "notes!.append(FaultNote(property: bits.trailingZeroBitCount, message: message(), resource: resource))")
          w.line("bits &= bits - 1")
        }
      }
    }
    return w.text
  }

  static func tests() -> String {
    var w = SwiftWriter()
    w.line("import LockCheck")
    w.line("import LockspecModels")
    w.line("import XCTest")
    w.blank()
    w.doc("Explores compiled models and judges their verdicts for the generated test classes.")
    w.block("enum GeneratedSuite") { w in
      w.doc("Explores `model` to the end (exploration stops early once every property is decided).")
      w.block("static func explore(_ model: any CompiledModel.Type) -> Result<ExplorationResult, any Error>") { w in
        w.line("Result { try model.explore(ExplorationOptions()) }")
      }
      w.blank()
      w.doc("Fails unless `property` got `expected`; the message holds the whole rendered counterexample.")
      w.block("static func assertVerdict", open: "(", closing: ") {") { w in
        w.line("_ outcome: Result<ExplorationResult, any Error>,")
        w.line("property: String,")
        w.line("expected: Verdict,")
        w.line("file: StaticString = #filePath,")
        w.line("line: UInt = #line")
      }
      w.indent { w in
        w.line("let result: ExplorationResult")
        w.line("switch outcome {")
        w.line("case .success(let value): result = value")
        w.line("case .failure(let error):")
        w.line("  XCTFail(\"exploration failed: \\(error)\", file: file, line: line)")
        w.line("  return")
        w.line("}")
        w.block("guard let found = result[property: property] else") { w in
          w.line("XCTFail(\"\\(result.model) has no property \\(property)\", file: file, line: line)")
          w.line("return")
        }
        w.line("guard found.verdict != expected else { return }")
        w.line(
          "var message = \"\\(result.model): \\(property) is \\(found.verdict.rawValue), expected \\(expected.rawValue)\""
        )
        w.line("message += \" (\\(result.statistics.states) states, stopped: \\(result.stopReason.rawValue))\"")
        w.block("if let counterexample = found.counterexample") { w in
          w.line("message += \"\\n\" + CounterexampleRenderer().render(counterexample)")
        }
        w.line("XCTFail(message, file: file, line: line)")
      }
      w.line("}")
      w.blank()
      w.doc("Prints the verdict of a property the spec expects nothing of (never fails).")
      w.block("static func record(_ outcome: Result<ExplorationResult, any Error>, property: String)") { w in
        w.line("guard case .success(let result) = outcome, let found = result[property: property] else { return }")
        w.line("print(\"\\(result.model): \\(property) is \\(found.verdict.rawValue) (no expectation)\")")
        w.block("if let counterexample = found.counterexample") { w in
          w.line("print(CounterexampleRenderer().render(counterexample))")
        }
      }
    }
    return w.text
  }
}

extension String {
  var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
