import OAuth

/// Reads SoundCloud's `"scope": ""` (its API has no scopes, and its token examples send an
/// empty string) as no scope: RFC 6749 §3.3 makes a scope one or more scope tokens, so the
/// strict parser refuses an empty one.
///
/// Acts only when `scope` is a string of nothing or white space; any other scope stays.
struct SoundCloudEmptyScope: BuildingBlock {
    static let kind = "soundcloud-empty-scope"
    static let purpose = "Treats an empty scope string as no scope."
    static let example = SoundCloudEmptyScope()
    static let parameters: [BlockParameter<Self>] = []

    init() {}

    var summary: String { "Treats scope: \"\" as no scope." }

    func stages() -> [FixStage] {
        [.tokenResponse { response in
            response.modifyJSONObject { object in
                guard case .string(let scope)? = object["scope"], scope.allSatisfy({ $0 == " " || $0 == "\t" }) else { return }
                object.removeValue(forKey: "scope")
            }
        }]
    }
}
