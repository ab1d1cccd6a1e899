import Foundation

/// An endpoint URL that may hold `{placeholders}` for the parts that differ per account, such
/// as a shop's host name: `https://{shop}.myshopify.com/admin/oauth/access_token`.
public struct Endpoint: Sendable, Hashable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The URL text, placeholders included.
    public let template: String

    /// Creates an endpoint from URL text.
    public init(_ template: String) { self.template = template }
    public init(stringLiteral value: String) { self.template = value }

    public init(from decoder: any Decoder) throws {
        template = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(template)
    }

    /// The names of the placeholders, in order.
    public var placeholders: [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The URL with every placeholder replaced by its value.
    ///
    /// - Throws: ``EndpointError`` when a placeholder has no value, a value holds characters
    ///   that would change the URL's structure, or the result is not an absolute URL.
    public func url(_ values: [String: String] = [:]) throws(EndpointError) -> URL {
        let text = try filled(values)
        guard let url = URL(string: text), url.scheme != nil, url.host != nil else { throw .notAnAbsoluteURL(text) }
        return url
    }

    /// The text with every placeholder replaced by its value. A value may hold letters,
    /// digits, `-`, `.`, `_`, `~` and `:` (a host and port), nothing that would move it into
    /// another part of the URL.
    ///
    /// - Throws: ``EndpointError/missingValue(placeholder:endpoint:)`` and
    ///   ``EndpointError/invalidValue(placeholder:value:)``.
    public func filled(_ values: [String: String]) throws(EndpointError) -> String {
        var text = template
        for name in placeholders {
            guard let value = values[name] else { throw .missingValue(placeholder: name, endpoint: template) }
            guard !value.isEmpty, value.utf8.allSatisfy(Self.isAllowedInValue) else { throw .invalidValue(placeholder: name, value: value) }
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    private static func isAllowedInValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: ":"): true
        default: false
        }
    }

    public var description: String { template }
}

/// Why an ``Endpoint`` could not become a URL.
public enum EndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A placeholder was given no value.
    case missingValue(placeholder: String, endpoint: String)
    /// The text is not an absolute URL.
    case notAnAbsoluteURL(String)
    /// A value holds characters that do not belong in one part of a URL.
    case invalidValue(placeholder: String, value: String)

    public var description: String {
        switch self {
        case .missingValue(let placeholder, let endpoint):
            "endpoint \(endpoint): expected a value for {\(placeholder)}, got none"
        case .notAnAbsoluteURL(let text):
            "endpoint: expected an absolute URL with a scheme and a host, got \"\(text)\""
        case .invalidValue(let placeholder, let value):
            "endpoint value for {\(placeholder)}: expected letters, digits, '-', '.', '_', '~' or ':', got \"\(value.prefix(64))\""
        }
    }
}
