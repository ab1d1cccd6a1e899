import Foundation
import OAuth

/// A transport that records: it sends each request through the transport it wraps and writes
/// the exchange as a recording file, in the package's own format, ready to drop into a
/// provider's `Recordings/`.
///
/// Each file holds the request as it was sent (`sentRequest`), the raw response, and what the
/// provider's fixes make of it (`expect`); a protected request is kept as the request before
/// the token was placed, the token, and the request the fixes prepare. Secrets never reach the
/// file: every value at a secret position (see ``RecordingSecrets``) and every value given in
/// `knownSecrets` becomes a stable placeholder (``PlaceholderTable``), and the expected outcome
/// is computed from the redacted recording, so the file replays green. Fixes that ran and did
/// not act are named in the file's `notes` and in ``Event/written(_:)``.
///
/// ```swift
/// let recorder = try RecordingTransport(wrapping: URLSessionTransport(), provider: github,
///                                       directory: URL(fileURLWithPath: "Recordings"), clientSecret: secret)
/// let client = OAuthClient(provider: github, credentials: credentials, transport: recorder)
/// ```
///
/// Files are named after the hook point (`access-token-response.json`, then
/// `access-token-response-2.json` within one recorder); an existing file is never replaced
/// unless `overwrite` is set: the request is then refused before it is sent, so that nothing
/// (a code, say) is spent for a recording that cannot be written.
public final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    /// One recording written.
    public struct Written: Sendable, CustomStringConvertible {
        /// The file.
        public let file: URL
        /// The hook point it exercises.
        public let hookPoint: HookPoint
        /// The fixes that ran on the exchange and changed nothing.
        public let fixesThatDidNotAct: [FixID]

        public var description: String {
            "recorded \(hookPoint) in \(file.path)" + fixesThatDidNotAct.map { "; \($0): did not act" }.joined()
        }
    }

    /// What the recorder did with one exchange.
    public enum Event: Sendable, CustomStringConvertible {
        /// A recording was written.
        case written(Written)
        /// The exchange was not recorded, and why.
        case skipped(String)

        public var description: String {
            switch self {
            case .written(let written): written.description
            case .skipped(let reason): "not recorded: \(reason)"
            }
        }
    }

    private let base: any HTTPTransport
    private let provider: Provider
    private let directory: URL
    private let clientID: String?
    private let endpointValues: [String: String]
    private let overwrite: Bool
    private let table: PlaceholderTable
    private let onEvent: (@Sendable (Event) -> Void)?
    private let lock = NSLock()
    private var usedNames: Set<String> = []
    private var knownSecrets: [(value: String, kind: RecordingSecrets.Kind)]
    private var accessTokenOfRefreshToken: [String: String] = [:]
    private var recordedEvents: [Event] = []

    /// A recorder that writes into `directory` (created when missing).
    ///
    /// - Parameters:
    ///   - provider: whose fixes make the expected outcomes, and whose endpoints tell a token
    ///     exchange from a protected request.
    ///   - clientID: the client's id, which fixes such as Twitch's `Client-Id` header use.
    ///   - endpointValues: the values for the provider's placeholders, as the client has them.
    ///   - clientSecret: the client secret; redacted wherever it appears.
    ///   - knownSecrets: more values to redact wherever they appear (a password, an OAuth 1.0a
    ///     token secret), with their kind.
    ///   - overwrite: whether an existing file may be replaced.
    /// - Throws: ``RecordingError`` when the directory cannot be made or its placeholder table
    ///   cannot be read.
    public init(
        wrapping base: any HTTPTransport, provider: Provider, directory: URL, clientID: String? = nil, endpointValues: [String: String] = [:],
        clientSecret: String? = nil,
        knownSecrets: [(String, RecordingSecrets.Kind)] = [], overwrite: Bool = false, onEvent: (@Sendable (Event) -> Void)? = nil
    ) throws(RecordingError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RecordingError(location: directory.path, reason: "expected a directory to record into, got one that cannot be made")
        }
        self.base = base
        self.provider = provider
        self.directory = directory
        self.clientID = clientID
        self.endpointValues = endpointValues
        self.overwrite = overwrite
        self.table = try PlaceholderTable.load(from: directory)
        self.onEvent = onEvent
        self.knownSecrets = knownSecrets.map { (value: $0.0, kind: $0.1) } + (clientSecret.map { [(value: $0, kind: .clientSecret)] } ?? [])
    }

    /// Everything recorded or skipped so far, in order.
    public var events: [Event] { lock.withLock { recordedEvents } }

    /// Adds a value to redact wherever it appears from now on.
    public func redact(_ value: String, as kind: RecordingSecrets.Kind) {
        lock.withLock { knownSecrets.append((value: value, kind: kind)) }
    }

    public func send(_ request: HTTPRequest, limits: TransportLimits) async throws -> HTTPResponse {
        let hookPoint = classify(request)
        let file = try hookPoint.map { hookPoint throws(RecordingError) in try reserveFile(for: hookPoint) }
        let response = try await base.send(request, limits: limits)
        guard let hookPoint, let file else {
            report(.skipped("\(request.method) \(Self.printable(request.url)): the recording format has no hook point for this endpoint's responses"))
            return response
        }
        do {
            let recording = try record(request, response: response, at: hookPoint)
            try write(recording.recording, to: file)
            report(.written(Written(file: file, hookPoint: hookPoint, fixesThatDidNotAct: recording.idle)))
        } catch let error as RecordingError {
            report(.skipped(error.description))
        } catch {
            report(.skipped("\(Self.printable(request.url)): \(error)"))
        }
        return response
    }

    private func report(_ event: Event) {
        lock.withLock { recordedEvents.append(event) }
        onEvent?(event)
    }

    // MARK: Which hook point

    /// The hook point whose recording an exchange makes, or `nil` for an endpoint recordings do
    /// not cover (revocation, introspection).
    func classify(_ request: HTTPRequest) -> HookPoint? {
        let endpoints = provider.endpoints
        func matches(_ endpoint: Endpoint?) -> Bool {
            guard let endpoint, let url = try? endpoint.url(endpointValues) else { return false }
            return Self.sameResource(url, request.url)
        }
        if provider.version == .oauth1 {
            if matches(endpoints.requestToken) { return .requestTokenResponse }
            if matches(endpoints.token) { return .accessTokenResponse }
            return .protectedRequest
        }
        if matches(endpoints.revocation) || matches(endpoints.introspection) { return nil }
        if matches(endpoints.deviceAuthorization) { return .deviceAuthorizationResponse }
        if matches(endpoints.token) || matches(endpoints.refresh) {
            let grant = Self.parameters(of: request)["grant_type"]
            return grant == "refresh_token" ? .refreshResponse : .accessTokenResponse
        }
        return .protectedRequest
    }

    static func sameResource(_ lhs: URL, _ rhs: URL) -> Bool {
        lhs.scheme?.lowercased() == rhs.scheme?.lowercased() && lhs.host?.lowercased() == rhs.host?.lowercased() && lhs.port == rhs.port
            && lhs.path == rhs.path
    }

    /// A request's form body, or its query when it has none.
    static func parameters(of request: HTTPRequest) -> FormParameters {
        let form = ((try? request.formParameters) ?? [])
        return form.isEmpty ? ((try? request.queryParameters) ?? []) : form
    }

    private func reserveFile(for hookPoint: HookPoint) throws(RecordingError) -> URL {
        lock.lock()
        defer { lock.unlock() }
        var number = 1
        while true {
            let name = hookPoint.name + (number == 1 ? "" : "-\(number)") + ".json"
            number += 1
            if usedNames.contains(name) { continue }
            let file = directory.appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: file.path), !overwrite {
                throw RecordingError(location: file.path, reason: "expected a new file, got an existing one; record elsewhere or allow overwriting (--force)")
            }
            usedNames.insert(name)
            return file
        }
    }

    private func write(_ recording: Recording, to file: URL) throws {
        try table.save(to: directory)
        try FileTokenStore.writeAtomically(recording.jsonData(), to: file.path)
    }

    static func printable(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        return components?.string ?? "a URL"
    }

    // MARK: The recording

    private func record(_ request: HTTPRequest, response: HTTPResponse, at hookPoint: HookPoint) throws -> (recording: Recording, idle: [FixID]) {
        let source = "recorded from \(request.method) \(Self.printable(request.url)) on \(Self.today())"
        let title: String
        let input: Recording.Input
        var sent: RecordedRequest? = RecordedRequest(request)
        switch hookPoint {
        case .protectedRequest where provider.version == .oauth1:
            input = .oauth1ProtectedRequest(Self.unsigned(request), oauth1Inputs(of: request))
            title = "Signed \(request.method) request for a protected resource"
            sent = nil
        case .protectedRequest:
            guard let (bare, token) = try unplaced(request) else {
                throw RecordingError(location: nil, reason: "\(request.method) \(Self.printable(request.url)): expected the token where the provider places it, got none")
            }
            input = .protectedRequest(bare, token: Token(accessToken: token), client: clientID.map { ClientCredentials(id: $0) })
            title = "\(request.method) request for a protected resource"
            sent = nil
        case .refreshResponse:
            let refreshToken = Self.parameters(of: request)["refresh_token"] ?? ""
            let previousAccess = lock.withLock { accessTokenOfRefreshToken[refreshToken] }
                ?? table.placeholder(for: "access token refreshed by \(refreshToken)", kind: .accessToken)
            input = .response(response, previousToken: Token(accessToken: previousAccess, refreshToken: refreshToken))
            title = "Refresh response, HTTP \(response.status)"
        default:
            input = .response(response, previousToken: nil)
            title = "\(hookPoint.endpoint.prefix(1).uppercased() + hookPoint.endpoint.dropFirst()) response, HTTP \(response.status)"
        }
        let raw = Recording(
            title: title, source: source, hookPoint: hookPoint, input: input, expected: .failure(""), endpointValues: endpointValues, sentRequest: sent
        )
        let redacted = Self.withConsistentFraming(try redact(raw))
        let trace = FixTrace()
        let expected = redacted.replay(with: provider, trace: trace)
        let compliant = redacted.replay(with: provider.strictCore).matches(expected)
        let idle = trace.fixesThatDidNotAct
        rememberTokens(from: response, at: hookPoint)
        let recording = Recording(
            title: redacted.title, source: redacted.source, hookPoint: hookPoint, compliant: compliant, input: redacted.input, expected: expected,
            endpointValues: redacted.endpointValues, notes: idle.isEmpty ? nil : idle.map { "\($0): did not act" }.joined(separator: "; "), sentRequest: redacted.sentRequest
        )
        return (recording, idle)
    }

    /// Today's date in UTC, `2026-01-31`.
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The recording with the response's `Content-Length` matching its redacted body, and
    /// without hop-by-hop headers, which say nothing about the provider.
    static func withConsistentFraming(_ recording: Recording) -> Recording {
        guard case .response(var response, let previous) = recording.input else { return recording }
        for name in ["Connection", "Keep-Alive", "Transfer-Encoding"] { response.headers.remove(name) }
        if response.headers.contains("Content-Length") { response.headers["Content-Length"] = String(response.body.count) }
        return Recording(
            title: recording.title, source: recording.source, hookPoint: recording.hookPoint, input: .response(response, previousToken: previous),
            expected: recording.expected, endpointValues: recording.endpointValues, sentRequest: recording.sentRequest
        )
    }

    /// Keeps which access token came with which refresh token, so that a later refresh
    /// recording's `previousToken` is the token it refreshes.
    private func rememberTokens(from response: HTTPResponse, at hookPoint: HookPoint) {
        guard HookPoint.tokenResponses.contains(hookPoint),
            let token = try? FlowEngine(provider: provider, endpointValues: endpointValues).token(from: response, at: hookPoint), let refresh = token.refreshToken
        else { return }
        lock.withLock { accessTokenOfRefreshToken[refresh] = token.accessToken }
    }

    /// The request before the provider placed the token, and the token: what the provider's
    /// protected-request pipeline adds to a bare request is taken off again.
    private func unplaced(_ request: HTTPRequest) throws -> (HTTPRequest, String)? {
        let probeValue = "probe-\(UUID().uuidString)"
        var bareURL = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        bareURL?.query = nil
        guard let probeURL = bareURL?.url else { return nil }
        let probe = HTTPRequest(method: request.method, url: probeURL)
        let prepared = try FlowEngine(provider: provider, endpointValues: endpointValues).protectedRequest(
            probe, token: Token(accessToken: probeValue), client: clientID.map { ClientCredentials(id: $0) }
        )
        var token: String?
        var bare = request
        for field in prepared.headers.fields {
            if let range = field.value.range(of: probeValue), let sentValue = request.headers[field.name] {
                let prefix = String(field.value[..<range.lowerBound])
                if sentValue.hasPrefix(prefix) { token = String(sentValue.dropFirst(prefix.count)) }
            }
            bare.headers.remove(field.name)
        }
        let added = ((try? prepared.queryParameters) ?? [])
        if !added.isEmpty {
            for parameter in added where parameter.value == probeValue { token = ((try? request.queryParameters) ?? [])[parameter.name] ?? token }
            let names = Set(added.map(\.name))
            bare.setQueryParameters(FormParameters(((try? request.queryParameters) ?? []).filter { !names.contains($0.name) }))
        }
        guard let token else { return nil }
        return (bare, token)
    }

    /// An OAuth 1.0a request without its `oauth_*` parameters and OAuth Authorization header.
    static func unsigned(_ request: HTTPRequest) -> HTTPRequest {
        var bare = request
        if let authorization = request.headers["Authorization"], authorization.lowercased().hasPrefix("oauth ") { bare.headers.remove("Authorization") }
        let query = ((try? request.queryParameters) ?? [])
        if query.contains(where: { $0.name.hasPrefix("oauth_") }) { bare.setQueryParameters(FormParameters(query.filter { !$0.name.hasPrefix("oauth_") })) }
        let form = ((try? request.formParameters) ?? [])
        if form.contains(where: { $0.name.hasPrefix("oauth_") }) {
            let rest = FormParameters(form.filter { !$0.name.hasPrefix("oauth_") })
            if rest.isEmpty {
                bare.body = nil
                bare.headers.remove("Content-Type")
            } else {
                bare.setFormParameters(rest)
            }
        }
        return bare
    }

    /// What a signed request was signed with, as far as it shows: the consumer key, the token,
    /// the nonce and the timestamp; the secrets as the recorder knows them, else placeholders.
    private func oauth1Inputs(of request: HTTPRequest) -> Recording.OAuth1Inputs {
        var parameters: [String: String] = [:]
        if let authorization = request.headers["Authorization"], authorization.lowercased().hasPrefix("oauth ") {
            for (key, value) in RecordingSecrets.oauthParameters(String(authorization.dropFirst(6))) { parameters[key] = value.removingPercentEncoding ?? value }
        }
        for parameter in Array((try? request.queryParameters) ?? []) + Array((try? request.formParameters) ?? []) where parameter.name.hasPrefix("oauth_") { parameters[parameter.name] = parameter.value }
        let token = parameters["oauth_token"]
        let secrets = lock.withLock { knownSecrets }
        let consumerSecret = secrets.first { $0.kind == .clientSecret }?.value
            ?? table.placeholder(for: "consumer secret of \(parameters["oauth_consumer_key"] ?? "")", kind: .clientSecret)
        let tokenSecret = secrets.first { $0.kind == .tokenSecret }?.value
            ?? token.map { table.placeholder(for: "token secret of \($0)", kind: .tokenSecret) }
        return Recording.OAuth1Inputs(
            consumerKey: parameters["oauth_consumer_key"] ?? "", consumerSecret: consumerSecret, token: token, tokenSecret: tokenSecret,
            nonce: parameters["oauth_nonce"] ?? "nonce", timestamp: parameters["oauth_timestamp"].flatMap { Int($0) } ?? 1_700_000_000
        )
    }

    // MARK: Redaction

    /// The recording with every secret replaced by its placeholder.
    private func redact(_ recording: Recording) throws -> Recording {
        guard case .object(var object) = recording.jsonValue else { return recording }
        object["expect"] = nil
        var secrets = lock.withLock { knownSecrets }
        for finding in RecordingSecrets.findings(in: .object(object)) where !finding.value.isEmpty && !RecordingSecrets.isPlaceholder(finding.value) {
            secrets.append((value: finding.value, kind: finding.kind))
        }
        var replacements: [(String, String)] = []
        for secret in secrets where !secret.value.isEmpty && !RecordingSecrets.isPlaceholder(secret.value) {
            let placeholder = table.placeholder(for: secret.value, kind: secret.kind)
            for variant in Self.variants(of: secret.value) where !replacements.contains(where: { $0.0 == variant }) {
                replacements.append((variant, placeholder))
            }
        }
        replacements.sort { $0.0.count > $1.0.count }
        let redacted = Self.substitute(replacements, in: .object(object))
        let left = RecordingSecrets.findings(in: redacted).filter { !RecordingSecrets.isPlaceholder($0.value) }
        if let first = left.first {
            throw RecordingError(location: nil, reason: "\(first.path): expected a secret that could be replaced by a placeholder, got one that could not; nothing was written")
        }
        guard case .object(var result) = redacted else { return recording }
        result["expect"] = ["failure": ""]
        return try Recording.decode(JSONWriter.data(.object(result)))
    }

    /// A value as it may appear: as it is, form-encoded, percent-encoded, JSON-escaped.
    static func variants(of value: String) -> [String] {
        var variants = [value, FormParameters.encodeComponent(value), value.replacingOccurrences(of: "/", with: "\\/")]
        if let encoded = value.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) { variants.append(encoded) }
        var seen = Set<String>()
        return variants.filter { seen.insert($0).inserted }
    }

    static func substitute(_ replacements: [(String, String)], in value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(replacing(replacements, in: text))
        case .array(let values): return .array(values.map { substitute(replacements, in: $0) })
        case .object(let object): return .object(JSONObject(object.members.map { .init(key: $0.key, value: substitute(replacements, in: $0.value)) }))
        default: return value
        }
    }

    /// Replaces each value where it stands whole: not inside a longer run of token characters.
    static func replacing(_ replacements: [(String, String)], in text: String) -> String {
        var result = text
        for (value, placeholder) in replacements {
            var searchStart = result.startIndex
            while let range = result.range(of: value, range: searchStart..<result.endIndex) {
                let before = range.lowerBound == result.startIndex ? nil : result[result.index(before: range.lowerBound)]
                let after = range.upperBound == result.endIndex ? nil : result[range.upperBound]
                if !isTokenCharacter(before), !isTokenCharacter(after) {
                    result.replaceSubrange(range, with: placeholder)
                    searchStart = result.index(range.lowerBound, offsetBy: placeholder.count)
                } else {
                    searchStart = result.index(after: range.lowerBound)
                }
            }
        }
        return result
    }

    private static func isTokenCharacter(_ character: Character?) -> Bool {
        guard let character else { return false }
        return character.isLetter || character.isNumber || "-._~+/%".contains(character)
    }
}
