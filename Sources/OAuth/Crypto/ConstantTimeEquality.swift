/// Whether two byte strings are equal, in a time that depends only on their lengths, which are
/// not secret: different lengths are unequal at once, and equal lengths are compared to the last
/// byte. For every secret a peer may probe by timing: `state`, passwords and client secrets,
/// PKCE challenges, OAuth 1.0a tokens, verifiers and signatures.
///
/// ```swift
/// guard constantTimeEquals(given.utf8, expected.utf8) else { throw .stateMismatch }
/// ```
public func constantTimeEquals<A: Collection, B: Collection>(_ a: A, _ b: B) -> Bool where A.Element == UInt8, B.Element == UInt8 {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    for (x, y) in zip(a, b) { difference |= x ^ y }
    return difference == 0
}
