import Foundation
import OAuth

/// XING's refusals of OAuth 1.0a calls: a JSON body `{"error_name": "INVALID_OAUTH_SIGNATURE",
/// "message": …}` with HTTP 401 or 403, where RFC 5849 servers send a problem report
/// (`oauth_problem=signature_invalid`, the OAuth Problem Reporting extension). The block
/// rewrites such a body into that report, so the client raises the typed
/// `OAuth1ResponseError.problem` with the problem's standard name and XING's message as advice.
///
/// No general block serves yet: XING is the only OAuth 1.0a provider here that names its
/// problems in JSON. A second one would make this a general block with the member names and
/// the table as parameters.
struct XingErrorNames: BuildingBlock {
    static let kind = "xing-error-names"
    static let purpose = "XING: reads an OAuth refusal's JSON error_name and message as an oauth_problem report."
    static let parameters: [BlockParameter<Self>] = [
        .value("problems", \.problems, "XING's error names mapped to OAuth Problem Reporting names; others are lowercased"),
    ]
    static let example = XingErrorNames()

    /// XING's error names and the Problem Reporting names they mean.
    var problems: NameValuePairs = [
        "INVALID_OAUTH_CONSUMER": "consumer_key_unknown",
        "CONSUMER_MISMATCH": "consumer_key_rejected",
        "INVALID_OAUTH_SIGNATURE_METHOD": "signature_method_rejected",
        "INVALID_OAUTH_SIGNATURE": "signature_invalid",
        "INVALID_TIMESTAMP": "timestamp_refused",
        "TIMESTAMP_EXPIRED": "timestamp_refused",
        "NONCE_ALREADY_USED": "nonce_used",
        "NONCE_MISSING": "parameter_absent",
        "INVALID_OAUTH_VERSION": "version_rejected",
        "REQUIRED_PARAMETER_MISSING": "parameter_absent",
        "INVALID_OAUTH_TOKEN": "token_rejected",
    ]

    init() {}

    var summary: String { "Reads XING's {\"error_name\", \"message\"} refusals as oauth_problem reports." }

    func stages() -> [FixStage] {
        let problems = problems
        return [.responses(at: [.requestTokenResponse, .accessTokenResponse]) { response in
            guard response.status == 401 || response.status == 403,
                  case .object(let object)? = response.sniffJSON(),
                  let name = object["error_name"]?.stringValue, !name.isEmpty
            else { return }
            var report: FormParameters = ["oauth_problem": problems.first { $0.name == name }?.value ?? name.lowercased()]
            if let message = object["message"]?.stringValue { report.append("oauth_problem_advice", message) }
            response.body = Data(report.encoded().utf8)
            response.headers["Content-Type"] = MediaType.formURLEncoded
        }]
    }
}
