import Foundation
import GenesisDomain
#if canImport(Glibc)
import Glibc
#endif

/// gen-exec's progress mark where gen-risk can read it in a microsecond: a
/// 32-byte file beside the database (`<database>-progress-<session hash>`),
/// written with one `pwrite` and read with one `pread`.
///
/// The replay barrier (`ReplayBarrier`) waits, before each signal, until
/// gen-exec has handled every byte gen-risk wrote. Through the store alone
/// that wait cost a write transaction in gen-exec, only after its input had
/// been quiet for a millisecond, and a poll of the table with backoff in
/// gen-risk: about two milliseconds per signal, most of a year's replay.
/// gen-exec now posts its mark here every time its input runs dry, and
/// still writes the table (the durable record the heartbeat and the replayed
/// period read) when it has been quiet for a millisecond.
///
/// Nothing here is synced to disk: the mark only matters while both
/// processes run. A reader checks a checksum, so a read that met a write
/// half done is retried rather than believed.
struct ProgressBoard {
    private let descriptor: Int32

    /// Opens (creating when needed) the board of `session` beside `database`;
    /// nil where no file can be made (a read-only directory): the barrier
    /// then reads the table alone.
    init?(database: String, session: String) {
        let path = database + "-progress-" + String(fnv1a(session.utf8), radix: 16)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return nil }
        self.descriptor = descriptor
    }

    func close() { _ = Glibc.close(descriptor) }

    private static let magic: Int64 = 0x4745_4e50_524f_4731 // "GENPROG1"

    func post(_ mark: ProgressMark) {
        var words: [Int64] = [mark.ts.milliseconds, mark.consumed, Int64(mark.pid), 0]
        words[3] = words[0] ^ words[1] ^ words[2] ^ Self.magic
        _ = words.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    /// The mark last posted; nil when none was, or none reads whole.
    func read() -> ProgressMark? {
        var words = [Int64](repeating: 0, count: 4)
        for _ in 0..<3 {
            let count = words.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            guard count == 32 else { return nil }
            if words[3] == words[0] ^ words[1] ^ words[2] ^ Self.magic {
                return ProgressMark(ts: Timestamp(milliseconds: words[0]), consumed: words[1], pid: Int32(truncatingIfNeeded: words[2]))
            }
        }
        return nil
    }
}
