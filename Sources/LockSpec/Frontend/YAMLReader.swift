import Yams

/// Turns a spec file's text into located YAML nodes, or diagnostics explaining why it is not
/// usable YAML: syntax errors, duplicate keys, anchors, too deep or too large documents.
struct YAMLReader {
  /// Deepest nesting of mappings and lists accepted.
  static let maxDepth = 64
  /// Most YAML nodes accepted in one file.
  static let maxNodes = 100_000

  let path: String

  /// The document's root node; nil (with diagnostics) when the text is not a usable spec document.
  func read(_ text: String, log: inout DiagnosticLog) -> YAMLNode? {
    let lines = YAMLPrescan.lines(of: text)
    if let bad = firstReplacementCharacter(lines) {
      log.error("the file is not valid UTF-8 text", at: bad)
      return nil
    }
    if let problem = YAMLPrescan(path: path, maxDepth: Self.maxDepth).scan(text) {
      log.add(problem)
      return nil
    }
    let root: Node?
    do {
      root = try Yams.compose(yaml: text, .default, .default, .utf8)
    } catch let error as YamlError {
      for diagnostic in diagnostics(for: error, text: text, lines: lines) { log.add(diagnostic) }
      return nil
    } catch {
      log.error("invalid YAML: \(error)", at: SourceLocation(path: path, line: 1, column: 1))
      return nil
    }
    guard let root else {
      log.error("empty spec: expected a mapping with 'threads'", at: SourceLocation(path: path, line: 1, column: 1))
      return nil
    }
    var converter = Converter(path: path, lines: lines)
    let node = converter.convert(root, depth: 1)
    if let problem = converter.problem {
      log.add(problem)
      return nil
    }
    return node
  }

  private func firstReplacementCharacter(_ lines: [[Unicode.Scalar]]) -> SourceLocation? {
    for (lineIndex, line) in lines.enumerated() {
      if let column = line.firstIndex(of: "\u{FFFD}") {
        return SourceLocation(path: path, line: lineIndex + 1, column: column + 1)
      }
    }
    return nil
  }

  // MARK: - Yams errors

  private func diagnostics(for error: YamlError, text: String, lines: [[Unicode.Scalar]]) -> [Diagnostic] {
    let start = SourceLocation(path: path, line: 1, column: 1)
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let at = location(mark)
      if problem.contains("Maximum nesting level") {
        return [.error("nesting deeper than \(Self.maxDepth) levels", at: at)]
      }
      if problem == "but found another document" {
        return [.error("a spec file holds one YAML document; found a second one", at: at)]
      }
      var message = "invalid YAML: \(problem)"
      if let context {
        message += " (\(context.text) that starts at \(context.mark.line):\(context.mark.column))"
      }
      return [.error(message, at: at)]
    case .reader(let problem, let offset, _, let yaml):
      return [.error("invalid YAML: \(problem)", at: offset.map { location(characterOffset: $0, in: yaml) } ?? start)]
    case .duplicatedKeysInMapping(let duplicates, let context):
      return duplicates.map { key in
        let first = location(context.mark)
        if let second = secondOccurrence(of: key, after: context.mark, lines: lines) {
          return .error("duplicate key '\(key)' (first at line \(first.line))", at: second)
        }
        return .error("duplicate key '\(key)'", at: first)
      }
    default:
      return [.error("invalid YAML: \(error)", at: start)]
    }
  }

  private func location(_ mark: Mark) -> SourceLocation {
    SourceLocation(path: path, line: max(1, mark.line), column: max(1, mark.column))
  }

  private func location(characterOffset: Int, in text: String) -> SourceLocation {
    guard characterOffset >= 0,
      let end = text.index(text.startIndex, offsetBy: characterOffset, limitedBy: text.endIndex)
    else { return SourceLocation(path: path, line: 1, column: 1) }
    var line = 1
    var column = 1
    var previousWasCR = false
    for scalar in text[..<end].unicodeScalars {
      if scalar == "\n" && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = scalar == "\r"
      if scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return SourceLocation(path: path, line: line, column: column)
  }

  /// Yams names only the first occurrence of a duplicate key; find the next one in the same block
  /// mapping (same indentation, before the mapping ends) or later on the same line (flow style).
  private func secondOccurrence(of key: String, after mark: Mark, lines: [[Unicode.Scalar]]) -> SourceLocation? {
    let column = mark.column - 1
    let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array(($0 + ":").unicodeScalars) }
    func matches(_ line: [Unicode.Scalar], at index: Int) -> Bool {
      spellings.contains { spelling in
        index + spelling.count <= line.count && Array(line[index..<index + spelling.count]) == spelling
      }
    }
    guard mark.line >= 1, mark.line <= lines.count else { return nil }
    let firstLine = lines[mark.line - 1]
    if column + 1 < firstLine.count {
      for index in (column + 1)..<firstLine.count where matches(firstLine, at: index) {
        let before = index == 0 ? " " : firstLine[index - 1]
        if before == " " || before == "{" || before == "," {
          return SourceLocation(path: path, line: mark.line, column: index + 1)
        }
      }
    }
    var lineIndex = mark.line
    while lineIndex < lines.count {
      let line = lines[lineIndex]
      lineIndex += 1
      let indent = line.prefix { $0 == " " }.count
      if indent == line.count || line[indent] == "#" { continue }
      if indent < column { return nil }
      if indent == column && matches(line, at: indent) {
        return SourceLocation(path: path, line: lineIndex, column: indent + 1)
      }
      if indent == column && column >= 2 && line[column - 2] == "-" { return nil }
    }
    return nil
  }

  // MARK: - Node conversion

  /// Copies Yams nodes into `YAMLNode`s, enforcing the depth and size limits.
  private struct Converter {
    let path: String
    let lines: [[Unicode.Scalar]]
    var count = 0
    var problem: Diagnostic?

    mutating func convert(_ node: Node, depth: Int) -> YAMLNode {
      let location = location(node.mark)
      let placeholder = YAMLNode(content: .scalar("", plain: true), location: location)
      guard problem == nil else { return placeholder }
      count += 1
      if count > YAMLReader.maxNodes {
        problem = .error("the file is too large: more than \(YAMLReader.maxNodes) YAML nodes", at: location)
        return placeholder
      }
      if depth > YAMLReader.maxDepth {
        problem = .error("nesting deeper than \(YAMLReader.maxDepth) levels", at: location)
        return placeholder
      }
      switch node {
      case .scalar(let scalar):
        let plain = scalar.style == .plain || scalar.style == .any
        return YAMLNode(
          content: .scalar(scalar.string, plain: plain), location: location,
          textColumn: textColumn(scalar, at: location))
      case .sequence(let sequence):
        var items: [YAMLNode] = []
        for item in sequence {
          items.append(convert(item, depth: depth + 1))
          if problem != nil { break }
        }
        return YAMLNode(content: .sequence(items), location: location)
      case .mapping(let mapping):
        var pairs: [YAMLNode.Pair] = []
        for (key, value) in mapping {
          let keyNode = convert(key, depth: depth + 1)
          let valueNode = convert(value, depth: depth + 1)
          if problem != nil { break }
          pairs.append(YAMLNode.Pair(key: keyNode, value: valueNode))
        }
        return YAMLNode(content: .mapping(pairs), location: location)
      case .alias:
        problem = .error(YAMLPrescan.anchorMessage, at: location)
        return placeholder
      }
    }

    private func location(_ mark: Mark?) -> SourceLocation {
      SourceLocation(path: path, line: max(1, mark?.line ?? 1), column: max(1, mark?.column ?? 1))
    }

    /// The column of the scalar's first character when its text appears verbatim on its line.
    private func textColumn(_ scalar: Node.Scalar, at location: SourceLocation) -> Int? {
      guard location.line <= lines.count else { return nil }
      let line = lines[location.line - 1]
      let text = Array(scalar.string.unicodeScalars)
      var start = location.column - 1
      var closing: Unicode.Scalar?
      switch scalar.style {
      case .plain, .any: break
      case .singleQuoted:
        start += 1
        closing = "'"
      case .doubleQuoted:
        start += 1
        closing = "\""
      case .literal, .folded: return nil
      }
      let end = start + text.count
      guard start >= 0, end <= line.count, Array(line[start..<end]) == text else { return nil }
      if let closing, end >= line.count || line[end] != closing { return nil }
      return start + 1
    }
  }
}
