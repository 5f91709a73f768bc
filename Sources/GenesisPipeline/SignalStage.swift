import Foundation
import GenesisDomain

/// `gen-signal`: market events in, the same events forwarded, and after each
/// one the lines it caused — the `market_state` line when a symbol's state
/// changes and the signals the running strategies raise.
///
/// - Candles feed the per-symbol strategies (one instance per symbol and
///   interval: momentum breakout, mean reversion), the cross-symbol ones (one
///   per interval: multi-pair rotation, one per configured pair: pairs
///   arbitrage) and the market-state classifier with its cross-pair
///   correlation check.
/// - Books feed the book strategies (simple arbitrage across its triangles,
///   spread capture and market making per symbol). They are read only when
///   one of those runs; otherwise they are forwarded untouched.
/// - `position` lines, when they come by, tell market making its inventory;
///   they are forwarded either way.
public struct SignalStage {
    let config: GenesisConfig
    let running: Set<String>
    /// Marks each signal with the database's MAC (`SignalKey`), so gen-risk
    /// can tell a strategy's signal from a hand-written one. Nil: unmarked
    /// (tests of the strategies alone), and gen-risk then judges them as manual.
    let provenance: SignalProvenance?
    private var series: [String: Series] = [:]
    private var books: [String: BookSeries] = [:]
    private var arbitrage: SimpleArbitrage?
    private var rotations: [String: MultiPairRotation] = [:]
    private var pairTrades: [String: [PairsArbitrage]] = [:]
    private var correlations: [String: CrossCorrelation] = [:]
    public private(set) var signalsEmitted = 0
    public private(set) var candlesSeen = 0
    public private(set) var booksSeen = 0

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

    /// One symbol's book strategies.
    final class BookSeries {
        var spreadCapture: SpreadCapture?
        var marketMaking: MarketMaking?

        init(spreadCapture: SpreadCapture?, marketMaking: MarketMaking?) {
            self.spreadCapture = spreadCapture
            self.marketMaking = marketMaking
        }
    }

    /// Looked up once: the candle path runs hundreds of thousands of times a second.
    let runsRotation: Bool
    let runsPairs: Bool

    public init(config: GenesisConfig, strategies: [String] = [MomentumBreakout.name], provenance: SignalProvenance? = nil) {
        self.config = config
        self.provenance = provenance
        running = Set(strategies)
        runsRotation = running.contains(MultiPairRotation.name)
        runsPairs = running.contains(PairsArbitrage.name)
        if running.contains(SimpleArbitrage.name) { arbitrage = SimpleArbitrage(settings: config.strategies.simpleArbitrage) }
    }

    var readsBooks: Bool { running.contains(SimpleArbitrage.name) || running.contains(SpreadCapture.name) || running.contains(MarketMaking.name) }

    public mutating func run(_ stage: inout StreamStage, reader: LineReader = LineReader(), writer: LineWriter) throws {
        let books = readsBooks
        let positions = running.contains(MarketMaking.name)
        try stage.run(reader: reader, writer: writer) { line, type, _ in
            switch type {
            case .candle:
                try handleCandle(line, writer: writer)
                return true
            case .book where books:
                try handleBook(line, writer: writer)
                return true
            case .position where positions:
                notePosition(line)
                return false
            default:
                return false
            }
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
        // The exact close is parsed only when a strategy needs it (a signal, or the cross-symbol strategies).
        let crossSymbol = runsRotation || runsPairs
        let exactClose: Decimal? = crossSymbol ? try line.decimal("close") : nil
        func close() throws -> Decimal { try exactClose ?? line.decimal("close") }
        // A rotation still waiting for a missing pair is decided, with its
        // own time, before a later candle goes out.
        if let rotation = rotations[interval]?.before(ts: bar.time), let strategy = rotations[interval] {
            for signal in strategy.signals(for: rotation) { try emit(signal, writer) }
        }
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
        let cross: CrossCorrelation
        if let existing = correlations[interval] {
            cross = existing
        } else {
            cross = CrossCorrelation(settings: config.strategies.crossCorrelation)
            correlations[interval] = cross
        }
        cross.update(symbol: symbol, ts: bar.time, close: bar.close)
        var reading = current.classifier.update(bar)
        reading.crossCorrelation = cross.average
        // PANIC needs the cross-pair spike too when there is a cross-pair
        // figure; a single symbol has none and keeps the per-symbol rule.
        if reading.state == .panic, cross.spike == false, let fallback = reading.panicFallback { reading.state = fallback }
        current.bars += 1
        // Only a classifier with its full history has something to say.
        let settings = config.strategies.marketState
        if current.bars >= settings.atrPeriod + settings.lookback, reading.state != current.lastState {
            current.lastState = reading.state
            writer.write(reading.encoded(symbol: symbol, interval: interval, ts: bar.time))
        }
        if let trigger = current.momentum?.update(bar), let strategy = current.momentum {
            try emit(strategy.signal(for: trigger, symbol: symbol, interval: interval, openTime: openTime, ts: bar.time, close: try close()), writer)
        }
        if let trigger = current.meanReversion?.update(bar), let strategy = current.meanReversion {
            try emit(strategy.signal(for: trigger, symbol: symbol, interval: interval, openTime: openTime, ts: bar.time, close: try close()), writer)
        }
        if runsRotation {
            let strategy: MultiPairRotation
            if let existing = rotations[interval] {
                strategy = existing
            } else {
                strategy = MultiPairRotation(settings: config.strategies.multiPairRotation, interval: interval, intervalMilliseconds: length)
                rotations[interval] = strategy
            }
            if let rotation = strategy.update(symbol: symbol, openTime: openTime, ts: bar.time, close: try close()) {
                for signal in strategy.signals(for: rotation) { try emit(signal, writer) }
            }
        }
        if runsPairs {
            let strategies: [PairsArbitrage]
            if let existing = pairTrades[interval] {
                strategies = existing
            } else {
                strategies = config.strategies.pairsArbitrage.pairs.map { PairsArbitrage(settings: config.strategies.pairsArbitrage, pair: $0, interval: interval) }
                pairTrades[interval] = strategies
            }
            for strategy in strategies where strategy.pair.first == symbol || strategy.pair.second == symbol {
                if let trigger = strategy.update(symbol: symbol, openTime: openTime, ts: bar.time, close: try close()) {
                    try emit(strategy.signal(for: trigger, ts: bar.time), writer)
                }
            }
        }
    }

    mutating func handleBook(_ line: JSONLine, writer: LineWriter) throws {
        let quote = try BookQuote(line: line)
        writer.write(line.bytes, newline: true)
        booksSeen += 1
        if arbitrage?.follows(quote.symbol) == true, let found = arbitrage?.update(quote), let strategy = arbitrage {
            for trigger in found { try emit(strategy.signal(for: trigger, ts: quote.ts), writer) }
        }
        guard running.contains(SpreadCapture.name) || running.contains(MarketMaking.name) else { return }
        let current = bookSeries(quote.symbol)
        if let trigger = current.spreadCapture?.update(quote), let strategy = current.spreadCapture {
            try emit(strategy.signal(for: trigger, quote: quote), writer)
        }
        if let requote = current.marketMaking?.update(quote), let strategy = current.marketMaking {
            for signal in strategy.signals(for: requote, book: quote) { try emit(signal, writer) }
        }
    }

    mutating func bookSeries(_ symbol: String) -> BookSeries {
        if let existing = books[symbol] { return existing }
        let settings = config.strategies
        let created = BookSeries(spreadCapture: running.contains(SpreadCapture.name) ? SpreadCapture(settings: settings.spreadCapture) : nil,
                                 marketMaking: running.contains(MarketMaking.name) ? MarketMaking(settings: settings.marketMaking) : nil)
        books[symbol] = created
        return created
    }

    /// A `position` line tells market making its inventory in that symbol. It
    /// is forwarded whatever it holds: a line gen-signal cannot read is
    /// someone else's to judge.
    mutating func notePosition(_ line: JSONLine) {
        guard let symbol = try? line.string("symbol"), let status = try? line.string("status"), let quantity = try? line.decimal("quantity"),
              let entry = try? line.decimal("entry_price"), let balance = try? line.decimal("balance") else { return }
        bookSeries(symbol).marketMaking?.note(status: status, quantity: quantity, entryPrice: entry, balance: balance)
    }

    private mutating func emit(_ signal: Signal, _ writer: LineWriter) throws {
        writer.write(try provenance?.sign(signal).encoded() ?? signal.encoded())
        signalsEmitted += 1
    }
}
