import Foundation
import GRDB
import Logging
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// The supervised pipeline's heartbeat (DESIGN §6): the pure RUNNING /
/// STOPPED / DEAD verdict, gen-exec's `PipelineMonitor` against a recording
/// repository, the store row, and `gen-report health` with its exit codes,
/// all on injected times.
@Suite struct PipelineHeartbeatTests {
    static let now = Timestamp(parsing: "2024-03-01T12:00:00Z")!

    static func beat(age seconds: Int64, stopped: Bool = false, session: String = "default", venue: String = "binance",
                     startedSecondsAgo: Int64 = 3600) -> PipelineHeartbeat {
        var beat = PipelineHeartbeat(session: session, venue: venue, pid: 5151, host: "trader-box",
                                     startedAt: now.adding(milliseconds: -startedSecondsAgo * 1000), heartbeatAt: now.adding(milliseconds: -seconds * 1000))
        beat.lastCandleAt = now.adding(milliseconds: -42_000)
        beat.lastOrderAt = now.adding(milliseconds: -600_000)
        beat.linesRead = 120
        beat.candles = 100
        beat.orders = 2
        if stopped { beat.stoppedAt = beat.heartbeatAt }
        return beat
    }

    /// Keeps every row written, in order.
    final class Recorder: PipelineHeartbeatRepository, @unchecked Sendable {
        let rows = Locked<[PipelineHeartbeat]>([])
        var failing = false
        func writePipelineHeartbeat(_ beat: PipelineHeartbeat) throws {
            if failing { throw GenesisError.configuration(key: "test", message: "store unavailable") }
            rows.update { $0.append(beat) }
        }
        var written: [PipelineHeartbeat] { rows.update { $0 } }
    }

    // MARK: - The verdict, pure

    @Test func theVerdictTurnsDeadOneMillisecondPastTheLimit() {
        let beat = Self.beat(age: 30)
        #expect(beat.status(now: Self.now, deadAfterMs: 30_000) == .running)
        #expect(beat.status(now: Self.now.adding(milliseconds: 1), deadAfterMs: 30_000) == .dead)
        #expect(Self.beat(age: 3000, stopped: true).status(now: Self.now, deadAfterMs: 30_000) == .stopped)
        #expect(beat.candleAgeMs(now: Self.now) == 42_000)
        #expect(PipelineHeartbeat(session: "s", venue: "v", pid: 1, host: "h", startedAt: Self.now, heartbeatAt: Self.now).candleAgeMs(now: Self.now) == nil)
    }

    // MARK: - The monitor

    static func monitor(_ recorder: Recorder, heartbeatSeconds: Int = 5) -> PipelineMonitor {
        var settings = GenesisConfig.Pipeline()
        settings.heartbeatSeconds = heartbeatSeconds
        return PipelineMonitor(store: recorder, session: "live", venue: "binance", settings: settings, logger: Logger(label: "test"),
                               now: Self.now, pid: 77, host: "box")
    }

    @Test func theMonitorCountsLinesAndBeatsAtMostEveryInterval() {
        let recorder = Recorder()
        let monitor = Self.monitor(recorder)
        let candleTime = Self.now.adding(milliseconds: -1000)
        monitor.observe(type: .candle, ts: candleTime)
        monitor.observe(type: .candle, ts: candleTime.adding(milliseconds: -60_000))   // an older candle does not move it back
        monitor.observe(type: .book, ts: Self.now)
        monitor.observe(type: .order, ts: Self.now)
        monitor.observe(type: .execution, ts: Self.now.adding(milliseconds: 5))
        #expect(monitor.beat(now: Self.now))
        #expect(!monitor.beat(now: Self.now.adding(milliseconds: 4999)))
        #expect(monitor.beat(now: Self.now.adding(milliseconds: 5000)))
        let rows = recorder.written
        #expect(rows.count == 2)
        let last = rows.last!
        #expect(last.heartbeatAt == Self.now.adding(milliseconds: 5000))
        #expect(last.startedAt == Self.now && last.pid == 77 && last.session == "live" && last.venue == "binance")
        #expect(last.linesRead == 5 && last.candles == 2 && last.orders == 1 && last.executions == 1)
        #expect(last.lastCandleAt == candleTime)
        #expect(last.lastOrderAt == Self.now)
        #expect(last.lastFillAt == Self.now.adding(milliseconds: 5))
        #expect(last.stoppedAt == nil)
    }

    @Test func stopWritesTheCleanStopOnceAndNothingBeatsAfterIt() {
        let recorder = Recorder()
        let monitor = Self.monitor(recorder)
        #expect(monitor.beat(now: Self.now))
        // The stop is written at once, whatever the interval.
        monitor.stop(now: Self.now.adding(milliseconds: 100))
        monitor.stop(now: Self.now.adding(milliseconds: 200))
        #expect(!monitor.beat(now: Self.now.adding(milliseconds: 60_000)))
        let rows = recorder.written
        #expect(rows.count == 2)
        #expect(rows.last?.stoppedAt == Self.now.adding(milliseconds: 100))
        #expect(rows.last?.status(now: Self.now.adding(milliseconds: 86_400_000), deadAfterMs: 30_000) == .stopped)
    }

    @Test func aFailingStoreDoesNotStopTheMonitor() {
        let recorder = Recorder()
        recorder.failing = true
        let monitor = Self.monitor(recorder)
        monitor.observe(type: .candle, ts: Self.now)
        #expect(!monitor.beat(now: Self.now))
        recorder.failing = false
        // Not written, so not rate-limited: the next try writes.
        #expect(monitor.beat(now: Self.now.adding(milliseconds: 1)))
        #expect(recorder.written.first?.candles == 1)
    }

    @Test func onlyExchangeVenuesOrAnExplicitRequestKeepAHeartbeat() {
        #expect(PipelineMonitor.wanted(onExchange: true, asked: false))
        #expect(PipelineMonitor.wanted(onExchange: false, asked: true))
        #expect(!PipelineMonitor.wanted(onExchange: false, asked: false))
        #expect(PipelineMonitor.started(store: Recorder(), session: "s", venue: "paper", settings: .init(), onExchange: false, asked: false,
                                        logger: Logger(label: "test")) == nil)
    }

    @Test func theTimerBeatsWithoutInput() throws {
        let recorder = Recorder()
        let monitor = Self.monitor(recorder, heartbeatSeconds: 1)
        monitor.start()
        defer { monitor.stop(now: .now()) }
        // Written at start, then again by the timer alone: nothing was read.
        #expect(recorder.written.count >= 1)
        #expect(waitUntil(10) { recorder.written.count >= 2 })
    }

    // MARK: - The store

    @Test func theStoreKeepsOneRowPerSessionAndVenueAndCompletesSignalsAndFills() throws {
        let store = try TestSupport.makeStore()
        #expect(try store.pipelineHeartbeats().isEmpty)
        let first = Self.beat(age: 3, session: "default")
        try store.writePipelineHeartbeat(first)
        var second = first
        second.heartbeatAt = Self.now
        second.candles = 101
        try store.writePipelineHeartbeat(second)
        try store.writePipelineHeartbeat(Self.beat(age: 3, session: "other", venue: "testnet", startedSecondsAgo: 10))
        let rows = try store.pipelineHeartbeats()
        #expect(rows.map(\.session) == ["other", "default"], "newest started first, one row per session and venue")
        #expect(rows.last == second)
        // gen-risk records the signals gen-exec never sees.
        let signalAt = Self.now.adding(milliseconds: -90_000)
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO signals (id, session, strategy, symbol, side, price, reason, created_at, decision)
                VALUES ('s1', 'default', 'momentum_breakout', 'BTCUSDT', 'BUY', '40000', 'test', ?, 'REJECTED')
                """, arguments: [signalAt.milliseconds])
        }
        #expect(try store.pipelineHeartbeats().last?.lastSignalAt == signalAt)
        #expect(try store.healthInputs().pipelines.count == 2)
    }

    // MARK: - Health

    static func inputs(_ pipelines: [PipelineHeartbeat]) -> HealthInputs {
        var inputs = HealthInputs()
        inputs.pipelines = pipelines
        return inputs
    }

    @Test func healthJudgesTheNewestPipelineOfEachVenue() throws {
        // A run replaced by a newer one on the same venue is history, not a death.
        let dead = Self.beat(age: 600, session: "old", startedSecondsAgo: 7200)
        let running = Self.beat(age: 2, session: "new", startedSecondsAgo: 60)
        let report = HealthReport(inputs: Self.inputs([dead, running]), now: Self.now)
        #expect(report.pipelines.map(\.status) == [.running])
        #expect(report.healthy)
        let json = report.json()
        #expect(json.contains(#""pipeline_status":"RUNNING""#))
        #expect(json.contains(#""candle_age_ms":42000"#))
        #expect(report.rows.contains { $0.0 == "last candle" && $0.1.contains("42.0 s ago") })
        #expect(report.rows.contains { $0.0 == "last order" && $0.1.contains("10 min ago") })
    }

    @Test func aDeadPipelineExits7AndAStoppedOneOnlyWhenRequired() throws {
        let dead = HealthReport(inputs: Self.inputs([Self.beat(age: 31)]), now: Self.now)
        #expect(dead.exitStatus == .stateConflict)
        #expect(dead.problems.first?.message.contains("DEAD") == true)
        #expect(dead.problems.first?.message.contains("5151") == true)
        let stopped = Self.inputs([Self.beat(age: 600, stopped: true)])
        #expect(HealthReport(inputs: stopped, now: Self.now).exitStatus == .ok)
        #expect(HealthReport(inputs: stopped, now: Self.now).warnings.contains { $0.contains("STOPPED") })
        #expect(HealthReport(inputs: stopped, now: Self.now, thresholds: .init(requirePipeline: true)).exitStatus == .stateConflict)
        #expect(HealthReport(inputs: HealthInputs(), now: Self.now).exitStatus == .ok)
        #expect(HealthReport(inputs: HealthInputs(), now: Self.now, thresholds: .init(requirePipeline: true)).exitStatus == .stateConflict)
        // A longer pipeline.deadAfterSeconds keeps it RUNNING.
        #expect(HealthReport(inputs: Self.inputs([Self.beat(age: 31)]), now: Self.now, thresholds: .init(pipelineDeadAfterMs: 60_000)).healthy)
    }

    struct CommandCase: CustomTestStringConvertible, Sendable {
        var name: String
        var ageSeconds: Int64?
        var stopped = false
        var arguments: [String] = []
        var deadAfter: Int?
        var status: Int32
        var pipeline: String
        var testDescription: String { name }
    }

    static let commandCases: [CommandCase] = [
        CommandCase(name: "running", ageSeconds: 5, status: 0, pipeline: "RUNNING"),
        CommandCase(name: "dead", ageSeconds: 31, status: 7, pipeline: "DEAD"),
        CommandCase(name: "dead, but within pipeline.deadAfterSeconds", ageSeconds: 31, deadAfter: 60, status: 0, pipeline: "RUNNING"),
        CommandCase(name: "stopped", ageSeconds: 100, stopped: true, status: 0, pipeline: "STOPPED"),
        CommandCase(name: "stopped, pipeline required", ageSeconds: 100, stopped: true, arguments: ["--require-pipeline"], status: 7, pipeline: "STOPPED"),
        CommandCase(name: "never", ageSeconds: nil, status: 0, pipeline: "NEVER"),
        CommandCase(name: "never, pipeline required", ageSeconds: nil, arguments: ["--require-pipeline"], status: 7, pipeline: "NEVER"),
    ]

    @Test(arguments: commandCases)
    func theCommandExitsWithTheDocumentedCode(_ item: CommandCase) throws {
        let bench = try CLIBench.withAccount()
        if let age = item.ageSeconds {
            try Store(path: bench.db, origin: ["command": "tests"]).writePipelineHeartbeat(Self.beat(age: age, stopped: item.stopped))
        }
        var arguments = ["--at", Self.now.iso8601] + item.arguments
        if let deadAfter = item.deadAfter {
            let config = bench.directory.appendingPathComponent("genesis.yaml").path
            try "pipeline:\n  deadAfterSeconds: \(deadAfter)\n".write(toFile: config, atomically: true, encoding: .utf8)
            arguments += ["--config", config]
        }
        let table = try bench.run("gen-report", ["health"] + arguments)
        #expect(table.status == item.status, "\(table.stdout)\n\(table.stderr)")
        #expect(table.stdout.contains("pipeline") && table.stdout.contains(item.pipeline), "\(table.stdout)")
        let json = try bench.run("gen-report", ["health", "--json"] + arguments)
        #expect(json.status == item.status)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(object["pipeline_status"] as? String == item.pipeline)
        #expect(object["exit_code"] as? Int == Int(item.status))
    }

    @Test func theConfigurationRefusesADeadlineShorterThanTheHeartbeat() throws {
        #expect(throws: GenesisError.self) { try ConfigLoader.parse("pipeline:\n  heartbeatSeconds: 10\n  deadAfterSeconds: 10\n") }
        #expect(throws: GenesisError.self) { try ConfigLoader.parse("pipeline:\n  candleBatchSeconds: 0\n") }
        #expect(try ConfigLoader.parse("pipeline:\n  deadAfterSeconds: 12\n").pipeline.deadAfterSeconds == 12)
    }
}
