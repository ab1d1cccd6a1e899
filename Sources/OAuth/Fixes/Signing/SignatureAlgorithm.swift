/// A digest or MAC a ``RequestSignature`` computes. One value per algorithm; adding one is one
/// static member listed in ``all``.
public struct SignatureAlgorithm: BlockParameterValue, CustomStringConvertible {
    /// The name in provider JSON.
    public let name: String
    /// Whether it takes a key.
    public let isKeyed: Bool
    /// The digest of the message, under the key for a keyed algorithm, in lowercase hex.
    let hexDigest: @Sendable (_ key: UnsafeRawBufferPointer?, _ message: UnsafeRawBufferPointer) -> String

    /// HMAC-SHA256 (RFC 2104, FIPS 180-4): Facebook's `appsecret_proof`.
    public static let hmacSHA256 = SignatureAlgorithm(name: "hmac-sha256", isKeyed: true) { key, message in
        HMAC<SHA256>(key: key ?? UnsafeRawBufferPointer(start: nil, count: 0)).authenticationCode(for: message) { Hex.lowercase($0) }
    }
    /// MD5 (RFC 1321), unkeyed: the `sig` of Mail.ru's and Odnoklassniki's APIs.
    public static let md5 = SignatureAlgorithm(name: "md5", isKeyed: false) { _, message in
        var hash = MD5()
        hash.update(message)
        return hash.finalize { Hex.lowercase($0) }
    }

    /// Every algorithm, by name.
    public static let all: [SignatureAlgorithm] = [.hmacSHA256, .md5]

    public static var expected: String { all.map(\.name).joined(separator: " or ") }

    public init?(json: JSONValue) {
        guard case .string(let name) = json, let algorithm = Self.all.first(where: { $0.name == name }) else { return nil }
        self = algorithm
    }

    private init(name: String, isKeyed: Bool, hexDigest: @escaping @Sendable (UnsafeRawBufferPointer?, UnsafeRawBufferPointer) -> String) {
        self.name = name
        self.isKeyed = isKeyed
        self.hexDigest = hexDigest
    }

    public var json: JSONValue { .string(name) }
    public var description: String { name }
    public static func == (lhs: SignatureAlgorithm, rhs: SignatureAlgorithm) -> Bool { lhs.name == rhs.name }
}
