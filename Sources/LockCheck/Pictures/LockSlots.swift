/// Which visible slots of a model are locks and how their values name the holders, so a picture
/// of a counterexample can draw lock holds from the changes its steps made.
public struct LockSlots: Sendable, Equatable {
  /// How a lock slot's value says who holds the lock.
  public enum Role: Sendable, Equatable {
    /// A mutex or spinlock: the value is the holder's thread name, or `free`.
    case owner
    /// An rwsem's writer: the value is the holder's thread name, or `none`.
    case writer
    /// An rwsem's reader count: the step that raises it takes read holds for its thread, the
    /// step that lowers it releases them.
    case readers

    /// The value that means nobody holds the lock (`owner` and `writer` only).
    var vacant: String { self == .owner ? "free" : "none" }
  }

  /// One lock slot: the lock's name (the variable, `mmap_sem` for `mmap_sem.readers`) and role.
  public struct Lock: Sendable, Equatable {
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
      self.name = name
      self.role = role
    }
  }

  /// The lock slots by slot name (`a`, `mmap_sem.writer`, `mmap_sem.readers`).
  public var slots: [String: Lock]

  public init(_ slots: [String: Lock] = [:]) {
    self.slots = slots
  }
}
