import Foundation

/// `gen-report tax` (DESIGN §8): every fill, and each sale matched against the
/// purchase lots it used up — FIFO by default, LIFO or HIFO on request — with
/// its cost basis, proceeds, realised profit or loss and holding period, all
/// in the report currency (the account's quote asset).
///
/// Fees: a fee in the quote asset adds to a purchase's cost and reduces a
/// sale's proceeds; a fee in the base asset (Binance's default on buys)
/// reduces the quantity a purchase delivers; a fee in any other asset (BNB)
/// is valued at its price at the time and counts like a quote fee.
///
/// Cross pairs: a fill of a pair not quoted in the report currency (ETHBTC)
/// is valued at the quote asset's price in the report currency at the time
/// of the fill (`TaxFill.quoteValue`), and the source of every such price is
/// kept on the row; a fill no stored price values is listed without a cost
/// or proceeds and kept out of the totals, never valued at a guess.
public enum LotMethod: String, Sendable, CaseIterable {
    case fifo = "FIFO"
    case lifo = "LIFO"
    /// Highest cost first: the lot with the highest unit cost is sold first.
    case hifo = "HIFO"
}

/// One fill as the exchange (or the paper venue) reported it, with the
/// prices that value it in the report currency.
public struct TaxFill: Sendable, Equatable {
    public var time: Timestamp
    public var symbol: String
    public var baseAsset: String
    public var quoteAsset: String
    public var side: Side
    public var quantity: Decimal
    public var price: Decimal
    public var fee: Decimal
    public var feeAsset: String
    public var tradeID: String
    /// The report currency one unit of the quote asset was worth at the
    /// fill: 1 when the pair is quoted in the report currency, a stored
    /// price otherwise, nil when none is stored.
    public var quoteValue: Decimal?
    /// The report currency one unit of a fee asset that is neither of the
    /// pair's (BNB) was worth at the fill; nil when not needed or not stored.
    public var feeAssetValue: Decimal?
    /// Where the prices other than 1 came from, e.g. "BTCUSDT 1m close of
    /// 2024-03-01T12:34:00Z"; empty when none was needed.
    public var valuation: String

    public init(time: Timestamp, symbol: String, baseAsset: String, quoteAsset: String, side: Side, quantity: Decimal, price: Decimal,
                fee: Decimal, feeAsset: String, tradeID: String, quoteValue: Decimal? = 1, feeAssetValue: Decimal? = nil, valuation: String = "") {
        self.time = time
        self.symbol = symbol
        self.baseAsset = baseAsset
        self.quoteAsset = quoteAsset
        self.side = side
        self.quantity = quantity
        self.price = price
        self.fee = fee
        self.feeAsset = feeAsset
        self.tradeID = tradeID
        self.quoteValue = quoteValue
        self.feeAssetValue = feeAssetValue
        self.valuation = valuation
    }

    /// Whether a price other than 1 enters the figures, which are then
    /// rounded to 8 places (a product of two prices need not end).
    /// (Comparisons in exact integers, `compareExactly`: the same answers as Foundation's, per fill of 100,000.)
    var isRevalued: Bool {
        quoteValue.map { !$0.isEqualExactly(to: 1) } ?? true || (!fee.isZeroExactly && feeAsset != baseAsset && feeAsset != quoteAsset)
    }

    func valued(_ amount: Decimal) -> Decimal { isRevalued ? amount.rounded(scale: 8, .plain) : amount }

    /// What was traded, in the report currency: quantity × price × the
    /// quote's value.
    public var grossValue: Decimal? { quoteValue.map { valued(quantity.multipliedExactly(by: price).multipliedExactly(by: $0)) } }

    /// The fee in the report currency: a quote-asset fee at the quote's
    /// value, a base-asset fee at the fill's price, any other at its own
    /// stored price; nil when that price is missing.
    public var feeValue: Decimal? {
        if fee.isZeroExactly { return 0 }
        switch feeAsset {
        case quoteAsset: return quoteValue.map { valued(fee.multipliedExactly(by: $0)) }
        case baseAsset: return quoteValue.map { valued(fee.multipliedExactly(by: price).multipliedExactly(by: $0)) }
        default: return feeAssetValue.map { valued(fee.multipliedExactly(by: $0)) }
        }
    }

    /// Whether both `grossValue` and `feeValue` exist, told without computing them.
    var isValued: Bool {
        guard quoteValue != nil else { return false }
        return fee.isZeroExactly || feeAsset == quoteAsset || feeAsset == baseAsset || feeAssetValue != nil
    }
}

/// A row of the tax report: a purchase, or the part of a sale matched to one lot.
public struct TaxRow: Sendable, Equatable {
    public var fill: TaxFill
    /// For a sale: the quantity taken from `lotAcquired`'s lot.
    public var quantity: Decimal
    /// The fill's fee, shared among the lots a sale used in proportion to quantity.
    public var fee: Decimal
    public var lotAcquired: Timestamp?
    public var costBasis: Decimal?
    public var proceeds: Decimal?
    public var realized: Decimal?
    public var holdingDays: Int64?
    /// For a matched sale: held long enough to be long-term (`HoldingPeriod`).
    public var longTerm: Bool?
}

/// The rule that makes a disposal long-term (`tax.longTermDays`): sold on a
/// UTC date after the anniversary of the acquisition date (held more than
/// one year; a 29 February purchase has its anniversary on 28 February), or
/// more than a number of calendar days after it.
public struct HoldingPeriod: Sendable, Equatable {
    public var longTermDays: Int?

    public init(longTermDays: Int? = nil) { self.longTermDays = longTermDays }

    public func isLongTerm(acquired: Timestamp, sold: Timestamp) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let bought = calendar.startOfDay(for: acquired.date), disposed = calendar.startOfDay(for: sold.date)
        if let days = longTermDays {
            return (calendar.dateComponents([.day], from: bought, to: disposed).day ?? 0) > days
        }
        guard let anniversary = calendar.date(byAdding: .year, value: 1, to: bought) else { return false }
        return disposed > anniversary
    }

    public var description: String {
        longTermDays.map { "long-term: held more than \($0) days" } ?? "long-term: sold after the first anniversary of the purchase date"
    }
}

public struct TaxReport: Sendable {
    public var rows: [TaxRow] = []
    /// Sold quantity, in the report's year, that no recorded purchase covers
    /// (bought before the records began).
    public var unmatched: [String: Decimal] = [:]
    /// Fills of the report's year, by symbol, that no stored price values in
    /// the report currency (a cross pair's quote or a BNB fee without candles).
    public var unvalued: [String: Int] = [:]
    /// What is still held after the last fill given, by symbol: the quantity
    /// and its cost (nil when part of it could not be valued).
    public var heldLots: [String: (quantity: Decimal, cost: Decimal?)] = [:]

    /// A purchase still held: its quantity and its whole cost, so a lot sold
    /// in parts hands out exactly its cost (the last part takes what is left)
    /// instead of a rounded unit cost times each part. The cost is nil when
    /// the purchase could not be valued.
    struct Lot {
        var acquired: Timestamp
        var quantity: Decimal
        var cost: Decimal?
        /// For HIFO; an unvalued lot ranks as the cheapest.
        var unitCost: Decimal { cost.map { $0 / quantity } ?? -1 }

        /// The cost of `taken` of this lot: all that is left when it is all of it.
        func cost(of taken: Decimal) -> Decimal? {
            cost.map { taken.isEqualExactly(to: quantity) ? $0 : ($0 * taken / quantity).rounded(scale: 8, .plain) }
        }
    }

    /// Matches every fill in the order it happened: by time, and fills of
    /// the same millisecond in the order given, which is the order they were
    /// booked (`Store.taxFills`): an exit and the next entry on one candle,
    /// or the trades of one market order at several prices, keep their real
    /// order (trade ids compared as text would put `-100` before `-99`).
    /// Only rows dated in `year` (UTC) are kept, though earlier purchases
    /// still supply their lots (`restricted(to:)`); `year` nil keeps every row.
    public init(fills: [TaxFill], method: LotMethod, year: Int?, holding: HoldingPeriod = HoldingPeriod()) {
        var lots: [String: [Lot]] = [:]
        // Usually given in time order already (`Store.taxFills` reads them so): then no sort.
        let booked = fills.stableOrderIfUnsorted { fills[$0].time }.map { $0.map { fills[$0] } } ?? fills
        // A row per purchase and at least one per sale: room for them up front (growing 100,000 rows copied them several times).
        rows.reserveCapacity(booked.count)
        for fill in booked {
            let fee = fill.feeValue, gross = fill.grossValue
            if fee == nil || gross == nil { unvalued[fill.symbol, default: 0] += 1 }
            switch fill.side {
            case .buy:
                // A base-asset fee is taken from what is bought, so it is in the quantity, not the cost.
                let received = fill.feeAsset == fill.baseAsset ? fill.quantity.subtractingExactly(fill.fee) : fill.quantity
                let cost = gross.flatMap { gross in fill.feeAsset == fill.baseAsset ? gross : fee.map { gross.addingExactly($0) } }
                if received.isAboveZero { lots[fill.symbol, default: []].append(Lot(acquired: fill.time, quantity: received, cost: cost)) }
                rows.append(TaxRow(fill: fill, quantity: fill.quantity, fee: fill.fee))
            case .sell:
                // The fill's own fee and net proceeds, handed out to the lots it
                // used in proportion, the last share taking what is left: the
                // shares add up to the fill exactly.
                let net = gross.flatMap { gross in fee.map { gross.subtractingExactly($0) } }
                var feeLeft = fill.fee, proceedsLeft = net
                var remaining = fill.quantity
                func share(_ taken: Decimal) -> (fee: Decimal, proceeds: Decimal?) {
                    guard taken.isExactlyLess(than: remaining) else { return (feeLeft, proceedsLeft) }
                    return ((fill.fee * taken / fill.quantity).rounded(scale: 8, .plain), net.map { ($0 * taken / fill.quantity).rounded(scale: 8, .plain) })
                }
                // The symbol's lots taken out while the sale uses them, so they are changed in place
                // (a copy held in the dictionary meanwhile made every sale copy them).
                var open = lots.removeValue(forKey: fill.symbol) ?? []
                // Comparisons in exact integers (`compareExactly`), as Foundation's answer them.
                while remaining.isAboveZero, !open.isEmpty {
                    let index: Int
                    switch method {
                    case .fifo: index = 0
                    case .lifo: index = open.count - 1
                    case .hifo: index = open.indices.max { open[$0].unitCost < open[$1].unitCost || (open[$0].unitCost == open[$1].unitCost && $0 > $1) }!
                    }
                    // `min(remaining, quantity)`: the quantity when it is below, else the remaining.
                    let taken = open[index].quantity.isExactlyLess(than: remaining) ? open[index].quantity : remaining
                    let basis = open[index].cost(of: taken)
                    let (feeShare, proceeds) = share(taken)
                    rows.append(TaxRow(fill: fill, quantity: taken, fee: feeShare, lotAcquired: open[index].acquired, costBasis: basis, proceeds: proceeds,
                                       realized: basis.flatMap { basis in proceeds.map { $0.subtractingExactly(basis) } },
                                       holdingDays: (fill.time.milliseconds - open[index].acquired.milliseconds) / Timestamp.millisecondsPerDay,
                                       longTerm: holding.isLongTermFast(acquired: open[index].acquired, sold: fill.time)))
                    open[index].cost = open[index].cost.flatMap { cost in basis.map { cost.subtractingExactly($0) } }
                    open[index].quantity = open[index].quantity.subtractingExactly(taken)
                    if open[index].quantity.isZeroExactly { open.remove(at: index) }
                    remaining = remaining.subtractingExactly(taken)
                    feeLeft = feeLeft.subtractingExactly(feeShare)
                    proceedsLeft = proceedsLeft.flatMap { left in proceeds.map { left.subtractingExactly($0) } }
                }
                lots[fill.symbol] = open
                if remaining.isAboveZero {
                    unmatched[fill.symbol, default: 0] += remaining
                    rows.append(TaxRow(fill: fill, quantity: remaining, fee: feeLeft, proceeds: proceedsLeft))
                }
            }
        }
        for (symbol, open) in lots where !open.isEmpty {
            heldLots[symbol] = (open.map(\.quantity).reduce(0, +), open.reduce(Decimal(0) as Decimal?) { total, lot in total.flatMap { t in lot.cost.map { t + $0 } } })
        }
        if let year { self = restricted(to: year) }
    }

    /// The rows dated in `year` (UTC), with the unmatched and unvalued fills
    /// of that year only; what is held stays as after the last fill given.
    /// The lots were matched over every fill, so a year's rows are the same
    /// whether it is asked alone or cut from the whole history.
    public func restricted(to year: Int) -> TaxReport {
        var report = self
        // Counted first, so the year's rows are copied once into room made for them.
        let inYear = { (row: TaxRow) in ReportText.year(row.fill.time) == year }
        report.rows = []
        report.rows.reserveCapacity(rows.reduce(0) { $0 + (inYear($1) ? 1 : 0) })
        for row in rows where inYear(row) { report.rows.append(row) }
        report.unmatched = [:]
        report.unvalued = [:]
        var fills = Set<String>()
        for row in report.rows {
            if row.fill.side == .sell, row.lotAcquired == nil { report.unmatched[row.fill.symbol, default: 0] += row.quantity }
            if !row.fill.isValued, fills.insert(row.fill.tradeID).inserted {
                report.unvalued[row.fill.symbol, default: 0] += 1
            }
        }
        return report
    }

    public var totalRealized: Decimal { DecimalSum.of(rows.compactMap(\.realized)) }

    public static let csvHeader = "time,pair,side,quantity,price,fee,fee_asset,trade_id,lot_acquired,cost_basis,proceeds,realized_pnl,holding_days,term,valuation"

    public func csv() -> String {
        // One byte buffer grown in place; times and amounts written into it by `ReportText` (the same text, without
        // a Calendar, a `description` or a `String` per field).
        var out: [UInt8] = Array(Self.csvHeader.utf8)
        out.append(UInt8(ascii: "\n"))
        out.reserveCapacity(rows.count * 160)
        let comma = UInt8(ascii: ",")
        func text(_ value: String) {
            out.append(contentsOf: value.utf8)
            out.append(comma)
        }
        func plain(_ value: Decimal?) {
            if let value { ReportText.write(plain: value, to: &out) }
            out.append(comma)
        }
        func time(_ value: Timestamp?) {
            value?.write(iso8601: &out)
            out.append(comma)
        }
        for row in rows {
            let fill = row.fill
            time(fill.time)
            text(fill.symbol)
            text(fill.side.rawValue)
            plain(row.quantity)
            plain(fill.price)
            plain(row.fee)
            text(fill.feeAsset)
            text(fill.tradeID)
            time(row.lotAcquired)
            plain(row.costBasis)
            plain(row.proceeds)
            plain(row.realized)
            text(row.holdingDays.map(String.init) ?? "")
            text(row.longTerm.map { $0 ? "LONG" : "SHORT" } ?? "")
            out.append(contentsOf: fill.valuation.utf8)
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }
}
