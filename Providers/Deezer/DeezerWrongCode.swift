import Foundation
import OAuth

/// Reads Deezer's plain-text answer to a bad or used code, the body `wrong code` with no
/// error member at all, as the RFC 6749 §5.2 error `invalid_grant`.
///
/// Acts only on a body that is, apart from surrounding white space, one of `texts`, under a
/// content type that does not name JSON; every other answer reaches the next fix as it came.
struct DeezerWrongCode: BuildingBlock {
    static let kind = "deezer-wrong-code"
    static let purpose = "Reads Deezer's plain-text error answers as RFC 6749 errors."
    static let example = DeezerWrongCode()
    static let parameters: [BlockParameter<Self>] = [
        .value("texts", \.texts, "each whole body text mapped to the RFC 6749 error code it means"),
    ]

    /// Each whole body text and the error code it means.
    var texts: NameValuePairs = ["wrong code": "invalid_grant"]

    init() {}

    var summary: String {
        "Reads the plain-text answers " + texts.map { "\"\($0.name)\" as \($0.value)" }.joined(separator: ", ") + "."
    }

    func stages() -> [FixStage] {
        let texts = texts
        return [.tokenResponse { response in
            guard !response.hasJSONContentType, response.body.count <= 256 else { return }
            guard let match = texts.first(where: { $0.name == Self.trimmedText(response.body) }) else { return }
            response.setJSONObject(["error": .string(match.value), "error_description": .string(match.name)])
            response.status = 400
        }]
    }

    /// The body as text without the white space around it. ASCII white space is cut from the
    /// bytes (every short body passes here); a body with other bytes goes through Foundation,
    /// which knows Unicode's white space too.
    static func trimmedText(_ body: Data) -> String {
        body.withUnsafeBytes { bytes in
            var start = 0, end = bytes.count
            func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
            while start < end, isSpace(bytes[start]) { start += 1 }
            while end > start, isSpace(bytes[end - 1]) { end -= 1 }
            let text = UnsafeRawBufferPointer(rebasing: bytes[start..<end])
            guard text.contains(where: { $0 >= 0x80 }) else { return String(decoding: text, as: UTF8.self) }
            return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}
