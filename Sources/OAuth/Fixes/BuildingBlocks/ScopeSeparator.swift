extension Fix {
    /// Uses another separator than the space between scopes: in the requests the client sends
    /// (`requests`), and when reading the granted `scope` of token responses (`responses`), as
    /// with GitHub's and Slack's commas.
    ///
    /// Reading a response splits the scope on the separator, trims spaces around each scope and
    /// joins them with single spaces.
    public static func scopeSeparator(id: FixID, summary: String? = nil, _ separator: String, requests: Bool = true, responses: Bool = true) -> Fix {
        var stages: [FixStage] = []
        if requests { stages.append(.scopeSeparator(separator)) }
        if responses {
            stages.append(.tokenResponse { response in
                response.modifyJSONObject { object in
                    guard case .string(let scope)? = object["scope"], let joined = Self.spaceSeparated(scope, from: separator) else { return }
                    object["scope"] = .string(joined)
                }
            })
        }
        let places = [requests ? "requests" : nil, responses ? "token responses" : nil].compactMap { $0 }.joined(separator: " and ")
        return Fix(
            id: id,
            summary: summary ?? "Separates scopes with \"\(separator)\" in \(places).",
            stages: stages,
            recipe: FixRecipe(kind: "scope-separator", parameters: ["separator": .string(separator), "requests": .bool(requests), "responses": .bool(responses)])
        )
    }
}

extension Fix {
    /// The scopes in `scope`, split on `separator`, trimmed, empty ones dropped, joined with
    /// single spaces; `nil` when the separator does not occur. Built in one buffer: it runs on
    /// every token response of such providers.
    static func spaceSeparated(_ scope: String, from separator: String) -> String? {
        let separatorBytes = Array(separator.utf8)
        guard !separatorBytes.isEmpty else { return nil }
        let bytes = Array(scope.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var found = false
        var start = 0
        func flush(_ end: Int) {
            var low = start, high = end
            while low < high, bytes[low] == 0x20 || bytes[low] == 0x09 { low += 1 }
            while high > low, bytes[high - 1] == 0x20 || bytes[high - 1] == 0x09 { high -= 1 }
            guard low < high else { return }
            if !output.isEmpty { output.append(0x20) }
            output.append(contentsOf: bytes[low..<high])
        }
        var index = 0
        while index + separatorBytes.count <= bytes.count {
            if bytes[index] == separatorBytes[0], Array(bytes[index..<index + separatorBytes.count]) == separatorBytes {
                found = true
                flush(index)
                index += separatorBytes.count
                start = index
            } else {
                index += 1
            }
        }
        guard found else { return nil }
        flush(bytes.count)
        return String(decoding: output, as: UTF8.self)
    }
}

extension FixKind {
    /// ``Fix/scopeSeparator(id:summary:_:requests:responses:)``.
    public static let scopeSeparator = FixKind(
        name: "scope-separator",
        summary: "Separates scopes with something other than a space.",
        parameters: [
            .init("separator", "the separator, such as \",\""),
            .init("requests", "join requested scopes with it (default true)"),
            .init("responses", "split granted scopes on it (default true)"),
        ]
    ) { id, summary, parameters throws(FixDefinitionError) in
        .scopeSeparator(
            id: id, summary: summary, try parameters.string("separator"),
            requests: try parameters.bool("requests", default: true), responses: try parameters.bool("responses", default: true)
        )
    }
}
