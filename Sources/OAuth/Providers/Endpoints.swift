/// Where a provider's authorization server and APIs live.
public struct Endpoints: Sendable, Hashable, Codable {
    /// The authorization endpoint (RFC 6749 §3.1).
    public var authorization: Endpoint?
    /// The token endpoint (RFC 6749 §3.2).
    public var token: Endpoint?
    /// A separate endpoint for refresh requests, when the provider has one.
    public var refresh: Endpoint?
    /// The token revocation endpoint (RFC 7009).
    public var revocation: Endpoint?
    /// The token introspection endpoint (RFC 7662).
    public var introspection: Endpoint?
    /// The device authorization endpoint (RFC 8628).
    public var deviceAuthorization: Endpoint?
    /// OAuth 1.0a: the temporary credential request endpoint (RFC 5849 §2.1), where the request
    /// token comes from. The authorization endpoint is ``authorization``; the token request
    /// endpoint, where token credentials come from, is ``token``.
    public var requestToken: Endpoint?
    /// The origins (`scheme://host[:port]`) the access token may be sent to.
    public var resourceOrigins: [String]

    /// Creates a set of endpoints.
    public init(
        authorization: Endpoint? = nil, token: Endpoint? = nil, refresh: Endpoint? = nil, revocation: Endpoint? = nil,
        introspection: Endpoint? = nil, deviceAuthorization: Endpoint? = nil, requestToken: Endpoint? = nil, resourceOrigins: [String] = []
    ) {
        self.authorization = authorization
        self.token = token
        self.refresh = refresh
        self.revocation = revocation
        self.introspection = introspection
        self.deviceAuthorization = deviceAuthorization
        self.requestToken = requestToken
        self.resourceOrigins = resourceOrigins
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        authorization = try container.decodeIfPresent(Endpoint.self, forKey: .authorization)
        token = try container.decodeIfPresent(Endpoint.self, forKey: .token)
        refresh = try container.decodeIfPresent(Endpoint.self, forKey: .refresh)
        revocation = try container.decodeIfPresent(Endpoint.self, forKey: .revocation)
        introspection = try container.decodeIfPresent(Endpoint.self, forKey: .introspection)
        deviceAuthorization = try container.decodeIfPresent(Endpoint.self, forKey: .deviceAuthorization)
        requestToken = try container.decodeIfPresent(Endpoint.self, forKey: .requestToken)
        resourceOrigins = try container.decodeIfPresent([String].self, forKey: .resourceOrigins) ?? []
    }

    /// The names of the placeholders the client must give values for, in order of first use:
    /// those in the endpoints and in the resource origins (an origin that is a placeholder alone
    /// may come from the token instead, and is not listed).
    public var placeholders: [String] {
        var names: [String] = []
        var templates: [Endpoint] = all.map(\.endpoint)
        for origin in resourceOrigins {
            let endpoint = Endpoint(origin)
            let whole = endpoint.placeholders.count == 1 && origin == "{" + endpoint.placeholders[0] + "}"
            if !whole { templates.append(endpoint) }
        }
        for endpoint in templates {
            for name in endpoint.placeholders where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The named endpoints that are set, as (name, endpoint) pairs in a fixed order.
    public var all: [(name: String, endpoint: Endpoint)] {
        let named: [(String, Endpoint?)] = [
            ("authorization", authorization), ("token", token), ("refresh", refresh), ("revocation", revocation),
            ("introspection", introspection), ("device authorization", deviceAuthorization), ("request token", requestToken),
        ]
        return named.compactMap { name, endpoint in endpoint.map { (name, $0) } }
    }
}
