import Foundation

/// `gen-report tax` (DESIGN §8): every fill, and each sale matched against the
/// purchase lots it used up — FIFO by default, LIFO or HIFO on request — with
/// its cost basis, proceeds, realised profit or loss and holding period.
///
/// Fees: a fee in the quote asset adds to a purchase's cost and reduces a
/// sale's proceeds; a fee in the base asset (Binance's default on buys)
/// reduces the quantity a purchase delivers; a fee in any other asset (BNB)
/// is listed but not valued here.
public enum LotMethod: String, Sendable, CaseIterable {
    case fifo = "FIFO"
    case lifo = "LIFO"
    /// Highest cost first: the lot with the highest unit cost is sold first.
    case hifo = "HIFO"
}

/// One fill as the exchange (or the paper venue) reported it.
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

    public init(time: Timestamp, symbol: String, baseAsset: String, quoteAsset: String, side: Side, quantity: Decimal, price: Decimal,
                fee: Decimal, feeAsset: String, tradeID: String) {
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

    /// A purchase still held: its quantity and its whole cost, so a lot sold
    /// in parts hands out exactly its cost (the last part takes what is left)
    /// instead of a rounded unit cost times each part.
    struct Lot {
        var acquired: Timestamp
        var quantity: Decimal
        var cost: Decimal
        var unitCost: Decimal { cost / quantity }

        /// The cost of `taken` of this lot: all that is left when it is all of it.
        func cost(of taken: Decimal) -> Decimal {
            taken == quantity ? cost : (cost * taken / quantity).rounded(scale: 8, .plain)
        }
    }

    /// Matches every fill in the order it happened: by time, and fills of
    /// the same millisecond in the order given, which is the order they were
    /// booked (`Store.taxFills`): an exit and the next entry on one candle,
    /// or the trades of one market order at several prices, keep their real
    /// order (trade ids compared as text would put `-100` before `-99`).
    /// Only rows dated in `year` (UTC) are kept, though earlier purchases
    /// still supply their lots.
    public init(fills: [TaxFill], method: LotMethod, year: Int?, holding: HoldingPeriod = HoldingPeriod()) {
        var lots: [String: [Lot]] = [:]
        let booked = fills.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        for fill in booked {
            let inYear = year.map { Int(fill.time.utcDate.prefix(4)) == $0 } ?? true
            switch fill.side {
            case .buy:
                let received = fill.feeAsset == fill.baseAsset ? fill.quantity - fill.fee : fill.quantity
                let cost = fill.price * fill.quantity + (fill.feeAsset == fill.quoteAsset ? fill.fee : 0)
                if received > 0 { lots[fill.symbol, default: []].append(Lot(acquired: fill.time, quantity: received, cost: cost)) }
                if inYear { rows.append(TaxRow(fill: fill, quantity: fill.quantity, fee: fill.fee)) }
            case .sell:
                // The fill's own fee and net proceeds, handed out to the lots it
                // used in proportion, the last share taking what is left: the
                // shares add up to the fill exactly.
                let quoteFee = fill.feeAsset == fill.quoteAsset ? fill.fee : 0
                var feeLeft = fill.fee, proceedsLeft = fill.price * fill.quantity - quoteFee
                var remaining = fill.quantity
                func share(_ taken: Decimal) -> (fee: Decimal, proceeds: Decimal) {
                    guard taken < remaining else { return (feeLeft, proceedsLeft) }
                    let fee = (fill.fee * taken / fill.quantity).rounded(scale: 8, .plain)
                    let proceeds = ((fill.price * fill.quantity - quoteFee) * taken / fill.quantity).rounded(scale: 8, .plain)
                    return (fee, proceeds)
                }
                while remaining > 0, var open = lots[fill.symbol], !open.isEmpty {
                    let index: Int
                    switch method {
                    case .fifo: index = 0
                    case .lifo: index = open.count - 1
                    case .hifo: index = open.indices.max { open[$0].unitCost < open[$1].unitCost || (open[$0].unitCost == open[$1].unitCost && $0 > $1) }!
                    }
                    let taken = min(remaining, open[index].quantity)
                    let basis = open[index].cost(of: taken)
                    let (fee, proceeds) = share(taken)
                    if inYear {
                        rows.append(TaxRow(fill: fill, quantity: taken, fee: fee, lotAcquired: open[index].acquired, costBasis: basis, proceeds: proceeds,
                                           realized: proceeds - basis, holdingDays: (fill.time.milliseconds - open[index].acquired.milliseconds) / Timestamp.millisecondsPerDay,
                                           longTerm: holding.isLongTerm(acquired: open[index].acquired, sold: fill.time)))
                    }
                    open[index].cost -= basis
                    open[index].quantity -= taken
                    if open[index].quantity == 0 { open.remove(at: index) }
                    lots[fill.symbol] = open
                    remaining -= taken
                    feeLeft -= fee
                    proceedsLeft -= proceeds
                }
                if remaining > 0, inYear {
                    unmatched[fill.symbol, default: 0] += remaining
                    rows.append(TaxRow(fill: fill, quantity: remaining, fee: feeLeft, proceeds: proceedsLeft))
                }
            }
        }
    }

    public var totalRealized: Decimal { rows.compactMap(\.realized).reduce(0, +) }

    public static let csvHeader = "time,pair,side,quantity,price,fee,fee_asset,trade_id,lot_acquired,cost_basis,proceeds,realized_pnl,holding_days,term"

    public func csv() -> String {
        var lines = [Self.csvHeader]
        for row in rows {
            let fill = row.fill
            lines.append([fill.time.iso8601, fill.symbol, fill.side.rawValue, row.quantity.plainText, fill.price.plainText,
                          row.fee.plainText, fill.feeAsset, fill.tradeID,
                          row.lotAcquired?.iso8601 ?? "", row.costBasis?.plainText ?? "", row.proceeds?.plainText ?? "",
                          row.realized?.plainText ?? "", row.holdingDays.map(String.init) ?? "",
                          row.longTerm.map { $0 ? "LONG" : "SHORT" } ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
