extension String {
    /// The string these bytes encode, or `nil` when they are not valid UTF-8.
    ///
    /// The standard library's `String(validating:as:)` needs macOS 15 and iOS 18; this works on
    /// every platform the package supports.
    static func validatingUTF8<Bytes: Collection>(_ bytes: Bytes) -> String? where Bytes.Element == UInt8 {
        let failed = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true) { _ in }
        return failed ? nil : String(decoding: bytes, as: UTF8.self)
    }
}
