/// A 128-bit hash of text that is the same on every run and every machine (unlike `Hasher`),
/// for naming cached results: two independent 64-bit FNV-1a style lanes.
public enum StableHash {
  /// The hash of `text` as 32 hex digits.
  public static func hex(_ text: String) -> String {
    var a: UInt64 = 0xCBF2_9CE4_8422_2325
    var b: UInt64 = 0x6A09_E667_F3BC_C909
    for byte in text.utf8 {
      a = (a ^ UInt64(byte)) &* 0x100_0000_01B3
      b = (b ^ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
      b ^= b >> 29
    }
    return hex64(a) + hex64(b)
  }

  private static func hex64(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}
