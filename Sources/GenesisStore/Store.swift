import Crypto
import Foundation
import GRDB
import GenesisDomain

/// The store (DESIGN §1.2): a SQLite file by default, or a database on a
/// PostgreSQL server when `--db` is a `postgres://` URL. Opening it creates
/// what is missing (the file with mode 0600, WAL, foreign keys and a busy
/// timeout; or the schema on the server) and applies any pending migration,
/// so every command can simply open it and go. Every method runs its SQL
/// through `read`/`write`, which hand it a `StoreDatabase` of either kind.
public final class Store: @unchecked Sendable {
    enum Backend {
        case sqlite(DatabasePool)
        case postgres(PostgresServer)
    }

    /// GRDB pools and the server's connection list are thread-safe; the
    /// class only holds immutable references.
    let backend: Backend
    /// What messages name the store: its file path, or its URL without the password.
    public let path: String
    /// The prefix of the files kept beside the store on this machine (see
    /// `DatabaseLocation.localFilePrefix`); the path itself for SQLite.
    public let filePrefix: String
    /// Who writes through this handle (command, pid), stamped on every event.
    public let origin: [String: String]
    /// Keeps `<path>.head` at the chain's end after every commit (DESIGN §1.2).
    let headAnchor: HeadAnchor

    /// How long a command waits for another one's write lock before failing.
    public static let busyTimeout: TimeInterval = 30

    /// GRDB's pool of a SQLite store, for its own backup and for tests that
    /// reach under the store; a PostgreSQL store has none.
    public var writer: DatabasePool {
        guard case .sqlite(let pool) = backend else { preconditionFailure("\(path) is a PostgreSQL store; it has no SQLite pool") }
        return pool
    }

    public var isPostgreSQL: Bool {
        if case .postgres = backend { return true }
        return false
    }

    /// Opens (and, when `create` is true, creates) the store at `path`, a
    /// file path or a `postgres://` URL. Read-only commands pass `create:
    /// false` so that asking about an account never leaves an empty
    /// database behind.
    public init(path location: String, origin: [String: String] = [:], create: Bool = true) throws {
        self.origin = origin
        if PostgresLocation.isURL(location) {
            let server = try PostgresServer(PostgresLocation(url: location))
            path = server.location.displayName
            filePrefix = DatabaseLocation.localFilePrefix(location)
            headAnchor = HeadAnchor(database: filePrefix, createIfMissing: true)
            backend = .postgres(server)
            // As for a file: a head without its database means the database
            // was dropped or replaced; a new schema over it would hide that.
            // (A current schema exists: only a start that will migrate asks.)
            let current = PostgresSchema.isCurrent(server)
            let head = ChainHeadFile.path(forDatabase: filePrefix)
            if !current, FileManager.default.fileExists(atPath: head), try !PostgresSchema.exists(server) {
                throw GenesisError.stateConflict("\(head) anchors a chain but \(path) holds no GENESIS schema: the database was dropped or replaced. To restore a backup use `gen-report restore`; to start a new database on purpose, move the head file aside first (mv \(head) \(head).old)")
            }
            let applied = current ? [] : try PostgresSchema.migrate(server, create: create)
            if applied.contains(Schema.headFileMigration) || !FileManager.default.fileExists(atPath: ChainHeadFile.path(forDatabase: filePrefix)),
               let last = try read(EventLog.lastLink) {
                try ChainHeadFile.advance(database: filePrefix, to: last, createIfMissing: true)
            }
            return
        }
        let path = location
        self.path = path
        filePrefix = path
        headAnchor = HeadAnchor(database: path, createIfMissing: false)
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: path) {
            // A head without its database: the database was deleted or
            // moved. Starting a new one over it would hide that.
            let head = ChainHeadFile.path(forDatabase: path)
            if FileManager.default.fileExists(atPath: head) {
                throw GenesisError.stateConflict("\(head) exists but the database \(path) does not: it was deleted or moved. To restore a backup use `gen-report restore`; to start a new database on purpose, move the head file aside first (mv \(head) \(head).old)")
            }
            if !create { throw GenesisError.noAccount(database: path) }
        }
        do {
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if !FileManager.default.fileExists(atPath: path) {
                let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
                guard descriptor >= 0 else { throw GenesisError.database(path: path, message: String(cString: strerror(errno))) }
                close(descriptor)
            }
            // The database holds balances and trading history: owner only.
            chmod(path, 0o600)
            var configuration = Configuration()
            configuration.foreignKeysEnabled = true
            configuration.busyMode = .timeout(Store.busyTimeout)
            configuration.label = "genesis"
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            backend = .sqlite(pool)
            let applied = try Store.migrate(pool)
            // A database from before head files existed gets its head when
            // this build first opens it (trust on first use, DESIGN §1.2).
            if applied.contains(Schema.headFileMigration), let last = try read(EventLog.lastLink) {
                try ChainHeadFile.advance(database: path, to: last, createIfMissing: true)
            }
        } catch let error as GenesisError {
            throw error
        } catch let error as DatabaseError {
            throw GenesisError.database(path: path, message: error.message ?? "\(error)")
        }
    }

    static func checksum(_ sql: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(sql.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Each shipped migration's id and checksum, computed once per process.
    static let shippedChecksums: [String: String] = Dictionary(uniqueKeysWithValues: Schema.migrations.map { ($0.id, checksum($0.sql)) })

    /// True when the database holds exactly this build's schema: every
    /// shipped migration applied, none other, each recorded with its
    /// shipped checksum. One query over two small tables, so that a command
    /// on an up-to-date database pays no migrator set-up; anything else
    /// (a new or older database, a newer build's, a tampered checksum, a
    /// missing table) answers false and `migrate` takes the full path,
    /// which applies what is pending or names the problem.
    static func isCurrent(_ writer: DatabasePool) -> Bool {
        let rows: [Row]
        do {
            rows = try writer.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT 0 AS kind, identifier AS id, NULL AS sum FROM grdb_migrations
                    UNION ALL SELECT 1, migration, sha256 FROM schema_checksums
                    """)
            }
        } catch {
            return false
        }
        var applied = Set<String>(), recorded: [String: String] = [:]
        for row in rows {
            let id: String = row["id"]
            let table: Int = row["kind"]
            if table == 0 {
                applied.insert(id)
            } else {
                guard recorded[id] == nil, let sum: String = row["sum"] else { return false }
                recorded[id] = sum
            }
        }
        return applied.count == shippedChecksums.count && applied.allSatisfy { shippedChecksums[$0] != nil } && recorded == shippedChecksums
    }

    /// Applies pending migrations and proves the applied ones are the ones this
    /// build ships (same id, same checksum). Returns the ids it applied.
    @discardableResult
    static func migrate(_ writer: DatabasePool) throws -> [String] {
        // The common case, every start of every command: nothing to do.
        if isCurrent(writer) { return [] }
        var migrator = DatabaseMigrator()
        for migration in Schema.migrations {
            migrator.registerMigration(migration.id) { db in
                try db.execute(sql: migration.sql)
                try db.execute(
                    sql: "INSERT INTO schema_checksums (migration, sha256, applied_at) VALUES (?, ?, ?)",
                    arguments: [migration.id, checksum(migration.sql), Timestamp.now().milliseconds])
            }
        }
        if try writer.read({ try migrator.hasBeenSuperseded($0) }) {
            throw GenesisError.stateConflict("this database was written by a newer GENESIS; upgrade before using it")
        }
        var before = try writer.read { try migrator.appliedIdentifiers($0) }
        if Schema.migrations.contains(where: { !before.contains($0.id) }) {
            // The commands of one pipeline open an older database at the same
            // moment, and GRDB's migrator reads what is applied outside the
            // transaction that applies the next step: two processes would
            // both run it ("duplicate column"). One migrates at a time; the
            // next finds the work done.
            try withMigrationLock(database: writer.path) {
                before = try writer.read { try migrator.appliedIdentifiers($0) }
                try migrator.migrate(writer)
            }
        }
        let recorded = try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT migration, sha256 FROM schema_checksums")
        }
        let shipped = shippedChecksums
        for row in recorded {
            let id: String = row["migration"]
            let sum: String = row["sha256"]
            guard shipped[id] == sum else {
                throw GenesisError.stateConflict("schema migration \(id) in this database does not match this build (checksum differs); restore the database or use the matching GENESIS version")
            }
        }
        return Schema.migrations.map(\.id).filter { !before.contains($0) }
    }

    /// Runs `body` holding an exclusive lock on `<database>.migrate.lock`,
    /// across processes.
    static func withMigrationLock(database: String, _ body: () throws -> Void) throws {
        let lock = open(database + ".migrate.lock", O_CREAT | O_RDWR, 0o600)
        guard lock >= 0 else { throw GenesisError.database(path: database, message: "cannot lock for the schema upgrade: \(String(cString: strerror(errno)))") }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { throw GenesisError.database(path: database, message: "cannot lock for the schema upgrade: \(String(cString: strerror(errno)))") }
        defer { flock(lock, LOCK_UN) }
        try body()
    }

    /// One read transaction: a single snapshot of the store.
    public func read<T>(_ body: (StoreDatabase) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let pool): return try pool.read { try body(StoreDatabase($0)) }
        case .postgres(let server): return try server.read(body)
        }
    }

    /// One write transaction; stores are written one transaction at a time
    /// (SQLite's writer lock, the server's advisory write lock).
    public func write<T>(_ body: (StoreDatabase) throws -> T) throws -> T {
        switch backend {
        case .sqlite(let pool): return try pool.write { try body(StoreDatabase($0)) }
        case .postgres(let server): return try server.write(body)
        }
    }

    /// Appends an audit event inside the caller's write transaction.
    @discardableResult
    public func append(_ event: AuditEvent, in db: StoreDatabase) throws -> Int64 {
        let seq = try EventLog.append(event, origin: origin, in: db)
        headAnchor.eventAppended(seq: seq, in: db)
        return seq
    }

    /// One watcher per store across machines (DESIGN §6, §1.2): on a
    /// server, a session advisory lock held for as long as the returned
    /// lease lives; a SQLite store needs none beyond the watcher's file
    /// lock (nil). Throws when another watcher holds it.
    public func claimWatcher() throws -> WatcherLease? {
        guard case .postgres(let server) = backend else { return nil }
        guard let session = try server.holdLock(PostgresServer.watcherLockKey) else {
            throw GenesisError.stateConflict("another watcher is running on \(path) (another machine holds the server's watcher lock); stop it first")
        }
        return WatcherLease(session: session)
    }

    /// WAL mode is what lets cron reports read while the watcher writes.
    public func journalMode() throws -> String {
        guard case .sqlite(let pool) = backend else { return "postgresql" }
        return try pool.read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }
}

/// The watcher's hold on a server store (`Store.claimWatcher`): released
/// when it is dropped, or by the server when the process dies.
public final class WatcherLease: @unchecked Sendable {
    private let session: PostgresSession

    init(session: PostgresSession) { self.session = session }

    deinit {
        // Unlocked before the connection closes: the server would free it
        // only once it notices the closed connection, a moment later.
        try? session.control("SELECT pg_advisory_unlock(\(PostgresServer.watcherLockKey))")
        session.close()
    }
}
