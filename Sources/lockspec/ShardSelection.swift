import ArgumentParser
import LockCheck

/// `--shard K/N`: check the models whose index in the run's model order (the order of the
/// unsharded report) is K-1 modulo N.
struct ShardSelection: ExpressibleByArgument, Equatable {
  /// K, from 1.
  var index: Int
  /// N.
  var count: Int

  init?(argument: String) {
    let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]), count >= 1,
      (1...count).contains(index)
    else { return nil }
    self.index = index
    self.count = count
  }

  /// Whether the model at `position` (from 0) of the whole run is this shard's.
  func selects(_ position: Int) -> Bool {
    Shard.selects(index: index, count: count, position: position)
  }
}
