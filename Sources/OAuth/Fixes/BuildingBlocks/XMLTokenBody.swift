import Foundation

/// Reads a token body sent as XML, such as SAP Concur's pre-2017
/// `<Access_Token><Token>…</Token><Refresh_Token>…</Refresh_Token>…</Access_Token>`, as the
/// JSON object RFC 6749 §5.1 requires.
///
/// Acts only when the body starts (after white space) with `<`, the `Content-Type` is one of
/// `contentTypes` (or absent), and the document reads with ``XMLReader``'s limits (no document
/// type declaration, no entity but the five predefined ones). Each child of the root element
/// becomes a member: its name goes through `members` (`Token` to `access_token`), an element
/// with children becomes an object, one with none its text, trimmed; members named in
/// `numericMembers` whose text is digits become numbers. Nothing is written unless the result
/// holds `access_token` or `error` and no name comes twice, so an XML page that is not a token
/// response reaches the strict parser as it came.
public struct XMLTokenBody: BuildingBlock {
    public static let kind = "xml-token-body"
    public static let purpose = "Reads an XML token body as JSON."
    public static let example = XMLTokenBody(members: ["Token": "access_token", "Refresh_Token": "refresh_token"])
    public static let parameters: [BlockParameter<Self>] = [
        .value("members", \.members, "element names mapped to RFC member names, such as {\"Token\": \"access_token\"}"),
        .value("contentTypes", \.contentTypes, "the media types to read as XML"),
        .value("numericMembers", \.numericMembers, "members (after renaming) whose digit values become numbers"),
        .hookPoints("on", \.hookPoints, allowed: HookPoint.responses, "the responses to read"),
    ]

    /// Element names mapped to member names; other elements keep their names.
    public var members: NameValuePairs = [:]
    /// The media types read as XML.
    public var contentTypes = ["application/xml", "text/xml"]
    /// The members whose digit values become numbers.
    public var numericMembers = ["expires_in"]
    /// The responses read.
    public var hookPoints = HookPoint.tokenResponses

    /// Creates the block with element names mapped to member names.
    public init(members: NameValuePairs) { self.members = members }
    public init() {}

    public var summary: String {
        let renames = members.isEmpty ? "" : ", " + members.map { "\($0.name) as \($0.value)" }.joined(separator: ", ")
        return "Reads an XML token body (\(contentTypes.joined(separator: ", "))\(renames)) as the JSON object RFC 6749 §5.1 requires."
    }

    public func stages() -> [FixStage] {
        let types = contentTypes.map { $0.lowercased() }
        // A few names each: scanned, which costs less than hashing every element's name.
        let renames = members.map { ($0.name, $0.value) }
        let numericMembers = numericMembers
        return [.responses(at: hookPoints) { response in
            guard response.contentType == nil || response.contentTypeIsOne(of: types),
                  Self.startsWithTag(response.body),
                  let root = try? XMLReader().read(response.body),
                  case .object(let object)? = Self.json(root.children, renames: renames, numericMembers: numericMembers),
                  object["access_token"] != nil || object["error"] != nil
            else { return }
            response.setJSONObject(object)
        }]
    }

    /// Whether the first byte after white space (and a byte order mark) is `<`, read in place.
    static func startsWithTag(_ body: Data) -> Bool {
        body.withUnsafeBytes { startsWithTag($0) }
    }

    /// Whether the first byte after white space (and a byte order mark) is `<`.
    static func startsWithTag(_ body: some Collection<UInt8>) -> Bool {
        for byte in body where byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0xEF && byte != 0xBB && byte != 0xBF {
            return byte == UInt8(ascii: "<")
        }
        return false
    }

    /// The elements as a JSON object, or `nil` when a name comes twice.
    static func json(_ elements: [XMLElement], renames: [(String, String)], numericMembers: [String]) -> JSONValue? {
        var object = JSONObject()
        // One more than the elements: the token_type a later fix adds (no XML body has one).
        object.reserveCapacity(elements.count + 1)
        for element in elements {
            let name = renames.first { $0.0 == element.name }?.1 ?? element.name
            guard !object.contains(name) else { return nil }
            if element.children.isEmpty {
                let text = element.text.trimmingXMLSpace()
                let isDigits = !text.isEmpty && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
                object.appendNew(name, isDigits && numericMembers.contains(name) ? .number(JSONNumber(literal: text)) : .string(text))
            } else {
                guard let nested = json(element.children, renames: [], numericMembers: []) else { return nil }
                object.appendNew(name, nested)
            }
        }
        return .object(object)
    }
}

extension String {
    /// The string without XML white space (space, tab, CR, LF) at either end.
    fileprivate func trimmingXMLSpace() -> String {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var copy = self
        let trimmed: String? = copy.withUTF8 { bytes in
            var low = 0, high = bytes.count
            while low < high, isSpace(bytes[low]) { low += 1 }
            while high > low, isSpace(bytes[high - 1]) { high -= 1 }
            // Most texts have nothing to trim: they are kept as they are, with no new string.
            return low == 0 && high == bytes.count ? nil : String(decoding: UnsafeBufferPointer(rebasing: bytes[low..<high]), as: UTF8.self)
        }
        return trimmed ?? self
    }
}
