/// A light lexical pass over the YAML text before Yams composes it. It rejects anchors and
/// aliases (`&a`, `*a`: a "billion laughs" file expands exponentially once walked or hashed),
/// flow collections nested deeper than the limit, and files with more YAML nodes than the limit,
/// so hostile input fails fast with one clear error, before any tree is built.
///
/// The pass follows libyaml's tokenisation closely enough for real files: comments, quoted and
/// block scalars are skipped, plain scalars (`code: x = *p;`) are read to their end, and a `&`
/// or `*` counts only where a new token may start.
///
/// Nodes are counted from below, so the count never exceeds the number of nodes Yams would
/// build: `scalars` counts scalar tokens and flow collections (each one node), `entries` counts
/// the indicators `- `, `? ` and `: ` (each introduces one node of its own: the entry, the key or
/// the value, possibly empty). When either passes `maxNodes` the file has more nodes than that.
/// When neither does, the file has at most 2 × scalars + 3 × entries + 1 nodes (every empty
/// node and every block collection belongs to an indicator, or to a flow mapping key), so
/// composing it costs a bounded amount before `YAMLReader` counts the nodes exactly. A root that
/// is a block mapping or list (known at its first indicator) is one more node than either count.
struct YAMLPrescan {
  static let anchorMessage = "YAML anchors and aliases are not supported; write the value out"

  let path: String
  let maxDepth: Int
  let maxNodes: Int

  init(path: String, maxDepth: Int, maxNodes: Int = .max) {
    self.path = path
    self.maxDepth = maxDepth
    self.maxNodes = maxNodes
  }

  private enum Mode { case tokenStart, plain }

  /// The first problem found, if any.
  func scan(_ text: String) -> Diagnostic? {
    scan(SourceLines(text))
  }

  /// The first problem found in `lines`, if any.
  func scan(_ lines: SourceLines) -> Diagnostic? {
    var flowDepth = 0
    var scalars = 0
    var entries = 0
    // 1 once the root is known to be a block mapping or list (its first indicator is outside
    // any flow collection): a node neither count includes.
    var root = 0
    var openQuote: Unicode.Scalar?
    var blockScalarParent: Int?
    var blockScalarIndent: Int?
    var plainContinues = false
    var entryColumn = -1

    for lineIndex in 0..<lines.count {
      let line = lines[lineIndex]
      let lineNumber = lineIndex + 1
      func location(_ index: Int) -> SourceLocation {
        SourceLocation(path: path, line: lineNumber, column: index + 1)
      }
      /// Counts a node starting at `index`; the error when that passes the limit.
      func count(_ counter: inout Int, at index: Int) -> Diagnostic? {
        counter += 1
        guard counter + root > maxNodes else { return nil }
        return .error(YAMLReader.tooManyNodesMessage(maxNodes), at: location(index))
      }
      let indent = line.prefix { $0 == " " }.count
      let blank = line.allSatisfy { $0 == " " || $0 == "\t" }
      var index = 0
      var mode = Mode.tokenStart
      var nodeStart = -1

      // Document markers end whatever was open.
      if line.count >= 3, line[0] == "-" || line[0] == ".", line[1] == line[0], line[2] == line[0],
        line.count == 3 || line[3] == " " || line[3] == "\t"
      {
        openQuote = nil
        blockScalarParent = nil
        blockScalarIndent = nil
        plainContinues = false
        flowDepth = 0
        entryColumn = -1
        index = 3
      } else if line.first == "%" && openQuote == nil && blockScalarParent == nil {
        continue
      }

      if let quote = openQuote {
        guard let end = Self.endOfQuoted(line, from: 0, quote: quote) else { continue }
        openQuote = nil
        index = end
      } else if let parent = blockScalarParent {
        if blank { continue }
        if let content = blockScalarIndent {
          if indent >= content { continue }
        } else if indent > parent {
          blockScalarIndent = indent
          continue
        }
        blockScalarParent = nil
        blockScalarIndent = nil
      } else if plainContinues && !blank {
        if flowDepth > 0 || indent > entryColumn {
          mode = .plain
          index = indent
          if line[index] == "#" { mode = .tokenStart }
        }
      }
      if !blank { plainContinues = false }

      scanning: while index < line.count {
        let char = line[index]
        let next: Unicode.Scalar? = index + 1 < line.count ? line[index + 1] : nil
        let nextIsBlank = next.map { $0 == " " || $0 == "\t" } ?? true
        switch mode {
        case .plain:
          if char == ":" && (nextIsBlank || (flowDepth > 0 && Self.isFlowIndicator(next))) {
            if flowDepth == 0 { root = 1 }
            if let problem = count(&entries, at: index) { return problem }
            if flowDepth == 0 && nodeStart >= 0 { entryColumn = nodeStart }
            mode = .tokenStart
            index += 1
          } else if (char == " " || char == "\t") && next == "#" {
            break scanning
          } else if flowDepth > 0 && Self.isFlowIndicator(char) {
            mode = .tokenStart
          } else {
            index += 1
          }
          if index >= line.count && mode == .plain { plainContinues = true }
        case .tokenStart:
          switch char {
          case " ", "\t", ",":
            index += 1
          case "#":
            break scanning
          case "&", "*":
            if !nextIsBlank && !Self.isFlowIndicator(next) {
              return .error(Self.anchorMessage, at: location(index))
            }
            if let problem = count(&scalars, at: index) { return problem }
            nodeStart = index
            mode = .plain
          case "\"", "'":
            if let problem = count(&scalars, at: index) { return problem }
            nodeStart = index
            guard let end = Self.endOfQuoted(line, from: index + 1, quote: char) else {
              openQuote = char
              break scanning
            }
            index = end
          case "[", "{":
            flowDepth += 1
            if flowDepth > maxDepth {
              return .error("nesting deeper than \(maxDepth) levels", at: location(index))
            }
            if let problem = count(&scalars, at: index) { return problem }
            nodeStart = index
            index += 1
          case "]", "}":
            flowDepth = max(0, flowDepth - 1)
            index += 1
          case "-", "?":
            if nextIsBlank {
              if flowDepth == 0 { root = 1 }
              if let problem = count(&entries, at: index) { return problem }
              if flowDepth == 0 { entryColumn = index }
              index += 1
            } else {
              if let problem = count(&scalars, at: index) { return problem }
              nodeStart = index
              mode = .plain
            }
          case ":":
            if nextIsBlank || flowDepth > 0 {
              if flowDepth == 0 { root = 1 }
              if let problem = count(&entries, at: index) { return problem }
              if flowDepth == 0 && nodeStart >= 0 { entryColumn = nodeStart }
              index += 1
            } else {
              if let problem = count(&scalars, at: index) { return problem }
              nodeStart = index
              mode = .plain
            }
          case "!":
            while index < line.count && line[index] != " " && line[index] != "\t" { index += 1 }
          case "|", ">":
            if let problem = count(&scalars, at: index) { return problem }
            if flowDepth == 0 {
              blockScalarParent = entryColumn
              blockScalarIndent = nil
              break scanning
            }
            nodeStart = index
            mode = .plain
          default:
            if let problem = count(&scalars, at: index) { return problem }
            nodeStart = index
            mode = .plain
          }
        }
      }
    }
    return nil
  }

  private static func isFlowIndicator(_ char: Unicode.Scalar?) -> Bool {
    guard let char else { return false }
    return char == "," || char == "[" || char == "]" || char == "{" || char == "}"
  }

  /// The index after the closing quote, or nil when the scalar continues on the next line.
  private static func endOfQuoted(_ line: SourceLine, from start: Int, quote: Unicode.Scalar) -> Int? {
    var index = start
    while index < line.count {
      let char = line[index]
      if quote == "\"" && char == "\\" {
        index += 2
        continue
      }
      if char == quote {
        if quote == "'" && index + 1 < line.count && line[index + 1] == "'" {
          index += 2
          continue
        }
        return index + 1
      }
      index += 1
    }
    return nil
  }

}

/// One line of a `SourceLines`: its Unicode scalars, indexed from 0.
struct SourceLine: RandomAccessCollection {
  let scalars: ArraySlice<Unicode.Scalar>

  var startIndex: Int { 0 }
  var endIndex: Int { scalars.count }

  subscript(position: Int) -> Unicode.Scalar { scalars[scalars.startIndex + position] }
}

/// A text as Unicode scalars, split at every line break libyaml counts (LF, CR LF, CR, NEL, LS,
/// PS), so that line `n` and column `c` (from 1) name the same character as libyaml's marks (a
/// byte order mark at the start is a column for libyaml too). One array holds the whole text, so
/// a file of millions of short lines costs two arrays, not millions.
struct SourceLines {
  private var scalars: [Unicode.Scalar] = []
  /// Per line: where it starts and ends (before its line break) in `scalars`.
  private var bounds: [Range<Int>] = []

  init(_ text: String) {
    scalars.reserveCapacity(text.utf8.count)
    var start = 0
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" && previousWasCR {
        previousWasCR = false
        start = scalars.count
        continue
      }
      previousWasCR = scalar == "\r"
      if scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
        bounds.append(start..<scalars.count)
        start = scalars.count
      } else {
        scalars.append(scalar)
      }
    }
    bounds.append(start..<scalars.count)
  }

  /// The number of lines (one more than the number of line breaks).
  var count: Int { bounds.count }

  /// Line `index + 1`.
  subscript(index: Int) -> SourceLine { SourceLine(scalars: scalars[bounds[index]]) }
}
