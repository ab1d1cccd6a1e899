/// Where the access token goes on a request for a protected resource.
public struct TokenPlacement: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable, Hashable {
        case authorization(scheme: String)
        case header(name: String)
        case query(parameter: String)
    }

    let storage: Storage

    /// `Authorization: <scheme> <token>`.
    public static func authorizationHeader(scheme: String) -> TokenPlacement {
        TokenPlacement(storage: .authorization(scheme: scheme))
    }

    /// `Authorization: Bearer <token>` (RFC 6750 §2.1), the core's default.
    public static let bearerHeader = authorizationHeader(scheme: "Bearer")

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
        case .authorization(let scheme): "Authorization: \(scheme) <token>"
        case .header(let name): "\(name): <token>"
        case .query(let parameter): "query parameter \(parameter)=<token>"
        }
    }
}
