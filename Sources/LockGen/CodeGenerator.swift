import LockCheck
import LockSpec

/// A file the generator produces: a path relative to the output folder, and its contents.
public struct GeneratedFile: Sendable, Equatable {
  public var path: String
  public var contents: String

  public init(path: String, contents: String) {
    self.path = path
    self.contents = contents
  }
}

/// Why code cannot be generated (every problem found, not just the first), each located in the
/// spec or patch that names the variant.
public struct GenerationError: Error, Equatable, CustomStringConvertible {
  public struct Problem: Equatable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    /// `path:line:column: error: message`.
    public var description: String { "\(location): error: \(message)" }
  }

  public var problems: [Problem]

  public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// The generator: `ModelIR`s in, `[GeneratedFile]` out. Pure (no file system) and
/// deterministic: the same models in the same order give byte-identical files.
///
/// Per model (names from `SwiftIdentifier.ModelNames`): `Models/Model_<Base>.swift` (the compiled
/// `TransitionSystem` and its metadata) and `Tests/<Base>Tests.swift` (one XCTest method per
/// property). Once: `Models/CompiledModel.swift`
/// (shared runtime support), `Models/ModelRegistry.swift` (every model, in input order),
/// `Tests/GeneratedSuite.swift` (assertions) and `Simulator/main.swift` (`lockspec-sim`).
public enum CodeGenerator {
  /// The folders of the generated targets, relative to the output folder.
  public static let folders = ["Models", "Simulator", "Tests"]

  /// The Swift names of each model, in order. Throws, with every problem located, when a
  /// variant name has no letters or digits or is too long (`SwiftIdentifier.names(forModel:)`),
  /// when two variants share a name, or when two map to base names that are equal or differ only
  /// in case (their files would clash on a case-insensitive file system).
  public static func names(_ specs: [Variant]) throws(GenerationError) -> [SwiftIdentifier.ModelNames] {
    var problems: [GenerationError.Problem] = []
    var names: [SwiftIdentifier.ModelNames] = []
    var modelNames: [String: Variant] = [:]
    var owners: [String: (spec: Variant, base: String)] = [:]
    for spec in specs {
      let name = spec.model.name
      func problem(_ message: String) {
        problems.append(GenerationError.Problem(location: spec.location, message: message))
      }
      if let other = modelNames[name] {
        problem("variant `\(name)` is also defined at \(other.location)")
        continue
      }
      modelNames[name] = spec
      switch SwiftIdentifier.names(forModel: name) {
      case .failure(.empty):
        problem(
          "variant `\(name)` has no ASCII letter or digit, so it gives no Swift name for its generated model "
            + "and tests; rename it")
      case .failure(.tooLong(let base)):
        problem(
          "variant `\(name)` gives the Swift name `\(base)` of \(base.count) characters, more than "
            + "\(SwiftIdentifier.maxBaseNameLength); shorten the name")
      case .success(let found):
        let key = found.base.lowercased()
        if let other = owners[key] {
          let how =
            other.base == found.base
            ? "as variant `\(other.spec.model.name)` at \(other.spec.location) does"
            : "and variant `\(other.spec.model.name)` at \(other.spec.location) to `\(other.base)`, which differs "
              + "only in case (their files would clash on case-insensitive file systems)"
          problem("variant `\(name)` maps to the Swift name `\(found.base)`, \(how); rename one")
        } else {
          owners[key] = (spec, found.base)
        }
        names.append(found)
      }
    }
    if !problems.isEmpty { throw GenerationError(problems: problems) }
    return names
  }

  /// Every generated file for `specs`, sorted by path.
  public static func generate(_ specs: [Variant]) throws(GenerationError) -> [GeneratedFile] {
    let names = try names(specs)
    var files: [GeneratedFile] = []
    for (spec, names) in zip(specs, names) {
      let plan = CompiledModelPlan(model: spec.model)
      let source = spec.specPath + (spec.patchPath.map { " + " + $0 } ?? "")
      let model = ModelEmitter(plan: plan, typeName: names.type, spec: spec)
      files.append(GeneratedFile(path: names.modelFile, contents: FileHeader.text(source: source) + model.emit()))
      let tests = TestSuiteEmitter(model: spec.model, names: names, source: source)
      files.append(GeneratedFile(path: names.testFile, contents: FileHeader.text(source: source) + tests.emit()))
    }
    let registrySource = specs.isEmpty ? "no specs" : "every spec given to it"
    files.append(
      GeneratedFile(
        path: "Models/ModelRegistry.swift",
        contents: FileHeader.text(source: registrySource)
          + RegistryEmitter(specs: specs, typeNames: names.map(\.type)).emit()))
    files.append(
      GeneratedFile(path: "Simulator/main.swift", contents: FileHeader.text(source: nil) + SimulatorEmitter.emit()))
    return files.sorted { $0.path < $1.path }
  }
}
