import Foundation
import GenesisDomain

/// The body a webhook receives (`alert.webhookFormat`): ready-made for
/// Telegram's bot API, Slack's and Discord's incoming webhooks, or the
/// alert itself as a JSON object for anything else.
public enum AlertFormat: String, Sendable, CaseIterable {
    /// POST to `https://api.telegram.org/bot<TOKEN>/sendMessage`:
    /// `{"chat_id":…,"text":…,"disable_web_page_preview":true}`.
    case telegram
    /// `{"text":…}`.
    case slack
    /// `{"content":…}` (Discord refuses more than 2,000 characters).
    case discord
    /// `{"v":1,"type":"alert","ts":…,"level":…,"code":…,"message":…,"symbol":…,"source":…}`.
    case generic

    /// The JSON body for `message`; `chatID` is Telegram's chat.
    public func body(_ message: AlertMessage, chatID: String?) -> [UInt8] {
        var json = JSONLineBuilder()
        switch self {
        case .telegram:
            json.field("chat_id", chatID ?? "")
            json.field("text", Self.clipped(message.text, to: 4096))
            json.field("disable_web_page_preview", true)
        case .slack:
            json.field("text", message.text)
        case .discord:
            json.field("content", Self.clipped(message.text, to: 2000))
        case .generic:
            json = JSONLineBuilder(type: .alert, ts: message.ts)
            json.field("level", message.level.rawValue)
            json.field("code", message.code)
            json.field("message", message.message)
            json.field("symbol", message.symbol)
            json.field("source", message.source)
        }
        var bytes = json.finishBytes()
        bytes.removeLast() // the line's newline
        return bytes
    }

    /// At most `limit` characters, the cut marked with `…`.
    static func clipped(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }
}
