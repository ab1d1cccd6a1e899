import OAuth

/// Verifies Shopify's signed redirect: Shopify adds `hmac`, the HMAC-SHA256 (lowercase hex) of the
/// callback's other parameters, sorted by name and joined as `name=value` with `&`, keyed with
/// the app's client secret. A callback whose `hmac` is missing or does not match is refused, and
/// so is one whose `shop` is not the shop the client is signing in to (`{shop}.myshopify.com`,
/// from the client's `shop` value).
///
/// Shopify's own: no other provider signs its redirect this way, so the block lives with the
/// provider rather than among the core's building blocks.
public struct ShopifyCallbackHMAC: BuildingBlock {
    public static let kind = "shopify-callback-hmac"
    public static let purpose = "Shopify: refuses a callback whose hmac (HMAC-SHA256 of its other parameters, keyed with the client secret) or shop does not match."
    public static let parameters: [BlockParameter<Self>] = []
    public static let example = ShopifyCallbackHMAC()

    public init() {}

    public var summary: String {
        "Verifies the callback's hmac, HMAC-SHA256 of its other parameters keyed with the client secret, and that its shop is {shop}.myshopify.com."
    }

    public func stages() -> [FixStage] {
        [.authorizationResponse { response, context in
            try Self.verify(response.parameters, secret: context.client.secret, shop: context.values["shop"])
        }]
    }

    /// Checks the signature and the shop of a callback's parameters.
    ///
    /// - Throws: ``ShopifyCallbackError``.
    static func verify(_ parameters: FormParameters, secret: String?, shop: String?) throws(ShopifyCallbackError) {
        guard let secret else { throw .missingClientSecret }
        guard let signature = parameters["hmac"] else { throw .missingSignature }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message(parameters).utf8), key: Array(secret.utf8))
        guard constantTimeEquals(Array(Hex.lowercase(mac).utf8), Array(signature.lowercased().utf8)) else {
            throw .signatureMismatch
        }
        if let shop {
            let expected = shop + ".myshopify.com"
            guard parameters["shop"] == expected else { throw .unexpectedShop(expected: expected, found: parameters["shop"]) }
        }
    }

    /// The signed message: every parameter but `hmac` (and the legacy `signature`), sorted by
    /// name, as `name=value` joined with `&`.
    static func message(_ parameters: FormParameters) -> String {
        parameters.filter { $0.name != "hmac" && $0.name != "signature" }
            .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
            .map { $0.name + "=" + $0.value }
            .joined(separator: "&")
    }
}

/// Why a Shopify callback was refused.
public enum ShopifyCallbackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The callback carries no `hmac`.
    case missingSignature
    /// The client has no secret to verify the `hmac` with.
    case missingClientSecret
    /// The `hmac` is not the one the parameters and the client secret give.
    case signatureMismatch
    /// The callback names another shop than the one signed in to.
    case unexpectedShop(expected: String, found: String?)

    public var description: String {
        switch self {
        case .missingSignature:
            "Shopify callback: expected an hmac parameter, got none"
        case .missingClientSecret:
            "Shopify callback: expected a client secret to verify the hmac with, got none"
        case .signatureMismatch:
            "Shopify callback: expected the hmac of the other parameters keyed with the client secret, got another value"
        case .unexpectedShop(let expected, let found):
            "Shopify callback: expected shop \(expected), got " + (found.map { "\"\($0.prefix(64))\"" } ?? "none")
        }
    }
}
