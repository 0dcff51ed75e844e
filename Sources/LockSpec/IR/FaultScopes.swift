import LockCheck

/// Which properties a fault raised by a given thread on a given variable violates, precomputed
/// from the properties' scopes as bit masks over property indices.
public struct FaultScopes: Sendable, Equatable {
  public let variableCount: Int
  /// `[thread * variableCount + resource]`: `no_use_after_free` properties in scope.
  public let useAfterFree: [UInt64]
  /// `[thread * variableCount + resource]`: `no_double_free` properties in scope.
  public let doubleFree: [UInt64]
  /// `[thread * variableCount + lock]`: `lock_discipline` properties in scope.
  public let lockDiscipline: [UInt64]
  /// `assertions` properties that also cover values leaving their range.
  public let rangeErrors: UInt64

  /// `no_use_after_free` properties a use of `resource` by `thread` violates when it is freed.
  public func useAfterFree(thread: Int, resource: Int) -> UInt64 { useAfterFree[thread * variableCount + resource] }
  /// `no_double_free` properties a second free of `resource` by `thread` violates.
  public func doubleFree(thread: Int, resource: Int) -> UInt64 { doubleFree[thread * variableCount + resource] }
  /// `lock_discipline` properties a misuse of `lock` by `thread` violates.
  public func lockDiscipline(thread: Int, lock: Int) -> UInt64 { lockDiscipline[thread * variableCount + lock] }

  public init(model: ModelIR) {
    let n = model.variables.count
    variableCount = n
    var uaf = Array(repeating: UInt64(0), count: max(model.threads.count * n, 1))
    var df = uaf
    var locks = uaf
    var range: UInt64 = 0
    func covers(_ list: [Int]?, _ x: Int) -> Bool { list?.contains(x) ?? true }
    for (p, property) in model.properties.enumerated() {
      let bit = UInt64(1) << UInt64(p)
      for t in model.threads.indices {
        for v in 0..<n {
          let type = model.variables[v].type
          switch property.check {
          case .noUseAfterFree(let threads, let resources) where type == .resource:
            if covers(threads, t) && covers(resources, v) { uaf[t * n + v] |= bit }
          case .noDoubleFree(let threads, let resources) where type == .resource:
            if covers(threads, t) && covers(resources, v) { df[t * n + v] |= bit }
          case .lockDiscipline(let threads, let lockList) where type.isLock:
            if covers(threads, t) && covers(lockList, v) { locks[t * n + v] |= bit }
          default: break
          }
        }
      }
      if case .assertions(true) = property.check { range |= bit }
    }
    useAfterFree = uaf
    doubleFree = df
    lockDiscipline = locks
    rangeErrors = range
  }
}
