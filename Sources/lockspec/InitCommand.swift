import ArgumentParser
import Foundation

/// `lockspec init NAME`: scaffolds a folder NAME with a starter spec and the schema, the
/// starting point of docs/tutorial.md. It never overwrites a file.
struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a folder NAME with a starter spec (specs/NAME.yaml) and the schema for editors.",
    discussion: """
      Writes NAME/specs/NAME.yaml (one thread taking a mutex: check it with `lockspec check` \
      inside NAME), NAME/schema/lockspec.schema.json (the spec's first line points editors at \
      it) and NAME/.gitignore (the verdict cache under .build/). When any of these files exists, \
      nothing is written and the exit status is 2. See docs/tutorial.md.
      """
  )

  @Argument(help: "The folder to create and the spec's name (letters, digits, '.', '_', '-').")
  var name: String

  func run() throws {
    guard ProjectScaffold.isValidName(name) else {
      Terminal.error(
        "error: '\(name)' is not a valid project name: use letters, digits, '.', '_' and '-', "
          + "not starting with '.' or '-'")
      throw ExitCode(2)
    }
    let scaffold = ProjectScaffold(name: name)
    let existing = scaffold.files.map(\.path).filter { FileManager.default.fileExists(atPath: $0) }
    if !existing.isEmpty {
      for path in existing {
        Terminal.error("error: \(path) already exists; lockspec init never overwrites a file")
      }
      throw ExitCode(2)
    }
    for file in scaffold.files {
      let url = URL(fileURLWithPath: file.path)
      do {
        try FileManager.default.createDirectory(
          at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(file.text.utf8).write(to: url, options: .withoutOverwriting)
      } catch {
        Terminal.error("error: cannot write \(file.path): \(error.localizedDescription)")
        throw ExitCode(2)
      }
      Terminal.out("created \(file.path)")
    }
    Terminal.out("next: cd \(name) and run lockspec check")
  }
}
