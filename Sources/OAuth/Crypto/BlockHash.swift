/// The compression function of a Merkle–Damgård hash over 64-byte blocks with a 64-bit
/// length (FIPS 180-4 §5, RFC 1321 §3.2): SHA-1, SHA-256 and MD5 differ only here.
package protocol BlockCompression: Sendable {
    /// The digest length in bytes.
    static var digestLength: Int { get }
    /// Whether the padding ends with the length little-endian (MD5) rather than big-endian.
    static var lengthIsLittleEndian: Bool { get }
    /// The initial hash value.
    init()
    /// Compresses the 64 bytes at `block` into the state.
    mutating func compress(_ block: UnsafeRawPointer)
    /// Writes the digest at `digest`: the state words in the hash's byte order.
    func write(to digest: UnsafeMutableRawPointer)
}

extension BlockCompression {
    /// The SHA family's big-endian length.
    package static var lengthIsLittleEndian: Bool { false }
}

/// A hash over 64-byte blocks, SHA-1, SHA-256 or MD5 by its compression function: input taken in
/// blocks, a partial block held in place until more comes, and the final padding with `0x80`,
/// zeros and the message's length in bits. Nothing here touches the heap.
package struct BlockHash<Compression: BlockCompression>: HashFunction {
    /// The block length in bytes.
    package static var blockLength: Int { 64 }
    /// The digest length in bytes.
    package static var digestLength: Int { Compression.digestLength }

    /// The chaining state.
    private(set) var state = Compression()
    /// Input not yet compressed: the first `pendingCount` bytes of these 64.
    private var pending: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    private var pendingCount = 0
    /// The message length so far, in bytes.
    private var length: UInt64 = 0

    /// Creates a hash with no input yet.
    package init() {}

    /// Writes the digest of the bytes at `bytes` at `digest`.
    package static func hash(_ bytes: UnsafeRawBufferPointer, into digest: UnsafeMutableRawPointer) {
        var hash = Self()
        hash.update(bytes)
        hash.finalize(into: digest)
    }

    /// Pads the message and writes the digest at `digest`; the hash is then spent.
    package mutating func finalize(into digest: UnsafeMutableRawPointer) {
        pad()
        state.write(to: digest)
    }

    /// Adds bytes: whole blocks straight from the input, the rest through the pending block.
    package mutating func update(_ input: UnsafeRawBufferPointer) {
        guard var start = input.baseAddress, !input.isEmpty else { return }
        var remaining = input.count
        length &+= UInt64(remaining)
        if pendingCount > 0 {
            let taken = min(64 - pendingCount, remaining)
            let offset = pendingCount
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.advanced(by: offset).copyMemory(from: start, byteCount: taken) }
            pendingCount += taken
            start += taken
            remaining -= taken
            guard pendingCount == 64 else { return }
            compressPending()
        }
        while remaining >= 64 {
            state.compress(start)
            start += 64
            remaining -= 64
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { $0.baseAddress!.copyMemory(from: start, byteCount: remaining) }
            pendingCount = remaining
        }
    }

    /// Pads the message and compresses what is left; ``state`` then holds the digest.
    private mutating func pad() {
        let bitLength = length &* 8
        let count = pendingCount
        withUnsafeMutableBytes(of: &pending) { block in
            block[count] = 0x80
            for index in (count + 1)..<64 { block[index] = 0 }
        }
        if count >= 56 {
            compressPending()
            pending = (0, 0, 0, 0, 0, 0, 0, 0)
        }
        pending.7 = Compression.lengthIsLittleEndian ? bitLength.littleEndian : bitLength.bigEndian
        compressPending()
    }

    private mutating func compressPending() {
        let block = pending
        withUnsafeBytes(of: block) { state.compress($0.baseAddress!) }
        pendingCount = 0
    }
}

extension UnsafeMutableRawPointer {
    /// Stores `word` big-endian at `offset` bytes.
    @inline(__always)
    func storeBigEndian(_ word: UInt32, at offset: Int) {
        storeBytes(of: word.bigEndian, toByteOffset: offset, as: UInt32.self)
    }
}

extension UnsafeRawPointer {
    /// The big-endian word at `offset` bytes, at any alignment.
    @inline(__always)
    func loadBigEndian(at offset: Int) -> UInt32 {
        UInt32(bigEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}

extension UInt32 {
    @inline(__always)
    func rotatedLeft(_ count: UInt32) -> UInt32 {
        (self << count) | (self >> (32 - count))
    }

    @inline(__always)
    func rotatedRight(_ count: UInt32) -> UInt32 {
        (self >> count) | (self << (32 - count))
    }
}
