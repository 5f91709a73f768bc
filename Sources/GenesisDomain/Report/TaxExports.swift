import Foundation

/// The files `gen-report tax --export` writes for the tools traders file
/// with (docs/METRICS.md §7 cites each template's columns):
///
/// - `koinly`: Koinly's "Universal" custom CSV — one row per trade with the
///   amount sent and received, each in its own currency, the fee and its
///   currency, dates as `YYYY-MM-DD HH:MM:SS UTC`.
/// - `cointracker`: CoinTracker's CSV template — the eight columns it
///   requires, in its order, dates as `MM/DD/YYYY HH:MM:SS` (UTC).
/// - `disposals`: a plain report of every disposal, one row per lot a sale
///   used (the columns of a capital-gains schedule: what, acquired, sold,
///   proceeds, cost basis, gain, term), in the report currency.
///
/// The two tools compute their own lots from the trades, so their files
/// carry every fill of the year as the exchange reported it: gross amounts
/// (quantity and quantity × price) with the fee apart, which both deduct
/// from the balance of the fee's currency.
public enum TaxExport: String, Sendable, CaseIterable {
    case koinly, cointracker, disposals

    public static let koinlyHeader = "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,Fee Amount,Fee Currency,Net Worth Amount,Net Worth Currency,Label,Description,TxHash"
    public static let coinTrackerHeader = "Date,Received Quantity,Received Currency,Sent Quantity,Sent Currency,Fee Amount,Fee Currency,Tag"
    public static let disposalsHeader = "asset,quantity,date_acquired,date_sold,proceeds,cost_basis,gain,term,holding_days,currency,pair,trade_id,valuation"

    /// The file for `report`'s year; `currency` names the report currency of
    /// the disposals' figures.
    public func file(_ report: TaxReport, currency: String) -> String {
        var lines: [String]
        switch self {
        case .koinly:
            lines = [Self.koinlyHeader] + report.trades.map { trade in
                [Self.koinlyDate(trade.fill.time), trade.sent.amount.plainText, trade.sent.asset, trade.received.amount.plainText, trade.received.asset,
                 trade.fill.fee == 0 ? "" : trade.fill.fee.plainText, trade.fill.fee == 0 ? "" : trade.fill.feeAsset, "", "", "",
                 "GENESIS \(trade.fill.symbol) \(trade.fill.side.rawValue)", trade.fill.tradeID].map(Self.field).joined(separator: ",")
            }
        case .cointracker:
            lines = [Self.coinTrackerHeader] + report.trades.map { trade in
                [Self.coinTrackerDate(trade.fill.time), trade.received.amount.plainText, trade.received.asset, trade.sent.amount.plainText, trade.sent.asset,
                 trade.fill.fee == 0 ? "" : trade.fill.fee.plainText, trade.fill.fee == 0 ? "" : trade.fill.feeAsset, ""].map(Self.field).joined(separator: ",")
            }
        case .disposals:
            lines = [Self.disposalsHeader] + report.rows.filter { $0.fill.side == .sell }.map { row in
                [row.fill.baseAsset, row.quantity.plainText, row.lotAcquired.map { $0.utcDate } ?? "", row.fill.time.utcDate,
                 row.proceeds?.plainText ?? "", row.costBasis?.plainText ?? "", row.realized?.plainText ?? "",
                 row.longTerm.map { $0 ? "LONG" : "SHORT" } ?? "", row.holdingDays.map(String.init) ?? "", currency, row.fill.symbol, row.fill.tradeID,
                 row.lotAcquired == nil ? "no recorded purchase" : row.fill.valuation].map(Self.field).joined(separator: ",")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func koinlyDate(_ time: Timestamp) -> String {
        let iso = time.iso8601 // 2024-03-01T12:34:56.789Z
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8)) + " UTC"
    }

    static func coinTrackerDate(_ time: Timestamp) -> String {
        let iso = time.iso8601
        let parts = iso.prefix(10).split(separator: "-")
        return "\(parts[1])/\(parts[2])/\(parts[0]) " + String(iso.dropFirst(11).prefix(8))
    }

    /// A CSV field, quoted when it holds a comma, a quote or a newline.
    static func field(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

/// One fill of the report's year as a trade: what left the account and
/// what came in, each in its own asset.
public struct TaxTrade: Sendable {
    public var fill: TaxFill
    public var sent: (asset: String, amount: Decimal)
    public var received: (asset: String, amount: Decimal)
}

extension TaxReport {
    /// How many fills the rows hold (`trades.count`, without building each trade's amounts).
    public var fillCount: Int {
        var seen = Set<String>(minimumCapacity: rows.count)
        for row in rows { seen.insert(row.fill.tradeID) }
        return seen.count
    }

    /// Every fill of the year once (a sale over several lots has several
    /// rows), in the order it happened.
    public var trades: [TaxTrade] {
        var seen = Set<String>()
        return rows.compactMap { row in
            let fill = row.fill
            guard seen.insert(fill.tradeID).inserted else { return nil }
            let base = (fill.baseAsset, fill.quantity), quote = (fill.quoteAsset, fill.quantity * fill.price)
            return fill.side == .buy ? TaxTrade(fill: fill, sent: quote, received: base) : TaxTrade(fill: fill, sent: base, received: quote)
        }
    }
}
