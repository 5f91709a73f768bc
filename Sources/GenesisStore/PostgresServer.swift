import Foundation
import GRDB
import GenesisDomain
import Logging
import PostgresNIO

/// A PostgreSQL store's connections (DESIGN §1.2). The store is synchronous,
/// like GRDB: each call waits for its reply on the calling thread while NIO's
/// shared event loops do the I/O. Idle connections are kept for the next
/// transaction, so a command pays the connection set-up once.
final class PostgresServer: @unchecked Sendable {
    let location: PostgresLocation
    private let configuration: PostgresConnection.Configuration
    private let idle = LockedValue<[PostgresSession]>([])
    private let logger = Logger(label: "genesis.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    /// Every write transaction takes this transaction-scoped advisory lock
    /// first: PostgreSQL's stand-in for SQLite's single writer, so that two
    /// machines never read the same chain end or balance and both write
    /// after it. READ COMMITTED then lets each statement see what the
    /// previous holder committed.
    static let writeLockKey: Int64 = 0x47454E_455349_53
    /// The schema upgrade's session-scoped advisory lock (several commands
    /// of one pipeline open an older database at once).
    static let migrationLockKey: Int64 = 0x47454E_4D4947

    init(_ location: PostgresLocation) throws {
        self.location = location
        var tls = PostgresConnection.Configuration.TLS.disable
        if location.tls != .disable {
            var settings = TLSConfiguration.makeClientConfiguration()
            if location.tls != .verifyFull { settings.certificateVerification = .none }
            let context = try NIOSSLContext(configuration: settings)
            tls = location.tls == .prefer ? .prefer(context) : .require(context)
        }
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                              password: location.password, database: location.database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.additionalStartupParameters = [("application_name", "genesis"), ("TimeZone", "UTC")]
        self.configuration = configuration
    }

    deinit {
        for session in idle.withLock({ $0 }) { session.close() }
    }

    /// A connection for one transaction, new or idle.
    private func checkOut() throws -> PostgresSession {
        if let session = idle.withLock({ $0.popLast() }) { return session }
        do {
            let connection = try PostgresConnection.connect(on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration,
                                                            id: Int.random(in: 0..<Int.max), logger: logger).wait()
            let session = PostgresSession(connection: connection, logger: logger, location: location)
            // A held lock fails a statement after the busy timeout, as on SQLite.
            try session.control("SET lock_timeout = '\(Int(Store.busyTimeout))s'")
            return session
        } catch let error as GenesisError {
            throw error
        } catch {
            throw connectionFailure(error)
        }
    }

    /// Why a connection failed, as the trader can act on it: a password
    /// or a database name to fix is configuration (exit 4), a server that
    /// does not answer is the network (exit 5).
    func connectionFailure(_ error: any Error) -> GenesisError {
        let name = location.displayName
        let described = PostgresSession.describe(error)
        guard let error = error as? PSQLError else { return .databaseUnreachable(path: name, message: described) }
        switch (error.code, error.serverInfo?[.sqlState]) {
        case (.authMechanismRequiresPassword, _):
            return .configuration(key: "--db", message: "\(name) asks for a password: give it in PGPASSWORD or ~/.pgpass (mode 0600)")
        case (.server, "28P01"?), (.server, "28000"?):
            return .configuration(key: "--db", message: "\(name): \(described); check the user and its password (PGPASSWORD, ~/.pgpass)")
        case (.server, "3D000"?):
            return .configuration(key: "--db", message: "\(name): \(described); create it first (createdb -h \(location.host) -p \(location.port) -U \(location.user) \(location.database))")
        case (.server, _):
            return .database(path: name, message: "cannot connect: \(described)")
        case (.sslUnsupported, _):
            return .configuration(key: "--db", message: "\(name) does not offer TLS, which sslmode=\(location.tls.rawValue) requires")
        default:
            let cause = error.underlying.map { "\($0)" } ?? described
            return .databaseUnreachable(path: name, message: "no answer from \(location.host):\(location.port) (\(cause))")
        }
    }

    private func checkIn(_ session: PostgresSession) {
        if session.isUsable { idle.withLock { $0.append(session) } } else { session.close() }
    }

    /// One write transaction: the write lock, `body`, COMMIT, then the
    /// after-commit work (the chain head file). Any error rolls back.
    func write<T>(_ body: (StoreDatabase) throws -> T) throws -> T {
        let session = try checkOut()
        defer { checkIn(session) }
        session.begin("BEGIN; SELECT pg_advisory_xact_lock(\(Self.writeLockKey))", readOnly: false)
        return try session.finish(body(StoreDatabase(session)))
    }

    /// One read transaction on a single snapshot, as a SQLite read sees the
    /// database as of its first statement.
    func read<T>(_ body: (StoreDatabase) throws -> T) throws -> T {
        let session = try checkOut()
        defer { checkIn(session) }
        session.begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", readOnly: true)
        return try session.finish(body(StoreDatabase(session)))
    }

    /// The watcher's session-scoped advisory lock: one watcher per database
    /// across every machine that shares it (a file lock only sees its own).
    static let watcherLockKey: Int64 = 0x47454E_574154

    /// Takes the session advisory lock `key` on a connection of its own and
    /// returns that connection, which holds the lock until it is closed
    /// (the server drops it too when the process dies); nil when another
    /// session holds it.
    func holdLock(_ key: Int64) throws -> PostgresSession? {
        let session = try checkOut()
        let held = try session.rows("SELECT pg_try_advisory_lock(\(key)) AS held", [])
        guard held.first.map({ ($0["held"] as Int64) == 1 }) == true else {
            checkIn(session)
            return nil
        }
        return session
    }

    /// Statements that cannot run in a transaction (CREATE DATABASE, roles).
    func administer(_ script: String) throws {
        let session = try checkOut()
        defer { checkIn(session) }
        try session.control(script)
    }

    /// Runs `body` outside any transaction, holding the migration lock.
    func withMigrationLock<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let session = try checkOut()
        defer { checkIn(session) }
        try session.control("SELECT pg_advisory_lock(\(Self.migrationLockKey))")
        defer { try? session.control("SELECT pg_advisory_unlock(\(Self.migrationLockKey))") }
        return try body(session)
    }
}

/// A value behind a lock, for the little state shared across threads.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

/// One connection to the server and the state of its transaction.
final class PostgresSession {
    let connection: PostgresConnection
    let logger: Logger
    let location: PostgresLocation
    private(set) var changesCount = 0
    private(set) var isInsideTransaction = false
    private(set) var isUsable = true
    var afterCommit: [() -> Void] = []
    var afterRollback: [() -> Void] = []

    init(connection: PostgresConnection, logger: Logger, location: PostgresLocation) {
        self.connection = connection
        self.logger = logger
        self.location = location
    }

    func close() { try? connection.close().wait() }

    /// The opening of the current transaction (BEGIN, the write lock), not
    /// yet sent: it goes out with the transaction's first statement, one
    /// round trip for both, and a transaction that ran no statement sends
    /// neither it nor a COMMIT.
    private var opening: [String] = []
    private var readOnly = false

    func begin(_ script: String, readOnly: Bool) {
        opening = PostgresDialect.statements(script)
        self.readOnly = readOnly
        isInsideTransaction = true
    }

    /// Sends what is pending of the opening and then `queries`, all at once
    /// (the server runs them in order), and waits for every reply; the
    /// first failure is the one thrown. Returns the last query's result.
    @discardableResult
    private func send(_ queries: [PostgresQuery]) throws -> PostgresQueryResult? {
        let all = opening.map { PostgresQuery(unsafeSQL: $0) } + queries
        opening.removeAll()
        let replies = all.map { connection.query($0, logger: logger) }
        var failure: (any Error)?, last: PostgresQueryResult?
        for reply in replies {
            do { last = try reply.wait() } catch { failure = failure ?? error }
        }
        if let failure {
            isUsable = !connection.isClosed
            throw mapped(failure)
        }
        return last
    }

    /// Statements without arguments or rows (SET, locks, a migration's
    /// script), sent together.
    func control(_ script: String) throws {
        try send(PostgresDialect.statements(script).map { PostgresQuery(unsafeSQL: $0) })
    }

    /// Commits after `body` succeeded and runs the after-commit work; rolls
    /// back when it threw.
    func finish<T>(_ body: @autoclosure () throws -> T) throws -> T {
        let value: T
        do {
            value = try body()
        } catch {
            if opening.isEmpty, isUsable { _ = try? connection.query("ROLLBACK", logger: logger).wait() }
            opening.removeAll()
            rolledBack()
            throw error
        }
        defer { isInsideTransaction = false }
        if !opening.isEmpty {
            // Nothing was sent: there is no transaction to end.
            opening.removeAll()
        } else if readOnly {
            // A read-only transaction has nothing to make durable: its COMMIT
            // is queued on the connection, ahead of its next use, unawaited.
            connection.query("COMMIT", logger: logger).whenComplete { _ in }
        } else {
            do {
                _ = try connection.query("COMMIT", logger: logger).wait()
            } catch {
                isUsable = !connection.isClosed
                rolledBack()
                throw mapped(error)
            }
        }
        isInsideTransaction = false
        let work = afterCommit
        afterCommit.removeAll()
        afterRollback.removeAll()
        for item in work { item() }
        return value
    }

    private func rolledBack() {
        isInsideTransaction = false
        afterCommit.removeAll()
        let work = afterRollback
        afterRollback.removeAll()
        for item in work { item() }
    }

    func execute(_ sql: String, _ arguments: StoreArguments) throws {
        // Several statements in one text (a script, without arguments) go
        // one by one: the extended protocol takes one statement per query.
        guard !arguments.isEmpty || !sql.contains(";") else {
            return try control(PostgresDialect.translate(sql))
        }
        _ = try run(sql, arguments)
    }

    func rows(_ sql: String, _ arguments: StoreArguments) throws -> [Row] {
        try run(sql, arguments).rows.map(Self.row(from:))
    }

    /// Each row's values in column order.
    func valueRows(_ sql: String, _ arguments: StoreArguments) throws -> [[DatabaseValue]] {
        try run(sql, arguments).rows.map { row in row.map { Self.value(of: $0)?.databaseValue ?? .null } }
    }

    /// The statement, translated, with every argument bound as text of
    /// unspecified type so the server types it from the column or operator
    /// it meets: a decimal string lands in a NUMERIC column exactly.
    private func run(_ sql: String, _ arguments: StoreArguments) throws -> PostgresQueryResult {
        var bindings = PostgresBindings(capacity: arguments.count)
        for argument in arguments {
            switch argument?.databaseValue.storage ?? .null {
            case .null: bindings.appendNull()
            case .int64(let value): bindings.append(Self.text(String(value)))
            case .double(let value): bindings.append(Self.text(value.isFinite ? "\(value)" : (value.isNaN ? "NaN" : (value > 0 ? "Infinity" : "-Infinity"))))
            case .string(let value): bindings.append(Self.text(value))
            case .blob(let data): bindings.append(Array(data))
            }
        }
        let result = try send([PostgresQuery(unsafeSQL: PostgresDialect.translate(sql), binds: bindings)])!
        changesCount = result.metadata.rows ?? 0
        return result
    }

    private static func text(_ value: String) -> UntypedText { UntypedText(text: value) }

    /// A PostgreSQL row as GRDB's, with SQLite's storage classes: integers
    /// and booleans as INTEGER, floats as REAL, NUMERIC as its exact text
    /// (how the SQLite store keeps money), everything else as TEXT.
    static func row(from row: PostgresRow) -> Row {
        var columns: [String: (any DatabaseValueConvertible)?] = [:]
        for cell in row {
            columns[cell.columnName] = value(of: cell)
        }
        return Row(columns)
    }

    static func value(of cell: PostgresCell) -> (any DatabaseValueConvertible)? {
        guard var bytes = cell.bytes else { return nil }
        if cell.format == .text { return bytes.readString(length: bytes.readableBytes) }
        switch cell.dataType {
        case .int2: return bytes.readInteger(as: Int16.self).map { Int64($0) }
        case .int4: return bytes.readInteger(as: Int32.self).map { Int64($0) }
        case .int8: return bytes.readInteger(as: Int64.self)
        case .oid: return bytes.readInteger(as: UInt32.self).map { Int64($0) }
        case .bool: return bytes.readInteger(as: UInt8.self).map { Int64($0 == 0 ? 0 : 1) }
        case .float4: return bytes.readInteger(as: UInt32.self).map { Double(Float(bitPattern: $0)) }
        case .float8: return bytes.readInteger(as: UInt64.self).map { Double(bitPattern: $0) }
        case .numeric: return numericText(&bytes)
        case .bytea: return Data(bytes.readableBytesView)
        case .jsonb:
            _ = bytes.readInteger(as: UInt8.self)
            return bytes.readString(length: bytes.readableBytes)
        default: return bytes.readString(length: bytes.readableBytes)
        }
    }

    /// NUMERIC's binary form as decimal text with the value's own scale
    /// ('500.00000000' stays so), the text the SQLite store would hold.
    static func numericText(_ bytes: inout ByteBuffer) -> String? {
        guard let count = bytes.readInteger(as: Int16.self), let weight = bytes.readInteger(as: Int16.self),
              let sign = bytes.readInteger(as: UInt16.self), let scale = bytes.readInteger(as: Int16.self) else { return nil }
        if sign == 0xC000 { return "NaN" }
        var groups: [Int16] = []
        for _ in 0..<count { guard let group = bytes.readInteger(as: Int16.self) else { return nil }; groups.append(group) }
        var integer = "", fraction = ""
        if weight >= 0 {
            for position in 0...Int(weight) {
                let group = position < groups.count ? groups[position] : 0
                integer += position == 0 ? String(group) : String(repeating: "0", count: 4 - String(group).count) + String(group)
            }
        }
        var position = Int(weight) + 1
        while fraction.count < Int(scale) {
            let index = position
            let group: Int16 = index >= 0 && index < groups.count ? groups[index] : 0
            fraction += String(repeating: "0", count: 4 - String(group).count) + String(group)
            position += 1
        }
        if fraction.count > Int(scale) { fraction = String(fraction.prefix(Int(scale))) }
        if integer.isEmpty { integer = "0" }
        return (sign == 0x4000 ? "-" : "") + integer + (scale > 0 ? "." + fraction : "")
    }

    func mapped(_ error: any Error) -> GenesisError {
        .database(path: location.displayName, message: Self.describe(error))
    }

    /// The server's own message (postgres-nio hides it from `description`).
    static func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let detail = error.serverInfo?[.detail].map { " (\($0))" } ?? ""
                return message + detail
            }
            return "\(error.code)"
        }
        return "\(error)"
    }
}

/// An argument as text of no declared type (OID 0): the server gives it the
/// type of the column or operator it meets, as it would a quoted literal.
struct UntypedText: PostgresDynamicTypeEncodable {
    let text: String
    var psqlType: PostgresDataType { PostgresDataType(0) }
    var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(text)
    }
}
