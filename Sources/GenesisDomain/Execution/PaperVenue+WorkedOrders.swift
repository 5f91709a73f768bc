import Foundation

/// Worked entries on paper (DESIGN §5): the plan live would make, each slice
/// its own order with live's id, worked at the first price event that
/// reaches its due time (a book at or after it; a candle whose span holds it
/// or a later one, at the candle's open, the newest price known when it is
/// sent), with the algorithm's own rules applied to the data. A slice due
/// seconds after an hourly candle opened is not held for the next hour: live
/// would have sent it then, at about that price.
///
/// - SLICED_MARKET: market slices at the price (a candle's open, a book's
///   ask), with the configured slippage and fee.
/// - ICEBERG: each slice is an immediate-or-cancel limit at the touch when
///   it is sent: the newest ask seen (a book's ask, or the previous candle's
///   close moved by the slippage). It fills when the price it meets is at or
///   below that limit and buys nothing otherwise; the candle's range does
///   not help it, since an IOC lives an instant. The rest is canceled past
///   the average-slippage limit or the failed-slice limit.
/// - TWAP: slices take at most `twapMaxVolumeShare` of the candle's volume,
///   the rest carried to later slices; a price `twapEarlyFinishImprovement`
///   below the reference buys everything left at once.
/// - VWAP: slices follow the stored candles' volume profile, each at most
///   `vwapMaxParticipation` of the candle's volume (carried like TWAP), the
///   rest canceled past `vwapAbortSlippageBps`.
extension PaperVenue {
    /// Accepts a worked entry: the plan is made now, from the order's id (as
    /// live), and stored, so a restart works the very same slices.
    func startWork(_ order: OrderIntent) throws {
        worked[order.symbol, default: []].append(WorkedOrder(parent: order, plan: try workPlan(order)))
    }

    /// A worked entry read back from the store after a restart.
    func resumeWork(_ order: OrderIntent) throws {
        let work = try WorkedOrder.resume(parent: order, plan: try workPlan(order), session: session, ledger: ledger)
        worked[order.symbol, default: []].append(work)
    }

    /// The stored plan, or a new one (stored before any slice is worked).
    func workPlan(_ order: OrderIntent) throws -> SlicePlan {
        if let stored = try ledger.slicePlan(clientOrderID: order.clientOrderID) { return stored }
        let tier = try ledger.loadAccount(session: session).tier
        let plan = try SlicePlan.plan(for: order, settings: config.execution, slices: config.tiers[tier].slices ?? 3, step: filters.filters(for: order.symbol).stepSize,
                                      now: order.ts) { try volumeProfile(order.symbol, before: order.ts) }
        try ledger.recordSlicePlan(plan, clientOrderID: order.clientOrderID)
        return plan
    }

    /// The median volume per bucket of the `vwapProfileDays` before `time`,
    /// from the stored candles: the bucket's own interval when it is stored,
    /// else finer candles summed into buckets. Without stored candles the
    /// profile is empty and `SlicePlan.vwap` falls back to even slices.
    func volumeProfile(_ symbol: String, before time: Timestamp) throws -> VolumeProfile {
        let minutes = config.execution.vwapBucketMinutes
        let empty = VolumeProfile(candles: [], bucketMinutes: minutes)
        guard let history = ledger as? any CandleHistory, let bucket = Interval("\(minutes)m") else { return empty }
        let start = time.milliseconds - Int64(config.execution.vwapProfileDays) * Timestamp.millisecondsPerDay
        // Only candles closed by `time`: the profile may not peek at the future.
        func rows(_ interval: Interval) throws -> [KlineRow] {
            let count = Int((time.milliseconds - start) / interval.milliseconds) + 1
            return try history.klines(symbol: symbol, interval: interval, start: start, end: time.milliseconds - interval.milliseconds, limit: count)
        }
        let own = try rows(bucket)
        if !own.isEmpty { return VolumeProfile(candles: own, bucketMinutes: minutes) }
        for name in ["1m", "3m", "5m", "15m"] {
            guard let fine = Interval(name), var aggregator = CandleAggregator(from: fine, to: bucket) else { continue }
            let finer = try rows(fine)
            guard !finer.isEmpty else { continue }
            var buckets: [KlineRow] = []
            for row in finer { if let done = try aggregator.add(row) { buckets.append(done) } }
            if let last = aggregator.finish() { buckets.append(last) }
            return VolumeProfile(candles: buckets, bucketMinutes: minutes)
        }
        return empty
    }

    /// Works every slice of `symbol` due before `until` (a candle's close,
    /// just after a book's time), each filled when it is due or at `time`
    /// (the candle's open, the book's time), whichever is later. `ask` is
    /// what a market buy meets before slippage (a candle's open, a book's
    /// ask); `touch` is the ask an iceberg slice sees, used as its limit
    /// when no earlier price was seen since the order came; `volume` is the
    /// candle's traded volume (nil on a book: no cap).
    func workSlices(symbol: String, time: Timestamp, until: Timestamp, ask: Decimal, touch: Decimal, volume: Decimal?) throws -> [VenueOutput] {
        guard let orders = worked[symbol], !orders.isEmpty else { return [] }
        var outputs: [VenueOutput] = []
        var kept: [WorkedOrder] = []
        // What this price already bought for worked orders: they share its volume.
        var bought: Decimal = 0
        for var work in orders {
            guard try isStillWorked(work, at: time) else { continue }
            var ended = false
            var last = time
            while !ended, !work.isComplete, work.due(work.next) < until {
                last = max(time, work.due(work.next))
                outputs += try workSlice(&work, time: last, ask: ask, touch: touch, volume: volume, bought: &bought)
                ended = try work.endIfOver(ledger, settings: config.execution, at: last)
            }
            if !ended { ended = try work.endIfOver(ledger, settings: config.execution, at: last) }
            if !ended { kept.append(work) }
        }
        worked[symbol] = kept.isEmpty ? nil : kept
        return outputs
    }

    /// One slice: its quantity (TWAP and VWAP: the carry, the volume cap,
    /// TWAP's early finish), its own order recorded, then its fill or failure.
    private func workSlice(_ work: inout WorkedOrder, time: Timestamp, ask: Decimal, touch: Decimal, volume: Decimal?,
                           bought: inout Decimal) throws -> [VenueOutput] {
        let index = work.next
        let parent = work.parent
        defer { work.advance() }
        let rules = filters.filters(for: parent.symbol)
        let quantity = work.sliceQuantity(ask: ask, volume: volume, bought: bought, settings: config.execution, step: rules.stepSize, minNotional: rules.minNotional)
        // Nothing the exchange would take: carried to the next slice, not a failure.
        if quantity == 0, WorkedOrder.volumeShare(parent.algorithm, config.execution) != nil { return [] }
        let child = work.child(index, session: session, quantity: quantity)
        if try ledger.orderStatus(clientOrderID: child.clientOrderID) == nil {
            try ledger.recordSlice(child, parent: work.id, slice: index + 1, total: work.plan.quantities.count, venue: Self.venueName, at: child.ts)
        }
        // Halted or reducing since the order came: the slice is refused (and counts as failed).
        let (state, reason) = try ledger.tradingState()
        if let rejection = state.refusal(for: .buy, reason: reason) {
            try ledger.recordRejected(child, venue: Self.venueName, rejection: rejection, at: time)
            work.record(quantity: 0, price: nil)
            return [.rejected(child, rejection)]
        }
        var price = applySlippage(ask, side: .buy, symbol: parent.symbol)
        if parent.algorithm == .iceberg {
            // Limit at the touch when sent: the newest ask seen since the order came.
            let seen = lastAsk[parent.symbol].flatMap { ask in
                ask.at >= parent.ts ? (ask.slips ? applySlippage(ask.price, side: .buy, symbol: parent.symbol) : ask.price) : nil
            } ?? touch
            let limit = seen.rounded(toStep: rules.tickSize, .up)
            guard touch <= limit else {
                let rejection = Rejection(.exchangeRejected, "Iceberg slice \(index + 1) of \(work.plan.quantities.count) was an immediate-or-cancel limit at the touch \(limit.plainText); the ask had moved to \(touch.plainText), so it bought nothing.")
                try ledger.recordStatus(clientOrderID: child.clientOrderID, status: .expired, reason: rejection.message, at: time)
                work.record(quantity: 0, price: nil)
                return [.rejected(child, rejection)]
            }
            price = min(price, limit)
        }
        let output = try enter(child, at: price, time: time, positionID: work.id)
        if case let .filled(fill) = output {
            work.record(quantity: fill.quantity, price: fill.price)
            bought += fill.quantity
        } else {
            work.record(quantity: 0, price: nil)
        }
        return [output]
    }

    private func isStillWorked(_ work: WorkedOrder, at time: Timestamp) throws -> Bool {
        try work.isStillWorked(ledger, positionEntry: positions[work.parent.symbol]?.entryClientOrderID, at: time)
    }

    /// After exits: worked orders whose position just closed stop at once.
    func stopOrphanedWork(symbol: String, at time: Timestamp) throws {
        guard let orders = worked[symbol], !orders.isEmpty else { return }
        var kept: [WorkedOrder] = []
        for work in orders where try isStillWorked(work, at: time) { kept.append(work) }
        worked[symbol] = kept.isEmpty ? nil : kept
    }

    /// A deleveraging cut or a correlation force-reduction stops the buying
    /// as well as selling: the rest of each worked entry on those symbols
    /// (all of them when nil) is canceled, its parent keeping what it bought.
    func stopWork(on symbols: Set<String>?, reason: String, at time: Timestamp) throws {
        let stopped = worked.filter { symbols?.contains($0.key) ?? true }.values.flatMap { $0 }
        guard !stopped.isEmpty else { return }
        for work in stopped where work.executed == 0 {
            try ledger.recordStatus(clientOrderID: work.id, status: .canceled, reason: reason, at: time)
        }
        try cancelWork(Set(stopped.map(\.id)), at: time)
    }

    /// A demotion or cancel-all canceled these orders in the store: the rest
    /// of each worked one is dropped, its parent keeping what it bought.
    func cancelWork(_ ids: Set<String>, at time: Timestamp) throws {
        for (symbol, orders) in worked {
            var kept: [WorkedOrder] = []
            for work in orders {
                guard ids.contains(work.id) else {
                    kept.append(work)
                    continue
                }
                if work.executed > 0 {
                    try ledger.finishParent(work.id, status: .canceled, executed: work.executed,
                                           reason: "canceled after \(work.executed.plainText) of \(work.parent.quantity.plainText) was bought", at: time)
                }
            }
            worked[symbol] = kept.isEmpty ? nil : kept
        }
    }
}
