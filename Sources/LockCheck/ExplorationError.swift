/// Why an exploration or simulation could not start.
public enum ExplorationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A `properties` selection named a property the model does not have.
  case unknownProperty(String, model: String, available: [String])
  /// Verdict masks are 64 bits wide: a model may have at most 64 properties.
  case tooManyProperties(Int)

  public var description: String {
    switch self {
    case .unknownProperty(let name, let model, let available):
      return "unknown property '\(name)' in \(model) (properties: \(available.joined(separator: ", ")))"
    case .tooManyProperties(let count):
      return "a model may have at most 64 properties, this one has \(count)"
    }
  }

}
