/// A YAML node with its position: the only shape of YAML the spec parser sees.
struct YAMLNode: Sendable {
  /// One `key: value` entry of a mapping, in document order.
  struct Pair: Sendable {
    var key: YAMLNode
    var value: YAMLNode
  }

  enum Content: Sendable {
    /// A scalar's text; `plain` when it was written without quotes or block indicators.
    case scalar(String, plain: Bool)
    case sequence([YAMLNode])
    case mapping([Pair])
  }

  var content: Content
  var location: SourceLocation
  /// For a scalar whose text appears verbatim on one source line: the column of its first
  /// character (after the opening quote), so positions inside the text map to exact columns.
  var textColumn: Int?

  /// The scalar's text, if this is a scalar.
  var scalar: String? {
    if case .scalar(let text, _) = content { return text }
    return nil
  }

  /// Whether this is YAML null: an empty plain scalar, `~` or `null`.
  var isNull: Bool {
    if case .scalar(let text, let plain) = content, plain {
      return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
    }
    return false
  }

  /// "a mapping", "a sequence", "a string", "nothing": how messages name what was found.
  var kindDescription: String {
    switch content {
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .scalar:
      return isNull ? "nothing" : "a scalar"
    }
  }
}
