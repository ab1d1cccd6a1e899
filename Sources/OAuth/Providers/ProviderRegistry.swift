/// Providers keyed by case-insensitive name, built from an explicit list.
///
/// ```swift
/// let registry = try ProviderRegistry.builtIn.adding([acme])
/// let weibo = try registry.provider(named: "Weibo")
/// let fixes = try registry.fixes(["weibo.missing-token-type", "facebook.form-encoded-token-body"])
/// ```
public struct ProviderRegistry: Sendable {
    /// The providers, in the order they were listed.
    public let providers: [Provider]
    private let index: [String: Int]

    /// An empty registry.
    public init() {
        providers = []
        index = [:]
    }

    /// Creates a registry.
    ///
    /// - Throws: ``ProviderRegistryError`` for a name that is not lowercase letters, digits and
    ///   `-`, for two providers with one name, or for a provider with two fixes of one id.
    public init(_ providers: [Provider]) throws(ProviderRegistryError) {
        var index: [String: Int] = [:]
        for (position, provider) in providers.enumerated() {
            guard Self.isValidName(provider.name) else { throw .invalidName(provider.name) }
            guard index[provider.name] == nil else { throw .duplicateProvider(provider.name) }
            var seen = Set<FixID>()
            for fix in provider.fixes + provider.optionalFixes where !seen.insert(fix.id).inserted {
                throw .duplicateFix(fix.id, provider: provider.name)
            }
            index[provider.name] = position
        }
        self.providers = providers
        self.index = index
    }

    /// The provider names, in order.
    public var names: [String] { providers.map(\.name) }

    /// Whether a provider has this name, in any case.
    public func contains(_ name: String) -> Bool {
        index[name.lowercased()] != nil
    }

    /// The provider with this name, in any case.
    ///
    /// - Throws: ``ProviderRegistryError/unknownProvider(_:nearMatches:)`` listing the names it
    ///   was probably meant to be.
    public func provider(named name: String) throws(ProviderRegistryError) -> Provider {
        guard let position = index[name.lowercased()] else {
            throw .unknownProvider(name, nearMatches: NearMatches.find(name, in: names))
        }
        return providers[position]
    }

    /// This registry with more providers after its own.
    public func adding(_ more: [Provider]) throws(ProviderRegistryError) -> ProviderRegistry {
        try ProviderRegistry(providers + more)
    }

    /// Every fix of every provider, optional ones included, in registry order.
    public var allFixes: [Fix] { providers.flatMap { $0.fixes + $0.optionalFixes } }

    /// The fix with this id, from whichever provider has it.
    ///
    /// - Throws: ``ProviderRegistryError/unknownFix(_:nearMatches:)`` listing ids close to it,
    ///   or else the fixes of the provider it names.
    public func fix(_ id: FixID) throws(ProviderRegistryError) -> Fix {
        let all = allFixes
        guard let fix = all.first(where: { $0.id == id }) else {
            var near = NearMatches.find(id.rawValue, in: all.map(\.id.rawValue)).map { FixID($0) }
            if near.isEmpty { near = all.map(\.id).filter { $0.provider == id.provider }.prefix(5).map { $0 } }
            throw .unknownFix(id, nearMatches: near)
        }
        return fix
    }

    /// Fixes picked by id, in the order given: for enabling fixes one by one on a client.
    public func fixes(_ ids: [FixID]) throws(ProviderRegistryError) -> [Fix] {
        var picked: [Fix] = []
        for id in ids { picked.append(try fix(id)) }
        return picked
    }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    }
}

/// Why the registry refused a provider list or a lookup.
public enum ProviderRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A name used twice.
    case duplicateProvider(String)
    /// A name with characters other than lowercase letters, digits and `-`.
    case invalidName(String)
    /// A provider with two fixes of one id.
    case duplicateFix(FixID, provider: String)
    /// No provider has this name.
    case unknownProvider(String, nearMatches: [String])
    /// No fix has this id.
    case unknownFix(FixID, nearMatches: [FixID])

    public var description: String {
        switch self {
        case .duplicateProvider(let name):
            "provider registry: expected one provider named \"\(name)\", got two"
        case .invalidName(let name):
            "provider registry: expected a name of lowercase letters, digits and '-', got \"\(name)\""
        case .duplicateFix(let id, let provider):
            "provider \(provider): expected distinct fix ids, got \"\(id)\" twice"
        case .unknownProvider(let name, let near):
            "unknown provider \"\(name)\"" + Self.suggestion(near)
        case .unknownFix(let id, let near):
            "unknown fix \"\(id)\"" + Self.suggestion(near.map(\.rawValue))
        }
    }

    private static func suggestion(_ near: [String]) -> String {
        near.isEmpty ? "" : "; did you mean " + near.map { "\"\($0)\"" }.joined(separator: ", ") + "?"
    }
}
