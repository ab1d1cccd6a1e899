/// Reads a token body sent as `application/x-www-form-urlencoded` (or under another listed
/// type, such as Facebook's `text/plain`) as the JSON object RFC 6749 §5.1 requires.
///
/// Acts only when the `Content-Type` is one of `contentTypes`, the body is not JSON, and it
/// decodes as a form holding `access_token`, `error` or `device_code` with no name twice (names
/// compared by their bytes); an HTML page is never read as a form, nor a body over the response
/// limits. Members named in `numericMembers` whose values are digits become numbers, without
/// leading zeros (`007` becomes `7`). GitHub's device authorization response is form-encoded
/// too: `on` chooses the responses.
public struct FormEncodedBody: BuildingBlock {
    public static let kind = "form-encoded-body"
    public static let purpose = "Reads a form-encoded token body as JSON."
    public static let parameters: [BlockParameter<Self>] = [
        .value("contentTypes", \.contentTypes, "the media types to read as forms"),
        .value("numericMembers", \.numericMembers, "members whose digit values become numbers"),
        .hookPoints("on", \.hookPoints, allowed: HookPoint.responses, "the responses to read"),
    ]
    public static let example = FormEncodedBody()

    /// The media types read as forms.
    public var contentTypes = [MediaType.formURLEncoded, "text/plain"]
    /// The members whose digit values become numbers.
    public var numericMembers = ["expires_in", "expires", "interval"]
    /// The responses read.
    public var hookPoints = HookPoint.tokenResponses

    /// Creates the block for these media types.
    public init(contentTypes: [String]) { self.contentTypes = contentTypes }
    public init() {}

    public var summary: String {
        "Reads a form-encoded body (\(contentTypes.joined(separator: ", "))) as the JSON object RFC 6749 §5.1 requires."
    }

    public func stages() -> [FixStage] {
        let types = contentTypes.map { $0.lowercased() }
        let numericMembers = numericMembers
        return [.responses(at: hookPoints) { response in
            guard response.isWithinLimits, !response.hasJSONContentType, response.contentTypeIsOne(of: types),
                  !response.looksLikeJSON,
                  let form = try? FormParameters(decoding: response.body),
                  form["access_token"] != nil || form["error"] != nil || form["device_code"] != nil,
                  form.firstRepeatedName == nil
            else { return }
            // No name comes twice (checked above): the members go in as they are.
            let members = form.map { parameter in
                let number = numericMembers.contains { $0.hasSameBytes(as: parameter.name) } ? JSONNumber(digits: parameter.value) : nil
                return JSONObject.Member(key: parameter.name, value: number.map(JSONValue.number) ?? .string(parameter.value))
            }
            response.setJSONObject(JSONObject(uniqueMembers: members))
        }]
    }
}
