import ArgumentParser
import LockSpec

/// `lockspec schema`: prints the JSON Schema of spec and patch files, for editors and
/// `check-jsonschema` (a copy is committed as schema/lockspec.schema.json).
struct SchemaCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "schema",
    abstract: "Print the JSON Schema (draft-07) of spec and patch files.",
    discussion: """
      One schema covers both kinds of file: a file whose top-level mapping has a `patch` key \
      is checked as a patch, any other as a spec. Point an editor at it with a first line \
      `# yaml-language-server: $schema=<path to the schema>`. The schema catches unknown keys, \
      wrong types and unknown names of types, checks and steps; `lockspec validate` checks \
      everything else (names, expressions, labels).
      """
  )

  func run() throws {
    print(SpecSchema.document.text, terminator: "")
  }
}
