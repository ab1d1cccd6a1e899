/// What a provider does with PKCE (RFC 7636), and so what the client sends.
public struct PKCEPolicy: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The policy's name as written in provider JSON.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// Send an S256 challenge; the provider accepts or ignores it. The default (RFC 9700 §2.1.1).
    public static let s256 = PKCEPolicy("s256")
    /// The provider refuses authorization requests without an S256 challenge.
    public static let s256Required = PKCEPolicy("s256-required")
    /// The provider supports only `plain`.
    public static let plainOnly = PKCEPolicy("plain-only")
    /// The provider rejects PKCE parameters: send none.
    public static let unsupported = PKCEPolicy("unsupported")

    /// Every policy.
    public static let all: [PKCEPolicy] = [.s256, .s256Required, .plainOnly, .unsupported]

    /// The challenge method to send, or `nil` for none.
    public var method: PKCE.Method? {
        switch self {
        case .plainOnly: .plain
        case .unsupported: nil
        default: .s256
        }
    }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let policy = Self.all.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected a PKCE policy (\(Self.all.map(\.name).joined(separator: ", "))), got \"\(name)\""
            ))
        }
        self = policy
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var description: String { name }
}

/// The OAuth version a provider speaks.
public struct OAuthVersion: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The version as written in provider JSON: `"2.0"` or `"1.0a"`.
    public let name: String

    private init(_ name: String) { self.name = name }

    /// OAuth 2.0 (RFC 6749).
    public static let oauth2 = OAuthVersion("2.0")
    /// OAuth 1.0a (RFC 5849).
    public static let oauth1 = OAuthVersion("1.0a")

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        switch name {
        case "2.0", "2": self = .oauth2
        case "1.0a", "1.0", "1": self = .oauth1
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected an OAuth version (\"2.0\" or \"1.0a\"), got \"\(name)\""))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }

    public var description: String { name }
}
