extension ModelMetadata {
  /// The bit mask of the properties `names` selects (all properties when `nil`), in
  /// property-index bits. Throws for an unknown name or more than 64 properties.
  public func propertyMask(named names: [String]?) throws -> UInt64 {
    let count = properties.count
    guard count <= 64 else { throw ExplorationError.tooManyProperties(count) }
    let all: UInt64 = count == 64 ? ~0 : (1 << UInt64(count)) - 1
    guard let names else { return all }
    var mask: UInt64 = 0
    for name in names {
      guard let index = properties.firstIndex(where: { $0.name == name }) else {
        throw ExplorationError.unknownProperty(name, model: self.name, available: properties.map(\.name))
      }
      mask |= 1 << UInt64(index)
    }
    return mask
  }

  /// The bit mask of the properties of `kind`.
  public func propertyMask(of kind: PropertyKind) -> UInt64 {
    var mask: UInt64 = 0
    for (index, property) in properties.enumerated() where property.kind == kind && index < 64 {
      mask |= 1 << UInt64(index)
    }
    return mask
  }
}
