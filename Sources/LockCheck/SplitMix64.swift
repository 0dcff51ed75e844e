/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator whose sequence is
/// fixed by its seed on every platform and toolchain, so simulations replay exactly.
public struct SplitMix64: RandomNumberGenerator, Sendable, Equatable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound` (Lemire's multiply-shift with rejection; `bound > 0`).
  /// Defined here rather than via `Int.random(in:using:)`, whose algorithm the standard
  /// library may change.
  public mutating func next(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let range = UInt64(bound)
    let threshold = (0 &- range) % range
    while true {
      let product = next().multipliedFullWidth(by: range)
      if product.low >= threshold { return Int(product.high) }
    }
  }

  /// The seed of run `run` of a simulation seeded with `seed`.
  public static func seed(_ seed: UInt64, run: Int) -> UInt64 {
    var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: run) &* 0xD1B5_4A32_D192_ED03))
    return mixer.next()
  }
}
