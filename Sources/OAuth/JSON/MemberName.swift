import Foundation

/// A member or parameter name compared and hashed by its UTF-8 bytes.
///
/// RFC 8259 §8.3 compares member names code unit by code unit. Swift's `String ==` compares by
/// canonical equivalence instead, under which `"é"` (U+00E9) equals `"e\u{301}"` and `";"`
/// equals the Greek question mark U+037E: names that are distinct on the wire. Indexes over
/// names use this type so such names stay distinct.
struct MemberName: Hashable, Sendable {
    let string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: MemberName, rhs: MemberName) -> Bool {
        lhs.string.hasSameBytes(as: rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        var copy = string
        copy.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(string.utf8.count)
    }
}

extension String {
    /// Whether the two strings are the same UTF-8 bytes (not merely canonically equivalent).
    @inline(__always)
    func hasSameBytes(as other: String) -> Bool {
        let left = utf8, right = other.utf8
        guard left.count == right.count else { return false }
        let compared = left.withContiguousStorageIfAvailable { a in
            right.withContiguousStorageIfAvailable { b in
                // Member names are short: a loop costs less than calling memcmp.
                guard a.count > 16 else {
                    for index in 0..<a.count where a[index] != b[index] { return false }
                    return true
                }
                return memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0
            }
        }
        if let compared, let same = compared { return same }
        return left.elementsEqual(right)
    }
}
