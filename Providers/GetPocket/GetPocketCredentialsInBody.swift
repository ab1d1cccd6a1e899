import Foundation
import OAuth

/// Pocket's API calls carry `consumer_key` and `access_token` in the request body (JSON or
/// form, like the call's other parameters), not in an `Authorization` header. The block takes
/// the header the core set off and adds both members, leaving ones already there alone. Every
/// Pocket call is a `POST`; a `GET`, which has no body to carry them (RFC 6750 §2.2), is sent as one.
///
/// No general block serves: RFC 6750 §2.2's form-body placement has no JSON form and no client
/// id beside the token; Pocket's pair is its own.
struct GetPocketCredentialsInBody: BuildingBlock {
    static let kind = "getpocket-credentials-in-body"
    static let purpose = "Pocket: puts consumer_key and access_token in the body of API calls instead of a header."
    static let parameters: [BlockParameter<Self>] = []
    static let example = GetPocketCredentialsInBody()

    init() {}

    var summary: String { "Sends consumer_key and access_token in the body of API calls (JSON or form, a GET sent as a POST), with no Authorization header." }

    func stages() -> [FixStage] {
        [.requests(at: [.protectedRequest]) { request, context in
            guard let token = context.token else { return }
            guard !context.client.id.isEmpty else { throw MissingConsumerKey() }
            request.headers["Authorization"] = nil
            if request.method == "GET" { request.method = "POST" }
            if MediaType.isJSON(request.headers["Content-Type"]) {
                let parsed = try request.body.map { try JSONParser().parse($0) } ?? .object([:])
                guard case .object(var object) = parsed else { throw NotAnObject() }
                if object["consumer_key"] == nil { object["consumer_key"] = .string(context.client.id) }
                if object["access_token"] == nil { object["access_token"] = .string(token.accessToken) }
                request.body = JSONWriter.data(.object(object))
            } else if request.body?.isEmpty ?? true {
                // No parameters yet: the pair is the whole body.
                var body = "consumer_key=" + FormParameters.encodeComponent(context.client.id)
                body += "&access_token=" + FormParameters.encodeComponent(token.accessToken)
                request.body = Data(body.utf8)
                request.headers["Content-Type"] = MediaType.formURLEncoded
            } else {
                var form = try request.formParameters
                if form["consumer_key"] == nil { form.append("consumer_key", context.client.id) }
                if form["access_token"] == nil { form.append("access_token", token.accessToken) }
                request.setFormParameters(form)
            }
        }]
    }

    /// An API call from a client without its consumer key.
    struct MissingConsumerKey: Error, CustomStringConvertible {
        var description: String { "protected-request: expected the consumer key as the client id, got none" }
    }

    /// A JSON body that is not an object.
    struct NotAnObject: Error, CustomStringConvertible {
        var description: String { "protected-request: expected a JSON object body to add consumer_key and access_token to, got another JSON value" }
    }
}
