import Foundation

/// One provider's whole story as data: where its endpoints are, how it wants PKCE and scopes,
/// and the ordered fixes its deviations need.
///
/// Built-in providers live in `Providers/<Name>/`; load your own from JSON with
/// ``Provider/decode(from:catalog:)`` or write one in Swift:
///
/// ```swift
/// let acme = Provider(
///     name: "acme", displayName: "Acme",
///     endpoints: Endpoints(authorization: "https://acme.example/oauth/authorize",
///                          token: "https://acme.example/oauth/token",
///                          resourceOrigins: ["https://api.acme.example"]),
///     fixes: [Fix(id: "acme.missing-token-type", DefaultTokenType())]
/// )
/// ```
public struct Provider: Sendable, Identifiable, CustomStringConvertible {
    /// The registry key: lowercase letters, digits and `-`.
    public var name: String
    /// The name people know the provider by.
    public var displayName: String
    /// What sets the provider apart, in a phrase: its quirks, or that it follows the RFCs. The
    /// README's table of providers shows it.
    public var summary: String?
    /// The OAuth version the provider speaks.
    public var version: OAuthVersion
    /// The provider's endpoints and resource origins.
    public var endpoints: Endpoints
    /// What the provider does with PKCE.
    public var pkce: PKCEPolicy
    /// Scopes requested when the caller names none.
    public var defaultScopes: [String]
    /// The fixes for the provider's deviations, in the order they run. Setting them compiles
    /// them into ``hooks``.
    public var fixes: [Fix] {
        didSet { hooks = HookPipelines(fixes) }
    }
    /// The fixes compiled into hook-point pipelines, once per change of ``fixes``.
    public private(set) var hooks: HookPipelines
    /// Fixes the provider offers but leaves off until a client enables them by id, such as
    /// Facebook's `appsecret_proof` signature: ``enablingFixes(_:)``.
    public var optionalFixes: [Fix]
    /// The provider's OAuth documentation.
    public var documentation: URL?
    /// The authorization server's issuer identifier (RFC 8414), when known.
    public var issuer: String?
    /// Whether the provider sends `iss` with every authorization response (RFC 9207), so that
    /// a callback without it, or with another, is refused.
    public var issuerInAuthorizationResponse: Bool

    /// Creates a provider.
    public init(
        name: String, displayName: String, version: OAuthVersion = .oauth2, endpoints: Endpoints,
        pkce: PKCEPolicy = .s256, defaultScopes: [String] = [], fixes: [Fix] = [], optionalFixes: [Fix] = [], documentation: URL? = nil,
        issuer: String? = nil, issuerInAuthorizationResponse: Bool = false, summary: String? = nil
    ) {
        self.summary = summary
        self.optionalFixes = optionalFixes
        self.issuer = issuer
        self.issuerInAuthorizationResponse = issuerInAuthorizationResponse
        self.name = name
        self.displayName = displayName
        self.version = version
        self.endpoints = endpoints
        self.pkce = pkce
        self.defaultScopes = defaultScopes
        self.fixes = fixes
        self.hooks = HookPipelines(fixes)
        self.documentation = documentation
    }

    /// The registry key.
    public var id: String { name }

    /// How the client authenticates at the token endpoint, as the fixes declare.
    public var clientAuthentication: ClientAuthentication { hooks.clientAuthentication }

    /// Where the token goes on protected requests, as the fixes declare.
    public var tokenPlacement: TokenPlacement { hooks.tokenPlacement }

    /// The separator between scopes in requests, as the fixes declare.
    public var scopeSeparator: String { hooks.scopeSeparator }

    /// The provider with its fixes replaced.
    public func withFixes(_ fixes: [Fix]) -> Provider {
        var copy = self
        copy.fixes = fixes
        return copy
    }

    /// The provider with no fixes at all, optional ones included: what the strict core alone
    /// makes of it.
    public var strictCore: Provider {
        var copy = withFixes([])
        copy.optionalFixes = []
        return copy
    }

    /// The provider with some of its fixes turned off.
    ///
    /// - Throws: ``ProviderRegistryError/unknownFix(_:nearMatches:)`` for an id the provider
    ///   does not have, so a typo never silently leaves a fix on.
    public func disablingFixes(_ ids: [FixID]) throws(ProviderRegistryError) -> Provider {
        let known = fixes.map(\.id)
        for id in ids where !known.contains(id) {
            throw .unknownFix(id, nearMatches: NearMatches.find(id.rawValue, in: known.map(\.rawValue)).map { FixID($0) })
        }
        return withFixes(fixes.filter { !ids.contains($0.id) })
    }

    /// The provider with some of its optional fixes turned on, after its own fixes, in the
    /// order they are listed among the optional ones.
    ///
    /// - Throws: ``ProviderRegistryError/unknownFix(_:nearMatches:)`` for an id that is not one
    ///   of its optional fixes.
    public func enablingFixes(_ ids: [FixID]) throws(ProviderRegistryError) -> Provider {
        let known = optionalFixes.map(\.id)
        for id in ids where !known.contains(id) {
            throw .unknownFix(id, nearMatches: NearMatches.find(id.rawValue, in: known.map(\.rawValue)).map { FixID($0) })
        }
        var copy = withFixes(fixes + optionalFixes.filter { ids.contains($0.id) })
        copy.optionalFixes = optionalFixes.filter { !ids.contains($0.id) }
        return copy
    }

    /// The provider with more fixes appended after its own.
    public func addingFixes(_ more: [Fix]) -> Provider {
        withFixes(fixes + more)
    }

    public var description: String { "\(displayName) (\(name), OAuth \(version))" }
}
