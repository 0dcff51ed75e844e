import LockCheck

/// Bounds for checking one fuzz input: small, so that every input finishes quickly.
public struct FuzzLimits: Sendable, Equatable {
  public var maxStates: Int
  public var maxDepth: Int
  public var memoryBudget: Int
  /// An input that takes longer than this is a defect (a hang, once the `fuzz` command's
  /// watchdog kills it; a slow input when it finishes in-process).
  public var timeLimit: Duration

  public init(
    maxStates: Int = 2000, maxDepth: Int = 40, memoryBudget: Int = 64 << 20, timeLimit: Duration = .seconds(10)
  ) {
    self.maxStates = maxStates
    self.maxDepth = maxDepth
    self.memoryBudget = memoryBudget
    self.timeLimit = timeLimit
  }
}

/// How one fuzz input ended: loaded and checked, rejected with located diagnostics, or a defect.
public enum FuzzOutcome: Sendable, Equatable {
  /// Loaded and checked: the number of variants explored and of verdicts given.
  case ok(variants: Int, verdicts: Int)
  /// Rejected with this many diagnostics, every one located in a file of the input.
  case rejected(diagnostics: Int)
  /// Something lockspec must never do with any input (see `FuzzCampaign.run`).
  case defect(String)

  /// `ok`, `rejected` or `defect`.
  public var word: String {
    switch self {
    case .ok: return "ok"
    case .rejected: return "rejected"
    case .defect: return "defect"
    }
  }
}

/// Runs inputs through load, validation, lowering and a bounded interpreter check, and
/// classifies each outcome. Pure apart from reading the clock for the time limit.
public struct FuzzCampaign: Sendable {
  public let mutator: SpecMutator
  public let limits: FuzzLimits
  /// Corpus texts by normalized path: what patches may name as bases and stacked patches.
  private let texts: [String: String]

  public init(corpus: [FuzzCorpusFile], limits: FuzzLimits = FuzzLimits()) {
    mutator = SpecMutator(corpus: corpus)
    self.limits = limits
    var texts: [String: String] = [:]
    for file in corpus { texts[SpecPath.normalize(file.path)] = String(decoding: file.bytes, as: UTF8.self) }
    self.texts = texts
  }

  /// The seed of input `index` of a campaign seeded with `seed`.
  public static func inputSeed(campaign seed: UInt64, index: Int) -> UInt64 {
    SplitMix64.seed(seed, run: index)
  }

  /// Input `index` of a campaign seeded with `seed`.
  public func mutant(campaign seed: UInt64, index: Int) -> SpecMutant {
    mutator.mutant(seed: Self.inputSeed(campaign: seed, index: index))
  }

  /// Checks one mutant under its corpus file's path.
  public func run(_ mutant: SpecMutant) -> FuzzOutcome {
    run(path: mutant.path, text: mutant.text)
  }

  /// Checks one file's text as `lockspec check` would, with `limits`: the file is a spec or a
  /// patch (whose bases come from the corpus). Invalid UTF-8 must already be decoded (U+FFFD).
  ///
  /// A defect is: a diagnostic located outside the files of the input (another path, line 0 or
  /// past the end of the file, column 0 or past the end of its line); a load failure without an
  /// error; an error other than a diagnostic; an input that takes longer than `limits.timeLimit`.
  public func run(path: String, text: String) -> FuzzOutcome {
    let clock = ContinuousClock()
    let start = clock.now
    let outcome = check(path: path, text: text)
    let elapsed = clock.now - start
    if elapsed > limits.timeLimit, case .defect = outcome {
      return outcome
    } else if elapsed > limits.timeLimit {
      return .defect("took \(elapsed) (limit \(limits.timeLimit)); outcome \(outcome)")
    }
    return outcome
  }

  private func check(path: String, text: String) -> FuzzOutcome {
    let given = SpecPath.normalize(path)
    var read: [String: String] = [given: text]
    let lookup = { (wanted: String) -> String? in
      let key = SpecPath.normalize(wanted)
      if key == given { return text }
      guard let found = texts[key] else { return nil }
      read[key] = found
      return found
    }
    let variants: [Variant]
    do {
      variants = try VariantLoader.load(files: [(path: path, text: text)], read: lookup)
    } catch {
      let errors = error.diagnostics.filter { $0.severity == .error }
      if errors.isEmpty { return .defect("load failed without an error: \(error.diagnostics)") }
      for diagnostic in error.diagnostics {
        if let problem = Self.misplaced(diagnostic.location, files: read) {
          return .defect("\(problem): \(diagnostic)")
        }
      }
      return .rejected(diagnostics: error.diagnostics.count)
    }
    var explored = 0
    var verdicts = 0
    for variant in variants where SpecPath.normalize(variant.patchPath ?? variant.specPath) == given {
      let options = ExplorationOptions(
        maxStates: limits.maxStates, maxDepth: limits.maxDepth, memoryBudget: limits.memoryBudget)
      do {
        let result = try Interpreter(model: variant.model).explore(options: options)
        for property in result.properties {
          if let counterexample = property.counterexample {
            _ = CounterexampleRenderer().render(counterexample)
          }
        }
        explored += 1
        verdicts += result.properties.count
      } catch {
        return .defect("checking \(variant.name) threw an error without a location: \(error)")
      }
    }
    return .ok(variants: explored, verdicts: verdicts)
  }

  /// Why `location` is not a place in one of `files` (normalized path → text), or nil.
  public static func misplaced(_ location: SourceLocation, files: [String: String]) -> String? {
    guard let text = files[SpecPath.normalize(location.path)] else {
      return "diagnostic in '\(location.path)', not a file of the input"
    }
    let lines = lineLengths(text)
    // A final line break ends the last line; one line past the last is the end of the file.
    let lineCount = lines.last == 0 ? lines.count - 1 : lines.count
    guard location.line >= 1, location.line <= lineCount + 1 else {
      return "diagnostic at line \(location.line) of a \(lineCount)-line file"
    }
    guard location.column >= 1 else { return "diagnostic at column \(location.column)" }
    let length = location.line <= lines.count ? lines[location.line - 1] : 0
    guard location.column <= length + 1 else {
      return "diagnostic at column \(location.column) of a \(length)-character line"
    }
    return nil
  }

  /// The length in Unicode scalars of each line of `text`, with YAML's line breaks (`\n`,
  /// `\r\n`, `\r`, U+0085, U+2028, U+2029).
  public static func lineLengths(_ text: String) -> [Int] {
    var lengths: [Int] = []
    var current = 0
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = scalar == "\r"
      switch scalar {
      case "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}":
        lengths.append(current)
        current = 0
      default:
        current += 1
      }
    }
    lengths.append(current)
    return lengths
  }
}
