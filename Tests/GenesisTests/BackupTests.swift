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

/// `gen-report backup`: SQLite online backups of a store in use, checked,
/// private, and pruned to the newest N.
@Suite struct BackupTests {
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!

    static func storeWithData() throws -> Store {
        let store = try TestSupport.makeStore(balance: 500, openedAt: start)
        var generator = MarketGenerator(symbol: "BTCUSDT", interval: .oneMinute, start: start, startPrice: 60_000, seed: 11)
        _ = try store.insertCandles(symbol: "BTCUSDT", interval: .oneMinute, rows: generator.generate(count: 2_000))
        try store.halt(.manual, reason: "drill", by: "tests", at: start)
        try store.writeHeartbeat(WatcherHeartbeat(pid: 1, host: "h", venue: "binance", session: "default", startedAt: start, heartbeatAt: start))
        return store
    }

    static let tables = ["accounts", "candles", "events", "trading_state", "watcher_heartbeat", "schema_checksums"]

    static func counts(_ store: Store) throws -> [String: Int] { try store.rowCounts(tables) }

    static func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test func fileNamesSortInTimeOrder() {
        let name = StoreBackup.fileName(at: Timestamp(parsing: "2024-03-01T04:05:06.789Z")!)
        #expect(name == "genesis-20240301T040506Z.db")
        #expect(StoreBackup.isBackupName(name))
        for other in ["genesis.db", "genesis-20240301T040506Z.db-wal", ".genesis-20240301T040506Z.db.partial", "genesis-2024030XT040506Z.db", "notes.txt"] {
            #expect(!StoreBackup.isBackupName(other), "\(other)")
        }
    }

    @Test func aCopyHasTheSameRowsAndIsPrivate() throws {
        let store = try Self.storeWithData()
        let directory = TestSupport.temporaryDirectory().appendingPathComponent("backups/nested").path
        let time = Timestamp(parsing: "2024-03-02T08:00:00Z")!
        let result = try StoreBackup.run(store: store, to: directory, at: time, keep: 42)
        #expect(result.path == directory + "/genesis-20240302T080000Z.db")
        #expect(result.integrity == "ok")
        #expect(result.pages > 0)
        #expect(result.bytes > 0)
        #expect(result.pruned.isEmpty)
        #expect(try Self.mode(result.path) == 0o600)
        #expect(try Self.mode(directory) == 0o700)
        // One self-contained file and its chain head (DESIGN §1.2): no WAL left beside it, no partial file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["genesis-20240302T080000Z.db", "genesis-20240302T080000Z.db.head"])
        #expect(try Self.mode(result.path + ".head") == 0o600)
        let copy = try Store(path: result.path, origin: ["command": "tests"], create: false)
        #expect(try Self.counts(copy) == Self.counts(store))
        #expect(try copy.verifyEvents().ok)
        let end = try copy.read(EventLog.lastLink)
        #expect(result.head != nil && result.head == end)
        #expect(try copy.verifyRecord().intact)
        #expect(try copy.tradingState().1 == "drill")
        #expect(try copy.heartbeat() == store.heartbeat())
    }

    @Test func aCopyTakenWhileAnotherConnectionWritesIsAConsistentSnapshot() throws {
        let store = try Self.storeWithData()
        let path = store.path
        let before = try Self.counts(store)
        let directory = TestSupport.temporaryDirectory().appendingPathComponent("backups").path
        // Another process's worth of writes: its own connection, appending
        // events and candles while the backup runs. What it wrote is counted
        // and any error it meets fails the test.
        let rounds = 40
        let written = Locked((candles: 0, stateChanges: 0))
        let writerError = Locked<Error?>(nil)
        let writerDone = DispatchSemaphore(value: 0)
        Thread {
            defer { writerDone.signal() }
            do {
                let other = try Store(path: path, origin: ["command": "writer"])
                var generator = MarketGenerator(symbol: "ETHUSDT", interval: .oneMinute, start: Self.start, startPrice: 3_000, seed: 5)
                for index in 0..<rounds {
                    let candles = try other.insertCandles(symbol: "ETHUSDT", interval: .oneMinute, rows: generator.generate(count: 50)).inserted
                    // It starts HALTED: even rounds resume, odd rounds halt again.
                    var changed = true
                    if index.isMultiple(of: 2) {
                        try other.setTradingState(.active, reason: "writer \(index)", by: "tests", at: Self.start)
                    } else {
                        changed = try other.halt(.manual, reason: "writer \(index)", by: "tests", at: Self.start)
                    }
                    written.update { $0.candles += candles; $0.stateChanges += changed ? 1 : 0 }
                }
            } catch {
                writerError.set(error)
            }
        }.start()
        var results: [StoreBackup.Result] = []
        for second in 0..<3 {
            results.append(try StoreBackup.run(store: store, to: directory, at: Self.start.adding(milliseconds: Int64(second) * 1000), keep: 10))
        }
        try #require(writerDone.wait(timeout: .now() + 120) == .success, "the writer did not finish within 120 s")
        if let error = writerError.value { Issue.record(error, "the writer failed") }
        // Every write happened: 40 × 50 new candles and 40 state changes, each with its event.
        #expect(written.value.candles == rounds * 50)
        #expect(written.value.stateChanges == rounds)
        let after = try Self.counts(store)
        #expect(try store.rowCount("candles WHERE symbol = 'ETHUSDT'") == rounds * 50)
        #expect(after["candles"]! == before["candles"]! + rounds * 50)
        #expect(try store.rowCount("events WHERE aggregate_type = 'trading_state' AND payload LIKE '%writer %'") == rounds)
        let (state, reason) = try store.tradingState()
        #expect(state == .halted && reason == "writer \(rounds - 1)")
        for result in results {
            #expect(result.integrity == "ok")
            let copy = try Store(path: result.path, origin: ["command": "tests"], create: false)
            let counts = try Self.counts(copy)
            for table in Self.tables {
                #expect(counts[table]! >= before[table]! && counts[table]! <= after[table]!, "\(table): \(counts[table]!) not within \(before[table]!)…\(after[table]!)")
            }
            // A snapshot: every trading-state change in the copy has its event (one transaction each),
            // and the head it carries is its own end.
            #expect(try copy.verifyEvents().ok)
            let report = try copy.verifyRecord()
            #expect(report.intact, "\(report.lines)")
            #expect(report.head.head?.seq == report.lastSeq)
            let stateEvents = try copy.rowCount("events WHERE aggregate_type = 'trading_state'")
            let writerEvents = try store.rowCount("events WHERE aggregate_type = 'trading_state'")
            #expect(stateEvents <= writerEvents)
        }
    }

    @Test func pruningKeepsTheNewestN() throws {
        let store = try Self.storeWithData()
        let directory = TestSupport.temporaryDirectory().appendingPathComponent("backups").path
        try StoreBackup.prepareDirectory(directory)
        // Files that are not backups are never touched.
        _ = FileManager.default.createFile(atPath: directory + "/notes.txt", contents: Data("keep me".utf8))
        var pruned: [String] = []
        for hour in stride(from: 0, to: 28, by: 4) { // 7 backups, 4 hours apart
            let result = try StoreBackup.run(store: store, to: directory, at: Self.start.adding(milliseconds: Int64(hour) * 3_600_000), keep: 3)
            pruned += result.pruned
        }
        let left = try StoreBackup.list(in: directory)
        #expect(left == ["genesis-20240301T160000Z.db", "genesis-20240301T200000Z.db", "genesis-20240302T000000Z.db"])
        #expect(pruned == ["genesis-20240301T000000Z.db", "genesis-20240301T040000Z.db", "genesis-20240301T080000Z.db", "genesis-20240301T120000Z.db"])
        #expect(FileManager.default.fileExists(atPath: directory + "/notes.txt"))
        // A pruned copy's head goes with it.
        let heads = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".head") }.sorted()
        #expect(heads == left.map { $0 + ".head" })
    }

    @Test func aCopyOfADatabaseThatLostItsTailStillShowsTheCut() throws {
        let store = try Self.storeWithData()
        for index in 0..<3 { try store.setTradingState(.active, reason: "round \(index)", by: "tests", at: Self.start) }
        let head = try #require(ChainHeadFile.read(store.path + ".head").head)
        try store.writer.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER events_are_append_only_delete")
            try db.execute(sql: "DELETE FROM events WHERE seq > ?", arguments: [head.seq - 2])
            try db.execute(sql: "CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE is refused'); END")
        }
        let directory = TestSupport.temporaryDirectory().appendingPathComponent("backups").path
        let result = try StoreBackup.run(store: store, to: directory, at: Self.start, keep: 3)
        // The copy carries the live head, not its own shorter end.
        #expect(result.head == head)
        let report = try Store(path: result.path, origin: ["command": "tests"], create: false).verifyRecord()
        #expect(!report.intact)
        #expect(report.tampered.contains { $0.area == .head && $0.message.contains("the last 2 events were deleted") }, "\(report.lines)")
    }

    @Test func keepComesFromTheConfiguration() throws {
        #expect(GenesisConfig().backup.keep == 42)
        #expect(try ConfigLoader.parse("backup:\n  keep: 84\n").backup.keep == 84)
        #expect(throws: GenesisError.self) { try ConfigLoader.parse("backup:\n  keep: 0\n") }
    }

    @Test func aDirectoryOthersCanReadIsRefused() throws {
        let store = try Self.storeWithData()
        let directory = TestSupport.temporaryDirectory().path
        chmod(directory, 0o755)
        #expect(throws: GenesisError.self) { try StoreBackup.run(store: store, to: directory, at: Self.start, keep: 1) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func theCommandBacksUpPrunesAndReportsJSON() throws {
        let bench = try CLIBench.withAccount()
        let directory = bench.directory.appendingPathComponent("backups").path
        let first = try bench.run("gen-report", ["backup", "--to", directory, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any], "\(first.stdout)")
        let path = try #require(object["path"] as? String)
        #expect(object["integrity"] as? String == "ok")
        #expect(StoreBackup.isBackupName((path as NSString).lastPathComponent))
        #expect(try Self.mode(path) == 0o600)
        // Seed older copies; --keep 2 leaves the newest two.
        for name in ["genesis-20200101T000000Z.db", "genesis-20200101T040000Z.db"] {
            try FileManager.default.copyItem(atPath: path, toPath: directory + "/" + name)
        }
        // The command names its copy by the second on the machine's clock:
        // wait (bounded) for the next second rather than sleeping a fixed time.
        let firstName = (path as NSString).lastPathComponent
        #expect(waitUntil(5) { StoreBackup.fileName(at: .now()) != firstName }, "the clock did not move past \(firstName)")
        let second = try bench.run("gen-report", ["backup", "--to", directory, "--keep", "2"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.contains("pruned 2 older"), "\(second.stdout)")
        let left = try StoreBackup.list(in: directory)
        #expect(left.count == 2)
        #expect(left.first == (path as NSString).lastPathComponent)
        #expect(try bench.run("gen-report", ["backup", "--to", directory, "--keep", "0"]).status == 2)
    }
}
