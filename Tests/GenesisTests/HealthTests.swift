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

/// `gen-report health` (DESIGN §6, §8): the watcher's status from crafted
/// heartbeat rows, the problems and their exit codes, on an injected clock.
@Suite struct HealthTests {
    static let now = Timestamp(parsing: "2024-03-01T12:00:00Z")!

    static func beat(age seconds: Int64, stopped: Bool = false) -> WatcherHeartbeat {
        var beat = WatcherHeartbeat(pid: 4242, host: "trader-box", venue: "binance", session: "default",
                                    startedAt: now.adding(milliseconds: -3_600_000), heartbeatAt: now.adding(milliseconds: -seconds * 1000))
        beat.streamConnected = true
        beat.streamLagMs = 120
        beat.lastStreamEventAt = beat.heartbeatAt.adding(milliseconds: -120)
        beat.reconnects = 2
        beat.gapFills = 1
        beat.usedWeight = 300
        beat.weightLimit = 6000
        if stopped { beat.stoppedAt = beat.heartbeatAt }
        return beat
    }

    // MARK: - Watcher status, pure

    @Test func freshHeartbeatIsRunningAndHealthy() {
        let report = HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 4)), now: Self.now)
        #expect(report.watcher == .running)
        #expect(report.heartbeatAgeMs == 4000)
        #expect(report.healthy)
        #expect(report.exitStatus == .ok)
    }

    @Test func theBoundaryIsThreeIntervals() {
        // 15 s old is still fresh (≤ 3 × 5 s); one millisecond more is not.
        #expect(HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 15)), now: Self.now).watcher == .running)
        let late = HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 15)), now: Self.now.adding(milliseconds: 1))
        #expect(late.watcher == .dead)
        // A 10 s interval moves the limit to 30 s.
        let slower = HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 25)), now: Self.now, thresholds: .forHeartbeat(seconds: 10))
        #expect(slower.watcher == .running)
    }

    @Test func staleHeartbeatWithoutStopIsDeadAndExits7() throws {
        let report = HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 60)), now: Self.now)
        #expect(report.watcher == .dead)
        #expect(!report.healthy)
        #expect(report.exitStatus == .stateConflict)
        let problem = try #require(report.problems.first)
        #expect(problem.message.contains("DEAD"))
        #expect(problem.message.contains("4242"))
    }

    @Test func cleanStopIsStoppedAndOnlyFailsWhenAWatcherIsRequired() {
        let inputs = HealthInputs(heartbeat: Self.beat(age: 600, stopped: true))
        let relaxed = HealthReport(inputs: inputs, now: Self.now)
        #expect(relaxed.watcher == .stopped)
        #expect(relaxed.healthy)
        #expect(relaxed.warnings.contains { $0.contains("STOPPED") })
        let strict = HealthReport(inputs: inputs, now: Self.now, thresholds: HealthReport.Thresholds(requireWatcher: true))
        #expect(strict.exitStatus == .stateConflict)
        // Stopped wins over fresh: a clean stop one second ago is not RUNNING.
        #expect(HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 1, stopped: true)), now: Self.now).watcher == .stopped)
    }

    @Test func noRowIsNever() {
        let report = HealthReport(inputs: HealthInputs(), now: Self.now)
        #expect(report.watcher == .never)
        #expect(report.heartbeatAgeMs == nil)
        #expect(report.exitStatus == .ok)
        #expect(HealthReport(inputs: HealthInputs(), now: Self.now, thresholds: HealthReport.Thresholds(requireWatcher: true)).exitStatus == .stateConflict)
    }

    // MARK: - Exchange and trading problems

    @Test func anActivePauseExits5AndAnExpiredOneDoesNot() {
        let banned = HealthInputs.Pause(venue: "binance", until: Self.now.adding(milliseconds: 120_000), status: 418, reason: "IP banned")
        let report = HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 2), pauses: [banned]), now: Self.now)
        #expect(report.exitStatus == .unavailable)
        #expect(report.activePauses == [banned])
        #expect(report.problems.first?.message.contains("banned (418)") == true)
        let expired = HealthInputs.Pause(venue: "binance", until: Self.now.adding(milliseconds: -1), status: 429, reason: "too many requests")
        #expect(HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 2), pauses: [expired]), now: Self.now).healthy)
    }

    @Test func openCircuitAndDisconnectedOrLaggingStreamExit5() {
        var open = Self.beat(age: 2)
        open.circuitState = "open"
        #expect(HealthReport(inputs: HealthInputs(heartbeat: open), now: Self.now).exitStatus == .unavailable)
        var halfOpen = Self.beat(age: 2)
        halfOpen.circuitState = "half-open"
        let warned = HealthReport(inputs: HealthInputs(heartbeat: halfOpen), now: Self.now)
        #expect(warned.healthy)
        #expect(warned.warnings.contains { $0.contains("half-open") })
        var disconnected = Self.beat(age: 2)
        disconnected.streamConnected = false
        #expect(HealthReport(inputs: HealthInputs(heartbeat: disconnected), now: Self.now).exitStatus == .unavailable)
        // Just started and not yet subscribed: a warning for 30 s, then a problem.
        var starting = Self.beat(age: 1)
        starting.streamConnected = false
        starting.reconnects = 0
        starting.startedAt = Self.now.adding(milliseconds: -2_000)
        let connecting = HealthReport(inputs: HealthInputs(heartbeat: starting), now: Self.now)
        #expect(connecting.healthy)
        #expect(connecting.warnings.contains { $0.contains("connecting") })
        starting.startedAt = Self.now.adding(milliseconds: -HealthReport.firstConnectionGraceMs - 1)
        #expect(HealthReport(inputs: HealthInputs(heartbeat: starting), now: Self.now).exitStatus == .unavailable)
        starting.startedAt = Self.now.adding(milliseconds: -2_000)
        starting.reconnects = 1 // it was connected once and lost it: no grace
        #expect(HealthReport(inputs: HealthInputs(heartbeat: starting), now: Self.now).exitStatus == .unavailable)
        var lagging = Self.beat(age: 2)
        lagging.streamLagMs = 45_000
        #expect(HealthReport(inputs: HealthInputs(heartbeat: lagging), now: Self.now).exitStatus == .unavailable)
        #expect(HealthReport(inputs: HealthInputs(heartbeat: lagging), now: Self.now,
                             thresholds: HealthReport.Thresholds(maxStreamLagMs: 60_000)).healthy)
    }

    @Test func aDeadWatchersLastCircuitStateIsNotCountedTwice() {
        var beat = Self.beat(age: 90)
        beat.circuitState = "open"
        beat.streamConnected = false
        let report = HealthReport(inputs: HealthInputs(heartbeat: beat), now: Self.now)
        #expect(report.problems.count == 1)
        #expect(report.exitStatus == .stateConflict)
    }

    @Test func haltedTradingExits6AndAReconciliationHaltExits7() {
        let halted = HealthInputs(heartbeat: Self.beat(age: 2), tradingState: .halted, tradingReason: "news spike")
        #expect(HealthReport(inputs: halted, now: Self.now).exitStatus == .refused)
        let mismatch = HealthInputs(heartbeat: Self.beat(age: 2), tradingState: .halted, tradingReason: "reconciliation: 1 unexplained trade", haltCause: .reconciliation)
        #expect(HealthReport(inputs: mismatch, now: Self.now).exitStatus == .stateConflict)
        let reducing = HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 2), tradingState: .reducing, tradingReason: "tilt WARNING"), now: Self.now)
        #expect(reducing.healthy)
        #expect(reducing.warnings.contains { $0.contains("REDUCING") })
    }

    @Test func theMostUrgentProblemWins() {
        let pause = HealthInputs.Pause(venue: "binance", until: Self.now.adding(milliseconds: 60_000), status: 429, reason: "slow down")
        let inputs = HealthInputs(heartbeat: Self.beat(age: 300), pauses: [pause], tradingState: .halted, tradingReason: "emergency demotion")
        let report = HealthReport(inputs: inputs, now: Self.now)
        #expect(Set(report.problems.map(\.code)) == [.stateConflict, .unavailable, .refused])
        #expect(report.exitStatus == .stateConflict)
        let noWatcherProblem = HealthReport(inputs: HealthInputs(heartbeat: Self.beat(age: 2), pauses: [pause], tradingState: .halted, tradingReason: "x"), now: Self.now)
        #expect(noWatcherProblem.exitStatus == .unavailable)
    }

    @Test func rateLimitUsageAndLastFill() throws {
        var beat = Self.beat(age: 2)
        beat.usedWeight = 5000
        beat.lastFillAt = Self.now.adding(milliseconds: -60_000)
        let report = HealthReport(inputs: HealthInputs(heartbeat: beat, newestFillAt: Self.now.adding(milliseconds: -30_000)), now: Self.now)
        #expect(report.healthy)
        #expect(report.warnings.contains { $0.contains("83%") })
        // The newer of the heartbeat's last fill and the fills table's.
        #expect(report.lastFillAt == Self.now.adding(milliseconds: -30_000))
        let weight = try #require(report.rows.first { $0.0 == "rate-limit weight" })
        #expect(weight.1.hasPrefix("5000 / 6000 (83.3%)"))
        let json = report.json()
        #expect(json.contains(#""weight_used_pct":83.3"#))
        #expect(json.contains(#""watcher_status":"RUNNING""#))
        #expect(json.contains(#""exit_code":0"#))
    }

    // MARK: - From the store

    @Test func inputsComeFromTheStore() throws {
        let store = try TestSupport.makeStore()
        #expect(try store.healthInputs().heartbeat == nil)
        var beat = Self.beat(age: 3)
        beat.circuitState = "half-open"
        try store.writeHeartbeat(beat)
        try store.recordPause(venue: "binance", until: Self.now.adding(milliseconds: 30_000), status: 429, reason: "Retry-After 30")
        try store.setTradingState(.reducing, reason: "tilt WARNING", by: "tests", at: Self.now.adding(milliseconds: -10_000))
        let inputs = try store.healthInputs()
        #expect(inputs.heartbeat == beat)
        #expect(inputs.pauses.map(\.status) == [429])
        #expect(inputs.tradingState == .reducing)
        #expect(inputs.tradingChangedAt == Self.now.adding(milliseconds: -10_000))
        #expect(inputs.lastEventType == "trading.reducing")
        #expect(inputs.lastEventAt != nil)
        let report = HealthReport(inputs: inputs, now: Self.now)
        #expect(report.watcher == .running)
        #expect(report.exitStatus == .unavailable)
    }

    // MARK: - The command

    struct CommandCase: CustomTestStringConvertible, Sendable {
        var name: String
        var ageSeconds: Int64?
        var stopped = false
        var arguments: [String] = []
        var status: Int32
        var watcher: String
        var testDescription: String { name }
    }

    static let commandCases: [CommandCase] = [
        CommandCase(name: "running", ageSeconds: 5, status: 0, watcher: "RUNNING"),
        CommandCase(name: "dead", ageSeconds: 20, status: 7, watcher: "DEAD"),
        CommandCase(name: "dead, but within --max-heartbeat-age", ageSeconds: 20, arguments: ["--max-heartbeat-age", "30"], status: 0, watcher: "RUNNING"),
        CommandCase(name: "stopped", ageSeconds: 100, stopped: true, status: 0, watcher: "STOPPED"),
        CommandCase(name: "stopped, watcher required", ageSeconds: 100, stopped: true, arguments: ["--require-watcher"], status: 7, watcher: "STOPPED"),
        CommandCase(name: "never", ageSeconds: nil, status: 0, watcher: "NEVER"),
        CommandCase(name: "never, watcher required", ageSeconds: nil, arguments: ["--require-watcher"], status: 7, watcher: "NEVER"),
    ]

    @Test(arguments: commandCases)
    func theCommandExitsWithTheDocumentedCode(_ item: CommandCase) throws {
        let bench = try CLIBench.withAccount()
        if let age = item.ageSeconds {
            try Store(path: bench.db, origin: ["command": "tests"]).writeHeartbeat(Self.beat(age: age, stopped: item.stopped))
        }
        let at = ["--at", Self.now.iso8601]
        let table = try bench.run("gen-report", ["health"] + at + item.arguments)
        #expect(table.status == item.status, "\(table.stdout)\n\(table.stderr)")
        #expect(table.stdout.contains("watcher") && table.stdout.contains(item.watcher), "\(table.stdout)")
        #expect(table.stdout.contains(item.status == 0 ? "HEALTHY" : "UNHEALTHY (exit \(item.status)"), "\(table.stdout)")
        #expect(item.status == 0 ? table.stderr.isEmpty : !table.stderr.isEmpty, "\(table.stderr)")
        let json = try bench.run("gen-report", ["health", "--json"] + at + item.arguments)
        #expect(json.status == item.status)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
        #expect(object["watcher_status"] as? String == item.watcher)
        #expect(object["exit_code"] as? Int == Int(item.status))
        #expect(object["healthy"] as? Bool == (item.status == 0))
    }

    @Test func aPausedExchangeExits5AndAHaltExits6() throws {
        let bench = try CLIBench.withAccount()
        let store = try Store(path: bench.db, origin: ["command": "tests"])
        try store.writeHeartbeat(Self.beat(age: 1))
        let at = ["--at", Self.now.iso8601]
        let halt = try bench.run("gen-exec", ["halt", "--reason", "drill", "--confirm", "HALT TRADING NOW"])
        #expect(halt.status == 0, "\(halt.stderr)")
        let halted = try bench.run("gen-report", ["health"] + at)
        #expect(halted.status == 6, "\(halted.stdout)")
        #expect(halted.stdout.contains("HALTED: drill"))
        try store.recordPause(venue: "binance", until: Self.now.adding(milliseconds: 60_000), status: 418, reason: "banned")
        let paused = try bench.run("gen-report", ["health", "--json"] + at)
        #expect(paused.status == 5, "\(paused.stdout)")
        #expect(paused.stdout.contains(#""status":418"#))
    }

    @Test func badThresholdsAreUsageErrors() throws {
        let bench = CLIBench()
        #expect(try bench.run("gen-report", ["health", "--max-heartbeat-age", "0"]).status == 2)
        #expect(try bench.run("gen-report", ["health", "--max-stream-lag", "-5"]).status == 2)
    }
}
