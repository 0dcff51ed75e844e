/// Every variant's verdicts side by side: one row per variant, one column per property, each
/// cell of a patched variant marked where it differs from the variant it derives from.
///
/// Variants are grouped by family (a spec as written and every variant derived from it), in
/// the order given; families with the same properties (in the same order) share one table, at
/// the place of the first of them, so the versions of one protocol line up. Rendered as text (`text()`) and as Markdown
/// (`markdown()`, transposed to fit a pull-request comment).
public struct VerdictMatrix: Sendable, Equatable {
  /// How a cell differs from the same property's verdict in the parent variant.
  public enum Mark: String, Sendable, Equatable, CaseIterable {
    /// `holds` in the parent, `violated` here.
    case regression
    /// `violated` in the parent, `holds` here.
    case fix
    /// Any other difference: to or from `unknown`.
    case changed
    /// The parent has no such property (the patch added it).
    case new

    /// The one-character mark the text matrix prints after the verdict.
    public var symbol: String {
      switch self {
      case .regression: return "!"
      case .fix: return "+"
      case .changed: return "~"
      case .new: return "*"
      }
    }

    /// What the mark means, as the legend says it.
    public var meaning: String {
      switch self {
      case .regression: return "regression: holds in the parent variant, VIOLATED here"
      case .fix: return "fix: VIOLATED in the parent variant, holds here"
      case .changed: return "changed to or from unknown"
      case .new: return "new property: not in the parent variant"
      }
    }

    /// The mark for `verdict` where the parent had `parent` (nil: the parent has no such
    /// property); nil when they agree.
    public init?(parent: Verdict?, verdict: Verdict) {
      guard let parent else {
        self = .new
        return
      }
      switch (parent, verdict) {
      case _ where parent == verdict: return nil
      case (.holds, .violated): self = .regression
      case (.violated, .holds): self = .fix
      default: self = .changed
      }
    }
  }

  /// One property's verdict in one variant.
  public struct Cell: Sendable, Equatable {
    public var property: String
    public var verdict: Verdict
    /// How it differs from the parent variant; nil for a base variant or an unchanged verdict.
    public var mark: Mark?
    /// For an `unknown` verdict: the bound that stopped the search, when known.
    public var bound: BoundHit?

    public init(property: String, verdict: Verdict, mark: Mark? = nil, bound: BoundHit? = nil) {
      self.property = property
      self.verdict = verdict
      self.mark = mark
      self.bound = verdict == .unknown ? bound : nil
    }
  }

  /// One variant.
  public struct Row: Sendable, Equatable {
    public var variant: String
    /// The variant it derives from (nil for a spec as written).
    public var parent: String?
    /// Patches deep below its family's base (0 for the base).
    public var depth: Int
    /// Its properties in order.
    public var cells: [Cell]

    public init(variant: String, parent: String?, depth: Int = 0, cells: [Cell]) {
      self.variant = variant
      self.parent = parent
      self.depth = depth
      self.cells = cells
    }

    /// The cell of `property`, if the variant has it.
    public subscript(property: String) -> Cell? { cells.first { $0.property == property } }

    /// The name as the text matrix shows it: the base's full name; a derived variant as
    /// `+patch` (what it adds to its parent's name), indented by its depth.
    public var shortName: String {
      guard let parent, variant.hasPrefix(parent + "+") else { return variant }
      return String(variant.dropFirst(parent.count))
    }
  }

  /// Variants shown together: one or more families with the same properties.
  public struct Table: Sendable, Equatable {
    /// Property names: in the order they first appear in the table's rows.
    public var properties: [String]
    public var rows: [Row]

    public init(properties: [String], rows: [Row]) {
      self.properties = properties
      self.rows = rows
    }
  }

  /// One verdict that differs from the parent variant's.
  public struct Change: Sendable, Equatable {
    public var variant: String
    public var parent: String
    public var property: String
    /// The parent's verdict (nil: the parent has no such property).
    public var from: Verdict?
    public var to: Verdict
    public var mark: Mark

    public init(variant: String, parent: String, property: String, from: Verdict?, to: Verdict, mark: Mark) {
      self.variant = variant
      self.parent = parent
      self.property = property
      self.from = from
      self.to = to
      self.mark = mark
    }
  }

  public var tables: [Table]

  /// A variant's verdicts, as input.
  public struct Variant: Sendable, Equatable {
    public var name: String
    public var parent: String?
    /// Property name and verdict, in order.
    public var verdicts: [PropertyVerdict]

    public init(name: String, parent: String?, verdicts: [PropertyVerdict]) {
      self.name = name
      self.parent = parent
      self.verdicts = verdicts
    }
  }

  /// A property name and its verdict (with the bound that made it `unknown`, when one did).
  public struct PropertyVerdict: Sendable, Equatable {
    public var property: String
    public var verdict: Verdict
    public var bound: BoundHit?

    public init(_ property: String, _ verdict: Verdict, bound: BoundHit? = nil) {
      self.property = property
      self.verdict = verdict
      self.bound = verdict == .unknown ? bound : nil
    }
  }

  /// The matrix of `variants`, given parents before children (a parent not among them makes the
  /// variant a base of its own family).
  public init(variants: [Variant]) {
    var byName: [String: Variant] = [:]
    for variant in variants where byName[variant.name] == nil { byName[variant.name] = variant }
    var depth: [String: Int] = [:]
    var family: [String: String] = [:]
    var familyOrder: [String] = []
    var members: [String: [Row]] = [:]
    for variant in variants where depth[variant.name] == nil {
      let parent = variant.parent.flatMap { byName[$0] != nil && depth[$0] != nil ? $0 : nil }
      let level = parent.map { (depth[$0] ?? 0) + 1 } ?? 0
      let root = parent.flatMap { family[$0] } ?? variant.name
      depth[variant.name] = level
      family[variant.name] = root
      if root == variant.name { familyOrder.append(root) }
      var cells: [Cell] = []
      for entry in variant.verdicts where !cells.contains(where: { $0.property == entry.property }) {
        let mark: Mark?
        if let parent, let parentVariant = byName[parent] {
          let before = parentVariant.verdicts.first { $0.property == entry.property }?.verdict
          mark = Mark(parent: before, verdict: entry.verdict)
        } else {
          mark = nil
        }
        cells.append(Cell(property: entry.property, verdict: entry.verdict, mark: mark, bound: entry.bound))
      }
      members[root, default: []].append(
        Row(variant: variant.name, parent: parent, depth: level, cells: cells))
    }
    var tables: [Table] = []
    for root in familyOrder {
      let rows = members[root] ?? []
      var properties: [String] = []
      for row in rows {
        for cell in row.cells where !properties.contains(cell.property) { properties.append(cell.property) }
      }
      if let index = tables.firstIndex(where: { $0.properties == properties }) {
        tables[index].rows += rows
      } else {
        tables.append(Table(properties: properties, rows: rows))
      }
    }
    self.tables = tables
  }

  /// The matrix of a check report's results: one variant per distinct `variant`, in order of
  /// first appearance; `parents` maps a variant name to the name of the variant it derives from.
  public init(results: [CheckReport.Result], parents: [String: String]) {
    var order: [String] = []
    var verdicts: [String: [PropertyVerdict]] = [:]
    for result in results {
      if verdicts[result.variant] == nil { order.append(result.variant) }
      verdicts[result.variant, default: []].append(
        PropertyVerdict(result.property, result.verdict, bound: result.bound))
    }
    self.init(
      variants: order.map { Variant(name: $0, parent: parents[$0], verdicts: verdicts[$0] ?? []) })
  }

  /// Every cell that differs from its parent variant, in row order then column order.
  public var changes: [Change] {
    var result: [Change] = []
    for table in tables {
      let rows = Dictionary(table.rows.map { ($0.variant, $0) }, uniquingKeysWith: { first, _ in first })
      for row in table.rows {
        guard let parent = row.parent else { continue }
        for cell in row.cells {
          guard let mark = cell.mark else { continue }
          result.append(
            Change(
              variant: row.variant, parent: parent, property: cell.property,
              from: rows[parent]?[cell.property]?.verdict, to: cell.verdict, mark: mark))
        }
      }
    }
    return result
  }

  /// Whether any row derives from another.
  public var hasDerivedRows: Bool { tables.contains { $0.rows.contains { $0.parent != nil } } }

  /// The marks that occur, in `Mark.allCases` order.
  public var marksUsed: [Mark] {
    let used = Set(tables.flatMap { $0.rows.flatMap { $0.cells.compactMap(\.mark) } })
    return Mark.allCases.filter(used.contains)
  }
}
