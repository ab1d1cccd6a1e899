import Foundation
import OAuth

/// The OAuth 1.0a signing and hashing figures of `oauthctl bench`: Twitter's *Creating a
/// signature* request signed whole and in its three parts, allocations per signature, SHA-1
/// and SHA-256 per block beside OpenSSL's code without the SHA extensions, PKCE's hash, and
/// HMAC with a prepared key.
extension BenchCommand {
    /// One operation the bench times and, through ``AllocationCounter``, counts.
    struct Part {
        let name: String
        let run: () throws -> Void
    }

    /// The operations, each with its inputs made once.
    static func signingParts() throws -> [Part] {
        let signer = OAuth1Signer(
            client: ClientCredentials(id: "xvz1evFS4wEEPTGEFPHBog", secret: "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"),
            token: OAuth1Token(token: "370773112-GmHxMAgYyLbNEtIKZeRNFsMKPR9EyMZeS9weJAEb", secret: "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE")
        )
        var request = HTTPRequest(method: "POST", url: URL(string: "https://api.twitter.com/1.1/statuses/update.json?include_entities=true")!)
        request.setFormParameters(["status": "Hello Ladies + Gentlemen, a signed OAuth request!"])
        let nonce = "kYjzVBB8Y0ZFabxSWbWovY3uYSQ2pTgmZeNu2VS4cg", timestamp = "1318622958"
        let oauth = signer.protocolParameters(extra: [], nonce: nonce, timestamp: timestamp)
        let base = Array(try signer.signatureBaseString(for: request, oauthParameters: oauth.array).utf8)
        let keyBytes = Array("kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw&LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE".utf8)
        let signature = Array(Data(OAuthDigest.hmacSHA1(base, key: keyBytes)).base64EncodedString().utf8)
        let verifier = Array("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".utf8)
        let pkce = try PKCE(verifier: String(decoding: verifier, as: UTF8.self))
        let eightKiB = [UInt8](repeating: 0x61, count: 8192)
        return [
            Part(name: "oauth1-signature") { consume(try signer.sign(request, nonce: nonce, timestamp: timestamp)) },
            Part(name: "oauth1-base-string") {
                consume(try signer.signatureBaseLength(of: request, oauth: oauth).get())
            },
            Part(name: "oauth1-hmac-sha1") { consume(base.withUnsafeBytes { signer.withSignature(of: $0) { .success($0.count) } }) },
            Part(name: "hmac-sha1-one-shot") { consume(OAuthDigest.hmacSHA1(base, key: keyBytes)) },
            Part(name: "oauth1-header-placement") {
                consume(try signature.withUnsafeBufferPointer { try signer.place(oauth, signature: $0, in: request).get() })
            },
            Part(name: "sha1-8KiB") { consume(Self.sha1(eightKiB)) },
            Part(name: "sha256-8KiB") { consume(Self.sha256(eightKiB)) },
            Part(name: "sha256-43-bytes") { consume(Self.sha256(verifier)) },
            Part(name: "pkce-challenge") { consume(pkce.challenge) },
        ]
    }

    /// The first byte of the SHA-1 of `bytes`, its digest kept on the stack.
    @inline(never)
    private static func sha1(_ bytes: [UInt8]) -> UInt8 {
        var digest: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { digest in bytes.withUnsafeBytes { SHA1.hash($0, into: digest.baseAddress!) } }
        return UInt8(truncatingIfNeeded: digest.0)
    }

    /// The first byte of the SHA-256 of `bytes`, its digest kept on the stack.
    @inline(never)
    private static func sha256(_ bytes: [UInt8]) -> UInt8 {
        var digest: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digest) { digest in bytes.withUnsafeBytes { SHA256.hash($0, into: digest.baseAddress!) } }
        return UInt8(truncatingIfNeeded: digest.0)
    }

    /// `oauthctl bench --repeat PART --times N`: runs one part N times and nothing else, for
    /// ``AllocationCounter``.
    static func repeatPart(_ name: String, times: Int) throws -> Int32 {
        let parts = try signingParts()
        guard let part = parts.first(where: { $0.name == name }) else {
            throw UsageError("--repeat: expected \(Arguments.list(parts.map(\.name), conjunction: "or")), got \(name)")
        }
        for _ in 0..<times { try part.run() }
        return 0
    }

    /// The signing and hashing figures, and the targets they meet.
    static func signingReport(_ bench: Benchmark, targets: inout JSONObject) throws -> (oauth1: JSONValue, hashes: JSONValue) {
        var time: [String: Double] = [:]
        for part in try signingParts() { time[part.name] = try bench.nanosecondsPerOperation(part.run) }
        let counter = AllocationCounter()
        func allocations(_ part: String) -> JSONValue {
            switch counter.perOperation(part) {
            case .success(let count): .number(JSONNumber(validating: String(format: "%.2f", count)) ?? JSONNumber(0))
            case .failure(let unavailable): .string("unavailable: \(unavailable.reason)")
            }
        }
        let signature = time["oauth1-signature"]!
        let oauth1: JSONValue = [
            "twitter_example_hmac_sha1_signature_ns": figure(signature),
            "split": [
                "parameters_and_base_string_ns": figure(time["oauth1-base-string"]!), "hmac_sha1_and_base64_ns": figure(time["oauth1-hmac-sha1"]!),
                "header_placement_ns": figure(time["oauth1-header-placement"]!),
            ],
            "hmac_sha1_one_shot_preparing_the_key_ns": figure(time["hmac-sha1-one-shot"]!),
            "allocations_per_signature": allocations("oauth1-signature"),
            "allocations": [
                "parameters_and_base_string": allocations("oauth1-base-string"), "hmac_sha1_and_base64": allocations("oauth1-hmac-sha1"),
                "header_placement": allocations("oauth1-header-placement"),
            ],
        ]
        // 8 KiB is 128 blocks; both sides pay one more for the padding.
        let sha1Block = time["sha1-8KiB"]! / 128, sha256Block = time["sha256-8KiB"]! / 128
        let openSSL = OpenSSLSpeed()
        let openSSLSHA1 = openSSL.nanosecondsPerBlock("sha1"), openSSLSHA256 = openSSL.nanosecondsPerBlock("sha256")
        var hashes: JSONObject = [
            "sha1_ns_per_block": figure(sha1Block), "sha256_ns_per_block": figure(sha256Block),
            "sha256_of_43_bytes_ns": figure(time["sha256-43-bytes"]!), "pkce_challenge_ns": figure(time["pkce-challenge"]!),
        ]
        var openSSLFigures: JSONObject = ["settings": .string("openssl speed -evp, 8192-byte messages, OPENSSL_ia32cap=\(OpenSSLSpeed.withoutSHAExtensions)")]
        openSSLFigures["sha1_ns_per_block"] = openSSLSHA1.map(figure) ?? .string("unavailable: \(openSSL.problem)")
        openSSLFigures["sha256_ns_per_block"] = openSSLSHA256.map(figure) ?? .string("unavailable: \(openSSL.problem)")
        if let openSSLSHA1 { openSSLFigures["sha1_ratio"] = ratio(sha1Block, openSSLSHA1) }
        if let openSSLSHA256 { openSSLFigures["sha256_ratio"] = ratio(sha256Block, openSSLSHA256) }
        hashes["openssl_without_sha_extensions"] = .object(openSSLFigures)

        targets["oauth1_signature_at_most_4000ns"] = .bool(signature <= 4000)
        targets["sha1_within_2x_of_openssl_without_sha_extensions"] = openSSLSHA1.map { .bool(sha1Block <= 2 * $0) } ?? .null
        targets["sha256_within_2x_of_openssl_without_sha_extensions"] = openSSLSHA256.map { .bool(sha256Block <= 2 * $0) } ?? .null
        targets["sha256_of_43_bytes_under_300ns"] = .bool(time["sha256-43-bytes"]! < 300)
        return (oauth1, .object(hashes))
    }
}

/// OpenSSL's digests timed by `openssl speed`, with the SHA extensions masked out of the CPU
/// capabilities OpenSSL sees, so that it runs its general x86-64 code.
struct OpenSSLSpeed {
    /// `OPENSSL_ia32cap` clearing the SHA bit (CPUID leaf 7, EBX bit 29).
    static let withoutSHAExtensions = ":~0x20000000"
    let executable = executableOnPath("openssl")

    var problem: String { executable == nil ? "openssl is not installed" : "openssl speed printed no figure" }

    /// Nanoseconds per 64-byte block for `digest` (`sha1`, `sha256`), from an 8192-byte run.
    func nanosecondsPerBlock(_ digest: String) -> Double? {
        guard let executable else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["speed", "-seconds", "1", "-bytes", "8192", "-evp", digest]
        var environment = ProcessInfo.processInfo.environment
        environment["OPENSSL_ia32cap"] = Self.withoutSHAExtensions
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        // openssl speed times itself with SIGALRM; a child inherits the spawning thread's
        // blocked signals, so let SIGALRM through for the spawn, and stop it if it still hangs.
        var alarm = sigset_t()
        sigemptyset(&alarm)
        sigaddset(&alarm, SIGALRM)
        var previous = sigset_t()
        pthread_sigmask(SIG_UNBLOCK, &alarm, &previous)
        let started = (try? process.run()) != nil
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        guard started else { return nil }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20) { if process.isRunning { process.terminate() } }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        // The last line reads "sha1  1212066.70k": thousands of bytes per second.
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix(digest) }),
              let field = line.split(separator: " ").last, field.hasSuffix("k"),
              let kilobytesPerSecond = Double(field.dropLast()), kilobytesPerSecond > 0
        else { return nil }
        return 64 / (kilobytesPerSecond * 1000) * 1e9
    }
}
