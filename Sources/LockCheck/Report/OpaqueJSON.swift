/// A JSON value read from a report and written back as it was (numbers as integers where they
/// are, objects with sorted keys as every lockspec report writes them): a part of a report that
/// `report merge` carries through without knowing its fields, such as the diffs' mappings.
public indirect enum OpaqueJSON: Sendable, Equatable, Codable {
  case null
  case bool(Bool)
  case integer(Int)
  case number(Double)
  case string(String)
  case array([OpaqueJSON])
  case object([String: OpaqueJSON])

  /// Any key of an object.
  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  public init(from decoder: any Decoder) throws {
    if let object = try? decoder.container(keyedBy: Key.self) {
      var members: [String: OpaqueJSON] = [:]
      for key in object.allKeys { members[key.stringValue] = try object.decode(OpaqueJSON.self, forKey: key) }
      self = .object(members)
      return
    }
    if var array = try? decoder.unkeyedContainer() {
      var items: [OpaqueJSON] = []
      while !array.isAtEnd { items.append(try array.decode(OpaqueJSON.self)) }
      self = .array(items)
      return
    }
    let value = try decoder.singleValueContainer()
    if value.decodeNil() {
      self = .null
    } else if let bool = try? value.decode(Bool.self) {
      self = .bool(bool)
    } else if let integer = try? value.decode(Int.self) {
      self = .integer(integer)
    } else if let number = try? value.decode(Double.self) {
      self = .number(number)
    } else {
      self = .string(try value.decode(String.self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .object(let members):
      var object = encoder.container(keyedBy: Key.self)
      for (key, value) in members { try object.encode(value, forKey: Key(stringValue: key)) }
      return
    case .array(let items):
      var array = encoder.unkeyedContainer()
      for item in items { try array.encode(item) }
      return
    default:
      break
    }
    var value = encoder.singleValueContainer()
    switch self {
    case .null: try value.encodeNil()
    case .bool(let bool): try value.encode(bool)
    case .integer(let integer): try value.encode(integer)
    case .number(let number): try value.encode(number)
    case .string(let string): try value.encode(string)
    case .object, .array: break
    }
  }
}
