import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// The `--trace-svg` folder of `check`: one SVG chart per counterexample and witness, named
/// `variant--property.svg`. It must not exist or must be empty, so lockspec never writes over
/// a file it did not write; it is checked before exploring and filled after.
struct TraceChartFolder {
  let path: String

  /// The folder at `path`, after checking it is absent or empty; exits 2 with why otherwise.
  static func prepare(_ path: String) throws -> TraceChartFolder {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return TraceChartFolder(path: path)
    }
    guard isDirectory.boolValue else {
      Terminal.error("error: --trace-svg \(path): is a file; give a folder that does not exist or is empty")
      throw ExitCode(2)
    }
    let contents: [String]
    do {
      contents = try FileManager.default.contentsOfDirectory(atPath: path)
    } catch {
      Terminal.error("error: --trace-svg \(path): cannot read the folder: \(error.localizedDescription)")
      throw ExitCode(2)
    }
    guard contents.isEmpty else {
      Terminal.error(
        "error: --trace-svg \(path): the folder is not empty (\(contents.count) entries); "
          + "lockspec writes charts only into a new or empty folder, so it never replaces a file it did not write")
      throw ExitCode(2)
    }
    return TraceChartFolder(path: path)
  }

  /// Writes a chart of every counterexample and witness in `report` (ordered by variant and
  /// property), the holds of each model's locks drawn from `variants`; false after printing
  /// why when the folder or a file cannot be written.
  func write(_ report: CheckReport, variants: [Variant]) -> Bool {
    var locks: [String: LockSlots] = [:]
    for variant in variants { locks[variant.model.name] = LockSlots(model: variant.model) }
    var charts: [(variant: String, property: String, counterexample: Counterexample)] = []
    for model in report.models {
      for property in model.outcome.properties {
        if let counterexample = property.counterexample {
          charts.append((model.variant, property.name, counterexample))
        }
      }
    }
    charts.sort { ($0.variant, $0.property) < ($1.variant, $1.property) }
    let names = TraceChartFileNames.names(charts.map { ($0.variant, $0.property) })
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
      for (chart, name) in zip(charts, names) {
        let svg = TraceChart(locks: locks[chart.variant] ?? LockSlots()).svg(chart.counterexample)
        let url = URL(fileURLWithPath: path).appendingPathComponent(name)
        try Data(svg.utf8).write(to: url, options: .withoutOverwriting)
      }
    } catch {
      Terminal.error("error: --trace-svg \(path): cannot write: \(error.localizedDescription)")
      return false
    }
    Terminal.error("lockspec: wrote \(charts.count) counterexample chart\(charts.count == 1 ? "" : "s") to \(path)")
    return true
  }
}
