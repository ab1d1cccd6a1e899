import Foundation
@testable import OAuth
import Testing

/// Fuzzes the loopback server's request reader: a checked-in corpus of interesting requests,
/// then thousands of deterministic mutations of it. Whatever the bytes, the reader returns; its
/// outcome does not depend on how the bytes were split into reads; its work is linear in them.
@Suite struct LoopbackRequestFuzzTests {
    typealias Outcome = LoopbackRequestReader.Outcome

    static let corpusDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus/loopback-request")

    static func corpus() throws -> [(name: String, bytes: [UInt8])] {
        try FileManager.default.contentsOfDirectory(atPath: corpusDirectory.path).filter { $0.hasSuffix(".http") }.sorted().map { file in
            (String(file.dropLast(5)), try [UInt8](Data(contentsOf: corpusDirectory.appendingPathComponent(file))))
        }
    }

    @Test func theCorpusIsReadAsItsNamesSay() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count >= 30)
        for (name, bytes) in corpus {
            let outcome = LoopbackRequestReader.fuzz(bytes).outcome
            switch outcome {
            case .request: #expect(name.hasPrefix("valid-") || name == "pipelined", "\(name): \(outcome)")
            case .incomplete: #expect(name.hasPrefix("truncated-") || name == "empty", "\(name): \(outcome)")
            case .refused: #expect(!name.hasPrefix("valid-") && !name.hasPrefix("truncated-") && name != "empty" && name != "pipelined", "\(name): \(outcome)")
            }
        }
        let statuses = Dictionary(uniqueKeysWithValues: corpus.map { ($0.name, LoopbackRequestReader.fuzz($0.bytes).outcome) })
        #expect(statuses["huge-header-count"] == .refused(status: 431))
        #expect(statuses["huge-header-value"] == .refused(status: 431))
        #expect(statuses["content-length-too-large"] == .refused(status: 413))
        #expect(statuses["transfer-encoding-chunked"] == .refused(status: 501))
        #expect(statuses["query-in-fragment"] == .refused(status: 400))
    }

    @Test func mutationsNeverCrashAndReadTheSameInAnyChunking() throws {
        let corpus = try Self.corpus().map(\.bytes)
        var random = FuzzMutator(seed: 0x9E37_79B9_7F4A_7C15)
        var small = LoopbackHTTPServer.Limits()
        small.maximumHeaderBytes = 2048
        small.maximumHeaderCount = 16
        small.maximumBodyBytes = 4096
        var outcomes: [String: Int] = [:]
        for round in 0..<4000 {
            let input = random.mutate(corpus[round % corpus.count], splice: corpus[random.below(corpus.count)])
            let limits = round % 2 == 0 ? small : LoopbackHTTPServer.Limits()
            let whole = LoopbackRequestReader.fuzz(input, chunkSize: max(1, input.count), limits: limits)
            let chunked = LoopbackRequestReader.fuzz(input, chunkSize: 1 + random.below(16), limits: limits)
            #expect(whole.outcome == chunked.outcome, "round \(round): the outcome depends on the reads")
            // Each byte is copied once, scanned once and parsed once at most.
            #expect(chunked.work <= 4 * input.count, "round \(round): \(chunked.work) units of work for \(input.count) bytes")
            if case .request(_, let target, _) = whole.outcome {
                #expect(target.hasPrefix("/") && !target.utf8.contains { $0 <= 0x20 || $0 == 0x23 || $0 >= 0x7F }, "round \(round)")
            }
            switch whole.outcome {
            case .request: outcomes["request", default: 0] += 1
            case .incomplete: outcomes["incomplete", default: 0] += 1
            case .refused(let status): outcomes["\(status)", default: 0] += 1
            }
        }
        // The mutations reach every kind of outcome, so the loop exercises more than one path.
        for kind in ["request", "incomplete", "400", "431"] { #expect(outcomes[kind, default: 0] > 0, "\(kind): \(outcomes)") }
    }

    /// The work for a request of `size` bytes sent one byte per read, in the head or the body.
    static func work(headBytes size: Int) -> (Outcome, Int) {
        var limits = LoopbackHTTPServer.Limits()
        limits.maximumHeaderBytes = 2 * 1024 * 1024
        let head = "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + String(repeating: "a", count: size) + "\r\n\r\n"
        let read = LoopbackRequestReader.fuzz(Array(head.utf8), chunkSize: 1, limits: limits)
        return (read.outcome, read.work)
    }

    static func work(bodyBytes size: Int) -> (Outcome, Int) {
        var limits = LoopbackHTTPServer.Limits()
        limits.maximumBodyBytes = 2 * 1024 * 1024
        let request = Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: \(size)\r\n\r\n".utf8) + [UInt8](repeating: 0x61, count: size)
        let read = LoopbackRequestReader.fuzz(request, chunkSize: 1, limits: limits)
        return (read.outcome, read.work)
    }

    @Test func workIsLinearInTheBytesReceivedOneByteAtATime() {
        // The server re-parsed the head after every read: a body trickled a byte at a
        // time cost it 35 times the work. 64 times the bytes must cost about 64 times the work.
        let (smallHead, smallHeadWork) = Self.work(headBytes: 16 * 1024)
        let (largeHead, largeHeadWork) = Self.work(headBytes: 1024 * 1024)
        #expect(smallHead == .request(method: "GET", target: "/", bodyBytes: 0))
        #expect(largeHead == .request(method: "GET", target: "/", bodyBytes: 0))
        let headRatio = Double(largeHeadWork) / Double(smallHeadWork)
        #expect(headRatio > 60 && headRatio < 66, "head: \(smallHeadWork) → \(largeHeadWork)")

        let (smallBody, smallBodyWork) = Self.work(bodyBytes: 16 * 1024)
        let (largeBody, largeBodyWork) = Self.work(bodyBytes: 1024 * 1024)
        #expect(smallBody == .request(method: "POST", target: "/", bodyBytes: 16 * 1024))
        #expect(largeBody == .request(method: "POST", target: "/", bodyBytes: 1024 * 1024))
        let bodyRatio = Double(largeBodyWork) / Double(smallBodyWork)
        #expect(bodyRatio > 60 && bodyRatio < 66, "body: \(smallBodyWork) → \(largeBodyWork)")
    }
}
