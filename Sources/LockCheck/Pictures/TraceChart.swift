/// Draws a counterexample as an SVG sequence chart: one lane (column) per thread that takes a
/// step, time going down, one row per step with its C code in its thread's lane and its
/// location, result and changes as a tooltip; lock holds as bars along the holder's lane (solid
/// for write holds, pale with a dashed outline for read holds); the violating step, or a lasso's cycle,
/// marked. Pure: the same counterexample gives the same bytes; no scripts, all text escaped.
public struct TraceChart: Sendable {
  /// Which slots are locks (without it no holds are drawn).
  public var locks: LockSlots
  /// Code longer than this many characters is cut in the row (the tooltip has all of it).
  public var codeLimit: Int

  public init(locks: LockSlots = LockSlots(), codeLimit: Int = 48) {
    self.locks = locks
    self.codeLimit = codeLimit
  }

  /// The chart as a standalone SVG document, ending in a newline.
  public func svg(_ counterexample: Counterexample) -> String {
    TraceChartLayout(counterexample: counterexample, locks: locks, codeLimit: codeLimit).document()
  }
}
