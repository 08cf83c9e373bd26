import CompressNIO
import NIOCore

/// Decompresses every member of a gzip file (RFC 1952 allows several, concatenated), as `gunzip`
/// and Go's `gzip.Reader` do. CompressNIO's `decompress(with: .gzip())` stops at the end of the
/// first member, so a multi-member body needs this loop: zlib's inflate reports the end of a
/// member and leaves the next one's bytes unread, and a fresh inflater starts on them.
func gunzipEveryMember(_ body: ByteBuffer) throws -> (text: String, members: [ByteBuffer]) {
    var input = body
    var output = ByteBuffer()
    var members: [ByteBuffer] = []
    while input.readableBytes > 0 {
        // Each member opens with gzip's magic number.
        guard input.getBytes(at: input.readerIndex, length: 2) == [0x1F, 0x8B] else { throw CompressNIOError.corruptData }
        let inflater = try ZlibDecompressor(algorithm: .gzip)
        let start = input.readerIndex
        while true {
            output.reserveCapacity(minimumWritableBytes: 64 * 1024)
            do {
                try inflater.inflate(from: &input, to: &output)
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                continue
            }
        }
        members.append(body.getSlice(at: start, length: input.readerIndex - start)!)
    }
    return (String(buffer: output), members)
}
