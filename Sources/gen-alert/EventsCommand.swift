import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisAlert
import GenesisCommandLine

/// `gen-alert events`: the audit trail's CRITICAL events that no run has
/// delivered yet, for cron every minute.
struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver the store's alerting events not delivered yet (for cron, every minute).",
        discussion: """
            Reads the `events` table after the last event a run has looked at (a cursor in the store) and delivers the
            live account's emergency demotion and demotions (tier.demoted), staged deleveraging (tier.deleveraged),
            trading halts by reconciliation, emergency or hand (trading.halted), tilt lockouts (tilt.locked), a Binance
            418 ban (exchange.banned) and a 429 pause (exchange.paused), each as one sentence for the trader, at or
            above alert.minLevel. The first run starts with the events of the last --first-run-minutes. One line per
            alert on stdout; exit 5 when a delivery failed after every retry, 4 when no channel is configured. Two runs
            at once: the second exits at once (a lock beside the database).
            Examples:
              gen-alert events
              * * * * * $GENESIS_BIN/gen-alert events >> $GENESIS_LOG/alert-$(date -u +\\%F).log 2>&1
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "On the first run (no cursor yet), deliver the events recorded in the last this many minutes; older ones are skipped.")
    var firstRunMinutes = 60

    func validate() throws { guard (0...10_080).contains(firstRunMinutes) else { throw ValidationError("--first-run-minutes must be 0…10080") } }

    func run() throws {
        let logger = global.logger("gen-alert")
        guard let lock = Self.lock(global.localFilePrefix) else {
            logger.notice("another gen-alert events is running on this database; this run does nothing")
            return
        }
        defer { close(lock) }
        let setup = try AlertSetup(global, command: "gen-alert events", logger: logger, requireChannel: true)
        defer { setup.shutdown() }
        let store = setup.store, dispatcher = setup.dispatcher
        let now = Timestamp.now()
        let cursor: Int64
        if let stored = try store.alertCursor() {
            cursor = stored
        } else {
            cursor = try store.lastEventSeq(recordedBefore: now.adding(milliseconds: -Int64(firstRunMinutes) * 60_000))
            try store.advanceAlertCursor(to: cursor, at: now)
            logger.notice("first run: events up to #\(cursor) (recorded before the last \(firstRunMinutes) minutes) are not delivered")
        }
        let upTo = try store.lastEventSeq()
        let events = try store.alertableEvents(after: cursor, upTo: upTo, types: EventAlerts.types)
        let failed = try runBlocking { () -> Bool in
            var failed = false
            for event in events {
                if let alert = EventAlerts.alert(for: event) {
                    for outcome in await dispatcher.dispatch(alert) {
                        print("#\(event.seq) \(outcome.line)")
                        if outcome.status == "failed" { failed = true }
                    }
                }
                // Past this event whatever became of it: a failure is in the record, never sent twice.
                try store.advanceAlertCursor(to: event.seq, at: Timestamp.now())
            }
            for outcome in await dispatcher.flushSummary() {
                print(outcome.line)
                if outcome.status == "failed" { failed = true }
            }
            return failed
        }
        try store.advanceAlertCursor(to: upTo, at: Timestamp.now())
        if failed {
            FileHandle.standardError.write(Data("gen-alert: an alert could not be delivered after every retry (see above and `gen-alert history`)\n".utf8))
            throw ExitCode(ExitStatus.unavailable.rawValue)
        }
    }

    /// An exclusive, non-blocking lock on `<database>.alert.lock`; nil when another run holds it.
    static func lock(_ database: String) -> Int32? {
        let descriptor = open(database + ".alert.lock", O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { return nil }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        return descriptor
    }
}
