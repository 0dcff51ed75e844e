import ArgumentParser
import Foundation
import LockGen
import LockSpec

/// `lockspec generate`: compiles every spec into Swift (models, XCTest suites, the
/// `lockspec-sim` registry) under `Generated/`, or checks that `Generated/` is fresh.
struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate compiled models, XCTest suites and the simulator registry from the specs.",
    discussion: """
      Writes Generated/Models, Generated/Tests and Generated/Simulator for exactly the specs \
      found under the given paths, and Generated/manifest.txt, the list of files it owns. \
      Files whose contents change are rewritten atomically (through .lockspec-tmp-* files \
      next to them); owned files that are no longer generated are removed. Files it does not \
      own are never touched: they are reported (exit status 2 when one is where a generated \
      file must go). Temporary files left by an interrupted run are removed. With --check \
      nothing is written: stale, missing and extra files, temporary files and files it does \
      not own are listed, and the exit status is 1 if there are any. Exit status 2 on bad \
      specs or names that give no valid Swift name.
      """
  )

  @Argument(help: "Spec files or folders (searched recursively for *.yaml).")
  var paths: [String] = ["specs"]

  @Option(help: "The folder to generate into.")
  var output: String = "Generated"

  @Flag(help: "Write nothing; list stale, missing, extra, temporary and unowned files; exit 1 if there are any.")
  var check = false

  func run() throws {
    let loaded = try ModelLoading.loadAll(paths)
    let specs = loaded.map { variant in
      var relative = variant
      relative.specPath = GeneratedFolder.relative(variant.specPath)
      relative.patchPath = variant.patchPath.map(GeneratedFolder.relative)
      relative.origin = NameLocation.of(variant)
      return relative
    }
    let files: [GeneratedFile]
    do {
      files = try CodeGenerator.generate(specs)
    } catch {
      for problem in error.problems { Terminal.error(problem.description) }
      throw ExitCode(2)
    }
    let folder = GeneratedFolder(root: output)
    let plan = GeneratedTreePlan(desired: files, existing: try folder.existingFiles())
    for conflict in plan.conflicts {
      Terminal.error(
        "error: \(folder.display(conflict)) exists but was not written by lockspec generate "
          + "(it is not in \(folder.display(GeneratedTreePlan.manifestPath))); move it away")
    }
    let total = "\(files.count + 1) files from \(specs.count) specs"
    if check {
      for change in plan.changes { Terminal.out("\(change.word): \(folder.display(change.path))") }
      for path in plan.unowned { Terminal.out("unowned: \(folder.display(path))") }
      if plan.isUpToDate {
        Terminal.out("\(output) is up to date (\(total))")
        return
      }
      var advice = "run `swift run lockspec generate`"
      if !plan.unowned.isEmpty || !plan.conflicts.isEmpty {
        advice += " and move away the files it did not write"
      }
      Terminal.out("\(output) is not up to date: \(advice)")
      throw ExitCode(1)
    }
    if !plan.conflicts.isEmpty { throw ExitCode(2) }
    TemporaryFile.installSignalHandlers()
    try folder.apply(plan)
    for path in plan.unowned {
      Terminal.error(
        "warning: \(folder.display(path)) was not written by lockspec generate (it is not in "
          + "\(folder.display(GeneratedTreePlan.manifestPath))): left alone; `lockspec generate --check` fails "
          + "until it is moved away")
    }
    Terminal.out("\(output): \(plan.changes.count) changed, \(plan.unchanged) unchanged (\(total))")
  }
}

/// Where a variant's name is written, for errors about it: the value of the spec's top-level
/// `spec:` key, or of the last patch's `patch:` key; line 1 of the file when the name comes
/// from the file name.
enum NameLocation {
  static func of(_ variant: Variant) -> SourceLocation {
    let file = variant.file
    let key = variant.patchPath == nil ? "spec" : "patch"
    return SpecFiles.text(file).flatMap { locate(key: key, in: $0, path: file) }
      ?? SourceLocation(path: file, line: 1, column: 1)
  }

  /// The location of the value of the top-level `key` in YAML `text` (a line starting with
  /// `key:`), or of the key when the value is on a later line.
  static func locate(key: String, in text: String, path: String) -> SourceLocation? {
    var number = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      number += 1
      guard line.hasPrefix(key + ":") else { continue }
      let rest = line.unicodeScalars.dropFirst(key.unicodeScalars.count + 1)
      let value = rest.drop { $0 == " " || $0 == "\t" }
      let column =
        value.isEmpty || value.first == "#" || value.first == "\r"
        ? 1 : key.unicodeScalars.count + 2 + (rest.count - value.count)
      return SourceLocation(path: path, line: number, column: column)
    }
    return nil
  }
}

/// The output folder on disk: lists files, writes them atomically, removes them.
struct GeneratedFolder {
  let root: String

  /// `path` relative to the output folder, as printed (`Generated/Models/X.swift`).
  func display(_ path: String) -> String {
    (root.hasSuffix("/") ? root : root + "/") + path
  }

  /// Every file under the folder, hidden ones included (paths relative to it, sorted), with its
  /// text; `nil` for a file that is not UTF-8 or not a regular file (a symbolic link, a FIFO:
  /// never read, so never owned). A file larger than any generated file is only read up to
  /// its first bytes, enough to see the header, and never equals a generated file.
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
        } else if !fm.fileExists(atPath: display(relative)),
          (try? fm.destinationOfSymbolicLink(atPath: display(relative))) != nil
        {
          paths.append(relative)  // a dangling symbolic link
        }
      }
    }
    return paths.sorted().map { ($0, Self.text(of: display($0))) }
  }

  /// Generated files are far smaller; a larger file is not read whole.
  static let largestRead = 16 << 20

  static func text(of path: String) -> String? {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
      attributes[.type] as? FileAttributeType == .typeRegular
    else { return nil }
    if let size = attributes[.size] as? Int, size > largestRead {
      guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
      defer { try? handle.close() }
      let start = (try? handle.read(upToCount: 4096)) ?? Data()
      // NUL never occurs in generated files, so this never equals one.
      return String(decoding: start, as: UTF8.self) + "\0(not read further)"
    }
    return FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
  }

  /// Applies `plan`: removes leftover temporary files, writes the interim manifest (so an
  /// interrupted run still owns every file it may have written), writes new and changed files,
  /// removes owned files no longer generated, and writes the manifest last.
  func apply(_ plan: GeneratedTreePlan) throws {
    for case .removeTemporary(let path) in plan.changes {
      try remove(path)
      Terminal.out("removed \(display(path)) (a temporary file left by an interrupted run)")
    }
    if let interim = plan.interimManifest { try write(interim) }
    var manifest: GeneratedFile?
    for change in plan.changes {
      switch change {
      case .create(let file), .update(let file):
        if file.path == GeneratedTreePlan.manifestPath {
          manifest = file
          continue
        }
        try write(file)
        Terminal.out("wrote \(display(file.path))")
      case .remove(let path):
        try remove(path)
        Terminal.out("removed \(display(path))")
      case .removeTemporary:
        break
      }
    }
    if let manifest {
      try write(manifest)
      Terminal.out("wrote \(display(manifest.path))")
    }
  }

  /// Writes `file` through a temporary file in the same folder (`.lockspec-tmp-<pid>-<name>`)
  /// and a rename, so readers never see half a file. The temporary file is removed when
  /// anything fails, and by the signal handlers when the run is interrupted.
  func write(_ file: GeneratedFile) throws {
    let target = URL(fileURLWithPath: display(file.path))
    let folder = target.deletingLastPathComponent()
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let temporary = folder.appendingPathComponent(
      GeneratedTreePlan.temporaryPrefix + "\(getpid())-" + target.lastPathComponent)
    TemporaryFile.track(temporary.path)
    defer { TemporaryFile.track(nil) }
    do {
      try Data(file.contents.utf8).write(to: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw GenerateFailure(message: "cannot write \(temporary.path): \(error.localizedDescription)")
    }
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

/// The temporary file being written, so that SIGINT, SIGTERM and SIGHUP remove it before the
/// process dies of the signal. The path lives in a fixed C buffer, updated with those signals
/// blocked; the handler only calls `unlink`, `signal` and `raise` (async-signal-safe).
enum TemporaryFile {
  static let capacity = 4096
  nonisolated(unsafe) static let path: UnsafeMutablePointer<CChar> = {
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    buffer.initialize(repeating: 0, count: capacity)
    return buffer
  }()
  static let signals = [SIGINT, SIGTERM, SIGHUP]

  static func installSignalHandlers() {
    _ = path
    for signalNumber in signals {
      signal(signalNumber) { received in
        if TemporaryFile.path[0] != 0 { unlink(TemporaryFile.path) }
        signal(received, SIG_DFL)
        raise(received)
      }
    }
  }

  /// Records `file` (nil: none) as the temporary file being written.
  static func track(_ file: String?) {
    var blocked = sigset_t()
    var previous = sigset_t()
    sigemptyset(&blocked)
    for signalNumber in signals { sigaddset(&blocked, signalNumber) }
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    guard let file, file.utf8.count < capacity else {
      path[0] = 0
      return
    }
    file.withCString { _ = strcpy(path, $0) }
  }
}

struct GenerateFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
