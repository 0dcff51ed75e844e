/// "did you mean" suggestions: the closest candidate within a small edit distance.
enum NameSuggestion {
  /// The candidate closest to `name` (Levenshtein distance at most 1 for names of up to 3
  /// characters, else 2), first in `candidates` order on ties.
  static func closest(to name: String, in candidates: [String]) -> String? {
    let limit = name.count <= 3 ? 1 : 2
    var best: (name: String, distance: Int)?
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

  /// Levenshtein distance, or a value above `limit` as soon as it is certain to exceed it.
  static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let a = Array(a.unicodeScalars)
    let b = Array(b.unicodeScalars)
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      }
      previous = current
    }
    return previous[b.count]
  }
}
