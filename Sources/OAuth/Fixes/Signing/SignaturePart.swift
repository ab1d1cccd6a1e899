/// One part of what a ``RequestSignature`` signs.
public struct SignaturePart: BlockParameterElement, CustomStringConvertible {
    /// The name in provider JSON.
    public let name: String

    /// The access token being sent.
    public static let accessToken = SignaturePart(name: "access_token")
    /// The client secret.
    public static let clientSecret = SignaturePart(name: "client_secret")
    /// The client identifier.
    public static let clientID = SignaturePart(name: "client_id")
    /// The request's parameters, sorted by name, as `name=value` with no separator.
    public static let sortedParameters = SignaturePart(name: "sorted-parameters")

    /// Every part, by name.
    public static let all: [SignaturePart] = [.accessToken, .clientSecret, .clientID, .sortedParameters]

    public static var expected: String { all.map(\.name).joined(separator: ", ") }

    public init?(json: JSONValue) {
        guard case .string(let name) = json, let part = Self.all.first(where: { $0.name == name }) else { return nil }
        self = part
    }

    private init(name: String) { self.name = name }

    public var json: JSONValue { .string(name) }
    public var description: String { name }

    /// Appends the part's bytes for this request to `bytes`.
    func append(to bytes: inout [UInt8], _ request: HTTPRequest, _ context: RequestContext, signing parameter: String, excluding unsigned: [String]) throws {
        switch name {
        case "access_token":
            guard let token = context.token else { throw RequestSignatureError.missingToken(parameter: parameter) }
            bytes += token.accessToken.utf8
        case "client_secret":
            guard let secret = context.client.secret else { throw RequestSignatureError.missingClientSecret(parameter: parameter) }
            bytes += secret.utf8
        case "client_id":
            bytes += context.client.id.utf8
        default:
            try request.appendSortedParameters(excluding: unsigned, to: &bytes)
        }
    }
}
