import Foundation
import OAuth

extension SandboxEmulation {
    /// A recorded token response and where its token values sit, so that the sandbox can answer
    /// with fresh ones in their places.
    ///
    /// The places are found by structure, not by value: each string in the body (a JSON string,
    /// a form value, or in a body of another kind such as XML or JSONP each occurrence of a
    /// recorded token in its text) that holds a recorded token is swapped for a marker of its own, the
    /// provider's fixes read the marked body, and the marker that comes out as the access token
    /// (or the refresh token) names its place. A recording whose two tokens are the same text
    /// (Box's documentation shows one value for both) still gets each fresh value in its own member.
    public struct ResponseTemplate: Sendable {
        /// The recording's name.
        public let name: String
        /// The recorded response.
        public let response: HTTPResponse
        /// The recorded access token.
        public let accessToken: String
        /// The recorded refresh token, if any.
        public let refreshToken: String?
        /// The lifetime the provider means, in seconds (`nil`: the token does not expire).
        public let lifetime: Int?
        /// The scope the response grants, as the provider's fixes read it (`nil`: it names none,
        /// so the scope requested is granted).
        public let scope: [String]?
        /// What each token-holding string of the body becomes, by its position in ``BodyStrings``.
        let slots: [Int: Slot]
        /// The recorded token values, which a body read as text is searched for.
        let recordedValues: [String]

        /// Which token a string of the body holds.
        enum Slot: Sendable {
            case access, refresh
        }

        /// Reads a recording as a template: the places of its tokens, found through `provider`'s
        /// response fixes at `hookPoint`. `nil` when the access token is in no string of the body.
        init?(name: String, response: HTTPResponse, token: JSONObject, lifetime: Int?, provider: Provider, hookPoint: HookPoint) {
            guard let access = token["access_token"]?.stringValue else { return nil }
            let refresh = token["refresh_token"]?.stringValue
            let recordedValues = [access] + (refresh.map { [$0] } ?? [])
            let strings = BodyStrings.strings(in: response.body, values: recordedValues)
            let holders = strings.indices.filter { strings[$0] == access || strings[$0] == refresh }
            guard holders.contains(where: { strings[$0] == access }) else { return nil }
            var slots = Self.probe(holders, in: response, values: recordedValues, provider: provider, hookPoint: hookPoint)
            for index in holders where slots[index] == nil {
                slots[index] = strings[index] == access ? .access : .refresh
            }
            self.name = name
            self.response = response
            self.accessToken = access
            self.refreshToken = slots.values.contains(.refresh) ? refresh : nil
            self.lifetime = lifetime
            self.scope = token["scope"]?.stringValue.map { $0.split(separator: " ").map(String.init) }
            self.slots = slots
            self.recordedValues = recordedValues
        }

        /// The places the provider's fixes read the tokens from: each holder marked, the marked
        /// body read, the markers found in the token. Empty when the fixes cannot read it.
        static func probe(_ holders: [Int], in response: HTTPResponse, values: [String], provider: Provider, hookPoint: HookPoint) -> [Int: Slot] {
            var marked = response
            marked.body = BodyStrings.replacing(in: response.body, Dictionary(uniqueKeysWithValues: holders.map { ($0, Optional(marker($0))) }), values: values)
            guard let token = try? FlowEngine(provider: provider).token(from: marked, at: hookPoint) else { return [:] }
            var slots: [Int: Slot] = [:]
            for index in holders {
                if token.accessToken == marker(index) { slots[index] = .access }
                if token.refreshToken == marker(index) { slots[index] = .refresh }
            }
            return slots
        }

        static func marker(_ index: Int) -> String { "sandbox-token-place-\(index)" }

        /// The response with fresh token values in their places, and without the recorded refresh
        /// token's member when `freshRefresh` is `nil`. Values are escaped as the body's format wants.
        public func render(accessToken fresh: String, refreshToken freshRefresh: String?) -> HTTPResponse {
            var rendered = response
            rendered.body = BodyStrings.replacing(in: response.body, slots.mapValues { $0 == .access ? fresh : freshRefresh }, values: recordedValues)
            return rendered
        }
    }
}

/// The strings of a token response body in a fixed order (a JSON body's string values depth
/// first, a form body's values, or for a body of another kind the occurrences of the given values
/// in its text), and the body with some of them replaced or removed.
enum BodyStrings {
    /// How a body's strings are found.
    enum Format {
        case json(JSONValue), form(FormParameters), text
    }

    /// JSON when it parses as JSON; a form when it reads as one and one of `values` is a value of
    /// it; else text (XML, JSONP), searched for `values`.
    static func format(of body: Data, values: [String]) -> Format {
        if let json = try? JSONParser().parse(body) { return .json(json) }
        if let form = try? FormParameters(decoding: body), form.contains(where: { values.contains($0.value) }) { return .form(form) }
        return .text
    }

    /// Every string, in order.
    static func strings(in body: Data, values: [String]) -> [String] {
        switch format(of: body, values: values) {
        case .json(let json):
            var found: [String] = []
            collect(json, into: &found)
            return found
        case .form(let form):
            return form.map(\.value)
        case .text:
            return occurrences(of: values, in: String(decoding: body, as: UTF8.self)).map(\.value)
        }
    }

    /// The body with the strings at the given positions replaced, or their member, parameter or
    /// element removed where the replacement is `nil`. Values are escaped as the body's kind wants.
    static func replacing(in body: Data, _ replacements: [Int: String?], values: [String]) -> Data {
        switch format(of: body, values: values) {
        case .json(let json):
            var position = 0
            return JSONWriter.data(replace(json, replacements, &position) ?? .null)
        case .form(let form):
            var rewritten = FormParameters()
            for (index, parameter) in form.enumerated() {
                guard let replacement = replacements[index] else {
                    rewritten.append(parameter.name, parameter.value)
                    continue
                }
                if let value = replacement { rewritten.append(parameter.name, value) }
            }
            return Data(rewritten.encoded().utf8)
        case .text:
            return Data(replacingText(String(decoding: body, as: UTF8.self), replacements, values: values).utf8)
        }
    }

    /// The occurrences of `values` in `text`, in order, none overlapping another (the longer
    /// value first where two start at the same place).
    static func occurrences(of values: [String], in text: String) -> [(range: Range<String.Index>, value: String)] {
        let candidates = values.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        var found: [(range: Range<String.Index>, value: String)] = []
        var index = text.startIndex
        while index < text.endIndex {
            if let value = candidates.first(where: { text[index...].hasPrefix($0) }) {
                let end = text.index(index, offsetBy: value.count)
                found.append((index..<end, value))
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        return found
    }

    /// A text body with occurrences replaced: in XML, escaped as character data, and a removed
    /// value takes its element with it when it is the element's whole text; elsewhere (JSONP),
    /// escaped as in a JSON string.
    static func replacingText(_ text: String, _ replacements: [Int: String?], values: [String]) -> String {
        let isXML = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }.first == "<"
        var result = ""
        var cursor = text.startIndex
        for (index, occurrence) in occurrences(of: values, in: text).enumerated() {
            guard let replacement = replacements[index] else { continue }
            var range = occurrence.range
            if replacement == nil, isXML, text[..<range.lowerBound].hasSuffix(">"), text[range.upperBound...].hasPrefix("</"),
               let open = text[cursor..<range.lowerBound].lastIndex(of: "<"), let close = text[range.upperBound...].firstIndex(of: ">") {
                range = open..<text.index(after: close)
            }
            result += text[cursor..<range.lowerBound]
            if let value = replacement { result += isXML ? escapedXML(value) : escapedJSON(value) }
            cursor = range.upperBound
        }
        return result + text[cursor...]
    }

    static func escapedXML(_ value: String) -> String {
        value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&apos;")
    }

    static func escapedJSON(_ value: String) -> String {
        String(String(decoding: JSONWriter.data(.string(value)), as: UTF8.self).dropFirst().dropLast())
    }

    private static func collect(_ json: JSONValue, into found: inout [String]) {
        switch json {
        case .string(let string): found.append(string)
        case .object(let object): for member in object { collect(member.value, into: &found) }
        case .array(let array): for element in array { collect(element, into: &found) }
        default: break
        }
    }

    /// `json` with its strings replaced; `nil` when this value itself is removed.
    private static func replace(_ json: JSONValue, _ replacements: [Int: String?], _ position: inout Int) -> JSONValue? {
        switch json {
        case .string:
            defer { position += 1 }
            guard let replacement = replacements[position] else { return json }
            return replacement.map(JSONValue.string)
        case .object(let object):
            return .object(JSONObject(object.compactMap { member in
                replace(member.value, replacements, &position).map { JSONObject.Member(key: member.key, value: $0) }
            }))
        case .array(let array):
            return .array(array.compactMap { replace($0, replacements, &position) })
        default:
            return json
        }
    }
}
