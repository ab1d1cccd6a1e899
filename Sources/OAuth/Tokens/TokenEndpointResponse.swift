import Foundation

/// A response from one of the authorization server's endpoints (token, device authorization,
/// revocation, introspection, OAuth 1.0a credentials) as it travels through the response hook
/// points, before the strict reader reads it.
///
/// Response fixes rewrite it into RFC 6749 shape. The body is parsed as JSON at most once
/// however many fixes look at it, and written back only when one changes it.
///
/// ```swift
/// response.modifyJSONObject { object in
///     if object["token_type"] == nil { object["token_type"] = "Bearer" }
/// }
/// ```
public struct TokenEndpointResponse: Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The header fields.
    public var headers: HTTPHeaders {
        get {
            guard declaresJSONLater else { return storedHeaders }
            var headers = storedHeaders
            headers["Content-Type"] = MediaType.json
            return headers
        }
        _modify {
            writeJSONContentType()
            defer { classifyContentType() }
            yield &storedHeaders
        }
        set {
            storedHeaders = newValue
            declaresJSONLater = false
            classifyContentType()
        }
    }
    private var storedHeaders: HTTPHeaders
    /// Whether ``setJSONContentType()`` set `Content-Type: application/json` without writing it
    /// into ``storedHeaders`` yet: the received headers are shared with the response they came
    /// in, and most responses are parsed without anyone reading their headers again.
    private var declaresJSONLater = false
    /// The limits the JSON body is parsed under.
    public let limits: TokenResponseLimits
    /// When the response arrived, by the client's clock: what a fix that turns an absolute
    /// expiry into a lifetime counts from.
    public let receivedAt: Date
    private var storage: Storage

    private enum Storage: Sendable {
        /// Bytes as received, with the result of parsing them once it is known.
        case bytes(Data, parsed: ParsedBody?)
        /// An object a fix set; written as bytes when someone asks for them.
        case object(JSONObject)
    }

    enum ParsedBody: Sendable {
        case value(JSONValue)
        case failure(JSONParseError)
        case notAttempted
    }

    /// Wraps a response received from one of the server's endpoints.
    public init(_ response: HTTPResponse, limits: TokenResponseLimits = .default, receivedAt: Date = Date()) {
        self.status = response.status
        self.storedHeaders = response.headers
        self.limits = limits
        self.receivedAt = receivedAt
        self.storage = .bytes(response.body, parsed: nil)
        self.receivedByteCount = response.body.count
        classifyContentType()
    }

    /// Reads the `Content-Type` once per change of the headers: every fix asks about it.
    private mutating func classifyContentType() {
        contentType = storedHeaders["Content-Type"]
        (hasJSONContentType, contentTypeEssenceRange) = MediaType.classify(contentType)
    }

    /// Writes the `Content-Type` that ``setJSONContentType()`` set into the stored headers.
    private mutating func writeJSONContentType() {
        guard declaresJSONLater else { return }
        declaresJSONLater = false
        storedHeaders["Content-Type"] = MediaType.json
    }

    /// Where the `Content-Type`'s type and subtype sit in its bytes, found with
    /// ``hasJSONContentType``.
    private var contentTypeEssenceRange: Range<Int>?

    /// Whether the `Content-Type`'s type and subtype are one of `types` (given in lowercase):
    /// ``MediaType/essence(of:isOneOf:)`` without reading the header again.
    package func contentTypeIsOne(of types: [String]) -> Bool {
        guard let contentType, let contentTypeEssenceRange else { return false }
        return MediaType.essence(of: contentType, at: contentTypeEssenceRange, isOneOf: types)
    }

    /// Sets `Content-Type: application/json`, as a fix that makes the body JSON does: the
    /// header is known, so it is not read back and classified again.
    package mutating func setJSONContentType() {
        declaresJSONLater = true
        contentType = MediaType.json
        hasJSONContentType = true
        contentTypeEssenceRange = 0..<16
    }

    /// The body bytes. Setting them replaces the body as it is.
    public var body: Data {
        get {
            switch storage {
            case .bytes(let data, _): data
            case .object(let object): JSONWriter.data(.object(object))
            }
        }
        set { storage = .bytes(newValue, parsed: nil) }
    }

    /// The body's size in bytes as the server sent it, whatever fixes have made of it since:
    /// the size ``TokenResponseLimits/maximumBodyBytes`` applies to.
    public let receivedByteCount: Int

    /// Whether the body as received is within ``TokenResponseLimits/maximumBodyBytes``. Fixes
    /// that decode the body themselves (a form) leave a larger one alone: the parser refuses it.
    public var isWithinLimits: Bool { receivedByteCount <= limits.maximumBodyBytes }

    /// Whether the body is empty now: no bytes, and no object a fix set.
    var bodyIsEmpty: Bool {
        if case .bytes(let data, _) = storage { return data.isEmpty }
        return false
    }

    /// The `Content-Type` header.
    public private(set) var contentType: String?

    /// The `Content-Type`'s type and subtype, lowercased, without parameters.
    public var contentTypeEssence: String? { MediaType.essence(of: contentType) }

    /// Whether the body, as received, starts (after white space) with `{` or `[`: what a
    /// JSON token body does and a form body does not.
    public var looksLikeJSON: Bool {
        switch storage {
        case .object: return true
        case .bytes(let data, _):
            return data.withUnsafeBytes { bytes in
                for byte in bytes where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0xEF && byte != 0xBB && byte != 0xBF {
                    return byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[")
                }
                return false
            }
        }
    }

    /// Whether the `Content-Type` names JSON.
    public private(set) var hasJSONContentType = false

    /// The body as a JSON object, when the `Content-Type` names JSON and the body parses, within
    /// the limits, as an object; otherwise `nil`.
    public mutating func jsonObject() -> JSONObject? {
        guard hasJSONContentType else { return nil }
        if case .value(.object(let object)) = parsedBody() { return object }
        return nil
    }

    /// The body parsed as JSON whatever the `Content-Type` says, or `nil` when it does not
    /// parse. For fixes that must look before they trust the header.
    public mutating func sniffJSON() -> JSONValue? {
        if case .value(let value) = parsedBody() { return value }
        return nil
    }

    /// Edits the JSON object body in place when there is one (see ``jsonObject()``).
    ///
    /// - Returns: Whether there was an object to edit.
    @discardableResult
    public mutating func modifyJSONObject(_ edit: (inout JSONObject) throws -> Void) rethrows -> Bool {
        guard hasJSONContentType else { return false }
        if case .object(var object) = storage {
            // An object a fix set has no bytes to keep: it is edited in place, with no copy
            // (the response lets go of it first) and no comparison.
            storage = .bytes(Data(), parsed: nil)
            defer { storage = .object(object) }
            try edit(&object)
            return true
        }
        guard var object = jsonObject() else { return false }
        let original = object
        try edit(&object)
        // An untouched object still shares its storage, so this is cheap when nothing changed.
        if object.members != original.members { storage = .object(object) }
        return true
    }

    /// Edits the JSON object body in place, like ``modifyJSONObject(_:)``, for an edit that
    /// returns whether it changed the object. The object is handed over rather than copied, so
    /// an edit that adds or renames a member allocates nothing, and nothing is compared after it.
    /// An edit that returns `false` must have left the object as it was; one that throws counts
    /// as a change.
    ///
    /// - Returns: Whether there was an object to edit.
    @discardableResult
    package mutating func editJSONObject(_ edit: (inout JSONObject) throws -> Bool) rethrows -> Bool {
        guard hasJSONContentType else { return false }
        if case .object(var object) = storage {
            storage = .bytes(Data(), parsed: nil)
            defer { storage = .object(object) }
            _ = try edit(&object)
            return true
        }
        guard var object = jsonObject(), case .bytes(let data, _) = storage else { return false }
        // The response lets go of its parsed object while the edit holds it: the only reference.
        storage = .bytes(data, parsed: nil)
        var changed = true
        defer { storage = changed ? .object(object) : .bytes(data, parsed: .value(.object(object))) }
        changed = try edit(&object)
        return true
    }

    /// Replaces the body with a JSON object and sets `Content-Type: application/json`.
    public mutating func setJSONObject(_ object: JSONObject) {
        storage = .object(object)
        setJSONContentType()
    }

    /// The response as it stands now.
    public var httpResponse: HTTPResponse {
        HTTPResponse(status: status, headers: headers, body: body)
    }

    /// Parses the body once and remembers the outcome. Bodies over the size limit are not parsed.
    mutating func parsedBody() -> ParsedBody {
        switch storage {
        case .object(let object):
            return .value(.object(object))
        case .bytes(_, let parsed?):
            return parsed
        case .bytes(let data, nil):
            let outcome: ParsedBody
            if data.count > limits.maximumBodyBytes || !isWithinLimits {
                outcome = .notAttempted
            } else {
                do {
                    outcome = .value(try JSONParser(maximumDepth: limits.maximumDepth).parse(data))
                } catch {
                    outcome = .failure(error)
                }
            }
            storage = .bytes(data, parsed: outcome)
            return outcome
        }
    }

    /// Whether two responses say the same thing: same status and headers, and bodies that are
    /// the same bytes or the same JSON.
    func isEquivalent(to other: TokenEndpointResponse) -> Bool {
        guard status == other.status, headers == other.headers else { return false }
        switch (storage, other.storage) {
        case (.bytes(let a, _), .bytes(let b, _)):
            return a == b
        default:
            var left = self, right = other
            guard case .value(let a) = left.parsedBody(), case .value(let b) = right.parsedBody() else { return false }
            return a == b
        }
    }

    /// The status, headers and body, with secrets redacted.
    public var description: String { httpResponse.description }
}

/// Bounds on what the token response parser reads.
public struct TokenResponseLimits: Sendable, Hashable {
    /// The largest body read, in bytes (default 256 KiB).
    public var maximumBodyBytes: Int
    /// The deepest JSON nesting accepted (default 32; never more than
    /// ``JSONParser/depthCeiling``, whatever it is set to).
    public var maximumDepth: Int

    /// Creates limits.
    public init(maximumBodyBytes: Int = 256 * 1024, maximumDepth: Int = 32) {
        self.maximumBodyBytes = maximumBodyBytes
        self.maximumDepth = maximumDepth
    }

    /// 256 KiB and 32 levels.
    public static let `default` = TokenResponseLimits()
}
