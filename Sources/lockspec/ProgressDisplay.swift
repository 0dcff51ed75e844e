import Foundation
import LockCheck

/// The progress line `check` shows on stderr about once a second while models are explored:
/// states, states per second, depth, queue, memory, and models done of total. Redrawn in place
/// on a terminal (and erased before any report text is written); one line per second when
/// forced onto a pipe. Never on stdout, never in a report.
final class ProgressDisplay: @unchecked Sendable {
  private let progresses: [ExplorationProgress]
  private let pool: MemoryPool?
  private let inPlace: Bool
  private let lock = NSLock()
  private var lineShown = false
  private var finished = false
  private let done = DispatchSemaphore(value: 0)
  private let start = ContinuousClock.now

  /// - Parameter inPlace: redraw one line with `\r` (stderr is a terminal) rather than print
  ///   a line per update.
  init(progresses: [ExplorationProgress], pool: MemoryPool?, inPlace: Bool) {
    self.progresses = progresses
    self.pool = pool
    self.inPlace = inPlace
  }

  /// Whether standard error is a terminal.
  static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }

  /// Starts updating: nothing for the first second (short runs show no progress), then about
  /// once a second until `stop()`.
  func begin() {
    let thread = Thread { [self] in
      var previousStates = 0
      var previousTime = ContinuousClock.now
      while done.wait(timeout: .now() + 1) == .timedOut {
        let now = ContinuousClock.now
        let line = self.line(previousStates: &previousStates, previousTime: &previousTime, now: now)
        lock.lock()
        if !finished { write(line) }
        lock.unlock()
      }
    }
    thread.name = "lockspec progress"
    thread.start()
  }

  /// Stops updating and erases the line.
  func stop() {
    lock.lock()
    defer { lock.unlock() }
    guard !finished else { return }
    finished = true
    erase()
    done.signal()
  }

  /// Runs `body` (which writes report text) with the progress line erased.
  func withOutput(_ body: () -> Void) {
    lock.lock()
    erase()
    body()
    lock.unlock()
  }

  private func erase() {
    guard inPlace, lineShown else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    lineShown = false
  }

  private func write(_ line: String) {
    if inPlace {
      FileHandle.standardError.write(Data(("\r\u{1B}[K" + line).utf8))
      lineShown = true
    } else {
      FileHandle.standardError.write(Data((line + "\n").utf8))
    }
  }

  /// The figures summed over the running models.
  func line(previousStates: inout Int, previousTime: inout ContinuousClock.Instant, now: ContinuousClock.Instant)
    -> String
  {
    var states = 0
    var queue = 0
    var depth = 0
    var bytes = 0
    var modelsDone = 0
    for progress in progresses {
      let snapshot = progress.snapshot
      states += snapshot.states
      if snapshot.finished {
        modelsDone += 1
      } else if snapshot.started {
        queue += snapshot.queue
        depth = max(depth, snapshot.depth)
        bytes += snapshot.bytes
      }
    }
    let interval = now - previousTime
    let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) * 1e-18
    let rate = seconds > 0 ? Int(Double(max(states - previousStates, 0)) / seconds) : 0
    previousStates = states
    previousTime = now
    let elapsed = (now - start).components.seconds
    let memory = (pool?.reserved ?? bytes) >> 20
    return "lockspec: \(TextReport.grouped(states)) states, \(TextReport.grouped(rate))/s, depth \(depth), queue "
      + "\(TextReport.grouped(queue)), \(memory) MiB; \(modelsDone)/\(progresses.count) models done; \(elapsed) s"
  }
}
