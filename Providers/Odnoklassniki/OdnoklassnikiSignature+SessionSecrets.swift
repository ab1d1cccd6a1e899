import Foundation
import OAuth

extension OdnoklassnikiSignature {
    /// The session secret OK.ru signs with, `md5(access_token + client_secret)` in hex, kept for
    /// the last token and secret: a client signs many calls with one token, and each call would
    /// otherwise hash the same bytes again. A new token or secret replaces it.
    final class SessionSecrets: @unchecked Sendable {
        private let lock = NSLock()
        /// The last token and secret, and their session secret.
        private var last: (token: String, secret: String, session: String)?

        /// The session secret for this token and client secret.
        func session(token: String, secret: String) -> String {
            let known: String? = lock.withLock {
                guard let last, last.token == token, last.secret == secret else { return nil }
                return last.session
            }
            if let known { return known }
            let session = MD5.lowercaseHex(token, secret)
            lock.withLock { last = (token, secret, session) }
            return session
        }
    }
}
