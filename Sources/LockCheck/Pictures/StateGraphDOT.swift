/// Writes a `StateGraph` in Graphviz DOT: each state labelled with its visible slot values and
/// where each thread rests, each edge with its thread and step; initial states drawn thick with
/// an arrow from nowhere, final states double, deadlocks as red octagons, states that violate a
/// property filled red, faulting transitions red. Every name and text from the spec is escaped.
public struct StateGraphDOT: Sendable {
  public init() {}

  /// The DOT text of `graph` of the model `metadata` describes, ending in a newline.
  public func dot(_ graph: StateGraph, metadata: ModelMetadata) -> String {
    var lines = ["digraph \(Self.quoted(metadata.name)) {"]
    lines.append("  // \(graph.nodes.count) states, \(graph.edges.count) transitions, every transition followed")
    if graph.edgesBeyondBound > 0 {
      lines.append("  // \(graph.edgesBeyondBound) transitions past max_read_holds not followed")
    }
    lines.append("  node [shape=box, fontname=\"monospace\", fontsize=10];")
    lines.append("  edge [fontname=\"monospace\", fontsize=9];")
    for (n, node) in graph.nodes.enumerated() {
      var attributes = ["label=\(label(node, number: n, metadata: metadata))"]
      if node.initial { attributes.append("penwidth=2") }
      if node.final { attributes.append("peripheries=2") }
      if node.isDeadlock { attributes += ["shape=octagon", "color=red"] }
      if node.violated != 0 { attributes += ["style=filled", "fillcolor=\"#f9d6d5\""] }
      lines.append("  s\(n) [\(attributes.joined(separator: ", "))];")
    }
    for (n, node) in graph.nodes.enumerated() where node.initial {
      lines.append("  start\(n) [shape=point, label=\"\"];")
      lines.append("  start\(n) -> s\(n);")
    }
    for edge in graph.edges {
      let thread =
        metadata.threads.indices.contains(edge.thread) ? metadata.threads[edge.thread].name : "thread \(edge.thread)"
      let step = metadata.steps.indices.contains(edge.step) ? metadata.steps[edge.step].title : "step \(edge.step)"
      var text = ["\(thread): \(CounterexampleRenderer.statement(step))"]
      var attributes: [String] = []
      if edge.faults != 0 {
        text.append("violates " + Self.names(edge.faults, metadata: metadata))
        attributes += ["color=red", "fontcolor=red"]
      }
      attributes.insert("label=" + Self.quoted(lines: text), at: 0)
      lines.append("  s\(edge.from) -> s\(edge.to) [\(attributes.joined(separator: ", "))];")
    }
    lines.append("}")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A state's label: its number, visible slot values, where threads rest, what it violates.
  func label(_ node: StateGraph.Node, number: Int, metadata: ModelMetadata) -> String {
    var text = ["s\(number)" + (node.initial ? " (initial)" : "")]
    for (slot, info) in metadata.slots.enumerated() where !info.hidden && slot < node.values.count {
      text.append("\(info.name) = \(info.format.render(node.values[slot]))")
    }
    for (thread, step) in node.resting.enumerated() where metadata.threads.indices.contains(thread) {
      let name = metadata.threads[thread].name
      guard let step else {
        text.append("\(name): done")
        continue
      }
      let at = metadata.steps.indices.contains(step) ? metadata.steps[step] : nil
      text.append(
        "\(name) at \(at.map { $0.label.isEmpty ? CounterexampleRenderer.statement($0.title) : $0.label } ?? "step \(step)")"
      )
    }
    if node.isDeadlock { text.append("DEADLOCK") }
    if node.violated != 0 { text.append("violates " + Self.names(node.violated, metadata: metadata)) }
    let reachable = node.reached & Self.mask(metadata) { $0.kind == .reachable }
    if reachable != 0 { text.append("reaches " + Self.names(reachable, metadata: metadata)) }
    return Self.quoted(lines: text)
  }

  /// The names of the properties in `bits`, comma-separated.
  static func names(_ bits: UInt64, metadata: ModelMetadata) -> String {
    metadata.properties.indices.filter { $0 < 64 && bits & (1 << UInt64($0)) != 0 }
      .map { metadata.properties[$0].name }.joined(separator: ", ")
  }

  /// The bit set of the properties that satisfy `include`.
  static func mask(_ metadata: ModelMetadata, _ include: (PropertyInfo) -> Bool) -> UInt64 {
    metadata.properties.indices.filter { $0 < 64 && include(metadata.properties[$0]) }
      .reduce(0) { $0 | (1 << UInt64($1)) }
  }

  /// `text` as a DOT quoted string: controls shown as `\u{HEX}`, then `\` and `"` escaped.
  static func quoted(_ text: String) -> String { quoted(lines: [text]) }

  /// `lines` as one DOT quoted string, joined by DOT's `\n` line breaks.
  static func quoted(lines: [String]) -> String {
    let escaped = lines.map { line in
      var out = ""
      for character in DisplayText.escaped(line) {
        if character == "\\" || character == "\"" { out.append("\\") }
        out.append(character)
      }
      return out
    }
    return "\"" + escaped.joined(separator: "\\n") + "\""
  }
}
