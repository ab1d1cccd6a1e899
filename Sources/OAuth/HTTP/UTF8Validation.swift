extension String {
    /// The string these bytes encode, or `nil` when they are not valid UTF-8.
    ///
    /// The standard library's `String(validating:as:)` needs macOS 15 and iOS 18; this works on
    /// every platform the package supports.
    static func validatingUTF8<Bytes: Collection>(_ bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        if let string = bytes.withContiguousStorageIfAvailable({ UTF8Validation.string($0) }) { return string }
        return Array(bytes).withUnsafeBufferPointer { UTF8Validation.string($0) }
    }
}

/// Checks bytes for well-formed UTF-8 (the Unicode Standard's table 3-7: no overlong forms, no
/// surrogates, nothing above U+10FFFF), eight ASCII bytes at a time.
enum UTF8Validation {
    /// The string these bytes encode, or `nil` when they are not valid UTF-8.
    @inline(__always)
    static func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }

    /// Whether the bytes are well-formed UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            // ASCII runs, a word at a time.
            while index &+ 8 <= count, UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index &+= 8
            }
            guard index < count else { return true }
            let lead = base[index]
            if lead < 0x80 {
                index &+= 1
                continue
            }
            guard let length = sequenceLength(base + index, available: count - index) else { return false }
            index &+= length
        }
        return true
    }

    /// The length of the well-formed multi-byte sequence at `start`, or `nil`.
    @inline(__always)
    private static func sequenceLength(_ start: UnsafePointer<UInt8>, available: Int) -> Int? {
        let lead = start[0]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            offset < available && range.contains(start[offset])
        }
        switch lead {
        case 0xC2...0xDF:
            return continuation(1) ? 2 : nil
        case 0xE0:
            return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF:
            return continuation(1) && continuation(2) ? 3 : nil
        case 0xED:
            return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0:
            return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3:
            return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4:
            return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default:
            return nil
        }
    }
}
