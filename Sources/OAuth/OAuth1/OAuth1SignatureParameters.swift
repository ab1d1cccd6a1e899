/// The `oauth_` parameters of one signature in the order they are sent (§3.1): consumer key,
/// token, signature method, timestamp, nonce, version, then the step's own; or a list given
/// whole. Visited in place, without an array or a copy of each string, and measured once.
package struct OAuth1ProtocolParameters {
    private struct Standard {
        let consumerKey: String
        let token: String?
        let signatureMethod: String
        let timestamp: String
        let nonce: String
        let includeVersion: Bool
    }

    private let standard: Standard?
    private let extra: [(String, String)]
    /// The number of parameters.
    let count: Int
    /// The octets of their names and values.
    let byteCount: Int

    /// The parameters a signer sends, then `extra`.
    init(consumerKey: String, token: String?, signatureMethod: String, timestamp: String, nonce: String, includeVersion: Bool, extra: [(String, String)]) {
        let standard = Standard(
            consumerKey: consumerKey, token: token, signatureMethod: signatureMethod, timestamp: timestamp, nonce: nonce, includeVersion: includeVersion
        )
        self.init(standard: standard, extra: extra)
    }

    /// The parameters in `list`, as they are.
    init(_ list: [(String, String)]) {
        self.init(standard: nil, extra: list)
    }

    private init(standard: Standard?, extra: [(String, String)]) {
        self.standard = standard
        self.extra = extra
        var count = extra.count, byteCount = 0
        for (name, value) in extra { byteCount += name.utf8.count + value.utf8.count }
        if let standard {
            count += 4
            byteCount += "oauth_consumer_key".utf8.count + standard.consumerKey.utf8.count + "oauth_signature_method".utf8.count
                + standard.signatureMethod.utf8.count + "oauth_timestamp".utf8.count + standard.timestamp.utf8.count
                + "oauth_nonce".utf8.count + standard.nonce.utf8.count
            if let token = standard.token {
                count += 1
                byteCount += "oauth_token".utf8.count + token.utf8.count
            }
            if standard.includeVersion {
                count += 1
                byteCount += "oauth_version".utf8.count + "1.0".utf8.count
            }
        }
        self.count = count
        self.byteCount = byteCount
    }

    /// Hands each name and value to `visitor`, in order.
    func visit<Visitor: OAuth1ParameterVisitor>(_ visitor: inout Visitor) {
        if let standard {
            visitor.visit("oauth_consumer_key", standard.consumerKey)
            if let token = standard.token { visitor.visit("oauth_token", token) }
            visitor.visit("oauth_signature_method", standard.signatureMethod)
            visitor.visit("oauth_timestamp", standard.timestamp)
            visitor.visit("oauth_nonce", standard.nonce)
            if standard.includeVersion { visitor.visit("oauth_version", "1.0") }
        }
        for (name, value) in extra { visitor.visit(name, value) }
    }

    /// The parameters as an array.
    package var array: [(String, String)] {
        var list = OAuth1ParameterList()
        list.pairs.reserveCapacity(count)
        visit(&list)
        return list.pairs
    }
}

/// Takes the `oauth_` parameters one by one (see ``OAuth1ProtocolParameters/visit(_:)``):
/// direct calls, where a closure would box what it changes.
protocol OAuth1ParameterVisitor {
    mutating func visit(_ name: String, _ value: String)
}

extension OAuth1SignatureInput: OAuth1ParameterVisitor {
    mutating func visit(_ name: String, _ value: String) {
        append(name: name, value: value)
    }
}

/// The parameters collected in an array.
private struct OAuth1ParameterList: OAuth1ParameterVisitor {
    var pairs: [(String, String)] = []

    mutating func visit(_ name: String, _ value: String) {
        pairs.append((name, value))
    }
}
