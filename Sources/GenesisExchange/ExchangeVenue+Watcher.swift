import Foundation
import Logging
import GenesisDomain

/// What the watcher asks of the venue (DESIGN §6): the store's view again,
/// stream-reported orders, marks, and stop and target exits.
extension ExchangeVenue {
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
        let outputs = try book(order, answer: OrderAnswer(report, trades: trades), trades: nil) ?? (try resolve(order))
        // What fills is protected here. A protective leg's end is not: the
        // process that canceled it is selling, and placing it again now would
        // lock the coins that sell needs.
        guard order.protects == nil else { return outputs }
        return outputs + guardProtection(order.symbol, at: clock.now())
    }

    /// Open positions marked at the given bids (what selling now would
    /// make or lose, before fees), for the continuous daily P&L.
    public func unrealizedProfit(bids: [String: Decimal]) -> Decimal {
        RiskState.unrealized(of: Array(book.positions.values), marks: bids)
    }

    /// Stops and targets are watched on the stream; a crossing sends a market sell.
    public func onCandle(symbol: String, openTime: Timestamp, closeTime: Timestamp, open: Decimal, high: Decimal, low: Decimal,
                         close: Decimal? = nil, volume: Decimal? = nil) throws -> PaperVenue.CandleOutcome {
        var outcome = PaperVenue.CandleOutcome()
        outcome.duringCandle = try checkExits(symbol: symbol, low: low, high: high, time: closeTime, since: openTime)
        return outcome
    }

    public func onBook(symbol: String, time: Timestamp, bid: Decimal, ask: Decimal) throws -> [VenueOutput] {
        try checkExits(symbol: symbol, low: bid, high: bid, time: time, since: time)
    }

    func checkExits(symbol: String, low: Decimal, high: Decimal, time: Timestamp, since: Timestamp) throws -> [VenueOutput] {
        guard book.positions[symbol] != nil else { return [] }
        // Another command may have closed or cut it: act on the store's position.
        book.positions[symbol] = try ledger.openPositions(session: book.session).first { $0.symbol == symbol }
        guard let position = book.positions[symbol], since >= position.openedAt else { return [] }
        var exit: OrderIntent?
        if let floor = try exchangeStopFloor(of: position) {
            // The exchange holds the stop and target; below the stop-limit's
            // own price that order cannot fill, and the watcher sells.
            if low < floor { exit = book.exitOrder(for: position, purpose: .stopLoss, reference: position.stop ?? floor, time: time) }
        } else if let stop = position.stop, low <= stop {
            exit = book.exitOrder(for: position, purpose: .stopLoss, reference: stop, time: time)
        } else if let target = position.target, high >= target {
            exit = book.exitOrder(for: position, purpose: .takeProfit, reference: target, time: time)
        }
        guard let exit, let attempt = try nextAttempt(of: exit, backingOff: true) else { return [] }
        return try submit(attempt)
    }

    /// The wait before exit attempt `attempt` (2, 3, …) after the previous
    /// one failed: 1 s doubling up to `exitRetryMaxMs`, so a refused or
    /// failing exit is tried again for as long as the position is open
    /// without flooding the exchange (DESIGN §10: exits are never dropped).
    static func exitRetryDelayMs(before attempt: Int) -> Int64 {
        attempt < 2 ? 0 : min(exitRetryMaxMs, 1000 << Int64(min(attempt - 2, 16)))
    }

    static let exitRetryMaxMs: Int64 = 60_000

    /// Exit orders get a fresh id per attempt (attempt k is slice k of the
    /// same origin), so a rejected or partly filled exit never blocks the
    /// next one. Returns the next attempt to send, or nil while the last
    /// failed attempt's backoff runs (`backingOff`; close-all, asked for by
    /// a person, never waits). There is no last attempt: while the position
    /// is open its exit is retried. An exit the exchange says cannot be sold
    /// as it stands (its filters: dust below the minimum, a symbol that
    /// stopped trading) is a CRITICAL alert at every retry.
    func nextAttempt(of exit: OrderIntent, backingOff: Bool = false) throws -> OrderIntent? {
        let origin = "\(exit.clientOrderID):exit"
        // From the attempt before the newest known, so its outcome sets the backoff.
        var attempt = max(1, (exitAttempts[origin] ?? 1) - 1)
        var previous: OrderOutcome?
        while true {
            var order = exit
            order.clientOrderID = ClientOrderID.derive(session: book.session, origin: origin, slice: attempt)
            guard let outcome = try ledger.orderOutcome(clientOrderID: order.clientOrderID), outcome.status != .new else {
                exitAttempts[origin] = attempt
                if let previous {
                    if backingOff, clock.milliseconds - previous.updatedAt.milliseconds < Self.exitRetryDelayMs(before: attempt) { return nil }
                    let unsellable = previous.rule == RiskRule.exchangeFilter.rawValue || previous.rule == RiskRule.exchangeRejected.rawValue
                    let message = "\(exit.symbol): exit attempt \(attempt - 1) ended \(previous.status.rawValue)\(previous.rule.map { " (\($0))" } ?? ""); trying again as attempt \(attempt)"
                    if unsellable {
                        logger.critical("\(message). The exchange will not take this sell as it stands: the position is NOT protected; look at it now (`gen-exec close-all`, the exchange's app).")
                    } else {
                        logger.warning("\(message)")
                    }
                }
                return order
            }
            previous = outcome
            attempt += 1
        }
    }
}
