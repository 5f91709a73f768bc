import Foundation
import GenesisBinance
import GenesisDomain

/// The webhook alerts are POSTed to. Its URL is a secret (Telegram's holds
/// the bot token; Slack's and Discord's are bearer URLs), so it is read only
/// from `GENESIS_ALERT_WEBHOOK` or a file of mode 0600 named by
/// `GENESIS_ALERT_WEBHOOK_FILE`, and only its host is ever shown or logged.
public struct AlertWebhook: Sendable {
    public static let variable = "GENESIS_ALERT_WEBHOOK"
    public static let fileVariable = "GENESIS_ALERT_WEBHOOK_FILE"

    /// The whole URL: never printed, logged or stored.
    let url: URL
    public let host: String

    /// Refuses anything but https, except plain http to this machine
    /// (127.0.0.1, ::1, localhost) for a local receiver.
    public init(_ text: String, source: String = AlertWebhook.variable) throws {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespacesAndNewlines)), let scheme = url.scheme?.lowercased(),
              let host = url.host, !host.isEmpty else {
            throw GenesisError.configuration(key: source, message: "is not a URL like https://hooks.slack.com/services/… (its text is not shown: it is a secret)")
        }
        let loopback = ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased())
        guard scheme == "https" || (scheme == "http" && loopback) else {
            throw GenesisError.configuration(key: source, message: "must be https:// (plain http:// only to 127.0.0.1 or localhost); \(scheme):// to \(host) would send the alerts and the URL's token in the clear")
        }
        self.url = url
        self.host = host
    }

    /// The webhook the environment names, or nil when it names none.
    public static func configured(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AlertWebhook? {
        if let text = environment[variable], !text.trimmingCharacters(in: .whitespaces).isEmpty {
            return try AlertWebhook(text)
        }
        guard let path = environment[fileVariable], !path.isEmpty else { return nil }
        let contents: String
        do {
            contents = try Credentials.readPrivate(path)
        } catch {
            throw GenesisError.configuration(key: fileVariable, message: error.description)
        }
        guard let line = contents.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) })
            .first(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else {
            throw GenesisError.configuration(key: fileVariable, message: "\(path) holds no URL (one line: the webhook URL)")
        }
        return try AlertWebhook(line, source: fileVariable)
    }

    /// `text` with the URL and its path (which carry the token) replaced by the host.
    func redacting(_ text: String) -> String {
        var clean = text.replacingOccurrences(of: url.absoluteString, with: host)
        if url.path.count > 1 { clean = clean.replacingOccurrences(of: url.path, with: "/…") }
        return clean
    }
}
