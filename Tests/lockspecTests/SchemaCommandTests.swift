import Foundation
import XCTest

/// `lockspec schema`: the committed schema is its output, every spec and patch under specs/
/// passes it and points at it, and it rejects the common mistakes the loader rejects.
final class SchemaCommandTests: CommandTestCase {
  /// The repository's root.
  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  static var committedSchema: URL { root.appendingPathComponent("schema/lockspec.schema.json") }

  /// Every `.yaml` file under the repository's specs/, sorted.
  static func specFiles() throws -> [URL] {
    let specs = root.appendingPathComponent("specs")
    let walker = FileManager.default.enumerator(at: specs, includingPropertiesForKeys: nil)
    let files = (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "yaml" }
    return files.sorted { $0.path < $1.path }
  }

  func testTheCommittedSchemaIsTheCommandsOutput() throws {
    let run = try lockspec(["schema"])
    XCTAssertEqual(run.status, 0, run.err)
    let committed = try String(contentsOf: Self.committedSchema, encoding: .utf8)
    XCTAssertEqual(
      run.out, committed,
      "schema/lockspec.schema.json is stale: run `swift run lockspec schema > schema/lockspec.schema.json`")
  }

  func testEveryKeyInTheSchemaHasADescription() throws {
    let data = try Data(contentsOf: Self.committedSchema)
    let schema = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    var undescribed: [String] = []
    var checked = 0
    /// Walks the subschemas of `schema`; an `if` is a condition, not documentation.
    func walk(_ schema: Any, at path: String) {
      guard let object = schema as? [String: Any] else { return }
      for (key, value) in object {
        switch key {
        case "properties":
          for (name, property) in value as? [String: Any] ?? [:] {
            checked += 1
            let description = (property as? [String: Any])?["description"] as? String ?? ""
            if description.isEmpty { undescribed.append("\(path)/properties/\(name)") }
            // The `type` of a variable names each of its values with what it is.
            for type in (property as? [String: Any])?["enum"] as? [String] ?? [] where name == "type" {
              if !description.contains("\(type): ") { undescribed.append("\(path)/properties/type: \(type)") }
            }
            walk(property, at: "\(path)/properties/\(name)")
          }
        case "definitions", "dependencies":
          for (name, inner) in value as? [String: Any] ?? [:] { walk(inner, at: "\(path)/\(key)/\(name)") }
        case "allOf", "anyOf", "oneOf":
          for (index, inner) in (value as? [Any] ?? []).enumerated() { walk(inner, at: "\(path)/\(key)/\(index)") }
        case "items", "additionalProperties", "then", "else", "propertyNames":
          walk(value, at: "\(path)/\(key)")
        default: break
        }
      }
    }
    walk(schema, at: "#")
    XCTAssertGreaterThan(checked, 100)
    XCTAssertEqual(undescribed.sorted(), [])
  }

  func testEverySpecAndPatchPassesTheSchema() throws {
    let files = try Self.specFiles()
    XCTAssertGreaterThan(files.count, 20)
    let outcome = try SchemaValidators.jsonSchema(Self.committedSchema.path, files.map(\.path))
    XCTAssertTrue(outcome.valid, outcome.output)
  }

  func testEverySpecAndPatchPointsEditorsAtTheSchema() throws {
    for file in try Self.specFiles() {
      let text = try String(contentsOf: file, encoding: .utf8)
      let first = String(text.prefix { $0 != "\n" })
      let prefix = "# yaml-language-server: $schema="
      guard first.hasPrefix(prefix) else {
        XCTFail("\(file.path) does not start with `\(prefix)...`")
        continue
      }
      let target = file.deletingLastPathComponent().appendingPathComponent(String(first.dropFirst(prefix.count)))
      XCTAssertEqual(target.standardizedFileURL.path, Self.committedSchema.standardizedFileURL.path, file.path)
    }
  }

  /// A valid spec the mistakes below start from.
  static let validSpec = """
    state:
      a: {type: mutex}
    threads:
      first:
        steps:
          - {label: take, lock: a}
          - {label: drop, unlock: a}
    properties:
      - name: deadlock_free
        check: deadlock_free
        expect: holds

    """

  /// A valid patch of `validSpec` (written as specs/base.yaml).
  static let validPatch = """
    patch: swap
    edits:
      - move: drop
        before: take
    variants:
      - base: ../base.yaml
        expect: {lock_discipline: violated}

    """

  /// Each mistake: the file, what to replace in the valid text, and its replacement.
  static let mistakes: [(name: String, patch: Bool, from: String, to: String)] = [
    ("unknown-key", false, "{label: take, lock: a}", "{lable: take, lock: a}"),
    ("unknown-top-level-key", false, "threads:", "thread:"),
    ("string-for-a-list", false, "state:", "sources: \"v6.1 kernel/fork.c\"\nstate:"),
    ("unknown-step-kind", false, "{label: take, lock: a}", "{label: take, lokc: a}"),
    ("two-actions", false, "{label: take, lock: a}", "{label: take, lock: a, unlock: a}"),
    ("unknown-type", false, "{type: mutex}", "{type: semaphore}"),
    ("key-not-for-type", false, "{type: mutex}", "{type: mutex, max: 2}"),
    ("into-on-lock", false, "{label: take, lock: a}", "{label: take, lock: a, into: got}"),
    ("unknown-check", false, "check: deadlock_free", "check: deadlock_freedom"),
    ("wrong-verdict", false, "expect: holds", "expect: fixed"),
    ("count-not-an-integer", false, "  first:\n", "  first:\n    count: [2]\n"),
    ("missing-threads", false, "threads:\n  first:\n", "procedures:\n  first:\n"),
    ("unknown-edit", true, "- move: drop", "- moev: drop"),
    ("edit-alias", true, "- move: drop", "- delete: drop\n  "),
    ("move-without-anchor", true, "    before: take\n", ""),
    ("steps-on-remove", true, "- move: drop\n    before: take", "- remove: drop\n    steps: [{unlock: a}]"),
    ("never-without-condition", false, "check: deadlock_free", "check: never"),
    ("condition-on-deadlock-free", false, "check: deadlock_free", "check: deadlock_free\n    condition: \"true\""),
    ("leads-to-without-to", false, "check: deadlock_free", "check: leads_to\n    from: \"true\""),
    ("fairness-on-never", false, "check: deadlock_free", "check: never\n    condition: \"true\"\n    fairness: weak"),
    ("locks-on-deadlock-free", false, "check: deadlock_free", "check: deadlock_free\n    locks: [a]"),
    ("no-variants", true, "variants:\n  - base: ../base.yaml\n    expect: {lock_discipline: violated}\n", ""),
  ]

  func testTheSchemaRejectsWhatTheLoaderRejects() throws {
    try write("base.yaml", Self.validSpec)
    try write("patches/swap.yaml", Self.validPatch)
    let schema = Self.committedSchema.path
    let valid = try lockspec(["validate", "specs"])
    XCTAssertEqual(valid.status, 0, valid.out + valid.err)
    let passes = try SchemaValidators.jsonSchema(
      schema,
      [
        folder.appendingPathComponent("specs/base.yaml").path,
        folder.appendingPathComponent("specs/patches/swap.yaml").path,
      ])
    XCTAssertTrue(passes.valid, passes.output)

    // One check-jsonschema run for all the mistakes (each run starts Python): every file must
    // have errors of its own in its output.
    var paths: [String] = []
    for mistake in Self.mistakes {
      let text = mistake.patch ? Self.validPatch : Self.validSpec
      XCTAssertTrue(text.contains(mistake.from), mistake.name)
      let broken = text.replacingOccurrences(of: mistake.from, with: mistake.to)
      let relative = "specs/" + (mistake.patch ? "patches/\(mistake.name).yaml" : "\(mistake.name).yaml")
      try put(relative, broken)
      let loader = try lockspec(["validate", relative])
      XCTAssertEqual(loader.status, 2, "\(mistake.name): the loader accepts it: \(loader.out)\(loader.err)")
      XCTAssertTrue(loader.err.hasPrefix("\(relative):"), "\(mistake.name): \(loader.err)")
      paths.append(folder.appendingPathComponent(relative).path)
    }
    let outcome = try SchemaValidators.jsonSchema(schema, paths)
    XCTAssertFalse(outcome.valid, outcome.output)
    for (mistake, path) in zip(Self.mistakes, paths) {
      XCTAssertTrue(outcome.output.contains("\(path)::"), "\(mistake.name): the schema accepts it:\n\(outcome.output)")
    }
  }
}
