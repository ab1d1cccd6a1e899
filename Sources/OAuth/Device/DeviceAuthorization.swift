import Foundation

/// A device authorization response (RFC 8628 §3.2): the code the device polls with, the code
/// the user types, and where.
///
/// Its description hides the device code.
public struct DeviceAuthorization: Sendable, Hashable, CustomStringConvertible {
    /// The `device_code` the client polls with.
    public let deviceCode: String
    /// The `user_code` the user enters.
    public let userCode: String
    /// Where the user goes: `verification_uri`.
    public let verificationURI: URL
    /// The same with the user code filled in, when the server gives one.
    public let verificationURIComplete: URL?
    /// The lifetime of the codes, in seconds, held between 0 and
    /// ``ServerDurations/maximumLifetime``.
    public let expiresIn: Int
    /// Seconds between polls: the server's `interval` held within
    /// ``ServerDurations/intervals`` (1 to 3,600), or 5 when it gives none or one below 1.
    public let interval: Int
    /// When the response arrived.
    public let issuedAt: Date
    /// Every other member, as it came.
    public let extras: JSONObject

    /// Creates a device authorization.
    public init(
        deviceCode: String, userCode: String, verificationURI: URL, verificationURIComplete: URL? = nil, expiresIn: Int,
        interval: Int = 5, issuedAt: Date, extras: JSONObject = [:]
    ) {
        self.deviceCode = deviceCode
        self.userCode = userCode
        self.verificationURI = verificationURI
        self.verificationURIComplete = verificationURIComplete
        self.expiresIn = ServerDurations.lifetime(expiresIn)
        self.interval = interval > 0 ? ServerDurations.interval(interval) : 5
        self.issuedAt = issuedAt
        self.extras = extras
    }

    /// When the codes expire and polling stops.
    public var expiresAt: Date { issuedAt.addingTimeInterval(TimeInterval(expiresIn)) }

    /// The members as RFC 8628 names them; the device code hidden unless asked for.
    public func jsonObject(includingDeviceCode: Bool = true) -> JSONObject {
        var object: JSONObject = [
            "device_code": .string(includingDeviceCode ? deviceCode : Redaction.secret(deviceCode)), "user_code": .string(userCode),
            "verification_uri": .string(verificationURI.absoluteString),
        ]
        if let verificationURIComplete { object["verification_uri_complete"] = .string(verificationURIComplete.absoluteString) }
        object["expires_in"] = .number(JSONNumber(expiresIn))
        object["interval"] = .number(JSONNumber(interval))
        for member in extras where object[member.key] == nil { object[member.key] = member.value }
        return object
    }

    public var description: String {
        "DeviceAuthorization(user_code: \(userCode), verification_uri: \(verificationURI.absoluteString), expires_in: \(expiresIn), interval: \(interval))"
    }

    /// Reads a device authorization response strictly (RFC 8628 §3.2): a JSON object with
    /// string `device_code`, `user_code` and `verification_uri` (https, or http on loopback),
    /// an integer `expires_in`; `interval` optional. Both are held to ``ServerDurations``
    /// before anything adds or sleeps with them; an integer too large for `Int` counts as the
    /// bound.
    ///
    /// - Throws: ``TokenResponseError`` as the token parser does.
    public static func parse(_ response: TokenEndpointResponse, issuedAt: Date) throws(TokenResponseError) -> DeviceAuthorization {
        var response = response
        let object = try TokenResponseParser().jsonObjectOrError(of: &response, now: issuedAt)
        var extras = object
        func string(_ name: String) throws(TokenResponseError) -> String {
            guard let value = extras.removeValue(forKey: name) else {
                throw .invalidMember(name: name, expected: "a string (RFC 8628 §3.2 requires it)", found: "no member")
            }
            guard case .string(let string) = value, !string.isEmpty else { throw .invalidMember(name: name, expected: "a non-empty string", found: value.kind) }
            return string
        }
        func url(_ text: String, name: String) throws(TokenResponseError) -> URL {
            guard let url = URL(string: text) else { throw .invalidMember(name: name, expected: "a URL", found: "other text") }
            do {
                try EndpointSecurity.check(url, role: name)
            } catch {
                throw .invalidMember(name: name, expected: "an https URL", found: "\"\(text.prefix(80))\"")
            }
            return url
        }
        func integer(_ name: String) throws(TokenResponseError) -> Int? {
            switch extras.removeValue(forKey: name) {
            case nil, .null?: return nil
            case .number(let number)? where number.isInteger && !number.isNegative: return number.intValue ?? Int.max
            case let other?: throw .invalidMember(name: name, expected: "a non-negative integer number of seconds", found: other.kind)
            }
        }
        let deviceCode = try string("device_code")
        let userCode = try string("user_code")
        let verificationURI = try url(try string("verification_uri"), name: "verification_uri")
        let complete: URL?
        switch extras.removeValue(forKey: "verification_uri_complete") {
        case nil, .null?: complete = nil
        case .string(let text)?: complete = try url(text, name: "verification_uri_complete")
        case let other?: throw .invalidMember(name: "verification_uri_complete", expected: "a string", found: other.kind)
        }
        guard let expiresIn = try integer("expires_in") else {
            throw .invalidMember(name: "expires_in", expected: "an integer number of seconds (RFC 8628 §3.2 requires it)", found: "no member")
        }
        return DeviceAuthorization(
            deviceCode: deviceCode, userCode: userCode, verificationURI: verificationURI, verificationURIComplete: complete,
            expiresIn: expiresIn, interval: try integer("interval") ?? 5, issuedAt: issuedAt, extras: extras
        )
    }
}
