import Foundation

/// Base64url without padding (RFC 4648 §5), the alphabet of PKCE verifiers and challenges.
public enum Base64URL {
    /// Encodes bytes as base64url with no `=` padding.
    public static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}
