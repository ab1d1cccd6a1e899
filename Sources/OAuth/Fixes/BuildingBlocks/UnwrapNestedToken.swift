extension Fix {
    /// Lifts a token response nested under a member, such as Withings'
    /// `{"status":0,"body":{"access_token":…}}`, to the top level.
    ///
    /// Acts only when the value at `path` is an object holding `access_token` or `error`. The
    /// outer members other than the wrapper stay, unless the nested object has the same name.
    public static func unwrapNestedToken(id: FixID, summary: String? = nil, path: [JSONPathComponent]) -> Fix {
        Fix(
            id: id,
            summary: summary ?? "Lifts the token response nested under \(path.map(\.description).joined(separator: ".")) to the top level.",
            stages: [.tokenResponse { response in
                response.modifyJSONObject { object in
                    guard case .key(let wrapper)? = path.first,
                          case .object(let nested)? = JSONValue.object(object)[path: path],
                          nested["access_token"] != nil || nested["error"] != nil
                    else { return }
                    var lifted = nested
                    for member in object where member.key != wrapper && lifted[member.key] == nil {
                        lifted[member.key] = member.value
                    }
                    object = lifted
                }
            }],
            recipe: FixRecipe(kind: "unwrap-nested-token", parameters: ["path": .path(path)])
        )
    }
}

extension FixKind {
    /// ``Fix/unwrapNestedToken(id:summary:path:)``.
    public static let unwrapNestedToken = FixKind(
        name: "unwrap-nested-token",
        summary: "Lifts a token response nested under a member to the top level.",
        parameters: [.init("path", "the member names and indexes leading to the token object")]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .unwrapNestedToken(id: id, summary: summary, path: try parameters.path("path"))
    }
}
