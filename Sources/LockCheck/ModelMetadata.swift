/// Static description of a model: what counterexample rendering and reports need to name
/// threads, steps, state and properties. Generated models carry it as a literal.
public struct ModelMetadata: Sendable, Equatable {
  /// The variant name, e.g. `mm-exit/v4.13` or `mm-exit/v4.13+drop-ksm-trick`.
  public var name: String
  /// Threads in index order (instances of a thread template are expanded: `worker[0]`, ...).
  public var threads: [ThreadInfo]
  /// Every scheduling point of every thread; `Transition.step` indexes this array.
  public var steps: [StepInfo]
  /// Every slot of the packed state, in the order `slotValues` returns them.
  public var slots: [SlotInfo]
  /// Properties in declaration order; bit `i` of a fault or verdict mask means `properties[i]`.
  public var properties: [PropertyInfo]

  public init(
    name: String, threads: [ThreadInfo], steps: [StepInfo], slots: [SlotInfo], properties: [PropertyInfo]
  ) {
    self.name = name
    self.threads = threads
    self.steps = steps
    self.slots = slots
    self.properties = properties
  }
}

/// A thread of a model.
public struct ThreadInfo: Sendable, Equatable {
  /// The thread's name as reports print it (`exit`, `ksmd`, `worker[1]`).
  public var name: String

  public init(name: String) { self.name = name }
}

/// A scheduling point: the spec step a transition executes, tied to the C it models.
public struct StepInfo: Sendable, Equatable {
  /// Index of the thread that owns the step.
  public var thread: Int
  /// The step's label, unique within the spec (empty when the step has none).
  public var label: String
  /// The C statement the step models (empty when the spec gives none).
  public var code: String
  /// Where the modelled code lives: `file:function` (empty when the spec gives none).
  public var location: String
  /// Line of the step in the spec file (0 when unknown).
  public var line: Int
  /// Slot whose value after the step is its result (`down_read_trylock -> ok`), if any.
  public var resultSlot: Int?
  /// Names of the resources this step frees (so a use after free can say where).
  public var frees: [String]

  public init(
    thread: Int, label: String, code: String, location: String, line: Int, resultSlot: Int? = nil,
    frees: [String] = []
  ) {
    self.thread = thread
    self.label = label
    self.code = code
    self.location = location
    self.line = line
    self.resultSlot = resultSlot
    self.frees = frees
  }

  /// What a report prints for the step: its code, else its label.
  public var title: String { code.isEmpty ? (label.isEmpty ? "(step)" : label) : code }
}

/// One slot of the packed state and how to print its values.
public struct SlotInfo: Sendable, Equatable {
  /// The slot's name as reports print it (`mm_users`, `mmap_sem.readers`, `reaper.locked`).
  public var name: String
  /// How to print a value of the slot.
  public var format: ValueFormat
  /// Bookkeeping slots (program counters, per-thread hold counts) are not shown as changes.
  public var hidden: Bool
  /// The slot has several possible initial values; a counterexample names the one it starts from.
  public var nondeterministic: Bool

  public init(name: String, format: ValueFormat, hidden: Bool = false, nondeterministic: Bool = false) {
    self.name = name
    self.format = format
    self.hidden = hidden
    self.nondeterministic = nondeterministic
  }
}

/// How a slot's value prints.
public enum ValueFormat: Sendable, Equatable {
  /// A plain integer.
  case integer
  /// `false` / `true`.
  case boolean
  /// Value `i` prints as `names[i]` (enums, resource lifetimes, lock owners).
  case names([String])

  /// The printed form of `value`.
  public func render(_ value: Int) -> String {
    switch self {
    case .integer: return String(value)
    case .boolean: return value == 0 ? "false" : "true"
    case .names(let names): return value >= 0 && value < names.count ? names[value] : String(value)
    }
  }
}

/// The verdict a property gets from exploration.
public enum Verdict: String, Sendable, Equatable, CaseIterable {
  case holds
  case violated
  case unknown
}

/// What a property checks.
public enum PropertyKind: String, Sendable, Equatable {
  /// A condition that must never hold in any reachable state.
  case never
  /// A condition that must hold in every reachable state.
  case always
  /// A condition some interleaving must reach; the witness is printed.
  case reachable
  /// No thread (in scope) uses a resource (in scope) after it was freed.
  case noUseAfterFree = "no_use_after_free"
  /// No resource (in scope) is freed twice.
  case noDoubleFree = "no_double_free"
  /// No release of a lock not held, no lock still held when a thread ends.
  case lockDiscipline = "lock_discipline"
  /// No reachable state where some thread has not ended and none can move.
  case deadlockFree = "deadlock_free"
  /// Every `assert` step (naming this property, or any when implicit) holds; counters stay in range.
  case assertions
  /// Liveness: every run (fair under the property's `Fairness`) reaches a state where the
  /// condition holds; a run that ends (all threads done, or stuck) without it violates it.
  case eventually
  /// Liveness: from every reachable state where `from` holds, every (fair) run reaches a state
  /// where `to` holds.
  case leadsTo = "leads_to"

  /// Whether the property is about infinite (or maximal) runs rather than single states or steps.
  public var isLiveness: Bool { self == .eventually || self == .leadsTo }
}

/// Which infinite runs a liveness property is judged on.
public enum Fairness: String, Sendable, Equatable, Codable, CaseIterable {
  /// Weak fairness per thread: a run in which some thread stays enabled from some point on but
  /// never moves again is not a run (the scheduler eventually runs every runnable thread).
  case weak
  /// Every run counts, including those that starve a runnable thread forever (`fairness: none`).
  case unfair = "none"
}

/// A property of a model and the verdict the spec expects for it.
public struct PropertyInfo: Sendable, Equatable {
  /// The property's name (`reaper_no_uaf`).
  public var name: String
  /// What it checks.
  public var kind: PropertyKind
  /// The verdict the spec expects (`nil`: record the verdict without judging it).
  public var expect: Verdict?
  /// The spec's one-line description, if any.
  public var description: String
  /// For liveness properties, which runs count (`weak` by default).
  public var fairness: Fairness

  public init(
    name: String, kind: PropertyKind, expect: Verdict?, description: String = "", fairness: Fairness = .weak
  ) {
    self.name = name
    self.kind = kind
    self.expect = expect
    self.description = description
    self.fairness = fairness
  }
}
