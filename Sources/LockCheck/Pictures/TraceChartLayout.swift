/// The geometry and drawing of one `TraceChart`: lanes, rows, hold bars and their tracks, in
/// whole pixels so the output is the same on every machine.
struct TraceChartLayout {
  let counterexample: Counterexample
  let codeLimit: Int
  let holds: [LockHold]
  /// Thread indices of the lanes, left to right, and their printed names.
  let lanes: [(index: Int, name: String)]
  /// For each hold, its track (0 nearest the lane's left edge) among the holds of its lane.
  let tracks: [Int]
  /// For each lane, its left edge and width.
  let laneX: [Int]
  let laneWidth: [Int]
  /// Colours by lock, in the order locks are first taken.
  let lockColors: [String: String]

  static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"]
  static let margin = 16
  static let numberWidth = 44
  static let rowHeight = 26
  static let trackWidth = 8
  static let titleY = 24
  /// The title, initial values and conclusion are cut at this many characters.
  static let lineLimit = 240
  /// Pixels per character of the 12px monospace font, as a fraction (15/2 = 7.5).
  static func textWidth(_ characters: Int) -> Int { (characters * 15 + 1) / 2 }

  init(counterexample: Counterexample, locks: LockSlots, codeLimit: Int) {
    self.counterexample = counterexample
    self.codeLimit = codeLimit
    let holds = LockHold.holds(in: counterexample, locks: locks)
    self.holds = holds
    var lanes: [(index: Int, name: String)] = []
    for step in counterexample.steps where !lanes.contains(where: { $0.index == step.threadIndex }) {
      lanes.append((step.threadIndex, step.thread))
    }
    lanes.sort { $0.index < $1.index }
    self.lanes = lanes

    let rows = counterexample.steps.count
    var tracks: [Int] = []
    for (n, hold) in holds.enumerated() {
      let busy = Set(
        holds[..<n].indices.filter { other in
          holds[other].threadIndex == hold.threadIndex && holds[other].from <= (hold.until ?? rows)
            && hold.from <= (holds[other].until ?? rows)
        }.map { tracks[$0] })
      tracks.append((0...).first { !busy.contains($0) } ?? 0)
    }
    self.tracks = tracks

    var colors: [String: String] = [:]
    for hold in holds where colors[hold.lock] == nil {
      colors[hold.lock] = Self.palette[colors.count % Self.palette.count]
    }
    self.lockColors = colors

    var x = Self.margin + Self.numberWidth
    var laneX: [Int] = []
    var laneWidth: [Int] = []
    for lane in lanes {
      let trackCount = zip(holds, tracks).filter { $0.0.threadIndex == lane.index }.map { $0.1 + 1 }.max() ?? 0
      var characters = DisplayText.escaped(lane.name).count
      for step in counterexample.steps where step.threadIndex == lane.index {
        characters = max(characters, Self.entry(step, limit: codeLimit).count)
      }
      let width = 12 + trackCount * Self.trackWidth + Self.textWidth(characters) + 12
      laneX.append(x)
      laneWidth.append(width)
      x += width
    }
    self.laneX = laneX
    self.laneWidth = laneWidth
  }

  /// The row text of a step: its statement and result, display-escaped and cut to `limit`.
  static func entry(_ step: CounterexampleStep, limit: Int) -> String {
    SVGText.truncated(CounterexampleRenderer().entry(step), to: limit)
  }

  var initialLine: String? {
    counterexample.initial.isEmpty ? nil : "initially: " + counterexample.initial.joined(separator: ", ")
  }
  var headerY: Int { Self.titleY + (initialLine == nil ? 28 : 46) }
  var rowsTop: Int { headerY + 12 }
  func rowY(_ row: Int) -> Int { rowsTop + row * Self.rowHeight }
  var rowsBottom: Int { rowY(max(counterexample.steps.count, 1)) }
  var width: Int {
    let lanesRight = (laneX.last ?? Self.margin + Self.numberWidth) + (laneWidth.last ?? 0)
    // The title is in 14px bold: 17/15 of a 12px character.
    let title = (DisplayText.escaped(CounterexampleRenderer().header(counterexample)).count * 17 + 14) / 15
    let texts = [initialLine ?? "", "<- " + counterexample.conclusion]
    let longest = max(title, texts.map { DisplayText.escaped($0).count }.max() ?? 0)
    let legend = lockColors.keys.reduce(Self.margin) { sum, lock in
      sum + 30 + Self.textWidth(SVGText.truncated(DisplayText.escaped(lock), to: 40).count)
    }
    return max(lanesRight, legend, Self.margin + Self.textWidth(min(longest, Self.lineLimit))) + Self.margin
  }
  var height: Int { rowsBottom + (holds.isEmpty ? 66 : 86) }

  /// Which step the chart marks as the one that violates (or witnesses) the property.
  var markedStep: Int? {
    guard counterexample.cycleStart == nil, !counterexample.steps.isEmpty else { return nil }
    return counterexample.steps.count - 1
  }

  func document() -> String {
    var svg = TraceChartSVG()
    let kind = counterexample.kind == .witness ? "witness" : "counterexample"
    svg.open(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("width", "\(width)"), ("height", "\(height)"),
        ("viewBox", "0 0 \(width) \(height)"), ("font-family", "monospace"), ("font-size", "12"),
      ])
    svg.element("title", text: CounterexampleRenderer().header(counterexample))
    svg.element("desc", text: "lockspec \(kind) chart: one lane per thread, one row per step, time going down")
    svg.element("rect", [("width", "\(width)"), ("height", "\(height)"), ("fill", "#ffffff")])
    svg.element(
      "text", [("x", "\(Self.margin)"), ("y", "\(Self.titleY)"), ("font-weight", "bold"), ("font-size", "14")],
      text: SVGText.truncated(DisplayText.escaped(CounterexampleRenderer().header(counterexample)), to: Self.lineLimit))
    if let initialLine {
      svg.element(
        "text", [("x", "\(Self.margin)"), ("y", "\(Self.titleY + 20)"), ("fill", "#555555")],
        text: SVGText.truncated(DisplayText.escaped(initialLine), to: Self.lineLimit))
    }
    drawRows(&svg)
    drawLanes(&svg)
    drawCycle(&svg)
    drawHolds(&svg)
    drawSteps(&svg)
    drawFooter(&svg)
    svg.close("svg")
    return svg.text
  }

  /// The row backgrounds: the marked step red (violation) or green (witness).
  func drawRows(_ svg: inout TraceChartSVG) {
    let right = width - Self.margin
    for row in counterexample.steps.indices {
      var fill = row % 2 == 0 ? "#f7f7f7" : "#ffffff"
      var kind = "row"
      if row == markedStep {
        fill = counterexample.kind == .witness ? "#dff0d8" : "#f9d6d5"
        kind = counterexample.kind == .witness ? "row reached" : "row fault"
      } else if let start = counterexample.cycleStart, row >= start {
        fill = "#fff4cc"
        kind = "row cycle"
      }
      svg.element(
        "rect",
        [
          ("class", kind), ("x", "\(Self.margin)"), ("y", "\(rowY(row))"), ("width", "\(right - Self.margin)"),
          ("height", "\(Self.rowHeight)"), ("fill", fill),
        ])
    }
    if counterexample.steps.isEmpty {
      svg.element(
        "text", [("x", "\(Self.margin)"), ("y", "\(rowsTop + 17)"), ("fill", "#555555")],
        text: "(in an initial state)")
    }
  }

  func drawLanes(_ svg: inout TraceChartSVG) {
    for (n, lane) in lanes.enumerated() {
      let x = laneX[n]
      svg.open("g", [("class", "lane")])
      svg.element("title", text: lane.name)
      svg.element(
        "text", [("x", "\(x + 12)"), ("y", "\(headerY)"), ("font-weight", "bold")],
        text: SVGText.truncated(DisplayText.escaped(lane.name), to: max(codeLimit, 12)))
      svg.element(
        "line",
        [
          ("x1", "\(x + 6)"), ("y1", "\(rowsTop)"), ("x2", "\(x + 6)"), ("y2", "\(rowsBottom)"),
          ("stroke", "#bbbbbb"), ("stroke-dasharray", "4 3"),
        ])
      svg.close("g")
    }
  }

  /// A lasso's cycle: a bracket in the number column from its first step to the last.
  func drawCycle(_ svg: inout TraceChartSVG) {
    guard let start = counterexample.cycleStart, start < counterexample.steps.count else { return }
    let top = rowY(start) + 3
    let bottom = rowsBottom - 3
    let x = Self.margin + 4
    svg.open("g", [("class", "cycle")])
    svg.element("title", text: "steps \(start + 1)-\(counterexample.steps.count) repeat forever")
    svg.element(
      "path",
      [
        ("d", "M \(x + 8) \(top) H \(x) V \(bottom) H \(x + 8) M \(x) \(top) l 4 6 M \(x) \(top) l -4 6"),
        ("fill", "none"), ("stroke", "#b8860b"), ("stroke-width", "2"),
      ])
    svg.close("g")
  }

  func drawHolds(_ svg: inout TraceChartSVG) {
    for (hold, track) in zip(holds, tracks) {
      guard let lane = lanes.firstIndex(where: { $0.index == hold.threadIndex }) else { continue }
      let x = laneX[lane] + 10 + track * Self.trackWidth
      let top = rowY(hold.from) + 4
      let bottom = hold.until.map { rowY($0) + Self.rowHeight / 2 } ?? rowsBottom
      let color = lockColors[hold.lock] ?? Self.palette[0]
      let thread = lanes[lane].name
      let span =
        hold.until.map { "steps \(hold.from + 1)-\($0 + 1)" } ?? "from step \(hold.from + 1) to the end"
      var attributes = [
        ("class", "hold \(hold.mode.rawValue)"), ("x", "\(x)"), ("y", "\(top)"), ("width", "5"),
        ("height", "\(max(bottom - top, 4))"), ("stroke", color),
      ]
      attributes +=
        hold.mode == .write
        ? [("fill", color)] : [("fill", color), ("fill-opacity", "0.25"), ("stroke-dasharray", "3 2")]
      svg.open("rect", attributes)
      svg.element("title", text: "\(thread) holds \(hold.lock) (\(hold.mode.rawValue)), \(span)")
      svg.close("rect")
    }
  }

  func drawSteps(_ svg: inout TraceChartSVG) {
    for (row, step) in counterexample.steps.enumerated() {
      guard let lane = lanes.firstIndex(where: { $0.index == step.threadIndex }) else { continue }
      let trackCount = zip(holds, tracks).filter { $0.0.threadIndex == step.threadIndex }.map { $0.1 + 1 }.max() ?? 0
      let y = rowY(row) + 17
      svg.open("g", [("class", row == markedStep ? "step marked" : "step")])
      svg.element("title", text: tooltip(step, number: row + 1), multiline: true)
      svg.element(
        "text", [("x", "\(Self.margin + Self.numberWidth - 10)"), ("y", "\(y)"), ("text-anchor", "end")],
        text: "\(row + 1)")
      var attributes = [("x", "\(laneX[lane] + 12 + trackCount * Self.trackWidth)"), ("y", "\(y)")]
      if row == markedStep { attributes.append(("font-weight", "bold")) }
      svg.element("text", attributes, text: Self.entry(step, limit: codeLimit))
      svg.close("g")
    }
  }

  /// What hovering a row shows: the step, its thread, `at:`, result and every change.
  func tooltip(_ step: CounterexampleStep, number: Int) -> String {
    var lines = ["step \(number): \(step.thread)"]
    if !step.label.isEmpty { lines.append("label: \(step.label)") }
    if !step.code.isEmpty { lines.append("code: \(step.code)") }
    if !step.location.isEmpty { lines.append("at: \(step.location)") }
    if let result = step.result { lines.append("result: \(result)") }
    for change in step.changes { lines.append("\(change.slot): \(change.from) -> \(change.to)") }
    if number - 1 == markedStep { lines.append(counterexample.conclusion) }
    return lines.map { DisplayText.escaped($0) }.joined(separator: "\n")
  }

  /// The conclusion under the rows, and the legend.
  func drawFooter(_ svg: inout TraceChartSVG) {
    let color = counterexample.kind == .witness ? "#2e7d32" : "#c62828"
    svg.element(
      "text", [("class", "conclusion"), ("x", "\(Self.margin)"), ("y", "\(rowsBottom + 24)"), ("fill", color)],
      text: SVGText.truncated(DisplayText.escaped("<- " + counterexample.conclusion), to: Self.lineLimit))
    svg.element(
      "text", [("x", "\(Self.margin)"), ("y", "\(rowsBottom + 48)"), ("fill", "#777777"), ("font-size", "11")],
      text:
        "bars: lock holds (solid: write or exclusive; pale, dashed outline: read); hover a row for its location and changes"
    )
    var x = Self.margin
    var drawn: Set<String> = []
    for hold in holds where drawn.insert(hold.lock).inserted {
      let name = SVGText.truncated(DisplayText.escaped(hold.lock), to: 40)
      svg.open("g", [("class", "lock")])
      svg.element(
        "rect",
        [
          ("x", "\(x)"), ("y", "\(rowsBottom + 58)"), ("width", "10"), ("height", "10"),
          ("fill", lockColors[hold.lock] ?? Self.palette[0]),
        ])
      svg.element("text", [("x", "\(x + 14)"), ("y", "\(rowsBottom + 67)"), ("font-size", "11")], text: name)
      svg.close("g")
      x += 14 + Self.textWidth(name.count) + 16
    }
  }
}
