import ArgumentParser
import Foundation
import LockGen

/// `lockspec generate`: compiles every spec into Swift (models, XCTest suites, the
/// `lockspec-sim` registry) under `Generated/`, or checks that `Generated/` is fresh.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate compiled models, XCTest suites and the simulator registry from the specs.",
    discussion: """
      Writes Generated/Models, Generated/Tests and Generated/Simulator for exactly the specs \
      found under the given paths: files whose contents change are rewritten atomically, and \
      generated files of specs that no longer exist are removed (only files that start with \
      the generator's header are ever touched). With --check nothing is written: stale, \
      missing and extra files are listed and the exit status is 1 if there are any. \
      Exit status 2 on bad specs or a name clash.
      """
  )

  @Argument(help: "Spec files or folders (searched recursively for *.yaml).")
  var paths: [String] = ["specs"]

  @Option(help: "The folder to generate into.")
  var output: String = "Generated"

  @Flag(help: "Write nothing; list stale, missing and extra files and exit 1 if there are any.")
  var check = false

  func run() throws {
    let loaded = try ModelLoading.loadAll(paths)
    let specs = loaded.map {
      SpecModel(
        model: $0.model, specPath: GeneratedFolder.relative($0.path), patchPath: $0.patch.map(GeneratedFolder.relative),
        parent: $0.parent)
    }
    let files: [GeneratedFile]
    do {
      files = try CodeGenerator.generate(specs)
    } catch let error as GenerationError {
      Terminal.error(error.description)
      throw ExitCode(2)
    }
    let folder = GeneratedFolder(root: output)
    let plan = GeneratedTreePlan(desired: files, existing: try folder.existingFiles())
    for conflict in plan.conflicts {
      Terminal.error(
        "error: \(folder.display(conflict)) exists but was not written by lockspec generate; move it away")
    }
    if check {
      for change in plan.changes { Terminal.out("\(change.word): \(folder.display(change.path))") }
      if plan.isUpToDate {
        Terminal.out("\(output) is up to date (\(files.count) files from \(specs.count) specs)")
        return
      }
      Terminal.out("\(output) is not up to date: run `swift run lockspec generate`")
      throw ExitCode(1)
    }
    if !plan.conflicts.isEmpty { throw ExitCode(2) }
    for change in plan.changes {
      switch change {
      case .create(let file), .update(let file):
        try folder.write(file)
        Terminal.out("wrote \(folder.display(file.path))")
      case .remove(let path):
        try folder.remove(path)
        Terminal.out("removed \(folder.display(path))")
      }
    }
    Terminal.out(
      "\(output): \(plan.changes.count) changed, \(plan.unchanged) unchanged (\(files.count) files from "
        + "\(specs.count) specs)")
  }
}

/// The output folder on disk: lists files, writes them atomically, removes them.
struct GeneratedFolder {
  let root: String

  /// `path` relative to the output folder, as printed (`Generated/Models/X.swift`).
  func display(_ path: String) -> String {
    (root.hasSuffix("/") ? root : root + "/") + path
  }

  /// Every regular file under the folder (paths relative to it, sorted), with its text, or
  /// `nil` for a file that is not UTF-8.
  func existingFiles() throws -> [(path: String, contents: String?)] {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else { return [] }
    var paths: [String] = []
    if let enumerator = fm.enumerator(atPath: root) {
      for case let relative as String in enumerator {
        var isFolder: ObjCBool = false
        if fm.fileExists(atPath: display(relative), isDirectory: &isFolder), !isFolder.boolValue {
          paths.append(relative)
        }
      }
    }
    return paths.sorted().map { path in
      let data = fm.contents(atPath: display(path))
      return (path, data.flatMap { String(data: $0, encoding: .utf8) })
    }
  }

  /// Writes `file` through a temporary file in the same folder and a rename, so readers never
  /// see half a file.
  func write(_ file: GeneratedFile) throws {
    let target = URL(fileURLWithPath: display(file.path))
    let folder = target.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(getpid()).tmp")
    try Data(file.contents.utf8).write(to: temporary)
    guard Foundation.rename(temporary.path, target.path) == 0 else {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw GenerateFailure(message: "cannot write \(target.path): \(reason)")
    }
  }

  func remove(_ path: String) throws {
    try FileManager.default.removeItem(atPath: display(path))
  }

  /// `path` relative to the current directory when it lies inside it (generated headers never
  /// hold absolute paths); `./` prefixes dropped.
  static func relative(_ path: String) -> String {
    var path = path
    let cwd = FileManager.default.currentDirectoryPath
    let base = cwd.hasSuffix("/") ? cwd : cwd + "/"
    if path.hasPrefix(base) { path.removeFirst(base.count) }
    while path.hasPrefix("./") { path.removeFirst(2) }
    return path
  }
}

struct GenerateFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
