import Foundation
import LockCheck

/// Writes to standard output and standard error. Everything written goes through
/// `DisplayText.escaped(_:multiline:)`: whatever text a spec smuggles into a message or report
/// (ESC, BEL, NUL, CR, bidi overrides), the terminal only ever sees it escaped.
enum Terminal {
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(line(text).utf8))
  }

  static func error(_ text: String) {
    FileHandle.standardError.write(Data(line(text).utf8))
  }

  /// `text` made safe for the terminal, ending with a newline.
  static func line(_ text: String) -> String {
    let safe = DisplayText.escaped(text, multiline: true)
    return safe.hasSuffix("\n") ? safe : safe + "\n"
  }
}
