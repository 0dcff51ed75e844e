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
      Variant(model: HandBuiltModels.everything, specPath: "specs/hand/everything.yaml")
    ])
    Golden.assertMatches(file(files, "Models/Model_Hand_everything.swift"), file: "Hand_everything.swift.txt")
    Golden.assertMatches(file(files, "Tests/Hand_everythingTests.swift"), file: "Hand_everythingTests.swift.txt")
    Golden.assertMatches(file(files, "Models/ModelRegistry.swift"), file: "ModelRegistry.swift.txt")
  }

  func testGoldenSpecFromTheFrontend() throws {
    let variants = try SpecCorpus.variants.get()
    let variant = try XCTUnwrap(variants.first { $0.name == "examples/refcount-broken" })
    let files = try CodeGenerator.generate([Variant(model: variant.model, specPath: variant.specPath)])
    Golden.assertMatches(
      file(files, "Models/Model_Examples_refcount_broken.swift"), file: "Examples_refcount_broken.swift.txt")
  }

  func testGoldenSupportFiles() throws {
    let files = try CodeGenerator.generate([])
    // Only what a spec determines: the constant code is in LockCheck, LockSimulator and
    // LockTestSupport.
    XCTAssertEqual(files.map(\.path), ["Models/ModelRegistry.swift", "Simulator/main.swift"])
    Golden.assertMatches(file(files, "Simulator/main.swift"), file: "main.swift.txt")
  }

  // MARK: Freshness and determinism

  /// `Generated/` holds exactly what the generator makes from `specs/` (what
  /// `lockspec generate --check` checks in CI).
  func testGeneratedFolderIsFresh() throws {
    let variants = try SpecCorpus.variants.get()
    let specs = variants.map {
      Variant(model: $0.model, specPath: $0.specPath, patchPath: $0.patchPath, parent: $0.parent)
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
      Variant(model: HandBuiltModels.everything, specPath: "specs/hand/everything.yaml"),
      Variant(model: HandBuiltModels.hostile, specPath: "specs/hand/hostile.yaml"),
    ]
    XCTAssertEqual(try CodeGenerator.generate(specs), try CodeGenerator.generate(specs))
  }

  func testEveryFileHasTheHeaderAndIsTidy() throws {
    // The longest name allowed, so declarations and references of the longest type names fit.
    let longest = "hand/" + String(repeating: "x", count: SwiftIdentifier.maxBaseNameLength - 5)
    let files = try CodeGenerator.generate([
      Variant(model: HandBuiltModels.everything, specPath: "specs/hand/everything.yaml"),
      Variant(model: HandBuiltModels.hostile, specPath: "specs/hand/hostile.yaml"),
      Variant(model: HandBuiltModels.tiny(longest), specPath: "specs/hand/long.yaml"),
    ])
    XCTAssertTrue(files.contains { $0.path.contains(String(repeating: "x", count: 75)) })
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

  func testModelNamesMapToSwiftTypeNames() throws {
    XCTAssertEqual(SwiftIdentifier.baseName(forModel: "mm-exit/v4.13"), "MmExit_v4_13")
    XCTAssertEqual(
      SwiftIdentifier.baseName(forModel: "mm-exit/v4.13+drop-ksm-trick"), "MmExit_v4_13_drop_ksm_trick")
    XCTAssertEqual(SwiftIdentifier.baseName(forModel: "examples/refcount-broken"), "Examples_refcount_broken")
    XCTAssertEqual(SwiftIdentifier.baseName(forModel: "4x/y"), "Spec4x_y")
    XCTAssertEqual(SwiftIdentifier.baseName(forModel: "é/ü"), "")
    XCTAssertEqual(
      SwiftIdentifier.baseName(forModel: "examples/hostile \"strings\" \\(1) #\"\"\" é/ü"),
      "Examples_hostile_strings_1")
    let names = try SwiftIdentifier.names(forModel: "mm-exit/v4.13").get()
    XCTAssertEqual(names.type, "Model_MmExit_v4_13")
    XCTAssertEqual(names.testClass, "MmExit_v4_13Tests")
    XCTAssertEqual(names.modelFile, "Models/Model_MmExit_v4_13.swift")
    XCTAssertEqual(names.testFile, "Tests/MmExit_v4_13Tests.swift")
    XCTAssertEqual(SwiftIdentifier.names(forModel: "é/ü"), .failure(.empty))
    let long = "mm-exit/" + String(repeating: "very-long-", count: 20)
    XCTAssertEqual(
      SwiftIdentifier.names(forModel: long), .failure(.tooLong(base: SwiftIdentifier.baseName(forModel: long))))
    XCTAssertEqual(SwiftIdentifier.memberName("worker[1].reads(mmap_sem)"), "worker_1_reads_mmap_sem")
    XCTAssertEqual(SwiftIdentifier.memberName("default"), "default_")
    XCTAssertEqual(SwiftIdentifier.memberName("1st"), "n1st")
  }

  func testNameClashesAreErrors() throws {
    func spec(_ name: String, _ path: String) -> Variant {
      var model = HandBuiltModels.everything
      model.name = name
      return Variant(model: model, specPath: path)
    }
    XCTAssertThrowsError(try CodeGenerator.generate([spec("a-b/c", "specs/1.yaml"), spec("a.b/c", "specs/2.yaml")])) {
      let problems = ($0 as? GenerationError)?.problems ?? []
      XCTAssertEqual(problems.count, 1)
      XCTAssertTrue(problems[0].message.contains("`AB_c`"), "\(problems)")
      XCTAssertEqual(problems[0].location, SourceLocation(path: "specs/2.yaml", line: 1, column: 1))
      XCTAssertTrue(problems[0].message.contains("specs/1.yaml:1:1"), "\(problems)")
    }
    XCTAssertThrowsError(try CodeGenerator.generate([spec("same", "specs/1.yaml"), spec("same", "specs/2.yaml")]))
    // Names of the generated support code are no longer reserved: models are `Model_<base>`.
    let files = try CodeGenerator.generate([spec("model-registry", "specs/1.yaml"), spec("-/main", "specs/2.yaml")])
    XCTAssertEqual(
      files.map(\.path).filter { $0.hasPrefix("Models/Model_") || $0.hasSuffix("Tests.swift") },
      [
        "Models/Model_ModelRegistry.swift", "Models/Model_main.swift", "Tests/ModelRegistryTests.swift",
        "Tests/mainTests.swift",
      ])
  }

  func testTestMethodsAreNamedAfterPropertiesAndVerdicts() throws {
    let files = try CodeGenerator.generate([Variant(model: HandBuiltModels.everything, specPath: "x.yaml")])
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
    let files = try CodeGenerator.generate([Variant(model: model, specPath: "specs/\"\n\u{202E}.yaml")])
    let source = file(files, try SwiftIdentifier.names(forModel: model.name).get().modelFile)
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

  /// With a manifest: only files it lists (and that still have the header) are updated or
  /// removed; everything else is a conflict at a generated path, or unowned elsewhere.
  func testTreePlanTouchesOnlyFilesInTheManifest() {
    let header = FileHeader.text(source: nil)
    let desired = [
      GeneratedFile(path: "Models/A.swift", contents: header + "a"),
      GeneratedFile(path: "Models/B.swift", contents: header + "b"),
      GeneratedFile(path: "Models/C.swift", contents: header + "c"),
      GeneratedFile(path: "Models/D.swift", contents: header + "d"),
      GeneratedFile(path: "Models/E.swift", contents: header + "e"),
      GeneratedFile(path: "Models/F.swift", contents: header + "f"),
    ]
    let oldManifest = GeneratedTreePlan.manifest(for: [
      GeneratedFile(path: "Models/A.swift", contents: ""), GeneratedFile(path: "Models/B.swift", contents: ""),
      GeneratedFile(path: "Models/Gone.swift", contents: ""), GeneratedFile(path: "Models/Mine.swift", contents: ""),
      GeneratedFile(path: "Models/F.swift", contents: ""),
    ])
    let existing: [(path: String, contents: String?)] = [
      ("Models/.DS_Store", nil),
      ("Models/.lockspec-tmp-123-A.swift", header + "half"),
      ("Models/A.swift", header + "a"),
      ("Models/B.swift", header + "old"),
      ("Models/D.swift", header + "hand-written, with the header, where D goes"),
      ("Models/E.swift", header + "e"),
      ("Models/F.swift", "// in the manifest, but rewritten by hand without the header"),
      ("Models/Gone.swift", header + "gone"),
      ("Models/Mine.swift", "// listed, but rewritten by hand"),
      ("Models/Notes.md", "not generated"),
      ("Models/Stray.swift", header + "a copy of a generated file"),
      ("Models/binary", nil),
      (GeneratedTreePlan.manifestPath, oldManifest.contents),
    ]
    let plan = GeneratedTreePlan(desired: desired, existing: existing)
    let manifest = GeneratedTreePlan.manifest(for: desired)
    XCTAssertEqual(
      plan.changes,
      [
        .removeTemporary(path: "Models/.lockspec-tmp-123-A.swift"), .update(desired[1]), .create(desired[2]),
        .remove(path: "Models/Gone.swift"), .update(manifest),
      ])
    XCTAssertEqual(plan.changes.map(\.word), ["temporary", "stale", "missing", "extra", "stale"])
    XCTAssertEqual(plan.conflicts, ["Models/D.swift", "Models/F.swift"])
    XCTAssertEqual(plan.unowned, ["Models/Mine.swift", "Models/Notes.md", "Models/Stray.swift", "Models/binary"])
    XCTAssertEqual(plan.unchanged, 2, "A, and E adopted: it is exactly what the generator writes")
    XCTAssertTrue(plan.hadManifest)
    XCTAssertEqual(
      plan.interimManifest.map { GeneratedTreePlan.paths(inManifest: $0.contents) },
      [
        "Models/A.swift", "Models/B.swift", "Models/C.swift", "Models/E.swift", "Models/F.swift", "Models/Gone.swift",
        "Models/Mine.swift",
      ],
      "the interim manifest owns the old files and every file the run may write")
    XCTAssertFalse(plan.isUpToDate)
    XCTAssertEqual(
      GeneratedTreePlan.paths(inManifest: manifest.contents),
      Set(desired.map(\.path)), "the manifest lists every generated file, not itself")

    let fresh = GeneratedTreePlan(
      desired: [desired[0]],
      existing: [
        ("Models/A.swift", header + "a"),
        (GeneratedTreePlan.manifestPath, GeneratedTreePlan.manifest(for: [desired[0]]).contents),
      ])
    XCTAssertTrue(fresh.isUpToDate)
    XCTAssertNil(fresh.interimManifest)
    XCTAssertFalse(
      GeneratedTreePlan(desired: [desired[0]], existing: [("Models/A.swift", header + "a")]).isUpToDate,
      "a missing manifest is missing")
  }

  /// Without a manifest (a folder an older lockspec wrote): files with the header at paths the
  /// generator writes are its own; other files with the header are reported, never removed.
  func testTreePlanWithoutManifestAdoptsOnlyWhatItWrites() {
    let header = FileHeader.text(source: nil)
    let desired = [
      GeneratedFile(path: "Models/Model_A.swift", contents: header + "a"),
      GeneratedFile(path: "Tests/ATests.swift", contents: header + "tests"),
      GeneratedFile(path: "Tests/BTests.swift", contents: header + "tests"),
    ]
    let existing: [(path: String, contents: String?)] = [
      ("Models/A.swift", header + "the old name of the model"),
      ("Tests/ATests.swift", header + "old tests"),
      ("Tests/BTests.swift", "// hand-written"),
    ]
    let plan = GeneratedTreePlan(desired: desired, existing: existing)
    XCTAssertFalse(plan.hadManifest)
    XCTAssertEqual(
      plan.changes,
      [.create(desired[0]), .update(desired[1]), .create(GeneratedTreePlan.manifest(for: desired))])
    XCTAssertEqual(plan.conflicts, ["Tests/BTests.swift"])
    XCTAssertEqual(plan.unowned, ["Models/A.swift"])
  }

  /// A damaged manifest never names anything outside the output folder.
  func testManifestPathsAreRelativeAndPlain() {
    let text = """
      # comment
      Models/A.swift
      ../escape.swift
      /etc/passwd
      Models/../../x
      ./Models/B.swift
      Models//C.swift
      Models/.lockspec-tmp-1-D.swift
      manifest.txt

      Tests/ATests.swift
      """
    XCTAssertEqual(GeneratedTreePlan.paths(inManifest: text), ["Models/A.swift", "Tests/ATests.swift"])
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
