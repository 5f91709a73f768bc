import Foundation
import GRDB
import GRDBSQLite
import GenesisDomain

/// Statement arguments on either backend: GRDB's values, which the
/// PostgreSQL session binds as text for the server to type.
public typealias StoreArguments = [(any DatabaseValueConvertible)?]

/// The connection a store method talks to inside one transaction, on either
/// backend. It speaks GRDB's vocabulary (`execute(sql:arguments:)`,
/// `Row.fetchAll(db, sql:)`, `String.fetchOne(stmt)`), so each method of the
/// store is written once: on SQLite every call goes straight to GRDB, on
/// PostgreSQL the statement is translated once (`PostgresDialect`) and run
/// on the session that holds the transaction.
public final class StoreDatabase {
    enum Backend {
        case sqlite(Database)
        case postgres(PostgresSession)
    }

    let backend: Backend

    init(_ database: Database) { backend = .sqlite(database) }
    init(_ session: PostgresSession) { backend = .postgres(session) }

    /// The SQLite connection, for the few hot paths that step `sqlite3`
    /// statements themselves (replay, reports); nil on PostgreSQL, where
    /// they take the portable path.
    var sqlite: Database? {
        if case .sqlite(let database) = backend { return database }
        return nil
    }

    public var isPostgreSQL: Bool { sqlite == nil }

    public func execute(sql: String, arguments: StoreArguments = []) throws {
        switch backend {
        case .sqlite(let database): try database.execute(sql: sql, arguments: StatementArguments(arguments))
        case .postgres(let session): try session.execute(sql, arguments)
        }
    }

    /// A statement prepared once per connection and reused (SQLite), or a
    /// statement translated once per process (PostgreSQL).
    func cachedStatement(sql: String) throws -> StoreStatement {
        switch backend {
        case .sqlite(let database): return StoreStatement(database: self, sql: sql, sqlite: try database.cachedStatement(sql: sql))
        case .postgres: return StoreStatement(database: self, sql: sql, sqlite: nil)
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changesCount: Int {
        switch backend {
        case .sqlite(let database): return database.changesCount
        case .postgres(let session): return session.changesCount
        }
    }

    var isInsideTransaction: Bool {
        switch backend {
        case .sqlite(let database): return database.isInsideTransaction
        case .postgres(let session): return session.isInsideTransaction
        }
    }

    /// Runs `onCommit` once the current transaction commits (never on a
    /// rollback): how the chain head file follows the database.
    func afterNextTransaction(onCommit: @escaping @Sendable (StoreDatabase) -> Void, onRollback: @escaping @Sendable () -> Void) {
        switch backend {
        case .sqlite(let database):
            database.afterNextTransaction(onCommit: { onCommit(StoreDatabase($0)) }, onRollback: { _ in onRollback() })
        case .postgres(let session):
            session.afterCommit.append { onCommit(self) }
            session.afterRollback.append(onRollback)
        }
    }

    func fetchRows(_ sql: String, _ arguments: StoreArguments, statement: Statement?) throws -> [Row] {
        switch backend {
        case .sqlite(let database):
            if let statement { return try Row.fetchAll(statement, arguments: StatementArguments(arguments)) }
            return try Row.fetchAll(database, sql: sql, arguments: StatementArguments(arguments))
        case .postgres(let session):
            return try session.rows(sql, arguments)
        }
    }
}

/// A statement of one connection (see `StoreDatabase.cachedStatement`).
struct StoreStatement {
    let database: StoreDatabase
    let sql: String
    let sqlite: Statement?

    func execute(arguments: StoreArguments = []) throws {
        if let sqlite { try sqlite.execute(arguments: StatementArguments(arguments)) } else { try database.execute(sql: sql, arguments: arguments) }
    }
}

/// Rows one by one: a GRDB cursor on SQLite (a year of events never sits in
/// memory at once), the fetched rows on PostgreSQL.
struct StoreRowCursor {
    private var sqlite: RowCursor?
    private var rows: IndexingIterator<[Row]>?

    init(sqlite: RowCursor) { self.sqlite = sqlite }
    init(rows: [Row]) { self.rows = rows.makeIterator() }

    mutating func next() throws -> Row? {
        if let sqlite { return try sqlite.next() }
        return rows?.next()
    }
}

extension Row {
    static func fetchAll(_ db: StoreDatabase, sql: String, arguments: StoreArguments = []) throws -> [Row] {
        try db.fetchRows(sql, arguments, statement: nil)
    }

    static func fetchOne(_ db: StoreDatabase, sql: String, arguments: StoreArguments = []) throws -> Row? {
        if let sqlite = db.sqlite { return try Row.fetchOne(sqlite, sql: sql, arguments: StatementArguments(arguments)) }
        return try db.fetchRows(sql, arguments, statement: nil).first
    }

    static func fetchAll(_ statement: StoreStatement, arguments: StoreArguments = []) throws -> [Row] {
        try statement.database.fetchRows(statement.sql, arguments, statement: statement.sqlite)
    }

    static func fetchOne(_ statement: StoreStatement, arguments: StoreArguments = []) throws -> Row? {
        if let sqlite = statement.sqlite { return try Row.fetchOne(sqlite, arguments: StatementArguments(arguments)) }
        return try statement.database.fetchRows(statement.sql, arguments, statement: nil).first
    }

    static func fetchCursor(_ db: StoreDatabase, sql: String, arguments: StoreArguments = []) throws -> StoreRowCursor {
        if let sqlite = db.sqlite { return StoreRowCursor(sqlite: try Row.fetchCursor(sqlite, sql: sql, arguments: StatementArguments(arguments))) }
        return StoreRowCursor(rows: try db.fetchRows(sql, arguments, statement: nil))
    }
}

extension DatabaseValueConvertible {
    static func fetchOne(_ db: StoreDatabase, sql: String, arguments: StoreArguments = []) throws -> Self? {
        if let sqlite = db.sqlite { return try Self.fetchOne(sqlite, sql: sql, arguments: StatementArguments(arguments)) }
        return try firstColumn(of: db.fetchRows(sql, arguments, statement: nil).first)
    }

    static func fetchAll(_ db: StoreDatabase, sql: String, arguments: StoreArguments = []) throws -> [Self] {
        if let sqlite = db.sqlite { return try Self.fetchAll(sqlite, sql: sql, arguments: StatementArguments(arguments)) }
        return try db.fetchRows(sql, arguments, statement: nil).compactMap(firstColumn(of:))
    }

    static func fetchOne(_ statement: StoreStatement, arguments: StoreArguments = []) throws -> Self? {
        if let sqlite = statement.sqlite { return try Self.fetchOne(sqlite, arguments: StatementArguments(arguments)) }
        return try firstColumn(of: statement.database.fetchRows(statement.sql, arguments, statement: nil).first)
    }

    static func fetchAll(_ statement: StoreStatement, arguments: StoreArguments = []) throws -> [Self] {
        if let sqlite = statement.sqlite { return try Self.fetchAll(sqlite, arguments: StatementArguments(arguments)) }
        return try statement.database.fetchRows(statement.sql, arguments, statement: nil).compactMap(firstColumn(of:))
    }

    /// The first column of a PostgreSQL row as this type; NULL is nil, as
    /// GRDB reads it on SQLite.
    private static func firstColumn(of row: Row?) throws -> Self? {
        guard let row, let value = row.databaseValues.first, !value.isNull else { return nil }
        guard let converted = Self.fromDatabaseValue(value) else {
            throw GenesisError.internalError("the database returned \(value) where \(Self.self) was expected")
        }
        return converted
    }
}

extension StoreDatabase {
    /// Calls `body` with each row of `sql`, read by column index: on SQLite
    /// straight from the statement's column bytes (no `Row` per row, which
    /// was most of the time of a report over 100,000 trades), on PostgreSQL
    /// from the fetched values.
    func scan(_ sql: String, arguments: StoreArguments = [], _ body: (ScannedRow) throws -> Void) throws {
        guard let sqlite else {
            guard case .postgres(let session) = backend else { return }
            for values in try session.valueRows(sql, arguments) { try body(ScannedRow(values: values)) }
            return
        }
        let statement = try sqlite.makeStatement(sql: sql)
        try statement.setArguments(StatementArguments(arguments))
        let raw = statement.sqliteStatement
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else { throw GenesisError.internalError("reading the store failed (SQLite code \(code))") }
            try body(ScannedRow(raw: raw))
        }
    }
}

/// One row of `StoreDatabase.scan`, valid only inside its call.
struct ScannedRow {
    private let raw: OpaquePointer?
    private let values: [DatabaseValue]

    fileprivate init(raw: OpaquePointer?) {
        self.raw = raw
        values = []
    }

    fileprivate init(values: [DatabaseValue]) {
        raw = nil
        self.values = values
    }

    func isNull(_ column: Int32) -> Bool {
        guard let raw else { return values[Int(column)].isNull }
        return sqlite3_column_type(raw, column) == SQLITE_NULL
    }

    func int64(_ column: Int32) -> Int64 {
        guard let raw else { return Int64.fromDatabaseValue(values[Int(column)]) ?? 0 }
        return sqlite3_column_int64(raw, column)
    }

    /// The column's text bytes, nil for NULL.
    private func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) -> T) -> T {
        guard let raw else {
            guard var text = String.fromDatabaseValue(values[Int(column)]) else { return body(nil) }
            return text.withUTF8 { body($0) }
        }
        guard let text = sqlite3_column_text(raw, column) else { return body(nil) }
        return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(raw, column))))
    }

    func text(_ column: Int32) -> String? { withBytes(column) { $0.map { String(decoding: $0, as: UTF8.self) } } }

    func decimal(_ column: Int32) -> Decimal? { withBytes(column) { $0.flatMap { Decimal.parse($0) } } }

    /// The text, shared with equal texts seen before (see `TextInterner`).
    func text(_ column: Int32, interning interner: inout TextInterner) -> String? {
        withBytes(column) { $0.map { interner.string($0) } }
    }

    func text(_ column: Int32, equals expected: String) -> Bool {
        var expected = expected
        return withBytes(column) { bytes in expected.withUTF8 { bytes?.elementsEqual($0) ?? false } }
    }
}

extension StoreDatabase {
    /// Inserts `rows` (each the values of `columns`) skipping those already
    /// stored, and returns how many were new. On SQLite one prepared
    /// statement runs per row (a local call each); on PostgreSQL each
    /// statement carries as many rows as its arguments allow, since every
    /// statement is a round trip to the server.
    func insertOrIgnore(into table: String, columns: [String], rows: [StoreArguments]) throws -> Int {
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let head = "INSERT OR IGNORE INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        guard isPostgreSQL else {
            let statement = try cachedStatement(sql: head + row)
            var inserted = 0
            for values in rows {
                try statement.execute(arguments: values)
                inserted += changesCount
            }
            return inserted
        }
        let perStatement = max(1, StoreCopy.argumentsPerInsert / max(1, columns.count))
        var inserted = 0, start = 0
        while start < rows.count {
            let batch = rows[start..<min(rows.count, start + perStatement)]
            try execute(sql: head + Array(repeating: row, count: batch.count).joined(separator: ", "), arguments: Array(batch.joined()))
            inserted += changesCount
            start += batch.count
        }
        return inserted
    }
}
