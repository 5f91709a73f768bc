import Foundation

/// An entry the paper venue works in slices (DESIGN §5), and how far it has
/// got. Everything here can be rebuilt from the store (the plan, and each
/// slice's own order and fill), so a restarted venue continues where the
/// last one stopped and never fills a slice twice.
struct PaperWorkedOrder: Sendable {
    let parent: OrderIntent
    let plan: SlicePlan
    /// The next slice to work (0-based).
    var next = 0
    /// What the slices bought so far.
    var executed: Decimal = 0
    /// What the slices before `next` were planned to buy: TWAP and VWAP
    /// carry whatever of it was not bought (the volume cap) into later slices.
    var plannedBefore: Decimal = 0
    /// Slices that bought nothing (an iceberg limit the market left behind, a refusal).
    var failed = 0
    /// Sum of the filled slices' slippage against the reference price.
    var slippage: Decimal = 0
    var slicesWithFills = 0

    init(parent: OrderIntent, plan: SlicePlan) {
        self.parent = parent
        self.plan = plan
    }

    var id: String { parent.clientOrderID }
    var remaining: Decimal { parent.quantity - executed }
    var isComplete: Bool { next >= plan.quantities.count || remaining <= 0 }

    /// When slice `index` is sent: the order's time plus the plan's pauses
    /// up to and including it (the first pause is 0).
    func due(_ index: Int) -> Timestamp {
        parent.ts.adding(milliseconds: Int64(plan.delaysMs.prefix(index + 1).reduce(0, +)))
    }

    /// Slice `index` as its own order: the id live gives it (so paper and
    /// live store the same rows), stamped when it is due.
    func child(_ index: Int, session: String, quantity: Decimal) -> OrderIntent {
        var child = parent
        child.clientOrderID = Self.childID(of: parent, index: index, session: session)
        child.quantity = quantity
        child.algorithm = .market
        child.ts = due(index)
        return child
    }

    static func childID(of parent: OrderIntent, index: Int, session: String) -> String {
        ClientOrderID.derive(session: session, origin: parent.clientOrderID, slice: index + 1)
    }

    /// Moves past the current slice.
    mutating func advance() {
        plannedBefore += plan.quantities[next]
        next += 1
    }

    /// A slice's result: what it bought and at what average price (nothing: it failed).
    mutating func record(quantity: Decimal, price: Decimal?) {
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
    func abandonment(_ settings: GenesisConfig.Execution) -> String? {
        if failed >= settings.icebergAbortFailedSlices {
            return "\(failed) slices bought nothing (the limit is \(settings.icebergAbortFailedSlices)); the rest of the \(parent.algorithm.rawValue) order was canceled"
        }
        if slicesWithFills > 0, let limit = parent.algorithm.abortSlippage(settings), slippage / Decimal(slicesWithFills) > limit {
            let average = (slippage / Decimal(slicesWithFills) * 100).rounded(scale: 2, .plain)
            return "average slippage \(average.plainText)% passed the \(parent.algorithm.rawValue) limit of \((limit * 100).plainText)%; the rest was canceled"
        }
        return nil
    }

    /// The parent's status once every slice was worked: FILLED, PARTIALLY_FILLED
    /// (volume caps left some unbought) or EXPIRED (nothing bought), as live.
    var conclusion: (status: OrderStatus, reason: String?) {
        if executed == 0 { return (.expired, "no slice bought anything") }
        if executed < parent.quantity { return (.partiallyFilled, "slices filled \(executed.plainText) of \(parent.quantity.plainText)") }
        return (.filled, nil)
    }

    /// The order as the store knows it after a restart: the slices already
    /// resolved are counted, and the work continues after the last of them.
    /// A slice recorded but never resolved (a crash between the two) is
    /// worked again under its own id.
    static func resume(parent: OrderIntent, plan: SlicePlan, session: String, ledger: ExecutionLedger) throws -> PaperWorkedOrder {
        var work = PaperWorkedOrder(parent: parent, plan: plan)
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
