/// Reading and naming the media types the token endpoint cares about.
public enum MediaType {
    /// `application/json`, what RFC 6749 §5.1 requires of a token response.
    public static let json = "application/json"
    /// `application/x-www-form-urlencoded`, the body of token requests (RFC 6749 §4.1.3).
    public static let formURLEncoded = "application/x-www-form-urlencoded"

    /// The type and subtype of a `Content-Type` value, lowercased, without parameters:
    /// `"application/json"` for `"Application/JSON; charset=UTF-8"`.
    public static func essence(of contentType: String?) -> String? {
        guard let contentType else { return nil }
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        let trimmed = essence.trimmingASCIIWhitespace().lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whether a `Content-Type` value names JSON: `application/json` or a `+json` suffix type.
    public static func isJSON(_ contentType: String?) -> Bool {
        guard let essence = essence(of: contentType) else { return false }
        return essence == json || essence.hasSuffix("+json")
    }
}

extension String {
    /// This string without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
