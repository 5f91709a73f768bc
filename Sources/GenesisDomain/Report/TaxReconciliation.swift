import Foundation

/// How a year's realised P&L in `gen-report tax` (sales matched to lots)
/// meets the summary's (positions closed in the year), to the cent, with
/// each difference named:
///
///     tax realised = positions closed in the year
///                  + sales in the year from positions still open at its end (partly sold)
///                  − sales in earlier years from positions closed in the year
///                  − fees in a third asset (BNB) of positions closed in the year, which the ledger does not book
///                  + lot matching and rounding on positions closed in the year
///                  + sales in the year that no position covers (hand-made, or before the records)
///                  + cross-pair sales in the year, valued in the report currency
///
/// The lot-matching line is what the method moves between positions: a
/// position closed whole has used all its lots, so it is zero to the cent
/// unless a sale took a lot another position left behind (dust). Cross
/// pairs (ETHBTC) are apart: the ledger counts their P&L in their own quote
/// asset, the tax report in the report currency at the time; the summary's
/// figure for them is stated, not added. What is still held at the year's
/// end is stated beside it, marked to market: unrealised, so in neither.
public struct TaxReconciliation: Sendable, Equatable {
    public var year: Int
    public var currency: String
    public var closedPositions: Int
    /// The summary's realised P&L of the positions closed in the year in the
    /// report currency, after every fee it books.
    public var closedPositionsPnL: Decimal
    public var stillOpenSales: Decimal
    public var earlierSales: Decimal
    public var thirdAssetFees: Decimal
    public var matching: Decimal
    public var outsidePositions: Decimal
    public var crossPairSales: Decimal
    /// Cross-pair positions closed in the year and the P&L the ledger gave
    /// them, in their own quote assets.
    public var crossPairPositions: Int
    public var crossPairLedgerPnL: Decimal
    public var taxRealized: Decimal

    /// `history`: the tax report over every fill up to the year's end
    /// (`TaxReport(year: nil)`), so earlier years' sales are in it.
    /// `positions`: the session's positions (`Store.positions`).
    public init(year: Int, currency: String, history: TaxReport, positions: [Position]) {
        self.init(year: year, currency: currency, history: history, positions: positions.map(PositionSpan.init))
    }

    /// The same from what it reads of each position, in the order they opened
    /// (`Store.positionSpans`: a report of 100,000 positions does not read
    /// every column of each).
    public init(year: Int, currency: String, history: TaxReport, positions: [PositionSpan]) {
        self.year = year
        self.currency = currency
        let inYear = { (time: Timestamp) in ReportText.year(time) == year }
        let crossSymbols = Set(history.rows.filter { $0.fill.quoteAsset != currency }.map(\.fill.symbol))
        // Which positions the year closed, as flags by index (a hashed set of 100,000 indices cost more than the rest).
        var ledger = [Bool](repeating: false, count: positions.count)
        var ledgerPnL = DecimalSum(), crossPnL = DecimalSum()
        var ledgerCount = 0, crossCount = 0
        for (index, position) in positions.enumerated() where position.closedAt.map(inYear) ?? false {
            if crossSymbols.contains(position.symbol) {
                crossCount += 1
                if let pnl = position.realizedPnL { crossPnL.add(pnl) }
            } else {
                ledger[index] = true
                ledgerCount += 1
                if let pnl = position.realizedPnL { ledgerPnL.add(pnl) }
            }
        }
        closedPositions = ledgerCount
        closedPositionsPnL = ledgerPnL.total
        crossPairPositions = crossCount
        crossPairLedgerPnL = crossPnL.total
        let owners = PositionTimeline(positions)
        // Exact integer sums where the amounts fit (`DecimalSum`): the same totals as adding `Decimal`s.
        var stillOpen = DecimalSum(), earlier = DecimalSum(), ofClosed = DecimalSum(), outside = DecimalSum(), crossSales = DecimalSum(),
            tax = DecimalSum(), third = DecimalSum()
        var feesSeen = Set<String>()
        for row in history.rows {
            let fill = row.fill, thisYear = inYear(fill.time)
            if crossSymbols.contains(fill.symbol) {
                if thisYear, fill.side == .sell, let realized = row.realized { tax.add(realized); crossSales.add(realized) }
                continue
            }
            let index = owners.owner(of: fill)
            // A fee in a third asset, once per fill, of a position the year closed.
            if let index, ledger[index], fill.feeAsset != fill.baseAsset, fill.feeAsset != fill.quoteAsset,
               feesSeen.insert(fill.tradeID).inserted, let fee = fill.feeValue {
                third.add(fee)
            }
            guard fill.side == .sell, let realized = row.realized else { continue }
            if thisYear { tax.add(realized) }
            guard let index else {
                if thisYear { outside.add(realized) }
                continue
            }
            if ledger[index] {
                ofClosed.add(realized)
                if !thisYear { earlier.add(realized) }
            } else if thisYear {
                stillOpen.add(realized)
            }
        }
        stillOpenSales = stillOpen.total
        earlierSales = earlier.total
        thirdAssetFees = third.total
        matching = ofClosed.total + third.total - closedPositionsPnL
        outsidePositions = outside.total
        crossPairSales = crossSales.total
        taxRealized = tax.total
    }

    /// The lines of the identity, for the text report and JSON.
    public var lines: [(key: String, label: String, amount: Decimal)] {
        [("closed_positions_pnl", "positions closed in \(year) (\(closedPositions), the summary's realised P&L in \(currency))", closedPositionsPnL),
         ("still_open_sales", "+ sales in \(year) from positions still open at its end", stillOpenSales),
         ("earlier_sales", "− sales before \(year) from positions closed in it", -earlierSales),
         ("third_asset_fees", "− fees paid in another asset (BNB), not booked by the ledger", -thirdAssetFees),
         ("matching", "+ lot matching and rounding", matching),
         ("outside_positions", "+ sales no position covers", outsidePositions),
         ("cross_pair_sales", "+ cross-pair sales valued in \(currency) (the summary: \(crossPairPositions) positions, \(crossPairLedgerPnL.plainText) in their quote assets)", crossPairSales),
         ("tax_realized", "= realised P&L of the tax report", taxRealized)]
    }
}

/// What the reconciliation reads of a position: its symbol, when it was
/// open, and the realised P&L the ledger gave it.
public struct PositionSpan: Sendable, Equatable {
    public var symbol: String
    public var openedAt: Timestamp
    public var closedAt: Timestamp?
    public var realizedPnL: Decimal?

    public init(symbol: String, openedAt: Timestamp, closedAt: Timestamp?, realizedPnL: Decimal?) {
        self.symbol = symbol
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.realizedPnL = realizedPnL
    }

    public init(_ position: Position) {
        self.init(symbol: position.symbol, openedAt: position.openedAt, closedAt: position.closedAt, realizedPnL: position.realizedPnL)
    }
}

/// Which position a fill belongs to: the one of its symbol open at its time.
/// A symbol holds one position at a time, so its positions are ordered by
/// opening and only those opened by the fill's time, back to the first that
/// closed before it, can hold it; on the millisecond an exit and a re-entry
/// share, a sale belongs to the position it closes and a purchase to the
/// one it opens.
struct PositionTimeline {
    /// Indices into the positions, by symbol, in opening order.
    let bySymbol: [String: [Int]]
    let positions: [PositionSpan]

    init(_ positions: [PositionSpan]) {
        self.positions = positions
        bySymbol = Dictionary(grouping: positions.indices, by: { positions[$0].symbol })
            .mapValues { $0.sorted { (positions[$0].openedAt, $0) < (positions[$1].openedAt, $1) } }
    }

    func owner(of fill: TaxFill) -> Int? {
        guard let indices = bySymbol[fill.symbol] else { return nil }
        // The first position opened after the fill (binary search), then back while they still cover it.
        var low = 0, high = indices.count
        while low < high {
            let middle = (low + high) / 2
            if positions[indices[middle]].openedAt <= fill.time { low = middle + 1 } else { high = middle }
        }
        var owner: Int?
        var cursor = low - 1
        while cursor >= 0, positions[indices[cursor]].closedAt.map({ $0 >= fill.time }) ?? true {
            owner = indices[cursor]
            if fill.side == .buy { break }
            cursor -= 1
        }
        return owner
    }
}
