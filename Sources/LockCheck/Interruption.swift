import Synchronization

/// The process-wide request to stop exploring, set by the command line's SIGINT and SIGTERM
/// handlers (an atomic store, safe in a signal handler) and polled by every running search.
public enum Interruption {
  private static let flag = Atomic<Bool>(false)

  /// Asks every running and future search to stop; returns whether a stop was already requested.
  @discardableResult
  public static func request() -> Bool {
    flag.exchange(true, ordering: .relaxed)
  }

  /// Whether a stop was requested.
  public static var isRequested: Bool { flag.load(ordering: .relaxed) }

  /// Withdraws the request (tests, or a tool that runs searches after handling one).
  public static func reset() { flag.store(false, ordering: .relaxed) }
}
