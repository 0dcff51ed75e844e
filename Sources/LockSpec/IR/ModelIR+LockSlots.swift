import LockCheck

extension LockSlots {
  /// The lock slots of `model`, named as `SlotPlan` names them: a mutex's or spinlock's one
  /// owner slot, an rwsem's `.writer` and `.readers`.
  public init(model: ModelIR) {
    var slots: [String: Lock] = [:]
    for variable in model.variables {
      switch variable.type {
      case .mutex, .spinlock:
        slots[variable.name] = Lock(name: variable.name, role: .owner)
      case .rwsem:
        slots[variable.name + ".writer"] = Lock(name: variable.name, role: .writer)
        slots[variable.name + ".readers"] = Lock(name: variable.name, role: .readers)
      case .bool, .int, .enumeration, .counter, .flag, .resource:
        continue
      }
    }
    self.init(slots)
  }
}
