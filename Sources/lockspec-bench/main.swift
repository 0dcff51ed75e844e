import Foundation
import LockCheck
import LockSpec
import LockspecModels

/// `lockspec-bench [MODEL] [--repeat N]`: explores one model with the interpreter and with its
/// compiled form and prints states per second for each and the ratio. Without MODEL, every
/// compiled model is explored once and the one with the most states is benchmarked. Run it
/// from the package root with optimization: `swift run -c release lockspec-bench`.
enum Bench {
  static func main() throws {
    var arguments = Array(CommandLine.arguments.dropFirst())
    var repeats = 3
    if let flag = arguments.firstIndex(of: "--repeat"), flag + 1 < arguments.count, let n = Int(arguments[flag + 1]) {
      repeats = max(n, 1)
      arguments.removeSubrange(flag...(flag + 1))
    }
    let variants = try loadVariants()
    let name: String
    if let given = arguments.first {
      name = given
    } else {
      print("exploring every compiled model to find the largest:")
      var largest: (name: String, states: Int) = ("", -1)
      for model in ModelRegistry.all {
        let result = try model.explore(ExplorationOptions())
        let s = result.statistics
        print(
          "  \(pad(model.name, 48)) \(pad(grouped(s.states), 12)) states  \(grouped(Int(s.statesPerSecond))) states/s")
        if s.states > largest.states { largest = (model.name, s.states) }
      }
      name = largest.name
    }
    guard let compiled = ModelRegistry.model(named: name) else {
      throw BenchError("no compiled model \(name); run `swift run lockspec generate`")
    }
    guard let variant = variants.first(where: { $0.name == name }) else {
      throw BenchError("no spec for \(name) under specs/")
    }
    let interpreter = Interpreter(model: variant.model)
    let options = ExplorationOptions()
    print("\(name): best of \(repeats) explorations each")
    var interpreted: ExplorationStatistics?
    var generated: ExplorationStatistics?
    for _ in 0..<repeats {
      let i = try interpreter.explore(options: options).statistics
      if interpreted == nil || i.seconds < interpreted!.seconds { interpreted = i }
      let c = try compiled.explore(options).statistics
      if generated == nil || c.seconds < generated!.seconds { generated = c }
    }
    guard let interpreted, let generated else { return }
    guard interpreted.states == generated.states, interpreted.transitions == generated.transitions else {
      throw BenchError("the interpreter and the compiled model disagree: \(interpreted) vs \(generated)")
    }
    print("  states:       \(grouped(generated.states)) (\(grouped(generated.transitions)) transitions)")
    print("  interpreter:  \(fixed(interpreted.seconds, 3)) s  \(grouped(Int(interpreted.statesPerSecond))) states/s")
    print("  compiled:     \(fixed(generated.seconds, 3)) s  \(grouped(Int(generated.statesPerSecond))) states/s")
    print("  ratio:        \(fixed(generated.statesPerSecond / interpreted.statesPerSecond, 2))x")
  }

  /// Every variant under `specs/` (relative to the current directory), as `lockspec` loads them.
  static func loadVariants() throws -> [Variant] {
    let fm = FileManager.default
    let found = (fm.enumerator(atPath: "specs")?.allObjects as? [String] ?? [])
      .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
    func read(_ path: String) -> String? {
      fm.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
    }
    let files = found.compactMap { relative -> (path: String, text: String)? in
      read("specs/" + relative).map { ("specs/" + relative, $0) }
    }
    do {
      return try VariantLoader.load(files: files, read: read)
    } catch {
      throw BenchError(error.diagnostics.map(\.description).joined(separator: "\n"))
    }
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  static func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  static func fixed(_ x: Double, _ places: Int) -> String {
    String(format: "%.\(places)f", x)
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

do {
  try Bench.main()
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(2)
}
