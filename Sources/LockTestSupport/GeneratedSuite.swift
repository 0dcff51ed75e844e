import Foundation
import LockCheck
import XCTest

/// Explores compiled models and judges their verdicts for the generated test classes (the
/// `GeneratedTests` target): the part of every generated suite that no spec changes.
public enum GeneratedSuite {
  /// The explorations of this test run, started by the first class that asks.
  nonisolated(unsafe) private static var explorations: SuiteExplorations?
  private static let explorationsLock = NSLock()

  /// Explores `model` to the end (exploration stops early once every property is decided), with
  /// every reduction: the verdicts and counterexamples are those of the full graph, sequential
  /// search. The first call starts every model of `registry` (`ModelRegistry.all`), one per
  /// processor, so later classes find theirs done or under way.
  public static func explore(
    _ model: any CompiledModel.Type, among registry: [any CompiledModel.Type]
  ) -> Result<ExplorationResult, any Error> {
    explorationsLock.lock()
    let explorations =
      explorations
      ?? SuiteExplorations(
        models: registry, options: ExplorationOptions(reductions: .all),
        threads: ProcessInfo.processInfo.activeProcessorCount)
    Self.explorations = explorations
    explorationsLock.unlock()
    return explorations.outcome(of: model)
  }

  /// Fails unless `property` got `expected`; the message holds the whole rendered counterexample.
  public static func assertVerdict(
    _ outcome: Result<ExplorationResult, any Error>,
    property: String,
    expected: Verdict,
    file: StaticString = #filePath,
    line: UInt = #line
  ) {
    let result: ExplorationResult
    switch outcome {
    case .success(let value): result = value
    case .failure(let error):
      XCTFail("exploration failed: \(error)", file: file, line: line)
      return
    }
    guard let found = result[property: property] else {
      XCTFail("\(result.model) has no property \(property)", file: file, line: line)
      return
    }
    guard found.verdict != expected else { return }
    var message = "\(result.model): \(property) is \(found.verdict.rawValue), expected \(expected.rawValue)"
    message += " (\(result.statistics.states) states, stopped: \(result.stopReason.rawValue))"
    if let counterexample = found.counterexample {
      message += "\n" + CounterexampleRenderer().render(counterexample)
    }
    XCTFail(message, file: file, line: line)
  }

  /// Prints the verdict of a property the spec expects nothing of (never fails).
  public static func record(_ outcome: Result<ExplorationResult, any Error>, property: String) {
    guard case .success(let result) = outcome, let found = result[property: property] else { return }
    print("\(result.model): \(property) is \(found.verdict.rawValue) (no expectation)")
    if let counterexample = found.counterexample {
      print(CounterexampleRenderer().render(counterexample))
    }
  }
}
