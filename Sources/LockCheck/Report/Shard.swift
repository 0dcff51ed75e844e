/// One shard of a `check` run (`--shard K/N`): the models whose index in the run's model order
/// is K-1 modulo N, out of `models` in all. Recorded in the shard's JSON report so `report
/// merge` can put the models of every shard back in that order.
public struct Shard: Sendable, Equatable, Codable {
  /// K, from 1.
  public var index: Int
  /// N.
  public var count: Int
  /// The models of the whole run (every shard's together).
  public var models: Int

  public init(index: Int, count: Int, models: Int) {
    self.index = index
    self.count = count
    self.models = models
  }

  /// Whether the model at `position` (from 0) of the whole run belongs to this shard.
  public static func selects(index: Int, count: Int, position: Int) -> Bool {
    position % count == index - 1
  }

  /// How many of `models` models shard K of N holds.
  public var size: Int {
    models > index - 1 ? (models - index) / count + 1 : 0
  }
}
