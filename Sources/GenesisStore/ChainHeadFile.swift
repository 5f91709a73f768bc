import Foundation
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import GRDB
import GenesisDomain

/// The head file beside the database (`<db>.head`, mode 0600, DESIGN §1.2):
/// the last event's sequence number and hash, outside the database file so
/// that cutting events from the end of the chain shows.
///
/// Several processes write the same database (the watcher, cron, a
/// pipeline), so the head only moves forward: a writer takes an exclusive
/// lock on `<db>.head.lock`, reads the head, and replaces it (temporary file,
/// then rename) only when its own sequence number is greater.
public enum ChainHeadFile {
    public static let suffix = ".head"

    public static func path(forDatabase database: String) -> String { database + suffix }

    static func lockPath(forDatabase database: String) -> String { database + ".head.lock" }

    /// What is at `path`: missing, unreadable, or a head.
    public static func read(_ path: String) -> HeadFileState {
        guard let data = FileManager.default.contents(atPath: path) else {
            return FileManager.default.fileExists(atPath: path) ? .unreadable("(cannot be read)") : .missing
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let head = ChainHead(line: text) else { return .unreadable(String(text.prefix(80))) }
        return .present(head)
    }

    /// Writes `head` to `path` as a new file (`PrivateFile`), mode 0600.
    public static func write(_ head: ChainHead, to path: String) throws {
        if let reason = PrivateFile.replace(path, with: head.line) {
            throw GenesisError.database(path: path, message: "cannot write the chain head: \(reason)")
        }
    }

    /// Moves the head of `database` forward to `head`. Never moves it back,
    /// never replaces an unreadable file (it is evidence), and creates a
    /// missing one only when `createIfMissing` (the database's first events,
    /// or an upgrade): a head that vanished stays missing, so `verify` keeps
    /// saying so. Returns true when the file was written.
    @discardableResult
    public static func advance(database: String, to head: ChainHead, createIfMissing: Bool) throws -> Bool {
        let lock = open(lockPath(forDatabase: database), O_CREAT | O_RDWR, 0o600)
        guard lock >= 0 else { throw GenesisError.database(path: database, message: "cannot lock the chain head: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw GenesisError.database(path: database, message: "cannot lock the chain head: \(String(cString: strerror(errno)))") }
        defer { flock(lock, LOCK_UN) }
        let target = path(forDatabase: database)
        switch read(target) {
        case .missing where !createIfMissing, .unreadable:
            return false
        case let .present(current) where current.seq >= head.seq:
            return false
        default:
            try write(head, to: target)
            return true
        }
    }
}

/// Writes a store's head after each commit that appended events (one write
/// per transaction, however many events it appended), from GRDB's
/// after-commit hook: the head never names an event that was rolled back.
final class HeadAnchor: @unchecked Sendable {
    /// Guards `scheduled`; GRDB runs the hook on the writer's queue.
    private let lock = NSLock()
    private var scheduled = false
    let database: String
    /// A PostgreSQL store's head is per machine: the first commit this
    /// machine makes creates its head, wherever the chain then stands.
    let createIfMissing: Bool

    init(database: String, createIfMissing: Bool) {
        self.database = database
        self.createIfMissing = createIfMissing
    }

    /// Called by `Store.append` after each event it appends.
    func eventAppended(seq: Int64, in db: StoreDatabase) {
        // The database's first events create the head file; later ones only move it.
        let create = seq == 1 || createIfMissing
        guard db.isInsideTransaction else {
            anchor(db, createIfMissing: create)
            return
        }
        let first = lock.withLock { () -> Bool in
            defer { scheduled = true }
            return !scheduled
        }
        guard first else { return }
        db.afterNextTransaction(onCommit: { [self] db in
            lock.withLock { scheduled = false }
            anchor(db, createIfMissing: create)
        }, onRollback: { [self] in
            lock.withLock { scheduled = false }
        })
    }

    /// Writes the committed chain's end. The commit stands whatever happens
    /// here, so a failure is said on stderr; `verify` then reports events
    /// beyond the head.
    func anchor(_ db: StoreDatabase, createIfMissing: Bool) {
        do {
            guard let last = try EventLog.lastLink(db) else { return }
            try ChainHeadFile.advance(database: database, to: last, createIfMissing: createIfMissing)
        } catch {
            FileHandle.standardError.write(Data("genesis: the chain head \(ChainHeadFile.path(forDatabase: database)) was not updated: \(error)\n".utf8))
        }
    }
}
