/// Formats non-negative seconds with three decimals without Foundation (`0.012`), so reports
/// are identical on every platform.
enum Decimal3 {
  static func format(_ value: Double) -> String {
    guard value.isFinite, value >= 0 else { return "0.000" }
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return "\(thousandths / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
  }
}
