import Crypto
import Foundation
import GenesisBinance
import GenesisDomain

/// A request as gen-sim received it, raw: signatures are checked over these
/// exact bytes, never over a re-serialisation.
public struct SimRequest: Sendable {
    public var method: String
    public var path: String
    public var rawQuery: String
    public var rawBody: String
    public var apiKey: String?

    public init(method: String, path: String, rawQuery: String, rawBody: String, apiKey: String?) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.rawBody = rawBody
        self.apiKey = apiKey
    }
}

public struct SimResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: String
}

/// Faults gen-sim can inject, for drills and for tests of the gateway.
public struct SimFaults: Sendable {
    /// Share of requests answered 503 (-1007) without being executed.
    public var errorRate = 0.0
    /// Share of accepted orders answered 503 (-1007) after they were executed.
    public var failAfterAcceptRate = 0.0
    /// Added to the server's clock, in milliseconds.
    public var clockSkewMs: Int64 = 0
    /// Delay before every answer, in milliseconds.
    public var latencyMs = 0
    /// With `failAfterAcceptRate`: the order is answered 503 at once but only
    /// reaches the matching engine this many milliseconds later (Binance's
    /// "unknown status, may still execute"), so a lookup can first miss it.
    public var lateExecutionMs = 0
    /// Trades stay out of `myTrades` for this many milliseconds after they
    /// happen (a lagging read replica), while the order already shows them.
    public var tradesLagMs = 0
    public var seed: UInt64 = 1
    public init() {}
}

/// How gen-sim checks a key's signatures: an HMAC secret or an Ed25519 public key.
public enum SimKey: Sendable {
    case hmac(secret: String)
    case ed25519(publicKey: Data)

    func verify(signature: String, payload: String) -> Bool {
        switch self {
        case let .hmac(secret):
            let expected = HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8)))
                .map { String(format: "%02x", $0) }.joined()
            return expected == signature.lowercased()
        case let .ed25519(publicKey):
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey),
                  let bytes = Data(base64Encoded: signature) else { return false }
            return key.isValidSignature(bytes, for: Data(payload.utf8))
        }
    }

    /// The DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32-byte key follows.
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// Reads an Ed25519 public key PEM (`-----BEGIN PUBLIC KEY-----`).
    public static func ed25519(pem: String) -> SimKey? {
        let body = pem.split(whereSeparator: \.isNewline).filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body), der.count == 44, Array(der.prefix(12)) == publicPrefix else { return nil }
        return .ed25519(publicKey: der.suffix(32))
    }

    public static func publicPEM(for key: Curve25519.Signing.PublicKey) -> String {
        "-----BEGIN PUBLIC KEY-----\n\((Data(publicPrefix) + key.rawRepresentation).base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }
}

/// gen-sim's front door: routing, authentication, timing, rate limits and
/// faults, in front of the matching engine.
public actor SimAPI {
    public let exchange: SimExchange
    let keys: [String: SimKey]
    let faults: SimFaults
    var limits: SimLimits
    var random: SplitMix64
    /// Requests served, by path (for tests and the drill summary).
    public private(set) var served: [String: Int] = [:]
    /// Called with each order request's client id as it arrives (latency tracing).
    var onOrderArrival: (@Sendable (String) -> Void)?

    public func traceOrders(_ trace: @escaping @Sendable (String) -> Void) { onOrderArrival = trace }

    public init(exchange: SimExchange, keys: [String: SimKey], limits: SimLimits = SimLimits(), faults: SimFaults = SimFaults()) {
        self.exchange = exchange
        self.keys = keys
        self.limits = limits
        self.faults = faults
        self.random = SplitMix64(seed: faults.seed)
    }

    /// The server's clock, skewed as configured.
    func serverTime() async -> Int64 { await exchange.now() + faults.clockSkewMs }

    /// Request weights from Binance's API documentation.
    static func weight(_ method: String, _ path: String, _ parameters: [String: String]) -> Int {
        switch (method, path) {
        case (_, "/api/v3/exchangeInfo"): 20
        case (_, "/api/v3/depth"):
            switch Int(parameters["limit"] ?? "100") ?? 100 {
            case ...100: 5
            case ...500: 25
            case ...1000: 50
            default: 250
            }
        case (_, "/api/v3/klines"), (_, "/api/v3/avgPrice"): 2
        case (_, "/api/v3/ticker/price"), (_, "/api/v3/ticker/bookTicker"): parameters["symbol"] == nil ? 4 : 2
        case (_, "/api/v3/ticker/24hr"):
            if parameters["symbol"] != nil { 2 } else {
                switch parameters["symbols"].flatMap(SimExchange.symbolList)?.count ?? 101 {
                case ...20: 2
                case ...100: 40
                default: 80
                }
            }
        case (_, "/api/v3/ticker"):
            // 4 per symbol, at most 200.
            min(4 * (parameters["symbol"] != nil ? 1 : parameters["symbols"].flatMap(SimExchange.symbolList)?.count ?? 1), 200)
        case (_, "/api/v3/trades"), (_, "/api/v3/historicalTrades"): 25
        case (_, "/api/v3/aggTrades"): 4
        case (_, "/api/v3/account/commission"): 20
        case ("GET", "/api/v3/order"), ("PUT", "/api/v3/order/amend/keepPriority"): 4
        case ("GET", "/api/v3/orderList"): 4
        case ("GET", "/api/v3/openOrderList"): 6
        case (_, "/api/v3/allOrderList"): 20
        case ("GET", "/api/v3/openOrders"): parameters["symbol"] == nil ? 80 : 6
        case (_, "/api/v3/allOrders"), (_, "/api/v3/account"): 20
        case (_, "/api/v3/myTrades"): parameters["orderId"] == nil ? 20 : 5
        default: 1
        }
    }

    public func handle(_ request: SimRequest) async -> SimResponse {
        served[request.path, default: 0] += 1
        if faults.latencyMs > 0 { try? await Task.sleep(for: .milliseconds(faults.latencyMs)) }
        var parameters: [String: String] = [:]
        // Binance: a parameter in both places takes the query string's value.
        for (key, value) in QueryString.parse(request.rawBody) { parameters[key] = value }
        for (key, value) in QueryString.parse(request.rawQuery) { parameters[key] = value }
        let isOCO = request.method == "POST" && request.path == "/api/v3/orderList/oco"
        let isOrder = request.method == "POST" && request.path == "/api/v3/order" || isOCO
        if isOrder, let onOrderArrival { onOrderArrival((isOCO ? parameters["listClientOrderId"] : parameters["newClientOrderId"]) ?? "") }
        let now = await serverTime()
        do {
            // An OCO counts as two orders against the order rate limit (Binance's "Unfilled Order Count: 2").
            try limits.admit(weight: Self.weight(request.method, request.path, parameters), isOrder: isOrder, orders: isOCO ? 2 : 1, now: now)
            if faults.errorRate > 0, random.nextDouble() < faults.errorRate { throw BinanceError.internalFailure() }
            if isOrder, faults.lateExecutionMs > 0, faults.failAfterAcceptRate > 0, random.nextDouble() < faults.failAfterAcceptRate {
                let delay = faults.lateExecutionMs
                Task {
                    try? await Task.sleep(for: .milliseconds(delay))
                    await self.executeLate(request, parameters, arrivedAt: now)
                }
                throw BinanceError.internalFailure()
            }
            let body = try await route(request, parameters, now: now)
            await exchange.flushUserEvents()
            if isOrder, faults.failAfterAcceptRate > 0, random.nextDouble() < faults.failAfterAcceptRate {
                throw BinanceError.internalFailure()
            }
            return SimResponse(status: 200, headers: limits.headers(isOrder: isOrder), body: body.text)
        } catch let error as BinanceError {
            var headers = limits.headers(isOrder: false)
            if let retry = error.retryAfter { headers.append(("Retry-After", String(retry))) }
            return SimResponse(status: error.status, headers: headers,
                               body: JSONValue.object([("code", .integer(Int64(error.code))), ("msg", .string(error.message))]).text)
        } catch {
            return SimResponse(status: 500, headers: [], body: #"{"code":-1000,"msg":"An unknown error occurred while processing the request."}"#)
        }
    }

    /// An order whose answer was lost, reaching the matching engine late
    /// (checked as of its arrival, so recvWindow does not refuse it now).
    private func executeLate(_ request: SimRequest, _ parameters: [String: String], arrivedAt: Int64) async {
        _ = try? await route(request, parameters, now: arrivedAt)
        await exchange.flushUserEvents()
    }

    /// Checks a WebSocket-API request's key, signature (over the parameters
    /// sorted by name, unencoded) and timing; returns the key.
    func authenticateWebSocket(_ params: [(String, String)]) async throws(BinanceError) -> String {
        let values = Dictionary(params, uniquingKeysWith: { $1 })
        guard let apiKey = values["apiKey"], let key = keys[apiKey] else { throw .badKey() }
        guard let signature = values["signature"] else { throw .mandatory("signature") }
        let payload = QueryString.webSocketPayload(params.filter { $0.0 != "signature" })
        guard key.verify(signature: signature, payload: payload) else { throw .badSignature() }
        guard let stamp = values["timestamp"].flatMap({ Int64($0) }) else { throw .mandatory("timestamp") }
        let now = await serverTime()
        let window = Double(values["recvWindow"] ?? "5000") ?? 5000
        if stamp >= now + 1000 { throw .ahead() }
        if Double(now - stamp) > window { throw .outsideWindow() }
        return apiKey
    }

    /// Counts a WebSocket-API request's weight against the same limits as
    /// REST (Binance counts both per IP); returns the `rateLimits` its answer
    /// reports, or the 429/418 that refuses it.
    func admitWebSocket(weight: Int) async throws(BinanceError) -> JSONValue {
        try limits.admit(weight: weight, isOrder: false, now: await serverTime())
        return limits.rateLimits
    }

    func isEd25519(_ apiKey: String) -> Bool {
        if case .ed25519 = keys[apiKey] { return true }
        return false
    }

    /// Checks key, signature and timing of a SIGNED request; returns the key.
    func authenticate(_ request: SimRequest, _ parameters: [String: String], now: Int64) throws(BinanceError) -> String {
        guard let apiKey = request.apiKey, !apiKey.isEmpty else {
            throw BinanceError(status: 400, code: -2014, message: "API-key format invalid.")
        }
        guard let key = keys[apiKey] else { throw .badKey() }
        guard let signature = parameters["signature"] else { throw .mandatory("signature") }
        let payload = Self.strip("signature", from: request.rawQuery) + Self.strip("signature", from: request.rawBody)
        guard key.verify(signature: signature, payload: payload) else { throw .badSignature() }
        guard let stampText = parameters["timestamp"], var stamp = Int64(stampText) else { throw .mandatory("timestamp") }
        if stamp > 100_000_000_000_000 { stamp /= 1000 } // microseconds
        let window = Double(parameters["recvWindow"] ?? "5000") ?? -1
        guard window > 0, window <= 60_000 else {
            throw BinanceError(status: 400, code: -1131, message: "recvWindow must be less than 60000")
        }
        if stamp >= now + 1000 { throw .ahead() }
        if Double(now - stamp) > window { throw .outsideWindow() }
        return apiKey
    }

    /// The account a drill acts on: the `X-MBX-APIKEY` header's, which must be
    /// a key this sim knows (no signature: drills, like `/sim/v1/price`, are
    /// loopback controls, not Binance endpoints), or without the header the
    /// sim's only key; with several keys the header is required (-2014).
    func drillAccount(_ request: SimRequest) throws(BinanceError) -> String {
        if let apiKey = request.apiKey, !apiKey.isEmpty {
            guard keys[apiKey] != nil else { throw .badKey() }
            return apiKey
        }
        guard keys.count == 1, let only = keys.keys.first else {
            throw BinanceError(status: 400, code: -2014, message: "API-key format invalid.")
        }
        return only
    }

    /// The raw text without its `name=…` component (the signature is not
    /// part of what was signed).
    static func strip(_ name: String, from raw: String) -> String {
        raw.split(separator: "&", omittingEmptySubsequences: false).filter { !$0.hasPrefix("\(name)=") }.joined(separator: "&")
    }

    func route(_ request: SimRequest, _ p: [String: String], now: Int64) async throws -> JSONValue {
        func key() throws -> String { try authenticate(request, p, now: now) }
        switch (request.method, request.path) {
        case ("GET", "/api/v3/ping"): return .object([])
        case ("GET", "/api/v3/time"): return .object([("serverTime", .integer(now))])
        case ("GET", "/api/v3/exchangeInfo"):
            var info = try await exchange.exchangeInfo(p)
            if case var .object(members) = info {
                members = members.map { key, value in
                    switch key {
                    case "serverTime": (key, .integer(now))
                    case "rateLimits": (key, limits.advertisedJSON)
                    default: (key, value)
                    }
                }
                info = .object(members)
            }
            return info
        case ("GET", "/api/v3/depth"): return try await exchange.depth(symbol: p["symbol"], limit: min(Int(p["limit"] ?? "100") ?? 100, 5000))
        case ("GET", "/api/v3/ticker/bookTicker"): return try await exchange.bookTickers(p)
        case ("GET", "/api/v3/ticker/price"): return try await exchange.tickerPrice(p)
        case ("GET", "/api/v3/ticker/24hr"): return try await exchange.ticker24hr(p)
        case ("GET", "/api/v3/ticker"): return try await exchange.rollingTicker(p)
        case ("GET", "/api/v3/trades"): return try await exchange.recentTrades(p)
        case ("GET", "/api/v3/historicalTrades"): return try await exchange.historicalTrades(p)
        case ("GET", "/api/v3/aggTrades"): return try await exchange.aggTrades(p)
        case ("GET", "/api/v3/avgPrice"): return try await exchange.avgPrice(symbol: p["symbol"])
        case ("GET", "/api/v3/klines"): return try await exchange.klines(p)
        case ("GET", "/sapi/v1/system/status"): return await exchange.systemStatusAnswer()
        case ("POST", "/api/v3/order"): return try await exchange.placeOrder(key: key(), p)
        case ("POST", "/api/v3/order/test"): return try await exchange.placeOrder(key: key(), p, test: true)
        case ("GET", "/api/v3/order"): return try await exchange.queryOrder(key: key(), p)
        case ("DELETE", "/api/v3/order"): return try await exchange.cancelOrder(key: key(), p)
        case ("PUT", "/api/v3/order/amend/keepPriority"): return try await exchange.amendKeepPriority(key: key(), p) // SimAmend.swift
        case ("POST", "/api/v3/order/cancelReplace"): return try await exchange.cancelReplace(key: key(), p)
        case ("GET", "/api/v3/openOrders"): return try await exchange.openOrders(key: key(), symbol: p["symbol"])
        case ("DELETE", "/api/v3/openOrders"): return try await exchange.cancelOpenOrders(key: key(), symbol: p["symbol"])
        case ("GET", "/api/v3/allOrders"): return try await exchange.allOrders(key: key(), p)
        case ("GET", "/api/v3/myTrades"): return try await exchange.myTrades(key: key(), p, visibleBefore: now - Int64(faults.tradesLagMs))
        case ("GET", "/api/v3/account"): return await exchange.accountInformation(key: try key(), omitZeroBalances: p["omitZeroBalances"] == "true")
        case ("GET", "/api/v3/account/commission"): return try await exchange.accountCommission(key: key(), symbol: p["symbol"])
        case ("POST", "/api/v3/orderList/oco"): return try await exchange.placeOCO(key: key(), p)
        case ("GET", "/api/v3/orderList"): return try await exchange.queryOrderList(key: key(), p)
        case ("DELETE", "/api/v3/orderList"): return try await exchange.cancelOrderList(key: key(), p)
        case ("GET", "/api/v3/openOrderList"): return await exchange.openOrderLists(key: try key())
        case ("GET", "/api/v3/allOrderList"): return try await exchange.allOrderLists(key: key(), p)
        case ("POST", "/sim/v1/deposit"):
            // Drill control (not Binance): money in (amount > 0) or out (< 0) of an account, told as a balanceUpdate.
            return try await exchange.deposit(key: drillAccount(request), asset: p["asset"], amount: p["amount"])
        case ("POST", "/sim/v1/price"):
            // Drill control (not Binance): move a market to a price, as a crash or a rally would.
            guard let symbol = p["symbol"] else { throw BinanceError.mandatory("symbol") }
            guard let price = p["price"].flatMap(Decimal.parse), price > 0 else { throw BinanceError.mandatory("price") }
            try await exchange.move(symbol: symbol, to: price)
            return try await exchange.bookTicker(symbol: symbol)
        case ("POST", "/sim/v1/status"):
            // Drill control (not Binance): system maintenance (`system=1`) or a symbol's status (`symbol=…&status=HALT`), SimStatus.swift.
            return try await exchange.setStatus(p)
        case ("POST", "/sim/v1/streams/drop"):
            // Drill control: every WebSocket connection drops at once.
            await exchange.streams.dropAll()
            await exchange.userStreams.dropAll()
            return .object([])
        case ("POST", "/sim/v1/streams/stall"):
            // Drill control: user-data connections stay open but go silent (`stalled=false` ends it).
            await exchange.userStreams.setStalled(p["stalled"] != "false")
            return .object([])
        default:
            throw BinanceError(status: 404, code: -1000, message: "Unknown endpoint \(request.method) \(request.path).")
        }
    }
}

extension SimKey {
    /// The verifier matching a client's own credentials.
    public init(_ credentials: Credentials) {
        switch credentials.signer {
        case let .hmac(secret): self = .hmac(secret: String(decoding: secret, as: UTF8.self))
        case let .ed25519(seed): self = .ed25519(publicKey: (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed).publicKey.rawRepresentation) ?? Data())
        }
    }
}
