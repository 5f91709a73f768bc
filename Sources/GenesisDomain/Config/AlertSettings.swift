import Foundation

extension GenesisConfig {
    /// `gen-alert`: where alerts go and how often (docs/CONFIGURATION.md
    /// "alert"). The webhook URL is not here: it holds a bot token or is a
    /// bearer URL, so it comes only from `GENESIS_ALERT_WEBHOOK` or a 0600
    /// file named by `GENESIS_ALERT_WEBHOOK_FILE`.
    public struct Alert: Codable, Sendable, Equatable {
        /// The webhook's payload: telegram, slack, discord or generic.
        public var webhookFormat = "generic"
        /// Telegram's `chat_id` (required with `webhookFormat: telegram`).
        public var telegramChatId: String?
        /// A shell command that receives each alert as its first argument,
        /// in `$GENESIS_ALERT_MESSAGE` and on stdin (`mail -s GENESIS me@…`).
        public var command: String?
        /// Least severe level delivered: INFO, WARNING or CRITICAL.
        public var minLevel = "WARNING"
        /// The same code about the same symbol is sent once in this window.
        public var dedupeMinutes = 15
        /// Alerts sent per rolling hour; the rest are counted and reported
        /// in one summary once the limit lifts.
        public var maxPerHour = 20
        /// Attempts per delivery, with waits of 1, 2, 4 … seconds between.
        public var retries = 5
        /// The longest wait between two attempts.
        public var retryMaxSeconds = 60
        /// Connect/read timeout of the webhook, and the command's time limit.
        public var timeoutSeconds = 10

        enum CodingKeys: String, CodingKey {
            case webhookFormat, telegramChatId, command, minLevel, dedupeMinutes, maxPerHour, retries, retryMaxSeconds, timeoutSeconds
        }

        public init() {}

        /// Writes absent optionals as `null`, so the configuration merge knows the keys exist.
        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(webhookFormat, forKey: .webhookFormat)
            try container.encode(telegramChatId, forKey: .telegramChatId)
            try container.encode(command, forKey: .command)
            try container.encode(minLevel, forKey: .minLevel)
            try container.encode(dedupeMinutes, forKey: .dedupeMinutes)
            try container.encode(maxPerHour, forKey: .maxPerHour)
            try container.encode(retries, forKey: .retries)
            try container.encode(retryMaxSeconds, forKey: .retryMaxSeconds)
            try container.encode(timeoutSeconds, forKey: .timeoutSeconds)
        }

        public static let formats = ["telegram", "slack", "discord", "generic"]
        public static let levels = ["INFO", "WARNING", "CRITICAL"]
    }

    /// The relations of the `alert` keys (their ranges are in `ConfigKeys.alert`).
    func validateAlert() throws {
        if alert.webhookFormat == "telegram", (alert.telegramChatId ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw GenesisError.configuration(key: "alert.telegramChatId", message: "is required with alert.webhookFormat: telegram (the chat the bot writes to, e.g. \"123456789\")")
        }
        if let command = alert.command, command.trimmingCharacters(in: .whitespaces).isEmpty {
            throw GenesisError.configuration(key: "alert.command", message: "is empty; leave it out (null) or name a command such as `logger -t genesis -p user.crit`")
        }
    }
}

extension ConfigKeys {
    /// The `alert` section: none of it limits a trade, so none waits out the cooling-off.
    static let alert: [ConfigKeyRule] = [
        .init("alert.webhookFormat", .notProtective("how alerts are worded; limits nothing the trader does"), .oneOf(GenesisConfig.Alert.formats)),
        .init("alert.telegramChatId", .notProtective("where alerts go; limits nothing the trader does"), .elsewhere),
        .init("alert.command", .notProtective("where alerts go; limits nothing the trader does"), .elsewhere),
        .init("alert.minLevel", .notProtective("which alerts are sent; limits nothing the trader does"), .oneOf(GenesisConfig.Alert.levels)),
        .init("alert.dedupeMinutes", .notProtective("how often alerts are sent; limits nothing the trader does"), .whole(0, 10_080, unit: "minutes")),
        .init("alert.maxPerHour", .notProtective("how often alerts are sent; limits nothing the trader does"), .whole(1, 3600, unit: nil)),
        .init("alert.retries", .notProtective("delivery upkeep; limits nothing the trader does"), .whole(1, 20, unit: "attempts")),
        .init("alert.retryMaxSeconds", .notProtective("delivery upkeep; limits nothing the trader does"), .whole(1, 3600, unit: "seconds")),
        .init("alert.timeoutSeconds", .notProtective("delivery upkeep; limits nothing the trader does"), .whole(1, 300, unit: "seconds")),
    ]
}
