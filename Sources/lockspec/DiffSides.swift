import ArgumentParser
import Foundation
import LockSpec

/// The two variants `lockspec diff A B` compares: spec A and spec B, or, when B is a patch, the
/// variant B makes of A and the variant it derives from (A itself, unless B stacks on others).
enum DiffSides {
  static func load(first: String, second: String, parameters: [ParameterSetting]) throws -> (Variant, Variant) {
    for path in [first, second] {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        Terminal.error("error: \(path) is a folder: lockspec diff takes two files (a spec and a spec or a patch)")
        throw ExitCode(2)
      }
    }
    let before = try single(ModelLoading.loadAll([first], parameters: parameters), file: first)
    if !isPatch(second) {
      return (before, try single(ModelLoading.loadAll([second], parameters: parameters), file: second))
    }
    let variants = try ModelLoading.load(base: first, patch: second, parameters: parameters)
    guard let patched = variants.first(where: { $0.patchPath == second }),
      let parent = variants.first(where: { $0.name == patched.parent })
    else {
      Terminal.error("error: \(second): the patch gives no variant of \(first)")
      throw ExitCode(2)
    }
    return (parent, patched)
  }

  /// The one variant a spec file defines; exits 2 for a patch (several variants).
  private static func single(_ variants: [Variant], file: String) throws -> Variant {
    guard variants.count == 1, let variant = variants.first, variant.patchPath == nil else {
      Terminal.error(
        "error: \(file): not a spec (a patch?); lockspec diff takes a spec first: lockspec diff SPEC SPEC|PATCH")
      throw ExitCode(2)
    }
    return variant
  }

  /// Whether the file is a patch (its top-level mapping has a `patch` key).
  private static func isPatch(_ path: String) -> Bool {
    guard let text = SpecFiles.text(path) else { return false }
    return text.split(separator: "\n").contains { $0.hasPrefix("patch:") }
  }
}
