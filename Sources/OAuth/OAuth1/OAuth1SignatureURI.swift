/// The parts of an http or https URL a signature needs, found in its text without Foundation:
/// where the host, port, path and query are.
struct OAuth1RequestTarget {
    /// Whether the scheme is `https` (else `http`).
    let secure: Bool
    /// The host, with the brackets of an IP literal.
    let host: Range<Int>
    /// The port, when the URL names one that is not the scheme's default.
    let port: Int?
    /// The path, empty for none.
    let path: Range<Int>
    /// The query, without `?`, when the URL has one.
    let query: Range<Int>?

    /// Finds the parts of the URL in `text`; `nil` unless it is an absolute http or https URL
    /// with a host.
    init?(_ text: UnsafeBufferPointer<UInt8>) {
        guard let colon = text.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let scheme = UnsafeBufferPointer(rebasing: text[..<colon])
        if Self.equalsIgnoringCase(scheme, "http") {
            secure = false
        } else if Self.equalsIgnoringCase(scheme, "https") {
            secure = true
        } else {
            return nil
        }
        let authorityStart = colon + 3
        guard authorityStart <= text.count, text[colon + 1] == UInt8(ascii: "/"), text[colon + 2] == UInt8(ascii: "/") else { return nil }
        var authorityEnd = authorityStart
        while authorityEnd < text.count {
            let byte = text[authorityEnd]
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { break }
            authorityEnd += 1
        }
        var hostStart = authorityStart
        for index in authorityStart..<authorityEnd where text[index] == UInt8(ascii: "@") { hostStart = index + 1 }
        var hostEnd = hostStart
        if hostStart < authorityEnd, text[hostStart] == UInt8(ascii: "[") {
            while hostEnd < authorityEnd, text[hostEnd] != UInt8(ascii: "]") { hostEnd += 1 }
            guard hostEnd < authorityEnd else { return nil }
            hostEnd += 1
        } else {
            while hostEnd < authorityEnd, text[hostEnd] != UInt8(ascii: ":") { hostEnd += 1 }
        }
        guard hostEnd > hostStart else { return nil }
        host = hostStart..<hostEnd
        var port: Int?
        if hostEnd < authorityEnd {
            guard text[hostEnd] == UInt8(ascii: ":"), authorityEnd - hostEnd <= 6 else { return nil }
            var value = 0
            for index in (hostEnd + 1)..<authorityEnd {
                let digit = text[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            if authorityEnd > hostEnd + 1 { port = value }
        }
        self.port = port == (secure ? 443 : 80) ? nil : port
        var pathEnd = authorityEnd
        while pathEnd < text.count, text[pathEnd] != UInt8(ascii: "?"), text[pathEnd] != UInt8(ascii: "#") { pathEnd += 1 }
        path = authorityEnd..<pathEnd
        if pathEnd < text.count, text[pathEnd] == UInt8(ascii: "?") {
            var queryEnd = pathEnd + 1
            while queryEnd < text.count, text[queryEnd] != UInt8(ascii: "#") { queryEnd += 1 }
            query = (pathEnd + 1)..<queryEnd
        } else {
            query = nil
        }
    }

    /// An upper bound on the length of the base string URI.
    var uriCountBound: Int { 8 + host.count + 6 + max(path.count, 1) }

    /// Writes the base string URI (§3.4.1.2): scheme and host in lower case, the port unless
    /// it is the default, the path as sent (`/` when empty).
    func writeURI(from text: UnsafeBufferPointer<UInt8>, to cursor: inout UnsafeMutablePointer<UInt8>) {
        if secure { OAuth1SignatureInput.write("https://", to: &cursor) } else { OAuth1SignatureInput.write("http://", to: &cursor) }
        for byte in text[host] {
            cursor.pointee = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
            cursor += 1
        }
        if let port {
            cursor.pointee = UInt8(ascii: ":")
            cursor += 1
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0)
            let count = withUnsafeMutableBytes(of: &digits) { digits in
                var value = port
                var count = 0
                repeat {
                    digits[5 - count] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                    count += 1
                } while value > 0
                cursor.update(from: digits.baseAddress!.assumingMemoryBound(to: UInt8.self) + 6 - count, count: count)
                return count
            }
            cursor += count
        }
        if path.isEmpty {
            cursor.pointee = UInt8(ascii: "/")
            cursor += 1
        } else {
            cursor.update(from: text.baseAddress! + path.lowerBound, count: path.count)
            cursor += path.count
        }
    }

    private static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        for index in 0..<bytes.count where bytes[index] | 0x20 != lowercase.utf8Start[index] { return false }
        return true
    }
}
