import OAuth
import OAuthTesting

/// The exit statuses, as the README's table documents them.
enum ExitStatus {
    /// The command did what it was asked.
    static let success: Int32 = 0
    /// The server said no: an OAuth error, HTTP 400 or more on `request`, a refused callback, an
    /// expired grant; or a check failed (a replay mismatch, an unproven provider, a failed demo).
    static let refused: Int32 = 1
    /// A mistake on the command line: an unknown option, a missing or malformed value.
    static let usage: Int32 = 2
    /// Something local failed: a file (missing, unreadable, corrupt, used), the network, a port.
    static let local: Int32 = 3
    /// Interrupted with Ctrl-C (128 + SIGINT, as shells report it).
    static let interrupted: Int32 = 130

    /// The table the README shows and the help ends with.
    static let table: [(status: Int32, meaning: String)] = [
        (success, "success"),
        (refused, "the server said no (an OAuth error, HTTP 400 or more on `request`, a denied, expired or timed-out authorization, an expired token that cannot be refreshed), or a check failed (replay, demo)"),
        (usage, "usage error: unknown option, missing or malformed value, option that does not apply"),
        (local, "local failure: a file (missing, permission, corrupt, a pending file already used), a token store that cannot be reached, the network, a port"),
        (interrupted, "interrupted (Ctrl-C); no partial file is left"),
    ]
}

/// How a failure is printed: `error: CODE: description` on standard error, or with `--json` the
/// object `{"error": CODE, "error_description": …, "exit_status": N}` there; and its exit status.
enum ErrorReport {
    /// The code, the description and the exit status of an error.
    static func parts(_ error: any Error) -> (code: String, detail: String, status: Int32) {
        switch error {
        case let error as UsageError:
            return ("usage", error.description, ExitStatus.usage)
        case let error as ProviderRegistryError:
            return ("usage", error.description, ExitStatus.usage)
        case let error as ProviderDefinitionError:
            return ("usage", error.description, ExitStatus.usage)
        case let error as LocalFileError:
            return ("file", error.description, ExitStatus.local)
        case let error as ExpiredTokenError:
            return ("expired_token", error.description, ExitStatus.refused)
        case let error as LoginTimeoutError:
            return ("timeout", error.description, ExitStatus.refused)
        case let error as TokenResponseError:
            return (error.code, error.detail, ExitStatus.refused)
        case OAuthClientError.reauthorizationRequired(let oauth):
            return (oauth.code.rawValue, (oauth.errorDescription.map { $0 + "; " } ?? "") + "the grant has ended and the stored token was removed: sign in again", ExitStatus.refused)
        case AuthorizationCallbackError.authorizationDenied(let oauth):
            return (oauth.code.rawValue, oauth.errorDescription ?? "", ExitStatus.refused)
        case OAuthClientError.missingClientID:
            return ("usage", "--client-id is required to ask the token endpoint", ExitStatus.usage)
        case OAuthClientError.originNotAllowed(let origin):
            return ("usage", "the token is not sent to \(origin), which is not a resource origin of this provider (add it with --resource-origin \(origin))", ExitStatus.usage)
        case let error as OAuthClientError:
            return ("client_error", error.description, ExitStatus.refused)
        case let error as AuthorizationCallbackError:
            return ("invalid_callback", error.description, ExitStatus.refused)
        case TransportError.bodyTooLarge:
            return ("transport_error", "\(error)", ExitStatus.refused)
        case let error as TransportError:
            return ("network", error.description, ExitStatus.local)
        case let error as InsecureEndpointError:
            return ("usage", error.description, ExitStatus.usage)
        case let error as TokenStoreError:
            return ("file", error.description, ExitStatus.local)
        case let error as RedisError:
            return ("token_store", error.description, ExitStatus.local)
        case let error as FixError:
            return ("fix_failed", error.description, ExitStatus.refused)
        case FlowError.missingEndpoint(let role, _):
            return ("usage", "\(error)" + (flag(for: role).map { " (give one with \($0))" } ?? ""), ExitStatus.usage)
        case FlowError.endpoint(let endpointError):
            return ("usage", "\(endpointError) (give it with --value NAME=VALUE)", ExitStatus.usage)
        case let error as FlowError:
            return ("configuration_error", error.description, ExitStatus.refused)
        case OAuth1ResponseError.problem(_, let problem, let advice):
            return (problem, advice ?? "", ExitStatus.refused)
        case let error as OAuth1ResponseError:
            return ("invalid_response", error.description, ExitStatus.refused)
        case OAuth1CallbackError.denied:
            return ("access_denied", OAuth1CallbackError.denied.description, ExitStatus.refused)
        case let error as OAuth1CallbackError:
            return ("invalid_callback", error.description, ExitStatus.refused)
        case let error as OAuth1SigningError:
            return ("usage", error.description, ExitStatus.usage)
        case let error as RecordingError:
            // Without a location, the command line named no recordings where some are needed.
            return ("recordings", error.description, error.location == nil ? ExitStatus.usage : ExitStatus.local)
        case let error as SandboxEmulationError:
            return ("recordings", error.description, ExitStatus.local)
        case let error as DeviceFlowError:
            return ("expired_token", error.description, ExitStatus.refused)
        case let error as LoopbackRedirectError:
            return ("timeout", error.description, ExitStatus.refused)
        case let error as LoopbackServerError:
            return ("network", error.description, ExitStatus.local)
        default:
            return ("error", "\(error)", ExitStatus.local)
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

    /// Prints the error and returns its exit status.
    @discardableResult
    static func print(_ error: any Error, json: Bool = false, console: Console) -> Int32 {
        let (code, detail, status) = parts(error)
        printMessage(code: code, detail: detail, status: status, json: json, console: console)
        return status
    }

    /// Prints `error: CODE: detail` (the code left out when it says nothing: `error`, `usage`,
    /// `file`), or the JSON object, on standard error.
    static func printMessage(code: String, detail: String, status: Int32, json: Bool, console: Console) {
        if json {
            console.printError(JSONWriter.string([
                "error": .string(code), "error_description": .string(console.scrubbed(detail)), "exit_status": .number(JSONNumber(Int(status))),
            ]))
        } else if ["error", "usage", "file", "network"].contains(code) || code.hasPrefix("http_") {
            console.printError("error: \(detail)")
        } else {
            console.printError(detail.isEmpty ? "error: \(code)" : "error: \(code): \(detail)")
        }
    }
}
