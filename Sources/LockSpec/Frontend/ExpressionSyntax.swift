/// A parsed, not yet resolved expression. `offset` is the position (in Unicode scalars from the
/// start of the expression text) that errors about this node point at.
indirect enum ExpressionSyntax: Sendable, Equatable {
  case integer(Int, offset: Int)
  case boolean(Bool, offset: Int)
  /// `name` or `name[index]` (a variable, a local, an enum case, or a thread in call arguments).
  case name(String, index: Int?, offset: Int)
  /// `thread.local` or `thread[i].local`.
  case member(thread: String, index: Int?, local: String, offset: Int, localOffset: Int)
  /// `thread@label` or `thread[i]@label`.
  case at(thread: String, index: Int?, label: String, offset: Int, labelOffset: Int)
  /// `done(t)`, `freed(r)`, `readers(L)`, `write_locked(L)`, `holds(t, L)`.
  case call(String, [ExpressionSyntax], offset: Int)
  case not(ExpressionSyntax, offset: Int)
  case negate(ExpressionSyntax, offset: Int)
  /// `offset` is the operator's.
  case binary(BinaryOperator, ExpressionSyntax, ExpressionSyntax, offset: Int)

  /// Where the expression starts.
  var startOffset: Int {
    switch self {
    case .integer(_, let offset), .boolean(_, let offset), .name(_, _, let offset),
      .member(_, _, _, let offset, _), .at(_, _, _, let offset, _), .call(_, _, let offset),
      .not(_, let offset), .negate(_, let offset):
      return offset
    case .binary(_, let lhs, _, _):
      return lhs.startOffset
    }
  }
}

/// A syntax error in an expression, at an offset into its text.
struct ExpressionError: Error, Equatable {
  var message: String
  var offset: Int
}
