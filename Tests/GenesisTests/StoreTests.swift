import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

@Suite struct StoreTests {
    @Test func migratesAnEmptyDatabase() throws {
        let store = try TestSupport.makeStore()
        let tables = try store.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        for table in ["accounts", "positions", "orders", "fills", "candles", "signals", "tilt_profiles", "tilt_events", "journal_entries",
                      "lockouts", "market_states", "global_market_states", "position_correlations", "trading_sessions", "trading_state", "events"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try store.journalMode() == "wal")
        let foreignKeys = try store.read { try Int.fetchOne($0, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func reopensAnExistingDatabaseWithoutLosingData() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Timestamp(milliseconds: 0))
        let reopened = try Store(path: store.path)
        #expect(try reopened.requireAccount().balance == 500)
        let applied = try reopened.rowCount("schema_checksums")
        #expect(applied == Schema.migrations.count)
    }

    @Test func refusesADatabaseWhoseMigrationWasAltered() throws {
        let store = try TestSupport.makeStore()
        try store.write { try $0.execute(sql: "UPDATE schema_checksums SET sha256 = 'tampered'") }
        #expect(throws: GenesisError.self) { try Store(path: store.path) }
    }

    @Test func refusesADatabaseFromANewerVersion() throws {
        let store = try TestSupport.makeStore()
        try store.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        #expect(throws: GenesisError.self) { try Store(path: store.path) }
    }

    @Test func eventsRefuseUpdateAndDelete() throws {
        let store = try TestSupport.makeStore()
        try store.write { db in
            try store.append(AuditEvent(type: "test", aggregateType: "t", aggregateID: "1", occurredAt: Timestamp(milliseconds: 1), payload: ["a": "1"]), in: db)
        }
        #expect(throws: DatabaseError.self) { try store.write { try $0.execute(sql: "UPDATE events SET type = 'x'") } }
        #expect(throws: DatabaseError.self) { try store.write { try $0.execute(sql: "DELETE FROM events") } }
        #expect(try store.rowCount("events") == 1)
    }

    @Test func hashChainLinksEveryEventAndDetectsTampering() throws {
        let store = try TestSupport.makeStore()
        try store.write { db in
            for index in 1...5 {
                try store.append(AuditEvent(type: "test.\(index)", aggregateType: "t", aggregateID: "\(index)", occurredAt: Timestamp(milliseconds: Int64(index)),
                                            payload: ["n": "\(index)", "quote": "he said \"hi\""]), in: db)
            }
        }
        let good = try store.verifyEvents()
        #expect(good.ok)
        #expect(good.checked == 5)
        let links = try store.read { try Row.fetchAll($0, sql: "SELECT prev_hash, hash FROM events ORDER BY seq") }
        #expect(links[0]["prev_hash"] == EventLog.genesisHash)
        for index in 1..<links.count { #expect((links[index]["prev_hash"] as String) == (links[index - 1]["hash"] as String)) }

        // Someone with file access drops the trigger and rewrites history.
        try store.write { db in
            try db.execute(sql: "DROP TRIGGER events_are_append_only_update")
            try db.execute(sql: "UPDATE events SET payload = '{\"n\":\"999\"}' WHERE seq = 3")
        }
        let bad = try store.verifyEvents()
        #expect(!bad.ok)
        #expect(bad.firstBadSeq == 3)
        #expect(bad.checked == 2)
    }

    @Test func hashChainDetectsARemovedEvent() throws {
        let store = try TestSupport.makeStore()
        try store.write { db in
            for index in 1...3 {
                try store.append(AuditEvent(type: "test", aggregateType: "t", aggregateID: "\(index)", occurredAt: Timestamp(milliseconds: 1), payload: [:]), in: db)
            }
            try db.execute(sql: "DROP TRIGGER events_are_append_only_delete")
            try db.execute(sql: "DELETE FROM events WHERE seq = 2")
        }
        let result = try store.verifyEvents()
        #expect(result.firstBadSeq == 3)
    }

    @Test func accountIsCreatedOnceAtSniper() throws {
        let store = try TestSupport.makeStore()
        #expect(throws: GenesisError.self) { try store.requireAccount() }
        try store.createAccount(.opening(balance: Decimal(string: "500.25")!, at: Timestamp(milliseconds: 86_400_000 * 3)), at: Timestamp(milliseconds: 86_400_000 * 3))
        let account = try store.requireAccount()
        #expect(account.tier == .sniper)
        #expect(account.balance == Decimal(string: "500.25")!)
        #expect(account.day == 3)
        #expect(throws: GenesisError.self) { try store.createAccount(.opening(balance: 1, at: Timestamp(milliseconds: 0)), at: Timestamp(milliseconds: 0)) }
        #expect(try store.tradingState().0 == .active)
        #expect(try store.verifyEvents().checked == 1)
    }

    @Test func databaseLocationFollowsFlagThenEnvironmentThenHome() {
        #expect(DatabaseLocation.resolve(flag: "/x.db", environment: ["GENESIS_DB": "/y.db", "HOME": "/h"]) == "/x.db")
        #expect(DatabaseLocation.resolve(flag: nil, environment: ["GENESIS_DB": "/y.db", "HOME": "/h"]) == "/y.db")
        #expect(DatabaseLocation.resolve(flag: nil, environment: ["HOME": "/h"]) == "/h/.genesis/genesis.db")
    }

    @Test func postgresURLsAreAClearConfigurationError() {
        #expect(throws: GenesisError.self) { try Store(path: "postgres://localhost/genesis") }
    }
}
