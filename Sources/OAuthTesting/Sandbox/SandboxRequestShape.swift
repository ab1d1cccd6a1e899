import Foundation
import OAuth

/// How an emulated provider wants the requests of one hook point to look, learned by comparing
/// the request the strict core builds with the one the provider's fixes make of it: how the
/// parameters travel, which ones it names differently, and what it adds.
///
/// The sandbox refuses a request of another shape, as the provider would, and reads one of this
/// shape back into the standard form before its own logic sees it.
public struct SandboxRequestShape: Sendable, Hashable {
    /// How the parameters travel.
    public enum Encoding: String, Sendable, Hashable, CustomStringConvertible {
        /// A `POST` with an `application/x-www-form-urlencoded` body: the standard.
        case form
        /// A `POST` with a JSON object of strings as its body.
        case json
        /// A `GET` with the parameters in the query.
        case query

        /// `a form body`, `a JSON body`, `a GET with the parameters in the query`.
        public var description: String {
            switch self {
            case .form: "a POST with an application/x-www-form-urlencoded body"
            case .json: "a POST with an application/json body"
            case .query: "a GET with the parameters in the query"
            }
        }
    }

    /// Where the requests go.
    public let hookPoint: HookPoint
    /// How the parameters travel.
    public var encoding: Encoding = .form
    /// Each standard parameter name the provider names differently, and its name for it.
    public var renames: [String: String] = [:]
    /// Parameters the provider's requests carry beyond the standard ones, where the other
    /// parameters go; `{client_id}` in a value stands for the client's id, another `{name}` for
    /// the value the provider's clients are given (``SandboxEmulation/values``), and a value with
    /// `{client_secret}` or `{state}` is only required to be there.
    public var requiredParameters = FormParameters()
    /// Parameters in the query of a request whose other parameters are in its body.
    public var requiredQueryParameters = FormParameters()
    /// Header fields the provider's requests carry beyond the standard ones, with placeholders
    /// as in ``requiredParameters``; `Accept` only when the emulation does not negotiate it.
    public var requiredHeaders = HTTPHeaders()

    /// The standard shape.
    public init(hookPoint: HookPoint) {
        self.hookPoint = hookPoint
    }

    /// The shape of `provider`'s request compared with `standard`, the same request built by the
    /// strict core, both for `client` (and the authorization's `state`, where it has one) with
    /// `values` for the provider's placeholders. An `Accept` the provider adds is required only
    /// when `acceptIsRequired`; otherwise it is left to content negotiation.
    public init(
        hookPoint: HookPoint, standard: HTTPRequest, provider: HTTPRequest, client: ClientCredentials, state: String? = nil,
        values: [String: String] = [:], acceptIsRequired: Bool = false
    ) {
        self.hookPoint = hookPoint
        encoding = Self.encoding(of: provider)
        let ours = Self.parameters(of: standard, as: Self.encoding(of: standard)) ?? []
        let theirs = Self.parameters(of: provider, as: encoding) ?? []
        for parameter in ours where theirs[parameter.name] == nil {
            if let renamed = theirs.first(where: { $0.value == parameter.value && ours[$0.name] == nil }) {
                renames[parameter.name] = renamed.name
            }
        }
        // The probe's own values become placeholders again, so that any client's request can match.
        let probeValues = ([(client.id, "{client_id}"), (client.secret ?? "", "{client_secret}"), (state ?? "", "{state}")]
            + values.sorted { ($0.value.count, $0.key) > ($1.value.count, $1.key) }.map { ($0.value, "{\($0.key)}") }).filter { !$0.0.isEmpty }
        let template = { (value: String) in probeValues.reduce(value) { $0.replacingOccurrences(of: $1.0, with: $1.1) } }
        for parameter in theirs where ours[parameter.name] == nil && !renames.values.contains(parameter.name) {
            requiredParameters.append(parameter.name, template(parameter.value))
        }
        if encoding != .query {
            let standardQuery = (try? standard.queryParameters) ?? []
            for parameter in (try? provider.queryParameters) ?? [] where standardQuery[parameter.name] == nil {
                requiredQueryParameters.append(parameter.name, template(parameter.value))
            }
        }
        let negotiated: Set<String> = acceptIsRequired ? ["content-type", "content-length"] : ["content-type", "content-length", "accept"]
        for field in provider.headers where !negotiated.contains(field.name.lowercased()) && standard.headers[field.name] != field.value {
            requiredHeaders.add(name: field.name, value: template(field.value))
        }
    }

    /// Whether requests of this shape are standard ones.
    public var isStandard: Bool {
        encoding == .form && renames.isEmpty && requiredParameters.isEmpty && requiredQueryParameters.isEmpty && requiredHeaders.fields.isEmpty
    }

    /// How a request's parameters travel.
    static func encoding(of request: HTTPRequest) -> Encoding {
        request.method == "GET" ? .query : MediaType.isJSON(request.headers["Content-Type"]) ? .json : .form
    }

    /// The parameters of a request sent with `encoding`; `nil` when its body cannot be read so.
    static func parameters(of request: HTTPRequest, as encoding: Encoding) -> FormParameters? {
        switch encoding {
        case .query: try? request.queryParameters
        case .form: try? request.formParameters
        case .json: request.body.flatMap(parameters(ofJSON:))
        }
    }

    /// The members of a JSON object whose values are all strings, as parameters; `nil` for any
    /// other body.
    static func parameters(ofJSON body: Data) -> FormParameters? {
        guard let object = (try? JSONParser().parse(body))?.objectValue else { return nil }
        var parameters = FormParameters()
        for member in object {
            guard let value = member.value.stringValue else { return nil }
            parameters.append(member.key, value)
        }
        return parameters
    }

    /// The parameters with the provider's names turned back into the standard ones.
    func standardNames(_ parameters: FormParameters) -> FormParameters {
        var standard = parameters
        for (name, renamed) in renames { standard.rename(renamed, to: name) }
        return standard
    }

    /// Whether `actual` is what `template` asks for: `{client_id}` filled with `clientID`, any
    /// other `{name}` with `values`; a template with a value the sandbox does not know
    /// (`{client_secret}`, `{state}`) asks only for some value.
    static func accepts(_ actual: String?, for template: String, clientID: String?, values: [String: String] = [:]) -> Bool {
        guard let actual else { return false }
        var filled = template.replacingOccurrences(of: "{client_id}", with: clientID ?? "{client_id}")
        for (name, value) in values { filled = filled.replacingOccurrences(of: "{\(name)}", with: value) }
        return filled.contains("{client_secret}") || filled.contains("{state}") || actual == filled
    }
}
