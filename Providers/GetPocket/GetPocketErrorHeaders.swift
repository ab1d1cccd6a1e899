import OAuth

/// Pocket's errors: an HTTP 4xx whose meaning is in the headers, `X-Error-Code` (a number) and
/// `X-Error` (a sentence), not in the body. The block writes them as an RFC 6749 §5.2 body, the
/// code mapped to an RFC error code (`158` "User rejected code." to `access_denied`, `159`
/// "Already used code." to `invalid_grant`, …), `X-Error` as the description and the number kept
/// as `pocket_error_code`. A body that already says `error`, and 5xx answers, are left alone.
///
/// No general block serves: no other provider here puts its errors in headers.
struct GetPocketErrorHeaders: BuildingBlock {
    static let kind = "getpocket-error-headers"
    static let purpose = "Pocket: reads the X-Error-Code and X-Error headers of a 4xx as an RFC 6749 error body."
    static let parameters: [BlockParameter<Self>] = [
        .value("codes", \.codes, "X-Error-Code values mapped to RFC 6749 error codes"),
        .value("fallbackCode", \.fallbackCode, "the error code for an X-Error-Code not in codes"),
    ]
    static let example = GetPocketErrorHeaders()

    /// Pocket's error numbers and the RFC error codes they mean.
    var codes: NameValuePairs = [
        "138": "invalid_request",
        "152": "invalid_client",
        "158": "access_denied",
        "159": "invalid_grant",
        "181": "invalid_request",
        "182": "invalid_request",
        "185": "invalid_grant",
    ]
    /// The code for an unlisted number.
    var fallbackCode = "invalid_request"

    init() {}

    var summary: String { "Reads the X-Error-Code and X-Error headers of Pocket's 4xx answers as error and error_description." }

    func stages() -> [FixStage] {
        let codes = codes, fallbackCode = fallbackCode
        return [.tokenResponse { response in
            guard (400..<500).contains(response.status), let message = response.headers["X-Error"] else { return }
            if case .object(let object)? = response.sniffJSON(), object["error"] != nil { return }
            let number = response.headers["X-Error-Code"]
            var error: JSONObject = [
                "error": .string(number.flatMap { number in codes.first { $0.name == number }?.value } ?? fallbackCode),
                "error_description": .string(message),
            ]
            if let number { error["pocket_error_code"] = .string(number) }
            response.setJSONObject(error)
        }]
    }
}
