extension String {
    /// Calls `body` with the string's UTF-8 bytes: read in place when the string stores them
    /// contiguously, as every native Swift string does, and copied once otherwise.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }
}
