import CompressNIO
import Foundation
import NIOCore
import PropertyBased
import Testing
@testable import Web

/// Pieces deflated on their own and assembled into one gzip member decode, with zlib and with the
/// system's gzip, to exactly the pieces' concatenation; the trailer's CRC is combined correctly.
@Suite struct DeflatedPiecesTests {
    /// Text like an exposition: compressible, with repeats across pieces that a per-piece stream
    /// cannot reach back to.
    static func expositionLines(count: Int, seed: Int) -> String {
        (0..<count).map { line in
            let n = line + seed
            return "numwatch_price_rub{country=\"c\(n % 97)\",service=\"s\(n % 31)\",operator=\"any\"} \(Double(n % 1_000) / 7)\n"
        }.joined()
    }

    /// A piece's plain bytes: empty, exposition-like text, random bytes (deflate stores them), or
    /// about 100 KB of text (more than deflate's 32 KB window and its 16 KB pending buffer).
    static func plainPiece(_ rng: inout any SeededRandomNumberGenerator) -> [UInt8] {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0, 1: return []
        case 2: return (0..<Int.random(in: 1...3_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case 3: return Array(expositionLines(count: 1_000, seed: Int.random(in: 0...9, using: &rng)).utf8)  // ~100 KB
        default: return Array(expositionLines(count: Int.random(in: 1...60, using: &rng), seed: Int.random(in: 0...99, using: &rng)).utf8)
        }
    }

    static let pieceLists = Generator<[[UInt8]], Shrink.None<[[UInt8]]>>(run: { rng in
        (0..<Int.random(in: 0...8, using: &rng)).map { _ in plainPiece(&rng) }
    })

    static func deflate(_ plain: [UInt8]) throws -> DeflatedPiece {
        try DeflatedPiece(compressing: ByteBuffer(bytes: plain))
    }

    /// zlib's gzip inflate, which (like curl --compressed and browsers) stops after the first
    /// member: a body of one member per piece would come out cut here.
    static func zlibGunzip(_ body: ByteBuffer) throws -> [UInt8] {
        var input = body
        return Array(try input.decompress(with: .gzip()).readableBytesView)
    }

    /// The system's `gzip -dc`, an independent decoder that also checks the CRC and length.
    static func systemGunzip(_ body: ByteBuffer) throws -> (status: Int32, output: [UInt8], errors: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("deflated-pieces-\(UUID()).gz")
        try Data(body.readableBytesView).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", file.path]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, Array(output), String(decoding: errors, as: UTF8.self))
    }

    static func expectDecodes(_ body: ByteBuffer, to plain: [UInt8]) throws {
        #expect(try zlibGunzip(body) == plain)
        let system = try systemGunzip(body)
        #expect(system.status == 0, "gzip -dc: \(system.errors)")
        #expect(system.errors.isEmpty)
        #expect(system.output == plain)
    }

    @Test func crc32OfKnownVectors() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xcbf4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414f_a339)
        #expect(CRC32.checksum(ByteBuffer(string: "123456789")) == 0xcbf4_3926)
    }

    @Test func combinedCRCEqualsTheCRCOfTheConcatenation() async {
        let splits = Generator<([UInt8], Int), Shrink.None<([UInt8], Int)>>(run: { rng in
            let bytes = (0..<Int.random(in: 0...5_000, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            return (bytes, Int.random(in: 0...bytes.count, using: &rng))
        })
        await propertyCheck(count: 300, input: splits) { bytes, split in
            let first = CRC32.checksum(bytes[..<split]), second = CRC32.checksum(bytes[split...])
            #expect(CRC32.combine(first, second, secondLength: bytes.count - split) == CRC32.checksum(bytes))
        }
    }

    @Test func aPieceIsRawDeflateEndingInASyncFlush() throws {
        let piece = try Self.deflate(Array("numwatch_up 1\n".utf8))
        let bytes = Array(piece.deflated.readableBytesView)
        // No zlib header (78 xx) and no gzip magic: raw deflate. The sync flush's empty stored block last.
        #expect(bytes.first != 0x78 && bytes.first != 0x1f)
        #expect(bytes.suffix(4) == [0x00, 0x00, 0xff, 0xff])
        #expect(piece.plainLength == 14 && piece.crc == CRC32.checksum(Array("numwatch_up 1\n".utf8)))
        #expect(try Self.deflate([]).deflated.readableBytes == 0)
    }

    @Test func noPiecesMakeAValidEmptyGzip() throws {
        try Self.expectDecodes(DeflatedPiece.gzipMember([]), to: [])
        try Self.expectDecodes(DeflatedPiece.gzipMember([Self.deflate([]), Self.deflate([])]), to: [])
    }

    @Test func randomPieceListsDecodeToTheirConcatenation() async {
        await propertyCheck(count: 40, input: Self.pieceLists) { plains in failOnThrow {
            let body = DeflatedPiece.gzipMember(try plains.map(Self.deflate))
            try Self.expectDecodes(body, to: plains.flatMap { $0 })
        } }
    }

    @Test func keptPiecesBesideReDeflatedOnesGiveTheSameBody() async {
        let changes = Generator<([[UInt8]], Int, [UInt8]), Shrink.None<([[UInt8]], Int, [UInt8])>>(run: { rng in
            let plains = (0..<Int.random(in: 1...8, using: &rng)).map { _ in Self.plainPiece(&rng) }
            return (plains, Int.random(in: 0..<plains.count, using: &rng), Self.plainPiece(&rng))
        })
        await propertyCheck(count: 40, input: changes) { plains, changed, replacement in failOnThrow {
            var kept = try plains.map(Self.deflate)
            kept[changed] = try Self.deflate(replacement)  // a round re-deflates only what it changed
            var now = plains
            now[changed] = replacement
            let reused = DeflatedPiece.gzipMember(kept)
            #expect(reused == DeflatedPiece.gzipMember(try now.map(Self.deflate)))
            try Self.expectDecodes(reused, to: now.flatMap { $0 })
        } }
    }

    /// What pieces cost against one gzip of the whole: each piece starts with an empty window and
    /// ends with a 4-5 byte sync flush.
    @Test func sizeAgainstOneGzipOfARealisticExposition() throws {
        let text = Array(Self.expositionLines(count: 8_900, seed: 0).utf8)  // ~700 KB
        var plains: [[UInt8]] = []
        var start = 0
        while start < text.count {  // pieces of ~4 KB, cut after a line as the exposition's blocks are
            var end = min(start + 4_096, text.count)
            while end < text.count && text[end - 1] != UInt8(ascii: "\n") { end += 1 }
            plains.append(Array(text[start..<end]))
            start = end
        }
        let pieces = DeflatedPiece.gzipMember(try plains.map(Self.deflate))
        var whole = ByteBuffer(bytes: text)
        let oneGzip = try whole.compress(with: .gzip())
        let line = "exposition \(text.count) bytes in \(plains.count) pieces: one member of pieces \(pieces.readableBytes) bytes, one gzip of the whole \(oneGzip.readableBytes) bytes"
        print(line)
        try Self.expectDecodes(pieces, to: text)
        #expect(pieces.readableBytes < text.count / 4)  // still far smaller than the plain text
    }
}
