/// Reads an envelope whose status member says whether the call worked, such as Withings'
/// `{"status": 0, "body": {…}}`, where any other status is an error even when the HTTP status
/// is 200.
///
/// A status among `success` (compared as text: the number `0` is `"0"`) is dropped. Any other
/// status makes the response the error response RFC 6749 §5.2 describes: a 2xx becomes 400, and
/// a body without an `error` string gets `error` set to `fallbackCode`; the status stays, as a
/// member of the error. A body without the member, or with one that is neither a number nor a
/// string, is left alone.
///
/// The block reads the envelope and nothing else: list ``UnwrapNestedToken`` after it to lift the
/// payload, and ``ErrorShape`` to turn the provider's message into an RFC error code.
///
/// ```swift
/// let withings = [
///     Fix(id: "acme.status-envelope", StatusEnvelope()),
///     Fix(id: "acme.token-under-body", UnwrapNestedToken(path: ["body"])),
/// ]
/// ```
public struct StatusEnvelope: BuildingBlock {
    public static let kind = "status-envelope"
    public static let purpose = "Reads a status envelope such as Withings' {status, body}: a status other than success is an error, even with HTTP 200."
    public static let parameters: [BlockParameter<Self>] = [
        .value("member", \.member, "the envelope's status member"),
        .value("success", \.success, "the statuses that mean success, as text (the number 0 is \"0\")"),
        .value("fallbackCode", \.fallbackCode, "the RFC 6749 error code for a failed status when the body has no error string"),
        .hookPoints("on", \.hookPoints, allowed: HookPoint.responses, "the responses to read"),
    ]
    public static let example = StatusEnvelope()

    /// The status member's name.
    public var member = "status"
    /// The statuses that mean success, as text.
    public var success = ["0"]
    /// The error code given to a failed status when the body has no `error` string.
    public var fallbackCode = "invalid_request"
    /// The responses it reads.
    public var hookPoints = HookPoint.tokenResponses

    /// Creates the block.
    public init(member: String, success: [String]) {
        self.member = member
        self.success = success
    }
    public init() {}

    public var summary: String {
        "Reads the \"\(member)\" envelope: drops \(member) \(success.joined(separator: " or ")), and reads any other \(member) as an error response, even with HTTP 200."
    }

    public func validate() throws(FixDefinitionError) {
        if member.isEmpty { throw .invalidParameter(kind: Self.kind, name: "member", expected: "a non-empty string", found: "an empty string") }
        if success.isEmpty { throw .invalidParameter(kind: Self.kind, name: "success", expected: "at least one status", found: "an empty array") }
        if fallbackCode.isEmpty {
            throw .invalidParameter(kind: Self.kind, name: "fallbackCode", expected: "an error code such as \"invalid_request\"", found: "an empty string")
        }
    }

    public func stages() -> [FixStage] {
        let member = member, success = Set(success), fallbackCode = fallbackCode
        return [.responses(at: hookPoints) { response in
            var failed = false
            response.modifyJSONObject { object in
                let status: String
                switch object[member] {
                case .number(let number)?: status = number.literal
                case .string(let text)?: status = text
                default: return
                }
                if success.contains(status) {
                    object[member] = nil
                    return
                }
                failed = true
                if case .string? = object["error"] { return }
                if let original = object["error"] { object["provider_error"] = original }
                object["error"] = .string(fallbackCode)
            }
            if failed, (200...299).contains(response.status) { response.status = 400 }
        }]
    }
}
