import Foundation
import OAuth
import OAuthProviders

extension FuzzTarget {
    /// The providers a response can be read for, picked by an input's first byte: every built-in
    /// provider, each with its optional fixes enabled too, the `generic` profile, and the strict
    /// core with no fix at all.
    package static let providers: [Provider] = {
        let builtIn = ProviderRegistry.builtIn.providers
        let withOptional = builtIn.filter { !$0.optionalFixes.isEmpty }.compactMap { try? $0.enablingFixes($0.optionalFixes.map(\.id)) }
        let endpoints = Endpoints(
            authorization: "https://as.example/authorize", token: "https://as.example/token", revocation: "https://as.example/revoke",
            introspection: "https://as.example/introspect", deviceAuthorization: "https://as.example/device"
        )
        return builtIn + withOptional + [
            Provider(name: "generic", displayName: "Generic", endpoints: endpoints, fixes: Fix.genericProfile),
            Provider(name: "strict", displayName: "Strict", endpoints: endpoints),
        ]
    }()

    /// Statuses picked for a status line that is not three digits.
    static let statuses = [200, 201, 204, 400, 401, 403, 429, 500, 502, 503, 302]

    /// A fixed instant, a whole second, so an expiry survives its own round trip.
    static let issuedAt = Date(timeIntervalSince1970: 1_700_000_000)

    /// Reads a response, as it came from a token, device, revocation or introspection endpoint,
    /// through a provider's fixes. The input is lines, then the body:
    ///
    /// ```
    /// github
    /// 200 text/plain
    /// Retry-After: 120
    /// access_token=e72e16c7e42f292c6912e7710c838347ae178b4a&token_type=bearer
    /// ```
    ///
    /// the provider's name (another picks one by its hash), the status and content type, one
    /// header line (or an empty line). OAuth 1.0a providers read the body as temporary and
    /// token credentials.
    static let tokenResponse = FuzzTarget("token-response", "token, device, revocation and introspection responses through every provider's fixes") { bytes in
        var input = FuzzInput(bytes)
        let provider = input.provider(providers)
        let (status, contentType) = input.statusAndContentType(statuses)
        var headers = HTTPHeaders()
        if let contentType { headers.add(name: "Content-Type", value: contentType) }
        if let header = input.line(), let colon = header.firstIndex(of: ":") {
            headers.add(name: String(header[..<colon]), value: String(header[header.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        let body = input.rest
        let response = HTTPResponse(status: status, headers: headers, body: Data(body))
        let size = body.count + 64
        let secrets = FuzzRules.secrets(in: body, headers: headers)
        if provider.version == .oauth1 {
            let engine = OAuth1Engine(provider: provider)
            let (temporary, first) = FuzzRules.checked("temporary credentials (\(provider.name))", bytes: size, secrets: secrets) { try engine.temporaryCredentials(from: response) }
            let (_, second) = FuzzRules.checked("token credentials (\(provider.name))", bytes: size, secrets: secrets) { try engine.tokenCredentials(from: response) }
            if let temporary, temporary.token.isEmpty { return FuzzViolation("temporary credentials (\(provider.name)): expected a non-empty oauth_token, got an empty one") }
            return FuzzRules.first(first, second, FuzzRules.revealed(secrets, in: [temporary?.description ?? ""], "credentials (\(provider.name))"))
        }
        let engine = FlowEngine(provider: provider)
        let (token, access) = FuzzRules.checked("access-token response (\(provider.name))", bytes: size, secrets: secrets) {
            try engine.token(from: response, at: .accessTokenResponse, issuedAt: issuedAt)
        }
        let previous = Token(accessToken: "old-access", refreshToken: "old-refresh")
        let (refreshed, refresh) = FuzzRules.checked("refresh response (\(provider.name))", bytes: size, secrets: secrets) {
            try engine.token(from: response, at: .refreshResponse, previous: previous, issuedAt: issuedAt)
        }
        let (_, device) = FuzzRules.checked("device authorization response (\(provider.name))", bytes: size, secrets: secrets) {
            try engine.deviceAuthorization(from: response, issuedAt: issuedAt)
        }
        let (_, revocation) = FuzzRules.checked("revocation response (\(provider.name))", bytes: size, secrets: secrets) { try engine.revocationOutcome(from: response) }
        let (_, introspection) = FuzzRules.checked("introspection response (\(provider.name))", bytes: size, secrets: secrets) { try engine.introspection(from: response) }
        if let violation = FuzzRules.first(access, refresh, device, revocation, introspection) { return violation }
        if let refreshed, refreshed.refreshToken == nil {
            return FuzzViolation("refresh response (\(provider.name)): expected the previous refresh token kept when none came, got none")
        }
        for case let token? in [token, refreshed] {
            if let violation = FuzzRules.first(roundTrip(token, provider: provider.name), FuzzRules.revealed(secrets, in: [token.description], "token (\(provider.name))")) {
                return violation
            }
        }
        return nil
    }

    /// A token survives the file format it is stored in.
    static func roundTrip(_ token: Token, provider: String) -> FuzzViolation? {
        _ = token.description
        do {
            let written = JSONWriter.data(.object(token.jsonObject()))
            guard case .object(let object) = try JSONParser(maximumDepth: JSONParser.depthCeiling).parse(written) else {
                return FuzzViolation("token (\(provider)): expected its JSON to be an object")
            }
            let read = try Token(jsonObject: object)
            return read == token ? nil : FuzzViolation("token (\(provider)): expected it to read back as written, got \(read) for \(token)")
        } catch {
            return FuzzViolation("token (\(provider)): expected it to read back as written, got \(error)")
        }
    }
}
