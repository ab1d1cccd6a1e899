import Foundation

/// Reads a JSONP body, a JSON object wrapped in a function call such as QQ Connect's
/// `callback( {"error":100019,"error_description":"…"} );`, as the JSON object inside.
///
/// Acts only when the `Content-Type` does not already name JSON (and is one of `contentTypes`
/// when they are given), and the body is, apart from white space, one of the `callbacks`
/// names, `(`, a JSON object, `)` and an optional `;`. The object is parsed with the response's
/// limits; anything else, such as a script that does more than one call, is left as it came.
public struct JSONPBody: BuildingBlock {
    public static let kind = "jsonp-body"
    public static let purpose = "Reads a JSONP body, callback( {...} );, as the JSON object inside."
    public static let example = JSONPBody()
    public static let parameters: [BlockParameter<Self>] = [
        .value("callbacks", \.callbacks, "the function names the body may call"),
        .value("contentTypes", \.contentTypes, "the media types to read, or null for any that is not JSON"),
        .hookPoints("on", \.hookPoints, allowed: HookPoint.responses, "the responses to read"),
    ]

    /// The function names the body may call.
    public var callbacks = ["callback"]
    /// The media types read; `nil` for any that does not name JSON.
    public var contentTypes: [String]? = nil
    /// The responses read.
    public var hookPoints = HookPoint.tokenResponses

    /// Creates the block for these function names.
    public init(callbacks: [String]) { self.callbacks = callbacks }
    public init() {}

    public var summary: String {
        "Reads a JSONP body (\(callbacks.map { "\($0)( {...} );" }.joined(separator: ", "))) as the JSON object inside."
    }

    public func validate() throws(FixDefinitionError) {
        if callbacks.isEmpty || callbacks.contains(where: { $0.isEmpty || !$0.utf8.allSatisfy(Self.isNameByte) }) {
            throw .invalidParameter(kind: Self.kind, name: "callbacks", expected: "names of letters, digits, _, $ and .", found: "\(callbacks)")
        }
    }

    public func stages() -> [FixStage] {
        let callbacks = callbacks.map { Array($0.utf8) }
        let types = contentTypes?.map { $0.lowercased() }
        return [.responses(at: hookPoints) { response in
            guard !response.hasJSONContentType,
                  types.map({ response.contentTypeIsOne(of: $0) }) ?? true,
                  let inner = Self.argument(of: [UInt8](response.body), callbacks: callbacks),
                  case .object(let object)? = try? JSONParser(maximumDepth: response.limits.maximumDepth).parse(Data(inner))
            else { return }
            response.setJSONObject(object)
        }]
    }

    /// The JSON object inside a JSONP body such as QQ Connect's `/oauth2.0/me` answer,
    /// `callback( {"client_id":"…","openid":"…"} );`, read by the same rule as the fix; `nil`
    /// when the body is not one call of a listed name around an object.
    ///
    /// ```swift
    /// let me = JSONPBody.object(in: response.body)?["openid"]?.stringValue
    /// ```
    public static func object(in body: Data, callbacks: [String] = ["callback"], maximumDepth: Int = 32) -> JSONObject? {
        guard let inner = argument(of: [UInt8](body), callbacks: callbacks.map { Array($0.utf8) }),
              case .object(let object)? = try? JSONParser(maximumDepth: maximumDepth).parse(Data(inner))
        else { return nil }
        return object
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$")
            || byte == UInt8(ascii: ".")
    }

    /// The bytes between `name(` and the final `)` when the body is one call of a listed name.
    static func argument(of body: [UInt8], callbacks: [[UInt8]]) -> ArraySlice<UInt8>? {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var low = 0, high = body.count
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { low = 3 }
        while low < high, isSpace(body[low]) { low += 1 }
        while high > low, isSpace(body[high - 1]) { high -= 1 }
        if high > low, body[high - 1] == UInt8(ascii: ";") { high -= 1 }
        while high > low, isSpace(body[high - 1]) { high -= 1 }
        guard high > low, body[high - 1] == UInt8(ascii: ")"),
              let name = callbacks.first(where: { body[low...].starts(with: $0) })
        else { return nil }
        var open = low + name.count
        while open < high, isSpace(body[open]) { open += 1 }
        guard open < high - 1, body[open] == UInt8(ascii: "(") else { return nil }
        return body[(open + 1)..<(high - 1)]
    }
}
