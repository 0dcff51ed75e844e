import Foundation
import XCTest

/// Golden files next to the tests (`Tests/LockGenTests/Golden/`): a test's output must equal its
/// golden file byte for byte. With `LOCKSPEC_RECORD=1` in the environment the files are
/// (re)written instead, and the test passes.
enum Golden {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  static var recording: Bool { ProcessInfo.processInfo.environment["LOCKSPEC_RECORD"] == "1" }

  static func assertMatches(_ actual: String, file name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = folder.appendingPathComponent(name)
    if recording {
      do {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(actual.utf8).write(to: url)
      } catch {
        XCTFail("cannot record \(name): \(error)", file: file, line: line)
      }
      return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      XCTFail("no golden file \(name); record it with LOCKSPEC_RECORD=1 swift test", file: file, line: line)
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    guard actual != expected else { return }
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let index = Array(zip(a, e)).firstIndex { $0 != $1 } ?? min(a.count, e.count)
    let got = index < a.count ? String(a[index]) : "<end of output>"
    let want = index < e.count ? String(e[index]) : "<end of golden file>"
    XCTFail(
      "\(name) differs at line \(index + 1):\n  got:  \(got)\n  want: \(want)\n"
        + "re-record with LOCKSPEC_RECORD=1 swift test --filter LockGenTests if the change is intended",
      file: file, line: line)
  }
}
