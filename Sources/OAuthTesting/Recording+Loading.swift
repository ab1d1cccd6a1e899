import Foundation
import OAuth

extension Recording {
    /// Reads a recording from its JSON file.
    ///
    /// - Throws: ``RecordingError`` naming the file and what was expected where.
    public static func load(from file: URL) throws(RecordingError) -> Recording {
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw RecordingError(location: file.path, reason: "could not be read")
        }
        return try decode(data, location: file.path)
    }

    /// Reads every `*.json` recording in a directory, sorted by file name. Files whose name
    /// starts with a dot (record mode's `.placeholders.json`) are not recordings.
    ///
    /// - Throws: ``RecordingError`` when the directory cannot be read or a recording is malformed.
    public static func loadAll(from directory: URL) throws(RecordingError) -> [Recording] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw RecordingError(location: directory.path, reason: "expected a readable directory of recordings, got none")
        }
        var recordings: [Recording] = []
        for name in names.sorted() where isRecordingFileName(name) {
            recordings.append(try load(from: directory.appendingPathComponent(name)))
        }
        return recordings
    }

    /// Reads the recordings of a provider folder, sorted by file name.
    ///
    /// - Throws: ``RecordingError`` naming the file and what was expected where.
    public static func loadAll(from folder: ProviderFolder) throws(RecordingError) -> [Recording] {
        var recordings: [Recording] = []
        for file in folder.recordingFiles where isRecordingFileName(String(file.path.split(separator: "/").last ?? "")) {
            recordings.append(try decode(file.contents.data, location: "\(folder.location)/\(file.path)"))
        }
        return recordings
    }

    /// Whether a file name names a recording: `*.json`, not starting with a dot.
    static func isRecordingFileName(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".")
    }

    /// Reads a recording from JSON bytes.
    ///
    /// - Parameter location: where the bytes come from, for messages.
    public static func decode(_ data: Data, location: String? = nil) throws(RecordingError) -> Recording {
        let root: JSONValue
        do {
            root = try JSONParser().parse(data)
        } catch {
            throw RecordingError(location: location, reason: error.description)
        }
        do {
            return try RecordingReader(location: location).recording(from: root)
        } catch let error as RecordingError {
            throw error
        } catch {
            throw RecordingError(location: location, reason: "\(error)")
        }
    }
}

extension Recording {
    /// The top-level members a recording file may have; any other is refused. `Recording.schema.json`
    /// describes each.
    public static let memberNames: Set<String> = [
        "title", "source", "hookPoint", "compliant", "response", "previousToken", "authorization", "tokenRequest", "revocationRequest", "request", "token", "clientID",
        "oauth1", "parameters", "callback", "expect", "notes", "endpointValues", "enable", "pending", "clientSecret", "sentRequest",
    ]
}

/// Why a recording could not be read.
public struct RecordingError: Error, Sendable, CustomStringConvertible {
    /// The file or folder, if any.
    public let location: String?
    /// What was expected and what came.
    public let reason: String

    /// Creates an error.
    public init(location: String?, reason: String) {
        self.location = location
        self.reason = reason
    }

    public var description: String {
        location.map { "recording \($0): \(reason)" } ?? reason
    }
}

/// Turns the JSON of a recording into a ``Recording``, member by member, with errors that
/// name the member.
private struct RecordingReader {
    let location: String?

    func fail(_ path: String, _ expected: String, _ found: JSONValue?) -> RecordingError {
        RecordingError(location: location, reason: "\(path): expected \(expected), got \(found?.kind ?? "no member")")
    }

    func object(_ value: JSONValue?, _ path: String) throws -> JSONObject {
        guard case .object(let object)? = value else { throw fail(path, "an object", value) }
        return object
    }

    func string(_ value: JSONValue?, _ path: String) throws -> String {
        guard case .string(let string)? = value else { throw fail(path, "a string", value) }
        return string
    }

    func optionalString(_ value: JSONValue?, _ path: String) throws -> String? {
        if value == nil || value == JSONValue.null { return nil }
        return try string(value, path)
    }

    func strings(_ value: JSONValue?, _ path: String) throws -> [String] {
        guard case .array(let values)? = value else { throw fail(path, "an array of strings", value) }
        return try values.enumerated().map { try string($1, "\(path).\($0)") }
    }

    func pairs(_ value: JSONValue?, _ path: String) throws -> [(String, String)] {
        guard let value else { return [] }
        return try object(value, path).map { ($0.key, try string($0.value, "\(path).\($0.key)")) }
    }

    func headers(_ value: JSONValue?, _ path: String) throws -> HTTPHeaders {
        HTTPHeaders(try pairs(value, path).map { HTTPHeaders.Field(name: $0.0, value: $0.1) })
    }

    func recording(from root: JSONValue) throws -> Recording {
        let object = try object(root, "the recording")
        let known = Recording.memberNames
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw RecordingError(location: location, reason: "expected members among \(known.sorted().joined(separator: ", ")), got \"\(unknown)\"")
        }
        let hookName = try string(object["hookPoint"], "hookPoint")
        guard let hookPoint = HookPoint(name: hookName) else {
            throw RecordingError(location: location, reason: "hookPoint: expected one of \(HookPoint.all.map(\.name).joined(separator: ", ")), got \"\(hookName)\"")
        }
        var compliant = false
        if let value = object["compliant"] {
            guard case .bool(let flag) = value else { throw fail("compliant", "true or false", value) }
            compliant = flag
        }
        let input: Recording.Input
        let oauth1 = try object["oauth1"].map { try oauth1Inputs($0) }
        switch hookPoint {
        case .requestTokenRequest:
            guard let oauth1 else { throw fail("oauth1", "an object", nil) }
            input = .oauth1Request(oauth1)
        case .accessTokenRequest where oauth1 != nil:
            input = .oauth1Request(oauth1!)
        case .authorizationRequest where oauth1 != nil:
            input = .oauth1Authorization(oauth1!, parameters: FormParameters(try pairs(object["parameters"], "parameters").map { .init(name: $0.0, value: $0.1) }))
        case .authorizationResponse:
            if let oauth1 {
                input = .oauth1Callback(try string(object["callback"], "callback"), oauth1)
            } else {
                input = .authorizationResponse(
                    callback: try string(object["callback"], "callback"), pending: try pending(object["pending"]),
                    client: ClientCredentials(id: try string(object["clientID"], "clientID"), secret: try optionalString(object["clientSecret"], "clientSecret"))
                )
            }
        case .protectedRequest where oauth1 != nil:
            input = .oauth1ProtectedRequest(try request(object["request"], "request"), oauth1!)
        case .accessTokenResponse, .refreshResponse, .deviceAuthorizationResponse, .requestTokenResponse:
            let previous = try object["previousToken"].map { try token($0, "previousToken") }
            input = .response(try response(object["response"]), previousToken: previous)
        case .authorizationRequest:
            input = .authorization(try authorization(object["authorization"]))
        case .accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest:
            let (grant, client) = try tokenRequest(object["tokenRequest"], grantTypeRequired: hookPoint != .deviceAuthorizationRequest)
            input = .tokenRequest(grant: grant, client: client)
        case .revocationRequest:
            input = try revocationRequest(object["revocationRequest"])
        default:
            let clientID = try optionalString(object["clientID"], "clientID")
            let clientSecret = try optionalString(object["clientSecret"], "clientSecret")
            if clientSecret != nil, clientID == nil { throw fail("clientID", "a string beside clientSecret", nil) }
            input = .protectedRequest(
                try request(object["request"], "request"), token: try token(object["token"], "token"),
                client: clientID.map { ClientCredentials(id: $0, secret: clientSecret) }
            )
        }
        return Recording(
            title: try string(object["title"], "title"), source: try string(object["source"], "source"),
            hookPoint: hookPoint, compliant: compliant, input: input, expected: try outcome(object["expect"]),
            endpointValues: Dictionary(try pairs(object["endpointValues"], "endpointValues"), uniquingKeysWith: { first, _ in first }),
            enable: try object["enable"].map { try strings($0, "enable").map { FixID($0) } } ?? [], location: location,
            notes: try optionalString(object["notes"], "notes"), sentRequest: try object["sentRequest"].map { try recordedRequest($0, "sentRequest") }
        )
    }

    func response(_ value: JSONValue?) throws -> HTTPResponse {
        let object = try object(value, "response")
        guard case .number(let number)? = object["status"], let status = number.intValue else { throw fail("response.status", "an integer", object["status"]) }
        let body: Data
        if let base64 = object["bodyBase64"] {
            guard let data = Data(base64Encoded: try string(base64, "response.bodyBase64")) else {
                throw RecordingError(location: location, reason: "response.bodyBase64: expected base64, got other text")
            }
            body = data
        } else {
            body = Data(try (optionalString(object["body"], "response.body") ?? "").utf8)
        }
        return HTTPResponse(status: status, headers: try headers(object["headers"], "response.headers"), body: body)
    }

    func token(_ value: JSONValue?, _ path: String) throws -> Token {
        let object = try object(value, path)
        do {
            return try Token(jsonObject: object)
        } catch {
            throw RecordingError(location: location, reason: "\(path): expected a token with at least access_token, got \(error)")
        }
    }

    func pending(_ value: JSONValue?) throws -> PendingAuthorization {
        let object = try object(value, "pending")
        return PendingAuthorization(
            state: try string(object["state"], "pending.state"), codeVerifier: nil,
            redirectURI: try string(object["redirectURI"], "pending.redirectURI"), issuer: try optionalString(object["issuer"], "pending.issuer"),
            requiresIssuer: false, createdAt: Recording.replayDate
        )
    }

    func oauth1Inputs(_ value: JSONValue) throws -> Recording.OAuth1Inputs {
        let object = try object(value, "oauth1")
        let known: Set<String> = ["consumerKey", "consumerSecret", "token", "tokenSecret", "callback", "verifier", "nonce", "timestamp"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw RecordingError(location: location, reason: "oauth1: expected members among \(known.sorted().joined(separator: ", ")), got \"\(unknown)\"")
        }
        var timestamp = 1_700_000_000
        if let value = object["timestamp"] {
            guard case .number(let number) = value, let seconds = number.intValue else { throw fail("oauth1.timestamp", "an integer", value) }
            timestamp = seconds
        }
        return Recording.OAuth1Inputs(
            consumerKey: try string(object["consumerKey"], "oauth1.consumerKey"),
            consumerSecret: try optionalString(object["consumerSecret"], "oauth1.consumerSecret"),
            token: try optionalString(object["token"], "oauth1.token"), tokenSecret: try optionalString(object["tokenSecret"], "oauth1.tokenSecret"),
            callback: try optionalString(object["callback"], "oauth1.callback"), verifier: try optionalString(object["verifier"], "oauth1.verifier"),
            nonce: try optionalString(object["nonce"], "oauth1.nonce") ?? "nonce", timestamp: timestamp
        )
    }

    func authorization(_ value: JSONValue?) throws -> Recording.AuthorizationInput {
        let object = try object(value, "authorization")
        return Recording.AuthorizationInput(
            clientID: try string(object["clientID"], "authorization.clientID"),
            redirectURI: try optionalString(object["redirectURI"], "authorization.redirectURI"),
            scopes: try object["scopes"].map { try strings($0, "authorization.scopes") },
            state: try optionalString(object["state"], "authorization.state"),
            codeVerifier: try optionalString(object["codeVerifier"], "authorization.codeVerifier"),
            parameters: FormParameters(try pairs(object["parameters"], "authorization.parameters").map { .init(name: $0.0, value: $0.1) })
        )
    }

    func tokenRequest(_ value: JSONValue?, grantTypeRequired: Bool) throws -> (TokenGrant, ClientCredentials) {
        let object = try object(value, "tokenRequest")
        let grant = TokenGrant(
            type: grantTypeRequired ? try string(object["grantType"], "tokenRequest.grantType") : try optionalString(object["grantType"], "tokenRequest.grantType") ?? "",
            parameters: FormParameters(try pairs(object["parameters"], "tokenRequest.parameters").map { .init(name: $0.0, value: $0.1) }),
            scopes: try object["scopes"].map { try strings($0, "tokenRequest.scopes") } ?? [],
            state: try optionalString(object["state"], "tokenRequest.state")
        )
        let client = ClientCredentials(
            id: try string(object["clientID"], "tokenRequest.clientID"),
            secret: try optionalString(object["clientSecret"], "tokenRequest.clientSecret")
        )
        return (grant, client)
    }

    func revocationRequest(_ value: JSONValue?) throws -> Recording.Input {
        let object = try object(value, "revocationRequest")
        let hint: TokenTypeHint?
        switch try optionalString(object["hint"], "revocationRequest.hint") {
        case nil: hint = nil
        case TokenTypeHint.accessToken.name?: hint = .accessToken
        case TokenTypeHint.refreshToken.name?: hint = .refreshToken
        case let other?: throw RecordingError(location: location, reason: "revocationRequest.hint: expected access_token or refresh_token, got \"\(other)\"")
        }
        return .revocationRequest(
            token: try string(object["token"], "revocationRequest.token"), hint: hint,
            client: ClientCredentials(
                id: try string(object["clientID"], "revocationRequest.clientID"),
                secret: try optionalString(object["clientSecret"], "revocationRequest.clientSecret")
            )
        )
    }

    func request(_ value: JSONValue?, _ path: String) throws -> HTTPRequest {
        guard let recorded = try recordedRequest(value, path).httpRequest else {
            throw RecordingError(location: location, reason: "\(path).url: expected a URL, got other text")
        }
        return recorded
    }

    func recordedRequest(_ value: JSONValue?, _ path: String) throws -> RecordedRequest {
        let object = try object(value, path)
        return RecordedRequest(
            method: try optionalString(object["method"], "\(path).method") ?? "GET",
            url: try string(object["url"], "\(path).url"),
            headers: try headers(object["headers"], "\(path).headers"),
            body: try optionalString(object["body"], "\(path).body")
        )
    }

    func outcome(_ value: JSONValue?) throws -> Outcome {
        let object = try object(value, "expect")
        guard object.count == 1, let member = object.members.first else {
            throw RecordingError(location: location, reason: "expect: expected exactly one of token, deviceAuthorization, credentials, callback, authorizationResponse, error, request, url, failure")
        }
        switch member.key {
        case "credentials":
            return .credentials(try self.object(member.value, "expect.credentials"))
        case "callback":
            return .callback(verifier: try optionalString(try self.object(member.value, "expect.callback")["oauth_verifier"], "expect.callback.oauth_verifier"))
        case "failure":
            return .failure(try string(member.value, "expect.failure"))
        case "authorizationResponse":
            let response = try self.object(member.value, "expect.authorizationResponse")
            return .authorizationResponse(
                code: try string(response["code"], "expect.authorizationResponse.code"),
                kept: try response["kept"].map { try self.object($0, "expect.authorizationResponse.kept") } ?? [:]
            )
        case "token":
            return .token(try self.object(member.value, "expect.token"))
        case "deviceAuthorization":
            return .deviceAuthorization(try self.object(member.value, "expect.deviceAuthorization"))
        case "error":
            let error = try self.object(member.value, "expect.error")
            return .error(code: try string(error["error"], "expect.error.error"), description: try optionalString(error["error_description"], "expect.error.error_description"))
        case "request":
            return .request(try recordedRequest(member.value, "expect.request"))
        case "url":
            return .url(try string(member.value, "expect.url"))
        default:
            throw RecordingError(location: location, reason: "expect: expected token, deviceAuthorization, credentials, callback, authorizationResponse, error, request, url or failure, got \"\(member.key)\"")
        }
    }
}
