/// A light lexical pass over the YAML text before Yams composes it. It rejects anchors and
/// aliases (`&a`, `*a`: a "billion laughs" file expands exponentially once walked or hashed) and
/// flow collections nested deeper than the limit, so hostile input fails fast with one clear error.
///
/// The pass follows libyaml's tokenisation closely enough for real files: comments, quoted and
/// block scalars are skipped, plain scalars (`code: x = *p;`) are read to their end, and a `&`
/// or `*` counts only where a new token may start.
struct YAMLPrescan {
  static let anchorMessage = "YAML anchors and aliases are not supported; write the value out"

  let path: String
  let maxDepth: Int

  private enum Mode { case tokenStart, plain }

  /// The first problem found, if any.
  func scan(_ text: String) -> Diagnostic? {
    var flowDepth = 0
    var openQuote: Unicode.Scalar?
    var blockScalarParent: Int?
    var blockScalarIndent: Int?
    var plainContinues = false
    var entryColumn = -1

    for (lineIndex, line) in Self.lines(of: text).enumerated() {
      let lineNumber = lineIndex + 1
      func location(_ index: Int) -> SourceLocation {
        SourceLocation(path: path, line: lineNumber, column: index + 1)
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
            nodeStart = index
            mode = .plain
          case "\"", "'":
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
            nodeStart = index
            index += 1
          case "]", "}":
            flowDepth = max(0, flowDepth - 1)
            index += 1
          case "-", "?":
            if nextIsBlank {
              if flowDepth == 0 { entryColumn = index }
              index += 1
            } else {
              nodeStart = index
              mode = .plain
            }
          case ":":
            if nextIsBlank || flowDepth > 0 {
              if flowDepth == 0 && nodeStart >= 0 { entryColumn = nodeStart }
              index += 1
            } else {
              nodeStart = index
              mode = .plain
            }
          case "!":
            while index < line.count && line[index] != " " && line[index] != "\t" { index += 1 }
          case "|", ">":
            if flowDepth == 0 {
              blockScalarParent = entryColumn
              blockScalarIndent = nil
              break scanning
            }
            nodeStart = index
            mode = .plain
          default:
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
  private static func endOfQuoted(_ line: [Unicode.Scalar], from start: Int, quote: Unicode.Scalar) -> Int? {
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

  /// The text split at every line break libyaml counts (LF, CR LF, CR, NEL, LS, PS).
  static func lines(of text: String) -> [[Unicode.Scalar]] {
    var lines: [[Unicode.Scalar]] = []
    var current: [Unicode.Scalar] = []
    var previousWasCR = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" && previousWasCR {
        previousWasCR = false
        continue
      }
      previousWasCR = scalar == "\r"
      if scalar == "\n" || scalar == "\r" || scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
        lines.append(current)
        current = []
      } else {
        current.append(scalar)
      }
    }
    lines.append(current)
    return lines
  }
}
