import OAuth

/// `oauthctl provider NAME [--json]`: one provider's endpoints, settings and every fix with its
/// summary and hook points.
enum ProviderCommand {
    static let spec = CommandSpec(
        "provider", section: .providers, summary: "Show a provider: endpoints, client authentication, token placement, every fix.",
        arguments: "NAME", argumentCount: 1...1,
        details: "Lists the fixes in the order they run, each with its hook points and building block, the optional fixes "
            + "(--enable-fix ID turns them on), and the values its endpoints need (--value NAME=VALUE).",
        options: [OptionSpec("--json", help: "Print the provider as JSON.")],
        examples: ["oauthctl provider github", "oauthctl provider microsoft --json"],
        run: { arguments, context in try run(&arguments, registry: context.registry, console: context.console) }
    )

    static func run(_ arguments: inout Arguments, registry: ProviderRegistry, console: Console) throws -> Int32 {
        let json = arguments.flag("--json")
        let names = try arguments.positionals()
        let provider = try registry.provider(named: names[0])
        let hooks = provider.hooks
        if json {
            console.print(JSONWriter.prettyString(.object(jsonObject(provider, hooks: hooks))))
            return 0
        }
        console.print("\(provider.name): \(provider.displayName) (OAuth \(provider.version))")
        if let documentation = provider.documentation { console.print("documentation: \(documentation.absoluteString)") }
        console.print("endpoints:")
        let endpoints = provider.endpoints.all
        if endpoints.isEmpty { console.print("  none (give them on the command line or in Swift)") }
        for (name, endpoint) in endpoints { console.print("  " + name.padding(22) + endpoint.template) }
        console.print("  " + "resource origins".padding(22) + (provider.endpoints.resourceOrigins.isEmpty ? "-" : provider.endpoints.resourceOrigins.joined(separator: ", ")))
        let placeholders = provider.endpoints.placeholders
        if !placeholders.isEmpty {
            console.print("values to give (--value NAME=VALUE): " + placeholders.joined(separator: ", "))
        }
        if provider.version == .oauth1 {
            console.print("callback rules: \(hooks.oauth1CallbackRules)" + source(OAuth1CallbackRulesSetting.self, hooks))
            console.print("signature: HMAC-SHA1 in the Authorization header unless the client chooses otherwise")
        } else {
            console.print("client authentication: \(hooks.clientAuthentication)" + source(ClientAuthenticationSetting.self, hooks))
            console.print("token placement: \(hooks.tokenPlacement)" + source(TokenPlacementSetting.self, hooks))
            console.print("scope separator: \"\(hooks.scopeSeparator)\"" + source(ScopeSeparatorSetting.self, hooks))
            console.print("PKCE: \(provider.pkce)")
            console.print("default scopes: " + (provider.defaultScopes.isEmpty ? "-" : provider.defaultScopes.joined(separator: " ")))
        }
        console.print(provider.fixes.isEmpty ? "fixes: none" : "fixes, in the order they run:")
        for (position, fix) in provider.fixes.enumerated() {
            console.print("  \(position + 1). \(fix.id)")
            console.print("     \(fix.summary)")
            console.print("     hook points: " + fix.hookPoints.map(\.name).joined(separator: ", "))
            if let block = fix.block {
                let parameters = block.parameterValues
                console.print("     building block: \(type(of: block).kind)" + (parameters.isEmpty ? "" : " \(JSONWriter.string(.object(parameters)))"))
            }
        }
        if !provider.optionalFixes.isEmpty {
            console.print("optional fixes, off until enabled with --enable-fix ID:")
            for fix in provider.optionalFixes {
                console.print("  - \(fix.id)")
                console.print("     \(fix.summary)")
                console.print("     hook points: " + fix.hookPoints.map(\.name).joined(separator: ", "))
            }
        }
        return 0
    }

    private static func source<Setting: ProviderSetting>(_ setting: Setting.Type, _ hooks: HookPipelines) -> String {
        hooks.source(of: setting).map { " (fix \($0))" } ?? " (standard)"
    }

    static func jsonObject(_ provider: Provider, hooks: HookPipelines) -> JSONObject {
        var endpoints: JSONObject = [:]
        for (name, endpoint) in provider.endpoints.all { endpoints[name] = .string(endpoint.template) }
        endpoints["resource origins"] = .strings(provider.endpoints.resourceOrigins)
        var object: JSONObject = [
            "name": .string(provider.name), "displayName": .string(provider.displayName), "version": .string(provider.version.name),
            "endpoints": .object(endpoints),
            "clientAuthentication": .string(hooks.clientAuthentication.name),
            "tokenPlacement": .string(hooks.tokenPlacement.description),
            "scopeSeparator": .string(hooks.scopeSeparator),
            "pkce": .string(provider.pkce.name),
            "defaultScopes": .strings(provider.defaultScopes),
        ]
        if provider.version == .oauth1 {
            for key in ["clientAuthentication", "tokenPlacement", "scopeSeparator", "pkce", "defaultScopes"] { _ = object.removeValue(forKey: key) }
            object["callbackRules"] = .string(hooks.oauth1CallbackRules.rawValue)
        }
        object["fixes"] = .array(provider.fixes.map { fix in
            var entry: JSONObject = [
                "id": .string(fix.id.rawValue), "summary": .string(fix.summary),
                "hookPoints": .strings(fix.hookPoints.map(\.name)),
            ]
            if let block = fix.block {
                entry["kind"] = .string(type(of: block).kind)
                entry["parameters"] = .object(block.parameterValues)
            }
            return .object(entry)
        })
        if !provider.optionalFixes.isEmpty {
            object["optionalFixes"] = .array(provider.optionalFixes.map { .string($0.id.rawValue) })
        }
        if let documentation = provider.documentation { object["documentation"] = .string(documentation.absoluteString) }
        return object
    }
}

extension JSONValue {
    static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }
}
