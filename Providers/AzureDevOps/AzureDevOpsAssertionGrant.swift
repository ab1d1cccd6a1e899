import OAuth

/// Azure DevOps' own OAuth flow, a JWT-assertion style grant in place of RFC 6749's code grant:
/// the authorization URL asks for `response_type=Assertion`; the code exchange sends
/// `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`, the app's
/// client secret (itself a JWT) as `client_assertion`,
/// `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` and the code as `assertion`; a
/// refresh keeps `grant_type=refresh_token` but sends the refresh token as `assertion`. Both
/// carry `redirect_uri` and no `client_id`.
///
/// A refresh grant carries no redirect URI, so the block takes it from the client's value
/// `redirect_uri` when the body has none.
///
/// No general block serves: RFC 7523's JWT bearer grant carries a signed assertion about the
/// user, not the authorization code, and no other provider reuses its parameter names this way.
struct AzureDevOpsAssertionGrant: BuildingBlock {
    static let kind = "azure-devops-assertion-grant"
    static let purpose = "Azure DevOps: response_type=Assertion, and the code or refresh token sent as a jwt-bearer assertion."
    static let parameters: [BlockParameter<Self>] = [
        .hookPoints("on", \.hookPoints, allowed: [.authorizationRequest] + HookPoint.tokenRequests, "where to act"),
    ]
    static let example = AzureDevOpsAssertionGrant()

    /// Where the block acts.
    var hookPoints: [HookPoint] = [.authorizationRequest] + HookPoint.tokenRequests

    init() {}

    var summary: String {
        var parts: [String] = []
        if hookPoints.contains(.authorizationRequest) { parts.append("asks for response_type=Assertion") }
        if hookPoints.contains(where: HookPoint.tokenRequests.contains) {
            parts.append("sends the code or refresh token as a jwt-bearer assertion with the client secret as client_assertion")
        }
        return "Azure DevOps: " + parts.joined(separator: "; ") + "."
    }

    static let clientAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    static let jwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    func stages() -> [FixStage] {
        var stages: [FixStage] = []
        if hookPoints.contains(.authorizationRequest) {
            stages.append(.authorizationRequest { request, _ in
                request.parameters["response_type"] = "Assertion"
            })
        }
        stages.append(.requests(at: hookPoints) { request, context in
            let body = try request.formParameters
            let grantType: String
            let assertion: String?
            switch body["grant_type"] {
            case "authorization_code":
                grantType = Self.jwtBearerGrant
                assertion = body["code"]
            case "refresh_token":
                grantType = "refresh_token"
                assertion = body["refresh_token"]
            default:
                return  // Azure DevOps has no other grant; leave such a request as it is.
            }
            guard let assertion else { throw MissingInput.assertion(context.hookPoint) }
            guard let secret = context.client.secret else { throw MissingInput.clientSecret(context.hookPoint) }
            var rewritten: FormParameters = [
                "client_assertion_type": Self.clientAssertionType,
                "client_assertion": secret,
                "grant_type": grantType,
                "assertion": assertion,
            ]
            if let redirect = body["redirect_uri"] ?? context.values["redirect_uri"] { rewritten.append("redirect_uri", redirect) }
            request.headers["Authorization"] = nil
            request.setFormParameters(rewritten)
        })
        return stages
    }

    /// What the assertion request could not be built without; the secret is never shown.
    enum MissingInput: Error, CustomStringConvertible {
        /// The client has no secret to send as `client_assertion`.
        case clientSecret(HookPoint)
        /// The body has no code or refresh token to send as `assertion`.
        case assertion(HookPoint)

        var description: String {
            switch self {
            case .clientSecret(let point):
                "\(point): expected the app's client secret (a JWT) for client_assertion, got a client without a secret"
            case .assertion(let point):
                "\(point): expected a code or refresh token to send as assertion, got none"
            }
        }
    }
}
