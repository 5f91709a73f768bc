import Foundation
import GenesisDomain

/// MAINTENANCE (DESIGN §7): the exchange's own word, from the
/// `exchange_status` lines `gen-fetch stream` writes (docs/PROTOCOL.md §8.11).
///
/// - A symbol going into maintenance gets its `market_state` MAINTENANCE at
///   once, one line per series (symbol and interval) already running, or one
///   without an interval when none runs yet, so gen-risk refuses its entries
///   before the next candle (a 1h candle may be most of an hour away).
/// - While it lasts, the classifier keeps reading the bars (its history stays
///   whole) but says MAINTENANCE, and no signal of the symbol is written:
///   no strategy trades it, and the exchange would refuse the orders anyway.
/// - When it ends, each series writes the state its next bar gives (the
///   market after a maintenance is judged on a bar after it); a line written
///   without an interval is lifted at once by a NORMAL one without interval.
extension SignalStage {
    mutating func handleStatus(_ line: JSONLine, writer: LineWriter) throws {
        let status = try ExchangeStatus(line: line)
        let ts = try line.timestamp()
        writer.write(line.bytes, newline: true)
        let symbol = status.symbol
        guard status.maintenance != maintenance.contains(symbol) else { return }
        if !status.maintenance {
            maintenance.remove(symbol)
            if maintenanceWithoutInterval.remove(symbol) != nil { writer.write(Self.stateWithoutInterval(.normal, symbol: symbol, ts: ts)) }
            return
        }
        maintenance.insert(symbol)
        let running = seriesRunning(for: symbol)
        if running.isEmpty {
            maintenanceWithoutInterval.insert(symbol)
            writer.write(Self.stateWithoutInterval(.maintenance, symbol: symbol, ts: ts))
        }
        for (interval, current) in running where current.lastState != .maintenance {
            current.lastState = .maintenance
            let last = current.classifier.last
            writer.write(MarketStateClassifier.Reading(state: .maintenance, atrPercentile: last.atrPercentile, volumeZScore: last.volumeZScore)
                .encoded(symbol: symbol, interval: interval, ts: ts))
        }
    }

    /// The symbol's series, by interval name, in interval order: those of the
    /// candles given and those of configured timeframes.
    func seriesRunning(for symbol: String) -> [(String, Series)] {
        var found: [(Interval, Series)] = []
        for key in candleKeys.values where key.symbol == symbol {
            if let current = key.series { found.append((key.interval, current)) }
        }
        for lane in timeframeLanes(of: symbol) { found.append((lane.timeframe, lane.series)) }
        return found.sorted { $0.0.milliseconds < $1.0.milliseconds }.map { ($0.0.name, $0.1) }
    }

    /// A `market_state` line without `interval`: gen-risk judges a signal
    /// without one (a book strategy's) by the symbol's latest state.
    static func stateWithoutInterval(_ state: MarketState, symbol: String, ts: Timestamp) -> [UInt8] {
        var line = JSONLineBuilder(type: .marketState, ts: ts)
        line.field("symbol", symbol)
        line.field("state", state.rawValue)
        return line.finishBytes()
    }
}
