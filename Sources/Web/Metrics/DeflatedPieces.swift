import CompressNIO
import NIOCore

/// One piece of the exposition, compressed on its own so a round recompresses only the pieces it
/// changed. The deflate bytes come from a fresh raw deflate stream (no zlib or gzip wrapper) that
/// ends with a sync flush: byte-aligned, no final-block bit, and no back-reference into a
/// neighbour, so pieces concatenate in any order and combination into one deflate stream.
///
/// One gzip member built from pieces (``gzipMember(_:)``), not one member per piece: curl
/// --compressed and browsers stop after the first member of a multi-member gzip and would show a
/// cut exposition.
package struct DeflatedPiece: Sendable, Equatable {
    /// Raw deflate blocks ending in the sync flush's empty stored block (00 00 ff ff); empty for
    /// an empty piece, which needs no block at all.
    package let deflated: ByteBuffer
    /// CRC-32 of the plain bytes, so the gzip trailer never reads the plain text again.
    package let crc: UInt32
    package let plainLength: Int
    /// x^(8·plainLength) mod the CRC polynomial: what appending this piece multiplies the CRC
    /// before it by. Kept so that joining a body's hundreds of blocks costs one multiplication each.
    let shift: UInt32

    /// Compresses `plain` with a fresh raw deflate stream (CompressNIO's `.deflate` is
    /// `deflateInit2` with negative windowBits: raw deflate).
    package init(compressing plain: ByteBuffer) throws {
        crc = CRC32.checksum(plain)
        plainLength = plain.readableBytes
        shift = CRC32.xToThe8N(plain.readableBytes)
        guard plain.readableBytes > 0 else {
            deflated = ByteBuffer()
            return
        }
        let compressor = try ZlibCompressor(algorithm: .deflate)
        var input = plain
        var output = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input))
        // zlib stops a sync flush when the output is full and finishes it on the next call: the
        // piece is complete once all input is read and the flush left room in the output.
        while true {
            try compressor.deflate(from: &input, to: &output, flush: .sync)
            if input.readableBytes == 0 && output.writableBytes > 0 { break }
            output.reserveCapacity(minimumWritableBytes: 4096)
        }
        deflated = output
    }

    /// One gzip member (RFC 1952) holding `pieces` in order: the 10-byte header, each piece's
    /// deflate bytes, an empty final block, then the CRC-32 and length of the whole plain body,
    /// the CRC combined from the pieces' CRCs. No pieces give a valid empty gzip.
    package static func gzipMember(_ pieces: [DeflatedPiece]) -> ByteBuffer {
        let deflatedBytes = pieces.reduce(0) { $0 + $1.deflated.readableBytes }
        var body = ByteBufferAllocator().buffer(capacity: 10 + deflatedBytes + 2 + 8)
        // ID1 ID2, CM = deflate, no flags, no mtime, XFL 0, OS unknown (255).
        body.writeBytes([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff])
        var crc: UInt32 = 0
        var length: UInt32 = 0
        for piece in pieces {
            body.writeImmutableBuffer(piece.deflated)
            crc = CRC32.multiply(piece.shift, crc) ^ piece.crc  // CRC32.combine, the shift computed once
            length &+= UInt32(truncatingIfNeeded: piece.plainLength)  // ISIZE is the length mod 2^32
        }
        // A fixed-Huffman block with BFINAL set holding only end-of-block: bits 1, 01, 0000000.
        body.writeBytes([0x03, 0x00])
        body.writeInteger(crc, endianness: .little)
        body.writeInteger(length, endianness: .little)
        return body
    }
}

/// CRC-32 (the gzip one: reflected polynomial 0xEDB88320). zlib has `crc32` and
/// `crc32_combine`, but CompressNIO does not export them, so they are written here.
package enum CRC32 {
    static let polynomial: UInt32 = 0xedb8_8320

    static let table: [UInt32] = (0..<256).map { byte in
        var crc = UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
        return crc
    }

    package static func checksum(_ bytes: ByteBuffer) -> UInt32 {
        bytes.withUnsafeReadableBytes { checksum($0) }
    }

    package static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for byte in bytes { crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8) }
        return ~crc
    }

    /// The CRC of A followed by B from crc(A), crc(B) and B's length, as zlib's
    /// `crc32_combine`: crc(AB) = crc(A)·x^(8·len B) mod P xor crc(B), in the reflected bit order.
    package static func combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        multiply(xToThe8N(secondLength), first) ^ second
    }

    /// a·b mod P for polynomials in reflected order (bit 31 is x^0).
    static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var product: UInt32 = 0
        var b = b
        for bit in 0..<32 {
            if a & (1 << (31 - bit)) != 0 { product ^= b }
            b = b & 1 == 1 ? (b >> 1) ^ polynomial : b >> 1
        }
        return product
    }

    /// x^(2^k) mod P for k in 0..<32, squaring from x^1 (bit 30).
    static let powersOfXSquared: [UInt32] = {
        var powers: [UInt32] = [1 << 30]
        for _ in 1..<32 { powers.append(multiply(powers.last!, powers.last!)) }
        return powers
    }()

    /// x^(8n) mod P by square-and-multiply over n's bits (starting at x^8 = x^(2^3)).
    static func xToThe8N(_ n: Int) -> UInt32 {
        var result: UInt32 = 1 << 31  // x^0
        var n = UInt64(n)
        var k = 3
        while n != 0 {
            if n & 1 == 1 { result = multiply(powersOfXSquared[k & 31], result) }
            n >>= 1
            k += 1
        }
        return result
    }
}
