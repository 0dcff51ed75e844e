/// Lowers a validated `SpecDocument` to `ModelIR`, reporting the errors that need names and
/// types (undefined names, wrong variable kinds, expressions that do not type-check).
///
/// Threads are lowered twice: the first pass lays out instructions and records where each label
/// landed; the second resolves `thread@label` against those positions (the symbols does not
/// depend on expressions, so both passes agree).
struct SpecLowering {
  let document: SpecDocument
  var log = DiagnosticLog()

  init(document: SpecDocument) {
    self.document = document
  }

  /// Most instructions in all threads together.
  static let maxInstructions = 1_000_000

  /// The model; meaningful only when `log` holds no errors.
  mutating func lower(defaultName: String) -> ModelIR {
    var validator = SpecValidator(document: document)
    validator.validate()
    log.append(contentsOf: validator.log)

    let symbols = SymbolTable(document: document, log: &log)
    let table = PropertyTable(document: document, log: &log)

    var firstPass: [[String: [Int]]] = []
    var total = 0
    for thread in symbols.threads.indices {
      var lowering = ThreadLowering(
        document: document, symbols: symbols, properties: table, thread: thread, labelPCs: { _, _ in [] })
      lowering.lower()
      firstPass.append(lowering.labelPCs)
      total += lowering.instructions.count
      if lowering.tooLarge {
        log.append(contentsOf: lowering.log)
        return ModelIR(name: "", source: document.path, variables: [], threads: [], properties: [])
      }
      if total > Self.maxInstructions {
        log.error(
          "the model is too large: more than \(Self.maxInstructions) instructions in all threads", at: document.location
        )
        return ModelIR(name: "", source: document.path, variables: [], threads: [], properties: [])
      }
    }
    let labelPCs: (Int, String) -> [Int] = { thread, label in
      firstPass.indices.contains(thread) ? firstPass[thread][label] ?? [] : []
    }
    var threads: [ThreadIR] = []
    for thread in symbols.threads.indices {
      var lowering = ThreadLowering(
        document: document, symbols: symbols, properties: table, thread: thread, labelPCs: labelPCs)
      lowering.lower()
      log.append(contentsOf: lowering.log)
      threads.append(ThreadIR(name: symbols.threads[thread].name, instructions: lowering.instructions))
    }
    var propertyLowering = PropertyLowering(document: document, symbols: symbols, table: table, labelPCs: labelPCs)
    let properties = propertyLowering.lower()
    log.append(contentsOf: propertyLowering.log)

    return ModelIR(
      name: document.name?.value ?? defaultName, source: document.path, variables: symbols.variables,
      threads: threads, properties: properties)
  }
}
