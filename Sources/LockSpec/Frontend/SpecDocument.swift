import LockCheck

/// A value from a spec file together with where it was written.
public struct Located<Value: Sendable & Equatable>: Sendable, Equatable {
  public var value: Value
  public var location: SourceLocation

  public init(_ value: Value, at location: SourceLocation) {
    self.value = value
    self.location = location
  }
}

/// The syntax tree of one spec file, after key and type checks but before name resolution.
/// Value types throughout, so patch overlays can edit a copy before lowering.
public struct SpecDocument: Sendable, Equatable {
  /// The file the document was read from, as the user gave it.
  public var path: String
  /// The `spec:` key (the variant name), if present.
  public var name: Located<String>?
  public var title: String?
  public var description: String?
  public var sources: [String]
  public var state: [VariableDeclaration]
  public var procedures: [ProcedureDeclaration]
  public var threads: [ThreadDeclaration]
  public var properties: [PropertyDeclaration]
  /// The spec's parameters (`params:`), each with the value this load gave it.
  public var params: [ParameterDeclaration] = []
  /// Where the document's top-level mapping starts.
  public var location: SourceLocation

  public init(
    path: String, name: Located<String>? = nil, title: String? = nil, description: String? = nil,
    sources: [String] = [], state: [VariableDeclaration] = [], procedures: [ProcedureDeclaration] = [],
    threads: [ThreadDeclaration] = [], properties: [PropertyDeclaration] = [], location: SourceLocation
  ) {
    self.path = path
    self.name = name
    self.title = title
    self.description = description
    self.sources = sources
    self.state = state
    self.procedures = procedures
    self.threads = threads
    self.properties = properties
    self.location = location
  }
}

/// A named integer constant of a spec (`params: {nscan: {default: 4, min: 1, max: 6}}`), usable
/// wherever the spec writes an integer (`count`, `min`, `max`, loop `max`, `max_read_holds`,
/// int and counter `initial` values) and in expressions; `--param nscan=6` overrides the default.
public struct ParameterDeclaration: Sendable, Equatable {
  public var name: String
  /// The value in effect: the override if one was given, else the default.
  public var value: Int
  public var defaultValue: Int
  /// The accepted range of overrides (the default must lie in it too).
  public var range: ClosedRange<Int>
  public var description: String?
  public var location: SourceLocation

  public init(
    name: String, value: Int, defaultValue: Int, range: ClosedRange<Int>, description: String? = nil,
    location: SourceLocation
  ) {
    self.name = name
    self.value = value
    self.defaultValue = defaultValue
    self.range = range
    self.description = description
    self.location = location
  }

  /// Whether the value differs from the default (an override took effect).
  public var isOverridden: Bool { value != defaultValue }
}

/// The declared type of a variable (`type:` in `state:` or `locals:`).
public enum VariableKind: String, Sendable, Equatable, CaseIterable {
  case rwsem, mutex, spinlock, counter, flag, resource, bool, int
  case enumeration = "enum"

  /// The type with its article, as messages print it ("an rwsem", "a counter").
  public var withArticle: String {
    switch self {
    case .rwsem, .int, .enumeration: return "an \(rawValue)"
    default: return "a \(rawValue)"
    }
  }

  /// Whether the type is a lock.
  public var isLock: Bool { self == .rwsem || self == .mutex || self == .spinlock }
}

/// The `initial:` key of a variable.
public enum InitialValue: Sendable, Equatable {
  /// `initial: any`: every value of the type.
  case any
  /// One value, or a list of values (each as written).
  case values([Located<String>])
}

/// A shared variable or a local: `name: {type: T, ...}`.
public struct VariableDeclaration: Sendable, Equatable {
  public var name: String
  public var kind: VariableKind
  /// `writer_priority` of an rwsem (nil: default, true).
  public var writerPriority: Bool?
  /// `max_read_holds` of an rwsem (nil: default, `VariableType.defaultMaxReadHolds`).
  public var maxReadHolds: Located<Int>?
  public var min: Located<Int>?
  public var max: Located<Int>?
  /// `values` of an enum.
  public var cases: [Located<String>]?
  public var initial: Located<InitialValue>?
  /// Where the variable's name is written.
  public var location: SourceLocation

  public init(
    name: String, kind: VariableKind, writerPriority: Bool? = nil, maxReadHolds: Located<Int>? = nil,
    min: Located<Int>? = nil,
    max: Located<Int>? = nil, cases: [Located<String>]? = nil, initial: Located<InitialValue>? = nil,
    location: SourceLocation
  ) {
    self.name = name
    self.kind = kind
    self.writerPriority = writerPriority
    self.maxReadHolds = maxReadHolds
    self.min = min
    self.max = max
    self.cases = cases
    self.initial = initial
    self.location = location
  }
}

/// A thread template: `count` identical instances running `steps`.
public struct ThreadDeclaration: Sendable, Equatable {
  public var name: String
  /// Number of instances (default 1).
  public var count: Located<Int>?
  public var locals: [VariableDeclaration]
  public var steps: [Step]
  public var location: SourceLocation

  public init(
    name: String, count: Located<Int>? = nil, locals: [VariableDeclaration] = [], steps: [Step],
    location: SourceLocation
  ) {
    self.name = name
    self.count = count
    self.locals = locals
    self.steps = steps
    self.location = location
  }

  /// Number of instances.
  public var instanceCount: Int { count?.value ?? 1 }
}

/// The type a procedure returns (`returns:`).
public enum ReturnType: String, Sendable, Equatable, CaseIterable {
  case bool, int
}

/// A procedure: steps inlined at each `call`.
public struct ProcedureDeclaration: Sendable, Equatable {
  public var name: String
  /// Locals added to every thread that calls the procedure.
  public var locals: [VariableDeclaration]
  public var returns: Located<ReturnType>?
  public var steps: [Step]
  public var location: SourceLocation

  public init(
    name: String, locals: [VariableDeclaration] = [], returns: Located<ReturnType>? = nil, steps: [Step],
    location: SourceLocation
  ) {
    self.name = name
    self.locals = locals
    self.returns = returns
    self.steps = steps
    self.location = location
  }
}

/// An expression string from the spec and where it is, so errors can point inside it.
public struct ExpressionSource: Sendable, Equatable {
  public var text: String
  /// Where the YAML scalar holding the expression starts.
  public var location: SourceLocation
  /// The column of the text's first character when it appears verbatim on one line (plain or
  /// quoted without escapes); nil otherwise (errors then point at the scalar).
  public var textColumn: Int?

  public init(_ text: String, at location: SourceLocation, textColumn: Int? = nil) {
    self.text = text
    self.location = location
    self.textColumn = textColumn
  }

  /// The location of the character `offset` Unicode scalars into the text.
  public func location(atOffset offset: Int) -> SourceLocation {
    guard let textColumn else { return location }
    return SourceLocation(path: location.path, line: location.line, column: textColumn + offset)
  }
}

/// One step of a thread or procedure: common keys and at most one action.
public struct Step: Sendable, Equatable {
  public var label: Located<String>?
  /// The C statement modelled.
  public var code: String?
  /// `file:function` of that code.
  public var at: String?
  public var note: String?
  /// What the step does; nil for a step with only common keys (a visible no-op).
  public var action: StepAction?
  /// Where the step starts (its first key).
  public var location: SourceLocation

  public init(
    label: Located<String>? = nil, code: String? = nil, at: String? = nil, note: String? = nil,
    action: StepAction? = nil, location: SourceLocation
  ) {
    self.label = label
    self.code = code
    self.at = at
    self.note = note
    self.action = action
    self.location = location
  }
}

/// The operations on shared state and locals that take variable operands.
public enum Operation: String, Sendable, Equatable, CaseIterable {
  case downRead = "down_read"
  case upRead = "up_read"
  case downWrite = "down_write"
  case upWrite = "up_write"
  case downReadTrylock = "down_read_trylock"
  case downWriteTrylock = "down_write_trylock"
  case lock, unlock, trylock
  case inc, dec
  case decAndTest = "dec_and_test"
  case incNotZero = "inc_not_zero"
  case read
  case set, clear, test
  case testAndSet = "test_and_set"
  case free, use
}

/// One `target: "expression"` entry of an `assign`.
public struct Assignment: Sendable, Equatable {
  public var target: Located<String>
  public var value: ExpressionSource

  public init(target: Located<String>, value: ExpressionSource) {
    self.target = target
    self.value = value
  }
}

/// A bounded loop: `loop: {max, while, steps}`.
public struct LoopAction: Sendable, Equatable {
  /// The most iterations; nil for a loop that may run forever (a retry loop), which makes a
  /// cycle in the state graph (see liveness in docs/spec-language.md).
  public var max: Located<Int>?
  public var condition: ExpressionSource?
  public var steps: [Step]

  public init(max: Located<Int>?, condition: ExpressionSource? = nil, steps: [Step]) {
    self.max = max
    self.condition = condition
    self.steps = steps
  }
}

/// What a step does.
public enum StepAction: Sendable, Equatable {
  /// An operation on variables (`down_read: mmap_sem`); `free`/`use` may name several.
  case operation(Operation, operands: [Located<String>], into: Located<String>?)
  case assign([Assignment])
  /// `assert`, violating `property` (default `assertions`) when false.
  case assert(ExpressionSource, property: Located<String>?)
  case await(ExpressionSource)
  case ifThen(ExpressionSource, then: [Step], else: [Step]?)
  case loop(LoopAction)
  case breakLoop
  case continueLoop
  case goto(Located<String>)
  case choose([[Step]])
  case atomic([Step])
  case call(Located<String>, into: Located<String>?)
  /// `return` or `return: "expr"` inside a procedure.
  case returnValue(ExpressionSource?)
}

/// A property with its expected verdict.
public struct PropertyDeclaration: Sendable, Equatable {
  public var name: Located<String>
  public var check: Located<PropertyKind>
  public var condition: ExpressionSource?
  /// `leads_to`: the condition that starts an obligation, and the one that discharges it.
  public var from: ExpressionSource?
  public var to: ExpressionSource?
  /// Liveness properties: `weak` (default) or `none`.
  public var fairness: Located<Fairness>?
  public var threads: [Located<String>]?
  public var resources: [Located<String>]?
  public var locks: [Located<String>]?
  public var expect: Verdict?
  public var description: String
  public var location: SourceLocation

  public init(
    name: Located<String>, check: Located<PropertyKind>, condition: ExpressionSource? = nil,
    threads: [Located<String>]? = nil, resources: [Located<String>]? = nil, locks: [Located<String>]? = nil,
    expect: Verdict? = nil, description: String = "", location: SourceLocation
  ) {
    self.name = name
    self.check = check
    self.condition = condition
    self.threads = threads
    self.resources = resources
    self.locks = locks
    self.expect = expect
    self.description = description
    self.location = location
  }
}
