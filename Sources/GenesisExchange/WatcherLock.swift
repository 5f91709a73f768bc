import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GenesisBinance
import GenesisDomain
import GenesisStore

/// One watcher per database (DESIGN §6). An exclusive `flock` on a file beside
/// the database: the kernel drops it when the process dies, however it dies,
/// so a crashed watcher never blocks its own restart, and a second live one
/// is refused at once instead of racing the first for fills.
public final class WatcherLock: @unchecked Sendable {
    public let path: String
    private let descriptor: Int32

    /// Takes the lock for `databasePath`, or throws a state conflict naming
    /// the process that holds it.
    public init(databasePath: String) throws {
        path = databasePath + ".watch.lock"
        let fd = open(path, O_CREAT | O_RDWR, 0o600)
        guard fd >= 0 else { throw GenesisError.database(path: path, message: String(cString: strerror(errno))) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = pread(fd, &buffer, buffer.count, 0)
            close(fd)
            let holder = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "another process"
            throw GenesisError.stateConflict("another watcher (pid \(holder)) is running on this database; stop it first (lock \(path))")
        }
        descriptor = fd
        ftruncate(fd, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
