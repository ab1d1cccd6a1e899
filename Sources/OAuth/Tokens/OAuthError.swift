import Foundation

/// An error response from an authorization server (RFC 6749 §5.2 and §4.1.2.1).
///
/// Unknown codes are kept as they came. The description is limited to the characters §5.2
/// allows and to 256 of them; `error_uri` is kept only when it is an https URL, and is never
/// opened.
public struct OAuthError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The `error` code.
    public struct Code: Sendable, Hashable, ExpressibleByStringLiteral, CustomStringConvertible {
        /// The code as sent.
        public let rawValue: String

        /// Creates a code.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        /// `invalid_request`.
        public static let invalidRequest: Code = "invalid_request"
        /// `invalid_client`.
        public static let invalidClient: Code = "invalid_client"
        /// `invalid_grant`: the code, refresh token or credentials are invalid, expired or revoked.
        public static let invalidGrant: Code = "invalid_grant"
        /// `unauthorized_client`.
        public static let unauthorizedClient: Code = "unauthorized_client"
        /// `unsupported_grant_type`.
        public static let unsupportedGrantType: Code = "unsupported_grant_type"
        /// `invalid_scope`.
        public static let invalidScope: Code = "invalid_scope"
        /// `access_denied`.
        public static let accessDenied: Code = "access_denied"
        /// `server_error`.
        public static let serverError: Code = "server_error"
        /// `temporarily_unavailable`.
        public static let temporarilyUnavailable: Code = "temporarily_unavailable"

        public var description: String { rawValue }
    }

    /// The error code.
    public let code: Code
    /// The human-readable description, sanitised.
    public let errorDescription: String?
    /// The `error_uri`, when it was an https URL.
    public var uri: URL? { uriText.flatMap(Self.httpsURL) }
    /// The `error_uri` as it came: read as a URL only when someone asks for ``uri``, since
    /// most error responses are only ever matched by their code.
    private let uriText: String?
    /// The HTTP status the error came with.
    public let status: Int
    /// Other members of the error body, kept as they came.
    public let extras: JSONObject

    /// Creates an error, sanitising the description and dropping a non-https URI.
    public init(code: Code, description: String? = nil, uri: String? = nil, status: Int = 400, extras: JSONObject = [:]) {
        self.code = code
        self.errorDescription = description.map(Self.sanitise).flatMap { $0.isEmpty ? nil : $0 }
        self.uriText = uri
        self.status = status
        self.extras = extras
    }

    /// The text as a URL when it is an https one.
    private static func httpsURL(_ text: String) -> URL? {
        URL(string: text).flatMap { $0.scheme?.lowercased() == "https" ? $0 : nil }
    }

    /// Same code, description, https URI (compared as URLs), status and extras.
    public static func == (lhs: OAuthError, rhs: OAuthError) -> Bool {
        lhs.code == rhs.code && lhs.errorDescription == rhs.errorDescription && lhs.status == rhs.status
            && lhs.extras == rhs.extras && lhs.uri == rhs.uri
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(errorDescription)
        hasher.combine(uri)
        hasher.combine(status)
        hasher.combine(extras)
    }

    /// `CODE: description`, the way the command line prints it.
    public var description: String {
        errorDescription.map { "\(code): \($0)" } ?? code.rawValue
    }

    /// Keeps the characters RFC 6749 §5.2 allows in `error_description` (%x20-21 / %x23-5B /
    /// %x5D-7E), at most 256 of them.
    static func sanitise(_ text: String) -> String {
        // The allowed characters are all ASCII, so bytes can be judged one by one; a multi-byte
        // character is dropped whole, since none of its bytes is allowed.
        func allowed(_ byte: UInt8) -> Bool {
            (0x20...0x21).contains(byte) || (0x23...0x5B).contains(byte) || (0x5D...0x7E).contains(byte)
        }
        let utf8 = text.utf8
        if utf8.count <= 256, utf8.withContiguousStorageIfAvailable({ $0.allSatisfy(allowed) }) ?? utf8.allSatisfy(allowed) { return text }
        let kept = utf8.filter(allowed)
        return String(decoding: kept.prefix(256), as: UTF8.self) + (kept.count > 256 ? "..." : "")
    }
}
