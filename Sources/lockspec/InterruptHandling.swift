import Foundation
import LockCheck

/// SIGINT and SIGTERM during `check`: the first asks every search to stop (`Interruption`), so
/// the partial verdicts, the matrix and the JUnit file are still written and `check` exits 130;
/// a second one kills the process at once.
enum InterruptHandling {
  /// Exit status after an interruption (128 + SIGINT, as shells report it).
  static let exitStatus: Int32 = 130

  /// Installs the handlers (idempotent).
  static func install() {
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber) { received in
        // Only async-signal-safe work here: an atomic exchange, signal() and raise().
        if Interruption.request() {
          signal(received, SIG_DFL)
          raise(received)
        }
      }
    }
  }
}
