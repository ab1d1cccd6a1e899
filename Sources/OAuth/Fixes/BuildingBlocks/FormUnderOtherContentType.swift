import Foundation

/// OAuth 1.0a: accepts a credentials body that is `application/x-www-form-urlencoded` in all
/// but name, sent as `text/html` or `text/plain`, by correcting the header.
///
/// Acts only when the body decodes as a form holding `oauth_token` or `oauth_problem` with no
/// name twice and, if `contentTypes` is given, the declared type is one of them; an HTML page
/// stays an HTML page.
public struct FormUnderOtherContentType: BuildingBlock {
    public static let kind = "form-under-other-content-type"
    public static let purpose = "OAuth 1.0a: accepts credentials sent form-encoded under another content type."
    public static let parameters: [BlockParameter<Self>] = [
        .value("contentTypes", \.contentTypes, "the declared media types to accept (null: any)"),
        .hookPoints("on", \.hookPoints, allowed: [.requestTokenResponse, .accessTokenResponse], "the responses to read"),
    ]
    public static let example = FormUnderOtherContentType(contentTypes: ["text/html"])

    /// The declared media types accepted; `nil` for any.
    public var contentTypes: [String]? = nil
    /// The responses read.
    public var hookPoints: [HookPoint] = [.requestTokenResponse, .accessTokenResponse]

    /// Creates the block for these declared media types.
    public init(contentTypes: [String]?) { self.contentTypes = contentTypes }
    public init() {}

    public var summary: String {
        "Accepts OAuth 1.0a credentials sent form-encoded under \(contentTypes?.joined(separator: ", ") ?? "another content type")."
    }

    public func stages() -> [FixStage] {
        let types = contentTypes?.map { $0.lowercased() }
        return [.responses(at: hookPoints) { response in
            guard MediaType.essence(of: response.contentType) != MediaType.formURLEncoded else { return }
            if let types {
                guard response.contentTypeIsOne(of: types) else { return }
            }
            guard let form = try? FormParameters(decoding: response.body), form["oauth_token"] != nil || form["oauth_problem"] != nil,
                  form.firstRepeatedName == nil
            else { return }
            response.headers["Content-Type"] = MediaType.formURLEncoded
        }]
    }
}
