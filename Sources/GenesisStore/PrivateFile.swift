import Foundation
#if canImport(Glibc)
import Glibc
private let systemWrite = Glibc.write
#else
import Darwin
private let systemWrite = Darwin.write
#endif

/// A small file only its owner can read, replaced whole: written under a
/// temporary name (mode 0600 from creation, never wider for an instant),
/// then renamed over the old one, so a reader sees the old contents or the
/// new, never a part. The chain head and the live-account registry use it.
enum PrivateFile {
    /// Replaces `path` with `contents`; returns why it could not, or nil.
    static func replace(_ path: String, with contents: String) -> String? {
        let temporary = "\(path).tmp.\(getpid())"
        unlink(temporary)
        let descriptor = open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { return String(cString: strerror(errno)) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return reason
        }
        return nil
    }
}
