extension String {
    /// Calls `body` with the string's UTF-8 bytes: read in place when the string stores them
    /// contiguously, as every native Swift string does, and copied once otherwise.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }

    /// Writes the string's UTF-8 bytes at `output`, which has room for them; returns how many.
    func copyUTF8(to output: UnsafeMutablePointer<UInt8>) -> Int {
        withUTF8Bytes { bytes in
            if let base = bytes.baseAddress { output.update(from: base, count: bytes.count) }
            return bytes.count
        }
    }
}
