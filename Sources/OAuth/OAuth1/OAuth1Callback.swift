import Foundation

/// Reads the callback after the user authorized (RFC 5849 §2.2).
public enum OAuth1Callback {
    /// The `oauth_verifier` in a callback, after checking it:
    ///
    /// 1. it comes back to the pending callback URI (scheme, host, port, path);
    /// 2. no parameter appears twice;
    /// 3. `denied` (Twitter's answer when the user cancels), and for OAuth Core 1.0 providers
    ///    `authorize` other than `1` (Goodreads'), is a typed error;
    /// 4. `oauth_token` equals the pending temporary token, compared in constant time;
    /// 5. `oauth_verifier` is present, unless the provider follows OAuth Core 1.0's rules, where
    ///    it may be absent (`nil`).
    public static func verifier(
        from callback: String, pending: OAuth1PendingAuthorization, rules: OAuth1CallbackRules = .rfc5849
    ) throws(OAuth1CallbackError) -> String? {
        guard let components = URLComponents(string: callback), components.scheme != nil else { throw .malformedURL }
        if let expected = URLComponents(string: pending.callback), expected.scheme != nil, !sameEndpoint(components, expected) {
            throw .callbackMismatch(expected: pending.callback, got: Redaction.url(URL(string: callback) ?? URL(string: "about:blank")!))
        }
        let query = components.percentEncodedQuery ?? ""
        guard let parameters = try? FormParameters(decoding: Data(query.utf8)) else { throw .malformedURL }
        var seen = Set<String>()
        if let repeated = parameters.first(where: { !seen.insert($0.name).inserted }) { throw .duplicateParameter(repeated.name) }
        if parameters["denied"] != nil { throw .denied }
        // OAuth Core 1.0 servers such as Goodreads say yes or no with authorize=1 or 0.
        if rules == .core10, let authorize = parameters["authorize"], authorize != "1" { throw .denied }
        guard let token = parameters["oauth_token"] else { throw .missingToken }
        guard constantTimeEquals(token.utf8, pending.temporaryCredentials.token.utf8) else { throw .tokenMismatch }
        let verifier = parameters["oauth_verifier"].flatMap { $0.isEmpty ? nil : $0 }
        if verifier == nil, rules == .rfc5849 { throw .missingVerifier }
        return verifier
    }

    static func sameEndpoint(_ a: URLComponents, _ b: URLComponents) -> Bool {
        func port(_ c: URLComponents) -> Int? {
            c.port ?? (c.scheme?.lowercased() == "https" ? 443 : c.scheme?.lowercased() == "http" ? 80 : nil)
        }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased()
            && port(a) == port(b) && (a.percentEncodedPath.isEmpty ? "/" : a.percentEncodedPath) == (b.percentEncodedPath.isEmpty ? "/" : b.percentEncodedPath)
    }
}
