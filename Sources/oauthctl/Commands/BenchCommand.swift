import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OAuth
import OAuthProviders
import OAuthTesting

/// `oauthctl bench`: nanoseconds per operation for the hot paths, beside the baselines a
/// client could not go below, printed as JSON. Run it in release: `swift run -c release
/// oauthctl bench`.
enum BenchCommand {
    static let spec = CommandSpec(
        "bench", section: .tool, summary: "Time the hot paths against their baselines and print the figures as JSON.",
        details: "Run it in release for meaningful figures: `swift run -c release oauthctl bench`.",
        examples: ["swift run -c release oauthctl bench"],
        run: { arguments, context in try run(&arguments, context: context) }
    )

    static func run(_ arguments: inout Arguments, context: CommandContext) throws -> Int32 {
        let bench = Benchmark()
        var report = JSONObject()
        #if DEBUG
        report["warning"] = "debug build: run `swift run -c release oauthctl bench` for meaningful figures"
        #endif

        let github = try context.registry.provider(named: "github")
        let engine = FlowEngine(provider: github)
        report["authorization_url_with_state_and_pkce_ns"] = figure(try bench.nanosecondsPerOperation {
            let request = try engine.authorizationRequest(
                clientID: "Iv1.8a61f9b3a7aba766", redirectURI: "https://app.example.com/callback", scopes: ["repo", "gist"],
                state: PendingAuthorization.randomState(), pkce: PKCE()
            )
            consume(request.url)
        })

        let golden = GoldenResponses.all[1].response
        let strict = FlowEngine(provider: Provider(name: "strict", displayName: "Strict", endpoints: Endpoints()))
        let compliantParse = try bench.nanosecondsPerOperation { consume(try strict.token(from: golden, at: .accessTokenResponse)) }
        let compliantBaseline = try bench.nanosecondsPerOperation { consume(try JSONSerialization.jsonObject(with: golden.body)) }
        report["compliant_token_response"] = [
            "parse_ns": figure(compliantParse), "jsonserialization_ns": figure(compliantBaseline), "ratio": ratio(compliantParse, compliantBaseline),
        ]

        var perRecording: [JSONValue] = []
        var worstParseRatio = 0.0
        var worstErrorRatio = 0.0
        for provider in context.registry.providers where provider.version == .oauth2 {
            let recordings = try BuiltInRecordings.recordings(for: provider.name)
            let providerEngine = FlowEngine(provider: provider)
            for recording in recordings {
                guard case .response(let response, let previous) = recording.input else { continue }
                let parse = bench.nanosecondsPerOperation {
                    consume(try? providerEngine.token(from: response, at: recording.hookPoint, previous: previous))
                }
                // A body that is not JSON (a form) is compared with parsing the JSON the fixes
                // make of it: JSONSerialization fails on the form itself at the first byte.
                let isJSON = (try? JSONSerialization.jsonObject(with: response.body, options: [.fragmentsAllowed])) != nil
                var normalised = TokenEndpointResponse(response)
                try? providerEngine.hooks.run(&normalised, at: recording.hookPoint)
                let baselineBody = isJSON ? response.body : normalised.body
                let baseline = bench.nanosecondsPerOperation { consume(try? JSONSerialization.jsonObject(with: baselineBody, options: [.fragmentsAllowed])) }
                let outcomeIsToken = (try? providerEngine.token(from: response, at: recording.hookPoint, previous: previous)) != nil
                if outcomeIsToken { worstParseRatio = max(worstParseRatio, parse / baseline) } else { worstErrorRatio = max(worstErrorRatio, parse / baseline) }
                perRecording.append([
                    "provider": .string(provider.name), "recording": .string(recording.name), "outcome": .string(outcomeIsToken ? "token" : "error"),
                    "parse_with_fixes_ns": figure(parse), "jsonserialization_ns": figure(baseline),
                    "baseline_of": .string(isJSON ? "the same bytes" : "the JSON the fixes make of the body"), "ratio": ratio(parse, baseline),
                ])
            }
        }
        report["provider_recordings"] = .array(perRecording)

        let url = URL(string: "https://api.example.com/v1/me?fields=id,name")!
        let bare = bench.nanosecondsPerOperation {
            var request = URLRequest(url: url)
            request.setValue("Bearer mF_9.B5f-4.1JqM", forHTTPHeaderField: "Authorization")
            consume(request)
        }
        let token = Token(accessToken: "mF_9.B5f-4.1JqM")
        var protected: [JSONValue] = []
        var worstProtectedRatio = 0.0
        for name in ["generic", "github", "twitch", "weibo", "instagram"] {
            let providerEngine = FlowEngine(provider: try context.registry.provider(named: name))
            let prepare = try bench.nanosecondsPerOperation {
                consume(try providerEngine.protectedRequest(HTTPRequest(url: url), token: token, client: ClientCredentials(id: "hof5gwx0su6owfnys0yan9c87zr6t")))
            }
            worstProtectedRatio = max(worstProtectedRatio, prepare / bare)
            protected.append(["provider": .string(name), "prepare_ns": figure(prepare), "ratio_to_bare_urlrequest": ratio(prepare, bare)])
        }
        report["protected_request"] = ["bare_urlrequest_one_header_ns": figure(bare), "providers": .array(protected)]
        report["oauth1_signing"] = try oauth1Signing(bench)
        report["targets"] = [
            "parse_with_fixes_within_2x_of_jsonserialization": .bool(worstParseRatio <= 2), "worst_parse_ratio": ratio(worstParseRatio, 1),
            "worst_error_response_ratio": ratio(worstErrorRatio, 1),
            "protected_request_within_3x_of_bare_urlrequest": .bool(worstProtectedRatio <= 3), "worst_protected_ratio": ratio(worstProtectedRatio, 1),
        ]
        context.console.print(JSONWriter.prettyString(.object(report)))
        return 0
    }

    /// HMAC-SHA1 signing of Twitter's "Creating a signature" request: the whole signature
    /// (parameters, base string, HMAC, header), and the HMAC-SHA1 of the base string alone.
    private static func oauth1Signing(_ bench: Benchmark) throws -> JSONValue {
        let signer = OAuth1Signer(
            client: ClientCredentials(id: "xvz1evFS4wEEPTGEFPHBog", secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
            token: OAuth1Token(token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
        )
        var request = HTTPRequest(method: "POST", url: URL(string: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true")!)
        request.setFormParameters(["status": "Hello Ladies + Gentlemen, a signed OAuth request!"])
        let nonce = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg"
        let sign = try bench.nanosecondsPerOperation { consume(try signer.sign(request, nonce: nonce, timestamp: "1318622958")) }
        let base = try signer.signatureBaseString(for: request, oauthParameters: signer.oauthParameters(nonce: nonce, timestamp: "1318622958"))
        let key = Array("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE".utf8)
        let hmac = bench.nanosecondsPerOperation { consume(HMAC<SHA1>.authenticationCode(for: base.utf8, key: key)) }
        return ["twitter_example_hmac_sha1_signature_ns": figure(sign), "hmac_sha1_of_the_base_string_ns": figure(hmac)]
    }

    private static func figure(_ nanoseconds: Double) -> JSONValue {
        .number(JSONNumber(Int(nanoseconds.rounded())))
    }

    private static func ratio(_ value: Double, _ baseline: Double) -> JSONValue {
        .number(JSONNumber(validating: String(format: "%.2f", value / baseline)) ?? JSONNumber(0))
    }
}
