/// A value a provider declares once and the core reads when it builds requests, such as the
/// scope separator or the client authentication method. A fix declares it with
/// ``FixStage/setting(_:_:)``; the last fix that does wins.
///
/// Adding a setting is one type:
///
/// ```swift
/// public enum ScopeSeparatorSetting: ProviderSetting {
///     public static let name = "scope separator"
///     public static let defaultValue = " "
///     public static let hookPoints: [HookPoint] = [.authorizationRequest, .accessTokenRequest, .refreshRequest]
/// }
/// let separator = provider.hooks[ScopeSeparatorSetting.self]
/// ```
public protocol ProviderSetting {
    /// The setting's value.
    associatedtype Value: Sendable & Equatable & CustomStringConvertible
    /// The setting's name, as `oauthctl provider` prints it.
    static var name: String { get }
    /// The value when no fix declares one: the standard's.
    static var defaultValue: Value { get }
    /// Where the core uses the setting.
    static var hookPoints: [HookPoint] { get }
}

/// The separator between scopes in requests: a space (RFC 6749 §3.3) unless a fix says otherwise.
public enum ScopeSeparatorSetting: ProviderSetting {
    public static let name = "scope separator"
    public static let defaultValue = " "
    public static let hookPoints: [HookPoint] = [.authorizationRequest, .accessTokenRequest, .refreshRequest, .deviceAuthorizationRequest]
}

extension HookPipelines {
    /// The separator between scopes in requests (``ScopeSeparatorSetting``).
    public var scopeSeparator: String { self[ScopeSeparatorSetting.self] }
}
