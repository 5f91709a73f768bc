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
}

public struct TaxReport: Sendable {
    public var rows: [TaxRow] = []
    /// Sold quantity that no recorded purchase covers (bought before the records began).
    public var unmatched: [String: Decimal] = [:]

    struct Lot {
        var acquired: Timestamp
        var quantity: Decimal
        var unitCost: Decimal
    }

    /// Matches every fill in time order; only rows dated in `year` (UTC) are kept,
    /// though earlier purchases still supply their lots.
    public init(fills: [TaxFill], method: LotMethod, year: Int?) {
        var lots: [String: [Lot]] = [:]
        for fill in fills.sorted(by: { ($0.time, $0.tradeID) < ($1.time, $1.tradeID) }) {
            let inYear = year.map { Int(fill.time.utcDate.prefix(4)) == $0 } ?? true
            switch fill.side {
            case .buy:
                let received = fill.feeAsset == fill.baseAsset ? fill.quantity - fill.fee : fill.quantity
                let cost = fill.price * fill.quantity + (fill.feeAsset == fill.quoteAsset ? fill.fee : 0)
                if received > 0 { lots[fill.symbol, default: []].append(Lot(acquired: fill.time, quantity: received, unitCost: cost / received)) }
                if inYear { rows.append(TaxRow(fill: fill, quantity: fill.quantity, fee: fill.fee)) }
            case .sell:
                var remaining = fill.quantity
                let netPerUnit = fill.price - (fill.feeAsset == fill.quoteAsset ? fill.fee / fill.quantity : 0)
                while remaining > 0, var open = lots[fill.symbol], !open.isEmpty {
                    let index: Int
                    switch method {
                    case .fifo: index = 0
                    case .lifo: index = open.count - 1
                    case .hifo: index = open.indices.max { open[$0].unitCost < open[$1].unitCost || (open[$0].unitCost == open[$1].unitCost && $0 > $1) }!
                    }
                    let taken = min(remaining, open[index].quantity)
                    let basis = (taken * open[index].unitCost).rounded(scale: 8, .plain)
                    let proceeds = (taken * netPerUnit).rounded(scale: 8, .plain)
                    if inYear {
                        rows.append(TaxRow(fill: fill, quantity: taken, fee: (fill.fee * taken / fill.quantity).rounded(scale: 8, .plain), lotAcquired: open[index].acquired, costBasis: basis, proceeds: proceeds,
                                           realized: proceeds - basis, holdingDays: (fill.time.milliseconds - open[index].acquired.milliseconds) / Timestamp.millisecondsPerDay))
                    }
                    open[index].quantity -= taken
                    if open[index].quantity == 0 { open.remove(at: index) }
                    lots[fill.symbol] = open
                    remaining -= taken
                }
                if remaining > 0 {
                    unmatched[fill.symbol, default: 0] += remaining
                    if inYear {
                        rows.append(TaxRow(fill: fill, quantity: remaining, fee: (fill.fee * remaining / fill.quantity).rounded(scale: 8, .plain),
                                           proceeds: (remaining * netPerUnit).rounded(scale: 8, .plain)))
                    }
                }
            }
        }
    }

    public var totalRealized: Decimal { rows.compactMap(\.realized).reduce(0, +) }

    public static let csvHeader = "time,pair,side,quantity,price,fee,fee_asset,trade_id,lot_acquired,cost_basis,proceeds,realized_pnl,holding_days"

    public func csv() -> String {
        var lines = [Self.csvHeader]
        for row in rows {
            let fill = row.fill
            lines.append([fill.time.iso8601, fill.symbol, fill.side.rawValue, row.quantity.plainText, fill.price.plainText,
                          row.fee.plainText, fill.feeAsset, fill.tradeID,
                          row.lotAcquired?.iso8601 ?? "", row.costBasis?.plainText ?? "", row.proceeds?.plainText ?? "",
                          row.realized?.plainText ?? "", row.holdingDays.map(String.init) ?? ""].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
