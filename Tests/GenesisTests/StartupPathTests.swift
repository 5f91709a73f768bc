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

/// The start-up shortcuts (issue 18): the one-query schema check and the
/// read-only configuration adoption must answer "nothing to do" only when
/// the full path would do nothing either.
@Suite struct StartupPathTests {
    // MARK: - Schema check

    @Test func aCurrentDatabaseIsRecognisedAndReopensWithoutMigrating() throws {
        let store = try TestSupport.makeStore()
        #expect(Store.isCurrent(store.writer))
        #expect(try Store.migrate(store.writer).isEmpty)
        let reopened = try Store(path: store.path)
        #expect(try reopened.rowCount("schema_checksums") == Schema.migrations.count)
    }

    @Test func theChecksumsAreTheSHA256OfEachMigration() {
        // The stored checksums of every existing database are lowercase hex SHA-256.
        #expect(Store.checksum("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Store.shippedChecksums.count == Schema.migrations.count)
    }

    @Test func oneTamperedChecksumTakesTheFullPathAndStopsTheCommand() throws {
        let store = try TestSupport.makeStore()
        let last = try #require(Schema.migrations.last?.id)
        try store.write { try $0.execute(sql: "UPDATE schema_checksums SET sha256 = 'tampered' WHERE migration = ?", arguments: [last]) }
        #expect(!Store.isCurrent(store.writer))
        #expect(throws: GenesisError.self) { try Store(path: store.path) }
    }

    @Test func aMissingOrExtraMigrationIsNotCurrent() throws {
        let store = try TestSupport.makeStore()
        try store.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        #expect(!Store.isCurrent(store.writer))
        #expect(throws: GenesisError.self) { try Store(path: store.path) }

        let other = try TestSupport.makeStore()
        let last = try #require(Schema.migrations.last?.id)
        try other.writer.write { try $0.execute(sql: "DELETE FROM schema_checksums WHERE migration = ?", arguments: [last]) }
        #expect(!Store.isCurrent(other.writer))
    }

    @Test func aDatabaseWithoutTablesIsNotCurrent() throws {
        let path = TestSupport.temporaryDirectory().appendingPathComponent("empty.db").path
        let pool = try DatabasePool(path: path)
        #expect(!Store.isCurrent(pool))
        try pool.close()
        // And opening it as a store migrates it.
        let store = try Store(path: path)
        #expect(Store.isCurrent(store.writer))
    }

    // MARK: - Configuration adoption

    static func config(maxTrades: Int = 100) -> GenesisConfig {
        var config = GenesisConfig()
        config.risk.maxTradesPerDay = maxTrades
        return config
    }

    @Test func noSnapshotYetMeansTheFullAdoption() throws {
        let store = try TestSupport.makeStore()
        #expect(try store.unchangedConfiguration(Self.config(), session: "default") == nil)
        _ = try store.adoptConfiguration(Self.config(), at: Timestamp(milliseconds: 0))
        let unchanged = try #require(try store.unchangedConfiguration(Self.config(), session: "default"))
        #expect(unchanged.risk.maxTradesPerDay == 100)
        // Another session has its own snapshot.
        #expect(try store.unchangedConfiguration(Self.config(), session: "backtest") == nil)
    }

    @Test func aChangedFileOrAWaitingLooseningIsNeverTakenAsUnchanged() throws {
        let store = try TestSupport.makeStore()
        let t0 = Timestamp(milliseconds: 1_700_000_000_000)
        _ = try store.adoptConfiguration(Self.config(), at: t0)
        // The file loosened: not unchanged, and the full path holds the old value.
        #expect(try store.unchangedConfiguration(Self.config(maxTrades: 150), session: "default") == nil)
        let loosened = try store.adoptConfiguration(Self.config(maxTrades: 150), at: t0)
        #expect(loosened.config.risk.maxTradesPerDay == 100)
        // The snapshot now equals the file, but a loosening waits: still the full path,
        // which keeps holding the stricter value until the cooling-off is over.
        #expect(try store.unchangedConfiguration(Self.config(maxTrades: 150), session: "default") == nil)
    }

    @Test func loadConfigStillCoolsOffALooseningOnTheCommandPath() throws {
        let store = try TestSupport.makeStore()
        let directory = TestSupport.temporaryDirectory()
        let file = directory.appendingPathComponent("genesis.yaml")
        try "risk:\n  maxTradesPerDay: 100\n".write(to: file, atomically: true, encoding: .utf8)
        var options = try GlobalOptions.parse(["--config", file.path])
        options.db = store.path
        let logger = options.logger("startup-test")
        #expect(try options.loadConfig(adoptingFor: store, session: "default", logger: logger).risk.maxTradesPerDay == 100)
        #expect(try options.loadConfig(adoptingFor: store, session: "default", logger: logger).risk.maxTradesPerDay == 100) // the read-only path
        try "risk:\n  maxTradesPerDay: 150\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try options.loadConfig(adoptingFor: store, session: "default", logger: logger).risk.maxTradesPerDay == 100)
        #expect(try options.loadConfig(adoptingFor: store, session: "default", logger: logger).risk.maxTradesPerDay == 100)
        #expect(try store.pendingLoosenings(session: "default").map(\.key) == ["risk.maxTradesPerDay"])
    }
}
