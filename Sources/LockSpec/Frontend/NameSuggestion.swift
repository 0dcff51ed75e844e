/// "did you mean" suggestions: the closest candidate within a small edit distance.
enum NameSuggestion {
  /// The candidate closest to `name`, first in `candidates` order on ties: edit distance (with
  /// transpositions) at most 1 for names of 3 or 4 characters, 2 for longer ones; none for shorter.
  static func closest(to name: String, in candidates: [String]) -> String? {
    let limit = name.count <= 2 ? 0 : name.count <= 4 ? 1 : 2
    var best: (name: String, distance: Int)?
    guard limit > 0 else { return nil }
    for candidate in candidates where candidate != name {
      let distance = editDistance(name, candidate, limit: limit)
      if distance <= limit && distance < (best?.distance ?? Int.max) {
        best = (candidate, distance)
      }
    }
    return best?.name
  }

  /// `"; did you mean 'x'?"` or the empty string.
  static func hint(for name: String, in candidates: [String]) -> String {
    closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// Optimal string alignment distance (insertions, deletions, substitutions and transpositions
  /// of neighbours), or a value above `limit` when the lengths alone exceed it.
  static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = Array(0...b.count)
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          current[j] = min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      beforePrevious = previous
      previous = current
    }
    return previous[b.count]
  }
}
