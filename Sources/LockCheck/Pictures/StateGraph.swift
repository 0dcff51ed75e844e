/// The whole state graph of a small model, every transition followed (no reduction), for
/// drawing (`StateGraphDOT`). Exploration stops, returning nil, past `maxStates` states.
public struct StateGraph: Sendable, Equatable {
  /// One reachable state.
  public struct Node: Sendable, Equatable {
    /// Every slot's value, in `ModelMetadata.slots` order.
    public var values: [Int]
    /// The step each thread rests at (nil: ended), or empty when the engine cannot tell.
    public var resting: [Int?]
    public var initial: Bool
    /// Every thread has run to its end.
    public var final: Bool
    /// Properties violated in the state, and reached (`reachable` conditions, liveness goals), as bit sets.
    public var violated: UInt64
    public var reached: UInt64
    /// Whether some transition leaves the state.
    public var hasSuccessors: Bool

    /// No thread can move and not all have ended.
    public var isDeadlock: Bool { !hasSuccessors && !final }
  }

  /// One transition.
  public struct Edge: Sendable, Equatable {
    public var from: Int
    public var to: Int
    public var thread: Int
    /// Index into `ModelMetadata.steps`.
    public var step: Int
    /// Properties the transition violates, as a bit set.
    public var faults: UInt64
  }

  /// States in breadth-first order, initial states first.
  public var nodes: [Node]
  public var edges: [Edge]
  /// Transitions not followed because they pass a bound the spec declares (`max_read_holds`).
  public var edgesBeyondBound: Int

  /// The graph of `system`, or nil when it has more than `maxStates` states.
  public static func explore<System: TransitionSystem>(_ system: System, maxStates: Int) -> StateGraph? {
    var index: [[UInt64]: Int] = [:]
    var states: [[UInt64]] = []
    var graph = StateGraph(nodes: [], edges: [], edgesBeyondBound: 0)
    var tooLarge = false
    var scratch = [UInt64](repeating: 0, count: system.wordCount)

    func admit(_ state: [UInt64], initial: Bool) -> Int? {
      if let known = index[state] { return known }
      guard states.count < maxStates else {
        tooLarge = true
        return nil
      }
      index[state] = states.count
      states.append(state)
      let verdicts = state.withUnsafeBufferPointer { system.evaluate($0) }
      graph.nodes.append(
        Node(
          values: state.withUnsafeBufferPointer { system.slotValues($0) },
          resting: state.withUnsafeBufferPointer { system.restingSteps($0) }, initial: initial,
          final: state.withUnsafeBufferPointer { system.isFinal($0) }, violated: verdicts.violated,
          reached: verdicts.reached, hasSuccessors: false))
      return states.count - 1
    }

    scratch.withUnsafeMutableBufferPointer { buffer in
      system.forEachInitialState(scratch: buffer) { state in
        _ = admit(Array(state), initial: true)
        return !tooLarge
      }
    }
    var next = 0
    while next < states.count, !tooLarge {
      let from = next
      let state = states[from]
      next += 1
      scratch.withUnsafeMutableBufferPointer { buffer in
        state.withUnsafeBufferPointer { current in
          system.forEachSuccessor(of: current, scratch: buffer) { transition, successor in
            graph.nodes[from].hasSuccessors = true
            if transition.exceedsBound {
              graph.edgesBeyondBound += 1
              return
            }
            guard !tooLarge, let to = admit(Array(successor), initial: false) else { return }
            graph.edges.append(
              Edge(
                from: from, to: to, thread: Int(transition.thread), step: Int(transition.step),
                faults: transition.faults))
          }
        }
      }
    }
    return tooLarge ? nil : graph
  }
}
