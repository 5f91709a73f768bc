import Foundation

public enum Side: String, Sendable, Codable, CaseIterable {
    case buy = "BUY"
    case sell = "SELL"

    init(field name: StaticString, of line: JSONLine) throws {
        let text = try line.string(name)
        guard let side = Side(rawValue: text) else { throw LineError("field '\(name)' must be BUY or SELL, got '\(text.prefix(20))'") }
        self = side
    }
}

/// A strategy's trade idea (`signal` line). Its id is deterministic — strategy,
/// symbol, interval, candle and side — so replaying the same data yields the
/// same ids, and through them the same client order ids.
public struct Signal: Sendable, Equatable {
    public var id: String
    public var ts: Timestamp
    public var strategy: String
    public var symbol: String
    public var side: Side
    /// The price the idea was formed at (the candle close).
    public var price: Decimal
    public var stop: Decimal?
    public var target: Decimal?
    public var reason: String
    /// How the idea wants to be executed: MARKET unless it names a limit
    /// type and price (limit orders unlock at HUNTER, DESIGN §2).
    public var orderType: OrderType = .market
    public var limitPrice: Decimal?
    /// Where a STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT starts to work (STRATEGIST, DESIGN §2).
    public var triggerPrice: Decimal?
    /// How the idea wants a market entry worked (TWAP, VWAP, ICEBERG or
    /// MARKET); nil leaves it to the tier's configuration. gen-risk refuses
    /// an algorithm the tier has not unlocked, and the tier's mandatory
    /// slicing still applies to a plain MARKET.
    public var algorithm: ExecutionAlgorithm?
    /// The moment the idea stops being worth acting on (arbitrage
    /// opportunities live a few seconds); gen-risk refuses it after that
    /// (`signal.expired`). Nil: no expiry.
    public var validUntil: Timestamp?
    /// The candle interval (timeframe) a candle strategy decided on, so
    /// gen-risk can judge the signal by the market state of that timeframe
    /// (DESIGN §10 "Timeframes"). Nil for book strategies and hand-written lines.
    public var interval: String?
    /// gen-signal's proof of origin (`SignalKey`): HMAC-SHA256 of
    /// `canonicalBytes`, 64 lowercase hex digits. Nil on a hand-written line,
    /// which gen-risk then judges as a manual trade.
    public var mac: String?

    public init(id: String, ts: Timestamp, strategy: String, symbol: String, side: Side, price: Decimal, stop: Decimal?, target: Decimal?, reason: String,
                interval: String? = nil) {
        self.interval = interval
        self.id = id
        self.ts = ts
        self.strategy = strategy
        self.symbol = symbol
        self.side = side
        self.price = price
        self.stop = stop
        self.target = target
        self.reason = reason
    }

    public init(line: JSONLine) throws {
        id = try line.string("id")
        guard (1...128).contains(id.utf8.count) else { throw LineError("field 'id' must be 1 to 128 characters") }
        ts = try line.timestamp()
        strategy = try line.string("strategy")
        symbol = try line.string("symbol")
        try Symbol.validate(symbol)
        side = try Side(field: "side", of: line)
        price = try line.decimal("price")
        guard price > 0 else { throw LineError("field 'price' must be positive") }
        stop = try line.optionalDecimal("stop")
        target = try line.optionalDecimal("target")
        if let stop, stop <= 0 { throw LineError("field 'stop' must be positive") }
        if let target, target <= 0 { throw LineError("field 'target' must be positive") }
        reason = try line.optionalString("reason") ?? ""
        if let name = try line.optionalString("interval") {
            guard Interval(name) != nil else { throw LineError("field 'interval' must be one of \(Interval.allowedNames), got '\(name.prefix(10))'") }
            interval = name
        }
        orderType = try OrderType(field: "order_type", of: line)
        limitPrice = try line.optionalDecimal("limit_price")
        if let limitPrice, limitPrice <= 0 { throw LineError("field 'limit_price' must be positive") }
        if orderType == .market, limitPrice != nil { throw LineError("a MARKET signal takes no 'limit_price'; add \"order_type\":\"LIMIT\" for a limit order") }
        triggerPrice = try line.optionalDecimal("trigger_price")
        if let triggerPrice, triggerPrice <= 0 { throw LineError("field 'trigger_price' must be positive") }
        if orderType.isTriggered, triggerPrice == nil { throw LineError("a \(orderType.rawValue) signal needs field 'trigger_price' (where it starts to work)") }
        if !orderType.isTriggered, triggerPrice != nil { throw LineError("only STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT signals take 'trigger_price'") }
        if let name = try line.optionalString("algorithm") {
            guard let algorithm = ExecutionAlgorithm(rawValue: name), algorithm != .slicedMarket else {
                throw LineError("field 'algorithm' must be one of MARKET, ICEBERG, TWAP, VWAP, got '\(name.prefix(20))'")
            }
            if orderType.isLimit, algorithm != .market, !(algorithm == .iceberg && orderType.rests) {
                throw LineError("a \(orderType.rawValue) signal is sent whole; algorithm \(name) works market entries only (ICEBERG also fits a resting LIMIT or LIMIT_MAKER)")
            }
            self.algorithm = algorithm
        }
        if line.field("valid_until").map({ $0.kind != .null }) ?? false {
            let until = try line.timestamp("valid_until")
            guard until >= ts else { throw LineError("field 'valid_until' must not be before 'ts'") }
            validUntil = until
        }
        if let text = try line.optionalString("mac") {
            guard text.utf8.count == 64, text.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
                throw LineError("field 'mac' must be 64 lowercase hex digits (gen-signal's mark of origin); leave it out of a hand-written signal")
            }
            mac = text
        }
    }

    /// What the MAC covers: every field that decides what gen-risk does with
    /// the signal, each as `<length>:<text>` after a domain tag, so no two
    /// different signals share the bytes (a reason cannot spill into the
    /// next field). Decimals in their plain canonical form, so `"7300.0"`
    /// and `"7300"` are the same price.
    public var canonicalBytes: [UInt8] {
        var fields: [String] = [
            SignalKey.domain, id, String(ts.milliseconds), strategy, symbol, side.rawValue, price.plainText, stop?.plainText ?? "",
            target?.plainText ?? "", reason, orderType.rawValue, limitPrice?.plainText ?? "", validUntil.map { String($0.milliseconds) } ?? "",
        ]
        // Last and only when present: the marks of signals without them are unchanged.
        if let interval { fields.append(interval) }
        if let triggerPrice { fields.append("trigger:" + triggerPrice.plainText) }
        if let algorithm { fields.append("algorithm:" + algorithm.rawValue) }
        var bytes: [UInt8] = []
        for field in fields {
            bytes += Array("\(field.utf8.count):".utf8)
            bytes += Array(field.utf8)
        }
        return bytes
    }

    public func encoded() -> [UInt8] {
        var line = JSONLineBuilder(type: .signal, ts: ts)
        line.field("id", id)
        line.field("strategy", strategy)
        line.field("symbol", symbol)
        if let interval { line.field("interval", interval) }
        line.field("side", side.rawValue)
        line.field("price", price)
        line.field("stop", stop)
        line.field("target", target)
        line.field("reason", reason)
        if orderType != .market {
            line.field("order_type", orderType.rawValue)
            line.field("limit_price", limitPrice)
            if let triggerPrice { line.field("trigger_price", triggerPrice) }
        }
        if let algorithm { line.field("algorithm", algorithm.rawValue) }
        if let validUntil { line.field("valid_until", validUntil.milliseconds) }
        if let mac { line.field("mac", mac) }
        return line.finishBytes()
    }
}
