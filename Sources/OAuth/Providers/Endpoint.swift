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
    /// - Throws: ``EndpointError`` when a placeholder has no value or the result is not an
    ///   absolute URL.
    public func url(_ values: [String: String] = [:]) throws(EndpointError) -> URL {
        var text = template
        for name in placeholders {
            guard let value = values[name] else { throw .missingValue(placeholder: name, endpoint: template) }
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        guard let url = URL(string: text), url.scheme != nil, url.host != nil else { throw .notAnAbsoluteURL(text) }
        return url
    }

    public var description: String { template }
}

/// Why an ``Endpoint`` could not become a URL.
public enum EndpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A placeholder was given no value.
    case missingValue(placeholder: String, endpoint: String)
    /// The text is not an absolute URL.
    case notAnAbsoluteURL(String)

    public var description: String {
        switch self {
        case .missingValue(let placeholder, let endpoint):
            "endpoint \(endpoint): expected a value for {\(placeholder)}, got none"
        case .notAnAbsoluteURL(let text):
            "endpoint: expected an absolute URL with a scheme and a host, got \"\(text)\""
        }
    }
}
