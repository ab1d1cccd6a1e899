import Foundation

/// Where the access token goes on a request for a protected resource.
public struct TokenPlacement: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case authorization(scheme: String)
        case header(name: String)
        case query(parameter: String)
    }

    let storage: Storage
    /// Whether a `Bearer` token may hold any visible ASCII rather than only `b64token`.
    var anyVisibleCharacter = false

    /// `Authorization: <scheme> <token>`.
    public static func authorizationHeader(scheme: String) -> TokenPlacement {
        TokenPlacement(storage: .authorization(scheme: scheme))
    }

    /// `Authorization: Bearer <token>` (RFC 6750 §2.1), the core's default.
    public static let bearerHeader = authorizationHeader(scheme: "Bearer")

    /// `Authorization: Bearer <token>` for a provider whose tokens hold characters RFC 6750
    /// §2.1's `b64token` leaves out, such as Salesforce's `!` or Amazon's `|`: any visible ASCII
    /// but the space goes.
    public static let bearerHeaderWithAnyVisibleCharacter = TokenPlacement(storage: .authorization(scheme: "Bearer"), anyVisibleCharacter: true)

    /// `<name>: <token>`, for providers such as Shopify (`X-Shopify-Access-Token`).
    public static func header(_ name: String) -> TokenPlacement {
        TokenPlacement(storage: .header(name: name))
    }

    /// The token as a query parameter (RFC 6750 §2.3 allows `access_token`; some providers use
    /// other names). The request also gets `Cache-Control: no-store`.
    public static func query(_ parameter: String) -> TokenPlacement {
        TokenPlacement(storage: .query(parameter: parameter))
    }

    /// Where the token goes, for code that reads it back (a server, a test).
    public enum Location: Sendable, Hashable {
        /// `Authorization: <scheme> <token>`.
        case authorization(scheme: String)
        /// `<name>: <token>`.
        case header(name: String)
        /// The query parameter `parameter`.
        case query(parameter: String)
    }

    /// Where the token goes.
    public var location: Location {
        switch storage {
        case .authorization(let scheme): .authorization(scheme: scheme)
        case .header(let name): .header(name: name)
        case .query(let parameter): .query(parameter: parameter)
        }
    }

    public var description: String {
        switch storage {
        case .authorization(let scheme) where anyVisibleCharacter: "Authorization: \(scheme) <token> (any visible ASCII)"
        case .authorization(let scheme): "Authorization: \(scheme) <token>"
        case .header(let name): "\(name): <token>"
        case .query(let parameter): "query parameter \(parameter)=<token>"
        }
    }

    /// Puts the token on a request where this placement says, replacing any value there. A
    /// query placement also adds `Cache-Control: no-store` (RFC 6750 §2.3).
    ///
    /// - Throws: ``FlowError/tokenNotPlaceable(placement:expected:found:)`` when the token holds
    ///   characters this placement cannot carry (a `Bearer` header takes only RFC 6750 §2.1
    ///   `b64token`, no header a control character), ``FormDecodingError`` when the request's
    ///   query is malformed.
    public func place(_ token: String, on request: inout HTTPRequest) throws {
        switch storage {
        case .authorization(let scheme):
            try Self.check(token, for: self)
            request.headers["Authorization"] = "\(scheme) \(token)"
        case .header(let name):
            try Self.check(token, for: self)
            request.headers[name] = token
        case .query(let parameter):
            try request.setQueryParameter(parameter, to: token)
            request.headers["Cache-Control"] = "no-store"
        }
    }

    /// Takes the token off a request, as when a redirect leaves the resource's origin.
    public func remove(from request: inout HTTPRequest) {
        switch storage {
        case .authorization: request.headers["Authorization"] = nil
        case .header(let name): request.headers[name] = nil
        case .query(let parameter):
            if var query = try? request.queryParameters, query[parameter] != nil {
                query[parameter] = nil
                request.setQueryParameters(query)
            }
        }
    }
}

/// Where the token goes on protected requests: ``TokenPlacement/bearerHeader`` unless a fix
/// says otherwise.
public enum TokenPlacementSetting: ProviderSetting {
    public static let name = "token placement"
    public static var defaultValue: TokenPlacement { .bearerHeader }
    public static let hookPoints: [HookPoint] = [.protectedRequest]
}

extension TokenPlacement {
    /// Checks that a token can be carried where this placement puts it, before it is placed.
    ///
    /// RFC 6749 §A.12 lets an access token hold any printable ASCII, the space included, but a
    /// `Bearer` credential is RFC 6750 §2.1 `b64token` (`1*( ALPHA / DIGIT / "-" / "." / "_" /
    /// "~" / "+" / "/" ) *"="`), and no header value can hold a control character. A query
    /// parameter is percent-encoded, so it carries anything.
    ///
    /// - Throws: ``FlowError/tokenNotPlaceable(placement:expected:found:)`` saying which
    ///   character (by position, never the token) does not fit.
    static func check(_ token: String, for placement: TokenPlacement) throws(FlowError) {
        switch placement.storage {
        case .authorization where placement.anyVisibleCharacter:
            let expected = "visible ASCII without spaces (RFC 5234 VCHAR)"
            if let offset = token.utf8.firstIndex(where: { $0 <= 0x20 || $0 > 0x7E }) {
                let position = token.utf8.distance(from: token.utf8.startIndex, to: offset)
                throw .tokenNotPlaceable(placement: "\(placement)", expected: expected, found: "\(describe(token.utf8[offset], padding: false)) at position \(position)")
            }
            if token.isEmpty { throw .tokenNotPlaceable(placement: "\(placement)", expected: expected, found: "an empty token") }
        case .authorization(let scheme) where scheme.caseInsensitiveEquals("Bearer"):
            // Every protected request checks its token: one pass over the bytes in place, and the
            // loop below only for a token that does not fit, to say where.
            if token.utf8.withContiguousStorageIfAvailable(isB64Token) == true { return }
            let expected = "an RFC 6750 §2.1 b64token (letters, digits, - . _ ~ + /, then any '=')"
            var padding = false
            for (position, byte) in token.utf8.enumerated() {
                if byte == UInt8(ascii: "="), position > 0 { padding = true; continue }
                let fits = !padding && (byte.isUnreserved || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/"))
                guard fits else {
                    throw .tokenNotPlaceable(placement: "\(placement)", expected: expected, found: "\(describe(byte, padding: padding)) at position \(position)")
                }
            }
            if token.isEmpty { throw .tokenNotPlaceable(placement: "\(placement)", expected: expected, found: "an empty token") }
        case .authorization, .header:
            let expected = "visible ASCII and spaces (RFC 9110 §5.5 field value)"
            if let offset = token.utf8.firstIndex(where: { $0 < 0x20 || $0 > 0x7E }) {
                let position = token.utf8.distance(from: token.utf8.startIndex, to: offset)
                throw .tokenNotPlaceable(placement: "\(placement)", expected: expected, found: "\(describe(token.utf8[offset], padding: false)) at position \(position)")
            }
        case .query:
            break
        }
    }

    /// Whether the bytes are an RFC 6750 §2.1 `b64token`.
    private static func isB64Token(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        var index = 0
        while index < bytes.count, bytes[index].isUnreserved || bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "/") { index += 1 }
        // Padding: '=' after at least one character, to the end.
        guard index > 0 else { return false }
        while index < bytes.count, bytes[index] == UInt8(ascii: "=") { index += 1 }
        return index == bytes.count
    }

    /// Whether the token goes exactly where and as ``bearerHeader`` would put it: then a fix
    /// that chose this placement changed nothing for this token (a `Bearer` header that takes
    /// any visible character, for a token that is a `b64token` anyway).
    func placesLikeTheDefault(_ token: String) -> Bool {
        guard case .authorization(let scheme) = storage, scheme == "Bearer" else { return false }
        if !anyVisibleCharacter { return true }
        return (try? Self.check(token, for: .bearerHeader)) != nil
    }

    private static func describe(_ byte: UInt8, padding: Bool) -> String {
        if padding, byte != UInt8(ascii: "=") { return "a character after '=' padding" }
        switch byte {
        case 0x20: return "a space"
        case 0x00..<0x20, 0x7F: return "a control character"
        case 0x80...: return "a non-ASCII character"
        default: return "punctuation outside b64token"
        }
    }
}
