/// Just enough of YAML's line structure, read from raw bytes, for the mutator's
/// structure-aware edits: lines, indentation, `key: value` fields (block and flow style) and
/// the block of lines nested under a line. A heuristic: it never fails, whatever the bytes.
enum YAMLTextScan {
  static let newline: UInt8 = 0x0A
  static let space: UInt8 = 0x20

  /// The text split at `\n` (without it); `join` puts it back together byte for byte.
  static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
    bytes.split(separator: newline, omittingEmptySubsequences: false).map(Array.init)
  }

  /// The lines joined with `\n`.
  static func join(_ lines: [[UInt8]]) -> [UInt8] {
    var result: [UInt8] = []
    result.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
    for (index, line) in lines.enumerated() {
      if index > 0 { result.append(newline) }
      result.append(contentsOf: line)
    }
    return result
  }

  /// The number of leading spaces.
  static func indentation(_ line: [UInt8]) -> Int {
    line.firstIndex { $0 != space } ?? line.count
  }

  /// Whether the line holds only spaces, tabs or a comment.
  static func isBlank(_ line: [UInt8]) -> Bool {
    guard let first = line.firstIndex(where: { $0 != space && $0 != 0x09 }) else { return true }
    return line[first] == UInt8(ascii: "#")
  }

  /// Whether the line's content starts with a list item's `- ` (or is a bare `-`).
  static func isListItem(_ line: [UInt8]) -> Bool {
    let start = indentation(line)
    guard start < line.count, line[start] == UInt8(ascii: "-") else { return false }
    return start + 1 == line.count || line[start + 1] == space
  }

  /// The index after the last line nested deeper than `column` below line `start` (blank lines
  /// inside count, trailing ones do not).
  static func blockEnd(_ lines: [[UInt8]], start: Int, column: Int) -> Int {
    var end = start + 1
    var index = start + 1
    while index < lines.count {
      let line = lines[index]
      if isBlank(line) {
        index += 1
        continue
      }
      if indentation(line) <= column { break }
      index += 1
      end = index
    }
    return end
  }

  /// One `key: value` pair on a line: byte offsets into the line.
  struct Field: Equatable {
    var line: Int
    var keyStart: Int
    var keyEnd: Int
    var valueStart: Int
    var valueEnd: Int
    /// Inside a flow mapping (`{key: value, ...}`).
    var inFlow: Bool
  }

  static func isIdentifierStart(_ byte: UInt8) -> Bool {
    (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
  }

  static func isIdentifierByte(_ byte: UInt8) -> Bool {
    isIdentifierStart(byte) || (byte >= 0x30 && byte <= 0x39)
  }

  /// The fields of one line, left to right (nested flow mappings included).
  static func fields(_ line: [UInt8], lineIndex: Int) -> [Field] {
    var result: [Field] = []
    let n = line.count
    var i = indentation(line)
    while i + 1 < n, line[i] == UInt8(ascii: "-"), line[i + 1] == space {
      i += 2
      while i < n, line[i] == space { i += 1 }
    }
    var depth = 0
    var quote: UInt8?
    // The last significant byte before `i` (nil at the start of the content).
    var last: UInt8?
    while i < n {
      let byte = line[i]
      if let open = quote {
        if byte == open {
          if open == UInt8(ascii: "'"), i + 1 < n, line[i + 1] == open {
            i += 2
            continue
          }
          quote = nil
          last = byte
        } else if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") {
          i += 1
        }
        i += 1
        continue
      }
      if byte == space || byte == 0x09 {
        i += 1
        continue
      }
      if byte == UInt8(ascii: "#"), i > 0, line[i - 1] == space || line[i - 1] == 0x09 { break }
      let atScalarStart =
        last == nil || last == UInt8(ascii: ":") || last == UInt8(ascii: "{") || last == UInt8(ascii: "[")
        || (last == UInt8(ascii: ",") && depth > 0)
      if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) && atScalarStart {
        quote = byte
        i += 1
        continue
      }
      let keyPosition = last == nil || last == UInt8(ascii: "{") || (last == UInt8(ascii: ",") && depth > 0)
      if keyPosition, isIdentifierStart(byte) {
        var j = i + 1
        while j < n, isIdentifierByte(line[j]) { j += 1 }
        if j < n, line[j] == UInt8(ascii: ":"), j + 1 == n || line[j + 1] == space {
          var valueStart = j + 1
          while valueStart < n, line[valueStart] == space { valueStart += 1 }
          let valueEnd = Self.valueEnd(line, from: valueStart, flow: depth > 0)
          result.append(
            Field(
              line: lineIndex, keyStart: i, keyEnd: j, valueStart: valueStart, valueEnd: valueEnd,
              inFlow: depth > 0))
          last = UInt8(ascii: ":")
          i = valueStart
          continue
        }
        i = j
        last = line[j - 1]
        continue
      }
      if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
        depth += 1
      } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
        depth = max(0, depth - 1)
      }
      last = byte
      i += 1
    }
    return result
  }

  /// Where a value starting at `start` ends: at the end of the line or a comment, or (in a
  /// flow mapping) at the `,` or closing bracket that ends it; trailing spaces excluded.
  static func valueEnd(_ line: [UInt8], from start: Int, flow: Bool) -> Int {
    let n = line.count
    var i = start
    var nest = 0
    var quote: UInt8?
    var previous: UInt8?
    while i < n {
      let byte = line[i]
      if let open = quote {
        if byte == open {
          quote = nil
        } else if byte == UInt8(ascii: "\\"), open == UInt8(ascii: "\"") {
          i += 1
        }
        i += 1
        previous = byte
        continue
      }
      let scalarStart =
        previous == nil || previous == UInt8(ascii: "{") || previous == UInt8(ascii: "[")
        || previous == UInt8(ascii: ",") || previous == space
      if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) && scalarStart && (i == start || nest > 0) {
        quote = byte
      } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
        nest += 1
      } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
        if nest == 0 { break }
        nest -= 1
      } else if byte == UInt8(ascii: ","), flow, nest == 0 {
        break
      } else if byte == UInt8(ascii: "#"), i > start, line[i - 1] == space, nest == 0 {
        break
      }
      previous = byte
      i += 1
    }
    var end = min(i, n)
    while end > start, line[end - 1] == space { end -= 1 }
    return end
  }

  /// Every field of the text, line by line.
  static func fields(_ lines: [[UInt8]]) -> [Field] {
    var result: [Field] = []
    for (index, line) in lines.enumerated() where !isBlank(line) {
      result.append(contentsOf: fields(line, lineIndex: index))
    }
    return result
  }

  /// The byte ranges of identifiers and integers in a line outside comments: candidates for
  /// token-level replacement.
  static func tokens(_ line: [UInt8]) -> [Range<Int>] {
    var result: [Range<Int>] = []
    var i = 0
    let n = line.count
    while i < n {
      let byte = line[i]
      if byte == UInt8(ascii: "#"), i == 0 || line[i - 1] == space { break }
      let isDigit = byte >= 0x30 && byte <= 0x39
      if isIdentifierStart(byte) || isDigit {
        let start = i
        i += 1
        while i < n, isIdentifierByte(line[i]) { i += 1 }
        if start == 0 || !isIdentifierByte(line[start - 1]) { result.append(start..<i) }
        continue
      }
      i += 1
    }
    return result
  }

  /// Every identifier of `text` spelled exactly `name`, as (line, range) pairs.
  static func occurrences(of name: [UInt8], in lines: [[UInt8]]) -> [(line: Int, range: Range<Int>)] {
    var result: [(Int, Range<Int>)] = []
    guard !name.isEmpty else { return [] }
    for (index, line) in lines.enumerated() where line.count >= name.count {
      var i = 0
      while i + name.count <= line.count {
        if line[i] == name[0], line[i..<(i + name.count)].elementsEqual(name),
          i == 0 || !isIdentifierByte(line[i - 1]),
          i + name.count == line.count || !isIdentifierByte(line[i + name.count])
        {
          result.append((index, i..<(i + name.count)))
          i += name.count
        } else {
          i += 1
        }
      }
    }
    return result
  }
}
