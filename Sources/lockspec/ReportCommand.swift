import ArgumentParser
import Foundation
import LockCheck

/// `lockspec report`: work on the JSON reports `check` writes.
struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Work on the JSON reports of `lockspec check` (merge the reports of shards).",
    subcommands: [ReportMergeCommand.self]
  )
}

/// `lockspec report merge A.json B.json ...`: the reports of every shard of a `check --shard K/N`
/// run joined into the report of the whole run.
struct ReportMergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the JSON reports of the shards of one `check --shard K/N` run into one report.",
    discussion: """
      json: the same JSON as the run without --shard (timings aside); text: the summary and the \
      verdict matrix; markdown: the same Markdown as the run without --shard (the matrix, the \
      summary and the counterexamples of regressions and wrong verdicts). Exit status: 0 when every expectation is met, 1 when not, 2 \
      when the reports cannot be read or do not make one whole run.
      """
  )

  @Argument(help: "The shards' reports (`check --shard K/N --format json`), in any order.")
  var reports: [String]

  @Option(help: "Output format: text, markdown or json.")
  var format: MergeFormat = .text

  func run() throws {
    var texts: [(name: String, json: String)] = []
    for path in reports {
      guard let data = FileManager.default.contents(atPath: path) else {
        Terminal.error("error: \(path): cannot read the file")
        throw ExitCode(2)
      }
      texts.append((path, String(decoding: data, as: UTF8.self)))
    }
    let merged: MergedReport
    do {
      merged = try ShardMerge.merge(texts)
    } catch {
      Terminal.error("error: \(error)")
      throw ExitCode(2)
    }
    let report = merged.checkReport
    switch format {
    case .json: Terminal.out(try JSONReport.encode(merged))
    case .text: Terminal.out(TextReport().summary(report) + "\n\n" + report.matrix.text())
    case .markdown: Terminal.out(MarkdownReport().render(report))
    }
    if !report.succeeded { throw ExitCode(1) }
  }
}

/// Output formats of `lockspec report merge`.
enum MergeFormat: String, ExpressibleByArgument, CaseIterable {
  case text, markdown, json
}
