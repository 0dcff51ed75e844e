/// Puts a C statement in the one spelling lockspec compares: comments and layout removed,
/// `mmap_lock` read as `mmap_sem`, and the `mmap_*_lock(mm)` wrappers of 5.8 written as the
/// rwsem calls they wrap, so `mmap_write_lock(mm);` and `down_write(&mm->mmap_sem);` compare equal.
public enum CodeNormalizer {
  /// The wrappers of include/linux/mmap_lock.h (5.8 and later), each with the rwsem call it makes
  /// on `&mm->mmap_lock`.
  static let mmapLockWrappers: [(wrapper: String, call: String)] = [
    ("mmap_write_lock_killable", "down_write_killable"),
    ("mmap_write_lock_nested", "down_write_nested"),
    ("mmap_write_trylock", "down_write_trylock"),
    ("mmap_write_unlock", "up_write"),
    ("mmap_write_downgrade", "downgrade_write"),
    ("mmap_write_lock", "down_write"),
    ("mmap_read_lock_killable", "down_read_killable"),
    ("mmap_read_trylock", "down_read_trylock"),
    ("mmap_read_unlock", "up_read"),
    ("mmap_read_lock", "down_read"),
  ]

  /// `code` normalized: comments removed (a `/*` without its `*/` removes the rest), whitespace
  /// kept only as one space between two word characters, the mmap lock in one spelling.
  public static func normalize(_ code: String) -> String {
    var inComment = false
    return normalize(code, inComment: &inComment)
  }

  /// The longest line read as C; a longer one normalizes to nothing (kernel statements are far
  /// shorter, and the rewriting is quadratic in the worst case).
  public static let maxLength = 1000

  /// As `normalize(_:)`, for one line of several: `inComment` says whether the line starts inside
  /// a `/* ... */` comment, and is updated to whether the next one does.
  public static func normalize(_ code: String, inComment: inout Bool) -> String {
    guard code.utf8.count <= maxLength else { return "" }
    let stripped = removingComments(code, inComment: &inComment)
    return rewritingMmapLock(compactingWhitespace(stripped))
  }

  /// The line without comments.
  static func removingComments(_ line: String, inComment: inout Bool) -> String {
    let chars = Array(line)
    var out: [Character] = []
    var index = 0
    var quote: Character?
    while index < chars.count {
      let char = chars[index]
      let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
      if inComment {
        if char == "*" && next == "/" {
          inComment = false
          index += 2
          out.append(" ")
        } else {
          index += 1
        }
        continue
      }
      if let open = quote {
        out.append(char)
        if char == "\\", let next {
          out.append(next)
          index += 2
          continue
        }
        if char == open { quote = nil }
        index += 1
        continue
      }
      if char == "\"" || char == "'" {
        quote = char
        out.append(char)
        index += 1
        continue
      }
      if char == "/" && next == "*" {
        inComment = true
        index += 2
        continue
      }
      if char == "/" && next == "/" { break }
      out.append(char)
      index += 1
    }
    return String(out)
  }

  /// Whether `char` can be part of a C identifier or number.
  static func isWord(_ char: Character) -> Bool {
    char == "_" || (char.isASCII && (char.isLetter || char.isNumber))
  }

  /// Whitespace removed except one space between two word characters.
  static func compactingWhitespace(_ text: String) -> String {
    var out: [Character] = []
    var pendingSpace = false
    for char in text {
      if char.isWhitespace {
        pendingSpace = true
        continue
      }
      if pendingSpace, let last = out.last, isWord(last), isWord(char) { out.append(" ") }
      pendingSpace = false
      out.append(char)
    }
    return String(out)
  }

  /// `mmap_lock` spelled `mmap_sem`, and `mmap_write_lock(X)` as `down_write(&X->mmap_sem)`
  /// (the other wrappers alike).
  static func rewritingMmapLock(_ text: String) -> String {
    var result = replacingWord("mmap_lock", with: "mmap_sem", in: text)
    for (wrapper, call) in mmapLockWrappers {
      result = rewritingCalls(of: wrapper, in: result) { argument in
        "\(call)(&\(argument)->mmap_sem)"
      }
    }
    return result
  }

  /// `text` with each whole word `word` replaced.
  static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
    let chars = Array(text)
    let target = Array(word)
    var out: [Character] = []
    var index = 0
    while index < chars.count {
      if chars[index] == target[0], index + target.count <= chars.count,
        Array(chars[index..<index + target.count]) == target,
        index == 0 || !isWord(chars[index - 1]),
        index + target.count == chars.count || !isWord(chars[index + target.count])
      {
        out.append(contentsOf: replacement)
        index += target.count
      } else {
        out.append(chars[index])
        index += 1
      }
    }
    return String(out)
  }

  /// `text` with every call `function(ARG)` (a whole word, one argument without commas)
  /// replaced by `rewrite(ARG)`.
  static func rewritingCalls(of function: String, in text: String, rewrite: (String) -> String) -> String {
    let chars = Array(text)
    let target = Array(function + "(")
    var out: [Character] = []
    var index = 0
    while index < chars.count {
      if index + target.count <= chars.count, Array(chars[index..<index + target.count]) == target,
        index == 0 || !isWord(chars[index - 1]),
        let close = matchingParenthesis(chars, open: index + target.count - 1)
      {
        let argument = String(chars[(index + target.count)..<close])
        if !argument.contains(",") {
          out.append(contentsOf: rewrite(argument))
          index = close + 1
          continue
        }
      }
      out.append(chars[index])
      index += 1
    }
    return String(out)
  }

  /// The index of the `)` that closes the `(` at `open`.
  static func matchingParenthesis(_ chars: [Character], open: Int) -> Int? {
    var depth = 0
    for index in open..<chars.count {
      if chars[index] == "(" { depth += 1 }
      if chars[index] == ")" {
        depth -= 1
        if depth == 0 { return index }
      }
    }
    return nil
  }

  /// Whether the normalized `statement` contains the normalized `code` starting at a word
  /// boundary (so `mmput(mm)` is not found in `mmput_async(mm)` or `xmmput(mm)`), ignoring a
  /// trailing `;` or `{` of `code`.
  public static func contains(_ statement: String, _ code: String) -> Bool {
    var needle = code
    while let last = needle.last, last == ";" || last == "{" { needle.removeLast() }
    guard !needle.isEmpty else { return false }
    let hay = Array(statement)
    let target = Array(needle)
    guard target.count <= hay.count else { return false }
    for start in 0...(hay.count - target.count) where Array(hay[start..<start + target.count]) == target {
      if start > 0, isWord(hay[start - 1]), isWord(target[0]) { continue }
      let end = start + target.count
      if end < hay.count, isWord(hay[end]), let lastChar = target.last, isWord(lastChar) { continue }
      return true
    }
    return false
  }
}
