import Foundation
import GenesisBinance
import GenesisDomain

/// gen-sim's user-data stream through the WebSocket API (`/ws-api/v3`,
/// after Binance's API documentation): `userDataStream.subscribe.signature` (any key type) or
/// `session.logon` + `userDataStream.subscribe` (Ed25519), then
/// executionReport, outboundAccountPosition and balanceUpdate events in their
/// `{"subscriptionId":…,"event":…}` envelope, until `userDataStream.unsubscribe`
/// (or `session.logout`) ends them with `eventStreamTerminated`.
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

    /// What marks a subscription's last event, `eventStreamTerminated`, in its text.
    public static let terminationMark = #""e":"eventStreamTerminated""#

    /// Ends one subscription the way Binance does when a client unsubscribes:
    /// a last `eventStreamTerminated` event, then nothing more, with the
    /// connection left open (a finished stream would close it, as a drop
    /// does). False when the subscription had already ended.
    @discardableResult
    public func terminate(apiKey: String, id: Int, at time: Int64) -> Bool {
        guard let continuation = subscribers[apiKey]?.removeValue(forKey: id) else { return false }
        continuation.yield(JSONValue.object([("subscriptionId", .integer(Int64(id))),
                                             ("event", .object([("e", .string("eventStreamTerminated")), ("E", .integer(time))]))]).text)
        return true
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

/// One WebSocket-API connection's state: the logged-on key, if any, and its
/// user-data subscriptions. Every answer is Binance's envelope
/// `{"id","status","result"|"error","rateLimits"}`; `returnRateLimits=false`,
/// on the connection's URL or on one request, leaves `rateLimits` out.
actor SimWebSocketSession {
    let api: SimAPI
    var loggedOn: String?
    var authorizedSince: Int64?
    var connectedSince: Int64?
    /// The connection's default for `rateLimits` (`?returnRateLimits=false` on its URL).
    let returnRateLimits: Bool
    /// Binance counts the connection itself as weight 2, charged with its first request.
    private var connectionWeight = 2

    struct Subscription {
        var id: Int
        var apiKey: String
        /// Made by `userDataStream.subscribe` on the logged-on key: `session.logout` ends it.
        var viaLogon: Bool
    }
    var subscriptions: [Subscription] = []
    /// Subscriptions the request being answered ended (`takeTerminated`).
    private var terminatedByRequest = 0

    /// How many subscriptions the last request ended, each with an
    /// `eventStreamTerminated` that must reach the client before the answer.
    func takeTerminated() -> Int {
        defer { terminatedByRequest = 0 }
        return terminatedByRequest
    }

    init(api: SimAPI, path: String = "/ws-api/v3", connectedSince: Int64? = nil) {
        self.api = api
        self.connectedSince = connectedSince
        let query = path.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        returnRateLimits = QueryString.parse(query).last { $0.0 == "returnRateLimits" }?.1 != "false"
    }

    /// Request weights from Binance's WebSocket API documentation.
    static func weight(_ method: String) -> Int {
        switch method {
        case "ping", "time": 1
        default: 2
        }
    }

    /// Answers one request; `events` receives the subscription's stream.
    func handle(_ text: String, events: @escaping @Sendable (AsyncStream<String>) -> Void) async -> String? {
        if await api.exchange.userStreams.stalled { return nil }
        let now = await api.serverTime()
        if connectedSince == nil { connectedSince = now }
        guard let request = try? JSONValue.parse(Data(text.utf8)), let method = request["method"]?.string else {
            return Self.error(id: .null, status: 400, code: -1102, message: "Mandatory parameter 'method' was not sent, was empty/null, or malformed.", rateLimits: nil)
        }
        let id = request["id"] ?? .null
        var params: [(String, String)] = []
        if case let .object(members) = request["params"] ?? .object([]) {
            for (key, value) in members {
                switch value {
                case let .string(text): params.append((key, text))
                case let .integer(number): params.append((key, String(number)))
                case let .number(number): params.append((key, String(number)))
                case let .bool(flag): params.append((key, flag ? "true" : "false"))
                default: break
                }
            }
        }
        let values = Dictionary(params, uniquingKeysWith: { $1 })
        let wantsRateLimits = values["returnRateLimits"].map { $0 != "false" } ?? returnRateLimits
        let rateLimits: JSONValue
        do {
            rateLimits = try await api.admitWebSocket(weight: Self.weight(method) + connectionWeight)
            connectionWeight = 0
        } catch {
            return Self.error(id: id, status: error.status, code: error.code, message: error.message, rateLimits: nil)
        }
        let limits = wantsRateLimits ? rateLimits : nil
        func failure(_ error: BinanceError) -> String { Self.error(id: id, status: error.status, code: error.code, message: error.message, rateLimits: limits) }
        switch method {
        case "ping": return Self.ok(id: id, result: .object([]), rateLimits: limits)
        case "time": return Self.ok(id: id, result: .object([("serverTime", .integer(now))]), rateLimits: limits)
        case "session.logon", "userDataStream.subscribe.signature":
            let key: String
            do { key = try await api.authenticateWebSocket(params) } catch { return failure(error) }
            if method == "session.logon" {
                guard await api.isEd25519(key) else {
                    return failure(BinanceError(status: 400, code: -4056, message: "HMAC_SHA256 API key is not supported."))
                }
                loggedOn = key
                authorizedSince = now
                return Self.ok(id: id, result: status(now, wantsRateLimits), rateLimits: limits)
            }
            return await subscribe(key: key, viaLogon: false, id: id, events: events, rateLimits: limits)
        case "userDataStream.subscribe":
            guard let key = loggedOn else { return failure(.badKey()) }
            return await subscribe(key: key, viaLogon: true, id: id, events: events, rateLimits: limits)
        case "userDataStream.unsubscribe":
            if let text = values["subscriptionId"] {
                guard let wanted = Int(text), let subscription = subscriptions.first(where: { $0.id == wanted }) else {
                    return failure(BinanceError(status: 400, code: -2036, message: "User Data Stream subscription not active."))
                }
                await end([subscription], at: now)
            } else {
                await end(subscriptions, at: now)
            }
            return Self.ok(id: id, result: .object([]), rateLimits: limits)
        case "session.subscriptions":
            return Self.ok(id: id, result: .array(subscriptions.map { .object([("subscriptionId", .integer(Int64($0.id)))]) }), rateLimits: limits)
        case "session.status":
            return Self.ok(id: id, result: status(now, wantsRateLimits), rateLimits: limits)
        case "session.logout":
            // Ends the logged-on key's subscription; those made with a signature stay (Binance's rule).
            await end(subscriptions.filter(\.viaLogon), at: now)
            loggedOn = nil
            authorizedSince = nil
            return Self.ok(id: id, result: status(now, wantsRateLimits), rateLimits: limits)
        default:
            return failure(BinanceError(status: 400, code: -1000, message: "Unknown method \(method)."))
        }
    }

    /// `session.status`'s (and `session.logon`'s, `session.logout`'s) result.
    private func status(_ now: Int64, _ returnRateLimits: Bool) -> JSONValue {
        .object([("apiKey", loggedOn.map { .string($0) } ?? .null), ("authorizedSince", authorizedSince.map { .integer($0) } ?? .null),
                 ("connectedSince", .integer(connectedSince ?? now)), ("returnRateLimits", .bool(returnRateLimits)),
                 ("serverTime", .integer(now)), ("userDataStream", .bool(!subscriptions.isEmpty))])
    }

    private func end(_ ending: [Subscription], at time: Int64) async {
        for subscription in ending where await api.exchange.userStreams.terminate(apiKey: subscription.apiKey, id: subscription.id, at: time) {
            terminatedByRequest += 1
        }
        let ids = Set(ending.map(\.id))
        subscriptions.removeAll { ids.contains($0.id) }
    }

    private func subscribe(key: String, viaLogon: Bool, id: JSONValue, events: @escaping @Sendable (AsyncStream<String>) -> Void, rateLimits: JSONValue?) async -> String {
        // One subscription per account per connection, as on Binance.
        if subscriptions.contains(where: { $0.apiKey == key }) {
            return Self.error(id: id, status: 400, code: -2035, message: "User Data Stream subscription already active.", rateLimits: rateLimits)
        }
        let (subscription, stream) = await api.exchange.userStreams.subscribe(apiKey: key)
        subscriptions.append(Subscription(id: subscription, apiKey: key, viaLogon: viaLogon))
        events(stream)
        return Self.ok(id: id, result: .object([("subscriptionId", .integer(Int64(subscription)))]), rateLimits: rateLimits)
    }

    static func ok(id: JSONValue, result: JSONValue, rateLimits: JSONValue?) -> String {
        JSONValue.object([("id", id), ("status", .integer(200)), ("result", result)] + (rateLimits.map { [("rateLimits", $0)] } ?? [])).text
    }

    static func error(id: JSONValue, status: Int, code: Int, message: String, rateLimits: JSONValue?) -> String {
        JSONValue.object([("id", id), ("status", .integer(Int64(status))), ("error", .object([("code", .integer(Int64(code))), ("msg", .string(message))]))]
                         + (rateLimits.map { [("rateLimits", $0)] } ?? [])).text
    }
}
