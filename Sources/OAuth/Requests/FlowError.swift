/// Why the core could not build a request from a provider's definition.
public enum FlowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider has no endpoint in this role (`revocation endpoint`) and none was given.
    case missingEndpoint(String, provider: String)
    /// An endpoint could not become a URL.
    case endpoint(EndpointError)
    /// The access token holds characters the provider's token placement cannot carry: a
    /// `Bearer` header takes only RFC 6750 §2.1 `b64token`, any header only visible ASCII and
    /// spaces. The token itself is never shown.
    case tokenNotPlaceable(placement: String, expected: String, found: String)

    public var description: String {
        switch self {
        case .missingEndpoint(let role, let provider):
            "provider \(provider): expected \(role.first.map { "aeiou".contains($0) } == true ? "an" : "a") \(role), got none"
        case .endpoint(let error):
            "\(error)"
        case .tokenNotPlaceable(let placement, let expected, let found):
            "protected request: the access token cannot go in \(placement): expected \(expected), got \(found)"
        }
    }
}
