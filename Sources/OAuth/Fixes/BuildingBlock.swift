/// A parameterised kind of fix, declared once: its name in provider JSON, what it does, its
/// parameters with their defaults (the property initialisers), and the stages it runs.
///
/// From this one declaration come the Swift initialiser (the memberwise one), the JSON reader
/// and writer, `oauthctl blocks`, and the documentation:
///
/// ```swift
/// public struct DefaultTokenType: BuildingBlock {
///     public static let kind = "default-token-type"
///     public static let purpose = "Adds a token_type when the token response leaves it out."
///     public static let parameters: [BlockParameter<Self>] = [.value("type", \.type, "the type to add")]
///     public static let example = DefaultTokenType()
///
///     public var type = "Bearer"
///
///     public var summary: String { "Adds token_type \"\(type)\" when the token response leaves it out." }
///     public func stages() -> [FixStage] { [.tokenResponse { response in … }] }
/// }
///
/// let fix = Fix(id: "acme.missing-token-type", DefaultTokenType())
/// ```
///
/// A block in `Sources/OAuth/Fixes/BuildingBlocks/` is in ``FixCatalog/builtIn`` by its file
/// name; a provider's own block, in its folder under `Providers/`, is in the providers' catalog
/// the same way.
public protocol BuildingBlock: Sendable {
    /// The block's name in provider JSON: `form-encoded-body`.
    static var kind: String { get }
    /// What fixes of this kind do, in one line.
    static var purpose: String { get }
    /// The parameters, besides `id` and `summary` which every fix takes.
    static var parameters: [BlockParameter<Self>] { get }

    /// A block with every parameter at its default.
    init()

    /// A typical use of the block, with its required parameters given: shown by
    /// `oauthctl blocks` and exercised by the package's tests (it must read back from its JSON
    /// and leave compliant responses unchanged).
    static var example: Self { get }

    /// The summary of a fix made from this block when its definition gives none.
    var summary: String { get }

    /// What the fix does, at which hook points.
    func stages() -> [FixStage]

    /// Checks what the parameters cannot check one by one.
    ///
    /// - Throws: ``FixDefinitionError/invalidParameter(kind:name:expected:found:)``.
    func validate() throws(FixDefinitionError)
}

extension BuildingBlock {
    public func validate() throws(FixDefinitionError) {}

    /// The required parameters and those that differ from their defaults, as JSON, in
    /// declaration order: what reads back as the same block.
    public var parameterValues: JSONObject {
        let defaults = Self()
        var object = JSONObject()
        for parameter in Self.parameters where parameter.isRequired || !parameter.hasDefaultValue(self, defaults) {
            object[parameter.name] = parameter.jsonValue(of: self)
        }
        return object
    }

    /// Reads a block from its JSON parameters.
    ///
    /// - Throws: ``FixDefinitionError`` for a parameter that is missing, of the wrong type or
    ///   unknown.
    public init(parameters object: JSONObject) throws(FixDefinitionError) {
        self.init()
        for parameter in Self.parameters {
            if let value = object[parameter.name] {
                try parameter.read(into: &self, value)
            } else if parameter.isRequired {
                throw .invalidParameter(kind: Self.kind, name: parameter.name, expected: parameter.expected, found: "no member")
            }
        }
        let known = Self.parameters.map(\.name)
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw .unknownParameter(kind: Self.kind, name: unknown, known: known)
        }
        try validate()
    }
}

extension BuildingBlock {
    /// The block with one parameter changed, for setting one of several in Swift:
    ///
    /// ```swift
    /// let fix = Fix(id: "acme.form-body", FormEncodedBody().with(\.contentTypes, ["text/plain"]))
    /// ```
    public func with<Value>(_ keyPath: WritableKeyPath<Self, Value>, _ value: Value) -> Self {
        var copy = self
        copy[keyPath: keyPath] = value
        return copy
    }
}
