// Verdicts and property kinds encode as their raw strings (`holds`, `no_use_after_free`).
extension Verdict: Codable {}
extension PropertyKind: Codable {}
