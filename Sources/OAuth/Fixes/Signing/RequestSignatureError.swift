/// Why a ``RequestSignature`` could not sign a request. Never holds a secret.
public enum RequestSignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The client has no secret to sign with.
    case missingClientSecret(parameter: String)
    /// The request carries no access token to sign.
    case missingToken(parameter: String)

    public var description: String {
        switch self {
        case .missingClientSecret(let parameter):
            "protected request: expected a client secret to compute \(parameter), got none (give the client its secret)"
        case .missingToken(let parameter):
            "protected request: expected an access token to compute \(parameter), got none"
        }
    }
}
