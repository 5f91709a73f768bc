import Foundation

/// What a venue tells the stream after a price or an order.
public enum VenueOutput: Sendable, Equatable {
    case accepted(OrderIntent)
    case rejected(OrderIntent, Rejection)
    case filled(FillRecord)
}

/// The in-process paper venue (DESIGN §5): market orders fill at the next price
/// forwarded for their symbol, moved against the trader by the configured
/// slippage and charged the configured fee; open positions exit when a later
/// price crosses their stop-loss or target.
///
/// Fees are charged in the quote asset and rounded half-up to 8 decimals (the
/// precision Binance reports). When one candle crosses both the stop and the
/// target, the stop is assumed to have come first: a backtest should never
/// flatter itself. Fills at a candle's open carry its open time; exits found
/// in its range carry its close time.
///
/// Worked entries (SLICED_MARKET, ICEBERG, TWAP, VWAP) are filled slice by
/// slice over the data, as the exchange venue sends them live
/// (`PaperVenue+WorkedOrders.swift`), so a backtest pays what the live
/// algorithm would.
public final class PaperVenue: ExecutionVenue {
    public static let venueName = "paper"
    public var name: String { Self.venueName }

    public let ledger: ExecutionLedger
    public let paper: GenesisConfig.Paper
    public let filters: SymbolFilterBook
    public let session: String
    /// The execution settings and tiers that shape worked orders.
    public let config: GenesisConfig
    var book: PositionBook
    public var account: Account { book.account }
    public var positions: [String: Position] { book.positions }
    private var pending: [String: [OrderIntent]] = [:]
    /// The newest price seen per symbol (a candle's open, a book's bid).
    private var lastPrice: [String: Decimal] = [:]
    /// Entries being worked in slices, per symbol, in the order they came.
    var worked: [String: [WorkedOrder]] = [:]
    /// The newest ask per symbol and when it was seen (a book's ask; a
    /// candle's close, `slips`: moved by the slippage when read): an iceberg
    /// slice's limit.
    var lastAsk: [String: (price: Decimal, at: Timestamp, slips: Bool)] = [:]

    /// `config` supplies the execution settings and tier slices of worked
    /// orders; the fills themselves use `paper`.
    public init(ledger: ExecutionLedger, paper: GenesisConfig.Paper, session: String, config: GenesisConfig = GenesisConfig()) throws {
        self.ledger = ledger
        self.paper = paper
        self.config = config
        self.filters = try ledger.paperFilterBook(paper: paper)
        self.session = session
        book = PositionBook(session: session, account: try ledger.loadAccount(session: session), positions: try ledger.openPositions(session: session))
        for order in try ledger.pendingOrders(session: session) {
            // A worked entry continues its plan where the last run left it.
            if order.isWorked, order.side == .buy {
                try resumeWork(order)
                continue
            }
            pending[order.symbol, default: []].append(order)
            if order.type.rests { resting.insert(order.clientOrderID) }
        }
    }

    /// True when prices for `symbol` matter (an order waits or a position is open).
    public func isWatching(_ symbol: String) -> Bool {
        positions[symbol] != nil || !(pending[symbol]?.isEmpty ?? true) || !(worked[symbol]?.isEmpty ?? true)
    }

    /// Accepts an order intent; it fills on the next price of its symbol.
    /// An order already recorded (same client order id) is never taken twice.
    public func submit(_ order: OrderIntent) throws -> [VenueOutput] {
        if try ledger.orderStatus(clientOrderID: order.clientOrderID) != nil { return [] }
        let (state, reason) = try ledger.tradingState()
        if let rejection = state.refusal(for: order.side, reason: reason)
            ?? (order.side == .sell && positions[order.symbol] == nil ? Rejection(.noPosition, "No open \(order.symbol) position to sell; it was already closed.") : nil) {
            try ledger.recordRejected(order, venue: Self.venueName, rejection: rejection, at: order.ts)
            return [.rejected(order, rejection)]
        }
        try ledger.recordAccepted(order, venue: Self.venueName, at: order.ts)
        if order.isWorked, order.side == .buy {
            try startWork(order)
        } else {
            pending[order.symbol, default: []].append(order)
        }
        return [.accepted(order)]
    }

    /// What one candle did: fills at its open (stamped with its open time),
    /// then exits during it (stamped with its close, when its range is known).
    public struct CandleOutcome: Sendable, Equatable {
        public var atOpen: [VenueOutput] = []
        public var duringCandle: [VenueOutput] = []
        public var all: [VenueOutput] { atOpen + duringCandle }

        public init(atOpen: [VenueOutput] = [], duringCandle: [VenueOutput] = []) {
            self.atOpen = atOpen
            self.duringCandle = duringCandle
        }
    }

    /// A candle for `symbol`: waiting orders and due slices fill at its open,
    /// then stops and targets are checked against its range (on the part of
    /// a worked entry already filled). Both exits are market orders once
    /// triggered (no exchange-side order exists on paper), so both pay
    /// slippage; a gap through either level fills at the open. `volume`
    /// caps TWAP and VWAP slices; `close` is the touch the next iceberg
    /// slice is priced at.
    public func onCandle(symbol: String, openTime: Timestamp, closeTime: Timestamp, open: Decimal, high: Decimal, low: Decimal,
                         close: Decimal? = nil, volume: Decimal? = nil) throws -> CandleOutcome {
        var outcome = CandleOutcome()
        lastPrice[symbol] = open
        outcome.atOpen = try fillPending(symbol: symbol, buyAt: open, sellAt: open, touches: { side, limit in side == .buy ? low < limit : high > limit },
                                         reaches: { trigger, rising in rising ? high >= trigger : low <= trigger }, time: openTime)
        if worked[symbol]?.isEmpty == false {
            outcome.atOpen += try workSlices(symbol: symbol, time: openTime, until: max(closeTime, openTime.adding(milliseconds: 1)), ask: open,
                                             touch: applySlippage(open, side: .buy, symbol: symbol), volume: volume)
        }
        // The ask a slice sent after this candle meets: its close, moved like
        // any paper buy when a slice reads it (a division: not per candle).
        defer { lastAsk[symbol] = (close ?? open, closeTime, true) }
        // A candle older than the position (a re-run, a mixed stream) says nothing about it.
        guard let position = positions[symbol], openTime >= position.openedAt else { return outcome }
        if let stop = position.stop, low <= stop {
            outcome.duringCandle.append(try exit(position, purpose: .stopLoss, at: applySlippage(min(open, stop), side: .sell, symbol: symbol), reference: stop, time: closeTime))
        } else if let target = position.target, high >= target {
            outcome.duringCandle.append(try exit(position, purpose: .takeProfit, at: applySlippage(max(open, target), side: .sell, symbol: symbol), reference: target, time: closeTime))
        }
        try stopOrphanedWork(symbol: symbol, at: closeTime)
        return outcome
    }

    /// A best bid/ask for `symbol`: buys fill at the ask, sells at the bid.
    public func onBook(symbol: String, time: Timestamp, bid: Decimal, ask: Decimal) throws -> [VenueOutput] {
        lastPrice[symbol] = bid
        var outputs = try fillPending(symbol: symbol, buyAt: ask, sellAt: bid, touches: { side, limit in side == .buy ? ask < limit : bid > limit },
                                      reaches: { trigger, rising in rising ? bid >= trigger : bid <= trigger }, time: time)
        outputs += try workSlices(symbol: symbol, time: time, until: time.adding(milliseconds: 1), ask: ask, touch: ask, volume: nil)
        defer { lastAsk[symbol] = (ask, time, false) }
        guard let position = positions[symbol], time >= position.openedAt else { return outputs }
        if let stop = position.stop, bid <= stop {
            outputs.append(try exit(position, purpose: .stopLoss, at: applySlippage(bid, side: .sell, symbol: symbol), reference: stop, time: time))
        } else if let target = position.target, bid >= target {
            outputs.append(try exit(position, purpose: .takeProfit, at: applySlippage(bid, side: .sell, symbol: symbol), reference: target, time: time))
        }
        try stopOrphanedWork(symbol: symbol, at: time)
        return outputs
    }

    /// Closes every open position at `price(symbol)` (close-all on paper:
    /// the newest known price, moved by the configured slippage), the
    /// biggest loser first.
    public func closeAll(price: (String) throws -> (Decimal, Timestamp)?) throws -> [VenueOutput] {
        var times: [String: Timestamp] = [:]
        let ordered = try book.biggestLosersFirst { position in
            guard let (last, time) = try price(position.symbol) else {
                throw GenesisError.stateConflict("no price is stored for \(position.symbol); import or replay its candles first")
            }
            times[position.symbol] = time
            return last
        }
        return try ordered.map { position, last in
            try exit(position, purpose: .exit, at: applySlippage(last, side: .sell, symbol: position.symbol), reference: last, time: max(times[position.symbol]!, position.openedAt))
        }
    }

    /// Staged deleveraging on paper: a market sell of `share` of each
    /// position, filled at the next price like any order.
    public func reduce(share: Decimal, only symbols: Set<String>?, origin: String, at time: Timestamp) throws -> [VenueOutput] {
        try stopWork(on: symbols, reason: "\(origin): exposure is being cut, so the rest of the order was not bought", at: time)
        return try book.reductionOrders(share: share, only: symbols, origin: origin, at: time,
                                 filters: { filters.filters(for: $0.symbol) },
                                 reference: { lastPrice[$0.symbol] ?? $0.entryPrice }).flatMap(submit)
    }

    /// The emergency on paper: every position sold at the next price, the
    /// biggest losers (at the newest price) first.
    public func closeEverything(at time: Timestamp) throws -> [VenueOutput] {
        var outputs: [VenueOutput] = []
        for (position, mark) in book.biggestLosersFirst(marks: { lastPrice[$0.symbol] ?? $0.entryPrice }) {
            var order = book.exitOrder(for: position, purpose: .exit, reference: mark, time: time)
            order.clientOrderID = ClientOrderID.derive(session: session, origin: "emergency:\(time.utcDay):\(position.entryClientOrderID)")
            // Orders already waiting to sell this position give way to the close.
            pending[position.symbol] = pending[position.symbol]?.filter { $0.side == .buy }
            outputs += try submit(order)
        }
        return outputs
    }

    public func forget(_ canceled: [String], at time: Timestamp) throws {
        let ids = Set(canceled)
        for (symbol, orders) in pending { pending[symbol] = orders.filter { !ids.contains($0.clientOrderID) } }
        resting.subtract(ids)
        try cancelWork(ids, at: time)
    }

    /// A market price moved against the trader, to the symbol's tick.
    func applySlippage(_ price: Decimal, side: Side, symbol: String) -> Decimal {
        let fraction = paper.slippageBps.value / 10_000
        let tick = filters.filters(for: symbol).tickSize
        switch side {
        case .buy: return (price * (1 + fraction)).rounded(toStep: tick, .up)
        case .sell: return (price * (1 - fraction)).rounded(toStep: tick, .down)
        }
    }

    public func fee(on notional: Decimal) -> Decimal {
        (notional * paper.feeRate.value).rounded(scale: 8, .plain)
    }

    public var availableBalance: Decimal { book.availableBalance }

    private func paperTrade(_ order: OrderIntent, price: Decimal, quantity: Decimal) -> [TradeFill] {
        [TradeFill(id: "paper-\(order.clientOrderID)", price: price, quantity: quantity, fee: fee(on: quantity * price), feeAsset: account.quoteAsset)]
    }

    /// Limit orders that have seen a price after they were placed and now
    /// wait on the book; orders read back from the store after a restart
    /// count as resting.
    private var resting: Set<String> = []

    /// STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT orders whose trigger the market
    /// reached: from then on they rest as limit orders.
    private var triggered: Set<String> = []

    /// `reaches(trigger, rising)`: the prices seen went up to (or down to) the trigger.
    private func fillPending(symbol: String, buyAt ask: Decimal, sellAt bid: Decimal, touches: (Side, Decimal) -> Bool,
                             reaches: (Decimal, Bool) -> Bool, time: Timestamp) throws -> [VenueOutput] {
        guard let waiting = pending[symbol], !waiting.isEmpty else { return [] }
        // Only a price from after the order was placed can fill it.
        pending[symbol] = waiting.filter { $0.ts > time }
        var outputs: [VenueOutput] = []
        for order in waiting where order.ts <= time {
            if let until = order.expired(at: time) {
                // The next price came after the opportunity's life: refused, not filled late.
                let rejection = Rejection(.signalExpired, "The order's opportunity ended at \(until.iso8601); the next \(symbol) price came at \(time.iso8601), so it was not filled.")
                try ledger.recordStatus(clientOrderID: order.clientOrderID, status: .expired, reason: rejection.message, at: time)
                outputs.append(.rejected(order, rejection))
                continue
            }
            if order.type.isTriggered, !triggered.contains(order.clientOrderID) {
                guard let trigger = order.triggerPrice, reaches(trigger, order.triggersRising) else {
                    pending[symbol, default: []].append(order)
                    continue
                }
                // Triggered: a GTC limit from here on, filled once the market trades through it.
                triggered.insert(order.clientOrderID)
                resting.insert(order.clientOrderID)
            }
            let market = order.side == .buy ? applySlippage(ask, side: .buy, symbol: symbol) : applySlippage(bid, side: .sell, symbol: symbol)
            var price = market
            if let limit = order.limitPrice {
                switch try limitOutcome(order, limit: limit, touch: order.side == .buy ? ask : bid, touches: touches) {
                case .fill(let at): price = at
                case .rest:
                    pending[symbol, default: []].append(order)
                    continue
                case .gone:
                    continue
                case .end(let status, let rejection):
                    try ledger.recordStatus(clientOrderID: order.clientOrderID, status: status, reason: rejection.message, at: time)
                    outputs.append(.rejected(order, rejection))
                    continue
                }
            }
            switch order.side {
            case .buy:
                outputs.append(try enter(order, at: price, time: time))
            case .sell:
                guard let position = positions[symbol] else {
                    let rejection = Rejection(.noPosition, "No open \(symbol) position to sell; it was already closed.")
                    try ledger.recordRejected(order, venue: Self.venueName, rejection: rejection, at: time)
                    outputs.append(.rejected(order, rejection))
                    continue
                }
                outputs.append(try exit(position, purpose: order.purpose, at: price, reference: order.referencePrice, time: time, order: order))
            }
        }
        return outputs
    }

    enum LimitOutcome {
        case fill(at: Decimal)
        case rest
        case end(status: OrderStatus, Rejection)
        /// Canceled while it rested; already recorded.
        case gone
    }

    /// A limit order against the first price after it was placed: marketable
    /// ones take that price (with slippage, never beyond the limit), IOC and
    /// FOK expire otherwise (paper depth is unlimited, so FOK fills whole or
    /// not at all like IOC), post-only ones are refused when they would take.
    /// A resting order fills at its limit once the market trades through it
    /// (`touches`): touching the price is not enough, since a real order
    /// waits behind the queue already there.
    private func limitOutcome(_ order: OrderIntent, limit: Decimal, touch: Decimal, touches: (Side, Decimal) -> Bool) throws -> LimitOutcome {
        if resting.contains(order.clientOrderID) {
            guard touches(order.side, limit) else { return .rest }
            // Canceled meanwhile (`gen-exec cancel-all` from another process)?
            guard try ledger.orderStatus(clientOrderID: order.clientOrderID) == .new else {
                resting.remove(order.clientOrderID)
                return .gone
            }
            resting.remove(order.clientOrderID)
            return .fill(at: limit)
        }
        let marketable = order.side == .buy ? touch <= limit : touch >= limit
        let slipped = applySlippage(touch, side: order.side, symbol: order.symbol)
        let price = order.side == .buy ? min(slipped, limit) : max(slipped, limit)
        switch (order.type, marketable) {
        case (.limitMaker, true):
            return .end(status: .rejected, Rejection(.exchangeRejected, "The post-only order at \(limit.plainText) would have taken liquidity at \(touch.plainText), so it was refused; place it further from the market."))
        case (_, true):
            return .fill(at: price)
        case (.ioc, false), (.fok, false):
            return .end(status: .expired, Rejection(.exchangeRejected, "The \(order.type.rawValue) order at \(limit.plainText) found no price at or better than its limit (\(touch.plainText)) and expired unfilled."))
        default:
            // Not marketable at once: it rests, and the rest of this candle may already reach it.
            guard touches(order.side, limit) else {
                resting.insert(order.clientOrderID)
                return .rest
            }
            return .fill(at: limit)
        }
    }

    /// Books an entry; a slice of a worked order (`positionID`, its parent)
    /// adds to the position its earlier slices opened.
    func enter(_ order: OrderIntent, at price: Decimal, time: Timestamp, positionID: String? = nil) throws -> VenueOutput {
        let notional = order.quantity * price
        let fee = fee(on: notional)
        guard notional + fee <= availableBalance else {
            let rejection = Rejection(.insufficientBalance, "Buying \(order.quantity.plainText) \(order.symbol) needs \((notional + fee).plainText) \(account.quoteAsset) but \(availableBalance.plainText) is free.")
            try ledger.recordRejected(order, venue: Self.venueName, rejection: rejection, at: time)
            return .rejected(order, rejection)
        }
        if let open = positions[order.symbol], positionID == nil || open.entryClientOrderID != positionID {
            let rejection = Rejection(.positionExists, "A \(order.symbol) position is already open; one position per pair.")
            try ledger.recordRejected(order, venue: Self.venueName, rejection: rejection, at: time)
            return .rejected(order, rejection)
        }
        let fill = book.enter(order, venue: Self.venueName, trades: paperTrade(order, price: price, quantity: order.quantity), time: time, positionID: positionID)
        try ledger.recordFill(fill)
        return .filled(fill)
    }

    private func exit(_ position: Position, purpose: OrderPurpose, at price: Decimal, reference: Decimal, time: Timestamp, order: OrderIntent? = nil) throws -> VenueOutput {
        let exitOrder = order ?? book.exitOrder(for: position, purpose: purpose, reference: reference, time: time)
        let quantity = min(exitOrder.quantity, position.quantity)
        let fill = book.exit(position, order: exitOrder, venue: Self.venueName, trades: paperTrade(exitOrder, price: price, quantity: quantity), time: time,
                             dust: filters.filters(for: position.symbol).stepSize)
        try ledger.recordFill(fill)
        return .filled(fill)
    }
}

extension LineWriter {
    /// Writes what a venue reported, as stream lines.
    public func write(_ outputs: [VenueOutput], ts: Timestamp, venue: String) {
        for output in outputs { for bytes in output.encoded(ts: ts, venue: venue) { write(bytes) } }
    }
}

extension VenueOutput {
    /// The stream lines this outcome produces (`execution`, then `position`).
    public func encoded(ts: Timestamp, venue: String) -> [[UInt8]] {
        switch self {
        case let .accepted(order):
            return [ExecutionLine(order: order, status: .new, ts: ts, venue: venue).encoded()]
        case let .rejected(order, rejection):
            return [rejection.encoded(ts: ts, signalID: order.signalID, symbol: order.symbol, side: order.side, stage: "gen-exec")]
        case let .filled(fill):
            let traded = fill.trades.reduce(Decimal(0)) { $0 + $1.quantity }
            var execution = ExecutionLine(order: fill.order, status: traded < fill.order.quantity ? .partiallyFilled : .filled, ts: fill.executedAt, venue: fill.venue)
            execution.fill = fill
            return [execution.encoded(), PositionLine(position: fill.position, balance: fill.account.balance, ts: fill.executedAt).encoded()]
        }
    }
}

/// An `execution` line: an order's state change, with the fill when there is one.
public struct ExecutionLine {
    public var order: OrderIntent
    public var status: OrderStatus
    var ts: Timestamp
    public var fill: FillRecord?
    public var venue: String

    init(order: OrderIntent, status: OrderStatus, ts: Timestamp, venue: String) {
        self.order = order
        self.status = status
        self.ts = ts
        self.venue = venue
    }

    public func encoded() -> [UInt8] {
        var line = JSONLineBuilder(type: .execution, ts: ts)
        line.field("client_order_id", order.clientOrderID)
        line.field("venue", fill?.venue ?? venue)
        line.field("symbol", order.symbol)
        line.field("side", order.side.rawValue)
        line.field("purpose", order.purpose.rawValue)
        line.field("status", status.rawValue)
        line.field("quantity", order.quantity)
        if let fill {
            line.field("trade_id", fill.trades.map(\.id).joined(separator: ","))
            line.field("price", fill.price)
            line.field("fee", fill.fee)
            line.field("fee_asset", fill.feeAsset)
            line.field("slippage", fill.slippage.rounded(scale: 8, .plain))
        }
        return line.finishBytes()
    }
}

/// A `position` line: the position after a change, and the account balance.
public struct PositionLine {
    public var position: Position
    public var balance: Decimal
    var ts: Timestamp

    public func encoded() -> [UInt8] {
        var line = JSONLineBuilder(type: .position, ts: ts)
        line.field("symbol", position.symbol)
        line.field("side", "LONG")
        line.field("status", position.isOpen ? "OPEN" : "CLOSED")
        line.field("quantity", position.quantity)
        line.field("entry_price", position.entryPrice)
        line.field("stop", position.stop)
        line.field("target", position.target)
        line.field("exit_price", position.exitPrice)
        line.field("exit_reason", position.exitReason)
        line.field("fees", position.fees)
        line.field("realized_pnl", position.realizedPnL)
        line.field("balance", balance)
        return line.finishBytes()
    }
}
