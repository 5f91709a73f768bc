import Foundation
import GenesisBinance
import GenesisDomain

/// gen-sim's user-data stream through the WebSocket API (`/ws-api/v3`,
/// after Binance's API documentation): `userDataStream.subscribe.signature` (any key type) or
/// `session.logon` + `userDataStream.subscribe` (Ed25519), then
/// executionReport, outboundAccountPosition and balanceUpdate events in their
/// `{"subscriptionId":…,"event":…}` envelope.
public actor SimUserStreams {
    private var subscribers: [String: [Int: AsyncStream<String>.Continuation]] = [:]
    private var nextID = 0

    public init() {}

    public func subscribe(apiKey: String) -> (Int, AsyncStream<String>) {
        let id = nextID
        nextID += 1
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        subscribers[apiKey, default: [:]][id] = continuation
        return (id, stream)
    }

    public func unsubscribe(apiKey: String, id: Int) {
        subscribers[apiKey]?.removeValue(forKey: id)?.finish()
    }

    /// A drill: while set, events are lost and pings go unanswered, as on a
    /// connection that is open but dead.
    public private(set) var stalled = false

    public func setStalled(_ value: Bool) { stalled = value }

    /// A drill: ends every subscription, which closes its connection.
    public func dropAll() {
        for (_, continuations) in subscribers { for continuation in continuations.values { continuation.finish() } }
        subscribers.removeAll()
    }

    public func publish(apiKey: String, event: JSONValue) {
        guard !stalled else { return }
        for (id, continuation) in subscribers[apiKey] ?? [:] {
            continuation.yield(JSONValue.object([("subscriptionId", .integer(Int64(id))), ("event", event)]).text)
        }
    }
}

/// One WebSocket-API connection's state: the logged-on key, if any.
actor SimWebSocketSession {
    let api: SimAPI
    var loggedOn: String?
    var subscriptions: [Int] = []

    init(api: SimAPI) { self.api = api }

    /// Answers one request; `events` receives the subscription's stream.
    func handle(_ text: String, events: @escaping @Sendable (AsyncStream<String>) -> Void) async -> String? {
        if await api.exchange.userStreams.stalled { return nil }
        guard let request = try? JSONValue.parse(Data(text.utf8)), let method = request["method"]?.string else {
            return Self.error(id: .null, status: 400, code: -1102, message: "Mandatory parameter 'method' was not sent, was empty/null, or malformed.")
        }
        let id = request["id"] ?? .null
        var params: [(String, String)] = []
        if case let .object(members) = request["params"] ?? .object([]) {
            for (key, value) in members {
                switch value {
                case let .string(text): params.append((key, text))
                case let .integer(number): params.append((key, String(number)))
                case let .bool(flag): params.append((key, flag ? "true" : "false"))
                default: break
                }
            }
        }
        switch method {
        case "ping": return Self.ok(id: id, result: .object([]))
        case "time": return Self.ok(id: id, result: .object([("serverTime", .integer(await api.serverTime()))]))
        case "session.logon", "userDataStream.subscribe.signature":
            let key: String
            do { key = try await api.authenticateWebSocket(params) } catch { return Self.error(id: id, status: error.status, code: error.code, message: error.message) }
            if method == "session.logon" {
                guard await api.isEd25519(key) else {
                    return Self.error(id: id, status: 400, code: -4056, message: "HMAC_SHA256 API key is not supported.")
                }
                loggedOn = key
                return Self.ok(id: id, result: .object([("apiKey", .string(key)), ("authorizedSince", .integer(await api.serverTime()))]))
            }
            return await subscribe(key: key, id: id, events: events)
        case "userDataStream.subscribe":
            guard let key = loggedOn else { return Self.error(id: id, status: 401, code: -2015, message: "Invalid API-key, IP, or permissions for action.") }
            return await subscribe(key: key, id: id, events: events)
        case "session.logout":
            loggedOn = nil
            return Self.ok(id: id, result: .object([]))
        default:
            return Self.error(id: id, status: 400, code: -1000, message: "Unknown method \(method).")
        }
    }

    private func subscribe(key: String, id: JSONValue, events: @escaping @Sendable (AsyncStream<String>) -> Void) async -> String {
        let (subscription, stream) = await api.exchange.userStreams.subscribe(apiKey: key)
        subscriptions.append(subscription)
        events(stream)
        return Self.ok(id: id, result: .object([("subscriptionId", .integer(Int64(subscription)))]))
    }

    static func ok(id: JSONValue, result: JSONValue) -> String {
        JSONValue.object([("id", id), ("status", .integer(200)), ("result", result)]).text
    }

    static func error(id: JSONValue, status: Int, code: Int, message: String) -> String {
        JSONValue.object([("id", id), ("status", .integer(Int64(status))), ("error", .object([("code", .integer(Int64(code))), ("msg", .string(message))]))]).text
    }
}
