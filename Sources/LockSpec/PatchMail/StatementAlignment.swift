/// The one way to give each matched hunk line a statement of the spec, in increasing order: the
/// count of ways decides between a placed hunk, a hunk that does not fit, and an ambiguous one.
enum StatementAlignment: Equatable {
  /// The statement of each row.
  case unique([Int])
  /// No order fits: row `row` (with the rows before it) cannot be placed.
  case none(row: Int)
  /// Row `row` takes one of `places` in different ways of placing the hunk.
  case ambiguous(row: Int, places: [Int])

  /// `candidates[r]`: the statements row r may take (ascending).
  static func align(_ candidates: [[Int]]) -> StatementAlignment {
    let count = candidates.count
    // forward[r][c]: ways (capped at 2) to place rows 0...r with row r at statement c.
    var forward: [[Int: Int]] = Array(repeating: [:], count: count)
    for r in 0..<count {
      for c in candidates[r] {
        if r == 0 {
          forward[r][c] = 1
        } else {
          let ways = forward[r - 1].filter { $0.key < c }.values.reduce(0, +)
          if ways > 0 { forward[r][c] = min(ways, 2) }
        }
      }
      if forward[r].isEmpty { return .none(row: r) }
    }
    // backward[r][c]: ways to place rows r..< with row r at c, given rows before it can be.
    var backward: [[Int: Int]] = Array(repeating: [:], count: count)
    for r in stride(from: count - 1, through: 0, by: -1) {
      for c in candidates[r] where forward[r][c] != nil {
        if r == count - 1 {
          backward[r][c] = 1
        } else {
          let ways = backward[r + 1].filter { $0.key > c }.values.reduce(0, +)
          if ways > 0 { backward[r][c] = min(ways, 2) }
        }
      }
    }
    var choice: [Int] = []
    for r in 0..<count {
      // The statements row r takes in some complete placement.
      let places = candidates[r].filter { forward[r][$0] != nil && backward[r][$0] != nil }
      if places.count > 1 { return .ambiguous(row: r, places: places) }
      guard let c = places.first else { return .none(row: r) }
      choice.append(c)
    }
    return .unique(choice)
  }
}
