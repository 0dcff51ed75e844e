/// Names the chart files of a run's counterexamples: `variant--property.svg`, with every
/// character outside `A-Z a-z 0-9 . _ -` written as `_`, long names cut and suffixed with a
/// hash, and clashes (ignoring case) numbered `-2`, `-3` in the order given. Deterministic.
public enum TraceChartFileNames {
  /// Names longer than this (before `.svg`) are cut, keeping a hash of the whole name.
  public static let limit = 100

  /// One file name per `(variant, property)` pair, in the same order, no two equal ignoring case.
  public static func names(_ charts: [(variant: String, property: String)]) -> [String] {
    var taken: Set<String> = []
    return charts.map { chart in
      let base = stem(variant: chart.variant, property: chart.property)
      var name = base + ".svg"
      var number = 2
      while taken.contains(name.lowercased()) {
        name = "\(base)-\(number).svg"
        number += 1
      }
      taken.insert(name.lowercased())
      return name
    }
  }

  /// The sanitized `variant--property`, without a suffix.
  static func stem(variant: String, property: String) -> String {
    let whole = variant + "--" + property
    var stem = String(
      whole.unicodeScalars.map { scalar -> Character in
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", ".", "_", "-": return Character(scalar)
        default: return "_"
        }
      })
    // No hidden files, no `.` or `..`.
    if stem.first == "." { stem = "_" + stem.dropFirst() }
    if stem.count > limit { stem = String(stem.prefix(limit - 17)) + "-" + StableHash.hex(whole).prefix(16) }
    return stem
  }
}
