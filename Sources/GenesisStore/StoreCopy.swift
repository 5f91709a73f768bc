import Foundation
import GRDB
import GenesisDomain

/// A whole store copied into another, of either backend (DESIGN §1.2): the
/// rows of every table, verbatim (the events with their hashes, so the copy's
/// chain is the source's), from one read snapshot of the source into one
/// write transaction of the target, then the source's chain head carried to
/// the target's. `gen-report migrate` moves a SQLite store to a server with
/// it; a PostgreSQL store's `gen-report backup` is a copy into a SQLite file
/// and its `restore` a copy back.
public enum StoreCopy {
    public struct Result: Sendable, Equatable {
        /// Rows copied per table, in copy order.
        public var rows: [(table: String, count: Int)]
        /// The source's chain head carried to the target (nil: it had none).
        public var head: ChainHead?

        public static func == (lhs: Result, rhs: Result) -> Bool {
            lhs.rows.map(\.table) == rhs.rows.map(\.table) && lhs.rows.map(\.count) == rhs.rows.map(\.count) && lhs.head == rhs.head
        }

        public var total: Int { rows.reduce(0) { $0 + $1.count } }
    }

    /// Every table of the schema, parents before the tables that refer to
    /// them (the order the migrations create them). The migration records
    /// are each backend's own and are not copied.
    static let tables: [String] = {
        var names: [String] = []
        for migration in Schema.migrations {
            for match in migration.sql.matches(of: /CREATE TABLE (\w+)/) where !names.contains(String(match.1)) {
                names.append(String(match.1))
            }
            for match in migration.sql.matches(of: /DROP TABLE (\w+)/) { names.removeAll { $0 == String(match.1) } }
        }
        return names.filter { $0 != "schema_checksums" }
    }()

    /// Rows per INSERT: well under the 65,535 arguments a PostgreSQL
    /// statement takes and SQLite's 32,766.
    static let argumentsPerInsert = 30_000

    /// Copies `source` into `target`, which must hold no account and no
    /// event (a new database): a copy never merges two records.
    @discardableResult
    public static func copy(from source: Store, to target: Store) throws -> Result {
        let empty = try target.read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM accounts)") ?? 0
        }
        guard empty == 0 else {
            throw GenesisError.stateConflict("\(target.path) already holds a record; a copy goes into a new, empty database only")
        }
        // Read before the snapshot: every event the head names is in it.
        let head: ChainHead?
        if case .present(let found) = ChainHeadFile.read(ChainHeadFile.path(forDatabase: source.filePrefix)) { head = found } else { head = nil }
        var counts: [(table: String, count: Int)] = []
        try source.read { from in
            try target.write { to in
                for table in tables {
                    // Rows a migration seeded (the verify baseline) give way to the source's.
                    if table != "events" { try to.execute(sql: "DELETE FROM \(table)") }
                    counts.append((table, try copyTable(table, from: from, to: to)))
                }
                if to.isPostgreSQL { try restartIdentities(to) }
            }
        }
        if let head {
            _ = try ChainHeadFile.advance(database: target.filePrefix, to: head, createIfMissing: true)
        } else if target.isPostgreSQL, let last = try target.read(EventLog.lastLink) {
            // A server store's head is per machine (DESIGN §1.2): this one anchors what it copied.
            _ = try ChainHeadFile.advance(database: target.filePrefix, to: last, createIfMissing: true)
        }
        return Result(rows: counts, head: head)
    }

    private static func copyTable(_ table: String, from: StoreDatabase, to: StoreDatabase) throws -> Int {
        var cursor = try Row.fetchCursor(from, sql: "SELECT * FROM \(table)")
        var columns: [String] = []
        var pending: StoreArguments = []
        var copied = 0
        func flush() throws {
            guard !pending.isEmpty else { return }
            let width = columns.count
            let row = "(" + Array(repeating: "?", count: width).joined(separator: ", ") + ")"
            let sql = "INSERT INTO \(table) (\(columns.map { "\"\($0)\"" }.joined(separator: ", "))) VALUES "
                + Array(repeating: row, count: pending.count / width).joined(separator: ", ")
            try to.execute(sql: sql, arguments: pending)
            pending.removeAll(keepingCapacity: true)
        }
        while let row = try cursor.next() {
            if columns.isEmpty { columns = Array(row.columnNames) }
            for column in columns { pending.append(row[column] as DatabaseValue) }
            copied += 1
            if pending.count + columns.count > argumentsPerInsert { try flush() }
        }
        try flush()
        return copied
    }

    /// A server's identity columns hand out the next id after the copied
    /// ones, not 1 again.
    private static func restartIdentities(_ db: StoreDatabase) throws {
        let identities = try Row.fetchAll(db, sql: """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """)
        for identity in identities {
            let table: String = identity["table_name"], column: String = identity["column_name"]
            try db.execute(sql: """
                SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), COALESCE((SELECT MAX(\(column)) FROM \(table)), 0) + 1, false)
                """)
        }
    }
}
