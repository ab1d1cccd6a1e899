import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OAuth
import Testing

/// `URLRequest` ⇄ `HTTPRequest` and `HTTPURLResponse` ⇄ `HTTPResponse`, for code that speaks URLSession.
@Suite struct URLRequestBridgeTests {
    @Test func aURLRequestBecomesAnHTTPRequestAndBack() throws {
        var urlRequest = URLRequest(url: URL(string: "https://api.example.com/v1/items?page=2")!)
        urlRequest.httpMethod = "PATCH"
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        urlRequest.setValue("application/vnd.example+json", forHTTPHeaderField: "Accept")
        urlRequest.httpBody = Data(#"{"name":"demo"}"#.utf8)

        let request = try HTTPRequest(urlRequest)
        #expect(request.method == "PATCH")
        #expect(request.url.absoluteString == "https://api.example.com/v1/items?page=2")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["Accept"] == "application/vnd.example+json")
        #expect(request.headers.fields.map(\.name) == ["Accept", "Content-Type"], "sorted by name, so a conversion is repeatable")
        #expect(request.body == Data(#"{"name":"demo"}"#.utf8))

        let back = URLRequest(request, timeout: 12)
        #expect(back.httpMethod == "PATCH")
        #expect(back.url == urlRequest.url)
        #expect(back.value(forHTTPHeaderField: "Content-Type") == "application/json")
        #expect(back.value(forHTTPHeaderField: "Accept") == "application/vnd.example+json")
        #expect(back.httpBody == urlRequest.httpBody)
        #expect(back.timeoutInterval == 12)
        #expect(try HTTPRequest(back) == request)
    }

    @Test func aRequestWithoutAMethodIsAGet() throws {
        let request = try HTTPRequest(URLRequest(url: URL(string: "https://api.example.com/")!))
        #expect(request.method == "GET")
        #expect(request.body == nil)
    }

    @Test func fieldsOfOneNameAreJoinedInAURLRequest() {
        var request = HTTPRequest(url: URL(string: "https://api.example.com/")!)
        request.headers.add(name: "Accept", value: "text/plain")
        request.headers.add(name: "Accept", value: "application/json")
        #expect(URLRequest(request).value(forHTTPHeaderField: "Accept") == "text/plain,application/json"
            || URLRequest(request).value(forHTTPHeaderField: "Accept") == "text/plain, application/json")
    }

    @Test func aRequestWithoutAURLOrWithABodyStreamIsRefused() {
        var noURL = URLRequest(url: URL(string: "https://api.example.com/")!)
        noURL.url = nil
        #expect(throws: URLRequestConversionError.missingURL) { try HTTPRequest(noURL) }
        var streamed = URLRequest(url: URL(string: "https://api.example.com/")!)
        streamed.httpBodyStream = InputStream(data: Data("x".utf8))
        #expect(throws: URLRequestConversionError.bodyStream) { try HTTPRequest(streamed) }
        #expect(URLRequestConversionError.bodyStream.description == "URLRequest: expected the body in httpBody, got an httpBodyStream")
    }

    @Test func responsesBridgeBothWays() throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Vary", value: "Accept")
        headers.add(name: "vary", value: "Origin")
        let response = HTTPResponse(status: 201, headers: headers, body: Data("{}".utf8))
        let url = URL(string: "https://api.example.com/items")!
        let foundation = try #require(HTTPURLResponse(response, url: url))
        #expect(foundation.statusCode == 201)
        #expect(foundation.url == url)
        #expect(foundation.value(forHTTPHeaderField: "Content-Type") == "application/json")
        #expect(foundation.value(forHTTPHeaderField: "Vary") == "Accept, Origin")
        let back = HTTPResponse(foundation, body: response.body)
        #expect(back.status == 201)
        #expect(back.headers["content-type"] == "application/json")
        #expect(back.body == Data("{}".utf8))
    }
}
