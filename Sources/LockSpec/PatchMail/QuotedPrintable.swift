/// The quoted-printable transfer encoding of mail bodies (RFC 2045): `=09` is a tab, `=3D` is `=`,
/// and a line ending in `=` continues on the next. List archives send patches this way.
enum QuotedPrintable {
  /// Whether the headers (the lines before the first empty one) declare the body quoted-printable.
  static func isDeclared(in lines: [(number: Int, text: String)]) -> Bool {
    for line in lines {
      if line.text.isEmpty { return false }
      let lower = line.text.lowercased()
      if lower.hasPrefix("content-transfer-encoding:"), lower.contains("quoted-printable") { return true }
    }
    return false
  }

  /// The body lines after the headers decoded: soft line breaks joined (the joined line keeps the
  /// number of its first part), `=XX` turned into the byte it stands for. The headers stay as
  /// they are.
  static func decodeBody(_ lines: [(number: Int, text: String)]) -> [(number: Int, text: String)] {
    guard let end = lines.firstIndex(where: { $0.text.isEmpty }) else { return lines }
    var result = Array(lines[...end])
    var pending: (number: Int, bytes: [UInt8])?
    for line in lines[(end + 1)...] {
      var bytes = pending?.bytes ?? []
      let number = pending?.number ?? line.number
      let utf8 = Array(line.text.utf8)
      var index = 0
      var soft = false
      while index < utf8.count {
        let byte = utf8[index]
        if byte == UInt8(ascii: "=") {
          if index == utf8.count - 1 {
            soft = true
            index += 1
            continue
          }
          if index + 2 < utf8.count, let high = hex(utf8[index + 1]), let low = hex(utf8[index + 2]) {
            bytes.append(high << 4 | low)
            index += 3
            continue
          }
        }
        bytes.append(byte)
        index += 1
      }
      if soft {
        pending = (number, bytes)
      } else {
        pending = nil
        result.append((number, String(decoding: bytes, as: UTF8.self)))
      }
    }
    if let pending { result.append((pending.number, String(decoding: pending.bytes, as: UTF8.self))) }
    return result
  }

  private static func hex(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    default: return nil
    }
  }
}
