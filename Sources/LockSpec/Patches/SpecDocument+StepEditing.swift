/// Where a step sits in a document: a thread's or procedure's step list, a route through the
/// step lists nested in steps (then/else, loop body, choose branches, atomic group), and its
/// index in the innermost list.
struct StepAddress: Sendable, Equatable {
  enum Root: Sendable, Equatable {
    case thread(Int)
    case procedure(Int)
  }

  /// One level of nesting: the step holding the nested list, and which of its lists.
  struct Hop: Sendable, Equatable {
    var step: Int
    var list: Int
  }

  var root: Root
  var route: [Hop]
  var index: Int

  /// Whether `other` is this step or nested (at any depth) inside it.
  func contains(_ other: StepAddress) -> Bool {
    guard root == other.root else { return false }
    if other.route == route && other.index == index { return true }
    guard other.route.count > route.count, Array(other.route.prefix(route.count)) == route else { return false }
    return other.route[route.count].step == index
  }
}

/// Finding and editing steps by address, for patch overlays. Addresses are valid until the next
/// edit of the same list.
extension SpecDocument {
  /// Every step carrying `label`, in document order (threads, then procedures), at any depth.
  func addresses(ofLabel label: String) -> [StepAddress] {
    var found: [StepAddress] = []
    forEachStep { step, address in
      if step.label?.value == label { found.append(address) }
    }
    return found
  }

  /// Every label, in document order.
  var allLabels: [String] {
    var labels: [String] = []
    forEachStep { step, _ in
      if let label = step.label?.value { labels.append(label) }
    }
    return labels
  }

  /// Calls `body` for every step, depth first in document order.
  func forEachStep(_ body: (Step, StepAddress) -> Void) {
    func walk(_ steps: [Step], root: StepAddress.Root, route: [StepAddress.Hop]) {
      for (index, step) in steps.enumerated() {
        body(step, StepAddress(root: root, route: route, index: index))
        for (list, nested) in SymbolTable.nestedStepLists(step).enumerated() {
          walk(nested, root: root, route: route + [StepAddress.Hop(step: index, list: list)])
        }
      }
    }
    for (index, thread) in threads.enumerated() { walk(thread.steps, root: .thread(index), route: []) }
    for (index, procedure) in procedures.enumerated() { walk(procedure.steps, root: .procedure(index), route: []) }
  }

  func step(at address: StepAddress) -> Step {
    var copy = self
    return copy.withList(address) { $0[address.index] }
  }

  /// Removes the step at `address` and returns it.
  mutating func removeStep(at address: StepAddress) -> Step {
    withList(address) { $0.remove(at: address.index) }
  }

  /// Puts `steps` in the list of `address`, starting at index `position`.
  mutating func insertSteps(_ steps: [Step], in address: StepAddress, at position: Int) {
    withList(address) { $0.insert(contentsOf: steps, at: position) }
  }

  /// Replaces the step at `address` with `steps`.
  mutating func replaceStep(at address: StepAddress, with steps: [Step]) {
    withList(address) { $0.replaceSubrange(address.index...address.index, with: steps) }
  }

  /// Runs `body` on the step list that holds `address`.
  private mutating func withList<T>(_ address: StepAddress, _ body: (inout [Step]) -> T) -> T {
    switch address.root {
    case .thread(let index):
      return Self.withList(&threads[index].steps, route: address.route[...], body)
    case .procedure(let index):
      return Self.withList(&procedures[index].steps, route: address.route[...], body)
    }
  }

  private static func withList<T>(
    _ steps: inout [Step], route: ArraySlice<StepAddress.Hop>, _ body: (inout [Step]) -> T
  ) -> T {
    guard let hop = route.first else { return body(&steps) }
    return withNestedList(&steps[hop.step], list: hop.list) { withList(&$0, route: route.dropFirst(), body) }
  }

  /// Runs `body` on nested list `list` of `step`, in the order `SymbolTable.nestedStepLists` gives.
  private static func withNestedList<T>(_ step: inout Step, list: Int, _ body: (inout [Step]) -> T) -> T {
    switch step.action {
    case .ifThen(let condition, var thenSteps, var elseSteps):
      let result: T
      if list == 0 {
        result = body(&thenSteps)
      } else {
        var steps = elseSteps ?? []
        result = body(&steps)
        elseSteps = steps
      }
      step.action = .ifThen(condition, then: thenSteps, else: elseSteps)
      return result
    case .loop(var loop):
      let result = body(&loop.steps)
      step.action = .loop(loop)
      return result
    case .choose(var branches):
      let result = body(&branches[list])
      step.action = .choose(branches)
      return result
    case .atomic(var steps):
      let result = body(&steps)
      step.action = .atomic(steps)
      return result
    default:
      preconditionFailure("step has no nested list \(list)")
    }
  }
}
