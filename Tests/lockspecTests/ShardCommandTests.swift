import Foundation
import XCTest

/// `check --shard K/N` and `report merge`: the shards of a folder, merged, give the report of
/// the unsharded run (timings aside), in JSON, text and Markdown.
final class ShardCommandTests: CommandTestCase {
  override func setUpWithError() throws {
    try super.setUpWithError()
    try write("demo/abba.yaml", PatchCommandLineTests.abba)
    try write("demo/patches/lock-order.yaml", PatchCommandLineTests.lockOrder)
    for (index, name) in ["one", "two", "three", "four"].enumerated() {
      try write(
        "counters/\(name).yaml",
        """
        spec: counters/\(name)
        state:
          n: {type: counter, max: \(index + 2), initial: 0}
          m: {type: mutex}
        threads:
          t:
            count: 2
            steps:
              - {label: take, lock: m}
              - {label: bump, inc: n}
              - {label: give, unlock: m}
        properties:
          - {name: never_two, check: never, condition: "n == 2", expect: violated}

        """)
    }
  }

  /// `text` without the figures that depend on the moment (`"seconds" : 0.001`).
  func timeless(_ text: String) -> String {
    text.replacingOccurrences(of: #""seconds" ?: ?[0-9.e+-]+"#, with: "\"seconds\": 0", options: .regularExpression)
  }

  func shards(_ count: Int, format: String = "json") throws -> (files: [String], merged: Run) {
    var files: [String] = []
    for index in 1...count {
      let run = try lockspec(["check", "specs", "--no-cache", "--format", "json", "--shard", "\(index)/\(count)"])
      XCTAssertTrue(run.status == 0 || run.status == 1, run.err)
      let file = "shard-\(index)-of-\(count).json"
      try put(file, run.out)
      files.append(file)
    }
    // Merged in another order than written: the order of the files does not matter.
    let merged = try lockspec(["report", "merge"] + files.reversed() + ["--format", format])
    return (files, merged)
  }

  func testMergedShardsAreTheUnshardedReport() throws {
    let whole = try lockspec(["check", "specs", "--no-cache", "--format", "json"])
    XCTAssertEqual(whole.status, 0, whole.err)
    XCTAssertTrue(whole.out.contains("counters/four"), whole.out)
    for count in [2, 3] {
      let (_, merged) = try shards(count)
      XCTAssertEqual(merged.status, 0, merged.err)
      XCTAssertEqual(timeless(merged.out), timeless(whole.out), "\(count) shards")
    }
    let text = try lockspec(["check", "specs", "--no-cache"])
    let mergedText = try shards(2, format: "text").merged
    XCTAssertEqual(mergedText.status, 0, mergedText.err)
    XCTAssertTrue(mergedText.out.contains("  +lock-order   holds +"), mergedText.out)
    XCTAssertTrue(text.out.hasSuffix(mergedText.out), mergedText.out)
    let markdown = try shards(3, format: "markdown").merged
    XCTAssertEqual(markdown.status, 0, markdown.err)
    XCTAssertTrue(markdown.out.hasPrefix("### lockspec verdicts"), markdown.out)
  }

  /// A diff found beside the specs: every shard maps it, and the merged JSON carries its
  /// `diffs` (the mapping of each line) as the unsharded run's does.
  func testMergedShardsKeepTheDiffsFoundBesideTheSpecs() throws {
    try write("demo/patches/order.patch", PatchMailCommandTests.lockOrderDiff)
    let whole = try lockspec(["check", "specs", "--no-cache", "--format", "json"])
    XCTAssertEqual(whole.status, 0, whole.err)
    XCTAssertTrue(whole.out.contains("\"diffs\""), whole.out)
    let (files, merged) = try shards(2)
    XCTAssertEqual(merged.status, 0, merged.err)
    XCTAssertEqual(timeless(merged.out), timeless(whole.out))
    // Shards of runs that found different diffs do not make one run.
    var object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(files[1]))) as? [String: Any])
    var diffs = try XCTUnwrap(object["diffs"] as? [[String: Any]])
    diffs[0]["patch"] = "elsewhere.patch"
    object["diffs"] = diffs
    try put("other-2-of-2.json", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
    let mixed = try lockspec(["report", "merge", files[0], "other-2-of-2.json"])
    XCTAssertEqual(mixed.status, 2, mixed.out)
    XCTAssertTrue(mixed.err.contains("\"diffs\" differ"), mixed.err)
  }

  /// The merged Markdown is the unsharded run's, counterexamples included: a wrong verdict's
  /// CPU columns are rebuilt from the steps in the shards' JSON (thread order, changes, cycle).
  func testMergedMarkdownHasTheCounterexamples() throws {
    try write(
      "counters/wrong.yaml",
      """
      spec: counters/wrong
      state:
        n: {type: counter, max: 3, initial: 0}
        m: {type: mutex}
      threads:
        t:
          count: 2
          steps:
            - {label: take, lock: m, code: "mutex_lock(&m);", at: "demo.c:take"}
            - {label: bump, inc: n, code: "n++;"}
            - {label: give, unlock: m}
      properties:
        - {name: never_two, check: never, condition: "n == 2", expect: holds}

      """)
    let whole = try lockspec(["check", "specs", "--no-cache", "--format", "markdown"])
    XCTAssertEqual(whole.status, 1, whole.err)
    XCTAssertTrue(whole.out.contains("<code>never_two</code> VIOLATED in <code>counters/wrong</code>"), whole.out)
    XCTAssertTrue(whole.out.contains("n 1 -> 2"), whole.out)
    for count in [2, 4] {
      let merged = try shards(count, format: "markdown").merged
      XCTAssertEqual(merged.status, 1, merged.err)
      XCTAssertEqual(merged.out, whole.out, "\(count) shards")
    }
  }

  func testEachShardChecksItsOwnModels() throws {
    var seen: [String] = []
    for index in 1...3 {
      let run = try lockspec(["check", "specs", "--no-cache", "--format", "json", "--shard", "\(index)/3"])
      let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.out.utf8)) as? [String: Any])
      XCTAssertTrue(run.err.contains("lockspec: shard \(index)/3: 2 of the run's 6 models"), run.err)
      let shard = try XCTUnwrap(object["shard"] as? [String: Any])
      XCTAssertEqual(shard["index"] as? Int, index)
      XCTAssertEqual(shard["count"] as? Int, 3)
      XCTAssertEqual(shard["models"] as? Int, 6)
      seen += (object["models"] as? [[String: Any]] ?? []).compactMap { $0["variant"] as? String }
    }
    XCTAssertEqual(
      seen.sorted(),
      ["counters/four", "counters/one", "counters/three", "counters/two", "demo/abba", "demo/abba+lock-order"])
    XCTAssertEqual(Set(seen).count, 6)
  }

  func testBadShardsAndReportsExitTwo() throws {
    for bad in ["0/2", "3/2", "1/0", "x", "1/2/3"] {
      let run = try lockspec(["check", "specs", "--shard", bad])
      XCTAssertEqual(run.status, 2, bad)
      XCTAssertTrue(run.err.contains("--shard"), run.err)
    }
    let (files, _) = try shards(2)
    let missing = try lockspec(["report", "merge", files[0]])
    XCTAssertEqual(missing.status, 2)
    XCTAssertTrue(missing.err.contains("missing shard 2/2"), missing.err)
    let twice = try lockspec(["report", "merge", files[0], files[0], files[1]])
    XCTAssertEqual(twice.status, 2)
    XCTAssertTrue(twice.err.contains("given twice"), twice.err)
    let whole = try lockspec(["check", "specs", "--no-cache", "--format", "json"])
    try put("whole.json", whole.out)
    let unsharded = try lockspec(["report", "merge", "whole.json"])
    XCTAssertEqual(unsharded.status, 2)
    XCTAssertTrue(unsharded.err.contains("whole.json: not a shard's report"), unsharded.err)
    try put("junk.json", "{\"format_version\": 2}")
    let junk = try lockspec(["report", "merge", "junk.json"])
    XCTAssertEqual(junk.status, 2)
    XCTAssertTrue(junk.err.contains("junk.json: not a lockspec JSON report"), junk.err)
    let none = try lockspec(["report", "merge", "nothing.json"])
    XCTAssertEqual(none.status, 2)
    XCTAssertTrue(none.err.contains("nothing.json: cannot read"), none.err)
  }
}
