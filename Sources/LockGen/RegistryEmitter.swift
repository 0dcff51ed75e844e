import LockSpec

/// Emits `ModelRegistry`: every compiled model, in the order the specs were given (the order
/// `lockspec check` explores them), for the simulator, the tests and benchmarks.
struct RegistryEmitter {
  let specs: [Variant]
  let typeNames: [String]

  func emit() -> String {
    var w = SwiftWriter()
    w.line("import LockCheck")
    w.blank()
    w.doc("Every compiled model.")
    w.block("public enum ModelRegistry") { w in
      w.doc("The models in spec order:")
      for (spec, name) in zip(specs, typeNames) {
        w.doc("- `\(name)`: `\(spec.model.name)` from \(spec.specPath)" + (spec.patchPath.map { " + \($0)" } ?? ""))
      }
      w.block("public static var all: [any CompiledModel.Type]") { w in
        Layout.array(typeNames.map { .atom("\($0).self") }).write(to: &w)
      }
      w.blank()
      w.doc("The model whose variant name is `name` (`mm-exit/v4.13`).")
      w.block("public static func model(named name: String) -> (any CompiledModel.Type)?") { w in
        w.line("all.first { $0.name == name }")
      }
    }
    return w.text
  }
}
