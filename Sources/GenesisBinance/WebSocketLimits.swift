/// How large a WebSocket frame or message may be, on every connection GENESIS
/// opens and on gen-sim's side of the same connections.
///
/// Binance sends each stream event as one unfragmented frame, and its
/// diff-depth events outgrow the 16 KiB frame limit the WebSocket library
/// defaults to: the real BTCUSDT recording in Tests/Fixtures
/// (`btcusdt_20240808.gz`, six minutes of `@depth@100ms`) holds 21 diffs above
/// 16 KiB, the largest 34,571 bytes. Over the limit the library closes the
/// connection with code 1009 (message too big), and each close costs a
/// reconnect, a 50-weight depth snapshot and a gap in the data.
///
/// One bound serves both the frame and the whole message (a message is held in
/// memory before it is parsed): 1 MiB, about thirty times the largest event
/// seen, so a busier market has room to spare, while a faulty or hostile peer
/// still cannot make the process hold more than that per message.
public enum WebSocketLimits {
    public static let maxMessageBytes = 1 << 20
}
