import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Buffered writer for stdout (or any descriptor). One `write(2)` per 64 KiB
/// keeps a pipeline's cost in the stages, not in system calls.
public final class LineWriter {
    private var buffer: [UInt8] = []
    private let descriptor: Int32
    private let threshold: Int
    /// Bytes sent so far (the replay barrier compares it with what gen-exec read).
    public private(set) var bytesWritten: Int64 = 0

    public init(descriptor: Int32 = 1, threshold: Int = 1 << 16) {
        self.descriptor = descriptor
        self.threshold = threshold
        buffer.reserveCapacity(threshold + 4096)
    }

    deinit { flush() }

    @inline(__always)
    public func write(_ bytes: UnsafeBufferPointer<UInt8>, newline: Bool) {
        buffer.append(contentsOf: bytes)
        if newline { buffer.append(10) }
        if buffer.count >= threshold { flush() }
    }

    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= threshold { flush() }
    }

    public func write(_ text: String) { write(Array(text.utf8)) }

    /// Lets `body` append a line straight into the buffer (a replay's
    /// millions of lines are then copied once, not twice).
    @inline(__always)
    public func append(_ body: (inout [UInt8]) -> Void) {
        body(&buffer)
        if buffer.count >= threshold { flush() }
    }

    /// Sends everything buffered. A closed pipe downstream ends the process
    /// by SIGPIPE, as for any Unix filter; any other failure (a full disk) is
    /// fatal rather than a silent loss of output.
    public func flush() {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            while offset < raw.count {
                let written = Glibc.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    FileHandle.standardError.write(Data("\(ProcessInfo.processInfo.processName): error: cannot write output: \(String(cString: strerror(errno)))\n".utf8))
                    exit(ExitStatus.internalError.rawValue)
                }
                offset += written
            }
        }
        bytesWritten += Int64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads `\n`-separated lines from a descriptor in 1 MiB chunks and hands each
/// line to a closure without copying it. A line longer than a chunk is reported
/// (with a negative line number) and skipped, never buffered whole.
public struct LineReader {

    public let descriptor: Int32
    var chunkSize: Int

    public init(descriptor: Int32 = 0, chunkSize: Int = 1 << 20) {
        self.descriptor = descriptor
        self.chunkSize = chunkSize
    }

    /// True when a read would block: nothing arrives within `milliseconds`.
    public func wouldBlock(milliseconds: Int32 = 0) -> Bool {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&pollDescriptor, 1, milliseconds) == 0
    }

    /// Calls `body` for each line (without its `\n`, with its 1-based number).
    /// `beforeBlocking` runs whenever all buffered input has been handled and
    /// the next read would wait for the writer upstream; it is given the bytes
    /// of every line handled so far.
    public func forEachLine(
        beforeBlocking: ((Int64) throws -> Void)? = nil,
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) throws {
        let capacity = chunkSize
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { storage.deallocate() }
        var filled = 0
        var lineNumber = 0
        var discarding = false // inside an over-long line
        var bytesRead: Int64 = 0
        while true {
            // What is still buffered is the start of a line not yet handled.
            if let beforeBlocking, wouldBlock() { try beforeBlocking(bytesRead - Int64(filled)) }
            let count = read(descriptor, storage + filled, capacity - filled)
            if count < 0 {
                if errno == EINTR { continue }
                throw GenesisError.badInput(source: "stdin", message: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
            bytesRead += Int64(count)
            var start = 0
            var scan = filled - count
            while let newline = memchr(storage + scan, 10, filled - scan) {
                let end = storage.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                lineNumber += 1
                if discarding {
                    discarding = false
                    try body(UnsafeBufferPointer(start: nil, count: 0), -lineNumber)
                } else {
                    try body(UnsafeBufferPointer(start: storage + start, count: end - start), lineNumber)
                }
                start = end + 1
                scan = start
            }
            if start > 0 {
                memmove(storage, storage + start, filled - start)
                filled -= start
            } else if filled == capacity {
                // One line fills the whole buffer: skip it up to its newline.
                discarding = true
                filled = 0
            }
        }
        if filled > 0 {
            lineNumber += 1
            try body(UnsafeBufferPointer(start: storage, count: filled), discarding ? -lineNumber : lineNumber)
        } else if discarding {
            try body(UnsafeBufferPointer(start: nil, count: 0), -(lineNumber + 1))
        }
    }
}
