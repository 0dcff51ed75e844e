import LockCheck
import LockSpec
import LockspecModels
import XCTest

/// `specs/examples/hostile-strings.yaml` puts quotes, backslashes, `"""`, `\(`, `#`, newlines,
/// tabs and non-ASCII (including a right-to-left override) into every free-text field that
/// reaches generated code. Its compiled model is in `LockspecModels`, so it compiled; here its
/// strings must be exactly the spec's, and it must mean what the spec says.
final class HostileSpecTests: XCTestCase {
  /// The spec's strings as YAML decodes them, written independently of the generator.
  static let name = "examples/hostile \"strings\" \\(1) #\"\"\" é/ü"

  func compiled() throws -> any CompiledModel.Type {
    try XCTUnwrap(ModelRegistry.model(named: Self.name), "hostile-strings.yaml is not generated")
  }

  func testStringsRoundTrip() throws {
    let metadata = try compiled().modelMetadata
    XCTAssertEqual(metadata.name, Self.name)
    XCTAssertEqual(try compiled().specPath, "specs/examples/hostile-strings.yaml")
    let codes = metadata.steps.map(\.code)
    XCTAssertEqual(
      codes,
      [
        "printf(\"%s\\n\", buf); /* \"\"\" \\(x) #\"raw\"# */",
        "multi\nline\tcode \u{202E} reversed \u{1F642}",
        "kfree(buf); // \\",
        "\"\"\"\n\\(close)\n\"\"\"",
      ])
    XCTAssertEqual(
      metadata.steps.map(\.location),
      ["drivers/\"quoted\"/é.c:use\\(buf)", "", "#file:#function", "\\u{41}:\\0"])
    XCTAssertEqual(
      metadata.properties.prefix(3).map(\.description),
      [
        "the user's \"printf\" can follow the closer's kfree: \\( \"\"\" # é",
        "both free \u{202E} buf",
        "line one\nline two \"\"\"",
      ])
  }

  /// The compiled model finds what the spec expects, with the interpreter's counterexamples.
  func testMeansWhatTheSpecSays() throws {
    let model = try compiled()
    let result = try model.explore(ExplorationOptions())
    XCTAssertTrue(result.meetsExpectations, "\(result.properties.map { "\($0.name): \($0.verdict)" })")
    let uaf = try XCTUnwrap(result[property: "no_use_after_free"]?.counterexample)
    XCTAssertEqual(
      uaf.steps.map(\.code), ["\"\"\"\n\\(close)\n\"\"\"", "printf(\"%s\\n\", buf); /* \"\"\" \\(x) #\"raw\"# */"])
    XCTAssertEqual(uaf.conclusion, "use after free of buf (freed by closer at step 1)")
    let variants = try SpecCorpus.variants.get()
    let variant = try XCTUnwrap(variants.first { $0.name == Self.name })
    let interpreted = try Interpreter(model: variant.model).explore(options: ExplorationOptions())
    XCTAssertEqual(
      result.properties.map { $0.counterexample.map(CounterexampleRenderer().render) },
      interpreted.properties.map { $0.counterexample.map(CounterexampleRenderer().render) })
  }
}
