import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisAlert
import GenesisCommandLine

@main
struct GenAlert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-alert",
        abstract: "Deliver alerts to the trader: `alert` lines of the stream (the default), CRITICAL events of the store, or one message.",
        discussion: """
            Channels: a webhook (GENESIS_ALERT_WEBHOOK or a 0600 file named by GENESIS_ALERT_WEBHOOK_FILE; payload by
            alert.webhookFormat: telegram, slack, discord or generic) and/or alert.command. De-duplication, the hourly limit
            and retries: the `alert` keys (docs/CONFIGURATION.md). Every delivery is recorded (`gen-alert history`).
            Examples:
              gen-fetch stream BTCUSDT | gen-signal | gen-risk --clock wall | gen-exec --venue binance | gen-alert
              gen-alert events
              gen-alert send --level CRITICAL --code health.failed "GENESIS health exit 7"
              gen-alert test
              gen-alert history --json
            """,
        subcommands: [Deliver.self, Events.self, Send.self, TestAlert.self, History.self],
        defaultSubcommand: Deliver.self)

    static func main() { CommandMain.run(Self.self) }
}

/// The pipeline stage: forwards every line unchanged and delivers the
/// `alert` lines from a background task, so delivery never slows the stream.
struct Deliver: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Forward the stream unchanged and deliver its `alert` lines at or above alert.minLevel (the default).",
        discussion: """
            Every line is written to stdout as it came, whatever becomes of its alert. Alerts are delivered by a background
            task, under the de-duplication, the hourly limit and the retries of the `alert` keys; at the end of input the
            ones still pending get at most --flush-seconds. An alert line without level, code, message or ts is reported with
            its line number on stderr and still forwarded; a line that is not JSON is reported and skipped (exit 3), as in
            every stage. Without a channel configured the stage warns once and only forwards.
            Examples:
              gen-fetch stream BTCUSDT | gen-signal | gen-risk --clock wall | gen-exec --venue binance | gen-alert
              gen-fetch replay BTCUSDT | gen-signal | gen-risk | gen-exec --venue paper | gen-alert > out.ndjson
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false
    @Option(help: "At the end of input, how long to wait for alerts still being delivered.") var flushSeconds = 30

    func validate() throws { guard (0...3600).contains(flushSeconds) else { throw ValidationError("--flush-seconds must be 0…3600") } }

    func run() throws {
        let logger = global.logger("gen-alert")
        let setup = try AlertSetup(global, command: "gen-alert", logger: logger, requireChannel: false)
        defer { setup.shutdown() }
        let (queue, continuation) = AsyncStream<AlertMessage>.makeStream()
        let dispatcher = setup.dispatcher
        let finished = DispatchSemaphore(value: 0)
        let worker = Task {
            for await message in queue { await dispatcher.dispatch(message) }
            await dispatcher.flushSummary()
            finished.signal()
        }
        var stage = StreamStage(strict: strict, logger: logger)
        var alerts = 0
        let delivering = !setup.channels.isEmpty
        let outcome = Result {
            // Candles, most of a stream, are only checked and forwarded (`readsCandles`: no general scan).
            try stage.run(writer: LineWriter(), readsCandles: true) { item, number in
                guard case let .event(line, type) = item, type == .alert, delivering else { return false }
                do {
                    continuation.yield(try AlertMessage(line: line, source: "stream line \(number)"))
                    alerts += 1
                } catch let error as LineError {
                    logger.warning("line \(number): alert not delivered: \(error.reason)")
                }
                return false
            }
        }
        continuation.finish()
        if finished.wait(timeout: .now() + .seconds(flushSeconds)) != .success {
            worker.cancel()
            logger.error("alerts still being delivered after --flush-seconds \(flushSeconds); `gen-alert history` shows what was sent")
        }
        logger.debug("alert lines queued: \(alerts)")
        try outcome.get()
    }
}
