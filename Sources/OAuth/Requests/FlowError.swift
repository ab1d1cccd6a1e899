/// Why the core could not build a request from a provider's definition.
public enum FlowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The provider has no endpoint of this kind and none was given.
    case missingEndpoint(String, provider: String)
    /// An endpoint could not become a URL.
    case endpoint(EndpointError)

    public var description: String {
        switch self {
        case .missingEndpoint(let kind, let provider):
            "provider \(provider): expected an endpoint for \(kind), got none (give one, for example with --\(kind)-url)"
        case .endpoint(let error):
            "\(error)"
        }
    }
}
