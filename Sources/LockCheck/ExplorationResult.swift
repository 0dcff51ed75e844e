/// The outcome of exploring one model: a verdict per selected property, why the search
/// stopped, and its figures.
public struct ExplorationResult: Sendable, Equatable, Codable {
  /// The model's variant name.
  public var model: String
  /// Selected properties in declaration order.
  public var properties: [PropertyResult]
  public var stopReason: StopReason
  /// The bound that stopped the search, if one did.
  public var bound: BoundHit?
  public var statistics: ExplorationStatistics

  public init(
    model: String, properties: [PropertyResult], stopReason: StopReason, bound: BoundHit?,
    statistics: ExplorationStatistics
  ) {
    self.model = model
    self.properties = properties
    self.stopReason = stopReason
    self.bound = bound
    self.statistics = statistics
  }

  /// Whether every property got its expected verdict.
  public var meetsExpectations: Bool { properties.allSatisfy(\.meetsExpectation) }

  /// The result for the property named `name`.
  public subscript(property name: String) -> PropertyResult? {
    properties.first { $0.name == name }
  }
}
