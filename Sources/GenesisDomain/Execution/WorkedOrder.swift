import Foundation

/// An entry worked in slices (DESIGN §5), on paper or on an exchange, and
/// how far it has got. Everything here can be rebuilt from the store (the
/// plan, and each slice's own order and fill), so a restarted venue
/// continues where the last one stopped and never fills a slice twice.
public struct WorkedOrder: Sendable {
    public let parent: OrderIntent
    public let plan: SlicePlan
    /// Where the plan's pauses are counted from: the order's time on paper;
    /// on an exchange, when the work started or, after a restart, when it
    /// resumed (the slices the downtime missed are not sent in a burst: the
    /// schedule moves on by the time lost, and the carry takes up the rest).
    public var start: Timestamp
    /// The next slice to work (0-based).
    public var next = 0
    /// What the slices bought so far.
    public var executed: Decimal = 0
    /// What the slices before `next` were planned to buy: TWAP and VWAP
    /// carry whatever of it was not bought (the volume cap) into later slices.
    public var plannedBefore: Decimal = 0
    /// Slices that bought nothing (an iceberg limit the market left behind, a refusal).
    public var failed = 0
    /// Sum of the filled slices' slippage against the reference price.
    public var slippage: Decimal = 0
    public var slicesWithFills = 0
    /// When the last slice was sent (live): the traded volume a TWAP or
    /// VWAP slice is measured against is what traded since.
    public var lastSliceAt: Timestamp?

    public init(parent: OrderIntent, plan: SlicePlan, start: Timestamp? = nil) {
        self.parent = parent
        self.plan = plan
        self.start = start ?? parent.ts
    }

    public var id: String { parent.clientOrderID }
    public var remaining: Decimal { parent.quantity - executed }
    public var isComplete: Bool { next >= plan.quantities.count || remaining <= 0 }

    /// When slice `index` is sent: the start plus the plan's pauses up to
    /// and including it (the first pause is 0).
    public func due(_ index: Int) -> Timestamp {
        start.adding(milliseconds: Int64(plan.delaysMs.prefix(index + 1).reduce(0, +)))
    }

    /// When the next slice is due; nil once every slice was worked.
    public var nextDue: Timestamp? { isComplete ? nil : due(next) }

    /// Moves the schedule so that the next slice is due at `time` at the
    /// latest (a restart after downtime).
    public mutating func reschedule(nextAt time: Timestamp) {
        guard let due = nextDue, due < time else { return }
        start = start.adding(milliseconds: time.milliseconds - due.milliseconds)
    }

    /// How much the next slice buys (DESIGN §5), the one decision both venues
    /// make: its planned share, plus for TWAP what earlier slices were
    /// planned but did not buy, and for VWAP that shortfall once it reaches
    /// `vwapCatchUpPoints` of the order; capped by the volume rule (TWAP's
    /// share of the traded volume, VWAP's maximum participation) less what
    /// other worked orders took of the same volume; TWAP buys everything
    /// left at once when the ask improved on the reference. Rounded down to
    /// the lot step; 0 (nothing the exchange would take) means the slice is
    /// skipped and its share carried, not failed.
    public func sliceQuantity(ask: Decimal, volume: Decimal?, bought: Decimal, settings: GenesisConfig.Execution, step: Decimal, minNotional: Decimal) -> Decimal {
        let planned = plan.quantities[next]
        var quantity = min(planned, remaining)
        guard let share = Self.volumeShare(parent.algorithm, settings) else { return quantity }
        if parent.algorithm == .twap, settings.twapFinishesEarly(ask: ask, reference: parent.referencePrice) {
            quantity = remaining
        } else {
            let behind = max(0, plannedBefore - executed)
            let catchesUp = parent.algorithm == .twap || behind >= parent.quantity * Decimal(settings.vwapCatchUpPoints) / 100
            // The last slice takes whatever is left, within the cap.
            let isLast = next == plan.quantities.count - 1
            quantity = min(isLast ? remaining : planned + (catchesUp ? behind : 0), remaining)
            if let volume { quantity = min(quantity, max(0, volume * share - bought)) }
        }
        quantity = step > 0 ? quantity.rounded(toStep: step, .down) : quantity
        return quantity <= 0 || quantity * ask < minNotional ? 0 : quantity
    }

    /// The share of the traded volume one slice may take: TWAP's cap, VWAP's
    /// maximum participation; nil for algorithms without a volume rule.
    public static func volumeShare(_ algorithm: ExecutionAlgorithm, _ settings: GenesisConfig.Execution) -> Decimal? {
        switch algorithm {
        case .twap: settings.twapMaxVolumeShare.value
        case .vwap: settings.vwapMaxParticipation.value
        case .market, .slicedMarket, .iceberg: nil
        }
    }

    /// Slice `index` as its own order: the id live gives it (so paper and
    /// live store the same rows), stamped when it is due.
    public func child(_ index: Int, session: String, quantity: Decimal) -> OrderIntent {
        var child = parent
        child.clientOrderID = Self.childID(of: parent, index: index, session: session)
        child.quantity = quantity
        child.algorithm = .market
        child.ts = due(index)
        return child
    }

    public static func childID(of parent: OrderIntent, index: Int, session: String) -> String {
        ClientOrderID.derive(session: session, origin: parent.clientOrderID, slice: index + 1)
    }

    /// Moves past the current slice.
    public mutating func advance() {
        plannedBefore += plan.quantities[next]
        next += 1
    }

    /// A slice's result: what it bought and at what average price (nothing: it failed).
    public mutating func record(quantity: Decimal, price: Decimal?) {
        executed += quantity
        if quantity > 0, let price {
            slicesWithFills += 1
            slippage += (price - parent.referencePrice) / parent.referencePrice
        } else {
            failed += 1
        }
    }

    /// Why the rest of the order is given up (live's rules): too many failed
    /// slices, or average slippage past the algorithm's limit. nil: go on.
    public func abandonment(_ settings: GenesisConfig.Execution) -> String? {
        if failed >= settings.icebergAbortFailedSlices {
            return "\(failed) slices bought nothing (the limit is \(settings.icebergAbortFailedSlices)); the rest of the \(parent.algorithm.rawValue) order was canceled"
        }
        if slicesWithFills > 0, let limit = parent.algorithm.abortSlippage(settings), slippage / Decimal(slicesWithFills) > limit {
            let average = (slippage / Decimal(slicesWithFills) * 100).rounded(scale: 2, .plain)
            return "average slippage \(average.plainText)% passed the \(parent.algorithm.rawValue) limit of \((limit * 100).plainText)%; the rest was canceled"
        }
        return nil
    }

    /// Ends the parent in the store when the order is over: abandoned (too
    /// many failed slices, slippage past the limit) or every slice worked.
    /// True when it ended; both venues ask after each slice.
    public func endIfOver(_ ledger: ExecutionLedger, settings: GenesisConfig.Execution, at time: Timestamp) throws -> Bool {
        if let reason = abandonment(settings) {
            try ledger.finishParent(id, status: .canceled, executed: executed, reason: reason, at: time)
            return true
        }
        guard isComplete else { return false }
        let (status, reason) = conclusion
        try ledger.finishParent(id, status: status, executed: executed, reason: reason, at: time)
        return true
    }

    /// False, after closing the parent, when the rest must not be bought:
    /// canceled in the store (cancel-all, a demotion, the trader's cancel),
    /// or its position closed (a stop, a target, a close-all) after slices
    /// bought part of it: the stop acted on that part, and buying the rest
    /// would open a position nobody decided. `positionEntry` is the entry
    /// order of the symbol's open position, if any.
    public func isStillWorked(_ ledger: ExecutionLedger, positionEntry: String?, at time: Timestamp) throws -> Bool {
        guard try ledger.orderStatus(clientOrderID: id) == .new else {
            if executed > 0 {
                try ledger.finishParent(id, status: .canceled, executed: executed,
                                       reason: "canceled after \(executed.plainText) of \(parent.quantity.plainText) was bought", at: time)
            }
            return false
        }
        if executed > 0, positionEntry != id {
            try ledger.finishParent(id, status: .canceled, executed: executed,
                                   reason: "the \(parent.symbol) position was closed after \(executed.plainText) of \(parent.quantity.plainText) was bought; the rest was canceled",
                                   at: time)
            return false
        }
        return true
    }

    /// The parent's status once every slice was worked: FILLED, PARTIALLY_FILLED
    /// (volume caps left some unbought) or EXPIRED (nothing bought), as live.
    public var conclusion: (status: OrderStatus, reason: String?) {
        if executed == 0 { return (.expired, "no slice bought anything") }
        if executed < parent.quantity { return (.partiallyFilled, "slices filled \(executed.plainText) of \(parent.quantity.plainText)") }
        return (.filled, nil)
    }

    /// The order as the store knows it after a restart: the slices already
    /// resolved are counted, and the work continues after the last of them.
    /// A slice recorded but never resolved (a crash between the two) is
    /// worked again under its own id.
    public static func resume(parent: OrderIntent, plan: SlicePlan, session: String, ledger: ExecutionLedger, start: Timestamp? = nil) throws -> WorkedOrder {
        var work = WorkedOrder(parent: parent, plan: plan, start: start)
        var outcomes: [Int: (quantity: Decimal, price: Decimal?)] = [:]
        for index in plan.quantities.indices {
            let id = childID(of: parent, index: index, session: session)
            guard let status = try ledger.orderStatus(clientOrderID: id), status != .new else { continue }
            let state = try ledger.execution(clientOrderID: id)
            outcomes[index] = (state?.quantity ?? 0, state?.averagePrice)
        }
        guard let last = outcomes.keys.max() else { return work }
        for index in 0...last {
            // A slice missing before the last resolved one was skipped (a volume cap left it nothing).
            if let outcome = outcomes[index] { work.record(quantity: outcome.quantity, price: outcome.price) }
            work.advance()
        }
        return work
    }
}
