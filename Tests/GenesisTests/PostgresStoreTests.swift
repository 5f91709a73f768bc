import Foundation
import GRDB
import NIOCore
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// The PostgreSQL backend (DESIGN §1.2): the SQL translation and the URL
/// rules without a server, then the store on a real server started by
/// scripts/postgres-check.sh (`GENESIS_TEST_POSTGRES`); without one those
/// tests are skipped, saying so.
@Suite struct PostgresDialectTests {
    @Test func placeholdersAreNumberedOutsideLiterals() {
        #expect(PostgresDialect.rewrite("SELECT '?' , x FROM t WHERE a = ? AND b = ?") == "SELECT '?' , x FROM t WHERE a = $1 AND b = $2")
        #expect(PostgresDialect.rewrite("UPDATE t SET a = ?2 WHERE b = ?1") == "UPDATE t SET a = $2 WHERE b = $1")
        #expect(PostgresDialect.rewrite("SELECT 'it''s ?' FROM t WHERE a = ?") == "SELECT 'it''s ?' FROM t WHERE a = $1")
    }

    @Test func insertOrIgnoreAndReplace() {
        #expect(PostgresDialect.rewrite("INSERT OR IGNORE INTO candles (a, b) VALUES (?, ?)")
            == "INSERT INTO candles (a, b) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        #expect(PostgresDialect.rewrite("INSERT OR REPLACE INTO clock_offsets (venue, offset_ms, measured_at) VALUES (?, ?, ?)")
            == "INSERT INTO clock_offsets (venue, offset_ms, measured_at) VALUES ($1, $2, $3) ON CONFLICT (venue) DO UPDATE SET offset_ms = EXCLUDED.offset_ms, measured_at = EXCLUDED.measured_at")
    }

    @Test func scalarExtremesLikeAndCasts() {
        #expect(PostgresDialect.rewrite("SELECT MAX(a, b), MAX(c), min(f(x, y), 2) FROM t")
            == "SELECT GREATEST(a, b), MAX(c), LEAST(f(x, y), 2) FROM t")
        #expect(PostgresDialect.rewrite("SELECT CAST(x AS REAL) FROM t WHERE type LIKE 'a%'")
            == "SELECT CAST(x AS DOUBLE PRECISION) FROM t WHERE type ILIKE 'a%'")
        #expect(PostgresDialect.rewrite("SELECT a FROM fills f NOT INDEXED JOIN o") == "SELECT a FROM fills f JOIN o")
        // A literal keeps its text whatever it holds.
        #expect(PostgresDialect.rewrite("SELECT 'MAX(a, b) LIKE ?' FROM t") == "SELECT 'MAX(a, b) LIKE ?' FROM t")
    }

    @Test func scriptsSplitAtTheirOwnSemicolons() {
        let script = """
        CREATE TABLE a (x TEXT DEFAULT ';'); -- a comment; with a semicolon
        CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
        SELECT 1
        """
        #expect(PostgresDialect.statements(script) == [
            "CREATE TABLE a (x TEXT DEFAULT ';')",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$",
            "SELECT 1",
        ])
    }

    @Test func theSchemaKeepsMoneyExactAndEventsAppendOnly() {
        let all = PostgresSchema.migrations.map(\.sql).joined(separator: "\n")
        #expect(PostgresSchema.migrations.map(\.id) == Schema.migrations.map(\.id))
        #expect(all.contains("balance NUMERIC NOT NULL"))
        #expect(all.contains("quantity NUMERIC NOT NULL"))
        #expect(!all.contains("AUTOINCREMENT") && !all.contains("WITHOUT ROWID") && !all.contains(" REAL"))
        #expect(!all.contains(" INTEGER"))
        #expect(all.contains("BEFORE TRUNCATE ON events"))
        #expect(!all.contains("RAISE(ABORT"))
        // Each migration splits into statements the server can take one at a time.
        for migration in PostgresSchema.migrations { #expect(!PostgresDialect.statements(migration.sql).isEmpty) }
    }

    @Test(arguments: ["0", "500", "500.00000000", "0.00010000", "-12.5", "123456789.123456789", "0.5", "10000", "99990000.0001", "-0.00000001"])
    func numericTextRoundTrips(_ text: String) throws {
        var bytes = Self.numericBinary(text)
        #expect(PostgresSession.numericText(&bytes) == text)
    }

    /// NUMERIC's binary form of `text`, as the server sends it (base-10000
    /// groups, weight of the first, sign, display scale).
    static func numericBinary(_ text: String) -> ByteBuffer {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let integer = String(parts[0]), fraction = parts.count > 1 ? String(parts[1]) : ""
        let paddedInteger = String(repeating: "0", count: (4 - integer.count % 4) % 4) + integer
        let paddedFraction = fraction + String(repeating: "0", count: (4 - fraction.count % 4) % 4)
        var groups: [Int16] = []
        for start in stride(from: 0, to: paddedInteger.count, by: 4) {
            groups.append(Int16(paddedInteger.dropFirst(start).prefix(4))!)
        }
        var weight = Int16(groups.count - 1)
        for start in stride(from: 0, to: paddedFraction.count, by: 4) {
            groups.append(Int16(paddedFraction.dropFirst(start).prefix(4))!)
        }
        while let first = groups.first, first == 0 { groups.removeFirst(); weight -= 1 }
        while let last = groups.last, last == 0 { groups.removeLast() }
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(groups.count))
        buffer.writeInteger(groups.isEmpty ? 0 : weight)
        buffer.writeInteger(UInt16(negative && !groups.isEmpty ? 0x4000 : 0))
        buffer.writeInteger(Int16(fraction.count))
        for group in groups { buffer.writeInteger(group) }
        return buffer
    }
}

@Suite struct PostgresLocationTests {
    @Test func theURLNamesTheServerAndThePasswordStaysOut() throws {
        let location = try PostgresLocation(url: "postgres://trader:s3cr%40t@db.example.com:6543/genesis?sslmode=require", environment: [:])
        #expect(location.host == "db.example.com" && location.port == 6543 && location.user == "trader" && location.database == "genesis")
        #expect(location.password == "s3cr@t")
        #expect(location.tls == .require)
        #expect(location.displayName == "postgres://trader@db.example.com:6543/genesis")
        #expect(!DatabaseLocation.displayName("postgres://trader:s3cr%40t@db.example.com/genesis").contains("s3cr"))
        // Loopback defaults to plain text, any other host to TLS when offered.
        #expect(try PostgresLocation(url: "postgresql://u@localhost/g", environment: [:]).tls == .disable)
        #expect(try PostgresLocation(url: "postgresql://u@10.0.0.2/g", environment: [:]).tls == .prefer)
    }

    @Test func thePasswordComesFromTheEnvironmentOrAPrivatePgpass() throws {
        let directory = TestSupport.temporaryDirectory()
        let file = directory.appendingPathComponent("pgpass").path
        try "# host:port:database:user:password\nother:5432:*:*:no\ndb.example.com:5432:genesis:trader:from\\:file\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        #expect(try PostgresLocation(url: "postgres://trader@db.example.com/genesis", environment: ["PGPASSFILE": file]).password == "from:file")
        #expect(try PostgresLocation(url: "postgres://trader@db.example.com/genesis", environment: ["PGPASSFILE": file, "PGPASSWORD": "env"]).password == "env")
        chmod(file, 0o644)
        #expect(throws: GenesisError.self) { try PostgresLocation(url: "postgres://trader@db.example.com/genesis", environment: ["PGPASSFILE": file]) }
    }

    @Test(arguments: ["postgres://", "postgres://host", "postgres://host/", "postgres://host/db?sslmode=sometimes", "postgres://host/db?color=red"])
    func aBadURLIsRefusedByName(_ url: String) {
        #expect(throws: GenesisError.self) { try PostgresLocation(url: url, environment: [:]) }
    }

    @Test func childProcessesGetTheURLWithoutItsPassword() {
        let split = DatabaseLocation.withoutPassword("postgres://trader:s%40cret@db.example.com:6543/genesis?sslmode=verify-full")
        #expect(split.location == "postgres://trader@db.example.com:6543/genesis?sslmode=verify-full")
        #expect(split.password == "s@cret")
        #expect(DatabaseLocation.withoutPassword("/data/genesis.db") == ("/data/genesis.db", nil))
    }

    @Test func sideFilesOfAServerStoreLiveInTheirOwnFolder() {
        let home = TestSupport.temporaryDirectory().path
        let prefix = DatabaseLocation.localFilePrefix("postgres://trader:pw@db.example.com:6543/genesis", environment: ["HOME": home])
        #expect(prefix == home + "/.genesis/postgres/trader@db.example.com_6543_genesis/store")
        #expect(!prefix.contains("pw"))
        #expect(DatabaseLocation.localFilePrefix("/data/genesis.db") == "/data/genesis.db")
    }
}

/// The store on a real server.
@Suite(.enabled(if: TestSupport.postgresServer != nil, "no PostgreSQL test server (GENESIS_TEST_POSTGRES); scripts/postgres-check.sh starts one"))
struct PostgresServerStoreTests {
    func store() throws -> (Store, String) {
        let url = try TestSupport.makePostgresDatabase(TestSupport.postgresServer!)
        return (try Store(path: url, origin: ["command": "tests"]), url)
    }

    @Test func theSchemaIsMigratedOnceAndChecksummed() throws {
        let (store, url) = try store()
        #expect(store.isPostgreSQL)
        let applied = try store.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier") }
        #expect(Set(applied) == Set(Schema.migrations.map(\.id)))
        // Opening again applies nothing.
        #expect(try PostgresSchema.migrate(PostgresServer(PostgresLocation(url: url)), create: true).isEmpty)
        // A checksum that is not this build's stops every command.
        try store.write { try $0.execute(sql: "UPDATE schema_checksums SET sha256 = 'x' WHERE migration = 'v2-exchange'") }
        #expect(throws: GenesisError.self) { try Store(path: url) }
    }

    @Test func moneyReadsBackExactlyAsWritten() throws {
        let (store, _) = try store()
        let time = Timestamp(milliseconds: 1_704_067_200_000)
        try store.createAccount(.opening(balance: Decimal.parse("500.12345678")!, at: time), at: time)
        let account = try store.requireAccount()
        #expect(account.balance.plainText == "500.12345678")
        #expect(try store.read { try String.fetchOne($0, sql: "SELECT balance FROM accounts") } == "500.12345678")
        #expect(try store.read { try String.fetchOne($0, sql: "SELECT pg_typeof(balance)::text FROM accounts") } == "numeric")
    }

    @Test func theServerRefusesToEditDeleteOrTruncateEvents() throws {
        let (store, _) = try store()
        let time = Timestamp(milliseconds: 1_704_067_200_000)
        try store.createAccount(.opening(balance: 500, at: time), at: time)
        for statement in ["UPDATE events SET payload = '{}'", "DELETE FROM events", "TRUNCATE events"] {
            #expect(throws: GenesisError.self, "\(statement)") { try store.write { try $0.execute(sql: statement) } }
        }
        #expect(try store.verifyRecord().tampered.isEmpty)
    }

    @Test func verifyNamesADroppedOrReplacedTrigger() throws {
        let (store, _) = try store()
        let time = Timestamp(milliseconds: 1_704_067_200_000)
        try store.createAccount(.opening(balance: 500, at: time), at: time)
        try store.write { try $0.execute(sql: "DROP TRIGGER events_are_append_only_truncate ON events") }
        #expect(try store.verifyRecord().tampered.contains { $0.subject == "events_are_append_only_truncate" })
        try store.write {
            try $0.execute(sql: "CREATE OR REPLACE FUNCTION events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")
        }
        #expect(try store.verifyRecord().tampered.contains { $0.subject == "events_are_append_only" })
    }

    /// Several processes' handles (one per thread here, each with its own
    /// connections) appending at once never fork the chain: the advisory
    /// write lock makes each read-then-append one step.
    @Test func concurrentWritersKeepOneChain() throws {
        let (store, url) = try store()
        let time = Timestamp(milliseconds: 1_704_067_200_000)
        try store.createAccount(.opening(balance: 500, at: time), at: time)
        let writers = 4, each = 25
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            do {
                let handle = try Store(path: url, origin: ["command": "writer \(writer)"])
                for index in 0..<each {
                    try handle.write { db in
                        try handle.append(AuditEvent(type: "test.written", aggregateType: "test", aggregateID: "\(writer)-\(index)", occurredAt: time, payload: [:]), in: db)
                    }
                }
            } catch {
                failures.update { $0.append("\(error)") }
            }
        }
        #expect(failures.value.isEmpty)
        let chain = try store.read(EventLog.verify)
        #expect(chain.firstBadSeq == nil)
        #expect(chain.checked == writers * each + 1)
        #expect(try store.verifyRecord().tampered.isEmpty)
    }

    /// A runtime role given only what trading needs: the server itself
    /// refuses it UPDATE and DELETE on events, triggers or not.
    @Test func aRuntimeRoleCannotRewriteEvents() throws {
        let (store, url) = try store()
        let time = Timestamp(milliseconds: 1_704_067_200_000)
        try store.createAccount(.opening(balance: 500, at: time), at: time)
        let role = "genesis_rt_" + UUID().uuidString.prefix(8).lowercased()
        let database = try PostgresLocation(url: url).database
        try store.write { db in
            for statement in PostgresSchema.runtimeGrants(role: role, database: database, password: "runtime-pw") { try db.execute(sql: statement) }
        }
        let runtimeURL = url.replacingOccurrences(of: #"//[^@]*@"#, with: "//\(role):runtime-pw@", options: .regularExpression)
        let runtime = try Store(path: runtimeURL)
        _ = try runtime.requireAccount()
        try runtime.write { db in
            try runtime.append(AuditEvent(type: "test.written", aggregateType: "test", aggregateID: "runtime", occurredAt: time, payload: [:]), in: db)
        }
        do {
            try runtime.write { try $0.execute(sql: "UPDATE events SET payload = '{}'") }
            Issue.record("the runtime role updated events")
        } catch let error as GenesisError {
            #expect("\(error)".contains("permission denied"))
        }
        #expect(try runtime.verifyRecord().tampered.isEmpty)
    }

    /// `gen-report migrate`'s copy: a SQLite store moved to the server keeps
    /// its chain and head, verifies, and carries on (new ids after the
    /// copied ones, new events after the copied chain); a second copy into
    /// the same database is refused.
    @Test func aSQLiteStoreCopiedToTheServerVerifiesAndCarriesOn() throws {
        let time = Timestamp(milliseconds: 1_704_067_200_000)
        let source = try TestSupport.temporaryStoreOnFile()
        try source.createAccount(.opening(balance: Decimal.parse("1234.5678")!, at: time), at: time)
        try source.write { db in
            for index in 0..<3 {
                try db.execute(sql: "INSERT INTO tilt_events (indicator, points, evidence, occurred_at, expires_at) VALUES (?, ?, '{}', ?, ?)",
                               arguments: ["cancel_rate", 2.5 + Double(index), time.milliseconds, time.milliseconds + 1])
                try source.append(AuditEvent(type: "test.written", aggregateType: "test", aggregateID: "\(index)", occurredAt: time, payload: [:]), in: db)
            }
        }
        let (target, _) = try store()
        let result = try StoreCopy.copy(from: source, to: target)
        #expect(result.rows.first { $0.table == "events" }?.count == 4)
        #expect(result.head?.seq == 4)
        #expect(try target.verifyRecord().tampered.isEmpty)
        #expect(try target.requireAccount().balance.plainText == "1234.5678")
        #expect(try target.read { try Double.fetchAll($0, sql: "SELECT points FROM tilt_events ORDER BY id") } == [2.5, 3.5, 4.5])
        try target.write { db in
            try db.execute(sql: "INSERT INTO tilt_events (indicator, points, evidence, occurred_at, expires_at) VALUES ('cancel_rate', 1, '{}', 0, 1)")
            try target.append(AuditEvent(type: "test.written", aggregateType: "test", aggregateID: "after", occurredAt: time, payload: [:]), in: db)
        }
        #expect(try target.read { try Int64.fetchAll($0, sql: "SELECT id FROM tilt_events ORDER BY id") } == [1, 2, 3, 4])
        #expect(try target.read(EventLog.lastLink)?.seq == 5)
        #expect(try target.verifyRecord().tampered.isEmpty)
        #expect(throws: GenesisError.self) { try StoreCopy.copy(from: source, to: target) }
    }

    /// Two machines sharing a server store cannot both run the watcher: the
    /// server's lock refuses the second until the first lets go.
    @Test func oneWatcherPerServerStore() throws {
        let (first, url) = try store()
        let second = try Store(path: url)
        var lease: WatcherLease? = try first.claimWatcher()
        #expect(lease != nil)
        #expect(throws: GenesisError.self) { _ = try second.claimWatcher() }
        lease = nil
        #expect(try second.claimWatcher() != nil)
        // A SQLite store leaves it to the watcher's file lock.
        #expect(try TestSupport.temporaryStoreOnFile().claimWatcher() == nil)
    }

    /// `sslmode=require` talks TLS to the server; `verify-full` refuses a
    /// certificate no authority vouches for (the test server's is self-signed).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GENESIS_TEST_POSTGRES_TLS"] == "1", "the test server speaks no TLS (no openssl)"))
    func theConnectionUsesTLSWhenAskedAndChecksTheCertificateWhenTold() throws {
        let url = try TestSupport.makePostgresDatabase(TestSupport.postgresServer!)
        let store = try Store(path: url + "?sslmode=require")
        #expect(try store.read { try Bool.fetchOne($0, sql: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") } == true)
        #expect(try Store(path: url).read { try Bool.fetchOne($0, sql: "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") } == false)
        #expect(throws: GenesisError.self) { try Store(path: url + "?sslmode=verify-full") }
    }

    /// A machine that anchored the chain notices when the database it wrote
    /// to was dropped and recreated empty, instead of starting a new chain.
    @Test func aDroppedDatabaseIsNotSilentlyStartedAgain() throws {
        let (store, url) = try store()
        let time = Timestamp(milliseconds: 1_704_067_200_000)
        try store.createAccount(.opening(balance: 500, at: time), at: time)
        try store.write { try $0.execute(sql: "DROP SCHEMA public CASCADE; CREATE SCHEMA public") }
        #expect(throws: GenesisError.self) { try Store(path: url) }
    }

    /// A connection that fails says what to fix, with the exit code of its
    /// kind: a password or a database name is configuration (4), a server
    /// that does not answer is the network (5).
    @Test func aFailedConnectionSaysWhatToFix() throws {
        let url = try TestSupport.makePostgresDatabase(TestSupport.postgresServer!)
        let database = try PostgresLocation(url: url).database
        func failure(_ url: String) -> GenesisError? {
            do { _ = try Store(path: url) } catch let error as GenesisError { return error } catch {}
            return nil
        }
        let wrongPassword = url.replacingOccurrences(of: #"//([^:@/]*):[^@]*@"#, with: "//$1:wrong@", options: .regularExpression)
        #expect(failure(wrongPassword)?.exitStatus == .configuration)
        #expect(failure(wrongPassword).map { "\($0)".contains("password authentication failed") } == true)
        let missing = failure(url.replacingOccurrences(of: "/\(database)", with: "/no_such_database"))
        #expect(missing?.exitStatus == .configuration)
        #expect(missing.map { "\($0)".contains("createdb") } == true)
        #expect(failure("postgres://genesis@127.0.0.1:1/genesis")?.exitStatus == .unavailable)
    }
}
