/// Uses another separator than the space between scopes: in the requests the client sends
/// (`requests`), and when reading the granted `scope` of token responses (`responses`), as with
/// GitHub's and Slack's commas.
///
/// Reading a response splits the scope on the separator, trims spaces around each scope and
/// joins them with single spaces.
public struct ScopeSeparator: BuildingBlock {
    public static let kind = "scope-separator"
    public static let purpose = "Separates scopes with something other than a space."
    public static let parameters: [BlockParameter<Self>] = [
        .value("separator", \.separator, "the separator, such as \",\"", required: true),
        .value("requests", \.requests, "join requested scopes with it"),
        .value("responses", \.responses, "split granted scopes on it"),
    ]
    public static let example = ScopeSeparator(",")

    /// The separator.
    public var separator = " "
    /// Whether requested scopes are joined with it.
    public var requests = true
    /// Whether granted scopes are split on it.
    public var responses = true

    /// Creates the block for requests and responses.
    public init(_ separator: String) { self.separator = separator }
    public init() {}

    public var summary: String {
        let places = [requests ? "requests" : nil, responses ? "token responses" : nil].compactMap { $0 }.joined(separator: " and ")
        return "Separates scopes with \"\(separator)\" in \(places)."
    }

    public func validate() throws(FixDefinitionError) {
        if separator.isEmpty { throw .invalidParameter(kind: Self.kind, name: "separator", expected: "a non-empty string", found: "an empty string") }
    }

    public func stages() -> [FixStage] {
        var stages: [FixStage] = []
        if requests { stages.append(.setting(ScopeSeparatorSetting.self, separator)) }
        if responses {
            let separator = separator
            stages.append(.tokenResponse { response in
                response.editJSONObject { object in
                    guard case .string(let scope)? = object["scope"], let joined = Self.spaceSeparated(scope, from: separator), joined != scope else { return false }
                    object["scope"] = .string(joined)
                    return true
                }
            })
        }
        return stages
    }

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
            if bytes[index] == separatorBytes[0], bytes[index..<index + separatorBytes.count].elementsEqual(separatorBytes) {
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
