import Foundation
import LockCheck
import LockGen
import LockSpec
import LockTestSupport
import XCTest

/// Spec names can be anything: Swift keywords once mangled (`-/class` is `class`), the names of
/// types and modules the generated code uses (`Result`, `State`, `Int`, `LockCheck`,
/// `XCTestCase`, `main`). Whatever they are, the generated code compiles, or the name is
/// rejected with its location.
final class GeneratedNamesTests: XCTestCase {
  /// Swift keywords and contextual keywords.
  static let keywords = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows", "static",
    "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer", "do", "else",
    "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where", "while", "Any", "as",
    "await", "async", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Type", "Protocol",
    "some", "any", "consume", "copy", "borrowing", "consuming", "discard", "each", "package", "actor", "macro",
    "nonisolated", "isolated", "sending", "get", "set", "willSet", "didSet", "mutating", "nonmutating", "lazy",
    "dynamic", "final", "indirect", "optional", "required", "convenience", "override", "weak", "unowned", "left",
    "right", "none", "prefix", "postfix", "infix", "associativity", "precedence", "unsafe", "then",
  ]

  /// Types, functions and modules the generated code (or the code SwiftPM generates around it)
  /// names, and names of the generated code's own types.
  static let runtimeNames = [
    "Result", "Error", "Verdict", "StepInfo", "XCTestCase", "State", "Transition", "ModelMetadata", "Int", "String",
    "Array", "Swift", "Foundation", "XCTest", "LockCheck", "LockspecModels", "main", "Main", "CompiledModel",
    "ModelRegistry", "FaultLog", "GeneratedSuite", "ReplayedRun", "TransitionSystem", "Explorer", "Simulator",
    "Usage", "Arguments", "Bool", "UInt64", "UInt", "Int32", "Never", "Optional", "AnyObject", "ExplorationOptions",
    "ExplorationResult", "StateVerdicts", "FaultNote", "ThreadInfo", "SlotInfo", "PropertyInfo", "ValueFormat",
    "CounterexampleRenderer", "RandomSimulator", "SimulationOptions", "SimulationResult", "CounterexampleBuilder",
    "Counterexample", "CheckReport", "TextReport", "JSONReport", "VerdictMatrix", "StaticString", "XCTFail", "print",
    "exit", "CommandLine", "FileHandle", "Data", "Set", "Dictionary", "Sendable", "Equatable", "FixedWidthInteger",
    "UnsafeBufferPointer", "UnsafeMutableBufferPointer", "GeneratedTests", "Generated", "Model", "Tests",
    "FooTests", "Foo", "LockGen", "LockSpec", "Glibc", "Darwin", "Dispatch", "Testing", "XCTestCaseEntry",
    "testCase", "Model_Result", "Spec", "outcome", "explore", "metadata", "modelMetadata", "restingStep",
  ]

  /// Plain spec names whose mangled form is hostile (the first component is capitalized).
  static let plainNames = ["0abc", "9/lives", "x/class", "self/Type", "async/await", "a.b/c-d"]

  /// Every hostile name as a variant name: `-/NAME` keeps NAME verbatim; names whose base name
  /// only differs in case from one already listed are left out (they are rejected as clashes).
  static var hostileNames: [String] {
    var seen: Set<String> = []
    var names: [String] = []
    for name in (keywords + runtimeNames).map({ "-/" + $0 }) + plainNames {
      guard case .success(let found) = SwiftIdentifier.names(forModel: name) else { continue }
      if seen.insert(found.base.lowercased()).inserted { names.append(name) }
    }
    return names
  }

  func testHostileNamesMapToPrefixedTypesAndSuffixedTests() throws {
    for (name, base) in [
      ("-/class", "class"), ("result", "Result"), ("-/Self", "Self"), ("0abc", "Spec0abc"), ("-/main", "main"),
      ("x/class", "X_class"), ("-/Model_Result", "Model_Result"),
    ] {
      let names = try SwiftIdentifier.names(forModel: name).get()
      XCTAssertEqual(names.base, base, name)
      XCTAssertEqual(names.type, "Model_" + base, name)
      XCTAssertEqual(names.testClass, base + "Tests", name)
      XCTAssertEqual(names.modelFile, "Models/Model_\(base).swift", name)
      XCTAssertEqual(names.testFile, "Tests/\(base)Tests.swift", name)
    }
  }

  /// Every hostile name at once, and a model whose variables and threads are named after the
  /// types the generated `State` uses: the generated models, tests and simulator type-check
  /// against the built `LockCheck` (four `swiftc` runs for all of them, two at a time).
  func testGeneratedCodeForHostileNamesCompiles() throws {
    var specs = Self.hostileNames.map { Variant(model: HandBuiltModels.tiny($0), specPath: "specs/hostile.yaml") }
    specs.append(
      Variant(
        model: HandBuiltModels.tiny(
          "members",
          variables: [
            "Int", "Swift", "UInt64", "Equatable", "UnsafeBufferPointer", "UnsafeMutableBufferPointer", "w0", "w1",
            "words", "self", "Self", "init", "store", "State", "Transition", "FaultLog", "current", "successor", "log",
            "emit", "newValue", "Type", "Protocol", "default", "_", "LockCheck", "Model_members",
          ],
          threads: ["Int", "self", "State"], property: "Self"),
        specPath: "specs/members.yaml"))
    XCTAssertGreaterThan(specs.count, 150)
    let files = try CodeGenerator.generate(specs)
    XCTAssertEqual(Set(files.map { $0.path.lowercased() }).count, files.count, "paths unique ignoring case")

    let fm = FileManager.default
    let folder = fm.temporaryDirectory.appendingPathComponent("lockspec-names-\(UUID().uuidString)")
    defer { try? fm.removeItem(at: folder) }
    for file in files {
      let url = folder.appendingPathComponent(file.path)
      try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(file.contents.utf8).write(to: url)
    }
    func sources(_ subfolder: String) throws -> [String] {
      try fm.contentsOfDirectory(atPath: folder.appendingPathComponent(subfolder).path).sorted().map {
        folder.appendingPathComponent(subfolder).appendingPathComponent($0).path
      }
    }
    // One frontend per module (`-wmo`): the models as `LockspecModels`, the tests against it as
    // `GeneratedTests` and the simulator as an executable, as SwiftPM builds them. The models'
    // bodies are type-checked on their own while the tests and the simulator are checked against
    // the models' interface (a module emitted without bodies: emitting one with them, through
    // SILGen, took 22 s of the 26 s this test once spent).
    let compiler = try Swiftc.locate()
    let started = Date()
    let modules = folder.appendingPathComponent("modules").path
    let models = ["-wmo", "-parse-as-library", "-module-name", "LockspecModels"]
    let interface = [
      "-emit-module", "-emit-module-path", modules + "/LockspecModels.swiftmodule", "-Xfrontend",
      "-experimental-skip-all-function-bodies",
    ]
    let tests = ["-typecheck", "-wmo", "-parse-as-library", "-module-name", "GeneratedTests", "-I", modules]
    let simulator = ["-typecheck", "-wmo", "-module-name", "lockspec_sim", "-I", modules]
    let pipelines = try [
      [["-typecheck"] + models + sources("Models")],
      [interface + models + sources("Models"), tests + sources("Tests"), simulator + sources("Simulator")],
    ]
    let failures = ConcurrentMap.map(pipelines.count) { index in
      Result { () throws -> String? in
        // Each run needs the one before it: stop at the first failure.
        for arguments in pipelines[index] {
          if let failure = try compiler.failure(of: arguments) { return failure }
        }
        return nil
      }
    }
    for failure in failures {
      if let message = try failure.get() { XCTFail(message) }
    }
    let seconds = String(format: "%.1f", -started.timeIntervalSinceNow)
    print("swiftc type-checked the \(files.count) files generated for \(specs.count) hostile names in \(seconds) s")
  }

  // MARK: Rejected names

  func testNamesWithoutASwiftNameAreRejectedWithTheirLocation() {
    let long = "mm-exit/" + String(repeating: "x", count: 74)
    for (name, fragment) in [
      ("_", "no ASCII letter or digit"), ("__", "no ASCII letter or digit"), ("é/ü", "no ASCII letter or digit"),
      ("-/-", "no ASCII letter or digit"), ("", "no ASCII letter or digit"), (long, "more than 80"),
    ] {
      let origin = SourceLocation(path: "specs/bad.yaml", line: 3, column: 7)
      let spec = Variant(model: HandBuiltModels.tiny(name), specPath: "specs/bad.yaml", origin: origin)
      XCTAssertThrowsError(try CodeGenerator.generate([spec]), name) {
        let problems = ($0 as? GenerationError)?.problems ?? []
        XCTAssertEqual(problems.map(\.location), [origin], name)
        XCTAssertTrue(problems.first?.message.contains(fragment) ?? false, "\(name): \(problems)")
        XCTAssertTrue(problems.first?.description.hasPrefix("specs/bad.yaml:3:7: error: variant `") ?? false)
      }
    }
    XCTAssertEqual(SwiftIdentifier.baseName(forModel: long).count, 81)
    let longest = "mm-exit/" + String(repeating: "x", count: 73)
    XCTAssertEqual(try SwiftIdentifier.names(forModel: longest).get().base.count, 80)
  }

  /// Without an origin, a problem points at line 1 of the file that defines the variant.
  func testProblemsWithoutOriginPointAtTheFile() {
    let spec = Variant(model: HandBuiltModels.tiny("_"), specPath: "specs/a.yaml", patchPath: "specs/p/q.yaml")
    XCTAssertThrowsError(try CodeGenerator.generate([spec])) {
      XCTAssertEqual(
        ($0 as? GenerationError)?.problems.map(\.location),
        [SourceLocation(path: "specs/p/q.yaml", line: 1, column: 1)])
    }
  }

  func testNamesDifferingOnlyInCaseClash() {
    let first = Variant(
      model: HandBuiltModels.tiny("result"), specPath: "specs/result.yaml",
      origin: SourceLocation(path: "specs/result.yaml", line: 1, column: 7))
    let second = Variant(
      model: HandBuiltModels.tiny("-/result"), specPath: "specs/lower.yaml",
      origin: SourceLocation(path: "specs/lower.yaml", line: 2, column: 7))
    XCTAssertThrowsError(try CodeGenerator.generate([first, second])) {
      let problems = ($0 as? GenerationError)?.problems ?? []
      XCTAssertEqual(problems.map(\.location.path), ["specs/lower.yaml"])
      XCTAssertTrue(problems.first?.message.contains("differs only in case") ?? false, "\(problems)")
      XCTAssertTrue(problems.first?.message.contains("specs/result.yaml:1:7") ?? false, "\(problems)")
    }
  }
}

/// The `swiftc` of the toolchain, with the flags to compile against the modules of this build
/// (`LockCheck`, next to the test bundle) in the package's language mode.
struct Swiftc {
  var executable: URL
  var flags: [String]

  static func locate() throws -> Swiftc {
    let fm = FileManager.default
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
    guard
      let executable = path.split(separator: ":").map({
        URL(fileURLWithPath: String($0)).appendingPathComponent("swiftc")
      })
      .first(where: { fm.isExecutableFile(atPath: $0.path) })
    else {
      throw XCTSkip("no swiftc on PATH")
    }
    // The test bundle lies in the build folder (`.build/<triple>/debug/lockspecPackageTests.xctest`),
    // next to `Modules/`.
    var products = Bundle(for: GeneratedNamesTests.self).bundleURL
    while products.pathExtension == "xctest" || ["Contents", "MacOS"].contains(products.lastPathComponent) {
      products.deleteLastPathComponent()
    }
    let candidates = [products.appendingPathComponent("Modules"), products]
    guard
      let modules = candidates.first(where: {
        fm.fileExists(atPath: $0.appendingPathComponent("LockCheck.swiftmodule").path)
      })
    else {
      throw XCTSkip("no LockCheck.swiftmodule under \(products.path)")
    }
    var flags = ["-swift-version", "6", "-I", modules.path]
    // The module maps of the C targets `LockCheck` imports (its cache prefetch), as SwiftPM
    // passes them: without them type-checking these files against `LockCheck` takes minutes.
    // `X-tool.build` is the copy SwiftPM builds for a package plugin's tool (`lockspec-generate`):
    // the same module again, which clang would see defined twice.
    let targets = (try? fm.contentsOfDirectory(atPath: products.path)) ?? []
    for target in targets.sorted() where target.hasSuffix(".build") && !target.hasSuffix("-tool.build") {
      let map = products.appendingPathComponent(target).appendingPathComponent("module.modulemap")
      if fm.fileExists(atPath: map.path) { flags += ["-Xcc", "-fmodule-map-file=" + map.path] }
    }
    let cache = products.appendingPathComponent("ModuleCache")
    if fm.fileExists(atPath: cache.path) { flags += ["-module-cache-path", cache.path] }
    #if os(macOS)
      if let platform = try? Self.output(URL(fileURLWithPath: "/usr/bin/xcrun"), ["--show-sdk-platform-path"]).output {
        let developer = platform.trimmingCharacters(in: .whitespacesAndNewlines) + "/Developer"
        flags += ["-F", developer + "/Library/Frameworks", "-I", developer + "/usr/lib"]
      }
      // The package's deployment target (`platforms:` in Package.swift), which `LockCheck` was built for.
      #if arch(arm64)
        flags += ["-target", "arm64-apple-macosx13.0"]
      #else
        flags += ["-target", "x86_64-apple-macosx13.0"]
      #endif
    #endif
    return Swiftc(executable: executable, flags: flags)
  }

  /// Runs `swiftc` with `arguments`: nil when it succeeds, else what it said (no XCTest
  /// assertion: it may run off the test's thread).
  func failure(of arguments: [String]) throws -> String? {
    // `arguments` first: their `-I` (the generated `LockspecModels`) must win over the build's.
    let (status, text) = try Self.output(executable, arguments + flags, asserting: false)
    guard status != 0 else { return nil }
    return "swiftc \(arguments.prefix(8).joined(separator: " ")) ... exited with \(status):\n\(text.prefix(20_000))"
  }

  /// Runs `executable` with `arguments` and returns its status and output; fails the test when
  /// it fails, if `asserting`.
  static func output(
    _ executable: URL, _ arguments: [String], asserting: Bool = true, file: StaticString = #filePath,
    line: UInt = #line
  ) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: data, as: UTF8.self)
    if process.terminationStatus != 0 && asserting {
      XCTFail(
        "\(executable.lastPathComponent) \(arguments.prefix(8).joined(separator: " ")) ... exited with "
          + "\(process.terminationStatus):\n\(text.prefix(20_000))", file: file, line: line)
    }
    return (process.terminationStatus, text)
  }
}
