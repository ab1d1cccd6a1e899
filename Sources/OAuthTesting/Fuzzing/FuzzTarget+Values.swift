import Foundation
import OAuth

extension FuzzTarget {
    /// JSON, as every response body, provider file, recording and token file is read: with the
    /// default depth and with the ceiling; what parses writes back and parses to the same value.
    static let json = FuzzTarget("json", "the JSON parser, and the writer's round trip") { bytes in
        let data = Data(bytes)
        let (strict, first) = FuzzRules.checked("JSON (depth 32)", bytes: bytes.count) { try JSONParser().parse(data) }
        let (deep, second) = FuzzRules.checked("JSON (depth ceiling)", bytes: bytes.count) { try JSONParser(maximumDepth: .max).parse(data) }
        if let violation = FuzzRules.first(first, second) { return violation }
        if strict != nil, deep == nil { return FuzzViolation("JSON: expected what parses at depth 32 to parse at the ceiling") }
        guard let value = deep else { return nil }
        _ = value.description
        for written in [JSONWriter.data(value), Data(JSONWriter.prettyString(value).utf8)] {
            let (again, violation) = FuzzRules.checked("JSON written back", bytes: written.count) { try JSONParser(maximumDepth: .max).parse(written) }
            if let violation { return violation }
            guard again == value else { return FuzzViolation("JSON: expected the written value to parse back the same, got \(String(describing: again))") }
        }
        return nil
    }

    /// Form bodies (`application/x-www-form-urlencoded`), as token, OAuth 1.0a and callback
    /// parameters are read: what decodes encodes and decodes to the same parameters.
    static let form = FuzzTarget("form", "form bodies and query strings, and their round trip") { bytes in
        let (form, violation) = FuzzRules.checked("form", bytes: bytes.count) { try FormParameters(decoding: Data(bytes)) }
        if let violation { return violation }
        guard let form else { return nil }
        _ = (form.firstRepeatedName, form["access_token"], form.values(for: "scope"), Redaction.redacted(form))
        let encoded = form.encoded()
        let (again, second) = FuzzRules.checked("form written back", bytes: encoded.utf8.count) { try FormParameters(decoding: Data(encoded.utf8)) }
        if let second { return second }
        guard let again, again.parameters.map(\.name) == form.parameters.map(\.name), again.parameters.map(\.value) == form.parameters.map(\.value) else {
            return FuzzViolation("form: expected the encoded parameters to decode back the same, got \(String(describing: again?.parameters.count)) parameters")
        }
        return nil
    }

    /// A token file, as ``FileTokenStore`` reads it: any bytes in the file give a token or a
    /// ``TokenStoreError``, and a token read writes back and reads the same.
    static let tokenFile = FuzzTarget("token-file", "token files read by FileTokenStore") { bytes in
        let path = tokenFilePath
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
        let store = FileTokenStore(path: path)
        let (token, violation) = FuzzRules.checked("token file", bytes: bytes.count) { try store.load() }
        if let violation { return violation }
        guard let token = token ?? nil else { return nil }
        return roundTrip(token, provider: "token file")
    }

    /// A file of this process's own, reused by every input.
    static let tokenFilePath: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("oauth-fuzz-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("token.json").path
    }()
}
