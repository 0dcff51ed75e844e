import Foundation
import LockCheck
import LockTestSupport
import XCTest

@testable import LockSpec

/// Seeded mutants of the specs/ corpus through load, validation, lowering and a bounded check:
/// every input must end in verdicts or in diagnostics located in the input. Traps cannot be
/// caught in-process: `lockspec fuzz` runs inputs in a child process for those.
final class MutationFuzzTests: XCTestCase {
  /// The repository root (this file is Tests/LockSpecTests/MutationFuzzTests.swift).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// Every spec and patch under specs/, as `specs/...` paths (patches name their bases
  /// relative to themselves, which the campaign resolves within the corpus).
  static func corpus() throws -> [FuzzCorpusFile] {
    let specs = root.appendingPathComponent("specs")
    guard let enumerator = FileManager.default.enumerator(atPath: specs.path) else { return [] }
    var relative: [String] = []
    for case let path as String in enumerator where path.hasSuffix(".yaml") { relative.append(path) }
    return try relative.sorted().map { path in
      FuzzCorpusFile(path: "specs/" + path, bytes: Array(try Data(contentsOf: specs.appendingPathComponent(path))))
    }
  }

  static let mutants = 4_000
  static let seed: UInt64 = 0x6C6F_636B_7370_6563

  func testMutantsAreCheckedOrRejectedWithLocatedDiagnostics() throws {
    let corpus = try Self.corpus()
    XCTAssertGreaterThan(corpus.count, 10, "the specs/ corpus was not found under \(Self.root.path)")
    let campaign = FuzzCampaign(corpus: corpus, limits: FuzzLimits(maxStates: 2000, maxDepth: 40))
    // The campaign is a pure function of the seed and index: run the mutants on every processor,
    // then read the outcomes in index order.
    let outcomes = ConcurrentMap.map(Self.mutants) { index in
      campaign.run(campaign.mutant(campaign: Self.seed, index: index))
    }
    var counts: [String: Int] = [:]
    var defects: [String] = []
    for index in 0..<Self.mutants {
      let outcome = outcomes[index]
      counts[outcome.word, default: 0] += 1
      if case .defect(let message) = outcome {
        let mutant = campaign.mutant(campaign: Self.seed, index: index)
        defects.append(
          "input \(index) (seed \(mutant.seed)) of \(mutant.path), \(mutant.edits.joined(separator: "; ")): \(message)")
      }
    }
    XCTAssertEqual(defects, [], "\(defects.count) defects")
    // The mutants must reach the checker, not only the YAML reader.
    XCTAssertGreaterThan(counts["ok", default: 0], Self.mutants / 10, "\(counts)")
    XCTAssertGreaterThan(counts["rejected", default: 0], Self.mutants / 10, "\(counts)")
  }

  /// Reproducers of what `lockspec fuzz` found, one per cause. Each starts with
  /// `# lockspec fuzz finding (fixed): ...` or `(open): ...`; an open one traps, so only the
  /// fixed ones run here, and each must now be checked or rejected with located diagnostics.
  func testFixedFuzzFindingsStayFixed() throws {
    let folder = Self.root.appendingPathComponent("Tests/LockSpecTests/Fixtures/fuzz-findings")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
    XCTAssertFalse(names.isEmpty, "no reproducers under \(folder.path)")
    let campaign = FuzzCampaign(corpus: try Self.corpus())
    for name in names.sorted() {
      let path = "Tests/LockSpecTests/Fixtures/fuzz-findings/" + name
      let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      let header = text.prefix { $0 != "\n" }
      XCTAssertTrue(header.hasPrefix("# lockspec fuzz finding ("), "\(name): no finding header")
      guard header.hasPrefix("# lockspec fuzz finding (fixed)") else { continue }
      let outcome = campaign.run(path: path, text: text)
      if case .defect(let message) = outcome { XCTFail("\(name): \(message)") }
    }
  }

  func testMutantsArePureFunctionsOfTheSeed() throws {
    let corpus = try Self.corpus()
    let first = SpecMutator(corpus: corpus)
    let second = SpecMutator(corpus: corpus)
    for seed in [UInt64(0), 1, 42, .max] {
      XCTAssertEqual(first.mutant(seed: seed), second.mutant(seed: seed))
    }
    XCTAssertNotEqual(first.mutant(seed: 1).bytes, first.mutant(seed: 2).bytes)
  }

  func testEveryMutationKindEditsTheText() throws {
    let corpus = try Self.corpus()
    let mutator = SpecMutator(corpus: corpus)
    let spec = try XCTUnwrap(corpus.first { $0.path.hasSuffix("refcount-broken.yaml") })
    let patch = try XCTUnwrap(corpus.first { $0.path.hasSuffix("refcount-split-test.yaml") })
    for kind in SpecMutation.allCases {
      // Only patches name other files.
      let file = kind == .replaceReference ? patch : spec
      var changed = 0
      for seed in 0..<20 {
        var rng = SplitMix64(seed: UInt64(seed))
        let (bytes, description) = mutator.mutate(file.bytes, kind: kind, rng: &rng)
        if bytes != file.bytes && description.hasPrefix(kind.rawValue) { changed += 1 }
      }
      XCTAssertGreaterThan(changed, 10, "\(kind) rarely applies to \(file.path)")
    }
  }

  func testLocationsOutsideTheInputAreDefects() {
    let files = ["a.yaml": "x: 1\ny: 2\n"]
    XCTAssertNil(FuzzCampaign.misplaced(SourceLocation(path: "a.yaml", line: 2, column: 5), files: files))
    XCTAssertNil(FuzzCampaign.misplaced(SourceLocation(path: "./a.yaml", line: 3, column: 1), files: files))
    XCTAssertNotNil(FuzzCampaign.misplaced(SourceLocation(path: "b.yaml", line: 1, column: 1), files: files))
    XCTAssertNotNil(FuzzCampaign.misplaced(SourceLocation(path: "a.yaml", line: 0, column: 1), files: files))
    XCTAssertNotNil(FuzzCampaign.misplaced(SourceLocation(path: "a.yaml", line: 4, column: 1), files: files))
    XCTAssertNotNil(FuzzCampaign.misplaced(SourceLocation(path: "a.yaml", line: 1, column: 0), files: files))
    XCTAssertNotNil(FuzzCampaign.misplaced(SourceLocation(path: "a.yaml", line: 1, column: 6), files: files))
  }
}
