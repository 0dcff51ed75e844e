import ArgumentParser
import Foundation
import LockCheck
import LockSpec

/// `lockspec check`: explores every spec and every patched variant under the given paths and
/// reports each property's verdict, ending with the verdict matrix.
struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Explore every interleaving of each spec and patched variant and report each property's verdict.",
    discussion: """
      Patches (YAML files with a top-level `patch:` key, see docs/patches.md) found under the \
      paths are applied to their bases and checked as variants; `check BASE --patch FILE` checks \
      one proposal against one base, and `check BASE... --patch FILE.patch` maps a unified diff, \
      mail or mbox onto each base first (docs/patch-check.md). A *.patch, *.diff, *.mbox or *.eml \
      file found under the paths is checked the same way against the specs of its family: the \
      *.yaml specs of the folder above its patches/ folder (specs/mm-exit/patches/fix.patch: \
      specs/mm-exit/*.yaml), or of its own folder elsewhere. A diff expects nothing: its verdict \
      changes are reported and never make the exit status 1; one that maps onto none of its \
      specs is an error. Exit status: 0 when every property with an `expect` got \
      that verdict, 1 when any did not (or is unknown because a bound was hit), 2 on bad input \
      or usage, 130 when interrupted (SIGINT or SIGTERM: the partial verdicts, the matrix and \
      the JUnit file are still written; a second signal kills at once).
      """
  )

  @Argument(
    help: "Spec, patch and diff files or folders (searched recursively for *.yaml, *.patch, *.diff, *.mbox, *.eml).")
  var paths: [String] = ["specs"]

  @Option(
    help: ArgumentHelp(
      "Output format: text, json, markdown (the verdict matrix for a pull-request comment), junit or sarif.",
      discussion:
        "junit: JUnit XML for CI test reports; sarif: SARIF 2.1.0 for code scanning, at the spec lines of the properties and of load errors (docs/ci.md)."
    ))
  var format: OutputFormat = .text

  @Option(
    help: ArgumentHelp(
      "Check this patch against the base spec(s) given as arguments, and print the verdict changes.",
      discussion: "A YAML overlay (one base), or a unified diff, mail or mbox (see docs/patch-check.md)."))
  var patch: String?

  @Option(help: "With --patch DIFF: also write the overlay the diff became to this new file (never overwritten).")
  var emitOverlay: String?

  @Option(name: .customLong("property"), help: "Check only this property (repeatable).")
  var properties: [String] = []

  @Option(
    name: .customLong("param"),
    help: ArgumentHelp("Set a spec parameter, e.g. --param nscan=6 (repeatable).", valueName: "name=value"))
  var parameters: [ParameterSetting] = []

  @Option(help: "Stop after storing this many states (undecided verdicts become unknown).")
  var maxStates: Int?

  @Option(help: "Do not explore deeper than this many steps.")
  var maxDepth: Int?

  @Option(help: "Stop every search after this many seconds of the whole run (undecided verdicts become unknown).")
  var maxSeconds: Double?

  @Option(
    help: ArgumentHelp(
      "Memory for the state stores of all searches running at once, e.g. 512M or 2G.",
      discussion: "Default: 60% of the least of physical memory, the cgroup limit and RLIMIT_AS, less what is in use."))
  var maxMemory: ByteCount?

  @Flag(
    inversion: .prefixedNo,
    help: "Show a progress line on stderr about once a second (default: when stderr is a terminal).")
  var progress: Bool?

  @Flag(
    inversion: .prefixedNo,
    help: "Reuse results of unchanged models from the verdict cache, and keep new ones there.")
  var cache = true

  @Flag(
    inversion: .prefixedNo,
    help: ArgumentHelp(
      "Use the state-space reductions (same verdicts and counterexamples, fewer states).",
      discussion:
        "--no-reduction explores the full graph: its counts are those of TLC, SPIN without reduction, and Murphi."))
  var reduction = true

  @Option(help: "The verdict cache's folder.")
  var cacheDir: String = ".build/lockspec-cache"

  @Flag(help: "Print states, transitions, states per second and peak memory per model.")
  var stats = false

  @Option(help: "Also write a JUnit XML report to this file (for CI), even when a spec does not load.")
  var junit: String?

  @Option(
    help: ArgumentHelp(
      "Also write each counterexample and witness as an SVG sequence chart into this new or empty folder.",
      valueName: "folder"))
  var traceSvg: String?

  @Option(
    help: ArgumentHelp(
      "Check only shard K of N: the models whose index in the run's order is K-1 modulo N.",
      discussion: "Join the shards' --format json reports with `lockspec report merge` (docs/ci.md).",
      valueName: "K/N"))
  var shard: ShardSelection?

  @Option(
    help: """
      Use this many processors (default: all): models are explored side by side, and a model \
      explored alone spreads over the processors the others left.
      """)
  var jobs: Int?

  func validate() throws {
    if let maxStates, maxStates < 1 { throw ValidationError("--max-states must be at least 1") }
    if let maxDepth, maxDepth < 0 { throw ValidationError("--max-depth must not be negative") }
    if let maxSeconds, !(maxSeconds > 0 && maxSeconds.isFinite) {
      throw ValidationError("--max-seconds must be a positive number of seconds")
    }
    if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    if shard != nil && patch != nil {
      throw ValidationError("--shard splits a run over several paths; not with --patch")
    }
    if let patch, DiffPatchTranslator.isOverlay(patch), paths.count != 1 {
      throw ValidationError("--patch needs exactly one base spec file: lockspec check BASE --patch FILE")
    }
    if emitOverlay != nil && (patch.map(DiffPatchTranslator.isOverlay) ?? true) {
      throw ValidationError("--emit-overlay needs --patch with a diff or mail: lockspec check BASE --patch FILE")
    }
  }

  func run() throws {
    InterruptHandling.install()
    let traceCharts = try traceSvg.map(TraceChartFolder.prepare)
    let deadline = maxSeconds.map { Deadline(seconds: $0) }
    let models: [Variant]
    var diffPatch: DiffPatchCheck?
    var diffsFound: DiffsBesideSpecs?
    // Diffs and mails under the paths, each checked against its family's specs (not with --patch).
    let found = patch == nil ? DiffFiles.discover(paths) : []
    if let patch, !DiffPatchTranslator.isOverlay(patch) {
      let loaded = try DiffPatchCheck.load(
        bases: paths, patch: patch, emitOverlay: emitOverlay, parameters: parameters, onFailure: writeLoadProblems)
      try ParameterSetting.checkUsed(parameters, by: loaded.variants)
      if format == .text { Terminal.out(loaded.text) }
      models = loaded.variants
      diffPatch = loaded
    } else if let patch {
      var isDirectory: ObjCBool = false
      if FileManager.default.fileExists(atPath: paths[0], isDirectory: &isDirectory), isDirectory.boolValue {
        Terminal.error("error: --patch needs a base spec file, not a folder: lockspec check BASE --patch FILE")
        throw ExitCode(2)
      }
      models = try ModelLoading.load(
        base: paths[0], patch: patch, parameters: parameters, onFailure: writeLoadProblems)
    } else if !found.isEmpty {
      Terminal.error(
        "lockspec: \(found.count) diff\(found.count == 1 ? "" : "s") or mail\(found.count == 1 ? "" : "s") found "
          + "beside the specs, each checked against the specs of its family; a diff expects nothing: "
          + "its verdict changes are reported, never a mismatch")
      // A diff named directly is not YAML; a path that is not found stays, to be reported.
      let specs = try ModelLoading.loadYAML(
        paths.filter { path in !found.contains { $0.path == path } }, parameters: parameters,
        onFailure: writeLoadProblems)
      let diffs = try DiffsBesideSpecs.load(
        found, besides: specs, parameters: parameters, onFailure: writeLoadProblems)
      models = specs + diffs.variants
      try ParameterSetting.checkUsed(parameters, by: models)
      if format == .text { Terminal.out(diffs.text) }
      diffsFound = diffs
    } else {
      models = try ModelLoading.loadAll(paths, parameters: parameters, onFailure: writeLoadProblems)
    }
    let selection = try selectedProperties(models)
    var entries: [CheckReport.Model] = []
    let text = TextReport()
    let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
    // One budget for the state stores of all searches running at once.
    let budget = maxMemory?.bytes ?? MemoryLimit.current().defaultBudget
    let pool = MemoryPool(limit: budget)
    // The processors no search holds: a search borrows them for its batches (the results do not
    // depend on how many it gets).
    let cores = CorePool()
    var work: [ParallelExploration.Job] = []
    let verdictCache = cache ? VerdictCache(folder: cacheDir) : nil
    var position = 0
    for loaded in models {
      var names: [String]?
      if let selection {
        names = selection.filter { name in loaded.model.properties.contains { $0.name == name } }
        if names?.isEmpty == true { continue }
      }
      position += 1
      if let shard, !shard.selects(position - 1) { continue }
      let options = ExplorationOptions(
        maxStates: maxStates, maxDepth: maxDepth, memoryBudget: budget, memoryPool: pool, deadline: deadline,
        progress: ExplorationProgress(), properties: names, reductions: reduction ? .all : [], workers: workers,
        cores: cores)
      let key = verdictCache?.key(model: loaded.model, options: options)
      let cached = key.flatMap { verdictCache?.load($0, model: loaded.model.name) }
      work.append(ParallelExploration.Job(variant: loaded, options: options, key: key, cached: cached))
    }
    if let shard {
      Terminal.error("lockspec: shard \(shard.index)/\(shard.count): \(work.count) of the run's \(position) models")
    }
    let fromCache = work.filter { $0.cached != nil }.count
    let display = ProgressDisplay(
      progresses: work.compactMap(\.options.progress), pool: pool, inPlace: ProgressDisplay.stderrIsTerminal)
    let showProgress = progress ?? ProgressDisplay.stderrIsTerminal
    if showProgress { display.begin() }
    defer { if showProgress { display.stop() } }
    // Start the biggest searches first (sizes of earlier runs; unknown ones count as big, those
    // checking liveness biggest: a full or cone-restricted graph, a second search for the other
    // properties, and a serial liveness pass), so the two cores are not left with one long
    // search at the end.
    let unreduced = work.map { job in
      job.variant.model.properties.contains { property in
        property.kind.isLiveness && (job.options.properties?.contains(property.name) ?? true)
      }
    }
    let order = ParallelExploration.biggestFirst(
      work.map(\.variant.name), sizes: verdictCache?.sizes() ?? [:], unreduced: unreduced)
    var failed = false
    ParallelExploration(workers: workers, cores: cores).run(work, order: order) { index, result in
      let job = work[index]
      let loaded = job.variant
      let outcome: ExplorationResult
      switch result {
      case .failure(let error):
        display.withOutput { Terminal.error("error: \(loaded.file): \(error)") }
        failed = true
        return
      case .success(let value):
        outcome = value
      }
      if job.cached == nil, let key = job.key { verdictCache?.store(outcome, key: key) }
      let entry = CheckReport.Model(
        spec: loaded.specPath, variant: loaded.model.name, patch: loaded.patchPath, file: loaded.file,
        parent: loaded.parent,
        outcome: outcome, declarations: loaded.declarations, origin: loaded.location.position)
      entries.append(entry)
      if format == .text {
        display.withOutput { Terminal.out(text.model(entry, showStats: stats)) }
      }
    }
    if showProgress { display.stop() }
    verdictCache?.storeSizes(entries.map(\.outcome))
    if failed { throw ExitCode(2) }
    if fromCache > 0 {
      Terminal.error(
        "lockspec: \(fromCache) of \(work.count) models unchanged since an earlier run, results from \(cacheDir) "
          + "(--no-cache explores them again)")
    }
    var report = CheckReport(models: entries)
    report.shard = shard.map { Shard(index: $0.index, count: $0.count, models: position) }
    let matrix = report.matrix
    switch format {
    case .text:
      Terminal.out(text.summary(report))
      if patch != nil || diffsFound != nil { Terminal.out("\n" + matrix.changesText()) }
      Terminal.out("\n" + matrix.text())
    case .json:
      Terminal.out(try diffPatch?.json(report: report) ?? diffsFound?.json(report: report) ?? JSONReport.encode(report))
    case .markdown:
      Terminal.out(MarkdownReport().render(report) + (diffPatch?.markdown ?? "") + (diffsFound?.markdown ?? ""))
    case .junit:
      Terminal.out(JUnitWriter().xml(report))
    case .sarif:
      Terminal.out(try JSONReport.encode(SARIFReport().log(report, successful: !Interruption.isRequested)))
    }
    if let junit, !writeJUnitFile(JUnitWriter().xml(report), to: junit) { throw ExitCode(2) }
    if let traceCharts, !traceCharts.write(report, variants: models) { throw ExitCode(2) }
    if Interruption.isRequested {
      Terminal.error("lockspec: interrupted; the verdicts above are partial (stop reason 'interrupted')")
      throw ExitCode(InterruptHandling.exitStatus)
    }
    if !report.succeeded { throw ExitCode(1) }
  }

  /// The `--property` names, or nil for all; exits 2 when a name is in no loaded model (a name
  /// some variants lack, such as a property a patch adds, is checked where it exists).
  private func selectedProperties(_ models: [Variant]) throws -> [String]? {
    guard !properties.isEmpty else { return nil }
    for name in properties where !models.contains(where: { $0.model.properties.contains { $0.name == name } }) {
      var available: [String] = []
      for model in models {
        for property in model.model.properties where !available.contains(property.name) {
          available.append(property.name)
        }
      }
      Terminal.error("error: no property '\(name)' in any variant; available: \(available.joined(separator: ", "))")
      throw ExitCode(2)
    }
    return properties
  }
}

/// Output formats of `lockspec check`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text
  case json
  case markdown
  /// JUnit XML (the `--junit FILE` document), for CI test reports.
  case junit
  /// SARIF 2.1.0, for code scanning.
  case sarif
}
