/// A header or parameter value whose `{name}` placeholders are filled per request: `{client_id}`,
/// `{client_secret}`, `{state}` (the authorization's `state`, on the code exchange), and any
/// value the client was given for the provider (`{user_agent}`, `{api_key}`). Parsed once; filling
/// it in is a join.
struct ValueTemplate: Sendable {
    private enum Part: Sendable {
        case text(String)
        case placeholder(String)
    }

    private let parts: [Part]

    /// The placeholders every flow fills itself, from the client and the authorization.
    static let flowValues: Set<String> = ["client_id", "client_secret", "state"]

    init(_ template: String) {
        var parts: [Part] = []
        var text = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            text += rest[..<open]
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "}"),
                  case let name = rest[afterOpen..<close], !name.isEmpty,
                  name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) })
            else {
                text.append("{")
                rest = rest[afterOpen...]
                continue
            }
            if !text.isEmpty { parts.append(.text(text)) }
            text = ""
            parts.append(.placeholder(String(name)))
            rest = rest[rest.index(after: close)...]
        }
        text += rest
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }

    /// The names of the placeholders, in order.
    var placeholders: [String] {
        parts.compactMap { if case .placeholder(let name) = $0 { name } else { nil } }
    }

    /// The value with every placeholder filled from the request's context. An unknown client id
    /// leaves `{client_id}` as written.
    ///
    /// - Throws: ``FixTemplateError`` for a placeholder with no value.
    func filled(_ context: RequestContext) throws(FixTemplateError) -> String {
        // Most templates are one part: its value as it is, without building a string.
        if parts.count == 1 { return try Self.value(of: parts[0], context) }
        var result = ""
        for part in parts { result += try Self.value(of: part, context) }
        return result
    }

    private static func value(of part: Part, _ context: RequestContext) throws(FixTemplateError) -> String {
        switch part {
        case .text(let text):
            return text
        case .placeholder("client_id"):
            return context.client.id.isEmpty ? "{client_id}" : context.client.id
        case .placeholder("client_secret"):
            guard let secret = context.client.secret else { throw .missingValue("client_secret", hookPoint: context.hookPoint) }
            return secret
        case .placeholder("state"):
            guard let state = context.state else { throw .missingValue("state", hookPoint: context.hookPoint) }
            return state
        case .placeholder(let name):
            guard let value = context.values[name] else { throw .missingValue(name, hookPoint: context.hookPoint) }
            return value
        }
    }
}

/// Why a fix could not fill in a header or parameter value.
public enum FixTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A placeholder had no value.
    case missingValue(String, hookPoint: HookPoint)

    public var description: String {
        switch self {
        case .missingValue("client_secret", let point):
            "\(point): expected a client secret for {client_secret}, got none"
        case .missingValue("state", let point):
            "\(point): expected the authorization's state for {state}, got none"
        case .missingValue(let name, let point):
            "\(point): expected a value for {\(name)} among the client's endpoint values, got none"
        }
    }
}
