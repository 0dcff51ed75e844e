/// Emits `Simulator/main.swift`, the `lockspec-sim` executable: list the compiled models, run
/// random schedules of one (replayable from the seed), replay one run, or explore models
/// exhaustively with the same report and exit status as `lockspec check`. Plain
/// `CommandLine.arguments` parsing keeps the target free of dependencies.
enum SimulatorEmitter {
  static let usage = [
    "usage: lockspec-sim list",
    "       lockspec-sim run MODEL [--seed N] [--runs N] [--max-steps N] [--property NAME]...",
    "       lockspec-sim replay MODEL --seed N --run I [--max-steps N] [--property NAME]...",
    "       lockspec-sim explore [MODEL...] [--property NAME]... [--max-states N] [--max-depth N] [--stats]",
    "                            [--format text|json]",
    "exit status: 0 as expected; 1 a verdict differs from the spec's expectation (explore) or a run violated",
    "a property the spec does not expect to be violated (run, replay); 2 bad usage.",
  ]

  static func emit() -> String {
    var w = SwiftWriter()
    w.line("import Foundation")
    w.line("import LockCheck")
    w.line("import LockspecModels")
    w.blank()
    w.doc("`lockspec-sim`: the compiled models from the command line.")
    w.doc("")
    for line in usage { w.doc("    " + line) }
    w.block("enum Simulator") { w in
      w.line("struct Usage: Error {")
      w.line("  var message: String")
      w.line("}")
      w.blank()
      Layout.array(usage.map { .text($0) }).write(
        to: &w, prefix: "static let usage = ", suffix: ".joined(separator: \"\\n\")")
      w.blank()
      emitArguments(&w)
      w.blank()
      emitMain(&w)
      w.blank()
      emitList(&w)
      w.blank()
      emitRun(&w)
      w.blank()
      emitReplay(&w)
      w.blank()
      emitExplore(&w)
      w.blank()
      w.doc("The model named `name`, or a usage error listing the known ones.")
      w.block("static func model(named name: String) throws -> any CompiledModel.Type") { w in
        w.block("guard let model = ModelRegistry.model(named: name) else") { w in
          w.line("let known = ModelRegistry.all.map { $0.name }.joined(separator: \", \")")
          w.line("throw Usage(message: \"unknown model \\(name); known models: \\(known)\")")
        }
        w.line("return model")
      }
      w.blank()
      w.doc("Writes `text` and a newline to standard output (none added when `text` ends with one).")
      w.block("static func out(_ text: String)") { w in
        w.line("print(text, terminator: text.hasSuffix(\"\\n\") ? \"\" : \"\\n\")")
      }
      w.blank()
      w.block("static func printError(_ text: String)") { w in
        w.line("FileHandle.standardError.write(Data((text + \"\\n\").utf8))")
      }
    }
    w.blank()
    w.line("exit(Simulator.main(Array(CommandLine.arguments.dropFirst())))")
    return w.text
  }

  static func emitArguments(_ w: inout SwiftWriter) {
    w.doc("Positional arguments, `--name value` options (repeatable) and `--flag`s.")
    w.block("struct Arguments") { w in
      w.line("var positional: [String] = []")
      w.line("var values: [String: [String]] = [:]")
      w.line("var flags: Set<String> = []")
      w.blank()
      w.block("init(_ arguments: [String], options: Set<String>, flags known: Set<String>) throws") { w in
        w.line("var index = 0")
        w.block("while index < arguments.count") { w in
          w.line("let argument = arguments[index]")
          w.line("index += 1")
          w.block("guard argument.hasPrefix(\"--\") else") { w in
            w.line("positional.append(argument)")
            w.line("continue")
          }
          w.line("let name = String(argument.dropFirst(2))")
          w.block("if known.contains(name)") { w in
            w.line("flags.insert(name)")
            w.line("continue")
          }
          w.line("guard options.contains(name) else { throw Usage(message: \"unknown option \\(argument)\") }")
          w.line("guard index < arguments.count else { throw Usage(message: \"\\(argument) needs a value\") }")
          w.line("values[name, default: []].append(arguments[index])")
          w.line("index += 1")
        }
      }
      w.blank()
      w.doc("The last value of `--name`, if given.")
      w.block("func value(_ name: String) -> String?") { w in
        w.line("values[name]?.last")
      }
      w.blank()
      w.doc("The value of `--name` as an integer of type `T`, if given.")
      w.block("func number<T: FixedWidthInteger>(_ name: String, _ type: T.Type = T.self) throws -> T?") { w in
        w.line("guard let text = value(name) else { return nil }")
        w.line("guard let number = T(text) else { throw Usage(message: \"--\\(name) needs a number, not \\(text)\") }")
        w.line("return number")
      }
      w.blank()
      w.doc("The values of the repeatable `--property`, or `nil` for all properties.")
      w.line("var properties: [String]? { values[\"property\"] }")
    }
  }

  static func emitMain(_ w: inout SwiftWriter) {
    w.doc("Runs the command in `arguments` and returns the exit status.")
    w.block("static func main(_ arguments: [String]) -> Int32") { w in
      w.block("guard let command = arguments.first else") { w in
        w.line("printError(usage)")
        w.line("return 2")
      }
      w.line("let rest = Array(arguments.dropFirst())")
      w.block("do") { w in
        w.line("switch command {")
        w.line("case \"list\": return list()")
        w.line("case \"run\": return try run(rest)")
        w.line("case \"replay\": return try replay(rest)")
        w.line("case \"explore\": return try explore(rest)")
        w.line("case \"help\", \"--help\", \"-h\":")
        w.line("  out(usage)")
        w.line("  return 0")
        w.line("default: throw Usage(message: \"unknown command \\(command)\")")
        w.line("}")
      }
      w.continueBlock("} catch let usage as Usage {")
      w.indent { w in
        w.line("printError(\"error: \\(usage.message)\\n\" + Simulator.usage)")
        w.line("return 2")
      }
      w.line("} catch {")
      w.indent { w in
        w.line("printError(\"error: \\(error)\")")
        w.line("return 2")
      }
      w.line("}")
    }
  }

  static func emitList(_ w: inout SwiftWriter) {
    w.doc("`list`: every compiled model, its spec, threads and properties.")
    w.block("static func list() -> Int32") { w in
      w.block("for model in ModelRegistry.all") { w in
        w.line("let metadata = model.modelMetadata")
        w.line("let patch = model.patchPath.map { \" + \\($0)\" } ?? \"\"")
        w.line("let threads = \"\\(metadata.threads.count) threads\"")
        w.line(
          "out(\"\\(model.name)  (\\(model.specPath)\\(patch))  \\(threads), \\(metadata.properties.count) properties\")"
        )
      }
      w.line("return 0")
    }
  }

  static func emitRun(_ w: inout SwiftWriter) {
    w.doc("`run MODEL`: random schedules; prints the first violation with the command that replays it.")
    w.block("static func run(_ arguments: [String]) throws -> Int32") { w in
      w.line(
        "let parsed = try Arguments(arguments, options: [\"seed\", \"runs\", \"max-steps\", \"property\"], flags: [])")
      w.line("guard parsed.positional.count == 1 else { throw Usage(message: \"run takes one model\") }")
      w.line("let model = try model(named: parsed.positional[0])")
      w.line("let defaults = SimulationOptions()")
      w.block("let options = SimulationOptions", open: "(", closing: ")") { w in
        w.line("seed: try parsed.number(\"seed\") ?? defaults.seed,")
        w.line("runs: try parsed.number(\"runs\") ?? defaults.runs,")
        w.line("maxSteps: try parsed.number(\"max-steps\") ?? defaults.maxSteps,")
        w.line("properties: parsed.properties")
      }
      w.line("let result = try model.simulate(options)")
      w.line(
        "var summary = \"\\(result.model): \\(result.runs) runs (seed \\(result.seed)), \\(result.steps) steps, \"")
      w.line("summary += \"\\(result.completedRuns) completed, \\(result.truncatedRuns) truncated\"")
      w.line("out(summary)")
      w.block("if !result.reached.isEmpty") { w in
        w.line("out(\"  reached: \" + result.reached.joined(separator: \", \"))")
      }
      w.block("guard let failure = result.failure else") { w in
        w.line("out(\"  no property violated\")")
        w.line("return 0")
      }
      w.line("out(\"  \\(failure.property) VIOLATED in run \\(failure.run) (seed \\(failure.seed))\")")
      w.line("out(CounterexampleRenderer().render(failure.counterexample))")
      w.line(
        "var replay = \"replay: swift run lockspec-sim replay \\(model.name) --seed \\(failure.seed) --run \\(failure.run)\""
      )
      w.line("replay += \" --max-steps \\(options.maxSteps)\"")
      w.line("for property in options.properties ?? [] { replay += \" --property \\(property)\" }")
      w.line("out(replay)")
      w.line("return expectation(of: failure.property, in: model) == .violated ? 0 : 1")
    }
    w.blank()
    w.block("static func expectation(of property: String, in model: any CompiledModel.Type) -> Verdict?") { w in
      w.line("model.modelMetadata.properties.first { $0.name == property }?.expect")
    }
  }

  static func emitReplay(_ w: inout SwiftWriter) {
    w.doc("`replay MODEL --seed N --run I`: the schedule of one run, and the violation it shows, if any.")
    w.block("static func replay(_ arguments: [String]) throws -> Int32") { w in
      w.line(
        "let parsed = try Arguments(arguments, options: [\"seed\", \"run\", \"max-steps\", \"property\"], flags: [])")
      w.line("guard parsed.positional.count == 1 else { throw Usage(message: \"replay takes one model\") }")
      w.line("let model = try model(named: parsed.positional[0])")
      w.line(
        "guard let seed: UInt64 = try parsed.number(\"seed\") else { throw Usage(message: \"replay needs --seed\") }")
      w.line("guard let run: Int = try parsed.number(\"run\") else { throw Usage(message: \"replay needs --run\") }")
      w.line("let maxSteps = try parsed.number(\"max-steps\") ?? SimulationOptions().maxSteps")
      w.line(
        "let options = SimulationOptions(seed: seed, runs: run + 1, maxSteps: maxSteps, properties: parsed.properties)")
      w.line("let replayed = try model.replay(options, run: run)")
      w.line("let ending = replayed.completed ? \"every thread ended\" : \"stopped\"")
      w.line("out(\"\\(model.name): run \\(run) (seed \\(seed)): \\(replayed.steps) steps, \\(ending)\")")
      w.block("guard let property = replayed.property, let counterexample = replayed.counterexample else") { w in
        w.line("out(\"  no property violated\")")
        w.line("return 0")
      }
      w.line("out(CounterexampleRenderer().render(counterexample))")
      w.line("return expectation(of: property, in: model) == .violated ? 0 : 1")
    }
  }

  static func emitExplore(_ w: inout SwiftWriter) {
    w.doc("`explore [MODEL...]`: every interleaving, reported exactly as `lockspec check` reports the spec.")
    w.block("static func explore(_ arguments: [String]) throws -> Int32") { w in
      w.block("let parsed = try Arguments", open: "(", closing: ")") { w in
        w.line("arguments, options: [\"property\", \"max-states\", \"max-depth\", \"format\"], flags: [\"stats\"]")
      }
      w.line("let models = try parsed.positional.isEmpty ? ModelRegistry.all : parsed.positional.map(model(named:))")
      w.line("let format = parsed.value(\"format\") ?? \"text\"")
      w.line(
        "guard format == \"text\" || format == \"json\" else { throw Usage(message: \"unknown format \\(format)\") }")
      w.block("let options = ExplorationOptions", open: "(", closing: ")") { w in
        w.line("maxStates: try parsed.number(\"max-states\"),")
        w.line("maxDepth: try parsed.number(\"max-depth\"),")
        w.line("properties: parsed.properties")
      }
      w.line("var results: [CheckReport.Result] = []")
      w.line("var parents: [String: String] = [:]")
      w.line("var modelEntries: [CheckReport.Model] = []")
      w.line("let text = TextReport()")
      w.block("for model in models") { w in
        w.line("let outcome: ExplorationResult")
        w.block("do") { w in
          w.line("outcome = try model.explore(options)")
        }
        w.continueBlock("} catch {")
        w.indent { w in
          w.line("printError(\"error: \\(model.file): \\(error)\")")
          w.line("return 2")
        }
        w.line("}")
        w.block("modelEntries.append", open: "(", closing: ")") { w in
          w.block("CheckReport.Model", open: "(", closing: ")") { w in
            w.line("spec: model.specPath, variant: model.name, patch: model.patchPath, outcome: outcome")
          }
        }
        w.block("for property in outcome.properties") { w in
          w.block("results.append", open: "(", closing: ")") { w in
            w.block("CheckReport.Result", open: "(", closing: ")") { w in
              w.line("spec: model.specPath, variant: model.name, patch: model.patchPath, property: property,")
              w.line("outcome: outcome")
            }
          }
        }
        w.block("if format == \"text\"") { w in
          w.line("out(text.model(path: model.file, outcome: outcome, showStats: parsed.flags.contains(\"stats\")))")
        }
        w.line("if let parent = model.parent { parents[model.name] = parent }")
      }
      w.line("let report = CheckReport(results: results, models: modelEntries)")
      w.block("if format == \"json\"") { w in
        w.line("out(try JSONReport.encode(report))")
      }
      w.continueBlock("} else {")
      w.indent { w in
        w.line("out(text.summary(report))")
        w.line("out(\"\\n\" + VerdictMatrix(results: results, parents: parents).text())")
      }
      w.line("}")
      w.line("return report.succeeded ? 0 : 1")
    }
  }
}
