/// One part of what a ``RequestSignature`` signs.
public struct SignaturePart: BlockParameterElement, CustomStringConvertible {
    /// The name in provider JSON.
    public let name: String
    /// Which part, for signing without comparing names.
    private let kind: Kind

    private enum Kind: Sendable, Hashable {
        case accessToken, clientSecret, clientID, sortedParameters
    }

    /// The access token being sent.
    public static let accessToken = SignaturePart(name: "access_token", kind: .accessToken)
    /// The client secret.
    public static let clientSecret = SignaturePart(name: "client_secret", kind: .clientSecret)
    /// The client identifier.
    public static let clientID = SignaturePart(name: "client_id", kind: .clientID)
    /// The request's parameters, sorted by name, as `name=value` with no separator.
    public static let sortedParameters = SignaturePart(name: "sorted-parameters", kind: .sortedParameters)

    /// Every part, by name.
    public static let all: [SignaturePart] = [.accessToken, .clientSecret, .clientID, .sortedParameters]

    public static var expected: String { all.map(\.name).joined(separator: ", ") }

    public init?(json: JSONValue) {
        guard case .string(let name) = json, let part = Self.all.first(where: { $0.name == name }) else { return nil }
        self = part
    }

    private init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }

    public var json: JSONValue { .string(name) }
    public var description: String { name }

    /// At most how many bytes the part takes for this request.
    func capacity(_ request: HTTPRequest, _ context: RequestContext) -> Int {
        switch kind {
        case .accessToken: context.token?.accessToken.utf8.count ?? 0
        case .clientSecret: context.client.secret?.utf8.count ?? 0
        case .clientID: context.client.id.utf8.count
        case .sortedParameters: request.sortedParametersCapacity
        }
    }

    /// Writes the part's bytes for this request to `output`, which has room for
    /// ``capacity(_:_:)`` bytes; returns how many it wrote.
    func write(to output: UnsafeMutablePointer<UInt8>, _ request: HTTPRequest, _ context: RequestContext, signing parameter: String, excluding unsigned: [String]) throws -> Int {
        switch kind {
        case .accessToken:
            guard let token = context.token else { throw RequestSignatureError.missingToken(parameter: parameter) }
            return token.accessToken.copyUTF8(to: output)
        case .clientSecret:
            guard let secret = context.client.secret else { throw RequestSignatureError.missingClientSecret(parameter: parameter) }
            return secret.copyUTF8(to: output)
        case .clientID:
            return context.client.id.copyUTF8(to: output)
        case .sortedParameters:
            return try request.writeSortedParameters(excluding: unsigned, to: output)
        }
    }
}
