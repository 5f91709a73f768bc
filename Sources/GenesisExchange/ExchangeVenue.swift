import Foundation
import Logging
import GenesisBinance
import GenesisDomain
import GenesisStore

/// Executes orders on an exchange speaking Binance's protocol (Binance,
/// testnet, gen-sim). DESIGN §5's rules for money that is real:
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
    var book: PositionBook
    var rules: [String: SymbolRules] = [:]
    let config: GenesisConfig
    /// Waits between slices of a worked order (milliseconds).
    let pause: (Int) -> Void
    /// Now, for what the venue records and asks the exchange about: the
    /// wall clock corrected by the exchange's time on the live account.
    public let clock: any TimeSource
    /// The next exit attempt to look at, per exit origin, so a long run of
    /// retries is not read again from the first one each time.
    var exitAttempts: [String: Int] = [:]
    /// Symbols whose missing protection a reconcile placed again, for the
    /// watcher to raise as alerts (and clear).
    public var repairedProtection: [String] = []
    /// Entries being worked in slices (`ExchangeVenue+WorkedOrders.swift`).
    var worked: [WorkedOrder] = []

    public init(name: String, gateway: BinanceGateway, ledger: ExecutionLedger, session: String, config: GenesisConfig = GenesisConfig(), logger: Logger,
                clock: any TimeSource = WallClock(),
                pause: @escaping (Int) -> Void = { if $0 > 0 { Thread.sleep(forTimeInterval: Double($0) / 1000) } }) throws {
        self.clock = clock
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
    func call<T: Sendable>(_ operation: @escaping @Sendable (BinanceGateway) async throws -> T) throws -> T {
        let gateway = gateway
        do {
            return try runBlocking { try await operation(gateway) }
        } catch let error as ExchangeError {
            throw GenesisError.exchange(error)
        }
    }

    /// The best bid and ask now.
    func touch(_ symbol: String) throws -> (bid: Decimal?, ask: Decimal?) {
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


    /// What the trading state refuses of `order` (DESIGN §3.1).
    func refusal(for order: OrderIntent) throws -> Rejection? {
        let (state, reason) = try ledger.tradingState()
        return state.refusal(for: order.side, reason: reason)
    }

    /// Sends an order, with the position's protection kept in step: canceled
    /// before a sell (whatever it executed first is booked), and placed at
    /// the position's size after the order, whatever became of it.
    public func submit(_ order: OrderIntent) throws -> [VenueOutput] {
        // An order already done is not sent again (a pipeline replaying its
        // input), and the protection is left as it stands.
        if let status = try ledger.orderStatus(clientOrderID: order.clientOrderID), status != .new { return [] }
        let unprotected = order.side == .sell ? try unprotect(order.symbol) : []
        let outputs = try place(order)
        return unprotected + outputs + guardProtection(order.symbol, at: clock.now())
    }

    private func place(_ order: OrderIntent) throws -> [VenueOutput] {
        if let status = try ledger.orderStatus(clientOrderID: order.clientOrderID) {
            guard status == .new else { return [] }
            // A worked order a crash interrupted: continue its plan where it stopped
            // (unless it is being worked already).
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


}
