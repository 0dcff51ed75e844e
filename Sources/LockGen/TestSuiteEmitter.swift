import LockSpec

/// Emits the XCTest class of one model: the model is explored once per class (a lazily
/// initialized static), and each property gets a test method that asserts its expected
/// verdict, or prints the verdict when the spec expects none.
struct TestSuiteEmitter {
  let model: ModelIR
  let names: SwiftIdentifier.ModelNames
  let source: String

  /// The test method of each property, in property order: `test_<property>_<expect>`, or
  /// `test_<property>_recorded` without an expectation; clashes get a numeric suffix.
  var methodNames: [String] {
    var taken: Set<String> = []
    return model.properties.enumerated().map { index, property in
      // Between `test_` and the verdict, a keyword or a leading digit needs no fix.
      var base = SwiftIdentifier.words(Substring(property.name)).joined(separator: "_")
      if base.isEmpty { base = "property\(index)" }
      var name = "test_\(base)_\(property.expect?.rawValue ?? "recorded")"
      if taken.contains(name) { name += "_\(index)" }
      while taken.contains(name) { name += "_" }
      taken.insert(name)
      return name
    }
  }

  func emit() -> String {
    var w = SwiftWriter()
    w.line("import LockCheck")
    w.line("import LockTestSupport")
    w.line("import LockspecModels")
    w.line("import XCTest")
    w.blank()
    w.doc("`\(model.name)` (\(source)): one test per property. The model is explored once for the whole class.")
    w.declaration("final class \(names.testClass)", conformances: "XCTestCase") { w in
      Layout.call(
        "GeneratedSuite.explore",
        [
          .init(nil, .atom("LockspecModels.\(names.type).self")),
          .init("among", .atom("LockspecModels.ModelRegistry.all")),
        ]
      )
      .write(to: &w, prefix: "static let outcome = ")
      for (property, method) in zip(model.properties, methodNames) {
        w.blank()
        var doc = "`\(property.name)` (\(property.kind.rawValue))"
        if !property.description.isEmpty { doc += ": " + property.description }
        w.doc(doc)
        w.block("func \(method)()") { w in
          let name = Layout.text(property.name)
          if let expect = property.expect {
            Layout.call(
              "GeneratedSuite.assertVerdict",
              [
                .init(nil, .atom("Self.outcome")), .init("property", name),
                .init("expected", .atom(".\(expect.rawValue)")),
              ]
            ).write(to: &w)
          } else {
            Layout.call("GeneratedSuite.record", [.init(nil, .atom("Self.outcome")), .init("property", name)])
              .write(to: &w)
          }
        }
      }
    }
    return w.text
  }
}
