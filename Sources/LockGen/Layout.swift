/// Source that may be laid out on one line or broken over several, the way `swift format`
/// breaks calls and collection literals: everything on one line when it fits, else one
/// argument or element per line, each followed by a comma (trailing comma in collections), and
/// the closing bracket on its own line. Long string literals are split into `"…" + "…"`.
indirect enum Layout {
  /// Code that is never broken.
  case atom(String)
  /// A string literal.
  case string([SwiftLiteral.Piece])
  /// `callee(label: value, ...)`.
  case call(String, [Argument])
  /// `[element, ...]`.
  case array([Layout])

  struct Argument {
    var label: String?
    var value: Layout

    init(_ label: String?, _ value: Layout) {
      self.label = label
      self.value = value
    }
  }

  /// A string literal of plain text.
  static func text(_ text: String) -> Layout { .string([.text(text)]) }

  /// The one-line form.
  var flat: String {
    switch self {
    case .atom(let code): return code
    case .string(let pieces): return SwiftLiteral.chunks(pieces, width: Int.max)[0]
    case .call(let callee, let arguments):
      return callee + "(" + arguments.map { ($0.label.map { $0 + ": " } ?? "") + $0.value.flat }.joined(separator: ", ")
        + ")"
    case .array(let elements):
      return "[" + elements.map(\.flat).joined(separator: ", ") + "]"
    }
  }

  /// Writes `prefix` + the layout + `suffix`, on one line if it fits, else broken.
  func write(to writer: inout SwiftWriter, prefix: String = "", suffix: String = "") {
    let oneLine = prefix + flat + suffix
    if oneLine.count <= writer.width {
      writer.line(oneLine)
      return
    }
    switch self {
    case .atom:
      writer.line(oneLine)
    case .string(let pieces):
      // Every chunk fits after the prefix or after `+ ` one level deeper.
      let room = writer.width - max(prefix.count, SwiftWriter.indentWidth + 2) - suffix.count
      Self.writeChunks(SwiftLiteral.chunks(pieces, width: room), to: &writer, first: prefix, suffix: suffix)
    case .call(let callee, let arguments):
      writer.line(prefix + callee + "(")
      writer.indent { writer in
        for (index, argument) in arguments.enumerated() {
          let label = argument.label.map { $0 + ": " } ?? ""
          argument.value.write(to: &writer, prefix: label, suffix: index == arguments.count - 1 ? "" : ",")
        }
      }
      writer.line(")" + suffix)
    case .array(let elements):
      writer.line(prefix + "[")
      writer.indent { writer in
        for element in elements {
          element.write(to: &writer, suffix: ",")
        }
      }
      writer.line("]" + suffix)
    }
  }

  private static func writeChunks(_ chunks: [String], to writer: inout SwiftWriter, first: String, suffix: String) {
    for (index, chunk) in chunks.enumerated() {
      let last = index == chunks.count - 1
      if index == 0 {
        writer.line(first + chunk + (last ? suffix : ""))
      } else {
        writer.indent { writer in
          writer.line("+ " + chunk + (last ? suffix : ""))
        }
      }
    }
  }
}
