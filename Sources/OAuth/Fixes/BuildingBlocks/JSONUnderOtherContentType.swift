/// Accepts a JSON object body sent under a non-JSON `Content-Type`, such as Weibo's
/// `text/plain;charset=UTF-8`, by correcting the header to `application/json`.
///
/// Acts only when the body parses as a JSON object and, if `contentTypes` is given, the
/// declared type is one of them.
public struct JSONUnderOtherContentType: BuildingBlock {
    public static let kind = "json-under-other-content-type"
    public static let purpose = "Accepts a JSON token body sent under a non-JSON content type."
    public static let parameters: [BlockParameter<Self>] = [
        .value("contentTypes", \.contentTypes, "the declared media types to accept (null: any)"),
        .hookPoints("on", \.hookPoints, allowed: HookPoint.responses, "the responses to read"),
    ]
    public static let example = JSONUnderOtherContentType(contentTypes: ["text/plain"])

    /// The declared media types accepted; `nil` for any.
    public var contentTypes: [String]? = nil
    /// The responses read.
    public var hookPoints = HookPoint.tokenResponses

    /// Creates the block for these declared media types.
    public init(contentTypes: [String]?) { self.contentTypes = contentTypes }
    public init() {}

    public var summary: String {
        "Accepts a JSON token body sent under \(contentTypes?.joined(separator: ", ") ?? "a non-JSON content type")."
    }

    public func stages() -> [FixStage] {
        let types = contentTypes?.map { $0.lowercased() }
        return [.responses(at: hookPoints) { response in
            guard !response.hasJSONContentType else { return }
            if let types {
                guard response.contentTypeIsOne(of: types) else { return }
            }
            guard case .object? = response.sniffJSON() else { return }
            response.setJSONContentType()
        }]
    }
}
