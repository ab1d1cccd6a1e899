import Foundation
import OAuth
import OAuthProviders
import OAuthTesting
import Testing

/// Shopify's own block: the signed redirect is verified before the code is exchanged.
@Suite struct ShopifyCallbackHMACTests {
    let pending = PendingAuthorization(state: "0.6784241404160823", codeVerifier: nil, redirectURI: "https://app.example.com/cb", createdAt: Date())
    // Shopify's documented example: these parameters signed with the secret "hush".
    let signed = "code=0907a61c0c8d55e99db179b68161bc00&hmac=700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf"
        + "&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173"

    func engine(shop: String? = "some-shop") -> FlowEngine {
        FlowEngine(provider: .shopify, endpointValues: shop.map { ["shop": $0] } ?? [:])
    }

    func refusal(_ query: String, secret: String? = "hush", shop: String? = "some-shop") -> ShopifyCallbackError? {
        do {
            _ = try engine(shop: shop).authorizationResponse(
                from: "https://app.example.com/cb?" + query, pending: pending, client: ClientCredentials(id: "app", secret: secret)
            )
            return nil
        } catch let error as FixError {
            return error.underlying as? ShopifyCallbackError
        } catch {
            Issue.record("expected a refusal by the fix, got \(error)")
            return nil
        }
    }

    @Test func theDocumentedExampleVerifiesInAnyOrderAndCase() throws {
        let response = try engine().authorizationResponse(
            from: "https://app.example.com/cb?" + signed, pending: pending, client: ClientCredentials(id: "app", secret: "hush")
        )
        #expect(response.code == "0907a61c0c8d55e99db179b68161bc00")
        let reordered = "timestamp=1337178173&state=0.6784241404160823&shop=some-shop.myshopify.com"
            + "&hmac=700E2DADB827FCC8609E9D5CE208B2E9CDAAB9DF07390D2CBCA10D7C328FC4BF&code=0907a61c0c8d55e99db179b68161bc00"
        #expect(refusal(reordered) == nil)
        // Without a shop value the signature alone is checked.
        #expect(refusal(signed, shop: nil) == nil)
    }

    @Test func aWrongSecretAChangedParameterOrNoSignatureIsRefused() {
        #expect(refusal(signed, secret: "not-hush") == .signatureMismatch)
        #expect(refusal(signed.replacingOccurrences(of: "timestamp=1337178173", with: "timestamp=1337178174")) == .signatureMismatch)
        #expect(refusal(signed + "&extra=1") == .signatureMismatch)
        #expect(refusal("code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823") == .missingSignature)
        #expect(refusal(signed, secret: nil) == .missingClientSecret)
    }

    @Test func anotherShopIsRefusedEvenWithAValidSignature() {
        #expect(refusal(signed, shop: "other-shop") == .unexpectedShop(expected: "other-shop.myshopify.com", found: "some-shop.myshopify.com"))
    }

    @Test func refusalsNameNoSecret() {
        for error in [ShopifyCallbackError.signatureMismatch, .missingSignature, .missingClientSecret, .unexpectedShop(expected: "a.myshopify.com", found: nil)] {
            #expect(!error.description.contains("hush"))
            #expect(error.description.hasPrefix("Shopify callback: expected"))
        }
    }
}
