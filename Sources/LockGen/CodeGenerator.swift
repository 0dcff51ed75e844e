import LockCheck
import LockSpec

/// One model to generate code for, and where it comes from.
public struct SpecModel: Sendable {
  public var model: ModelIR
  /// The spec file, relative to the package root (`specs/mm-exit/v4.13.yaml`).
  public var specPath: String
  /// The patch applied last, relative to the package root, if any.
  public var patchPath: String?
  /// The variant a patched variant derives from (`Variant.parent`).
  public var parent: String?

  public init(model: ModelIR, specPath: String, patchPath: String? = nil, parent: String? = nil) {
    self.model = model
    self.specPath = specPath
    self.patchPath = patchPath
    self.parent = parent
  }
}

/// A file the generator produces: a path relative to the output folder, and its contents.
public struct GeneratedFile: Sendable, Equatable {
  public var path: String
  public var contents: String

  public init(path: String, contents: String) {
    self.path = path
    self.contents = contents
  }
}

/// Why code cannot be generated (every problem found, not just the first).
public struct GenerationError: Error, Equatable, CustomStringConvertible {
  public var problems: [String]

  public var description: String { problems.map { "error: " + $0 }.joined(separator: "\n") }
}

/// The generator: `ModelIR`s in, `[GeneratedFile]` out. Pure (no file system) and
/// deterministic: the same models in the same order give byte-identical files.
///
/// Per model: `Models/<Type>.swift` (the compiled `TransitionSystem` and its metadata) and
/// `Tests/<Type>Tests.swift` (one XCTest method per property). Once: `Models/CompiledModel.swift`
/// (shared runtime support), `Models/ModelRegistry.swift` (every model, in input order),
/// `Tests/GeneratedSuite.swift` (assertions) and `Simulator/main.swift` (`lockspec-sim`).
public enum CodeGenerator {
  /// The folders of the generated targets, relative to the output folder.
  public static let folders = ["Models", "Simulator", "Tests"]

  /// The Swift type name of each model, in order; throws when two models would share one.
  public static func typeNames(_ specs: [SpecModel]) throws -> [String] {
    var problems: [String] = []
    var names: [String] = []
    var owners: [String: String] = [:]
    var modelNames: [String: String] = [:]
    for spec in specs {
      let name = SwiftIdentifier.typeName(forModel: spec.model.name)
      let source = spec.specPath + (spec.patchPath.map { " + " + $0 } ?? "")
      if let other = modelNames[spec.model.name] {
        problems.append("\(source): model `\(spec.model.name)` is also defined by \(other)")
      } else if let other = owners[name] {
        problems.append(
          "\(source): model `\(spec.model.name)` maps to the Swift type `\(name)`, as \(other) does; rename one")
      } else if SwiftIdentifier.reservedTypeNames.contains(name) {
        problems.append(
          "\(source): model `\(spec.model.name)` maps to the Swift type `\(name)`, which the generated code reserves")
      }
      modelNames[spec.model.name] = modelNames[spec.model.name] ?? source
      owners[name] = owners[name] ?? "\(source) (`\(spec.model.name)`)"
      names.append(name)
    }
    if !problems.isEmpty { throw GenerationError(problems: problems) }
    return names
  }

  /// Every generated file for `specs`, sorted by path.
  public static func generate(_ specs: [SpecModel]) throws -> [GeneratedFile] {
    let names = try typeNames(specs)
    var files: [GeneratedFile] = []
    for (spec, typeName) in zip(specs, names) {
      let plan = CompiledModelPlan(model: spec.model)
      let source = spec.specPath + (spec.patchPath.map { " + " + $0 } ?? "")
      let model = ModelEmitter(plan: plan, typeName: typeName, spec: spec)
      files.append(
        GeneratedFile(path: "Models/\(typeName).swift", contents: FileHeader.text(source: source) + model.emit()))
      let tests = TestSuiteEmitter(model: spec.model, typeName: typeName, source: source)
      files.append(
        GeneratedFile(path: "Tests/\(typeName)Tests.swift", contents: FileHeader.text(source: source) + tests.emit()))
    }
    let registrySource = specs.isEmpty ? "no specs" : "every spec given to it"
    files.append(
      GeneratedFile(
        path: "Models/ModelRegistry.swift",
        contents: FileHeader.text(source: registrySource) + RegistryEmitter(specs: specs, typeNames: names).emit()))
    files.append(
      GeneratedFile(
        path: "Models/CompiledModel.swift", contents: FileHeader.text(source: nil) + SupportEmitter.models()))
    files.append(
      GeneratedFile(path: "Tests/GeneratedSuite.swift", contents: FileHeader.text(source: nil) + SupportEmitter.tests())
    )
    files.append(
      GeneratedFile(path: "Simulator/main.swift", contents: FileHeader.text(source: nil) + SimulatorEmitter.emit()))
    return files.sorted { $0.path < $1.path }
  }
}
