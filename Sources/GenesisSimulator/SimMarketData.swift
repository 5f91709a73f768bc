import Foundation
import GenesisBinance
import GenesisDomain

/// gen-sim's market-data endpoints beyond the book: the trade tape
/// (`/api/v3/trades`, `/api/v3/historicalTrades`, `/api/v3/aggTrades`), the
/// tickers (`/api/v3/ticker/price`, `/api/v3/ticker/24hr`, `/api/v3/ticker`,
/// `/api/v3/ticker/bookTicker` for several symbols) and the klines of the
/// sim's own market, in the shapes of Binance's REST API documentation. Every
/// figure comes from the one record of trades (`recordTrade`), so the tickers,
/// the klines and the streams agree with each other.
extension SimExchange {
    /// Recent trades kept per symbol: enough for the largest page Binance
    /// serves (1000) several times over.
    static let tapeLength = 5000

    /// Records one trade on the market (a step of the sim's own market or an
    /// account's fill): gives it the next trade id, keeps it on the tape, adds
    /// it to every kline it falls in, and queues its `trade`, `aggTrade` and
    /// `kline_<interval>` stream events. Returns the trade id.
    @discardableResult
    func recordTrade(symbol: String, price: Decimal, quantity: Decimal, buyerIsMaker: Bool, time: Int64) -> Int64 {
        let id = nextTradeId
        nextTradeId += 1
        let trade = SimMarketTrade(id: id, symbol: symbol, price: price, quantity: quantity, time: time, buyerIsMaker: buyerIsMaker)
        tape[symbol, default: []].append(trade)
        if tape[symbol]!.count > Self.tapeLength + Self.tapeLength / 5 { tape[symbol]!.removeFirst(tape[symbol]!.count - Self.tapeLength) }
        let lower = symbol.lowercased()
        marketEvents.append(("\(lower)@trade", { .object([
            ("e", .string("trade")), ("E", .integer(time)), ("s", .string(symbol)), ("t", .integer(id)), ("p", .fixed(price)),
            ("q", .fixed(quantity)), ("T", .integer(time)), ("m", .bool(buyerIsMaker)), ("M", .bool(true)),
        ]) }))
        marketEvents.append(("\(lower)@aggTrade", { .object([
            ("e", .string("aggTrade")), ("E", .integer(time)), ("s", .string(symbol)), ("a", .integer(id)), ("p", .fixed(price)),
            ("q", .fixed(quantity)), ("f", .integer(id)), ("l", .integer(id)), ("T", .integer(time)), ("m", .bool(buyerIsMaker)), ("M", .bool(true)),
        ]) }))
        for (interval, candle, closed) in candles.record(trade) {
            marketEvents.append(("\(lower)@kline_\(interval.name)", { .object([
                ("e", .string("kline")), ("E", .integer(time)), ("s", .string(symbol)),
                ("k", .object([("t", .integer(candle.openTime)), ("T", .integer(candle.openTime + interval.milliseconds - 1)), ("s", .string(symbol)),
                               ("i", .string(interval.name)), ("f", .integer(candle.firstTradeId)), ("L", .integer(candle.lastTradeId)),
                               ("o", .fixed(candle.open)), ("c", .fixed(candle.close)), ("h", .fixed(candle.high)), ("l", .fixed(candle.low)),
                               ("v", .fixed(candle.volume)), ("n", .integer(candle.trades)), ("x", .bool(closed)), ("q", .fixed(candle.quoteVolume)),
                               ("V", .fixed(candle.takerBuyBase)), ("Q", .fixed(candle.takerBuyQuote)), ("B", .string("0"))])),
            ]) }))
        }
        return id
    }

    /// Publishes the queued market events, in order (each built only if someone listens).
    func flushMarketEvents() async {
        let events = marketEvents
        marketEvents.removeAll()
        for (stream, make) in events { await streams.publish(stream: stream, make: make) }
    }

    /// The sim's own klines of `symbol` (the open one last), windowed as
    /// Binance windows every list: with no start, the newest rows up to
    /// `end`; with a start, the oldest rows from it.
    func ownKlines(symbol: String, interval: Interval, start: Int64?, end: Int64?, limit: Int) -> [KlineRow] {
        let rows = candles.candles(symbol: symbol, interval: interval)
            .filter { $0.openTime >= (start ?? .min) && $0.openTime <= (end ?? .max) }
            .map(\.row)
        return Array(start == nil ? rows.suffix(limit) : rows.prefix(limit))
    }

    // MARK: Symbol selection

    /// The `symbols` parameter: a JSON array of names, as Binance takes it
    /// (`["BTCUSDT","ETHUSDT"]`); nil when it is not one.
    static func symbolList(_ text: String) -> [String]? {
        guard let items = (try? JSONValue.parse(Data(text.utf8)))?.array else { return nil }
        let names = items.compactMap(\.string)
        return names.count == items.count ? names : nil
    }

    /// The symbols a market-data request names: `symbol` (answered as one
    /// object), a `symbols` array, or neither, meaning every symbol (both
    /// answered as arrays). Unknown names are refused, as Binance refuses them.
    func selection(_ p: [String: String], required: Bool = false) throws(BinanceError) -> (symbols: [String], single: Bool) {
        if p["symbol"] != nil, p["symbols"] != nil {
            throw BinanceError(status: 400, code: -1128, message: "Combination of optional parameters invalid.")
        }
        if let symbol = p["symbol"] { return ([try market(symbol).rules.symbol], true) }
        if let text = p["symbols"] {
            guard let names = Self.symbolList(text), !names.isEmpty else {
                throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'symbols'; legal range is '^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$'.")
            }
            for name in names { _ = try market(name) }
            return (names, false)
        }
        if required { throw .mandatory("symbol") }
        return (markets.keys.sorted(), false)
    }

    /// One object for `symbol`, an array otherwise.
    private func answer(_ selection: (symbols: [String], single: Bool), _ each: (String) -> JSONValue) -> JSONValue {
        selection.single ? each(selection.symbols[0]) : .array(selection.symbols.map(each))
    }

    /// `GET /api/v3/exchangeInfo` for `symbol`, a `symbols` list or every symbol.
    public func exchangeInfo(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        let chosen = try selection(p)
        guard case var .object(members) = exchangeInfo(), let index = members.firstIndex(where: { $0.0 == "symbols" }) else { return exchangeInfo() }
        members[index].1 = .array(chosen.symbols.map { Self.describe(markets[$0]!.rules) })
        return .object(members)
    }

    // MARK: Tickers

    /// The price of the latest trade (the market's own price before any trade).
    func lastTradePrice(_ symbol: String) -> Decimal { tape[symbol]?.last?.price ?? markets[symbol]!.last }

    /// `GET /api/v3/ticker/price`.
    public func tickerPrice(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        answer(try selection(p)) { .object([("symbol", .string($0)), ("price", .fixed(lastTradePrice($0)))]) }
    }

    /// `GET /api/v3/ticker/bookTicker` for one symbol, several or all.
    public func bookTickers(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        let chosen = try selection(p)
        var tickers: [JSONValue] = []
        for symbol in chosen.symbols { tickers.append(try bookTicker(symbol: symbol)) }
        return chosen.single ? tickers[0] : .array(tickers)
    }

    /// Price-change statistics over the trades since `openTime`, from the
    /// one-minute klines (as Binance computes its rolling windows: the window
    /// opens on a minute boundary and closes now).
    struct Statistics {
        var openTime: Int64
        var closeTime: Int64
        var open: Decimal = 0
        var high: Decimal = 0
        var low: Decimal = 0
        var last: Decimal
        var previousClose: Decimal = 0
        var volume: Decimal = 0
        var quoteVolume: Decimal = 0
        var firstId: Int64 = -1
        var lastId: Int64 = -1
        var count: Int64 = 0

        var change: Decimal { count == 0 ? 0 : last - open }
        var changePercent: Decimal { count == 0 || open == 0 ? 0 : change / open * 100 }
        var weightedAverage: Decimal { volume == 0 ? 0 : quoteVolume / volume }
    }

    func statistics(_ symbol: String, window: Int64) -> Statistics {
        let now = now()
        let openTime = (now - window) - (now - window).modulo(Interval.oneMinute.milliseconds)
        let all = candles.candles(symbol: symbol, interval: .oneMinute)
        var stats = Statistics(openTime: openTime, closeTime: now, last: lastTradePrice(symbol))
        stats.previousClose = all.last { $0.openTime < openTime }?.close ?? 0
        let inside = all.filter { $0.openTime >= openTime }
        guard let first = inside.first, let latest = inside.last else { return stats }
        stats.open = first.open
        stats.high = inside.map(\.high).max()!
        stats.low = inside.map(\.low).min()!
        stats.last = latest.close
        stats.volume = inside.reduce(0) { $0 + $1.volume }
        stats.quoteVolume = inside.reduce(0) { $0 + $1.quoteVolume }
        stats.firstId = first.firstTradeId
        stats.lastId = latest.lastTradeId
        stats.count = inside.reduce(0) { $0 + $1.trades }
        if stats.previousClose == 0 { stats.previousClose = first.open }
        return stats
    }

    /// `type=FULL` (the default) or `type=MINI`.
    private func isMini(_ p: [String: String]) throws(BinanceError) -> Bool {
        switch p["type"] ?? "FULL" {
        case "FULL": false
        case "MINI": true
        default: throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'type'; legal range is 'FULL, MINI'.")
        }
    }

    /// The fields every ticker has, in Binance's order, after its own first ones.
    private func tail(_ stats: Statistics) -> [(String, JSONValue)] {
        [("openPrice", .fixed(stats.open)), ("highPrice", .fixed(stats.high)), ("lowPrice", .fixed(stats.low)), ("lastPrice", .fixed(stats.last)),
         ("volume", .fixed(stats.volume)), ("quoteVolume", .fixed(stats.quoteVolume)), ("openTime", .integer(stats.openTime)),
         ("closeTime", .integer(stats.closeTime)), ("firstId", .integer(stats.firstId)), ("lastId", .integer(stats.lastId)), ("count", .integer(stats.count))]
    }

    private func change(_ stats: Statistics) -> [(String, JSONValue)] {
        [("priceChange", .fixed(stats.change)), ("priceChangePercent", .fixed(stats.changePercent, places: 3)),
         ("weightedAvgPrice", .fixed(stats.weightedAverage))]
    }

    /// `GET /api/v3/ticker/24hr`: the last 24 hours, FULL or MINI.
    public func ticker24hr(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        let chosen = try selection(p)
        let mini = try isMini(p)
        return answer(chosen) { symbol in
            let stats = statistics(symbol, window: Timestamp.millisecondsPerDay)
            if mini { return .object([("symbol", .string(symbol))] + tail(stats)) }
            let market = markets[symbol]!
            let lastQty = tape[symbol]?.last?.quantity ?? 0
            return .object([("symbol", .string(symbol))] + change(stats) + [
                ("prevClosePrice", .fixed(stats.previousClose)), ("lastPrice", .fixed(stats.last)), ("lastQty", .fixed(lastQty)),
                ("bidPrice", .fixed(market.bestBid)), ("bidQty", .fixed(market.levelQuantity)),
                ("askPrice", .fixed(market.bestAsk)), ("askQty", .fixed(market.levelQuantity)),
            ] + tail(stats).filter { $0.0 != "lastPrice" })
        }
    }

    /// A `windowSize` of `/api/v3/ticker`: 1m…59m, 1h…23h or 1d…7d, in milliseconds.
    static func windowSize(_ text: String) -> Int64? {
        guard let unit = text.last, let count = Int64(text.dropLast()), count >= 1 else { return nil }
        switch unit {
        case "m" where count <= 59: return count * 60_000
        case "h" where count <= 23: return count * 3_600_000
        case "d" where count <= 7: return count * Timestamp.millisecondsPerDay
        default: return nil
        }
    }

    /// `GET /api/v3/ticker`: statistics over a rolling window (default 1d) for
    /// `symbol` or `symbols` (one of them is required).
    public func rollingTicker(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        let chosen = try selection(p, required: true)
        let mini = try isMini(p)
        guard let window = Self.windowSize(p["windowSize"] ?? "1d") else {
            throw BinanceError(status: 400, code: -1100, message: "Illegal characters found in parameter 'windowSize'; legal range is '1m…59m, 1h…23h, 1d…7d'.")
        }
        return answer(chosen) { symbol in
            let stats = statistics(symbol, window: window)
            return .object([("symbol", .string(symbol))] + (mini ? [] : change(stats)) + tail(stats))
        }
    }

    // MARK: Trades

    private func limit(_ p: [String: String], default value: Int) -> Int { max(1, min(Int(p["limit"] ?? "") ?? value, 1000)) }

    private func tradeJSON(_ trade: SimMarketTrade) -> JSONValue {
        .object([("id", .integer(trade.id)), ("price", .fixed(trade.price)), ("qty", .fixed(trade.quantity)), ("quoteQty", .fixed(trade.quoteQuantity)),
                 ("time", .integer(trade.time)), ("isBuyerMaker", .bool(trade.buyerIsMaker)), ("isBestMatch", .bool(true))])
    }

    /// `GET /api/v3/trades`: the most recent trades, oldest first.
    public func recentTrades(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        let symbol = try market(p["symbol"]).rules.symbol
        return .array((tape[symbol] ?? []).suffix(limit(p, default: 500)).map(tradeJSON))
    }

    /// `GET /api/v3/historicalTrades`: trades from `fromId` (the most recent without it).
    public func historicalTrades(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        let symbol = try market(p["symbol"]).rules.symbol
        let count = limit(p, default: 500)
        let trades = tape[symbol] ?? []
        guard let text = p["fromId"] else { return .array(trades.suffix(count).map(tradeJSON)) }
        guard let from = Int64(text) else { throw .mandatory("fromId") }
        return .array(trades.filter { $0.id >= from }.prefix(count).map(tradeJSON))
    }

    /// `GET /api/v3/aggTrades`. A taker's fill at one price is one trade in
    /// the sim (it takes each level whole), so each aggregate trade holds one
    /// trade and carries that trade's id as its own.
    public func aggTrades(_ p: [String: String]) throws(BinanceError) -> JSONValue {
        let symbol = try market(p["symbol"]).rules.symbol
        let count = limit(p, default: 500)
        let start = p["startTime"].flatMap { Int64($0) }, end = p["endTime"].flatMap { Int64($0) }
        if let start, let end, end < start || end - start > 3_600_000 {
            throw BinanceError(status: 400, code: -1127, message: "More than 1 hours between startTime and endTime.")
        }
        var trades = tape[symbol] ?? []
        if let from = p["fromId"] {
            guard let id = Int64(from) else { throw .mandatory("fromId") }
            trades = Array(trades.filter { $0.id >= id }.prefix(count))
        } else if start != nil || end != nil {
            let inside = trades.filter { $0.time >= (start ?? .min) && $0.time <= (end ?? .max) }
            trades = Array(start == nil ? inside.suffix(count) : inside.prefix(count))
        } else {
            trades = Array(trades.suffix(count))
        }
        return .array(trades.map { trade in
            .object([("a", .integer(trade.id)), ("p", .fixed(trade.price)), ("q", .fixed(trade.quantity)), ("f", .integer(trade.id)),
                     ("l", .integer(trade.id)), ("T", .integer(trade.time)), ("m", .bool(trade.buyerIsMaker)), ("M", .bool(true))])
        })
    }
}
