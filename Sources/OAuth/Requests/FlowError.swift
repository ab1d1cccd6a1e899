/// Why the core could not build a request from a provider's definition.
public enum FlowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider has no endpoint in this role (`revocation endpoint`) and none was given.
    case missingEndpoint(String, provider: String)
    /// An endpoint could not become a URL.
    case endpoint(EndpointError)

    public var description: String {
        switch self {
        case .missingEndpoint(let role, let provider):
            "provider \(provider): expected a \(role), got none"
        case .endpoint(let error):
            "\(error)"
        }
    }
}
