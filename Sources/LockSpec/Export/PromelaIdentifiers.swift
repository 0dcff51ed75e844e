/// Hands out Promela identifiers: each lockspec name with its runs of characters outside
/// `[A-Za-z0-9_]` turned into one `_`, never a Promela, LTL or C keyword, and unique.
struct PromelaIdentifiers {
  private var used: Set<String> = []

  /// Words a model's name must not become: Promela and its LTL syntax, C (every global is a
  /// field of pan's state struct) and the names pan.c itself declares.
  static let reserved: Set<String> = [
    // Promela
    "active", "assert", "atomic", "bit", "bool", "break", "byte", "chan", "d_step", "D_proctype", "do", "else",
    "empty", "enabled", "eval", "false", "fi", "full", "goto", "hidden", "if", "init", "inline", "int", "len",
    "local", "ltl", "mtype", "nempty", "never", "nfull", "od", "of", "pc_value", "printf", "printm", "priority",
    "proctype", "provided", "run", "short", "skip", "timeout", "true", "typedef", "unless", "unsigned", "xr",
    "xs", "select", "for", "in", "np_", "_pid", "_nr_pr", "_last", "_priority", "get_priority", "set_priority",
    "c_code", "c_expr", "c_decl", "c_state", "c_track", "show", "trace", "notrace", "accept", "progress", "end",
    // LTL operators
    "always", "eventually", "until", "weak", "stronguntil", "implies", "equivalent", "release", "X", "U", "V",
    "W", "R", "F", "G",
    // C
    "auto", "case", "char", "const", "continue", "default", "double", "enum", "extern", "float", "long",
    "register", "return", "signed", "sizeof", "static", "struct", "switch", "union", "void", "volatile",
    "while", "main", "exit", "abort",
    // pan.c
    "now", "Trans", "Uerror", "uerror", "State", "P0", "Q0", "Pptr", "Qptr", "trpt", "tau", "depth", "errors",
    "nstates", "truncs", "Maxbody", "Air", "Mask", "vsize", "hmax", "Stack_Top", "this", "II", "tt", "t", "ot",
    "o_pm", "m", "M", "N", "S", "T",
  ]

  /// A fresh identifier for `name`: the name cleaned up, with `_2`, `_3`, ... appended when
  /// that is taken or reserved.
  mutating func make(_ name: String) -> String {
    let base = Self.clean(name)
    var candidate = base
    var suffix = 2
    while used.contains(candidate) || Self.reserved.contains(candidate) {
      candidate = "\(base)_\(suffix)"
      suffix += 1
    }
    used.insert(candidate)
    return candidate
  }

  /// `name` with every run of other characters replaced by one `_` (none at the end), starting
  /// with a letter (`v` prepended otherwise).
  static func clean(_ name: String) -> String {
    var result = ""
    var pendingUnderscore = false
    for scalar in name.unicodeScalars {
      let isWordCharacter =
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
        || scalar == "_"
      if isWordCharacter {
        if pendingUnderscore && !result.isEmpty { result.append("_") }
        pendingUnderscore = false
        result.unicodeScalars.append(scalar)
      } else {
        pendingUnderscore = true
      }
    }
    if let first = result.unicodeScalars.first, !((first >= "a" && first <= "z") || (first >= "A" && first <= "Z")) {
      result = "v" + result
    }
    return result.isEmpty ? "v" : result
  }
}
