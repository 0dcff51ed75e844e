import Foundation
import LockCheck

extension CheckCommand {
  /// When a spec does not load: the SARIF log or JUnit document of its problems on stdout (for
  /// `--format sarif` or `junit`) and in the `--junit` file, so CI still gets a report with the
  /// errors at their file, line and column before `check` exits 2.
  func writeLoadProblems(_ problems: [SpecProblem]) {
    let empty = CheckReport(models: [])
    switch format {
    case .sarif:
      if let json = try? JSONReport.encode(SARIFReport().log(empty, problems: problems, successful: false)) {
        Terminal.out(json)
      }
    case .junit:
      Terminal.out(JUnitWriter().xml(empty, problems: problems))
    case .text, .json, .markdown:
      break
    }
    if let junit { _ = writeJUnitFile(JUnitWriter().xml(empty, problems: problems), to: junit) }
  }

  /// Writes `xml` to `path`; false after printing why when it cannot.
  func writeJUnitFile(_ xml: String, to path: String) -> Bool {
    do {
      try xml.write(toFile: path, atomically: true, encoding: .utf8)
      return true
    } catch {
      Terminal.error("error: cannot write \(path): \(error.localizedDescription)")
      return false
    }
  }
}
