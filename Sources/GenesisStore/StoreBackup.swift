import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import GenesisDomain

/// Online backups of the store (`gen-report backup`): for a SQLite store, SQLite's backup API
/// (`sqlite3_backup_*`, through GRDB) copies the database page by page from
/// one read transaction, so the copy is a consistent snapshot while the
/// watcher and cron commands keep writing (WAL readers never block writers);
/// a PostgreSQL store is copied into the same kind of file from one
/// REPEATABLE READ snapshot (`StoreCopy`).
/// Each copy carries its chain head (`<copy>.head`, DESIGN §1.2), so a
/// restored copy verifies, and a copy of a database whose tail was cut still
/// shows the cut.
public enum StoreBackup {
    /// `genesis-20240301T120000Z.db`: sorts by name in time order.
    public static let prefix = "genesis-"
    public static let suffix = ".db"

    public struct Result: Sendable, Equatable {
        public var path: String
        public var bytes: Int64
        public var pages: Int
        /// `ok`, or the first lines `PRAGMA integrity_check` reported.
        public var integrity: String
        /// Older copies deleted to keep the newest `keep`.
        public var pruned: [String]
        /// The head written beside the copy; nil when the live database had
        /// none (the copy then fails `verify` as the database does).
        public var head: ChainHead?
    }

    /// The file name of a backup taken at `time` (UTC, to the second).
    public static func fileName(at time: Timestamp) -> String {
        let iso = time.iso8601 // 2024-03-01T12:00:00.000Z
        let digits = iso.prefix(19).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
        return "\(prefix)\(digits)Z\(suffix)"
    }

    /// Whether `name` is one of ours (and so may be pruned).
    public static func isBackupName(_ name: String) -> Bool {
        guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return false }
        let stamp = name.dropFirst(prefix.count).dropLast(suffix.count)
        guard stamp.count == 16 else { return false }
        return stamp.enumerated().allSatisfy { index, character in
            switch index {
            case 8: character == "T"
            case 15: character == "Z"
            default: character.isASCII && character.isNumber
            }
        }
    }

    /// Backups in `directory`, oldest first.
    public static func list(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter(isBackupName).sorted()
    }

    /// Makes the directory (mode 0700) or checks that an existing one is
    /// private: a copy of the database is as sensitive as the database.
    public static func prepareDirectory(_ directory: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw GenesisError.configuration(key: "--to", message: "\(directory) exists and is not a directory")
            }
            let mode = (try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int) ?? 0
            guard mode & 0o077 == 0 else {
                throw GenesisError.configuration(key: "--to", message: "\(directory) has mode \(String(mode, radix: 8)); backups hold the whole trading history, so the directory must be private: chmod 700 \(directory)")
            }
        } else {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw GenesisError.configuration(key: "--to", message: "cannot create \(directory): \(error.localizedDescription)")
            }
            chmod(directory, 0o700)
        }
    }

    /// Copies `store` into `directory` as `genesis-<time>.db` (mode 0600),
    /// checks the copy with `PRAGMA integrity_check`, then deletes all but
    /// the newest `keep` backups. A copy that fails the check is deleted and
    /// nothing is pruned.
    public static func run(store: Store, to directory: String, at time: Timestamp, keep: Int) throws -> Result {
        precondition(keep >= 1, "keep at least one backup")
        try prepareDirectory(directory)
        let name = fileName(at: time)
        let final = (directory as NSString).appendingPathComponent(name)
        guard !FileManager.default.fileExists(atPath: final) else {
            throw GenesisError.stateConflict("\(final) already exists; a backup was taken this second")
        }
        // Written under a name the pruning ignores, then renamed: a crash
        // mid-copy never leaves a truncated file that looks like a backup.
        let partial = (directory as NSString).appendingPathComponent(".\(name).partial")
        removeDatabaseFiles(partial)
        let descriptor = open(partial, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw GenesisError.database(path: partial, message: String(cString: strerror(errno))) }
        close(descriptor)

        // Read before the copy: every event it names is in the snapshot.
        let liveHead = ChainHeadFile.read(ChainHeadFile.path(forDatabase: store.filePrefix))
        var pages = 0
        let integrity: String
        let head: ChainHead?
        do {
            var configuration = Configuration()
            configuration.label = "genesis-backup"
            let copy: DatabaseQueue
            if store.isPostgreSQL {
                // A server's store is copied row by row from one snapshot into
                // a SQLite file (`StoreCopy`): a backup is the same kind of file
                // whichever backend it came from, and restores to either.
                do {
                    let file = try Store(path: partial, origin: store.origin)
                    try StoreCopy.copy(from: store, to: file)
                }
                copy = try DatabaseQueue(path: partial, configuration: configuration)
                pages = try copy.read { try Int.fetchOne($0, sql: "PRAGMA page_count") ?? 0 }
            } else {
                copy = try DatabaseQueue(path: partial, configuration: configuration)
                try store.writer.backup(to: copy) { progress in
                    if progress.isCompleted { pages = progress.totalPageCount }
                }
            }
            // The source is in WAL mode and the copy inherits it; a backup is
            // one self-contained file, so switch it back to a rollback journal.
            integrity = try copy.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                return lines == ["ok"] ? "ok" : lines.prefix(5).joined(separator: "; ")
            }
            head = try copy.read { try carriedHead(liveHead, copy: StoreDatabase($0)) }
            try copy.close()
        } catch let error as DatabaseError {
            removeDatabaseFiles(partial)
            throw GenesisError.database(path: partial, message: error.message ?? "\(error)")
        } catch {
            removeDatabaseFiles(partial)
            throw error
        }
        guard integrity == "ok" else {
            removeDatabaseFiles(partial)
            throw GenesisError.stateConflict("the backup copy failed PRAGMA integrity_check (\(integrity)); it was deleted and no older backup was pruned. Check the live database: sqlite3 \(store.path) 'PRAGMA integrity_check'")
        }
        chmod(partial, 0o600)
        // The head goes into place first: a copy never appears without it.
        if let head {
            do {
                try ChainHeadFile.write(head, to: partial + ChainHeadFile.suffix)
            } catch {
                removeDatabaseFiles(partial)
                throw error
            }
            guard rename(partial + ChainHeadFile.suffix, final + ChainHeadFile.suffix) == 0 else {
                let reason = String(cString: strerror(errno))
                removeDatabaseFiles(partial)
                throw GenesisError.database(path: final + ChainHeadFile.suffix, message: reason)
            }
        }
        guard rename(partial, final) == 0 else {
            let reason = String(cString: strerror(errno))
            removeDatabaseFiles(partial)
            throw GenesisError.database(path: final, message: reason)
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: final)[.size] as? Int64) ?? 0
        let pruned = try prune(directory, keep: keep)
        return Result(path: final, bytes: bytes, pages: pages, integrity: integrity, pruned: pruned, head: head)
    }

    /// The head a copy carries: the copy's own end when it extends the live
    /// head (same hash at the head's sequence number); otherwise the live
    /// head itself, so a copy of a database that lost its tail, or had its
    /// chain rewritten, shows it too. No live head, no head for the copy.
    static func carriedHead(_ live: HeadFileState, copy db: StoreDatabase) throws -> ChainHead? {
        guard case let .present(head) = live else { return nil }
        if let last = try EventLog.lastLink(db), last.seq >= head.seq, try EventLog.storedHash(seq: head.seq, in: db) == head.hash {
            return last
        }
        return head
    }

    /// `gen-report restore`: copies the backup at `source` to `target` (a
    /// path where no database and no head exist: the ones being replaced
    /// are kept aside by hand, as evidence) with its head file. Returns what
    /// was found where the backup's head should be.
    public static func restore(from source: String, to target: String) throws -> HeadFileState {
        guard FileManager.default.fileExists(atPath: source) else {
            throw GenesisError.configuration(key: "backup", message: "\(source) does not exist")
        }
        if PostgresLocation.isURL(target) {
            // Onto a server: the backup's rows copied into the (new, empty)
            // database, its head carried to this machine's anchor.
            let origin = ["command": "gen-report restore", "pid": String(getpid())]
            try StoreCopy.copy(from: Store(path: source, origin: origin, create: false), to: Store(path: target, origin: origin, create: true))
            return ChainHeadFile.read(source + ChainHeadFile.suffix)
        }
        for path in [target, target + "-wal", target + "-shm", target + ChainHeadFile.suffix] where FileManager.default.fileExists(atPath: path) {
            throw GenesisError.stateConflict("\(path) exists; move the database you are replacing aside with its -wal, -shm and .head files first (docs/RUNBOOK.md §8), then restore")
        }
        let directory = (target as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = open(target, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard descriptor >= 0 else { throw GenesisError.database(path: target, message: String(cString: strerror(errno))) }
        close(descriptor)
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(Store.busyTimeout)
            configuration.label = "genesis-restore-source"
            let from = try DatabaseQueue(path: source, configuration: configuration)
            let to = try DatabaseQueue(path: target)
            try from.backup(to: to)
            // A WAL source's copy is in WAL mode too; until a store opens it
            // (and turns WAL on again) it is one self-contained file.
            try to.writeWithoutTransaction { _ = try String.fetchOne($0, sql: "PRAGMA journal_mode = DELETE") }
            try to.close()
            try from.close()
        } catch {
            removeDatabaseFiles(target)
            if let error = error as? DatabaseError { throw GenesisError.database(path: source, message: error.message ?? "\(error)") }
            throw error
        }
        chmod(target, 0o600)
        let head = ChainHeadFile.read(source + ChainHeadFile.suffix)
        // An unreadable head is copied as it is: it is what the backup holds.
        if head != .missing {
            do {
                try FileManager.default.copyItem(atPath: source + ChainHeadFile.suffix, toPath: target + ChainHeadFile.suffix)
                chmod(target + ChainHeadFile.suffix, 0o600)
            } catch {
                throw GenesisError.database(path: target + ChainHeadFile.suffix, message: "cannot copy the backup's chain head: \(error.localizedDescription)")
            }
        }
        return head
    }

    /// Deletes all but the newest `keep` backups; returns the deleted names.
    @discardableResult
    public static func prune(_ directory: String, keep: Int) throws -> [String] {
        let all = try list(in: directory)
        let doomed = Array(all.dropLast(keep))
        for name in doomed {
            removeDatabaseFiles((directory as NSString).appendingPathComponent(name))
        }
        return doomed
    }

    static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal", ChainHeadFile.suffix] { unlink(path + suffix) }
    }
}
