import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisAlert
import GenesisCommandLine

/// `gen-alert send`: one alert from a shell (the crontab's health line).
struct Send: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Deliver one alert given on the command line, under the same policy as the others.",
        discussion: """
            Silent when the alert was delivered, de-duplicated or held back by the hourly limit (all recorded); exit 5
            when every channel failed after its retries, 4 when no channel is configured, and the alert is then written
            to stderr, so cron still mails it.
            Examples:
              gen-alert send --level CRITICAL --code health.failed "GENESIS health exit 7 (see health.json)"
              gen-alert send --code backup.failed --level WARNING "GENESIS backup failed"
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "INFO, WARNING or CRITICAL.") var level = "CRITICAL"
    @Option(help: "A lowercase dotted name such as health.failed (what de-duplication compares).") var code = "manual.send"
    @Option(help: "The symbol concerned, if any.") var symbol: String?
    @Argument(help: "The message for the trader.") var message: String

    func validate() throws {
        guard AlertLevel(rawValue: level) != nil else { throw ValidationError("--level '\(level)' is not INFO, WARNING or CRITICAL") }
        guard AlertMessage.isCode(code) else { throw ValidationError("--code '\(code)' is not a lowercase dotted name like health.failed") }
        guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the message is empty") }
    }

    func run() throws {
        // Silent unless it fails: cron mails whatever a job writes.
        var options = global
        if options.logLevel == .info { options.logLevel = .error }
        let logger = options.logger("gen-alert")
        let alert = AlertMessage(level: AlertLevel(rawValue: level)!, code: code, message: message, symbol: symbol, ts: .now(), source: "send")
        let setup: AlertSetup
        do {
            setup = try AlertSetup(options, command: "gen-alert send", logger: logger, requireChannel: true)
        } catch {
            FileHandle.standardError.write(Data("gen-alert: not delivered: \(alert.text)\n".utf8))
            throw error
        }
        defer { setup.shutdown() }
        let dispatcher = setup.dispatcher
        let outcomes = try runBlocking { await dispatcher.dispatch(alert) }
        if !outcomes.isEmpty, outcomes.allSatisfy({ $0.status == "failed" }) {
            FileHandle.standardError.write(Data("gen-alert: not delivered (\(outcomes.map { "\($0.channel): \($0.detail)" }.joined(separator: "; "))): \(alert.text)\n".utf8))
            throw ExitCode(ExitStatus.unavailable.rawValue)
        }
    }
}

/// `gen-alert test`: the first thing to run after setting alerts up.
struct TestAlert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Send one test alert through every configured channel and print what each answered.",
        discussion: """
            One attempt per channel, outside de-duplication and the hourly limit; recorded like any delivery. The webhook
            is shown by its host only. Exit 5 when a channel failed, 4 when none is configured.
            Examples:
              GENESIS_ALERT_WEBHOOK_FILE=~/.genesis/alert-webhook gen-alert test
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        let logger = global.logger("gen-alert")
        let setup = try AlertSetup(global, command: "gen-alert test", logger: logger, requireChannel: true)
        defer { setup.shutdown() }
        let host = ProcessInfo.processInfo.hostName
        let alert = AlertMessage(level: .info, code: "alert.test", message: "Test alert from GENESIS on \(host): alerts reach you.", ts: .now(), source: "test")
        let dispatcher = setup.dispatcher
        let outcomes = try runBlocking { await dispatcher.test(alert) }
        for outcome in outcomes { print("\(outcome.channel): \(outcome.status == "delivered" ? "OK" : "FAILED"): \(outcome.detail)") }
        if outcomes.contains(where: { $0.status != "delivered" }) { throw ExitCode(ExitStatus.unavailable.rawValue) }
    }
}
