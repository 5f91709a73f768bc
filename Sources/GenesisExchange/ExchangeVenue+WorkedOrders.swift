import Foundation
import Logging
import GenesisDomain

/// Worked orders on an exchange (DESIGN §5): slice plans fixed when the order
/// starts and read back after a restart, TWAP's volume cap, native icebergs.
extension ExchangeVenue {
    /// Works an entry in slices (DESIGN §5). The plan is derived from the
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
                if status == .new { outputs += try resolve(child, positionID: parent.clientOrderID) }
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
                try ledger.recordSlice(child, parent: parent.clientOrderID, slice: index + 1, total: total, venue: name, at: clock.now())
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
                try ledger.finishParent(parent.clientOrderID, status: .canceled, executed: executed, reason: "\(failed) slices failed", at: clock.now())
                return outputs
            }
            if slicesWithFills > 0, let limit = parent.algorithm.abortSlippage(config.execution), slippage / Decimal(slicesWithFills) > limit {
                try ledger.finishParent(parent.clientOrderID, status: .canceled, executed: executed, reason: "average slippage above the limit", at: clock.now())
                return outputs
            }
        }
        let final: OrderStatus = executed == 0 ? .expired : executed < parent.quantity ? .partiallyFilled : .filled
        try ledger.finishParent(parent.clientOrderID, status: final, executed: executed, reason: executed < parent.quantity ? "slices filled \(executed.plainText) of \(parent.quantity.plainText)" : nil, at: clock.now())
        return outputs
    }

    /// The slice plan for a worked order; VWAP needs the market's volume profile.
    func makePlan(_ parent: OrderIntent, rules symbolRules: SymbolRules) throws -> SlicePlan {
        let now = clock.now()
        return try SlicePlan.plan(for: parent, settings: config.execution, slices: config.tiers[book.account.tier].slices ?? 3,
                                  step: symbolRules.lotSize?.step ?? 0, now: now) { try volumeProfile(parent.symbol, before: now.milliseconds) }
    }

    /// The market's usual volume per bucket over `execution.vwapProfileDays`
    /// before `now`, from the exchange's klines at the bucket's interval.
    func volumeProfile(_ symbol: String, before now: Int64) throws -> VolumeProfile {
        let days = config.execution.vwapProfileDays
        let bucket = config.execution.vwapBucketMinutes
        let candles: [KlineRow] = try call { gateway in
            var rows: [KlineRow] = []
            var start = now - Int64(days) * Timestamp.millisecondsPerDay
            while start < now {
                let page = try await gateway.klines(symbol: symbol, interval: "\(bucket)m", start: start, end: now, limit: 1000)
                let batch = (page.array ?? []).compactMap(KlineBackfill.row)
                guard let last = batch.last else { break }
                rows += batch
                start = last.openTime + Int64(bucket) * 60_000
            }
            return rows
        }
        return VolumeProfile(candles: candles, bucketMinutes: bucket)
    }

    /// One TWAP slice's size: at most the configured share of the volume the
    /// market traded in the last minute, everything left when the price has
    /// improved on the reference by the early-finish margin. Returns the
    /// quantity to send now; what is left is carried by the next slice.
    func twapSlice(_ parent: OrderIntent, planned: Decimal, executed: Decimal, rules symbolRules: SymbolRules) throws -> Decimal {
        let ask = try touch(parent.symbol).ask
        let minutes = try call { try await $0.klines(symbol: parent.symbol, interval: "1m", start: nil, end: nil, limit: 2) }
        let remaining = parent.quantity - executed
        if let ask, config.execution.twapFinishesEarly(ask: ask, reference: parent.referencePrice) {
            return symbolRules.roundQuantity(remaining)
        }
        var quantity = min(planned, remaining)
        // The last closed minute (the newest kline may still be forming).
        let closed = (minutes.array ?? []).filter { ($0.array?[6].integer ?? .max) < clock.now().milliseconds }
        if let volume = closed.last?.array?[5].decimal, volume > 0 {
            quantity = min(quantity, volume * config.execution.twapMaxVolumeShare.value)
        }
        return symbolRules.roundQuantity(quantity)
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
}
