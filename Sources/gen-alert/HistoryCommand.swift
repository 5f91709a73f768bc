import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisAlert
import GenesisCommandLine

/// `gen-alert history`: what became of each alert.
struct History: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the alerts delivered, failed, de-duplicated or held back by the hourly limit, oldest first.",
        discussion: """
            One row per alert and channel: time (UTC), level, code, channel, status, attempts, then the message.
            Examples:
              gen-alert history
              gen-alert history --since 2025-01-01 --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only alerts decided at or after this time: YYYY-MM-DD, ISO-8601 or epoch ms.") var since: String?
    @Option(help: "At most this many rows (the newest).") var limit = 50
    @Flag(help: "One JSON object per row.") var json = false

    func validate() throws {
        if let since, Timestamp(parsing: since) == nil { throw ValidationError("--since '\(since)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
        guard (1...100_000).contains(limit) else { throw ValidationError("--limit must be 1…100000") }
    }

    func run() throws {
        _ = global.logger("gen-alert")
        let store = try global.openStore("gen-alert history", create: false)
        let rows = try store.alertDeliveries(since: since.flatMap(Timestamp.init(parsing:)), limit: limit)
        if !json { print("time                      level     code                        channel                     status        attempts  message") }
        for row in rows {
            if json {
                var line = JSONLineBuilder()
                line.field("decided_at", row.decidedAt.iso8601)
                line.field("ts", row.alertTs.milliseconds)
                line.field("level", row.level)
                line.field("code", row.code)
                line.field("symbol", row.symbol)
                line.field("source", row.source)
                line.field("channel", row.channel)
                line.field("status", row.status)
                line.field("attempts", row.attempts)
                line.field("detail", row.detail)
                line.field("message", row.message)
                print(line.finish(), terminator: "")
            } else {
                func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text + " " : text.padding(toLength: width, withPad: " ", startingAt: 0) }
                print(pad(row.decidedAt.iso8601, 26) + pad(row.level, 10) + pad(row.code, 28) + pad(row.channel, 28) + pad(row.status, 14)
                      + pad(String(row.attempts), 10) + row.message)
            }
        }
    }
}
