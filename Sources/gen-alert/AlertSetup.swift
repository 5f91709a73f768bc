import AsyncHTTPClient
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisAlert
import GenesisCommandLine

/// The channels the configuration and the environment name, the store and
/// the dispatcher, for one run of a subcommand; `shutdown()` closes the
/// HTTP client.
final class AlertSetup: Sendable {
    let config: GenesisConfig
    let store: Store
    let channels: [any AlertChannel]
    let dispatcher: AlertDispatcher
    private let client: HTTPClient?

    /// `requireChannel`: a run that exists only to deliver (`events`,
    /// `send`, `test`) fails with exit 4 when nothing is configured; the
    /// stream stage only warns, so a pipeline is never stopped by it.
    init(_ global: GlobalOptions, command: String, logger: Logger, requireChannel: Bool) throws {
        // gen-alert decides nothing protective: it reads the file as written (`alert` keys apply at once).
        config = try global.loadConfigWithoutStore()
        let settings = config.alert
        store = try global.openStore(command)
        var channels: [any AlertChannel] = []
        var client: HTTPClient?
        if let webhook = try AlertWebhook.configured() {
            let made = WebhookChannel.makeClient(timeoutSeconds: settings.timeoutSeconds)
            client = made
            let format = AlertFormat(rawValue: settings.webhookFormat) ?? .generic
            if format == .telegram, (settings.telegramChatId ?? "").isEmpty {
                throw GenesisError.configuration(key: "alert.telegramChatId", message: "is required with alert.webhookFormat: telegram")
            }
            channels.append(WebhookChannel(webhook: webhook, format: format, chatID: settings.telegramChatId, client: made, timeoutSeconds: settings.timeoutSeconds))
            logger.debug("webhook: \(format.rawValue) to \(webhook.host)")
        }
        if let command = settings.command, !command.isEmpty {
            channels.append(CommandChannel(command: command, timeoutSeconds: settings.timeoutSeconds))
        }
        if channels.isEmpty {
            let problem = "no alert channel: set \(AlertWebhook.variable) (or \(AlertWebhook.fileVariable)) and/or alert.command in the configuration (docs/RUNBOOK.md \"Alerts\")"
            if requireChannel {
                if let client { try? runBlocking { try await client.shutdown() } }
                throw GenesisError.configuration(key: "alert", message: problem)
            }
            logger.warning("\(problem); alerts are forwarded but not delivered")
        }
        self.channels = channels
        self.client = client
        dispatcher = try AlertDispatcher(settings: settings, channels: channels, store: store, logger: logger)
    }

    func shutdown() {
        guard let client else { return }
        try? runBlocking { try await client.shutdown() }
    }
}

extension AlertDispatcher.Outcome {
    /// One line for stdout: `tier.demoted  webhook api.telegram.org  delivered  1 attempt  HTTP 200 …`.
    var line: String {
        "\(code)  \(channel)  \(status)  \(attempts) attempt\(attempts == 1 ? "" : "s")  \(detail)"
    }
}
