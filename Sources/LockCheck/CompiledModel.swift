/// A model compiled from a spec by `lockspec generate`: a `TransitionSystem` with no interpretation at run
/// time, and the entry points the generated tests, `lockspec-sim` and benchmarks use.
public protocol CompiledModel: TransitionSystem, Sendable {
  init()
  /// The spec file the model was generated from, relative to the package root.
  static var specPath: String { get }
  /// The patch applied to the spec last, if any.
  static var patchPath: String? { get }
  /// The variant a patched variant derives from, if any.
  static var parent: String? { get }
  /// Threads, steps, slots and properties.
  static var modelMetadata: ModelMetadata { get }
  /// Explores the model with an explorer specialized for it in this (optimized) module.
  static func explore(_ options: ExplorationOptions) throws -> ExplorationResult
}

extension CompiledModel {
  /// The variant name, e.g. `mm-exit/v4.13`.
  public static var name: String { modelMetadata.name }

  /// The file the variant is defined in: the patch applied last, else the spec.
  public static var file: String { patchPath ?? specPath }

  /// Runs random schedules (`RandomSimulator`).
  public static func simulate(_ options: SimulationOptions) throws -> SimulationResult {
    try RandomSimulator(system: Self(), options: options).run()
  }

  /// Replays run `run` of a simulation with `options` (its seed and properties).
  public static func replay(_ options: SimulationOptions, run: Int) throws -> ReplayedRun {
    try RandomSimulator(system: Self(), options: options).replay(index: run)
  }
}

/// What one replayed random schedule did.
public struct ReplayedRun: Sendable, Equatable {
  /// The property the run violated, if any.
  public var property: String?
  public var counterexample: Counterexample?
  /// Steps the run took.
  public var steps: Int
  /// Whether every thread ran to its end.
  public var completed: Bool
}

/// The faults one transition of a compiled model raises (a bit per property) and, when
/// collecting, the notes that explain them (the interpreter keeps the same in its execution
/// context). Inlinable: generated code calls it on its hot path.
@frozen
public struct FaultLog {
  public var faults: UInt64 = 0
  /// The transition would pass a bound the spec declares (`Transition.exceedsBound`).
  public var exceedsBound = false
  public var notes: [FaultNote]?

  @inlinable
  public init(collect: Bool) {
    notes = collect ? [] : nil
  }

  /// Records the properties in `mask` as violated, with one note per property when collecting.
  @inlinable @inline(__always)
  public mutating func raise(_ mask: UInt64, _ message: @autoclosure () -> String, resource: String? = nil) {
    guard mask != 0 else { return }
    faults |= mask
    guard notes != nil else { return }
    var bits = mask
    while bits != 0 {
      notes!.append(FaultNote(property: bits.trailingZeroBitCount, message: message(), resource: resource))
      bits &= bits - 1
    }
  }
}
