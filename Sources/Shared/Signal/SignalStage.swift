import Foundation

/// `gen-signal`: candles in, the same candles forwarded, and after each one
/// the `market_state` line when the symbol's state changes and the signals it
/// triggered. One instance of each running strategy per symbol and interval.
public struct SignalStage {
    let config: GenesisConfig
    let running: Set<String>
    private var series: [String: Series] = [:]
    public private(set) var signalsEmitted = 0
    public private(set) var candlesSeen = 0

    /// One symbol and interval: its classifier and strategies. A class, so
    /// the windows inside are updated in place, never copied per bar.
    final class Series {
        var classifier: MarketStateClassifier
        var lastState: MarketState?
        var bars = 0
        var momentum: MomentumBreakout?
        var meanReversion: MeanReversion?

        init(classifier: MarketStateClassifier, momentum: MomentumBreakout?, meanReversion: MeanReversion?) {
            self.classifier = classifier
            self.momentum = momentum
            self.meanReversion = meanReversion
        }
    }

    public init(config: GenesisConfig, strategies: [String] = [MomentumBreakout.name]) {
        self.config = config
        running = Set(strategies)
    }

    public mutating func run(_ stage: inout StreamStage, reader: LineReader = LineReader(), writer: LineWriter) throws {
        try stage.run(reader: reader, writer: writer) { line, type, _ in
            guard type == .candle else { return false }
            try handleCandle(line, writer: writer)
            return true
        }
    }

    func makeSeries() -> Series {
        let settings = config.strategies
        return Series(classifier: MarketStateClassifier(settings: settings.marketState),
                      momentum: running.contains(MomentumBreakout.name) ? MomentumBreakout(settings: settings.momentumBreakout) : nil,
                      meanReversion: running.contains(MeanReversion.name) ? MeanReversion(settings: settings.meanReversion) : nil)
    }

    mutating func handleCandle(_ line: JSONLine, writer: LineWriter) throws {
        let symbol = try line.string("symbol")
        try Symbol.validate(symbol)
        let interval = try line.string("interval")
        guard let length = Interval(interval)?.milliseconds else { throw LineError("interval '\(interval.prefix(10))' is not one of \(Interval.allowedNames)") }
        let openTime = try line.timestamp("open_time")
        let bar = try Bar(line: line)
        guard bar.time.milliseconds == openTime.milliseconds + length else { throw LineError("ts is not open_time + interval") }
        writer.write(line.bytes, newline: true)
        candlesSeen += 1
        let key = symbol + "|" + interval
        let current: Series
        if let existing = series[key] {
            current = existing
        } else {
            current = makeSeries()
            series[key] = current
        }
        let reading = current.classifier.update(bar)
        current.bars += 1
        // Only a classifier with its full history has something to say.
        let settings = config.strategies.marketState
        if current.bars >= settings.atrPeriod + settings.lookback, reading.state != current.lastState {
            current.lastState = reading.state
            writer.write(reading.encoded(symbol: symbol, interval: interval, ts: bar.time))
        }
        if let trigger = current.momentum?.update(bar), let strategy = current.momentum {
            emit(strategy.signal(for: trigger, symbol: symbol, interval: interval, openTime: openTime, ts: bar.time, close: try line.decimal("close")), writer)
        }
        if let trigger = current.meanReversion?.update(bar), let strategy = current.meanReversion {
            emit(strategy.signal(for: trigger, symbol: symbol, interval: interval, openTime: openTime, ts: bar.time, close: try line.decimal("close")), writer)
        }
    }

    private mutating func emit(_ signal: Signal, _ writer: LineWriter) {
        writer.write(signal.encoded())
        signalsEmitted += 1
    }
}
