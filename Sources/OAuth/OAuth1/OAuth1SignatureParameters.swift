/// The `oauth_` parameters of one signature in the order they are sent (§3.1): consumer key,
/// token, signature method, timestamp, nonce, version, then the step's own, without an array.
package struct OAuth1ProtocolParameters: Sequence {
    let consumerKey: String
    let token: String?
    let signatureMethod: String
    let timestamp: String
    let nonce: String
    let includeVersion: Bool
    let extra: [(String, String)]

    package struct Iterator: IteratorProtocol {
        let parameters: OAuth1ProtocolParameters
        var position = 0

        package mutating func next() -> (String, String)? {
            while true {
                defer { position += 1 }
                switch position {
                case 0: return ("oauth_consumer_key", parameters.consumerKey)
                case 1: if let token = parameters.token { return ("oauth_token", token) }
                case 2: return ("oauth_signature_method", parameters.signatureMethod)
                case 3: return ("oauth_timestamp", parameters.timestamp)
                case 4: return ("oauth_nonce", parameters.nonce)
                case 5: if parameters.includeVersion { return ("oauth_version", "1.0") }
                default:
                    let index = position - 6
                    return index < parameters.extra.count ? parameters.extra[index] : nil
                }
            }
        }
    }

    package func makeIterator() -> Iterator {
        Iterator(parameters: self)
    }
}
