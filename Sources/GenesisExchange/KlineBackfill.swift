import Foundation
import Logging
import GenesisBinance
import GenesisDomain
import GenesisStore

/// `gen-fetch klines`: REST backfill of closed candles, 1000 per page,
/// resuming after the newest stored candle when no start is given.
public struct KlineBackfill: Sendable {
    let gateway: BinanceGateway
    let candles: CandleRepository & CandleHistory
    let logger: Logger
    /// Progress lines on stderr (only when it is a terminal).
    let showProgress: Bool

    public init(gateway: BinanceGateway, candles: CandleRepository & CandleHistory, logger: Logger, showProgress: Bool) {
        self.gateway = gateway
        self.candles = candles
        self.logger = logger
        self.showProgress = showProgress
    }

    public struct Report: Sendable, Equatable {
        public var fetched = 0
        public var inserted = 0
    }

    /// One kline array (`[openTime, "o", "h", "l", "c", "v", closeTime, "q", n, "V", "Q", "0"]`).
    static func row(_ value: JSONValue) -> KlineRow? {
        guard let items = value.array, items.count >= 11, let openTime = items[0].integer,
              let open = items[1].string, let high = items[2].string, let low = items[3].string, let close = items[4].string, let volume = items[5].string
        else { return nil }
        func trimmed(_ text: String?) -> String? { text.flatMap { Decimal.parse($0)?.plainText } }
        return KlineRow(openTime: openTime, open: trimmed(open) ?? open, high: trimmed(high) ?? high, low: trimmed(low) ?? low, close: trimmed(close) ?? close,
                        volume: trimmed(volume) ?? volume, quoteVolume: trimmed(items[7].string), trades: items[8].integer,
                        takerBuyBase: trimmed(items[9].string), takerBuyQuote: trimmed(items[10].string))
    }

    public func run(symbol: String, interval: Interval, from: Timestamp?, to: Timestamp?, now: Timestamp = .now()) async throws -> Report {
        var report = Report()
        let end = min(to?.milliseconds ?? now.milliseconds, now.milliseconds)
        var start = try from?.milliseconds ?? candles.lastOpenTime(symbol: symbol, interval: interval).map { $0 + interval.milliseconds }
            ?? (end - 30 * Timestamp.millisecondsPerDay)
        while start < end {
            let page: JSONValue
            do {
                page = try await gateway.klines(symbol: symbol, interval: interval.name, start: start, end: end - 1, limit: 1000)
            } catch {
                throw GenesisError.exchange(error)
            }
            // Only closed candles: one still open would be stored half-made.
            let rows = (page.array ?? []).compactMap(Self.row).filter { $0.openTime + interval.milliseconds <= now.milliseconds }
            guard let last = rows.last else { break }
            report.fetched += rows.count
            report.inserted += try candles.insertCandles(symbol: symbol, interval: interval, rows: rows).inserted
            start = last.openTime + interval.milliseconds
            if showProgress {
                FileHandle.standardError.write(Data("\r\(symbol) \(interval): \(report.fetched) candles, up to \(Timestamp(milliseconds: last.openTime).iso8601)".utf8))
            }
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        return report
    }
}
