import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The account's user-data stream through Binance's WebSocket API
/// (`/ws-api/v3`, DESIGN §6, after Binance's API documentation): `userDataStream.subscribe.signature`
/// on every connection (the REST listenKey stream is retired).
///
/// A connection can die two ways: it closes (noticed at once) or it goes
/// silent while TCP stays up (noticed only by asking). So every heartbeat
/// the stream sends the API's `ping` request, and a connection that has said
/// nothing at all for `stallSeconds` is dropped and reopened. Whoever
/// consumes `.connected` must fill the gap over REST: events sent while no
/// connection was subscribed are gone for good.
public struct UserDataStream: Sendable {
    public enum Event: Sendable {
        /// Subscribed: from here on events arrive; what happened before must be read over REST.
        case connected
        /// The connection ended (closed, failed or stalled); not sent when the run is cancelled (a stop is not a loss).
        case disconnected(reason: String)
        /// An account event (`executionReport`, `outboundAccountPosition`, …) and when it arrived.
        case event(JSONValue, receivedAt: Int64)
    }

    /// The WebSocket API endpoint, `ws(s)://host[:port]/ws-api/v3`.
    public let url: String
    let credentials: Credentials
    let settings: GenesisConfig.Watcher
    let logger: Logger
    /// The exchange's time (local clock corrected by the measured offset).
    let serverTime: @Sendable () async -> Int64
    let clock: any TimeSource

    public init(url: String, credentials: Credentials, settings: GenesisConfig.Watcher, logger: Logger,
                serverTime: @escaping @Sendable () async -> Int64,
                clock: any TimeSource = WallClock()) {
        self.url = url
        self.credentials = credentials
        self.settings = settings
        self.logger = logger
        self.serverTime = serverTime
        self.clock = clock
    }

    /// The WebSocket API address beside a venue's REST base.
    public static func url(for venue: Venue) -> String? {
        guard case let .exchange(_, restBase) = venue else { return nil }
        switch restBase {
        case Venue.binanceREST: return "wss://ws-api.binance.com:443/ws-api/v3"
        case Venue.testnetREST: return "wss://ws-api.testnet.binance.vision/ws-api/v3"
        default: return venue.streamBase.map { $0 + "/ws-api/v3" }
        }
    }

    /// Connects, subscribes and delivers events until the task is cancelled,
    /// reconnecting with the configured back-off after every loss.
    public func run(_ handler: @escaping @Sendable (Event) async -> Void) async {
        var failures = 0
        while !Task.isCancelled {
            let liveness = Liveness(now: clock.milliseconds)
            let reason: String
            do {
                reason = try await connectOnce(liveness: liveness, handler: handler)
            } catch {
                reason = "\(error)"
            }
            // Cancelled (SIGTERM): the connection was closed by the stop, not lost; the owner records the stop itself.
            if Task.isCancelled { break }
            await handler(.disconnected(reason: reason))
            failures = await liveness.subscribed ? 1 : failures + 1
            let delays = settings.reconnectDelaysMs
            let delay = delays[min(failures, delays.count) - 1]
            logger.warning("user-data stream lost (\(reason)); reconnecting in \(delay) ms")
            try? await Task.sleep(for: .milliseconds(delay))
        }
    }

    private func connectOnce(liveness: Liveness, handler: @escaping @Sendable (Event) async -> Void) async throws -> String {
        let configuration = WebSocketClientConfiguration.genesis(closeTimeout: .seconds(1))
        let subscribeRequest = try await subscription()
        let heartbeat = settings.heartbeatSeconds, stall = Int64(settings.stallSeconds) * 1000
        let clock = clock
        try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) { inbound, outbound, _ in
            try await outbound.write(.text(subscribeRequest))
            try await withThrowingTaskGroup(of: Void.self) { group in
                // The watchdog: a ping each heartbeat; silence past the stall limit drops the connection.
                group.addTask {
                    var ping = 0
                    while !Task.isCancelled {
                        try await Task.sleep(for: .seconds(heartbeat))
                        // While an event is being booked the reader is not reading: that is not silence.
                        if await liveness.busy { continue }
                        let silence = clock.milliseconds - (await liveness.lastHeard)
                        let subscribed = await liveness.subscribed
                        let unconfirmed = !subscribed && clock.milliseconds - liveness.openedAt > stall
                        if silence > stall || unconfirmed {
                            await liveness.note(unconfirmed ? "subscription not confirmed within \(stall / 1000) s" : "stalled: nothing heard for \(stall / 1000) s")
                            try? await outbound.close(.goingAway, reason: "stalled")
                            return
                        }
                        ping += 1
                        try await outbound.write(.text(#"{"id":"ping-\#(ping)","method":"ping"}"#))
                    }
                }
                group.addTask {
                    for try await message in inbound.messages(maxSize: WebSocketLimits.maxMessageBytes) {
                        guard case let .text(text) = message else { continue }
                        let now = clock.milliseconds
                        await liveness.heard(at: now)
                        guard let value = try? JSONValue.parse(Data(text.utf8)) else { continue }
                        if let event = value["event"] {
                            await liveness.setBusy(true)
                            await handler(.event(event, receivedAt: now))
                            await liveness.setBusy(false)
                            await liveness.heard(at: clock.milliseconds)
                        } else if value["id"]?.string == "subscribe" {
                            guard value["status"]?.integer == 200 else {
                                let message = value["error"]?["msg"]?.string ?? "status \(value["status"]?.integer ?? 0)"
                                await liveness.note("subscription refused: \(message)")
                                try? await outbound.close(.normalClosure, reason: "refused")
                                return
                            }
                            await liveness.markSubscribed()
                            await liveness.setBusy(true)
                            await handler(.connected) // the gap fill over REST can take a while
                            await liveness.setBusy(false)
                            await liveness.heard(at: clock.milliseconds)
                        }
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        }
        return await liveness.reason ?? "connection closed"
    }

    /// `userDataStream.subscribe.signature`: the key, a timestamp and the
    /// signature over the parameters sorted by name (DESIGN §5, after Binance's API documentation).
    private func subscription() async throws -> String {
        let timestamp = await serverTime()
        let signature = try credentials.signer.signature(for: QueryString.webSocketPayload([("apiKey", credentials.apiKey), ("timestamp", String(timestamp))]))
        let params = JSONValue.object([("apiKey", .string(credentials.apiKey)), ("timestamp", .integer(timestamp)), ("signature", .string(signature))])
        return JSONValue.object([("id", .string("subscribe")), ("method", .string("userDataStream.subscribe.signature")), ("params", params)]).text
    }
}

/// What one connection has heard, shared by its reader and its watchdog.
actor Liveness {
    nonisolated let openedAt: Int64
    private(set) var lastHeard: Int64
    private(set) var subscribed = false
    private(set) var reason: String?
    /// The handler is working on an event (or the gap fill).
    private(set) var busy = false

    init(now: Int64) {
        openedAt = now
        lastHeard = now
    }
    func heard(at time: Int64) { lastHeard = time }
    func markSubscribed() { subscribed = true }
    func setBusy(_ value: Bool) { busy = value }
    func note(_ text: String) { reason = reason ?? text }
}
