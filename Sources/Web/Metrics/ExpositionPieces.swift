import CompressNIO
import NIOCore
import Synchronization

/// A run of exposition lines rendered once and kept as bytes until what it shows changes.
///
/// Hand-written (as `ExpositionWriter` is) because the point is to keep what did not change: the
/// exposition is the concatenation of pieces, and a round re-renders only the pieces whose values
/// it changed. A class, so a piece that was kept is recognised by identity (`===`), and its
/// deflated block with it.
package final class ExpositionPiece: Sendable {
    package let bytes: ByteBuffer

    package init(_ text: String) {
        bytes = ByteBuffer(string: text)
    }
}

extension MetricsCollector {
    /// One piece rendered afresh at each change: for collectors whose few lines cost nothing to redo.
    package func pieces(_ format: ExpositionWriter.Format) async -> [ExpositionPiece] {
        var writer = ExpositionWriter(format: format)
        await collect(into: &writer)
        return [ExpositionPiece(writer.output)]
    }
}

/// The gzip body, one member: each block of pieces raw-deflated on its own (`DeflatedPiece`) and
/// the blocks joined, with the CRC combined from theirs. A block whose pieces are all the ones it
/// was compressed from keeps its deflate bytes, so a round recompresses only the blocks holding a
/// piece it re-rendered. One member, not one per block: curl --compressed and browsers stop after
/// a gzip file's first member.
///
/// A piece of `blockTarget` bytes or more is a block of its own; smaller neighbours are gathered
/// until the block reaches `blockTarget`, because each block starts with an empty dictionary and
/// ends with a 5-byte flush (the size is measured in `numwatch-bench metrics-round`).
final class GzipBody: Sendable {
    private struct Block {
        let pieces: [ExpositionPiece]
        let deflated: DeflatedPiece
    }

    static let blockTarget = 4096

    /// The blocks of the last body, by the identity of their first piece (which they keep alive,
    /// so the identifier cannot be reused by another piece while it is a key).
    private let blocks = Mutex<[ObjectIdentifier: Block]>([:])

    /// The gzip body of `pieces`; nil if zlib failed (it cannot, short of memory).
    func body(of pieces: [ExpositionPiece]) -> ByteBuffer? {
        blocks.withLock { kept in
            var next: [ObjectIdentifier: Block] = [:]
            var deflated: [DeflatedPiece] = []
            for group in Self.grouped(pieces) {
                let key = ObjectIdentifier(group[0])
                let block: DeflatedPiece
                if let old = kept[key], old.pieces.count == group.count, zip(old.pieces, group).allSatisfy({ $0 === $1 }) {
                    block = old.deflated
                } else {
                    var input = ByteBuffer()
                    for piece in group { input.writeImmutableBuffer(piece.bytes) }
                    guard let compressed = try? DeflatedPiece(compressing: input) else { return nil }
                    block = compressed
                }
                next[key] = Block(pieces: group, deflated: block)
                deflated.append(block)
            }
            kept = next
            return DeflatedPiece.gzipMember(deflated)
        }
    }

    /// Consecutive pieces gathered into blocks (empty pieces left out).
    static func grouped(_ pieces: [ExpositionPiece]) -> [[ExpositionPiece]] {
        var groups: [[ExpositionPiece]] = []
        var run: [ExpositionPiece] = []
        var runBytes = 0
        for piece in pieces where piece.bytes.readableBytes > 0 {
            if piece.bytes.readableBytes >= blockTarget {
                if !run.isEmpty { groups.append(run) }
                groups.append([piece])
                run = []
                runBytes = 0
                continue
            }
            run.append(piece)
            runBytes += piece.bytes.readableBytes
            if runBytes >= blockTarget {
                groups.append(run)
                run = []
                runBytes = 0
            }
        }
        if !run.isEmpty { groups.append(run) }
        return groups
    }
}
