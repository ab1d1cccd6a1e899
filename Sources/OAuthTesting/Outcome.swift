import Foundation
import OAuth

/// What came out of running a recording through a provider's pipeline, in a form that compares
/// exactly and prints readably.
public enum Outcome: Sendable, Hashable, CustomStringConvertible {
    /// A token, as a JSON object with the RFC 6749 member names and no `expires_at`.
    case token(JSONObject)
    /// A device authorization response, as a JSON object with the RFC 8628 member names.
    case deviceAuthorization(JSONObject)
    /// OAuth 1.0a credentials: `oauth_token`, `oauth_token_secret` and the extras.
    case credentials(JSONObject)
    /// OAuth 1.0a: the `oauth_verifier` a callback carried, if any.
    case callback(verifier: String?)
    /// OAuth 2.0: the code a callback carried and the values the fixes kept from it.
    case authorizationResponse(code: String, kept: JSONObject)
    /// An OAuth error: its code and, when one is expected, its description.
    case error(code: String, description: String?)
    /// A prepared request.
    case request(RecordedRequest)
    /// An authorization URL.
    case url(String)
    /// Anything else that went wrong, described.
    case failure(String)

    /// Whether this outcome is what `expected` asks for. An expected error without a
    /// description matches any description.
    public func matches(_ expected: Outcome) -> Bool {
        switch (self, expected) {
        case (.error(let code, let description), .error(let expectedCode, let expectedDescription)):
            return code == expectedCode && (expectedDescription == nil || description == expectedDescription)
        default:
            return self == expected
        }
    }

    /// The outcome of parsing a token endpoint response.
    public init(_ result: Result<Token, any Error>) {
        switch result {
        case .success(let token):
            self = .token(token.jsonObject(includingExpiresAt: false))
        case .failure(let error as TokenResponseError):
            if case .oauth(let oauth) = error {
                self = .error(code: oauth.code.rawValue, description: oauth.errorDescription)
            } else {
                self = .failure(error.description)
            }
        case .failure(let error):
            self = .failure("\(error)")
        }
    }

    /// The outcome of reading OAuth 1.0a credentials: the credentials, a problem report as an
    /// error, or a failure.
    public init(oauth1 result: Result<OAuth1Token, any Error>) {
        switch result {
        case .success(let token): self = .credentials(token.jsonObject())
        case .failure(OAuth1ResponseError.problem(_, let problem, let advice)): self = .error(code: problem, description: advice)
        case .failure(let error): self = .failure("\(error)")
        }
    }

    /// The outcome of parsing a device authorization response.
    public init(deviceAuthorization result: Result<DeviceAuthorization, any Error>) {
        switch result {
        case .success(let authorization): self = .deviceAuthorization(authorization.jsonObject())
        case .failure(let error): self = Outcome(.failure(error))
        }
    }

    public var description: String {
        switch self {
        case .token(let object): "token \(JSONWriter.string(.object(object)))"
        case .deviceAuthorization(let object): "device authorization \(JSONWriter.string(.object(object)))"
        case .credentials(let object): "credentials \(JSONWriter.string(.object(object)))"
        case .callback(let verifier): verifier.map { "callback with oauth_verifier \($0)" } ?? "callback without oauth_verifier"
        case .authorizationResponse(let code, let kept): "authorization response with code \(code)" + (kept.isEmpty ? "" : ", keeping \(JSONWriter.string(.object(kept)))")
        case .error(let code, let description): "error \(code)" + (description.map { ": \($0)" } ?? "")
        case .request(let request): "request \(request)"
        case .url(let url): "url \(url)"
        case .failure(let reason): "failure: \(reason)"
        }
    }
}

/// A request as recordings describe it: compared on method, URL, body and the set of headers.
public struct RecordedRequest: Sendable, Hashable, CustomStringConvertible {
    /// The method.
    public var method: String
    /// The URL.
    public var url: String
    /// The headers; their order does not matter.
    public var headers: HTTPHeaders
    /// The body as text, if any.
    public var body: String?

    /// Creates a recorded request.
    public init(method: String, url: String, headers: HTTPHeaders = [:], body: String? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The recorded form of a request.
    public init(_ request: HTTPRequest) {
        self.init(
            method: request.method, url: request.url.absoluteString, headers: request.headers,
            body: request.body.flatMap { $0.isEmpty ? nil : String(decoding: $0, as: UTF8.self) }
        )
    }

    /// The request it describes.
    public var httpRequest: HTTPRequest? {
        guard let url = URL(string: url) else { return nil }
        return HTTPRequest(method: method, url: url, headers: headers, body: body.map { Data($0.utf8) })
    }

    public static func == (lhs: RecordedRequest, rhs: RecordedRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && Set(lhs.headers.fields) == Set(rhs.headers.fields) && lhs.headers.fields.count == rhs.headers.fields.count
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
        hasher.combine(Set(headers.fields))
    }

    public var description: String {
        var text = "\(method) \(url)"
        for field in headers.fields.sorted(by: { $0.name.lowercased() < $1.name.lowercased() }) { text += " | \(field.name): \(field.value)" }
        if let body { text += " | body: \(body)" }
        return text
    }
}
