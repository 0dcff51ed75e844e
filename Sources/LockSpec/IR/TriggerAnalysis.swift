import LockCheck

/// Where the `from` condition of each `leads_to` property can hold, as the instructions the
/// threads rest at (`TriggerPlaces`), read off the condition's `thread@label` and `done(thread)`
/// terms. A condition that can hold wherever the threads rest (one over variables alone, or a
/// negation) gets no places.
struct TriggerAnalysis {
  let model: ModelIR

  /// Places for every `leads_to` property whose `from` condition pins some thread's position.
  func places() -> [TriggerPlaces] {
    model.properties.enumerated().compactMap { index, property in
      guard index < 64, case .leadsTo(let from, _, _) = property.check, let needs = requirement(from) else {
        return nil
      }
      return TriggerPlaces(
        property: index, pcs: model.threads.indices.map { t in needs[t].map { $0.sorted() } ?? [] })
    }
  }

  /// Where `e` can hold: it holds only where some thread `t` among the keys rests at one of
  /// `result[t]` (an empty dictionary: it never holds); nil when it can hold anywhere.
  func requirement(_ e: Expr) -> [Int: Set<Int>]? {
    switch e {
    case .bool(let value):
      return value ? nil : [:]
    case .at(let thread, let pcs):
      return [thread: Set(pcs)]
    case .done(let thread):
      guard model.threads.indices.contains(thread) else { return nil }
      let instructions = model.threads[thread].instructions
      return [thread: Set(instructions.indices.filter { instructions[$0].kind == .end })]
    case .binary(.or, let a, let b):
      guard let left = requirement(a), let right = requirement(b) else { return nil }
      return left.merging(right) { $0.union($1) }
    case .binary(.and, let a, let b):
      // Either side's places will do; the one with fewer is the tighter.
      switch (requirement(a), requirement(b)) {
      case (nil, nil): return nil
      case (let left?, nil): return left
      case (nil, let right?): return right
      case (let left?, let right?):
        return right.values.reduce(0) { $0 + $1.count } < left.values.reduce(0) { $0 + $1.count } ? right : left
      }
    default:
      return nil
    }
  }
}
