/// The frame SHA-1 and SHA-256 share (FIPS 180-4 §5): input taken in 64-byte blocks, a partial
/// block held until more comes, and the final padding with `0x80`, zeros and the message's
/// length in bits. A conforming hash supplies only its compression function.
protocol BlockHashFrame {
    /// Input not yet compressed: fewer than 64 bytes.
    var buffer: [UInt8] { get set }
    /// The message length so far, in bytes.
    var length: UInt64 { get set }
    /// Compresses the 64 bytes at `block` into the state.
    mutating func compress(_ block: UnsafePointer<UInt8>)
}

extension BlockHashFrame {
    /// Adds bytes from any sequence.
    mutating func absorb<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if bytes.withContiguousStorageIfAvailable({ absorb($0) }) != nil { return }
        Array(bytes).withUnsafeBufferPointer { absorb($0) }
    }

    /// Adds bytes: whole blocks straight from the input, the rest through the buffer.
    mutating func absorb(_ input: UnsafeBufferPointer<UInt8>) {
        guard let start = input.baseAddress, !input.isEmpty else { return }
        length &+= UInt64(input.count)
        var index = 0
        if !buffer.isEmpty {
            index = min(64 - buffer.count, input.count)
            buffer.append(contentsOf: input[0..<index])
            if buffer.count == 64 {
                let block = buffer
                block.withUnsafeBufferPointer { compress($0.baseAddress!) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        while input.count - index >= 64 {
            compress(start + index)
            index += 64
        }
        if index < input.count { buffer.append(contentsOf: input[index...]) }
    }

    /// Pads the message and compresses what is left; the state then holds the digest.
    mutating func pad() {
        let bitLength = length &* 8
        var tail = buffer
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { pointer in
            for start in stride(from: 0, to: pointer.count, by: 64) { compress(pointer.baseAddress! + start) }
        }
    }

    /// Big-endian bytes of the state words.
    static func digest(_ words: [UInt32]) -> [UInt8] {
        words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (24 - 8 * UInt32($0))) } }
    }
}
