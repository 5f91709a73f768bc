import Foundation
import ZIPFoundation
import GenesisDomain

/// Reads a file's bytes in chunks, gunzipping it on the way when it starts
/// with gzip's magic bytes (RFC 1952, one member, as `gzip` writes it), so
/// importers read `.gz` recordings in bounded memory without a temporary
/// copy. The inflated data is checked against the member's CRC-32 and length.
public struct GzipReader {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// True when the file starts with gzip's magic bytes.
    public static func isGzip(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 2)) == Data([0x1f, 0x8b])
    }

    /// Hands the file's content (inflated when gzipped) to `body`, chunk by chunk.
    public func forEachChunk(_ body: (Data) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw GenesisError.badInput(source: path, message: "cannot open") }
        defer { try? handle.close() }
        guard Self.isGzip(path) else {
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { try body(data) }
            return
        }
        let size = Int64(try handle.seekToEnd())
        try handle.seek(toOffset: 0)
        guard size >= 18, let header = try handle.read(upToCount: 10), header.count == 10, header[header.startIndex + 2] == 8 else {
            throw damaged("not a deflate gzip file")
        }
        // Optional header fields: FEXTRA, FNAME, FCOMMENT, FHCRC.
        let flags = header[header.startIndex + 3]
        var offset: Int64 = 10
        if flags & 4 != 0 {
            guard let length = try handle.read(upToCount: 2), length.count == 2 else { throw damaged("its header is cut short") }
            offset += 2 + Int64(length[length.startIndex]) + Int64(length[length.startIndex + 1]) << 8
        }
        for flag in [UInt8(8), 16] where flags & flag != 0 {
            try handle.seek(toOffset: UInt64(offset))
            while true {
                guard let byte = try handle.read(upToCount: 1), byte.count == 1 else { throw damaged("its header is cut short") }
                offset += 1
                if byte[byte.startIndex] == 0 { break }
            }
        }
        if flags & 2 != 0 { offset += 2 }
        try handle.seek(toOffset: UInt64(size - 8))
        guard let trailer = try handle.read(upToCount: 8), trailer.count == 8 else { throw damaged("its trailer is missing") }
        let expectedCRC = trailer.prefix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let expectedSize = trailer.suffix(4).reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let start = offset
        let bufferSize = 1 << 20
        var inflated: UInt64 = 0
        let crc: CRC32
        // An error of the caller's (a row refused, the store) is theirs, not the file's.
        var callerError: Error?
        do {
            crc = try Data.decompress(size: size - start, bufferSize: bufferSize, skipCRC32: false, provider: { position, _ in
                // zlib is told a whole buffer is there: past the end it reads zeros, never beyond the chunk.
                let at = start + position
                guard at < size else { throw GenesisError.badInput(source: path, message: "the gzip data is cut short (truncated file?)") }
                try handle.seek(toOffset: UInt64(at))
                var chunk = try handle.read(upToCount: bufferSize) ?? Data()
                if chunk.count < bufferSize { chunk.append(Data(count: bufferSize - chunk.count)) }
                return chunk
            }, consumer: { data in
                inflated += UInt64(data.count)
                guard !data.isEmpty else { return }
                do { try body(data) } catch {
                    callerError = error
                    throw error
                }
            })
        } catch {
            if let callerError { throw callerError }
            if error is GenesisError { throw error }
            throw damaged("its compressed data is corrupt (\(error))")
        }
        guard crc == expectedCRC, UInt32(truncatingIfNeeded: inflated) == expectedSize else {
            throw damaged("its content does not match its checksum")
        }
    }

    private func damaged(_ reason: String) -> GenesisError {
        .badInput(source: path, message: "the gzip file is damaged: \(reason)")
    }
}
