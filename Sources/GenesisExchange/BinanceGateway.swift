import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import GenesisBinance
import GenesisDomain
import GenesisStore

/// The REST side of an exchange that speaks Binance's protocol (Binance,
/// its testnet, gen-sim). It signs, keeps the server-time offset, budgets
/// request weight, honours 429/418 for every command through the store,
/// retries what is safe to retry, and never blindly resends an order: an
/// order whose outcome is unknown is reported as such, for the caller to
/// look it up by its client order id.
public actor BinanceGateway {
    public let venue: String
    let restBase: String
    public nonisolated let credentials: Credentials?
    let http: HTTPClient
    let state: ExchangeStateRepository?
    let settings: GenesisConfig.Execution
    let clock: any TimeSource
    let sleeper: @Sendable (Int64) async throws -> Void

    /// Server time minus local time, in milliseconds.
    public private(set) var offset: Int64 = 0
    private var synced = false
    private var breaker: CircuitBreaker
    private let retry: RetryPolicy
    /// `X-MBX-USED-WEIGHT-1M` from the last response, and the minute it belongs to.
    public private(set) var usedWeight = 0
    private var usedWeightMinute: Int64 = 0
    private var weightLimit = 6000
    /// `X-MBX-ORDER-COUNT-10S` from the last order, its window, and the limit.
    public private(set) var ordersInWindow = 0
    private var orderWindow: Int64 = 0
    private var orderLimit10s = 50

    public init(venue: String, restBase: String, credentials: Credentials?, http: HTTPClient, state: ExchangeStateRepository?,
                settings: GenesisConfig.Execution,
                clock: any TimeSource = WallClock(),
                sleeper: @escaping @Sendable (Int64) async throws -> Void = { try await Task.sleep(for: .milliseconds($0)) }) {
        self.venue = venue
        self.restBase = restBase
        self.credentials = credentials
        self.http = http
        self.state = state
        self.settings = settings
        self.clock = clock
        self.sleeper = sleeper
        breaker = CircuitBreaker(failures: settings.breakerFailures, windowSeconds: settings.breakerWindowSeconds,
                                 halfOpenAfterSeconds: settings.breakerHalfOpenSeconds)
        retry = RetryPolicy(delaysSeconds: settings.retryBackoffSeconds)
    }

    /// An HTTP client with DESIGN §5's timeouts.
    public static func makeHTTPClient(_ settings: GenesisConfig.Execution) -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(Int64(settings.connectTimeoutSeconds)), read: .seconds(Int64(settings.readTimeoutSeconds)))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public var serverTime: Int64 { clock.milliseconds + offset }

    /// What health reports show: the breaker's state and the request
    /// weight used this minute against the exchange's limit.
    public var status: (circuit: String, usedWeight: Int, weightLimit: Int) {
        let now = clock.milliseconds
        return (breaker.state(at: now), usedWeightMinute == now / 60_000 ? usedWeight : 0, weightLimit)
    }

    /// Samples `/api/v3/time` and sets the offset as of the answer's arrival.
    @discardableResult
    public func syncTime() async throws(ExchangeError) -> Int64 {
        let answer = try await send("GET", "/api/v3/time", [], signed: false, idempotent: true)
        let after = clock.milliseconds
        guard let server = answer["serverTime"]?.integer else { throw .unavailable("no serverTime in /api/v3/time") }
        // The server read its clock somewhere between the request and `after`.
        // Taken as read at `after`, the offset can only err late: a request
        // stamped a little late passes within recvWindow, one stamped 1 s
        // ahead is refused (-1021). The midpoint erred ahead whenever the
        // answer came back faster than the request went out (a loaded machine).
        offset = server - after
        synced = true
        // Every live command corrects its wall clock by it (DESIGN §1.4).
        try? state?.recordClockOffset(venue: venue, offsetMs: offset, at: Timestamp(milliseconds: after))
        return offset
    }

    public enum Method: String, Sendable { case get = "GET", post = "POST", put = "PUT", delete = "DELETE" }

    /// One API call. Signed calls carry `recvWindow` and a server-corrected
    /// `timestamp`; a `-1021` answer resynchronises the clock and tries once more.
    public func call(_ method: Method, _ path: String, _ parameters: [(String, String)] = [], signed: Bool = false) async throws(ExchangeError) -> JSONValue {
        if signed, !synced { try await syncTime() }
        do {
            return try await send(method.rawValue, path, parameters, signed: signed, idempotent: method != .post && method != .put)
        } catch let ExchangeError.rejected(error) where error.code == -1021 && signed {
            try await syncTime()
            return try await send(method.rawValue, path, parameters, signed: signed, idempotent: method != .post && method != .put)
        }
    }

    private func send(_ method: String, _ path: String, _ parameters: [(String, String)], signed: Bool, idempotent: Bool) async throws(ExchangeError) -> JSONValue {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await sendOnce(method, path, parameters, signed: signed, idempotent: idempotent)
            } catch let ExchangeError.unavailable(reason) where idempotent && attempt < settings.retryBackoffSeconds.count {
                _ = reason
                try? await sleeper(Int64(retry.delay(attempt: attempt)) * 1000)
            }
        }
    }

    private func sendOnce(_ method: String, _ path: String, _ parameters: [(String, String)], signed: Bool, idempotent: Bool) async throws(ExchangeError) -> JSONValue {
        let now = clock.milliseconds
        if let pause = try? state?.pause(venue: venue), pause.until.milliseconds > now {
            throw pause.status == 418 ? .banned(until: pause.until.milliseconds) : .rateLimited(until: pause.until.milliseconds)
        }
        if let wait = breaker.waitBeforeCall(at: now) {
            throw .unavailable("the circuit breaker is open after repeated failures; next try in \(wait / 1000 + 1) s")
        }
        // Keep 20% of the minute's weight in reserve (DESIGN §5).
        let budget = Int(Double(weightLimit) * (1 - settings.rateLimitMargin.value.approximateDouble))
        if usedWeight >= budget, usedWeightMinute == now / 60_000 {
            try? await sleeper(60_000 - now % 60_000)
        }
        // The same reserve on the 10-second order budget.
        if method == "POST", path == "/api/v3/order", orderWindow == now / 10_000,
           ordersInWindow >= Int(Double(orderLimit10s) * (1 - settings.rateLimitMargin.value.approximateDouble)) {
            try? await sleeper(10_000 - now % 10_000)
        }
        var query = parameters
        if signed {
            guard let credentials else { throw .authentication(BinanceError(status: 401, code: -2014, message: "no API key configured")) }
            query.append(("recvWindow", String(settings.recvWindowMs)))
            query.append(("timestamp", String(clock.milliseconds + offset)))
            let payload = QueryString.build(query)
            do {
                query.append(("signature", try credentials.signer.signature(for: payload)))
            } catch {
                throw .authentication(BinanceError(status: 0, code: -1022, message: "cannot sign with the configured key"))
            }
        }
        var request = HTTPClientRequest(url: restBase + path + (query.isEmpty ? "" : "?" + QueryString.build(query)))
        request.method = HTTPMethod(rawValue: method)
        if let credentials { request.headers.add(name: "X-MBX-APIKEY", value: credentials.apiKey) }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .seconds(Int64(settings.totalTimeoutSeconds)))
            body = try await response.body.collect(upTo: 32 << 20)
        } catch {
            breaker.recordFailure(at: clock.milliseconds)
            if idempotent { throw .unavailable("\(error)") }
            throw .unknownOutcome("no answer: \(error)")
        }
        if let orders = response.headers.first(name: "X-MBX-ORDER-COUNT-10S").flatMap(Int.init) {
            ordersInWindow = orders
            orderWindow = clock.milliseconds / 10_000
        }
        if let used = response.headers.first(name: "X-MBX-USED-WEIGHT-1M").flatMap(Int.init) {
            usedWeight = used
            usedWeightMinute = clock.milliseconds / 60_000
        }
        let status = Int(response.status.code)
        let data = Data(body.readableBytesView)
        if status == 200 {
            breaker.recordSuccess()
            do { return try JSONValue.parse(data) } catch {
                // An order's 200 that cannot be read still means it may have executed.
                if idempotent { throw .unavailable("unreadable answer from \(path)") }
                throw .unknownOutcome("unreadable answer from \(path)")
            }
        }
        let parsed = try? JSONValue.parse(data)
        let error = BinanceError(status: status, code: Int(parsed?["code"]?.integer ?? 0), message: parsed?["msg"]?.string ?? "HTTP \(status)",
                                 retryAfter: response.headers.first(name: "Retry-After").flatMap(Int.init))
        switch status {
        case 429, 418:
            let until = clock.milliseconds + Int64(error.retryAfter ?? 60) * 1000
            try? state?.recordPause(venue: venue, until: Timestamp(milliseconds: until), status: status, reason: error.message)
            throw status == 418 ? .banned(until: until) : .rateLimited(until: until)
        case 500...:
            breaker.recordFailure(at: clock.milliseconds)
            if idempotent { throw .unavailable(error.description) }
            throw .unknownOutcome(error.description)
        default:
            breaker.recordSuccess()
            if error.outcomeUnknown { throw .unknownOutcome(error.description) }
            if [-1022, -2014, -2015].contains(error.code) || status == 401 { throw .authentication(error) }
            throw .rejected(error)
        }
    }

    // MARK: Endpoints

    /// exchangeInfo, from the store's cache when younger than `exchangeInfoCacheHours`.
    public func exchangeInfo(refresh: Bool = false) async throws(ExchangeError) -> ExchangeInfo {
        let maxAge = Int64(settings.exchangeInfoCacheHours) * 3_600_000
        if !refresh, let cached = try? state?.cachedExchangeInfo(venue: venue), clock.milliseconds - cached.fetchedAt.milliseconds < maxAge,
           let info = try? JSONDecoder().decode(ExchangeInfo.self, from: cached.body) {
            adopt(info)
            return info
        }
        let answer = try await call(.get, "/api/v3/exchangeInfo")
        let data = Data(answer.text.utf8)
        guard let info = try? JSONDecoder().decode(ExchangeInfo.self, from: data) else { throw .unavailable("exchangeInfo could not be read") }
        try? state?.cacheExchangeInfo(venue: venue, at: clock.now(), body: data)
        adopt(info)
        return info
    }

    private func adopt(_ info: ExchangeInfo) {
        if let limit = info.rateLimits.first(where: { $0.rateLimitType == "REQUEST_WEIGHT" && $0.seconds == 60 }) { weightLimit = limit.limit }
        if let limit = info.rateLimits.first(where: { $0.rateLimitType == "ORDERS" && $0.seconds == 10 }) { orderLimit10s = limit.limit }
    }

    /// `POST /api/v3/order` with a FULL response.
    public func placeOrder(symbol: String, side: Side, type: String, quantity: Decimal, price: Decimal? = nil, timeInForce: String? = nil,
                           stopPrice: Decimal? = nil, icebergQuantity: Decimal? = nil, clientOrderID: String) async throws(ExchangeError) -> JSONValue {
        var parameters: [(String, String)] = [("symbol", symbol), ("side", side.rawValue), ("type", type), ("quantity", quantity.plainText)]
        if let timeInForce { parameters.append(("timeInForce", timeInForce)) }
        if let price { parameters.append(("price", price.plainText)) }
        if let stopPrice { parameters.append(("stopPrice", stopPrice.plainText)) }
        if let icebergQuantity { parameters.append(("icebergQty", icebergQuantity.plainText)) }
        parameters += [("newClientOrderId", clientOrderID), ("newOrderRespType", "FULL")]
        return try await call(.post, "/api/v3/order", parameters, signed: true)
    }

    /// A sell OCO (`POST /api/v3/orderList/oco`): a LIMIT_MAKER above the
    /// market at `target` and a STOP_LOSS_LIMIT below it triggered at
    /// `stop`, selling at no less than `stopLimit`. One leg executing
    /// cancels the other, on the exchange, whether or not GENESIS runs.
    public func placeSellOCO(symbol: String, quantity: Decimal, target: Decimal, stop: Decimal, stopLimit: Decimal,
                             listClientOrderID: String, targetClientOrderID: String, stopClientOrderID: String) async throws(ExchangeError) -> JSONValue {
        try await call(.post, "/api/v3/orderList/oco", [
            ("symbol", symbol), ("side", "SELL"), ("quantity", quantity.plainText), ("listClientOrderId", listClientOrderID),
            ("aboveType", "LIMIT_MAKER"), ("abovePrice", target.plainText), ("aboveClientOrderId", targetClientOrderID),
            ("belowType", "STOP_LOSS_LIMIT"), ("belowStopPrice", stop.plainText), ("belowPrice", stopLimit.plainText),
            ("belowTimeInForce", "GTC"), ("belowClientOrderId", stopClientOrderID), ("newOrderRespType", "FULL"),
        ], signed: true)
    }

    /// The order with this client id, or nil when the exchange never saw it.
    public func queryOrder(symbol: String, clientOrderID: String) async throws(ExchangeError) -> JSONValue? {
        do {
            return try await call(.get, "/api/v3/order", [("symbol", symbol), ("origClientOrderId", clientOrderID)], signed: true)
        } catch let ExchangeError.rejected(error) where error.code == -2013 {
            return nil
        }
    }

    public func cancelOrder(symbol: String, clientOrderID: String) async throws(ExchangeError) -> JSONValue {
        try await call(.delete, "/api/v3/order", [("symbol", symbol), ("origClientOrderId", clientOrderID)], signed: true)
    }

    /// `PUT /api/v3/order/amend/keepPriority`: lowers a resting order's
    /// quantity in place, keeping its place in the queue. `newClientOrderID`
    /// is always sent (Binance would otherwise give the order a random id the
    /// store does not know); pass the order's own id to keep it.
    public func amendKeepPriority(symbol: String, clientOrderID: String, newQuantity: Decimal, newClientOrderID: String) async throws(ExchangeError) -> JSONValue {
        try await call(.put, "/api/v3/order/amend/keepPriority", [
            ("symbol", symbol), ("origClientOrderId", clientOrderID), ("newQty", newQuantity.plainText), ("newClientOrderId", newClientOrderID),
        ], signed: true)
    }

    /// `POST /api/v3/order/cancelReplace` with `cancelReplaceMode=STOP_ON_FAILURE`:
    /// cancels the order with `clientOrderID` and, only if that worked, places a
    /// LIMIT GTC order at `price` for `quantity` under `newClientOrderID`.
    /// A failed cancel is code -2022 (nothing changed); a new order refused
    /// after the cancel is code -2021 (the old order is gone).
    public func cancelReplace(symbol: String, side: Side, clientOrderID: String, quantity: Decimal, price: Decimal,
                              newClientOrderID: String) async throws(ExchangeError) -> JSONValue {
        try await call(.post, "/api/v3/order/cancelReplace", [
            ("symbol", symbol), ("side", side.rawValue), ("type", "LIMIT"), ("cancelReplaceMode", "STOP_ON_FAILURE"), ("timeInForce", "GTC"),
            ("quantity", quantity.plainText), ("price", price.plainText), ("cancelOrigClientOrderId", clientOrderID),
            ("newClientOrderId", newClientOrderID), ("newOrderRespType", "FULL"),
        ], signed: true)
    }

    public func openOrders(symbol: String?) async throws(ExchangeError) -> JSONValue {
        try await call(.get, "/api/v3/openOrders", symbol.map { [("symbol", $0)] } ?? [], signed: true)
    }

    public func myTrades(symbol: String, orderID: Int64) async throws(ExchangeError) -> JSONValue {
        try await call(.get, "/api/v3/myTrades", [("symbol", symbol), ("orderId", String(orderID))], signed: true)
    }

    /// The exchange's current average price of `symbol` (the reference of PERCENT_PRICE_BY_SIDE).
    public func averagePrice(symbol: String) async throws(ExchangeError) -> Decimal? {
        try await call(.get, "/api/v3/avgPrice", [("symbol", symbol)])["price"]?.decimal
    }

    /// The account's trades on `symbol` since `start` (at most 24 hours ago, Binance's window), oldest first.
    public func myTrades(symbol: String, since start: Int64, limit: Int = 1000) async throws(ExchangeError) -> JSONValue {
        try await call(.get, "/api/v3/myTrades", [("symbol", symbol), ("startTime", String(start)), ("limit", String(limit))], signed: true)
    }

    /// The exchange's system status (`GET /sapi/v1/system/status`): 0 normal,
    /// 1 system maintenance, with its message. Testnet has no /sapi: it throws there.
    public func systemStatus() async throws(ExchangeError) -> (status: Int?, message: String?) {
        let answer = try await call(.get, "/sapi/v1/system/status")
        return (answer["status"]?.integer.map(Int.init), answer["msg"]?.string)
    }

    public func account() async throws(ExchangeError) -> JSONValue {
        try await call(.get, "/api/v3/account", [("omitZeroBalances", "true")], signed: true)
    }

    public func klines(symbol: String, interval: String, start: Int64?, end: Int64?, limit: Int) async throws(ExchangeError) -> JSONValue {
        var parameters = [("symbol", symbol), ("interval", interval), ("limit", String(limit))]
        if let start { parameters.append(("startTime", String(start))) }
        if let end { parameters.append(("endTime", String(end))) }
        return try await call(.get, "/api/v3/klines", parameters)
    }
}
