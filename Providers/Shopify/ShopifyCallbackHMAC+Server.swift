import OAuth

/// How Shopify sends its redirect: with `shop`, the shop's host name (`{shop}.myshopify.com`,
/// from the clients' value `shop`), and `hmac`, the HMAC-SHA256 in lowercase hex of the other
/// parameters sorted by name, keyed with the app's client secret.
extension ShopifyCallbackHMAC: ServerCounterpart {
    /// Adds `shop` and then `hmac` to the redirect's parameters.
    public func shape(_ response: inout ServerAuthorizationResponse) {
        if let shop = response.values["shop"] { response.parameters["shop"] = shop + ".myshopify.com" }
        guard let secret = response.client.secret else { return }
        let mac = HMAC<SHA256>.authenticationCode(for: Array(Self.message(response.parameters).utf8), key: Array(secret.utf8))
        response.parameters["hmac"] = Hex.lowercase(mac)
    }
}
