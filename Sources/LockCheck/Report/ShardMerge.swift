import Foundation

/// Joins the JSON reports of the shards of one `check --shard K/N` run into the report of the
/// whole run (`report merge`): the models back in the run's order, their results with them, the
/// summary counted again. Pure: JSON texts in, a `MergedReport` out.
public enum ShardMerge {
  /// Why the reports cannot be merged.
  public struct Failure: Error, Equatable, CustomStringConvertible {
    /// The report (its name as the caller gave it), when one is to blame.
    public var file: String?
    public var message: String

    public var description: String { (file.map { "\($0): " } ?? "") + message }
  }

  /// One shard report as read.
  struct ShardReport: Decodable {
    var formatVersion: Int
    var shard: Shard?
    var models: [MergedReport.Model]
    var results: [CheckReport.Result]
    /// The diffs and mails found beside the specs, with their mappings (`check PATH...`): every
    /// shard maps them all before it takes its share of the models.
    var diffs: [OpaqueJSON]?

    enum CodingKeys: String, CodingKey {
      case shard, models, results, diffs
      case formatVersion = "format_version"
    }
  }

  /// The merged report of `reports` (name and JSON text each, in any order).
  public static func merge(_ reports: [(name: String, json: String)]) throws(Failure) -> MergedReport {
    var shards: [(name: String, report: ShardReport, shard: Shard)] = []
    for (name, json) in reports {
      let report: ShardReport
      do {
        report = try JSONDecoder().decode(ShardReport.self, from: Data(json.utf8))
      } catch {
        throw Failure(file: name, message: "not a lockspec JSON report (`check --format json`): \(describe(error))")
      }
      guard report.formatVersion == CheckReport.formatVersion else {
        throw Failure(
          file: name,
          message: "format_version \(report.formatVersion); this lockspec reads \(CheckReport.formatVersion)")
      }
      guard let shard = report.shard else {
        throw Failure(file: name, message: "not a shard's report: no \"shard\" (run `check --shard K/N --format json`)")
      }
      shards.append((name, report, shard))
    }
    guard let first = shards.first else { throw Failure(file: nil, message: "no reports to merge") }
    let count = first.shard.count
    var byIndex: [Int: (name: String, report: ShardReport, shard: Shard)] = [:]
    for entry in shards {
      guard entry.shard.count == count, entry.shard.models == first.shard.models else {
        throw Failure(
          file: entry.name,
          message: "shard \(entry.shard.index)/\(entry.shard.count) of \(entry.shard.models) models does not belong "
            + "with \(first.name) (shard \(first.shard.index)/\(count) of \(first.shard.models) models)")
      }
      guard entry.report.diffs == first.report.diffs else {
        throw Failure(
          file: entry.name,
          message: "its \"diffs\" differ from those of \(first.name): the shards of one run map the same diffs")
      }
      if let other = byIndex[entry.shard.index] {
        throw Failure(file: entry.name, message: "shard \(entry.shard.index)/\(count) given twice (also \(other.name))")
      }
      guard entry.report.models.count == entry.shard.size else {
        throw Failure(
          file: entry.name,
          message:
            "shard \(entry.shard.index)/\(count) holds \(entry.report.models.count) models, not \(entry.shard.size)"
            + " (a load error or an interrupted run?)")
      }
      byIndex[entry.shard.index] = entry
    }
    let missing = (1...count).filter { byIndex[$0] == nil }
    guard missing.isEmpty else {
      throw Failure(
        file: nil,
        message:
          "missing shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", "))")
    }
    var models: [MergedReport.Model] = []
    var results: [CheckReport.Result] = []
    for position in 0..<first.shard.models {
      let shard = byIndex[position % count + 1]!
      let model = shard.report.models[position / count]
      models.append(model)
      results += shard.report.results.filter { $0.variant == model.variant }
    }
    var merged = MergedReport(models: models, results: results)
    merged.diffs = first.report.diffs
    return merged
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, let context):
      return "no \"\(key.stringValue)\" at \(path(context))"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      return "unexpected value at \(path(context))"
    case DecodingError.dataCorrupted(let context):
      return context.codingPath.isEmpty ? "invalid JSON" : "invalid value at \(path(context))"
    default:
      return "\(error)"
    }
  }

  private static func path(_ context: DecodingError.Context) -> String {
    let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    return keys.isEmpty ? "the top level" : keys
  }
}
