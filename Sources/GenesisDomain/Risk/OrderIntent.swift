import Foundation

/// Why an order exists; exits are allowed when entries are not.
public enum OrderPurpose: String, Sendable, Codable {
    case entry = "ENTRY"
    case exit = "EXIT"
    case stopLoss = "STOP_LOSS"
    case takeProfit = "TAKE_PROFIT"
}

/// A sized order approved by the risk engine (`order` line), ready for a venue.
public struct OrderIntent: Sendable, Equatable {
    public var clientOrderID: String
    public var ts: Timestamp
    public var session: String
    public var signalID: String
    public var strategy: String
    public var symbol: String
    public var side: Side
    public var type: OrderType
    /// The limit price of every type but MARKET, rounded to the tick.
    public var limitPrice: Decimal?
    /// How the order is worked (DESIGN §5): MARKET at once, SLICED_MARKET
    /// (SNIPER's three slices), ICEBERG slices at the touch.
    public var algorithm: ExecutionAlgorithm = .market
    public var purpose: OrderPurpose
    public var quantity: Decimal
    /// The signal's price, against which slippage is measured.
    public var referencePrice: Decimal
    public var stop: Decimal?
    public var target: Decimal?
    /// The signal's `valid_until` (an arbitrage opportunity's life): past it
    /// the order is refused, not filled late at a price the idea never had.
    public var validUntil: Timestamp?
    /// Where a STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT starts to work (Binance's `stopPrice`).
    public var triggerPrice: Decimal?
    /// The entry (its client order id) whose position this order protects on
    /// the exchange: set on the stop and target GENESIS places after a fill,
    /// never on an order line.
    public var protects: String?

    public init(clientOrderID: String, ts: Timestamp, session: String, signalID: String, strategy: String, symbol: String, side: Side, type: OrderType = .market, limitPrice: Decimal? = nil,
                purpose: OrderPurpose, quantity: Decimal, referencePrice: Decimal, stop: Decimal?, target: Decimal?) {
        self.clientOrderID = clientOrderID
        self.ts = ts
        self.session = session
        self.signalID = signalID
        self.strategy = strategy
        self.symbol = symbol
        self.side = side
        self.type = type
        self.limitPrice = limitPrice
        self.purpose = purpose
        self.quantity = quantity
        self.referencePrice = referencePrice
        self.stop = stop
        self.target = target
    }

    public var notional: Decimal { quantity * referencePrice }

    /// Which way the market moves to trigger a STOP_LOSS_LIMIT or
    /// TAKE_PROFIT_LIMIT, as Binance triggers them: a buy stop and a sell
    /// take-profit when the price rises to the trigger, the other two when it falls.
    public var triggersRising: Bool { (side == .buy) == (type == .stopLossLimit) }

    /// Worked by GENESIS in slices of its own (a market order's algorithm).
    /// A resting limit order marked ICEBERG is not: the exchange shows only a
    /// part of it at a time (Binance's native `icebergQty`), sent as one order.
    public var isWorked: Bool { algorithm != .market && !type.isLimit }

    public init(line: JSONLine) throws {
        clientOrderID = try line.string("client_order_id")
        guard ClientOrderID.isValid(clientOrderID) else {
            throw LineError("field 'client_order_id' must match ^[a-zA-Z0-9-_]{1,36}$")
        }
        ts = try line.timestamp()
        session = try line.optionalString("session") ?? "default"
        signalID = try line.optionalString("signal_id") ?? ""
        strategy = try line.optionalString("strategy") ?? "manual"
        symbol = try line.string("symbol")
        try Symbol.validate(symbol)
        side = try Side(field: "side", of: line)
        type = try OrderType(field: "order_type", of: line)
        limitPrice = try line.optionalDecimal("limit_price")
        switch (type.isLimit, limitPrice) {
        case (true, nil): throw LineError("a \(type.rawValue) order needs field 'limit_price'")
        case (true, let price?) where price <= 0: throw LineError("field 'limit_price' must be positive")
        case (false, _?): throw LineError("a MARKET order takes no 'limit_price'")
        default: break
        }
        triggerPrice = try line.optionalDecimal("trigger_price")
        switch (type.isTriggered, triggerPrice) {
        case (true, nil): throw LineError("a \(type.rawValue) order needs field 'trigger_price'")
        case (true, let price?) where price <= 0: throw LineError("field 'trigger_price' must be positive")
        case (false, _?): throw LineError("only STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT orders take 'trigger_price'")
        default: break
        }
        if let name = try line.optionalString("algorithm") {
            guard let algorithm = ExecutionAlgorithm(rawValue: name) else {
                throw LineError("algorithm '\(name.prefix(20))' is not one of \(ExecutionAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.algorithm = algorithm
            if type.isLimit, algorithm != .market, !(algorithm == .iceberg && type.rests) {
                throw LineError("a \(type.rawValue) order is sent whole; algorithm \(name) works market orders only (ICEBERG also fits a resting LIMIT or LIMIT_MAKER)")
            }
        }
        let purposeText = try line.string("purpose")
        guard let purpose = OrderPurpose(rawValue: purposeText) else { throw LineError("field 'purpose' must be ENTRY, EXIT, STOP_LOSS or TAKE_PROFIT") }
        self.purpose = purpose
        quantity = try line.decimal("quantity")
        guard quantity > 0 else { throw LineError("field 'quantity' must be positive, got \(quantity)") }
        referencePrice = try line.decimal("price")
        guard referencePrice > 0 else { throw LineError("field 'price' must be positive") }
        stop = try line.optionalDecimal("stop")
        target = try line.optionalDecimal("target")
        if line.field("valid_until").map({ $0.kind != .null }) ?? false { validUntil = try line.timestamp("valid_until") }
        switch (side, purpose) {
        case (.buy, .entry):
            let entry = limitPrice ?? referencePrice
            guard let stop, stop > 0, stop < entry else {
                throw LineError("an entry needs a stop-loss above 0 and below its price \(entry.plainText)")
            }
            if let target, target <= entry { throw LineError("the target must be above the entry price \(entry.plainText)") }
        case (.sell, .exit), (.sell, .stopLoss), (.sell, .takeProfit):
            break
        default:
            throw LineError("a \(side.rawValue) order cannot have purpose \(purpose.rawValue) (spot: BUY enters, SELL exits)")
        }
    }

    public func encoded() -> [UInt8] {
        var line = JSONLineBuilder(type: .order, ts: ts)
        line.field("client_order_id", clientOrderID)
        line.field("session", session)
        line.field("signal_id", signalID)
        line.field("strategy", strategy)
        line.field("symbol", symbol)
        line.field("side", side.rawValue)
        line.field("order_type", type.rawValue)
        line.field("limit_price", limitPrice)
        if let triggerPrice { line.field("trigger_price", triggerPrice) }
        if algorithm != .market { line.field("algorithm", algorithm.rawValue) }
        line.field("purpose", purpose.rawValue)
        line.field("quantity", quantity)
        line.field("price", referencePrice)
        line.field("notional", notional)
        line.field("stop", stop)
        line.field("target", target)
        if let validUntil { line.field("valid_until", validUntil.milliseconds) }
        return line.finishBytes()
    }
}

/// A refusal (`rejection` line): which rule said no, and a sentence for the trader.
public struct Rejection: Sendable, Equatable, Error {
    public var rule: RiskRule
    public var message: String

    public init(_ rule: RiskRule, _ message: String) {
        self.rule = rule
        self.message = message
    }

    public func encoded(ts: Timestamp, signalID: String, symbol: String, side: Side, stage: String) -> [UInt8] {
        var line = JSONLineBuilder(type: .rejection, ts: ts)
        line.field("signal_id", signalID)
        line.field("symbol", symbol)
        line.field("side", side.rawValue)
        line.field("stage", stage)
        line.field("rule", rule.rawValue)
        line.field("message", message)
        return line.finishBytes()
    }
}
