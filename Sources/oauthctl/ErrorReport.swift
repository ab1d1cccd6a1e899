import OAuth
import OAuthTesting

/// How a failure is printed: `error: CODE: description` on standard error, exit status 1.
enum ErrorReport {
    /// The code and description of an error.
    static func parts(_ error: any Error) -> (code: String, detail: String) {
        switch error {
        case let error as TokenResponseError:
            return (error.code, error.detail)
        case OAuthClientError.reauthorizationRequired(let oauth), AuthorizationCallbackError.authorizationDenied(let oauth):
            return (oauth.code.rawValue, oauth.errorDescription ?? "")
        case let error as OAuthClientError:
            return ("client_error", error.description)
        case let error as AuthorizationCallbackError:
            return ("invalid_callback", error.description)
        case let error as TransportError:
            return ("transport_error", error.description)
        case let error as InsecureEndpointError:
            return ("insecure_endpoint", error.description)
        case let error as TokenStoreError:
            return ("token_store", error.description)
        case let error as RedisError:
            return ("token_store", error.description)
        case let error as FixError:
            return ("fix_failed", error.description)
        case FlowError.missingEndpoint(let role, _):
            return ("configuration_error", "\(error)" + (flag(for: role).map { " (give one with \($0))" } ?? ""))
        case let error as FlowError:
            return ("configuration_error", error.description)
        case OAuth1ResponseError.problem(_, let problem, let advice):
            return (problem, advice ?? "")
        case let error as OAuth1ResponseError:
            return ("invalid_response", error.description)
        case OAuth1CallbackError.denied:
            return ("access_denied", OAuth1CallbackError.denied.description)
        case let error as OAuth1CallbackError:
            return ("invalid_callback", error.description)
        case let error as OAuth1SigningError:
            return ("signing_error", error.description)
        case let error as RecordingError:
            return ("recordings", error.description)
        case let error as SandboxEmulationError:
            return ("recordings", error.description)
        default:
            return ("error", "\(error)")
        }
    }

    /// The option that gives an endpoint in this role.
    static func flag(for role: String) -> String? {
        [
            "authorization endpoint": "--authorize-url", "token endpoint": "--token-url", "revocation endpoint": "--revocation-url",
            "introspection endpoint": "--introspection-url", "device authorization endpoint": "--device-url",
            "request token endpoint": "--request-token-url",
        ][role]
    }

    /// Prints the error and returns exit status 1.
    static func print(_ error: any Error, console: Console) -> Int32 {
        let (code, detail) = parts(error)
        console.printError(detail.isEmpty ? "error: \(code)" : "error: \(code): \(detail)")
        return 1
    }
}
