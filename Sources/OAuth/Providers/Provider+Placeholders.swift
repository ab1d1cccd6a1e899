extension Provider {
    /// The names of the values a client must be given for this provider, in order of first use:
    /// the placeholders of its endpoints and resource origins (``Endpoints/placeholders``), of its
    /// issuer, and of the string parameters of its fixes' building blocks, optional fixes
    /// included (`{user_agent}` in an extra header, `{openid}` in an extra parameter). The values
    /// a flow fills itself, `{client_id}`, `{client_secret}` and `{state}`, are not listed.
    ///
    /// ```swift
    /// let harvest = try ProviderRegistry.builtIn.provider(named: "harvest")
    /// harvest.placeholders    // ["account_id", "user_agent"]
    /// ```
    public var placeholders: [String] {
        var names = endpoints.placeholders
        func add(_ name: String) {
            if !ValueTemplate.flowValues.contains(name), !names.contains(name) { names.append(name) }
        }
        if let issuer { Endpoint(issuer).placeholders.forEach(add) }
        for fix in fixes + optionalFixes {
            guard let block = fix.block else { continue }
            Self.strings(in: .object(block.parameterValues)).flatMap { ValueTemplate($0).placeholders }.forEach(add)
        }
        return names
    }

    /// Every string in a JSON value, keys of objects included (a header's name may be a template too).
    private static func strings(in value: JSONValue) -> [String] {
        switch value {
        case .string(let string): [string]
        case .array(let array): array.flatMap(strings(in:))
        case .object(let object): object.flatMap { [$0.key] + strings(in: $0.value) }
        case .null, .bool, .number: []
        }
    }
}
