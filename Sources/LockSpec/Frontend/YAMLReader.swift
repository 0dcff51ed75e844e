import Yams

/// Turns a spec file's text into located YAML nodes, or diagnostics explaining why it is not
/// usable YAML: syntax errors, duplicate keys, anchors, tags, too deep or too large documents.
///
/// Limits are checked before Yams builds a tree: the size first, then a lexical pass
/// (`YAMLPrescan`) that rejects anchors, deep flow nesting and files that certainly have too many
/// nodes; the conversion of Yams' tree then counts nodes and depth exactly.
struct YAMLReader {
  /// Deepest nesting of mappings and lists accepted.
  static let maxDepth = 64
  /// Most YAML nodes accepted in one file.
  static let maxNodes = 100_000
  /// Largest file accepted, in bytes of UTF-8: 8 MiB, some two hundred times the largest spec
  /// (`specs/mm-exit` files are under 45 KB); checked before anything is parsed.
  static let maxBytes = 8 * 1024 * 1024

  let path: String

  /// "the file is too large: N bytes, more than the limit of 8 MiB (8,388,608 bytes)"; `bytes`
  /// nil when only "more than the limit" is known.
  static func tooLargeMessage(bytes: Int?) -> String {
    let size = bytes.map { "\(grouped($0)) bytes" } ?? "more bytes than the limit"
    return "the file is too large: \(size), more than the limit of 8 MiB (\(grouped(maxBytes)) bytes)"
  }

  /// "the file is too large: more than 100000 YAML nodes".
  static func tooManyNodesMessage(_ limit: Int) -> String {
    "the file is too large: more than \(limit) YAML nodes"
  }

  /// 8388608 as `8,388,608`.
  static func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  /// The document's root node; nil (with diagnostics) when the text is not a usable spec document.
  func read(_ text: String, log: inout DiagnosticLog) -> YAMLNode? {
    let start = SourceLocation(path: path, line: 1, column: 1)
    let size = text.utf8.count
    if size > Self.maxBytes {
      log.error(Self.tooLargeMessage(bytes: size), at: start)
      return nil
    }
    let lines = SourceLines(text)
    if let problem = YAMLPrescan(path: path, maxDepth: Self.maxDepth, maxNodes: Self.maxNodes).scan(lines) {
      log.add(problem)
      return nil
    }
    let root: Node?
    do {
      // The basic resolver: only scalars' text and style are used, and the default one runs
      // regular expressions on every plain scalar (two thirds of the time composing took).
      root = try Yams.compose(yaml: text, .basic, .default, .utf8)
    } catch let error as YamlError {
      for diagnostic in diagnostics(for: error, text: text, lines: lines) { log.add(diagnostic) }
      return nil
    } catch {
      log.error("invalid YAML: \(error)", at: start)
      return nil
    }
    guard let root else {
      log.error("empty spec: expected a mapping with 'threads'", at: start)
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

  // MARK: - Yams errors

  private func diagnostics(for error: YamlError, text: String, lines: SourceLines) -> [Diagnostic] {
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
  private func secondOccurrence(of key: String, after mark: Mark, lines: SourceLines) -> SourceLocation? {
    let column = mark.column - 1
    let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array(($0 + ":").unicodeScalars) }
    func matches(_ line: SourceLine, at index: Int) -> Bool {
      spellings.contains { spelling in
        index + spelling.count <= line.count && line[index..<index + spelling.count].elementsEqual(spelling)
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

  /// Copies Yams nodes into `YAMLNode`s, enforcing the depth and size limits and rejecting
  /// explicit tags.
  private struct Converter {
    let path: String
    let lines: SourceLines
    var count = 0
    var problem: Diagnostic?

    mutating func convert(_ node: Node, depth: Int) -> YAMLNode {
      let location = location(node.mark)
      let placeholder = YAMLNode(content: .scalar("", plain: true), location: location)
      guard problem == nil else { return placeholder }
      count += 1
      if count > YAMLReader.maxNodes {
        problem = .error(YAMLReader.tooManyNodesMessage(YAMLReader.maxNodes), at: location)
        return placeholder
      }
      if depth > YAMLReader.maxDepth {
        problem = .error("nesting deeper than \(YAMLReader.maxDepth) levels", at: location)
        return placeholder
      }
      if let tag = explicitTag(at: location) {
        var message = "YAML tags are not supported (found '\(tag)'); write the plain value"
        if case .scalar(let scalar) = node, scalar.string.isEmpty, scalar.style == .plain || scalar.style == .any {
          message += ", and quote a value that starts with '!'"
        }
        problem = .error(message, at: location)
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

    /// The tag written at `location`, if the node starts with one. libyaml starts a tagged
    /// node's mark at its tag (anchors, which would come first, are rejected before), and no
    /// untagged node starts with `!`: a plain scalar cannot, a quoted one starts with its quote,
    /// a collection with `[`, `{`, `-` or its first key. (Yams' `tag` cannot tell: it resolves
    /// untagged nodes to the same tags, `!!str` for `"x"` and `x` alike.)
    private func explicitTag(at location: SourceLocation) -> String? {
      guard location.line <= lines.count else { return nil }
      let line = lines[location.line - 1]
      let start = location.column - 1
      guard start >= 0, start < line.count, line[start] == "!" else { return nil }
      var end = start + 1
      if end < line.count && line[end] == "<" {
        while end < line.count && line[end] != ">" { end += 1 }
        end = min(end + 1, line.count)
      } else {
        while end < line.count, !" \t,[]{}".unicodeScalars.contains(line[end]) { end += 1 }
      }
      return String(String.UnicodeScalarView(line[start..<end]))
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
      guard start >= 0, end <= line.count, line[start..<end].elementsEqual(text) else { return nil }
      if let closing, end >= line.count || line[end] != closing { return nil }
      return start + 1
    }
  }
}
