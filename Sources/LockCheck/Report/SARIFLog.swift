/// The subset of the SARIF 2.1.0 log format that lockspec writes (one run, rules, results with
/// a file, line and column each): plain values, encoded by `JSONReport.encode`.
public struct SARIFLog: Sendable, Equatable, Encodable {
  /// The OASIS schema the log conforms to.
  public static let schemaURI =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

  public var version = "2.1.0"
  public var runs: [Run]

  public init(runs: [Run]) { self.runs = runs }

  enum CodingKeys: String, CodingKey {
    case schema = "$schema"
    case version, runs
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(Self.schemaURI, forKey: .schema)
    try c.encode(version, forKey: .version)
    try c.encode(runs, forKey: .runs)
  }

  /// One invocation of the tool and what it found.
  public struct Run: Sendable, Equatable, Encodable {
    public var tool: Tool
    /// Columns count Unicode scalars, as lockspec's diagnostics do.
    public var columnKind = "unicodeCodePoints"
    public var results: [Result]
    public var invocations: [Invocation]
  }

  /// The tool: `{"driver": {...}}`.
  public struct Tool: Sendable, Equatable, Encodable {
    public var driver: Driver
  }

  /// The tool's name, version and the rules its results refer to.
  public struct Driver: Sendable, Equatable, Encodable {
    public var name: String
    public var version: String
    public var semanticVersion: String
    public var rules: [Rule]
  }

  /// A kind of result: a property kind (`deadlock_free`, `never`, ...) or `spec_error`.
  public struct Rule: Sendable, Equatable, Encodable {
    public var id: String
    public var shortDescription: Message
    public var defaultConfiguration: Configuration
  }

  /// A rule's default severity.
  public struct Configuration: Sendable, Equatable, Encodable {
    public var level: String
  }

  /// One finding: a property whose verdict calls for attention, or a spec that did not load.
  public struct Result: Sendable, Equatable, Encodable {
    public var ruleId: String
    public var ruleIndex: Int
    /// `error`, `warning` or `note`.
    public var level: String
    public var message: Message
    public var locations: [Location]
    public var properties: [String: String]?
  }

  /// Plain text; the first line is the title code scanning shows.
  public struct Message: Sendable, Equatable, Encodable {
    public var text: String
  }

  /// `{"physicalLocation": {"artifactLocation": {"uri": ...}, "region": {...}}}`.
  public struct Location: Sendable, Equatable, Encodable {
    public var physicalLocation: PhysicalLocation
  }

  /// A file and, when known, a place in it.
  public struct PhysicalLocation: Sendable, Equatable, Encodable {
    public var artifactLocation: ArtifactLocation
    public var region: Region?
  }

  /// A file as a URI reference: relative to the folder lockspec ran in, or `file://` when absolute.
  public struct ArtifactLocation: Sendable, Equatable, Encodable {
    public var uri: String
  }

  /// A 1-based line and column.
  public struct Region: Sendable, Equatable, Encodable {
    public var startLine: Int
    public var startColumn: Int
  }

  /// Whether the run did its work (every file loaded, the search not interrupted).
  public struct Invocation: Sendable, Equatable, Encodable {
    public var executionSuccessful: Bool
  }
}
