import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisCommandLine

/// `gen-report verify` (DESIGN §1.2) on a database written by a real paper
/// run (`gen-fetch replay | gen-signal | gen-risk | gen-exec --venue paper`),
/// tampered with through SQLite as someone holding the file would: every
/// change is reported (exit 7) and an untouched or restored database is
/// intact (exit 0). Each test works on its own copy (`gen-report restore`'s
/// code path, which carries the head file).
@Suite struct VerifyTests {
    /// The paper run, made once: a year of generated hourly candles through
    /// the four stages, so the ledger holds fills, open and closed
    /// positions, tier and tilt state written by concurrent processes.
    static let fixture: Result<String, any Error> = Result {
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")
        try bench.generate()
        let run = try bench.pipeline()
        for stage in ["fetch", "signal", "risk", "exec"] where run.rc[stage] != 0 {
            throw GenesisError.internalError("the paper run's \(stage) stage exited \(run.rc[stage].map(String.init) ?? "?"): \(run.stderr[stage] ?? "")")
        }
        let path = TestSupport.temporaryDirectory().appendingPathComponent("paper-run.db").path
        _ = try StoreBackup.restore(from: bench.db, to: path)
        return path
    }

    /// A private copy of the paper run's database and head.
    static func copy() throws -> String {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("genesis.db").path
        _ = try StoreBackup.restore(from: try fixture.get(), to: path)
        return path
    }

    /// Changes the file the way `sqlite3 genesis.db '…'` would: no store, no events.
    static func tamper(_ path: String, _ statements: String...) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            for sql in statements { try db.execute(sql: sql) }
        }
        try queue.close()
    }

    static func value<T: DatabaseValueConvertible>(_ path: String, _ sql: String) throws -> T {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try #require(try queue.read { try T.fetchOne($0, sql: sql) }, "\(sql) returned nothing")
    }

    static func verify(_ path: String, json: Bool = false) throws -> TestSupport.Outcome {
        try TestSupport.run("gen-report", ["verify", "--db", path] + (json ? ["--json"] : []))
    }

    /// Runs verify on a tampered copy: exit 7, and a TAMPERED line for `area` containing `text`.
    static func expectTampered(_ path: String, area: String, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try verify(path)
        #expect(outcome.status == 7, "verify exited \(outcome.status): \(outcome.stdout) \(outcome.stderr)", sourceLocation: sourceLocation)
        let lines = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("TAMPERED \(area) ") }
        #expect(lines.contains { $0.contains(text) }, "no 'TAMPERED \(area)' line with '\(text)' in:\n\(outcome.stdout)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.contains("audit trail TAMPERED"), sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains("altered outside GENESIS"), "\(outcome.stderr)", sourceLocation: sourceLocation)
    }

    static let dropTriggers = ["DROP TRIGGER events_are_append_only_update", "DROP TRIGGER events_are_append_only_delete"]

    // MARK: - Intact

    @Test func anUntouchedPaperRunIsIntactWithItsHeadAtTheChainsEnd() throws {
        let path = try Self.copy()
        let outcome = try Self.verify(path)
        #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.stdout.contains("audit trail intact"), "\(outcome.stdout)")
        // A database written by this build leaves nothing unchecked.
        #expect(outcome.stdout.split(separator: "\n").count == 1, "\(outcome.stdout)")
        let last: Int64 = try Self.value(path, "SELECT MAX(seq) FROM events")
        let hash: String = try Self.value(path, "SELECT hash FROM events WHERE seq = \(last)")
        #expect(ChainHeadFile.read(path + ".head") == .present(ChainHead(seq: last, hash: hash)))
        // The run wrote every kind of row the cross-check covers.
        let json = try PipelineBench.object(try Self.verify(path, json: true).stdout)
        #expect(json["intact"] as? Bool == true)
        let checked = Dictionary(uniqueKeysWithValues: (json["checked"] as? [[String: Any]] ?? []).map { ($0["table"] as! String, $0["rows"] as! Int) })
        for table in ["accounts", "positions", "fills", "tier_states", "tilt_states", "trading_state"] {
            #expect(checked[table, default: 0] > 0, "no \(table) rows were checked: \(checked)")
        }
    }

    @Test func theHeadFileOfTheRunIsPrivateAndMovedForwardByEachCommit() throws {
        let source = try Self.fixture.get()
        #expect(try FileManager.default.attributesOfItem(atPath: source + ".head")[.posixPermissions] as? Int == 0o600)
        let path = try Self.copy()
        let before = try #require(ChainHeadFile.read(path + ".head").head)
        let store = try Store(path: path, origin: ["command": "tests"])
        try store.recordBehaviour(kind: "restart", detail: "one more event", at: Timestamp(milliseconds: 1))
        let after = try #require(ChainHeadFile.read(path + ".head").head)
        #expect(after.seq == before.seq + 1)
        #expect(try Self.verify(path).status == 0)
    }

    @Test func aRestoredBackupVerifies() throws {
        let path = try Self.copy()
        let directory = TestSupport.temporaryDirectory().appendingPathComponent("backups").path
        let backup = try TestSupport.run("gen-report", ["backup", "--to", directory, "--json", "--db", path])
        #expect(backup.status == 0, "\(backup.stderr)")
        let copy = try #require(try PipelineBench.object(backup.stdout)["path"] as? String)
        #expect(FileManager.default.fileExists(atPath: copy + ".head"))
        let target = TestSupport.temporaryDirectory().appendingPathComponent("restored/genesis.db").path
        let restore = try TestSupport.run("gen-report", ["restore", copy, "--db", target])
        #expect(restore.status == 0, "\(restore.stdout) \(restore.stderr)")
        #expect(restore.stdout.contains("audit trail intact"), "\(restore.stdout)")
        let verify = try Self.verify(target)
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
        #expect(try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: target + ".head")[.posixPermissions] as? Int == 0o600)
        // Restoring over a database (or its head) is refused: it is evidence.
        let again = try TestSupport.run("gen-report", ["restore", copy, "--db", target])
        #expect(again.status == 7)
        #expect(again.stderr.contains("move the database you are replacing aside"), "\(again.stderr)")
    }

    @Test func eventsPastTheHeadAreAWarningNotTampering() throws {
        let path = try Self.copy()
        let last: Int64 = try Self.value(path, "SELECT MAX(seq) FROM events")
        let hash: String = try Self.value(path, "SELECT hash FROM events WHERE seq = \(last - 2)")
        // As if the writer died after its commit, before writing the head.
        try ChainHeadFile.write(ChainHead(seq: last - 2, hash: hash), to: path + ".head")
        let outcome = try Self.verify(path)
        #expect(outcome.status == 0, "\(outcome.stdout)")
        #expect(outcome.stdout.contains("WARNING head genesis.db.head: 2 events (\(last - 1)…\(last)) lie beyond the head file"), "\(outcome.stdout)")
    }

    // MARK: - The chain and its end

    @Test func anEditedMiddleEventIsTampering() throws {
        let path = try Self.copy()
        let middle: Int64 = try Self.value(path, "SELECT MAX(seq) / 2 FROM events")
        try Self.tamper(path, Self.dropTriggers[0], "UPDATE events SET payload = replace(payload, '\"', '''') WHERE seq = \(middle)")
        try Self.expectTampered(path, area: "chain", "event \(middle) was altered after it was written")
    }

    @Test func aDeletedMiddleEventIsTampering() throws {
        let path = try Self.copy()
        let middle: Int64 = try Self.value(path, "SELECT MAX(seq) / 2 FROM events")
        try Self.tamper(path, Self.dropTriggers[1], "DELETE FROM events WHERE seq = \(middle)")
        try Self.expectTampered(path, area: "chain", "sequence jumps from \(middle - 1) to \(middle + 1)")
    }

    @Test func theLastEventDeletedIsTampering() throws {
        let path = try Self.copy()
        let last: Int64 = try Self.value(path, "SELECT MAX(seq) FROM events")
        try Self.tamper(path, Self.dropTriggers[1], "DELETE FROM events WHERE seq = \(last)", "CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events\n    BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END")
        try Self.expectTampered(path, area: "head", "the chain ends at event \(last - 1) but the head file says \(last): the last 1 event was deleted")
        // The trigger was put back as it was: only the head shows the cut.
        #expect(!(try Self.verify(path).stdout.contains("TAMPERED triggers")))
    }

    @Test func theLastTenEventsDeletedIsTampering() throws {
        let path = try Self.copy()
        let last: Int64 = try Self.value(path, "SELECT MAX(seq) FROM events")
        try Self.tamper(path, Self.dropTriggers[1], "DELETE FROM events WHERE seq > \(last - 10)")
        try Self.expectTampered(path, area: "head", "the last 10 events were deleted")
    }

    @Test func allEventsDeletedIsTampering() throws {
        let path = try Self.copy()
        let last: Int64 = try Self.value(path, "SELECT MAX(seq) FROM events")
        try Self.tamper(path, Self.dropTriggers[1], "DELETE FROM events")
        try Self.expectTampered(path, area: "head", "all \(last) events were deleted")
    }

    @Test func aDeletedHeadFileIsTampering() throws {
        let path = try Self.copy()
        try FileManager.default.removeItem(atPath: path + ".head")
        try Self.expectTampered(path, area: "head", "is missing while the chain holds")
        // A later write does not bring it back: the loss stays visible.
        try Store(path: path, origin: ["command": "tests"]).recordBehaviour(kind: "restart", detail: "after the head went", at: Timestamp(milliseconds: 1))
        #expect(ChainHeadFile.read(path + ".head") == .missing)
    }

    @Test func aRewrittenChainEndIsTampering() throws {
        let path = try Self.copy()
        let last: Int64 = try Self.value(path, "SELECT MAX(seq) FROM events")
        try ChainHeadFile.write(ChainHead(seq: last, hash: String(repeating: "a", count: 64)), to: path + ".head")
        try Self.expectTampered(path, area: "head", "event \(last) does not have the hash the head file recorded")
    }

    @Test func aDatabaseDeletedBesideItsHeadIsNotSilentlyRecreated() throws {
        let path = try Self.copy()
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        let verify = try Self.verify(path)
        #expect(verify.status == 7)
        #expect(verify.stderr.contains("exists but the database"), "\(verify.stderr)")
        let initialise = try TestSupport.run("gen-risk", ["account", "init", "--balance", "500", "--db", path])
        #expect(initialise.status == 7, "\(initialise.stderr)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    // MARK: - Triggers

    @Test func aDroppedTriggerIsTampering() throws {
        let path = try Self.copy()
        try Self.tamper(path, Self.dropTriggers[0])
        try Self.expectTampered(path, area: "triggers", "events_are_append_only_update: the trigger is missing")
    }

    @Test func aNeutralisedOrAddedTriggerIsTampering() throws {
        let path = try Self.copy()
        try Self.tamper(path, Self.dropTriggers[1], "CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events BEGIN SELECT 1; END",
                        "CREATE TRIGGER keep_balance AFTER UPDATE ON accounts BEGIN SELECT 1; END")
        try Self.expectTampered(path, area: "triggers", "events_are_append_only_delete: the trigger was replaced")
        try Self.expectTampered(path, area: "triggers", "keep_balance: a trigger the schema does not create")
    }

    // MARK: - The ledger against its events

    @Test func anEditedBalanceIsTampering() throws {
        let path = try Self.copy()
        try Self.tamper(path, "UPDATE accounts SET balance = balance + 1000 WHERE session = 'default'")
        try Self.expectTampered(path, area: "accounts", "default: balance is")
    }

    @Test(arguments: [
        ("UPDATE accounts SET peak_balance = '100000'", "peak_balance is"),
        ("UPDATE accounts SET day_start_balance = '100000'", "day_start_balance is"),
        ("UPDATE accounts SET tier = 'ARCHITECT'", "tier is 'ARCHITECT'"),
        ("DELETE FROM accounts", "the account was deleted"),
    ])
    func otherAccountEditsAreTampering(edit: String, finding: String) throws {
        let path = try Self.copy()
        try Self.tamper(path, "PRAGMA foreign_keys = OFF", edit)
        try Self.expectTampered(path, area: "accounts", finding)
    }

    @Test func anEditedPositionIsTampering() throws {
        let path = try Self.copy()
        try Self.tamper(path, "UPDATE positions SET quantity = quantity * 2 WHERE id = (SELECT MIN(id) FROM positions)")
        try Self.expectTampered(path, area: "positions", "quantity is")
    }

    @Test(arguments: [
        ("UPDATE positions SET entry_price = entry_price / 2 WHERE id = (SELECT MIN(id) FROM positions)", "entry_price is"),
        ("UPDATE positions SET stop_price = '1' WHERE id = (SELECT MIN(id) FROM positions)", "stop_price is '1'"),
        ("UPDATE positions SET realized_pnl = '1000' WHERE id = (SELECT MIN(id) FROM positions WHERE status = 'CLOSED')", "realized_pnl is '1000'"),
        ("UPDATE positions SET exit_price = '1' WHERE id = (SELECT MIN(id) FROM positions WHERE status = 'CLOSED')", "exit_price is '1'"),
        // Closes the open position if there is one, else reopens the last closed one.
        ("UPDATE positions SET status = 'CLOSED', closed_at = 1 WHERE status = 'OPEN'; UPDATE positions SET status = 'OPEN', closed_at = NULL WHERE id = (SELECT MAX(id) FROM positions WHERE status = 'CLOSED') AND NOT EXISTS (SELECT 1 FROM positions WHERE closed_at = 1)", "status is"),
        ("DELETE FROM positions WHERE id = (SELECT MIN(id) FROM positions)", "the position was deleted"),
    ])
    func otherPositionEditsAreTampering(edit: String, finding: String) throws {
        let path = try Self.copy()
        try Self.tamper(path, edit)
        try Self.expectTampered(path, area: "positions", finding)
    }

    @Test func anEditedFillIsTampering() throws {
        let path = try Self.copy()
        try Self.tamper(path, "UPDATE fills SET price = price * 0.9 WHERE id = (SELECT MIN(id) FROM fills)")
        try Self.expectTampered(path, area: "fills", "price is")
    }

    @Test(arguments: [
        ("UPDATE fills SET quantity = quantity * 2 WHERE id = (SELECT MIN(id) FROM fills)", "quantity is"),
        ("UPDATE fills SET fee = '0' WHERE id = (SELECT MIN(id) FROM fills)", "fee is '0'"),
        ("DELETE FROM fills WHERE id = (SELECT MAX(id) FROM fills)", "the fill was deleted"),
        ("INSERT INTO fills (trade_id, client_order_id, symbol, side, quantity, price, quote_quantity, fee, fee_asset, executed_at) SELECT 'forged', client_order_id, symbol, side, quantity, price, quote_quantity, fee, fee_asset, executed_at FROM fills LIMIT 1", "no order.filled event booked this fill"),
    ])
    func otherFillEditsAreTampering(edit: String, finding: String) throws {
        let path = try Self.copy()
        try Self.tamper(path, edit)
        try Self.expectTampered(path, area: "fills", finding)
    }

    @Test(arguments: [
        ("tier_states", "UPDATE tier_states SET state = '{}' WHERE session = 'default'", "state is"),
        ("tier_states", "DELETE FROM tier_states", "the row was deleted"),
        ("tilt_states", "UPDATE tilt_states SET score = score + 50", "score is"),
        ("tilt_states", "DELETE FROM tilt_states", "the row was deleted"),
        ("trading_state", "UPDATE trading_state SET state = 'HALTED', cause = 'manual', reason = 'forged'", "state is 'HALTED'"),
        ("trading_state", "DELETE FROM trading_state", "the trading state row was deleted"),
        ("lockouts", "INSERT INTO lockouts (session, reason, escalation, started_at, ends_at) VALUES ('default', 'forged', 1, 1, 2)", "no tilt.locked event started this lockout"),
    ])
    func stateEditsAreTampering(area: String, edit: String, finding: String) throws {
        let path = try Self.copy()
        try Self.tamper(path, edit)
        try Self.expectTampered(path, area: area, finding)
    }

    @Test func aHaltLiftedInTheTableIsTampering() throws {
        let path = try Self.copy()
        let halt = try TestSupport.run("gen-exec", ["halt", "--reason", "drill", "--confirm", "HALT TRADING NOW", "--db", path])
        #expect(halt.status == 0, "\(halt.stderr)")
        #expect(try Self.verify(path).status == 0)
        try Self.tamper(path, "UPDATE trading_state SET state = 'ACTIVE', cause = NULL, reason = 'resumed'")
        try Self.expectTampered(path, area: "trading_state", "state is 'ACTIVE' but trading.halted")
    }

    @Test func theJSONListsEachFinding() throws {
        let path = try Self.copy()
        try Self.tamper(path, Self.dropTriggers[0], "UPDATE accounts SET balance = '1'")
        let outcome = try Self.verify(path, json: true)
        #expect(outcome.status == 7)
        let json = try PipelineBench.object(outcome.stdout)
        #expect(json["intact"] as? Bool == false)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["severity"] as? String == "tampered" && $0["area"] as? String == "triggers" })
        #expect(findings.contains { $0["severity"] as? String == "tampered" && $0["area"] as? String == "accounts" && $0["subject"] as? String == "default" })
    }

    // MARK: - Databases written before this build

    /// A database as the build before head files left it: migrations up to
    /// v10, events without the fields verify reads now, a tier state row
    /// without its stamp, no head file.
    static func olderDatabase() throws -> String {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("old.db").path
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            for migration in Schema.migrations where migration.id != Schema.headFileMigration {
                try db.execute(sql: migration.sql)
                try db.execute(sql: "INSERT INTO schema_checksums (migration, sha256, applied_at) VALUES (?, ?, 0)", arguments: [migration.id, Store.checksum(migration.sql)])
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [migration.id])
            }
            let t0 = Int64(1_709_251_200_000)
            try db.execute(sql: """
                INSERT INTO accounts (session, quote_asset, initial_balance, balance, peak_balance, day_start_balance, day, tier, tier_started_at, created_at, updated_at)
                VALUES ('default', 'USDT', '500', '499.9', '500', '500', 19783, 'SNIPER', \(t0), \(t0), \(t0));
                INSERT INTO trading_state (id, state, reason, changed_at, changed_by) VALUES (1, 'ACTIVE', 'account created', \(t0), 'gen-risk');
                INSERT INTO orders (client_order_id, session, venue, symbol, side, type, purpose, quantity, status, created_at, updated_at)
                VALUES ('o1', 'default', 'paper', 'BTCUSDT', 'BUY', 'MARKET', 'ENTRY', '1', 'FILLED', \(t0), \(t0));
                INSERT INTO fills (trade_id, client_order_id, symbol, side, quantity, price, quote_quantity, fee, fee_asset, executed_at)
                VALUES ('t1', 'o1', 'BTCUSDT', 'BUY', '1', '100', '100', '0.1', 'USDT', \(t0 + 1));
                INSERT INTO positions (session, symbol, side, status, quantity, entry_price, entry_client_order_id, opened_at, fees)
                VALUES ('default', 'BTCUSDT', 'LONG', 'OPEN', '1', '100', 'o1', \(t0 + 1), '0.1');
                INSERT INTO tier_states (session, state, updated_at) VALUES ('default', '{}', \(t0));
                """)
            let at = { (offset: Int64) in Timestamp(milliseconds: t0 + offset) }
            try EventLog.append(AuditEvent(type: "account.created", aggregateType: "account", aggregateID: "default", occurredAt: at(0),
                                           payload: ["balance": "500", "quote_asset": "USDT", "tier": "SNIPER"]), in: StoreDatabase(db))
            try EventLog.append(AuditEvent(type: "order.filled", aggregateType: "order", aggregateID: "o1", occurredAt: at(1),
                                           payload: ["trade_ids": "t1", "price": "100", "quantity": "1", "fee": "0.1", "fee_asset": "USDT", "venue": "paper"]), in: StoreDatabase(db))
            try EventLog.append(AuditEvent(type: "position.opened", aggregateType: "position", aggregateID: "o1", occurredAt: at(1),
                                           payload: ["symbol": "BTCUSDT", "quantity": "1", "entry_price": "100", "balance": "499.9"]), in: StoreDatabase(db))
        }
        try queue.close()
        return path
    }

    @Test func anOlderDatabaseGetsItsHeadOnFirstOpenAndSaysWhatItCannotCheck() throws {
        let path = try Self.olderDatabase()
        #expect(ChainHeadFile.read(path + ".head") == .missing)
        let store = try Store(path: path, origin: ["command": "tests"])
        #expect(ChainHeadFile.read(path + ".head").head?.seq == 3)
        let report = try store.verifyRecord()
        #expect(report.intact, "\(report.lines)")
        let unchecked = report.findings.filter { $0.severity == .notCheckable }
        #expect(Set(unchecked.map(\.area)) == [.accounts, .positions, .fills, .tierState], "\(report.lines)")
        #expect(unchecked.contains { $0.area == .fills && $0.message.contains("quantity, price and fee were booked before this build") })
        // What the old events do carry is still checked.
        try Self.tamper(path, "UPDATE accounts SET balance = '5000'", "UPDATE positions SET quantity = '2'", "DELETE FROM fills")
        let outcome = try Self.verify(path)
        #expect(outcome.status == 7)
        for line in ["TAMPERED accounts default: balance is '5000' but its events recorded '499.9'", "TAMPERED positions BTCUSDT entry o1: quantity is '2'",
                     "TAMPERED fills trade t1: the fill was deleted"] {
            #expect(outcome.stdout.contains(line), "\(outcome.stdout)")
        }
        #expect(outcome.stdout.contains("NOT CHECKABLE"))
    }

    // MARK: - The head file's rules

    @Test func theHeadOnlyMovesForwardAndIsNotCreatedOverALoss() throws {
        let directory = TestSupport.temporaryDirectory().path
        let database = directory + "/x.db"
        let head = database + ".head"
        let a = ChainHead(seq: 5, hash: String(repeating: "a", count: 64))
        let b = ChainHead(seq: 4, hash: String(repeating: "b", count: 64))
        #expect(try !ChainHeadFile.advance(database: database, to: a, createIfMissing: false))
        #expect(ChainHeadFile.read(head) == .missing)
        #expect(try ChainHeadFile.advance(database: database, to: a, createIfMissing: true))
        #expect(try !ChainHeadFile.advance(database: database, to: b, createIfMissing: true))
        #expect(ChainHeadFile.read(head) == .present(a))
        try Data("not a head".utf8).write(to: URL(fileURLWithPath: head))
        #expect(try !ChainHeadFile.advance(database: database, to: ChainHead(seq: 9, hash: a.hash), createIfMissing: true))
        #expect(ChainHeadFile.read(head) == .unreadable("not a head"))
    }

    @Test func headFindingsCoverEachWayTheEndCanDiffer() {
        let head = ChainHead(seq: 10, hash: String(repeating: "c", count: 64))
        let path = "/x/genesis.db.head"
        #expect(ChainHead.findings(.missing, path: path, lastSeq: nil, hashAtHeadSeq: nil).isEmpty)
        #expect(ChainHead.findings(.missing, path: path, lastSeq: 3, hashAtHeadSeq: nil).map(\.severity) == [.tampered])
        #expect(ChainHead.findings(.present(head), path: path, lastSeq: 10, hashAtHeadSeq: head.hash).isEmpty)
        #expect(ChainHead.findings(.present(head), path: path, lastSeq: nil, hashAtHeadSeq: nil).first?.message == "all 10 events were deleted (the events table is empty)")
        #expect(ChainHead.findings(.present(head), path: path, lastSeq: 12, hashAtHeadSeq: head.hash).map(\.severity) == [.warning])
        #expect(ChainHead.findings(.present(head), path: path, lastSeq: 12, hashAtHeadSeq: "d").map(\.severity) == [.tampered, .warning])
    }
}
