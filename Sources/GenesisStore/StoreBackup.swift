import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
import GenesisDomain

/// Online backups of the store (`gen-report backup`): SQLite's backup API
/// (`sqlite3_backup_*`, through GRDB) copies the database page by page from
/// one read transaction, so the copy is a consistent snapshot while the
/// watcher and cron commands keep writing (WAL readers never block writers).
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

        var pages = 0
        let integrity: String
        do {
            var configuration = Configuration()
            configuration.label = "genesis-backup"
            let copy = try DatabaseQueue(path: partial, configuration: configuration)
            try store.writer.backup(to: copy) { progress in
                if progress.isCompleted { pages = progress.totalPageCount }
            }
            // The source is in WAL mode and the copy inherits it; a backup is
            // one self-contained file, so switch it back to a rollback journal.
            integrity = try copy.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE")
                let lines = try String.fetchAll(db, sql: "PRAGMA integrity_check")
                return lines == ["ok"] ? "ok" : lines.prefix(5).joined(separator: "; ")
            }
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
        guard rename(partial, final) == 0 else {
            let reason = String(cString: strerror(errno))
            removeDatabaseFiles(partial)
            throw GenesisError.database(path: final, message: reason)
        }
        let bytes = (try FileManager.default.attributesOfItem(atPath: final)[.size] as? Int64) ?? 0
        let pruned = try prune(directory, keep: keep)
        return Result(path: final, bytes: bytes, pages: pages, integrity: integrity, pruned: pruned)
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
        for suffix in ["", "-wal", "-shm", "-journal"] { unlink(path + suffix) }
    }
}
