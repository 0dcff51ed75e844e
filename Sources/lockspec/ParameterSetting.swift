import ArgumentParser
import Foundation
import LockSpec

/// One `--param name=value`: a value for a parameter the specs declare under `params:`.
struct ParameterSetting: ExpressibleByArgument, Equatable {
  var name: String
  var value: Int

  init?(argument: String) {
    let parts = argument.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
    guard parts.count == 2, let value = Int(parts[1].trimmingCharacters(in: .whitespaces)) else { return nil }
    let name = parts[0].trimmingCharacters(in: .whitespaces)
    guard !name.isEmpty else { return nil }
    self.name = name
    self.value = value
  }

  /// The settings as a dictionary (the last of repeated names wins).
  static func values(_ settings: [ParameterSetting]) -> [String: Int] {
    var values: [String: Int] = [:]
    for setting in settings { values[setting.name] = setting.value }
    return values
  }

  /// Exits 2 when a setting names a parameter no loaded spec declares.
  static func checkUsed(_ settings: [ParameterSetting], by variants: [Variant]) throws {
    let declared = Set(variants.flatMap { $0.parameters.map(\.name) })
    for setting in settings where !declared.contains(setting.name) {
      let known = declared.sorted()
      Terminal.error(
        "error: --param \(setting.name)=\(setting.value): no loaded spec declares a parameter '\(setting.name)'"
          + (known.isEmpty ? "" : " (declared: \(known.joined(separator: ", ")))"))
      throw ExitCode(2)
    }
  }
}
