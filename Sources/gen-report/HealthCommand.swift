import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

/// `gen-report health`: is the watcher alive, is the exchange usable, is
/// trading allowed — one table (or JSON object) and an exit code cron and
/// monitoring can alert on.
struct Health: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The watcher's heartbeat, stream, circuit breaker and rate limit, exchange pauses and the trading state; non-zero exit when unhealthy.",
        discussion: """
            The watcher is RUNNING while its heartbeat is at most --max-heartbeat-age
            old (default 3 × its 5 s heartbeat interval = 15 s), STOPPED after a clean
            shutdown, DEAD when the heartbeat is stale and no clean shutdown was
            recorded, NEVER when no watcher ever ran on this database. The live pipeline
            (gen-exec on an exchange venue, or with --heartbeat) is judged the same way
            from its own heartbeat: DEAD when older than pipeline.deadAfterSeconds
            (default 30 s) without a clean stop; shown with its last candle, signal
            and order.

            Exit codes (the most urgent problem wins, in this order):
              7  state conflict: the watcher is DEAD (or STOPPED / NEVER with
                 --require-watcher), the pipeline is DEAD (or STOPPED / NEVER with
                 --require-pipeline), reconciliation halted trading, or an open
                 position's stop or exit sell failed (it is not protected)
              5  exchange unavailable: a 429/418 pause is in force, the circuit
                 breaker is open, or the stream is down or lags > --max-stream-lag
              6  refused by a rule: trading is HALTED (gen-exec halt, an emergency
                 demotion)
              0  healthy; warnings (REDUCING, weight ≥ 80% of the limit) do not fail
              4  configuration: no database at --db
            What to do for each: docs/RUNBOOK.md.

            Examples:
              gen-report health
              gen-report health --json
              gen-report health --require-watcher || logger -p user.crit "GENESIS $?"
              gen-report health --require-watcher --require-pipeline --json
              gen-report health --max-heartbeat-age 30 --at 2024-03-01T12:00:00Z
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Flag(help: "One JSON object instead of a table.") var json = false
    @Option(name: .customLong("max-heartbeat-age"), help: ArgumentHelp("A heartbeat older than this many seconds, without a clean stop, means the watcher is DEAD (default: 3 × the heartbeat interval).", valueName: "seconds"))
    var maxHeartbeatAge: Int?
    @Option(name: .customLong("max-stream-lag"), help: ArgumentHelp("A running watcher's stream lag above this many milliseconds is unhealthy (exit 5).", valueName: "ms"))
    var maxStreamLag: Int = HealthReport.defaultMaxStreamLagMs
    @Flag(help: "Treat a STOPPED watcher, or none ever run, as unhealthy (exit 7): for a machine that trades on an exchange.")
    var requireWatcher = false
    @Flag(help: "Treat a STOPPED pipeline, or none ever run, as unhealthy (exit 7), as a DEAD one always is: for a machine that runs genesis-pipeline.service.")
    var requirePipeline = false

    func validate() throws {
        if let maxHeartbeatAge, maxHeartbeatAge < 1 { throw ValidationError("--max-heartbeat-age must be at least 1 second, not \(maxHeartbeatAge)") }
        if maxStreamLag < 1 { throw ValidationError("--max-stream-lag must be at least 1 ms, not \(maxStreamLag)") }
    }

    func run() throws {
        let logger = global.logger("gen-report")
        let config = try global.loadConfigWithoutStore()
        let store = try global.openStore("gen-report health", create: false)
        let seconds = maxHeartbeatAge.map { Int64($0) } ?? Int64(HealthReport.freshIntervals * config.watcher.heartbeatSeconds)
        let thresholds = HealthReport.Thresholds(maxHeartbeatAgeMs: seconds * 1000, maxStreamLagMs: maxStreamLag, requireWatcher: requireWatcher,
                                                 pipelineDeadAfterMs: Int64(config.pipeline.deadAfterSeconds) * 1000, requirePipeline: requirePipeline)
        let report = HealthReport(inputs: try store.healthInputs(), now: time.now, thresholds: thresholds)
        if json {
            print(report.json(), terminator: "")
        } else {
            print(TextTable.render(title: "GENESIS health at \(report.now.iso8601)", rows: report.rows), terminator: "")
        }
        for problem in report.problems { logger.error("\(problem.message)") }
        if !report.healthy { throw ExitCode(report.exitStatus.rawValue) }
    }
}
