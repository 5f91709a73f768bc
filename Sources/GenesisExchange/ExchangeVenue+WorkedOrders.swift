import Foundation
import Logging
import GenesisDomain

/// Worked orders on an exchange (DESIGN §5): slice plans fixed when the order
/// starts and read back after a restart, slices sent as they fall due while
/// the stream goes on, TWAP's volume cap and VWAP's participation, native
/// icebergs.
extension ExchangeVenue {
    /// Starts working an entry in slices (DESIGN §5), or takes up one a
    /// crash interrupted. The plan is derived from the order's id and stored
    /// before any slice is sent, and every slice has its own deterministic id
    /// recorded before it leaves, so after a restart the same plan resumes:
    /// slices already done are skipped, one left in flight is looked up, and
    /// nothing is sent twice. The first slice due goes now; the rest are sent
    /// by `workDue` while the pipeline goes on reading (the venue never sleeps
    /// between slices).
    func work(_ parent: OrderIntent) throws -> [VenueOutput] {
        guard rules[parent.symbol] != nil, !worked.contains(where: { $0.id == parent.clientOrderID }) else { return [] }
        let plan: SlicePlan
        if let stored = try ledger.slicePlan(clientOrderID: parent.clientOrderID) {
            plan = stored
        } else {
            plan = try makePlan(parent, rules: rules[parent.symbol]!)
            try ledger.recordSlicePlan(plan, clientOrderID: parent.clientOrderID)
        }
        let now = clock.now()
        var work = try WorkedOrder.resume(parent: parent, plan: plan, session: book.session, ledger: ledger, start: now)
        work.reschedule(nextAt: now)
        if work.next > 0 { logger.info("\(parent.algorithm.rawValue) \(parent.clientOrderID): resumed at slice \(work.next + 1) of \(plan.quantities.count)") }
        worked.append(work)
        return try workDue()
    }

    /// Worked entries of this venue a crash left unfinished, taken up again
    /// at start (their order lines do not come again on a live stream).
    public func resumeWork() throws -> [VenueOutput] {
        try ledger.pendingOrders(session: book.session).filter { $0.isWorked && $0.side == .buy }.flatMap { order -> [VenueOutput] in
            guard try ledger.orderVenue(clientOrderID: order.clientOrderID) == name else { return [] }
            return try work(order)
        }
    }

    /// When the next slice of any worked entry is due; nil when none is worked.
    public var nextWorkDue: Timestamp? { worked.compactMap(\.nextDue).min() }

    /// Sends every slice now due, ends the orders whose slices are all done
    /// or whose limits were passed. Called after each input line and
    /// whenever the input is quiet until the next slice is due.
    public func workDue() throws -> [VenueOutput] {
        guard let due = nextWorkDue, due <= clock.now() else { return [] }
        var outputs: [VenueOutput] = []
        var kept: [WorkedOrder] = []
        for var work in worked {
            let now = clock.now()
            let entry = try ledger.openPositions(session: book.session).first { $0.symbol == work.parent.symbol }?.entryClientOrderID
            guard try work.isStillWorked(ledger, positionEntry: entry, at: now) else { continue }
            var ended = false
            while !ended, let due = work.nextDue, due <= now {
                outputs += try workSlice(&work, at: now)
                ended = try work.endIfOver(ledger, settings: config.execution, at: now)
            }
            if !ended { ended = try work.endIfOver(ledger, settings: config.execution, at: now) }
            if !ended { kept.append(work) }
        }
        worked = kept
        return outputs
    }

    public func finishWork(_ each: ([VenueOutput]) throws -> Void) throws {
        if !worked.isEmpty {
            logger.info("input ended: finishing \(worked.count) worked order\(worked.count == 1 ? "" : "s") (\(worked.map { "\($0.parent.algorithm.rawValue) \($0.id)" }.joined(separator: ", ")))")
        }
        while let due = nextWorkDue {
            pause(Int(max(0, due.milliseconds - clock.now().milliseconds)))
            try each(try workDue())
        }
    }

    /// One slice: sized by the algorithm's rules (`WorkedOrder.sliceQuantity`),
    /// recorded under its own id, sent (an iceberg slice as a limit IOC at
    /// the touch), and its result counted; the position's protection follows
    /// each slice that bought. A slice recorded by a run that crashed is
    /// looked up instead of sent.
    private func workSlice(_ work: inout WorkedOrder, at now: Timestamp) throws -> [VenueOutput] {
        let index = work.next
        let parent = work.parent
        defer { work.advance() }
        guard let symbolRules = rules[parent.symbol] else { return [] }
        var child = work.child(index, session: book.session, quantity: work.plan.quantities[index])
        child.ts = now
        var outputs: [VenueOutput] = []
        if let status = try ledger.orderStatus(clientOrderID: child.clientOrderID) {
            if status == .new { outputs += try resolve(child, positionID: parent.clientOrderID) }
        } else {
            let capped = WorkedOrder.volumeShare(parent.algorithm, config.execution) != nil
            let ask = parent.algorithm == .iceberg || capped ? try touch(parent.symbol).ask : nil
            let filters = symbolRules.marketFilters
            let volume = capped ? try tradedVolume(parent.symbol, since: work.lastSliceAt, now: now) : nil
            child.quantity = work.sliceQuantity(ask: ask ?? parent.referencePrice, volume: volume, bought: 0, settings: config.execution,
                                                step: filters.stepSize, minNotional: filters.minNotional)
            // Nothing the exchange would take (the volume cap): carried to the next slice, not a failure.
            if child.quantity == 0 { return [] }
            // Each iceberg slice is a limit at the touch, immediate-or-cancel.
            let limit = parent.algorithm == .iceberg ? ask.map { symbolRules.roundPrice($0, side: .buy) } : nil
            try ledger.recordSlice(child, parent: parent.clientOrderID, slice: index + 1, total: work.plan.quantities.count, venue: name, at: now)
            work.lastSliceAt = now
            outputs += try send(child, limit: limit, positionID: parent.clientOrderID)
        }
        let state = try ledger.execution(clientOrderID: child.clientOrderID)
        work.record(quantity: state?.quantity ?? 0, price: state?.averagePrice)
        if (state?.quantity ?? 0) > 0 { outputs += guardProtection(parent.symbol, at: now) }
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

    /// The volume the market traded since the last slice (closed minutes),
    /// or in the last closed minute for a first slice: what TWAP's share and
    /// VWAP's participation are measured against.
    func tradedVolume(_ symbol: String, since last: Timestamp?, now: Timestamp) throws -> Decimal? {
        let minutes = last.map { Int(min(60, max(1, (now.milliseconds - $0.milliseconds) / 60_000 + 1))) } ?? 1
        let rows = try call { try await $0.klines(symbol: symbol, interval: "1m", start: nil, end: nil, limit: minutes + 1) }
        // Closed minutes only (the newest kline may still be forming).
        let closed = (rows.array ?? []).filter { ($0.array?[6].integer ?? .max) < now.milliseconds }
        let counted = last.map { since in closed.filter { ($0.array?[6].integer ?? 0) >= since.milliseconds } } ?? Array(closed.suffix(1))
        let volumes = (counted.isEmpty ? Array(closed.suffix(1)) : counted).compactMap { $0.array?[5].decimal }
        return volumes.isEmpty ? nil : volumes.reduce(0, +)
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
