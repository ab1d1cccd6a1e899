import Foundation
@testable import OAuth
import Testing

/// The RESP2 reader: every reply type, the limits, and random or truncated replies (no crash,
/// no hang, work linear in the bytes).
@Suite struct RESPReaderTests {
    func read(_ text: String, chunkSize: Int = 16_384, limits: RESPReader.Limits = .init()) -> RESPReader.Outcome {
        RESPReader.fuzz(Array(text.utf8), chunkSize: chunkSize, limits: limits).outcome
    }

    @Test func everyReplyTypeIsRead() {
        let text = "+OK\r\n-ERR wrong type\r\n:-42\r\n$5\r\nhello\r\n$-1\r\n$0\r\n\r\n*2\r\n$1\r\na\r\n:1\r\n*-1\r\n*0\r\n"
        let expected: [RESPValue] = [
            .simpleString("OK"), .error("ERR wrong type"), .integer(-42), .bulk(Array("hello".utf8)), .bulk(nil), .bulk([]),
            .array([.bulk([97]), .integer(1)]), .array(nil), .array([]),
        ]
        #expect(read(text) == .replies(expected))
        #expect(read(text, chunkSize: 1) == .replies(expected), "the same a byte at a time")
    }

    @Test func aBulkStringMayHoldCRLF() {
        #expect(read("$4\r\n\r\n\r\n\r\n") == .replies([.bulk([13, 10, 13, 10])]))
    }

    @Test(arguments: [
        ("$2000000\r\n", "a bulk string of at most"),
        ("*5000\r\n", "an array of at most 1024"),
        ("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n", "arrays nested at most 4"),
        ("$-2\r\n", "a bulk string of at most"),
        ("?what\r\n", "a type byte"),
        (":12a\r\n", "an integer reply in decimal digits"),
        (":99999999999999999999\r\n", "an integer reply in decimal digits"),
        ("+OK\rX\n", "CRLF at the end of a line"),
        ("$3\r\nabcXY", "CRLF after the bulk string"),
        ("\r\n", "a type byte"),
    ])
    func malformedOrOversizedRepliesAreRefused(text: String, message: String) {
        guard case .refused(let error) = read(text) else {
            Issue.record("expected a refusal for \(text.debugDescription)")
            return
        }
        #expect("\(error)".contains(message), "\(error)")
    }

    @Test func aLongLineIsRefusedAtTheLimitNotAtItsEnd() {
        let limits = RESPReader.Limits(lineLength: 64)
        let (outcome, work) = RESPReader.fuzz(Array(("+" + String(repeating: "x", count: 100_000)).utf8), chunkSize: 1000, limits: limits)
        guard case .refused = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(work < 1000, "it stopped reading past the limit")
    }

    @Test func aReplyMayNotAddUpToMoreThanItsBudget() {
        var limits = RESPReader.Limits()
        limits.replyBytes = 100
        let element = "$60\r\n" + String(repeating: "x", count: 60) + "\r\n"
        guard case .refused(let error) = read("*2\r\n" + element + element, limits: limits) else {
            Issue.record("expected a refusal")
            return
        }
        #expect("\(error)".contains("at most"))
    }

    @Test func truncatedRepliesSayHowManyCameWhole() {
        #expect(read("+OK\r\n$5\r\nhel") == .truncated(after: 1))
        #expect(read("") == .truncated(after: 0))
        #expect(read("*3\r\n:1\r\n") == .truncated(after: 0))
    }

    /// xorshift64*: the same bytes on every run and machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            return state &* 2_685_821_657_736_338_717
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    @Test func randomAndMutatedRepliesEndWithBoundedWork() {
        var random = Random(state: 0x5EED_CAFE_F00D_0001)
        let seeds = [
            "+OK\r\n", "$5\r\nhello\r\n", "*3\r\n:1\r\n$2\r\nab\r\n*1\r\n+x\r\n", "-ERR no\r\n", "*2\r\n$-1\r\n*-1\r\n",
            "*2\r\n:0\r\n$120\r\n" + String(repeating: "{", count: 120) + "\r\n",
        ]
        let alphabet = Array("+-:$*\r\n0123456789-xa".utf8)
        var runs = 0
        for round in 0..<3000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            switch round % 4 {
            case 0:
                bytes = (0..<random.below(200)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            case 1:
                bytes = (0..<random.below(200)).map { _ in alphabet[random.below(alphabet.count)] }
            case 2:
                for _ in 0..<(1 + random.below(4)) where !bytes.isEmpty {
                    bytes[random.below(bytes.count)] = alphabet[random.below(alphabet.count)]
                }
            default:
                bytes = Array(bytes.prefix(random.below(bytes.count + 1)))
            }
            let (_, work) = RESPReader.fuzz(bytes, chunkSize: 1 + random.below(16))
            // Each byte is examined once, and copied at most a few times.
            #expect(work <= 4 * bytes.count + 16, "work \(work) for \(bytes.count) bytes")
            runs += 1
        }
        #expect(runs == 3000)
    }

    @Test func hugeDeclaredSizesAllocateNothingUpFront() {
        // An array that declares the most elements but sends none, and a bulk string that
        // declares the most bytes but sends few: the reader waits for bytes, then reports the
        // truncation, having done work only for the bytes that came.
        let (outcome, work) = RESPReader.fuzz(Array("*1024\r\n".utf8))
        #expect(outcome == .truncated(after: 0))
        #expect(work < 32)
        let (bulk, bulkWork) = RESPReader.fuzz(Array("$1048576\r\nabc".utf8))
        #expect(bulk == .truncated(after: 0))
        #expect(bulkWork < 32)
    }
}
