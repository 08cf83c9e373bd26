import CompressNIO
import NIOCore
import Synchronization

/// A run of exposition lines rendered once and kept as bytes until what it shows changes.
///
/// Hand-written (as `ExpositionWriter` is) because the point is to keep what did not change: the
/// exposition is the concatenation of pieces, and a round re-renders only the pieces whose values
/// it changed. A class, so a piece that was kept is recognised by identity (`===`), and its gzip
/// member with it.
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

/// The gzip body as RFC 1952 members, one per block of pieces, concatenated: a gzip file may hold
/// several members, and a reader (Go's `gzip.Reader`, which Prometheus uses; `gunzip`; browsers)
/// reads them as one stream. A block whose pieces are all the ones it was compressed from keeps
/// its member, so a round recompresses only the blocks holding a piece it re-rendered.
///
/// A piece of `memberTarget` bytes or more is a block of its own; smaller neighbours are gathered
/// until the block reaches `memberTarget`, because each member costs 18 bytes of header and
/// trailer and starts with an empty dictionary (the size is measured in `numwatch-bench metrics`).
final class GzipMembers: Sendable {
    private struct Block {
        let pieces: [ExpositionPiece]
        let member: ByteBuffer
    }

    static let memberTarget = 4096

    /// The blocks of the last body, by the identity of their first piece (which they keep alive,
    /// so the identifier cannot be reused by another piece while it is a key).
    private let blocks = Mutex<[ObjectIdentifier: Block]>([:])

    /// The gzip body of `pieces`; nil if zlib failed (it cannot, short of memory).
    func body(of pieces: [ExpositionPiece]) -> ByteBuffer? {
        blocks.withLock { kept in
            var next: [ObjectIdentifier: Block] = [:]
            var body = ByteBuffer()
            for group in Self.grouped(pieces) {
                let key = ObjectIdentifier(group[0])
                let member: ByteBuffer
                if let block = kept[key], block.pieces.count == group.count, zip(block.pieces, group).allSatisfy({ $0 === $1 }) {
                    member = block.member
                } else {
                    var input = ByteBuffer()
                    for piece in group { input.writeImmutableBuffer(piece.bytes) }
                    guard let compressed = try? input.compress(with: .gzip()) else { return nil }
                    member = compressed
                }
                next[key] = Block(pieces: group, member: member)
                body.writeImmutableBuffer(member)
            }
            kept = next
            // An empty exposition is still a gzip file: one empty member.
            if pieces.allSatisfy({ $0.bytes.readableBytes == 0 }) {
                var empty = ByteBuffer()
                return try? empty.compress(with: .gzip())
            }
            return body
        }
    }

    /// Consecutive pieces gathered into blocks (empty pieces left out).
    static func grouped(_ pieces: [ExpositionPiece]) -> [[ExpositionPiece]] {
        var groups: [[ExpositionPiece]] = []
        var run: [ExpositionPiece] = []
        var runBytes = 0
        for piece in pieces where piece.bytes.readableBytes > 0 {
            if piece.bytes.readableBytes >= memberTarget {
                if !run.isEmpty { groups.append(run) }
                groups.append([piece])
                run = []
                runBytes = 0
                continue
            }
            run.append(piece)
            runBytes += piece.bytes.readableBytes
            if runBytes >= memberTarget {
                groups.append(run)
                run = []
                runBytes = 0
            }
        }
        if !run.isEmpty { groups.append(run) }
        return groups
    }
}
