extension FixCatalog {
    /// Every building block the core offers, by kind.
    public static let builtIn = FixCatalog([
        .formEncodedBody, .jsonUnderOtherContentType, .unwrapNestedToken, .renameMembers, .snakeCaseMembers,
        .coerceExpiresIn, .zeroExpiresInMeansNoExpiry, .nullMeansAbsent, .scopeAsArray, .scopeSeparator,
        .defaultTokenType, .normaliseTokenType, .errorShape, .errorInSuccessBody, .successFlag,
        .tokenInQuery, .authorizationScheme, .tokenInHeader, .extraHeaders, .extraParameters, .renameParameters,
        .clientAuthentication, .jsonTokenRequest, .getTokenRequest, .oauthCore10Callback, .formUnderOtherContentType,
    ])
}
