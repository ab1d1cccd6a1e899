import Foundation

/// A provider as JSON, so one can be defined in a file and loaded at run time:
///
/// ```json
/// {
///   "name": "acme",
///   "displayName": "Acme",
///   "endpoints": {
///     "authorization": "https://acme.example/oauth/authorize",
///     "token": "https://acme.example/oauth/token",
///     "resourceOrigins": ["https://api.acme.example"]
///   },
///   "fixes": [
///     {"kind": "form-encoded-body", "id": "acme.form-encoded-token-body"},
///     {"kind": "token-in-query", "parameter": "access_token"},
///     {"use": "weibo.missing-token-type"}
///   ]
/// }
/// ```
///
/// `version` defaults to `"2.0"`, `pkce` to `"s256"`. Read files with ``decode(from:catalog:registry:)``,
/// which keeps the order of members; a `Decoder` may not. A fix names a building block by `kind`
/// with its parameters (see ``FixCatalog/builtIn``), or reuses a registered provider's fix by
/// id with `use`.
extension Provider: Codable {
    public init(from decoder: any Decoder) throws {
        let object = try JSONObject(from: decoder)
        do {
            try self.init(
                json: object,
                catalog: decoder.userInfo[.fixCatalog] as? FixCatalog ?? .builtIn,
                registry: decoder.userInfo[.providerRegistry] as? ProviderRegistry
            )
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }

    /// Reads a provider from its JSON object.
    ///
    /// - Throws: ``ProviderDefinitionError`` saying what was expected where.
    public init(json object: JSONObject, catalog: FixCatalog = .builtIn, registry: ProviderRegistry? = nil) throws(ProviderDefinitionError) {
        let known: Set<String> = [
            "name", "displayName", "summary", "version", "endpoints", "pkce", "defaultScopes", "fixes", "optionalFixes", "documentation", "issuer",
            "issuerInAuthorizationResponse",
        ]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw ProviderDefinitionError(path: unknown, reason: "expected members among \(known.sorted().joined(separator: ", ")), got \"\(unknown)\"")
        }
        guard case .string(let name)? = object["name"] else {
            throw ProviderDefinitionError(path: "name", reason: "expected a string, got \(object["name"]?.kind ?? "no member")")
        }
        func decoded<Value: Decodable>(_ type: Value.Type, _ key: String) throws(ProviderDefinitionError) -> Value? {
            guard let value = object[key], value != .null else { return nil }
            do {
                return try JSONDecoder().decode(Value.self, from: JSONWriter.data(value))
            } catch let error as DecodingError {
                let inner = ProviderDefinitionError(error)
                throw ProviderDefinitionError(path: inner.path.isEmpty ? key : key + "." + inner.path, reason: inner.reason)
            } catch {
                throw ProviderDefinitionError(path: key, reason: "\(error)")
            }
        }
        func fixList(_ key: String) throws(ProviderDefinitionError) -> [Fix] {
            guard let value = object[key] else { return [] }
            guard case .array(let elements) = value else {
                throw ProviderDefinitionError(path: key, reason: "expected an array of fixes, got \(value.kind)")
            }
            var fixes: [Fix] = []
            for (position, element) in elements.enumerated() {
                guard case .object(let fixObject) = element else {
                    throw ProviderDefinitionError(path: "\(key).\(position)", reason: "expected an object, got \(element.kind)")
                }
                do {
                    fixes.append(try Self.fix(from: fixObject, provider: name, catalog: catalog, registry: registry))
                } catch {
                    throw ProviderDefinitionError(path: "\(key).\(position)", reason: "\(error)")
                }
            }
            return fixes
        }
        let fixes = try fixList("fixes")
        let optionalFixes = try fixList("optionalFixes")
        self.init(
            name: name,
            displayName: try decoded(String.self, "displayName") ?? name,
            version: try decoded(OAuthVersion.self, "version") ?? .oauth2,
            endpoints: try decoded(Endpoints.self, "endpoints") ?? Endpoints(),
            pkce: try decoded(PKCEPolicy.self, "pkce") ?? .s256,
            defaultScopes: try decoded([String].self, "defaultScopes") ?? [],
            fixes: fixes,
            optionalFixes: optionalFixes,
            documentation: try decoded(URL.self, "documentation"),
            issuer: try decoded(String.self, "issuer"),
            issuerInAuthorizationResponse: try decoded(Bool.self, "issuerInAuthorizationResponse") ?? false,
            summary: try decoded(String.self, "summary")
        )
    }

    /// Writes the provider as JSON. `JSONEncoder` does not keep the order of object members;
    /// use ``jsonData()`` to write a file.
    ///
    /// - Throws: ``FixDefinitionError/notABuildingBlock(_:)`` (wrapped in an `EncodingError`)
    ///   when a fix is written in Swift rather than made from a building block.
    public func encode(to encoder: any Encoder) throws {
        do {
            try jsonObject().encode(to: encoder)
        } catch let error as FixDefinitionError {
            throw EncodingError.invalidValue(name, .init(codingPath: encoder.codingPath + [JSONCodingKey("fixes")], debugDescription: error.description, underlyingError: error))
        }
    }

    /// The provider as a JSON object, members and fix parameters in order.
    ///
    /// - Throws: ``FixDefinitionError/notABuildingBlock(_:)`` for a fix written in Swift.
    public func jsonObject() throws(FixDefinitionError) -> JSONObject {
        var object: JSONObject = ["name": .string(name), "displayName": .string(displayName)]
        if let summary { object["summary"] = .string(summary) }
        object["version"] = .string(version.name)
        var endpointMembers: JSONObject = [:]
        let named: [(String, Endpoint?)] = [
            ("authorization", endpoints.authorization), ("token", endpoints.token), ("refresh", endpoints.refresh),
            ("revocation", endpoints.revocation), ("introspection", endpoints.introspection), ("deviceAuthorization", endpoints.deviceAuthorization),
            ("requestToken", endpoints.requestToken),
        ]
        for (key, endpoint) in named { if let endpoint { endpointMembers[key] = .string(endpoint.template) } }
        endpointMembers["resourceOrigins"] = .array(endpoints.resourceOrigins.map(JSONValue.string))
        object["endpoints"] = .object(endpointMembers)
        object["pkce"] = .string(pkce.name)
        if !defaultScopes.isEmpty { object["defaultScopes"] = .array(defaultScopes.map(JSONValue.string)) }
        var fixObjects: [JSONValue] = []
        for fix in fixes { fixObjects.append(.object(try FixCatalog.jsonObject(for: fix))) }
        object["fixes"] = .array(fixObjects)
        if !optionalFixes.isEmpty {
            var optionalObjects: [JSONValue] = []
            for fix in optionalFixes { optionalObjects.append(.object(try FixCatalog.jsonObject(for: fix))) }
            object["optionalFixes"] = .array(optionalObjects)
        }
        if let documentation { object["documentation"] = .string(documentation.absoluteString) }
        if let issuer { object["issuer"] = .string(issuer) }
        if issuerInAuthorizationResponse { object["issuerInAuthorizationResponse"] = .bool(true) }
        return object
    }

    /// The provider as indented JSON text, ready to save and load with ``decode(from:catalog:registry:)``.
    public func jsonData() throws(FixDefinitionError) -> Data {
        Data(JSONWriter.prettyString(.object(try jsonObject())).utf8)
    }

    /// Loads a provider from JSON bytes.
    ///
    /// - Parameters:
    ///   - catalog: the building blocks fixes may name by `kind`.
    ///   - registry: where fixes named by `use` are looked up.
    /// - Throws: ``ProviderDefinitionError`` saying what was expected where.
    public static func decode(from data: Data, catalog: FixCatalog = .builtIn, registry: ProviderRegistry? = nil) throws(ProviderDefinitionError) -> Provider {
        let value: JSONValue
        do {
            value = try JSONParser().parse(data)
        } catch {
            throw ProviderDefinitionError(path: "", reason: error.description)
        }
        guard case .object(let object) = value else {
            throw ProviderDefinitionError(path: "", reason: "expected a JSON object, got \(value.kind)")
        }
        return try Provider(json: object, catalog: catalog, registry: registry)
    }

    private static func fix(from object: JSONObject, provider: String, catalog: FixCatalog, registry: ProviderRegistry?) throws -> Fix {
        guard let use = object["use"] else { return try catalog.fix(from: object, provider: provider) }
        guard case .string(let id) = use, object.count == 1 else {
            throw FixDefinitionError.invalidParameter(kind: "use", name: "use", expected: "a fix id as the only member", found: object.count == 1 ? use.kind : "other members beside it")
        }
        guard let registry else {
            throw FixDefinitionError.invalidParameter(kind: "use", name: "use", expected: "a registry to look fixes up in", found: "none given")
        }
        return try registry.fix(FixID(id))
    }
}

extension CodingUserInfoKey {
    /// The ``FixCatalog`` a decoded provider's fixes are made from.
    public static let fixCatalog = CodingUserInfoKey(rawValue: "oauth.fixCatalog")!
    /// The ``ProviderRegistry`` a decoded provider's `use` fixes are looked up in.
    public static let providerRegistry = CodingUserInfoKey(rawValue: "oauth.providerRegistry")!
}

/// Why a provider definition could not be loaded: where in the JSON, and what was expected.
public struct ProviderDefinitionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The path to the offending member, such as `fixes.2`.
    public let path: String
    /// What was expected and what came.
    public let reason: String

    /// Creates an error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    init(_ error: DecodingError) {
        func join(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            self.init(path: join(context.codingPath + [key]), reason: "expected a member \"\(key.stringValue)\", got none")
        case .typeMismatch(let type, let context):
            self.init(path: join(context.codingPath), reason: "expected \(type), got something else")
        case .valueNotFound(let type, let context):
            self.init(path: join(context.codingPath), reason: "expected \(type), got null")
        case .dataCorrupted(let context):
            self.init(path: join(context.codingPath), reason: context.debugDescription)
        @unknown default:
            self.init(path: "", reason: "\(error)")
        }
    }

    public var description: String {
        "provider definition" + (path.isEmpty ? "" : " at \(path)") + ": \(reason)"
    }
}
