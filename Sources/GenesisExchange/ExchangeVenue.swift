import Foundation
import Logging
import GenesisBinance
import GenesisDomain
import GenesisStore

/// Executes orders on an exchange speaking Binance's protocol (Binance,
/// testnet, gen-sim). SPEC §5's rules for money that is real:
/// - the order is recorded, with its deterministic client order id, before
///   the request leaves;
/// - quantities are rounded down to the lot step and every exchange filter
///   is checked before sending;
/// - an answer that does not say what happened (timeout, 5xx) is resolved by
///   looking the order up by its client id before anything is sent again;
/// - fills are keyed by the exchange's trade ids, so each is recorded once;
/// - on start, orders left unresolved by a crash are looked up first.
public final class ExchangeVenue: ExecutionVenue {
    public let name: String
    public let gateway: BinanceGateway
    let ledger: ExecutionLedger
    let logger: Logger
    private var book: PositionBook
    private var rules: [String: SymbolRules] = [:]
    let config: GenesisConfig
    /// Waits between slices of a worked order (milliseconds).
    let pause: (Int) -> Void

    /// The trading state, read before every send.
    let tradingState: () throws -> (TradingState, String)

    public init(name: String, gateway: BinanceGateway, ledger: ExecutionLedger, session: String, config: GenesisConfig = GenesisConfig(), logger: Logger,
                tradingState: @escaping () throws -> (TradingState, String) = { (.active, "") },
                pause: @escaping (Int) -> Void = { if $0 > 0 { Thread.sleep(forTimeInterval: Double($0) / 1000) } }) throws {
        self.tradingState = tradingState
        self.name = name
        self.gateway = gateway
        self.ledger = ledger
        self.logger = logger
        self.config = config
        self.pause = pause
        book = PositionBook(session: session, account: try ledger.loadAccount(session: session), positions: try ledger.openPositions(session: session))
        let info = try call { try await $0.exchangeInfo() }
        for symbol in info.symbols { rules[symbol.symbol] = SymbolRules(info: symbol) }
    }

    /// Runs one exchange call for the synchronous command loop; an exchange
    /// that cannot be used ends the command with its own exit code.
    private func call<T: Sendable>(_ operation: @escaping @Sendable (BinanceGateway) async throws -> T) throws -> T {
        let gateway = gateway
        do {
            return try runBlocking { try await operation(gateway) }
        } catch let error as ExchangeError {
            throw GenesisError.exchange(error)
        }
    }

    /// The best bid and ask now.
    private func touch(_ symbol: String) throws -> (bid: Decimal?, ask: Decimal?) {
        let ticker = try call { try await $0.call(.get, "/api/v3/ticker/bookTicker", [("symbol", symbol)]) }
        return (ticker["bidPrice"]?.decimal, ticker["askPrice"]?.decimal)
    }

    public var account: Account { book.account }
    public var positions: [String: Position] { book.positions }

    public func isWatching(_ symbol: String) -> Bool { book.positions[symbol] != nil }

    /// Orders this venue recorded as sent but never resolved (a crash
    /// mid-request): looked up and booked, never sent again from here. A
    /// worked order is left to resume when its order line arrives again.
    public func resolvePending() throws -> [VenueOutput] {
        try ledger.pendingOrders(session: book.session).filter { !$0.isWorked }.flatMap { order -> [VenueOutput] in
            guard try ledger.orderVenue(clientOrderID: order.clientOrderID) == name else { return [] }
            return try resolve(order)
        }
    }

    /// Set while a close-all runs (the emergency, or one the trader confirmed):
    /// a halt stops new risk, never the selling that takes risk off.
    private var closingEverything = false

    /// HALTED sends nothing; REDUCING only what reduces exposure (SPEC §3.1).
    private func refusal(for order: OrderIntent) throws -> Rejection? {
        if closingEverything, order.side == .sell { return nil }
        let (state, reason) = try tradingState()
        switch state {
        case .halted: return Rejection(.tradingState, "Trading is halted (\(reason)); nothing is sent until `gen-exec resume`.")
        case .reducing where order.side == .buy: return Rejection(.tradingState, "Trading is in REDUCING mode (\(reason)); only exits are sent.")
        default: return nil
        }
    }

    public func submit(_ order: OrderIntent) throws -> [VenueOutput] {
        if let status = try ledger.orderStatus(clientOrderID: order.clientOrderID) {
            guard status == "NEW" else { return [] }
            // A worked order a crash interrupted: continue its plan where it stopped.
            return order.isWorked && order.side == .buy ? try work(order) : try resolve(order)
        }
        guard let symbolRules = rules[order.symbol], symbolRules.status == "TRADING" else {
            return try reject(order, Rejection(.exchangeRejected, "\(order.symbol) is not trading on \(name)."))
        }
        var order = order
        if order.side == .sell {
            guard let position = book.positions[order.symbol] else {
                return try reject(order, Rejection(.noPosition, "No open \(order.symbol) position to sell; it was already closed."))
            }
            // A deleveraging cut sells part; every other exit sells what is held.
            order.quantity = min(order.quantity, position.quantity)
        }
        order.quantity = symbolRules.roundQuantity(order.quantity, market: !order.type.isLimit)
        order.limitPrice = order.limitPrice.map { symbolRules.roundPrice($0, side: order.side) }
        // A resting order counts against MAX_NUM_ORDERS with the others open on the symbol.
        let symbol = order.symbol
        let openOrders = order.type.rests ? try call { try await $0.openOrders(symbol: symbol) }.array?.count ?? 0 : 0
        // A limit price is judged against the exchange's average price, as Binance judges it.
        let reference = order.type.isLimit ? try call { try await $0.averagePrice(symbol: symbol) } ?? order.referencePrice : order.referencePrice
        do {
            try symbolRules.validate(FilterCheck(side: order.side, isMarket: !order.type.isLimit, quantity: order.quantity, price: order.limitPrice),
                                     reference: reference, openOrders: openOrders)
        } catch {
            return try reject(order, Rejection(.exchangeFilter, "The order breaks the exchange's \(error.filter) rule (\(error.detail)); \(name) would refuse it."))
        }
        let cost = order.quantity * (order.limitPrice ?? order.referencePrice)
        if order.side == .buy, cost > book.availableBalance {
            return try reject(order, Rejection(.insufficientBalance, "Buying \(order.quantity.plainText) \(order.symbol) needs about \(cost.plainText) \(book.account.quoteAsset) but \(book.availableBalance.plainText) is free."))
        }
        // Recorded before the request leaves: a crash from here on is resolved by lookup.
        try ledger.recordAccepted(order, venue: name, at: order.ts)
        if order.isWorked, order.side == .buy { return [.accepted(order)] + (try work(order)) }
        return [.accepted(order)] + (try send(order))
    }

    /// Works an entry in slices (SPEC §5). The plan is derived from the
    /// order's id, and every slice has its own deterministic id recorded
    /// before it is sent, so after a crash the same plan resumes: slices
    /// already done are skipped, one left in flight is looked up, and nothing
    /// is sent twice.
    func work(_ parent: OrderIntent) throws -> [VenueOutput] {
        guard let symbolRules = rules[parent.symbol] else { return [] }
        // The plan is fixed when the order starts and read back after a restart.
        let plan: SlicePlan
        if let stored = try ledger.slicePlan(clientOrderID: parent.clientOrderID) {
            plan = stored
        } else {
            plan = try makePlan(parent, rules: symbolRules)
            try ledger.recordSlicePlan(plan, clientOrderID: parent.clientOrderID)
        }
        var outputs: [VenueOutput] = []
        var executed: Decimal = 0
        var failed = 0
        var slippage: Decimal = 0
        var slicesWithFills = 0
        let total = plan.quantities.count
        // What earlier slices were planned to buy; TWAP carries whatever of it
        // is not yet executed (volume caps, a restart) into the next slice.
        var plannedBefore: Decimal = 0
        for (index, planned) in plan.quantities.enumerated() {
            defer { plannedBefore += planned }
            var child = parent
            child.clientOrderID = ClientOrderID.derive(session: book.session, origin: parent.clientOrderID, slice: index + 1)
            child.quantity = planned
            child.algorithm = .market
            if let status = try ledger.orderStatus(clientOrderID: child.clientOrderID) {
                if status == "NEW" { outputs += try resolve(child, positionID: parent.clientOrderID) }
            } else {
                pause(plan.delaysMs[index])
                if parent.algorithm == .twap {
                    let quantity = try twapSlice(parent, planned: planned + max(0, plannedBefore - executed), executed: executed, rules: symbolRules)
                    child.quantity = quantity
                    if quantity == 0 { continue }
                }
                var limit: Decimal?
                if parent.algorithm == .iceberg {
                    // Each iceberg slice is a limit at the touch, immediate-or-cancel.
                    limit = try touch(parent.symbol).ask.map { symbolRules.roundPrice($0, side: .buy) }
                }
                try ledger.recordSlice(child, parent: parent.clientOrderID, slice: index + 1, total: total, venue: name, at: .now())
                outputs += try send(child, limit: limit, positionID: parent.clientOrderID)
            }
            let state = try ledger.execution(clientOrderID: child.clientOrderID)
            let done = state?.quantity ?? 0
            executed += done
            if done == 0 {
                failed += 1
            } else if let price = state?.averagePrice {
                slicesWithFills += 1
                slippage += (price - parent.referencePrice) / parent.referencePrice
            }
            if failed >= config.execution.icebergAbortFailedSlices {
                try ledger.finishParent(parent.clientOrderID, status: "CANCELED", executed: executed, reason: "\(failed) slices failed", at: .now())
                return outputs
            }
            if slicesWithFills > 0, let limit = parent.algorithm.abortSlippage(config.execution), slippage / Decimal(slicesWithFills) > limit {
                try ledger.finishParent(parent.clientOrderID, status: "CANCELED", executed: executed, reason: "average slippage above the limit", at: .now())
                return outputs
            }
        }
        let final = executed == 0 ? "EXPIRED" : executed < parent.quantity ? "PARTIALLY_FILLED" : "FILLED"
        try ledger.finishParent(parent.clientOrderID, status: final, executed: executed, reason: executed < parent.quantity ? "slices filled \(executed.plainText) of \(parent.quantity.plainText)" : nil, at: .now())
        return outputs
    }


    private func reject(_ order: OrderIntent, _ rejection: Rejection) throws -> [VenueOutput] {
        try ledger.recordRejected(order, venue: name, rejection: rejection, at: order.ts)
        return [.rejected(order, rejection)]
    }

    /// The slice plan for a worked order; VWAP needs the market's volume profile.
    private func makePlan(_ parent: OrderIntent, rules symbolRules: SymbolRules) throws -> SlicePlan {
        let step = symbolRules.lotSize?.step ?? 0
        guard parent.algorithm == .vwap else {
            return SlicePlan.make(for: parent, settings: config.execution, slices: config.tiers[book.account.tier].slices ?? 3, step: step)
        }
        let days = config.execution.vwapProfileDays
        let bucket = config.execution.vwapBucketMinutes
        let now = Timestamp.now().milliseconds
        let candles: [KlineRow] = try call { gateway in
            var rows: [KlineRow] = []
            var start = now - Int64(days) * Timestamp.millisecondsPerDay
            while start < now {
                let page = try await gateway.klines(symbol: parent.symbol, interval: "\(bucket)m", start: start, end: now, limit: 1000)
                let batch = (page.array ?? []).compactMap(KlineBackfill.row)
                guard let last = batch.last else { break }
                rows += batch
                start = last.openTime + Int64(bucket) * 60_000
            }
            return rows
        }
        let profile = VolumeProfile(candles: candles, bucketMinutes: bucket)
        return SlicePlan.vwap(for: parent, profile: profile, settings: config.execution, step: step, now: Timestamp(milliseconds: now))
    }

    /// One TWAP slice's size: at most the configured share of the volume the
    /// market traded in the last minute, everything left when the price has
    /// improved on the reference by the early-finish margin. Returns the
    /// quantity to send now; what is left is carried by the next slice.
    private func twapSlice(_ parent: OrderIntent, planned: Decimal, executed: Decimal, rules symbolRules: SymbolRules) throws -> Decimal {
        let ask = try touch(parent.symbol).ask
        let minutes = try call { try await $0.klines(symbol: parent.symbol, interval: "1m", start: nil, end: nil, limit: 2) }
        let remaining = parent.quantity - executed
        if let ask, ask <= parent.referencePrice * (1 - config.execution.twapEarlyFinishImprovement.value) {
            return symbolRules.roundQuantity(remaining)
        }
        var quantity = min(planned, remaining)
        // The last closed minute (the newest kline may still be forming).
        let closed = (minutes.array ?? []).filter { ($0.array?[6].integer ?? .max) < Timestamp.now().milliseconds }
        if let volume = closed.last?.array?[5].decimal, volume > 0 {
            quantity = min(quantity, volume * config.execution.twapMaxVolumeShare.value)
        }
        return symbolRules.roundQuantity(quantity)
    }

    /// Sends the order as its type says (or as a limit IOC when `limit` caps
    /// a worked slice's price); an unknown outcome is looked up, never
    /// blindly resent. A limit order left resting on the book stays NEW and
    /// is booked when a later lookup finds it done.
    private func send(_ order: OrderIntent, limit: Decimal? = nil, positionID: String? = nil) throws -> [VenueOutput] {
        if let refusal = try refusal(for: order) { return try reject(order, refusal) }
        let gateway = gateway
        let type = limit == nil ? order.type : .ioc
        let price = limit ?? order.limitPrice
        let iceberg = order.algorithm == .iceberg && type.rests ? icebergQuantity(order) : nil
        do {
            let answer = try runBlocking {
                try await gateway.placeOrder(symbol: order.symbol, side: order.side, type: type.exchangeType, quantity: order.quantity,
                                             price: price, timeInForce: type.timeInForce, icebergQuantity: iceberg, clientOrderID: order.clientOrderID)
            }
            if let outputs = try book(order, answer: answer, trades: nil, positionID: positionID) { return outputs }
            if isResting(order, answer) {
                logger.info("\(order.type.rawValue) order \(order.clientOrderID) rests on \(name) at \(price?.plainText ?? "?"); it is booked when it fills or is canceled")
                return []
            }
            return try resolve(order, positionID: positionID)
        } catch let ExchangeError.unknownOutcome(reason) {
            logger.warning("order \(order.clientOrderID): \(reason); looking it up by its client order id")
            return try resolve(order, positionID: positionID)
        } catch let ExchangeError.rejected(error) {
            return try reject(order, Rejection(.exchangeRejected, "\(name) refused the order: \(error.message) (code \(error.code))."))
        } catch let ExchangeError.filter(failure) {
            return try reject(order, Rejection(.exchangeFilter, "The order breaks the exchange's \(failure.filter) rule."))
        } catch let error as ExchangeError {
            throw GenesisError.exchange(error)
        }
    }

    /// The visible part of a native iceberg: the order in 3 to 10 parts
    /// (`execution.icebergMinSlices`…`icebergMaxSlices`, the count derived
    /// from the client id, so a resend asks for the same), rounded up to the
    /// lot step so the parts never exceed the count (ICEBERG_PARTS).
    func icebergQuantity(_ order: OrderIntent) -> Decimal? {
        let settings = config.execution
        let span = max(0, settings.icebergMaxSlices - settings.icebergMinSlices)
        let hash = order.clientOrderID.utf8.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
        let parts = settings.icebergMinSlices + Int(hash % UInt64(span + 1))
        let step = rules[order.symbol]?.lotSize?.step ?? 0
        let visible = order.quantity / Decimal(max(parts, 1))
        let rounded = step > 0 ? visible.rounded(toStep: step, .up) : visible
        return rounded > 0 && rounded < order.quantity ? rounded : nil
    }

    /// Pauses between lookups of an order whose outcome is unknown. Binance
    /// drops a request its matching engine has not taken within recvWindow
    /// plus its 10 s backend timeout, so after about 16 s of "not found" the
    /// order can no longer execute.
    static let lookupPausesMs = [0, 250, 500, 1000, 2000, 4000, 8000]

    /// Looks an order up by client id and books what the exchange did. It is
    /// never sent again from here: an order the exchange still has not seen
    /// when it no longer could is recorded EXPIRED, and one whose trades do
    /// not yet add up stays NEW for the next lookup (start-up or reconcile).
    private func resolve(_ order: OrderIntent, positionID: String? = nil) throws -> [VenueOutput] {
        let gateway = gateway
        for wait in Self.lookupPausesMs {
            pause(wait)
            let found: JSONValue?
            do {
                found = try runBlocking { try await gateway.queryOrder(symbol: order.symbol, clientOrderID: order.clientOrderID) }
            } catch let error as ExchangeError {
                logger.warning("looking up \(order.clientOrderID) failed: \(error)")
                continue
            }
            guard let found else { continue }
            let orderID = found["orderId"]?.integer ?? 0
            let trades: JSONValue
            do { trades = try runBlocking { try await gateway.myTrades(symbol: order.symbol, orderID: orderID) } } catch let error as ExchangeError {
                logger.warning("reading the trades of \(order.clientOrderID) failed: \(error)")
                continue
            }
            if let outputs = try book(order, answer: found, trades: trades, positionID: positionID) { return outputs }
            if isResting(order, found) { return [] }
        }
        if try ledger.execution(clientOrderID: order.clientOrderID) != nil, try ledger.orderStatus(clientOrderID: order.clientOrderID) == "NEW" {
            if try runBlocking({ try await gateway.queryOrder(symbol: order.symbol, clientOrderID: order.clientOrderID) }) == nil {
                try ledger.recordStatus(clientOrderID: order.clientOrderID, status: "EXPIRED", reason: "never reached \(name)", at: .now())
                return [.rejected(order, Rejection(.exchangeRejected, "Order \(order.clientOrderID) never reached \(name); it was not sent again."))]
            }
            logger.warning("order \(order.clientOrderID) is still unresolved on \(name); `gen-exec reconcile` looks again")
        }
        return []
    }

    /// A GTC or post-only order the exchange holds open: not an unknown
    /// outcome, just one that has not finished.
    private func isResting(_ order: OrderIntent, _ answer: JSONValue) -> Bool {
        order.type.rests && ["NEW", "PARTIALLY_FILLED"].contains(answer["status"]?.string ?? "")
    }

    /// Books an order's outcome from the exchange's answer (and its
    /// trades). Returns nil when the answer is not final yet: the trades do
    /// not add up to the executed quantity (a lagging or partial list), so the
    /// caller looks again rather than booking a guess.
    private func book(_ order: OrderIntent, answer: JSONValue, trades: JSONValue?, positionID: String? = nil) throws -> [VenueOutput]? {
        let status = answer["status"]?.string ?? "UNKNOWN"
        let executed = answer["executedQty"]?.decimal ?? 0
        let rows = (trades ?? answer["fills"])?.array ?? []
        let fills = rows.compactMap { row -> TradeFill? in
            guard let id = (row["tradeId"] ?? row["id"])?.integer, let price = row["price"]?.decimal, let quantity = (row["qty"])?.decimal,
                  let fee = row["commission"]?.decimal, let asset = row["commissionAsset"]?.string else { return nil }
            return TradeFill(id: "\(order.symbol)-\(id)", price: price, quantity: quantity, fee: fee, feeAsset: asset)
        }
        if fills.count != rows.count || fills.reduce(Decimal(0), { $0 + $1.quantity }) != executed { return nil }
        let time = Timestamp(milliseconds: answer["transactTime"]?.integer ?? answer["updateTime"]?.integer ?? order.ts.milliseconds)
        if ["NEW", "PARTIALLY_FILLED"].contains(status) { return nil } // still working: a later lookup books it
        guard executed > 0 else {
            try ledger.recordStatus(clientOrderID: order.clientOrderID, status: status == "FILLED" ? "EXPIRED" : status, reason: "\(name): \(status) without a fill", at: time)
            return [.rejected(order, Rejection(.exchangeRejected, "\(name) did not fill the order (status \(status))."))]
        }
        var fill: FillRecord
        switch order.side {
        case .buy:
            fill = book.enter(order, venue: name, trades: fills, time: time, positionID: positionID, baseAsset: rules[order.symbol]?.baseAsset)
        case .sell:
            // Another process may have changed the position: read it again before booking.
            if let stored = try ledger.openPositions(session: book.session).first(where: { $0.symbol == order.symbol }) { book.positions[order.symbol] = stored }
            guard let position = book.positions[order.symbol] else {
                logger.error("a \(order.symbol) sell filled but no position is open in the store; `gen-exec reconcile` will report it")
                return []
            }
            fill = book.exit(position, order: order, venue: name, trades: fills, time: time, dust: rules[order.symbol]?.lotSize?.minimum ?? 0)
        }
        fill.status = status
        try ledger.recordFill(fill)
        return [.filled(fill)]
    }

    /// `gen-exec close-all`: sells every open position with a limit IOC at most
    /// `maxSlippage` below the current bid, so a thin book cannot take more;
    /// the biggest loser at those bids goes first (SPEC §2).
    public func closeAll(maxSlippage: Decimal, at time: Timestamp) throws -> [VenueOutput] {
        closingEverything = true
        defer { closingEverything = false }
        var outputs: [VenueOutput] = []
        let ordered = try book.biggestLosersFirst { position in try touch(position.symbol).bid.flatMap { $0 > 0 ? $0 : nil } }
        for (position, bid) in ordered {
            guard let symbolRules = rules[position.symbol] else { continue }
            var base = book.exitOrder(for: position, purpose: .exit, reference: bid, time: time)
            base.clientOrderID = ClientOrderID.derive(session: book.session, origin: "close-all:\(position.entryClientOrderID)")
            guard var order = try nextAttempt(of: base) else { continue }
            order.quantity = symbolRules.roundQuantity(position.quantity)
            if try ledger.orderStatus(clientOrderID: order.clientOrderID) == "NEW" {
                outputs += try resolve(order)
                continue
            }
            if let refusal = try refusal(for: order) {
                outputs += try reject(order, refusal)
                continue
            }
            try ledger.recordAccepted(order, venue: name, at: time)
            outputs.append(.accepted(order))
            outputs += try send(order, limit: symbolRules.roundPrice(bid * (1 - maxSlippage), side: .sell))
        }
        return outputs
    }

    /// Deleveraging or the correlation force-reduction: a market sell of
    /// `share` of each position (or of those in `symbols`).
    public func reduce(share: Decimal, only symbols: Set<String>?, origin: String, at time: Timestamp) throws -> [VenueOutput] {
        try book.reductionOrders(share: share, only: symbols, origin: origin, at: time,
                                 round: { position, quantity in rules[position.symbol]?.roundQuantity(quantity, market: true) ?? 0 },
                                 reference: { try touch($0.symbol).bid }).flatMap(submit)
    }

    /// The emergency: every position closed with limit IOCs at most the
    /// configured slippage (2%) below the bid.
    public func closeEverything(at time: Timestamp) throws -> [VenueOutput] {
        try closeAll(maxSlippage: config.demotion.closeAllMaxSlippage.value, at: time)
    }

    public func forget(_ canceled: [String], at time: Timestamp) throws {
        _ = try cancelAll(at: time)
    }

    /// `gen-exec cancel-all`: cancels every open order on the exchange and
    /// marks the session's unfilled orders canceled. Returns what was canceled.
    public func cancelAll(at time: Timestamp) throws -> [String] {
        let open = try call { try await $0.openOrders(symbol: nil) }
        let symbols = Set((open.array ?? []).compactMap { $0["symbol"]?.string })
        var canceled: [String] = []
        for symbol in symbols.sorted() {
            let answer = try call { try await $0.call(.delete, "/api/v3/openOrders", [("symbol", symbol)], signed: true) }
            canceled += (answer.array ?? []).compactMap { $0["origClientOrderId"]?.string }
        }
        // Each order the store still shows unfilled is looked up: a fill
        // that happened before the cancel is booked, not lost.
        for order in try ledger.pendingOrders(session: book.session) where try ledger.orderVenue(clientOrderID: order.clientOrderID) == name {
            _ = try resolve(order)
        }
        return canceled
    }

    /// What the exchange shows that the store cannot explain.
    public struct Discrepancy: Sendable, Equatable, CustomStringConvertible {
        public var description: String
        /// The exchange trade id (`SYMBOL-id`) of an unexplained trade.
        public var tradeID: String?
    }

    /// Compares the exchange's open orders and balances with the store
    /// (SPEC §5). Orders the store left unresolved are looked up and booked
    /// first; anything still unexplained is returned, never guessed at.
    public func reconcile(knownOrder: (String) throws -> Bool) throws -> (outputs: [VenueOutput], discrepancies: [Discrepancy]) {
        let outputs = try resolvePending()
        var discrepancies: [Discrepancy] = []
        let open = try call { try await $0.openOrders(symbol: nil) }
        var workingOrders: Set<Int64> = []
        for order in open.array ?? [] {
            let id = order["clientOrderId"]?.string ?? "?"
            if try !knownOrder(id) {
                discrepancies.append(Discrepancy(description: "open order \(id) on \(order["symbol"]?.string ?? "?") is not in the store"))
            } else if let orderID = order["orderId"]?.integer {
                workingOrders.insert(orderID)
            }
        }
        // Trades of the last day on every symbol this venue traded: each must be
        // a booked fill, or belong to a known order still working on the book.
        let since = Timestamp.now().milliseconds - Timestamp.millisecondsPerDay + 60_000
        for symbol in try ledger.symbolsTraded(venue: name, session: book.session, since: Timestamp(milliseconds: since)) {
            let trades = try call { try await $0.myTrades(symbol: symbol, since: since) }
            for trade in trades.array ?? [] {
                guard let id = trade["id"]?.integer, try !ledger.isTradeRecorded("\(symbol)-\(id)") else { continue }
                if let orderID = trade["orderId"]?.integer, workingOrders.contains(orderID) { continue }
                // An order the store knows but has not booked yet (another process
                // is booking it right now, or a slice of a worked order) is no stranger.
                if let orderID = trade["orderId"]?.integer,
                   let order = try? call({ try await $0.call(.get, "/api/v3/order", [("symbol", symbol), ("orderId", String(orderID))], signed: true) }),
                   let clientID = order["clientOrderId"]?.string, try knownOrder(clientID) { continue }
                discrepancies.append(Discrepancy(description: "trade \(id) on \(symbol) (\(trade["isBuyer"]?.bool == true ? "buy" : "sell") \(trade["qty"]?.decimal?.plainText ?? "?") at \(trade["price"]?.decimal?.plainText ?? "?"), order \(trade["orderId"]?.integer ?? 0)) is not in the store",
                                                 tradeID: "\(symbol)-\(id)"))
            }
        }
        let account = try call { try await $0.account() }
        var held: [String: Decimal] = [:]
        for balance in account["balances"]?.array ?? [] {
            guard let asset = balance["asset"]?.string else { continue }
            held[asset] = (balance["free"]?.decimal ?? 0) + (balance["locked"]?.decimal ?? 0)
        }
        for position in book.positions.values.sorted(by: { $0.symbol < $1.symbol }) {
            guard let base = rules[position.symbol]?.baseAsset else { continue }
            if held[base, default: 0] < position.quantity {
                discrepancies.append(Discrepancy(description: "the store holds \(position.quantity.plainText) \(base) in \(position.symbol) but the exchange shows \(held[base, default: 0].plainText)"))
            }
        }
        return (outputs, discrepancies)
    }

    // MARK: The watcher (SPEC §6)

    /// Reads the account and positions again: the pipeline and the
    /// emergency commands change them from other processes.
    public func refresh() throws {
        book = PositionBook(session: book.session, account: try ledger.loadAccount(session: book.session), positions: try ledger.openPositions(session: book.session))
    }

    /// Books an order the user-data stream reports finished, from the trades
    /// the stream delivered; when some are missing (a reconnect lost them)
    /// the order is looked up over REST instead. Returns nil when the store
    /// has no such order waiting (already booked, or not GENESIS's); slices
    /// of a worked order are left to the process working it.
    public func settle(_ report: ExecutionReport, trades: [ExecutionReport]) throws -> [VenueOutput]? {
        guard let order = try ledger.pendingOrders(session: book.session).first(where: { $0.clientOrderID == report.clientOrderID }),
              try ledger.orderVenue(clientOrderID: order.clientOrderID) == name else { return nil }
        guard !order.isWorked else { return [] }
        try refresh()
        let answer = JSONValue.object([("status", .string(report.orderStatus)), ("executedQty", .string(report.cumulativeQuantity.plainText)),
                                       ("transactTime", .integer(report.transactTime))])
        if let outputs = try book(order, answer: answer, trades: .array(trades.map(\.tradeRow))) { return outputs }
        return try resolve(order)
    }

    /// Open positions marked at the given bids (what selling now would
    /// make or lose, before fees), for the continuous daily P&L.
    public func unrealizedProfit(bids: [String: Decimal]) -> Decimal {
        book.positions.values.reduce(Decimal(0)) { sum, position in
            guard let bid = bids[position.symbol] else { return sum }
            return sum + position.quantity * (bid - position.entryPrice)
        }
    }

    /// Stops and targets are watched on the stream; a crossing sends a market sell.
    public func onCandle(symbol: String, openTime: Timestamp, closeTime: Timestamp, open: Decimal, high: Decimal, low: Decimal) throws -> PaperVenue.CandleOutcome {
        var outcome = PaperVenue.CandleOutcome()
        outcome.duringCandle = try checkExits(symbol: symbol, low: low, high: high, time: closeTime, since: openTime)
        return outcome
    }

    public func onBook(symbol: String, time: Timestamp, bid: Decimal, ask: Decimal) throws -> [VenueOutput] {
        try checkExits(symbol: symbol, low: bid, high: bid, time: time, since: time)
    }

    private func checkExits(symbol: String, low: Decimal, high: Decimal, time: Timestamp, since: Timestamp) throws -> [VenueOutput] {
        guard book.positions[symbol] != nil else { return [] }
        // Another command may have closed or cut it: act on the store's position.
        book.positions[symbol] = try ledger.openPositions(session: book.session).first { $0.symbol == symbol }
        guard let position = book.positions[symbol], since >= position.openedAt else { return [] }
        var exit: OrderIntent?
        if let stop = position.stop, low <= stop {
            exit = book.exitOrder(for: position, purpose: .stopLoss, reference: stop, time: time)
        } else if let target = position.target, high >= target {
            exit = book.exitOrder(for: position, purpose: .takeProfit, reference: target, time: time)
        }
        guard let exit, let attempt = try nextAttempt(of: exit) else { return [] }
        return try submit(attempt)
    }

    /// Exit orders get a fresh id per attempt (attempt k is slice k of the
    /// same origin), so a rejected or partly filled exit never blocks the
    /// next one. Returns nil after `maxExitAttempts`.
    static let maxExitAttempts = 5

    func nextAttempt(of exit: OrderIntent) throws -> OrderIntent? {
        for attempt in 1...Self.maxExitAttempts {
            var order = exit
            order.clientOrderID = ClientOrderID.derive(session: book.session, origin: "\(exit.clientOrderID):exit", slice: attempt)
            switch try ledger.orderStatus(clientOrderID: order.clientOrderID) {
            case nil, "NEW": return order
            default: continue // rejected, expired, or filled in part: try again with the next id
            }
        }
        logger.error("\(exit.symbol): \(Self.maxExitAttempts) exit attempts did not close the position; it needs a person (`gen-exec close-all`)")
        return nil
    }
}
