import Foundation
import OAuth

extension Recording {
    /// The recording as the JSON its file holds: what ``decode(_:location:)`` reads back.
    ///
    /// ```swift
    /// try recording.jsonData().write(to: directory.appendingPathComponent("token.json"))
    /// ```
    public var jsonValue: JSONValue {
        var object = JSONObject()
        object["title"] = .string(title)
        object["source"] = .string(source)
        object["hookPoint"] = .string(hookPoint.name)
        if compliant { object["compliant"] = .bool(true) }
        if let notes { object["notes"] = .string(notes) }
        if !enable.isEmpty { object["enable"] = .array(enable.map { .string($0.rawValue) }) }
        if !endpointValues.isEmpty {
            object["endpointValues"] = .object(JSONObject(endpointValues.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: .string($0.value)) }))
        }
        switch input {
        case .response(let response, let previous):
            object["response"] = Self.json(response)
            if let previous { object["previousToken"] = .object(previous.jsonObject(includingExpiresAt: false)) }
        case .authorization(let inputs):
            var authorization: JSONObject = ["clientID": .string(inputs.clientID)]
            if let redirectURI = inputs.redirectURI { authorization["redirectURI"] = .string(redirectURI) }
            if let scopes = inputs.scopes { authorization["scopes"] = .array(scopes.map { .string($0) }) }
            if let state = inputs.state { authorization["state"] = .string(state) }
            if let verifier = inputs.codeVerifier { authorization["codeVerifier"] = .string(verifier) }
            if !inputs.parameters.isEmpty { authorization["parameters"] = Self.json(inputs.parameters) }
            object["authorization"] = .object(authorization)
        case .tokenRequest(let grant, let client):
            var request: JSONObject = ["clientID": .string(client.id)]
            if !grant.type.isEmpty { request["grantType"] = .string(grant.type) }
            if let secret = client.secret { request["clientSecret"] = .string(secret) }
            if !grant.parameters.isEmpty { request["parameters"] = Self.json(grant.parameters) }
            if !grant.scopes.isEmpty { request["scopes"] = .array(grant.scopes.map { .string($0) }) }
            if let state = grant.state { request["state"] = .string(state) }
            object["tokenRequest"] = .object(request)
        case .revocationRequest(let token, let hint, let client):
            var request: JSONObject = ["token": .string(token)]
            if let hint { request["hint"] = .string(hint.name) }
            request["clientID"] = .string(client.id)
            if let secret = client.secret { request["clientSecret"] = .string(secret) }
            object["revocationRequest"] = .object(request)
        case .protectedRequest(let request, let token, let client):
            object["request"] = Self.json(RecordedRequest(request))
            object["token"] = .object(token.jsonObject(includingExpiresAt: false))
            if let client {
                object["clientID"] = .string(client.id)
                if let secret = client.secret { object["clientSecret"] = .string(secret) }
            }
        case .authorizationResponse(let callback, let pending, let client):
            object["callback"] = .string(callback)
            var pendingObject: JSONObject = ["state": .string(pending.state), "redirectURI": .string(pending.redirectURI)]
            if let issuer = pending.issuer { pendingObject["issuer"] = .string(issuer) }
            object["pending"] = .object(pendingObject)
            object["clientID"] = .string(client.id)
            if let secret = client.secret { object["clientSecret"] = .string(secret) }
        case .oauth1Request(let inputs):
            object["oauth1"] = Self.json(inputs)
        case .oauth1Authorization(let inputs, let parameters):
            object["oauth1"] = Self.json(inputs)
            if !parameters.isEmpty { object["parameters"] = Self.json(parameters) }
        case .oauth1Callback(let callback, let inputs):
            object["callback"] = .string(callback)
            object["oauth1"] = Self.json(inputs)
        case .oauth1ProtectedRequest(let request, let inputs):
            object["request"] = Self.json(RecordedRequest(request))
            object["oauth1"] = Self.json(inputs)
        }
        if let sentRequest { object["sentRequest"] = Self.json(sentRequest) }
        object["expect"] = .object(["\(expected.memberName)": expected.expectedValue])
        return .object(object)
    }

    /// The recording's file contents: indented JSON with a final line break.
    public func jsonData() -> Data {
        Data((JSONWriter.prettyString(jsonValue) + "\n").utf8)
    }

    static func json(_ response: HTTPResponse) -> JSONValue {
        var object: JSONObject = ["status": .number(JSONNumber(response.status))]
        if !response.headers.fields.isEmpty { object["headers"] = json(response.headers) }
        if response.body.isEmpty {
            object["body"] = ""
        } else if let text = String(data: response.body, encoding: .utf8), !text.contains("\r"), !text.contains("\0") {
            object["body"] = .string(text)
        } else {
            object["bodyBase64"] = .string(response.body.base64EncodedString())
        }
        return .object(object)
    }

    static func json(_ headers: HTTPHeaders) -> JSONValue {
        var object = JSONObject()
        for field in headers.fields where object[field.name] == nil { object[field.name] = .string(field.value) }
        return .object(object)
    }

    static func json(_ parameters: FormParameters) -> JSONValue {
        var object = JSONObject()
        for parameter in parameters where object[parameter.name] == nil { object[parameter.name] = .string(parameter.value) }
        return .object(object)
    }

    static func json(_ request: RecordedRequest) -> JSONValue {
        var object: JSONObject = ["method": .string(request.method), "url": .string(request.url)]
        if !request.headers.fields.isEmpty { object["headers"] = json(request.headers) }
        if let body = request.body { object["body"] = .string(body) }
        return .object(object)
    }

    static func json(_ inputs: OAuth1Inputs) -> JSONValue {
        var object: JSONObject = ["consumerKey": .string(inputs.consumerKey)]
        if let value = inputs.consumerSecret { object["consumerSecret"] = .string(value) }
        if let value = inputs.token { object["token"] = .string(value) }
        if let value = inputs.tokenSecret { object["tokenSecret"] = .string(value) }
        if let value = inputs.callback { object["callback"] = .string(value) }
        if let value = inputs.verifier { object["verifier"] = .string(value) }
        object["nonce"] = .string(inputs.nonce)
        object["timestamp"] = .number(JSONNumber(inputs.timestamp))
        return .object(object)
    }
}

extension Outcome {
    /// The member of `expect` that holds this outcome: `token`, `error`, `request`, …
    public var memberName: String {
        switch self {
        case .token: "token"
        case .deviceAuthorization: "deviceAuthorization"
        case .credentials: "credentials"
        case .callback: "callback"
        case .authorizationResponse: "authorizationResponse"
        case .error: "error"
        case .request: "request"
        case .url: "url"
        case .failure: "failure"
        }
    }

    /// The value of that member, as a recording's `expect` holds it.
    public var expectedValue: JSONValue {
        switch self {
        case .token(let object), .deviceAuthorization(let object), .credentials(let object): .object(object)
        case .callback(let verifier): .object(verifier.map { ["oauth_verifier": .string($0)] } ?? [:])
        case .authorizationResponse(let code, let kept): .object(kept.isEmpty ? ["code": .string(code)] : ["code": .string(code), "kept": .object(kept)])
        case .error(let code, let description):
            .object(description.map { ["error": .string(code), "error_description": .string($0)] } ?? ["error": .string(code)])
        case .request(let request): Recording.json(request)
        case .url(let url): .string(url)
        case .failure(let reason): .string(reason)
        }
    }
}
