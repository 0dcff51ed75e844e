import Foundation
import LockCheck
import LockGen
import LockSpec
import XCTest

/// The generator's output: golden files, determinism, headers, formatting invariants, name
/// mapping, and escaping of hostile text.
final class GeneratorTests: XCTestCase {
  func file(_ files: [GeneratedFile], _ path: String) -> String {
    files.first { $0.path == path }?.contents ?? ""
  }

  // MARK: Golden files

  func testGoldenHandBuiltModel() throws {
    let files = try CodeGenerator.generate([
      SpecModel(model: HandBuiltModels.everything, specPath: "specs/hand/everything.yaml")
    ])
    Golden.assertMatches(file(files, "Models/Hand_everything.swift"), file: "Hand_everything.swift.txt")
    Golden.assertMatches(file(files, "Tests/Hand_everythingTests.swift"), file: "Hand_everythingTests.swift.txt")
    Golden.assertMatches(file(files, "Models/ModelRegistry.swift"), file: "ModelRegistry.swift.txt")
  }

  func testGoldenSpecFromTheFrontend() throws {
    let variants = try SpecCorpus.variants.get()
    let variant = try XCTUnwrap(variants.first { $0.name == "examples/refcount-broken" })
    let files = try CodeGenerator.generate([SpecModel(model: variant.model, specPath: variant.specPath)])
    Golden.assertMatches(
      file(files, "Models/Examples_refcount_broken.swift"), file: "Examples_refcount_broken.swift.txt")
  }

  func testGoldenSupportFiles() throws {
    let files = try CodeGenerator.generate([])
    XCTAssertEqual(
      files.map(\.path),
      [
        "Models/CompiledModel.swift", "Models/ModelRegistry.swift", "Simulator/main.swift",
        "Tests/GeneratedSuite.swift",
      ])
    Golden.assertMatches(file(files, "Models/CompiledModel.swift"), file: "CompiledModel.swift.txt")
    Golden.assertMatches(file(files, "Tests/GeneratedSuite.swift"), file: "GeneratedSuite.swift.txt")
    Golden.assertMatches(file(files, "Simulator/main.swift"), file: "main.swift.txt")
  }

  // MARK: Freshness and determinism

  /// `Generated/` holds exactly what the generator makes from `specs/` (what
  /// `lockspec generate --check` checks in CI).
  func testGeneratedFolderIsFresh() throws {
    let variants = try SpecCorpus.variants.get()
    let specs = variants.map {
      SpecModel(model: $0.model, specPath: $0.specPath, patchPath: $0.patchPath, parent: $0.parent)
    }
    let files = try CodeGenerator.generate(specs)
    let root = SpecCorpus.root + "/Generated/"
    for generated in files {
      let onDisk = FileManager.default.contents(atPath: root + generated.path).map {
        String(decoding: $0, as: UTF8.self)
      }
      XCTAssertEqual(
        onDisk, generated.contents, "Generated/\(generated.path) is stale: run `swift run lockspec generate`")
    }
  }

  func testOutputIsDeterministic() throws {
    let specs = [
      SpecModel(model: HandBuiltModels.everything, specPath: "specs/hand/everything.yaml"),
      SpecModel(model: HandBuiltModels.hostile, specPath: "specs/hand/hostile.yaml"),
    ]
    XCTAssertEqual(try CodeGenerator.generate(specs), try CodeGenerator.generate(specs))
  }

  func testEveryFileHasTheHeaderAndIsTidy() throws {
    let files = try CodeGenerator.generate([
      SpecModel(model: HandBuiltModels.everything, specPath: "specs/hand/everything.yaml"),
      SpecModel(model: HandBuiltModels.hostile, specPath: "specs/hand/hostile.yaml"),
    ])
    for file in files {
      let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
      XCTAssertTrue(FileHeader.isGenerated(file.contents), file.path)
      XCTAssertTrue(lines[1].contains("swift run lockspec generate"), file.path)
      XCTAssertEqual(lines[2], "", "\(file.path): the header is followed by a blank line")
      XCTAssertTrue(file.contents.hasSuffix("}\n") || file.contents.hasSuffix(")\n"), file.path)
      XCTAssertFalse(file.contents.contains("\n\n\n"), file.path)
      XCTAssertFalse(file.contents.contains("/work/"), "\(file.path): no absolute paths")
      for (number, line) in lines.enumerated() {
        XCTAssertLessThanOrEqual(line.count, 120, "\(file.path):\(number + 1) too long")
        XCTAssertFalse(line.hasSuffix(" "), "\(file.path):\(number + 1) trailing space")
        XCTAssertTrue(
          line.unicodeScalars.allSatisfy { (" "..."~").contains($0) },
          "\(file.path):\(number + 1) is not printable ASCII")
      }
    }
  }

  // MARK: Names

  func testModelNamesMapToSwiftTypeNames() {
    XCTAssertEqual(SwiftIdentifier.typeName(forModel: "mm-exit/v4.13"), "MmExit_v4_13")
    XCTAssertEqual(
      SwiftIdentifier.typeName(forModel: "mm-exit/v4.13+drop-ksm-trick"), "MmExit_v4_13_drop_ksm_trick")
    XCTAssertEqual(SwiftIdentifier.typeName(forModel: "examples/refcount-broken"), "Examples_refcount_broken")
    XCTAssertEqual(SwiftIdentifier.typeName(forModel: "4x/y"), "Spec4x_y")
    XCTAssertEqual(SwiftIdentifier.typeName(forModel: "é/ü"), "Spec")
    XCTAssertEqual(
      SwiftIdentifier.typeName(forModel: "examples/hostile \"strings\" \\(1) #\"\"\" é/ü"),
      "Examples_hostile_strings_1")
    let long = SwiftIdentifier.typeName(forModel: "mm-exit/" + String(repeating: "very-long-", count: 20))
    XCTAssertEqual(long.count, SwiftIdentifier.maxTypeNameLength)
    XCTAssertTrue(long.hasPrefix("MmExit_very_long_very_long_"), long)
    XCTAssertEqual(long, SwiftIdentifier.typeName(forModel: "mm-exit/" + String(repeating: "very-long-", count: 20)))
    XCTAssertNotEqual(long, SwiftIdentifier.typeName(forModel: "mm-exit/" + String(repeating: "very-long-", count: 21)))
    XCTAssertEqual(SwiftIdentifier.memberName("worker[1].reads(mmap_sem)"), "worker_1_reads_mmap_sem")
    XCTAssertEqual(SwiftIdentifier.memberName("default"), "default_")
    XCTAssertEqual(SwiftIdentifier.memberName("1st"), "n1st")
  }

  func testNameClashesAreErrors() {
    func spec(_ name: String, _ path: String) -> SpecModel {
      var model = HandBuiltModels.everything
      model.name = name
      return SpecModel(model: model, specPath: path)
    }
    XCTAssertThrowsError(try CodeGenerator.generate([spec("a-b/c", "specs/1.yaml"), spec("a.b/c", "specs/2.yaml")])) {
      let problems = ($0 as? GenerationError)?.problems ?? []
      XCTAssertEqual(problems.count, 1)
      XCTAssertTrue(problems[0].contains("`AB_c`"), problems.joined())
      XCTAssertTrue(problems[0].contains("specs/2.yaml"), problems.joined())
    }
    XCTAssertThrowsError(try CodeGenerator.generate([spec("model-registry", "specs/1.yaml")]))
    XCTAssertThrowsError(try CodeGenerator.generate([spec("same", "specs/1.yaml"), spec("same", "specs/2.yaml")]))
  }

  func testTestMethodsAreNamedAfterPropertiesAndVerdicts() throws {
    let files = try CodeGenerator.generate([SpecModel(model: HandBuiltModels.everything, specPath: "x.yaml")])
    let tests = file(files, "Tests/Hand_everythingTests.swift")
    XCTAssertTrue(tests.contains("func test_no_use_after_free_holds()"))
    XCTAssertTrue(tests.contains("func test_chooser_assert_violated()"))
    XCTAssertTrue(tests.contains("func test_never_negative_done_recorded()"))
    XCTAssertEqual(tests.components(separatedBy: "static let outcome").count, 2, "explored once per class")
  }

  // MARK: Escaping

  /// Hostile text becomes string literals that mean exactly that text, and nothing of it
  /// reaches the code unescaped (`testEveryFileHasTheHeaderAndIsTidy` checks every line is
  /// printable ASCII).
  func testHostileTextIsEscaped() throws {
    let model = HandBuiltModels.hostile
    let files = try CodeGenerator.generate([SpecModel(model: model, specPath: "specs/\"\n\u{202E}.yaml")])
    let source = file(files, "Models/\(SwiftIdentifier.typeName(forModel: model.name)).swift")
    XCTAssertFalse(source.isEmpty, files.map(\.path).joined(separator: ", "))
    let literals = StringLiteralScanner.literals(in: source)
    for text in [
      model.name, model.threads[0].name, model.variables[0].name, model.properties[0].name,
      model.properties[0].description, model.threads[0].instructions[0].origin.code,
    ] {
      XCTAssertTrue(literals.contains(text), "no literal for \(text.debugDescription)")
    }
    XCTAssertTrue(literals.contains("use after free of \(model.variables[1].name)"))
    XCTAssertTrue(
      source.hasPrefix("// Generated by `lockspec generate` from specs/\"\n// \\u{202E}.yaml.")
        || source.hasPrefix("// Generated by `lockspec generate` from specs/\"\\n\\u{202E}.yaml."),
      source.prefix(200).description)
  }

  func testStringLiteralsRoundTrip() {
    let samples = [
      "", "plain", "\"", "\\", "\"\"\"", "\\(x)", "#\"raw\"#", "a\nb\r\nc\td", "\u{0}", "é", "中文", "🙂",
      "\u{202E}evil\u{202C}", "\u{2028}", "#", "\"\"\"\n\\(x)\n\"\"\"", "\u{7F}", "e\u{301}",
    ]
    for sample in samples {
      let literal = SwiftLiteral.string(sample)
      XCTAssertEqual(StringLiteralScanner.literals(in: literal), [sample], literal)
      XCTAssertTrue(literal.unicodeScalars.allSatisfy { (" "..."~").contains($0) }, literal)
    }
  }

  // MARK: File sync

  func testTreePlanTouchesOnlyGeneratedFiles() {
    let header = FileHeader.text(source: nil)
    let desired = [
      GeneratedFile(path: "Models/A.swift", contents: header + "a"),
      GeneratedFile(path: "Models/B.swift", contents: header + "b"),
      GeneratedFile(path: "Models/C.swift", contents: header + "c"),
      GeneratedFile(path: "Models/D.swift", contents: header + "d"),
    ]
    let existing: [(path: String, contents: String?)] = [
      ("Models/A.swift", header + "a"),
      ("Models/B.swift", header + "old"),
      ("Models/D.swift", "// hand-written"),
      ("Models/Gone.swift", header + "gone"),
      ("Models/Notes.md", "not generated"),
      ("Models/binary", nil),
    ]
    let plan = GeneratedTreePlan(desired: desired, existing: existing)
    XCTAssertEqual(
      plan.changes,
      [.update(desired[1]), .create(desired[2]), .remove(path: "Models/Gone.swift")])
    XCTAssertEqual(plan.changes.map(\.word), ["stale", "missing", "extra"])
    XCTAssertEqual(plan.conflicts, ["Models/D.swift"])
    XCTAssertEqual(plan.unchanged, 1)
    XCTAssertFalse(plan.isUpToDate)
    XCTAssertTrue(GeneratedTreePlan(desired: [desired[0]], existing: [("Models/A.swift", header + "a")]).isUpToDate)
  }
}

/// Decodes the string literals of Swift source the generator writes (plain `"…"` literals
/// with `\"`, `\\`, `\n`, `\r`, `\t`, `\0` and `\u{…}` escapes, split with `+`), to check
/// that they mean the text they were made from.
enum StringLiteralScanner {
  static func literals(in source: String) -> [String] {
    var result: [String] = []
    var scalars = Array(source.unicodeScalars)[...]
    var pending: String?
    while let c = scalars.first {
      scalars = scalars.dropFirst()
      if c == "/" && scalars.first == "/" {
        // A comment: skip to the end of the line.
        while let d = scalars.first, d != "\n" { scalars = scalars.dropFirst() }
        continue
      }
      guard c == "\"" else {
        if !(c == " " || c == "\n" || c == "+"), let text = pending {
          result.append(text)
          pending = nil
        }
        continue
      }
      var text = ""
      while let d = scalars.first {
        scalars = scalars.dropFirst()
        if d == "\"" { break }
        if d != "\\" {
          text.unicodeScalars.append(d)
          continue
        }
        guard let e = scalars.first else { break }
        scalars = scalars.dropFirst()
        switch e {
        case "n": text += "\n"
        case "r": text += "\r"
        case "t": text += "\t"
        case "0": text += "\0"
        case "u":
          scalars = scalars.dropFirst()  // {
          var hex = ""
          while let h = scalars.first, h != "}" {
            hex.unicodeScalars.append(h)
            scalars = scalars.dropFirst()
          }
          scalars = scalars.dropFirst()  // }
          if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
            text.unicodeScalars.append(scalar)
          }
        case "(":
          // An interpolation the generator wrote: keep it verbatim.
          text += "\\("
        default: text.unicodeScalars.append(e)
        }
      }
      // `"a" + "b"` continues one literal.
      pending = (pending ?? "") + text
    }
    if let text = pending { result.append(text) }
    return result
  }
}
