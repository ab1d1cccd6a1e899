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

    /// The part's bytes for this request.
    func bytes(_ request: HTTPRequest, _ context: RequestContext, signing parameter: String, excluding unsigned: Set<String>) throws -> [UInt8] {
        switch name {
        case "access_token":
            guard let token = context.token else { throw RequestSignatureError.missingToken(parameter: parameter) }
            return Array(token.accessToken.utf8)
        case "client_secret":
            guard let secret = context.client.secret else { throw RequestSignatureError.missingClientSecret(parameter: parameter) }
            return Array(secret.utf8)
        case "client_id":
            return Array(context.client.id.utf8)
        default:
            var parameters = try request.queryParameters.filter { !unsigned.contains($0.name) }
            if MediaType.essence(of: request.headers["Content-Type"]) == MediaType.formURLEncoded {
                parameters += try request.formParameters.filter { !unsigned.contains($0.name) }
            }
            // Sorted by name as bytes, equal names kept in their order.
            let sorted = parameters.enumerated().sorted { lhs, rhs in
                lhs.element.name.utf8.lexicographicallyPrecedes(rhs.element.name.utf8)
                    || (lhs.element.name == rhs.element.name && lhs.offset < rhs.offset)
            }
            return sorted.flatMap { Array("\($0.element.name)=\($0.element.value)".utf8) }
        }
    }
}
