import LockCheck

extension Interpreter {
  /// Explores the model with the shared `Explorer`. Calling through here specializes the
  /// explorer for the interpreter inside this (optimized) module rather than in the caller's.
  public func explore(options: ExplorationOptions = ExplorationOptions()) throws -> ExplorationResult {
    try Explorer(system: self, options: options).run()
  }
}
