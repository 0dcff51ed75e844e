/// One lock hold in a counterexample: a thread held a lock, for reading or writing, from the step
/// that took it to the step that released it (or to the end of the trace).
public struct LockHold: Sendable, Equatable {
  /// Whether the hold shares the lock (an rwsem read hold) or excludes everyone else.
  public enum Mode: String, Sendable, Equatable {
    case read
    case write
  }

  /// The lock's name.
  public var lock: String
  public var mode: Mode
  /// The holder's thread index.
  public var threadIndex: Int
  /// The index in `Counterexample.steps` of the step that took the lock.
  public var from: Int
  /// The index of the step that released it; nil when it is still held after the last step.
  public var until: Int?

  public init(lock: String, mode: Mode, threadIndex: Int, from: Int, until: Int?) {
    self.lock = lock
    self.mode = mode
    self.threadIndex = threadIndex
    self.from = from
    self.until = until
  }

  /// The holds `counterexample` shows, read from the changes of its lock slots, in the order
  /// they were taken (a hold taken before the first step, in an initial state, is not shown).
  public static func holds(in counterexample: Counterexample, locks: LockSlots) -> [LockHold] {
    var threadIndices: [String: Int] = [:]
    for step in counterexample.steps where threadIndices[step.thread] == nil {
      threadIndices[step.thread] = step.threadIndex
    }
    var holds: [LockHold] = []
    var open: [Int] = []  // indices into `holds`, in the order taken

    func close(_ lock: String, _ mode: Mode, thread: Int?, at step: Int) {
      let candidates = open.filter { holds[$0].lock == lock && holds[$0].mode == mode }
      let own = candidates.last { thread == nil || holds[$0].threadIndex == thread }
      // A release by a thread that holds nothing (an rwsem released for another) ends the oldest.
      guard let index = own ?? candidates.first else { return }
      holds[index].until = step
      open.removeAll { $0 == index }
    }

    func take(_ lock: String, _ mode: Mode, thread: Int, at step: Int) {
      open.append(holds.count)
      holds.append(LockHold(lock: lock, mode: mode, threadIndex: thread, from: step, until: nil))
    }

    for (index, step) in counterexample.steps.enumerated() {
      for change in step.changes {
        guard let slot = locks.slots[change.slot] else { continue }
        switch slot.role {
        case .owner, .writer:
          if change.from != slot.role.vacant {
            close(slot.name, .write, thread: threadIndices[change.from], at: index)
          }
          if change.to != slot.role.vacant {
            take(slot.name, .write, thread: threadIndices[change.to] ?? step.threadIndex, at: index)
          }
        case .readers:
          guard let before = Int(change.from), let after = Int(change.to) else { continue }
          for _ in 0..<max(after - before, 0) { take(slot.name, .read, thread: step.threadIndex, at: index) }
          for _ in 0..<max(before - after, 0) { close(slot.name, .read, thread: step.threadIndex, at: index) }
        }
      }
    }
    return holds
  }
}
