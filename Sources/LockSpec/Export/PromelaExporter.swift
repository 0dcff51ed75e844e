/// Writes a model as a Promela model of the same transition system for SPIN: every slot of the
/// `ExecutionPlan` a global, every thread a proctype, every lockspec transition one `d_step`
/// (state counts match: SPIN stores one more, its initial state before `init` runs).
/// See docs/promela.md.
public enum PromelaExporter {
  /// The Promela text of the model and how SPIN reports each of its properties.
  public struct Export: Sendable, Equatable {
    public var text: String
    /// Per property, in the model's order.
    public var properties: [PromelaPropertyEncoding]
  }

  /// Exports `plan`'s model; `path` is the spec file, for errors (located at the spec line of
  /// the step that cannot be exported). Deterministic: the same model gives the same text.
  public static func export(_ plan: ExecutionPlan, path: String) throws(PromelaExportError) -> Export {
    let model = plan.model
    func failure(_ message: String, line: Int) -> PromelaExportError {
      PromelaExportError(diagnostics: [
        .error(message, at: SourceLocation(path: path, line: max(line, 1), column: 1))
      ])
    }
    if let t = plan.silentCycles.firstIndex(of: true) {
      let line = model.threads[t].instructions.first { $0.silent && $0.origin.line > 0 }?.origin.line ?? 1
      throw failure(
        "cannot export to Promela: thread \(model.threads[t].name) has a loop of silent steps (give its body a label or code)",
        line: line)
    }
    let names = PromelaNames(model: model, rwsemVariables: plan.slots.rwsemVariables)
    let expressions = PromelaExpression(
      model: model, names: names, rwsemOrdinal: plan.rwsemOrdinal, endPCs: plan.endPCs)
    let properties = PromelaPropertyCode(model: model, names: names, expressions: expressions)
    let checksState = !properties.stateChecks.isEmpty
    let threads = model.threads.indices.map {
      PromelaThreadCode(plan: plan, names: names, expressions: expressions, thread: $0, checksState: checksState)
    }
    let queued = Set(
      model.threads.indices.filter { t in model.threads[t].instructions.contains { $0.queuedWriteLock != nil } })

    var lines = header(model, properties: properties)
    do {
      lines += try PromelaDeclarations(plan: plan, names: names).lines(threadsWithQueuedWrites: queued)
    } catch {
      throw failure(
        "cannot export to Promela: \(error.variable) ranges over \(error.range.lowerBound)...\(error.range.upperBound), "
          + "wider than Promela's 32-bit int", line: 1)
    }
    lines += ["inline \(names.violate)(property) {", "  assert(property);", "}", ""]
    lines += properties.checkStateInline()
    for thread in threads {
      lines += thread.settleInline()
      lines += thread.endCheckInline()
    }
    for thread in threads {
      do {
        lines += try thread.proctypes()
      } catch {
        let line =
          thread.instructions.first { instruction in
            if case .actions(let actions, _) = instruction.kind {
              return (try? thread.actionCode(reporting: true).guardTerms(actions)) == nil
            }
            return false
          }?.origin.line ?? 1
        throw failure(error.message, line: line)
      }
    }
    lines += initProcess(model, threads: threads, names: names, checksState: checksState)
    lines += properties.claims()
    return Export(text: lines.joined(separator: "\n"), properties: properties.encodings)
  }

  private typealias S = PromelaStatements

  /// What the file is and how to run it.
  static func header(_ model: ModelIR, properties: PromelaPropertyCode) -> [String] {
    [
      "/* \(S.commentText(model.name)): Promela export of \(S.commentText(model.source)) (lockspec export --promela)",
      " * One lockspec transition is one d_step (in an atomic with a jump to the end label when it may",
      " * end its thread); SPIN stores one more state than lockspec, its own initial state.",
      " *   safety:   spin -o2 -a FILE && gcc -O2 -DSAFETY -DNOREDUCE -DNOCLAIM -o pan pan.c && ./pan -c0 -n",
      " *   liveness: spin -o2 -a FILE && gcc -O2 -DNOREDUCE -o pan pan.c && ./pan -a [-f] -A -E -N CLAIM",
      " * Properties:",
    ] + properties.summary() + [" */", ""]
  }

  /// `init`: the initial values (each nondeterministic one chosen by an `if`), every thread's
  /// silent run, the state checks, then every thread's process, all in one atomic sequence.
  static func initProcess(
    _ model: ModelIR, threads: [PromelaThreadCode], names: PromelaNames, checksState: Bool
  ) -> [String] {
    var body: [String] = []
    for (v, variable) in model.variables.enumerated() where variable.initial.count > 1 && !variable.type.isLock {
      body += ["if"] + variable.initial.map { ":: \(names.variables[v]) = \($0 < 0 ? "(\($0))" : "\($0)");" } + ["fi;"]
    }
    for thread in threads { body += thread.initialSettle() }
    if checksState { body.append("\(names.checkState)();") }
    for thread in threads { body += thread.runStatement() }
    return ["init {", "  atomic {"] + S.indent(body, 2) + ["  }", "}", ""]
  }
}
