import GenesisBinance
import HummingbirdWSClient

extension WebSocketClientConfiguration {
    /// The configuration every WebSocket connection GENESIS opens starts from:
    /// frames up to `WebSocketLimits.maxMessageBytes`, because the library's
    /// 16 KiB default drops the connection on Binance's larger depth diffs.
    /// Read messages with `inbound.messages(maxSize: WebSocketLimits.maxMessageBytes)`
    /// to match.
    static func genesis(closeTimeout: Duration? = nil) -> WebSocketClientConfiguration {
        var configuration = WebSocketClientConfiguration(maxFrameSize: WebSocketLimits.maxMessageBytes)
        if let closeTimeout { configuration.closeTimeout = closeTimeout }
        return configuration
    }
}
