import Foundation
import OAuth

extension SandboxEmulation {
    /// A recorded token response and where its token values sit, so that the sandbox can answer
    /// with fresh ones in their places.
    ///
    /// The places are found by structure, not by value: each string in the body (a JSON string
    /// or a form value) that holds a recorded token is swapped for a marker of its own, the
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

        /// Which token a string of the body holds.
        enum Slot: Sendable {
            case access, refresh
        }

        /// Reads a recording as a template: the places of its tokens, found through `provider`'s
        /// response fixes at `hookPoint`. `nil` when the access token is in no string of the body.
        init?(name: String, response: HTTPResponse, token: JSONObject, lifetime: Int?, provider: Provider, hookPoint: HookPoint) {
            guard let access = token["access_token"]?.stringValue else { return nil }
            let refresh = token["refresh_token"]?.stringValue
            let strings = BodyStrings.strings(in: response.body)
            let holders = strings.indices.filter { strings[$0] == access || strings[$0] == refresh }
            guard holders.contains(where: { strings[$0] == access }) else { return nil }
            var slots = Self.probe(holders, in: response, provider: provider, hookPoint: hookPoint)
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
        }

        /// The places the provider's fixes read the tokens from: each holder marked, the marked
        /// body read, the markers found in the token. Empty when the fixes cannot read it.
        static func probe(_ holders: [Int], in response: HTTPResponse, provider: Provider, hookPoint: HookPoint) -> [Int: Slot] {
            var marked = response
            marked.body = BodyStrings.replacing(in: response.body, Dictionary(uniqueKeysWithValues: holders.map { ($0, Optional(marker($0))) }))
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
            rendered.body = BodyStrings.replacing(in: response.body, slots.mapValues { $0 == .access ? fresh : freshRefresh })
            return rendered
        }
    }
}

/// The strings of a token response body in a fixed order (a JSON body's string values depth
/// first, a form body's values), and the body with some of them replaced or removed.
enum BodyStrings {
    /// Every string, in order; empty for a body that is neither JSON nor a form.
    static func strings(in body: Data) -> [String] {
        if let json = try? JSONParser().parse(body) {
            var found: [String] = []
            collect(json, into: &found)
            return found
        }
        return ((try? FormParameters(decoding: body)) ?? []).map(\.value)
    }

    /// The body with the strings at the given positions replaced, or their member or parameter
    /// removed where the replacement is `nil`.
    static func replacing(in body: Data, _ replacements: [Int: String?]) -> Data {
        if let json = try? JSONParser().parse(body) {
            var position = 0
            return JSONWriter.data(replace(json, replacements, &position) ?? .null)
        }
        guard let form = try? FormParameters(decoding: body) else { return body }
        var rewritten = FormParameters()
        for (index, parameter) in form.enumerated() {
            guard let replacement = replacements[index] else {
                rewritten.append(parameter.name, parameter.value)
                continue
            }
            if let value = replacement { rewritten.append(parameter.name, value) }
        }
        return Data(rewritten.encoded().utf8)
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
