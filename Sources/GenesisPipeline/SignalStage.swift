import Foundation
import Logging
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
/// - A candle strategy with a configured timeframe (`strategies.<name>.timeframe`,
///   DESIGN §10 "Timeframes") runs on that interval's candles, built from the
///   finer candles given exactly as replay builds them (`CandleAggregator`).
///   The built candles are never written: the candles given go on to
///   gen-exec, whose paper venue resolves fills, stops and targets on them.
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
    /// Where a timeframe that cannot be built is reported (once); nil: nowhere.
    let logger: Logger?
    /// The symbols and intervals candles have named, with their series.
    var candleKeys = SymbolTable<CandleKey>()
    private var keyBytes: [UInt8] = []
    private var books: [String: BookSeries] = [:]
    private var arbitrage: SimpleArbitrage?
    private var rotations: [String: MultiPairRotation] = [:]
    private var pairTrades: [String: [PairsArbitrage]] = [:]
    private var correlations: [String: CrossCorrelation] = [:]
    public private(set) var signalsEmitted = 0
    /// Symbols the exchange has in maintenance (`exchange_status`, SignalStage+Maintenance.swift):
    /// their market state is MAINTENANCE and their signals are withheld.
    var maintenance: Set<String> = []
    /// Symbols whose MAINTENANCE went out without an interval (no series yet), to be lifted the same way.
    var maintenanceWithoutInterval: Set<String> = []
    /// Signals not written because their symbol was in maintenance.
    public internal(set) var signalsWithheld = 0
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
        /// Whether the interval's rotation and pair trades read this series' bars.
        var rotates: Bool
        var tradesPairs: Bool

        init(classifier: MarketStateClassifier, momentum: MomentumBreakout?, meanReversion: MeanReversion?, rotates: Bool, tradesPairs: Bool) {
            self.classifier = classifier
            self.momentum = momentum
            self.meanReversion = meanReversion
            self.rotates = rotates
            self.tradesPairs = tradesPairs
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

    /// One symbol on one timeframe: the series its strategies read, and the
    /// candles given that its bars come from.
    final class Lane {
        let timeframe: Interval
        let series: Series
        /// The finest interval given that can make the timeframe's bars (the
        /// timeframe itself, or a divisor of it up to a day); nil while none can.
        var source: Interval?
        /// Builds the bars from a finer source; nil when the source is the timeframe itself.
        var aggregator: CandleAggregator?
        /// Open time of the newest source candle aggregated (an older or repeated one would corrupt the bucket).
        var lastSource = Int64.min
        /// Close time of the newest bar the series read: each bar time once.
        var lastBar = Int64.min

        init(timeframe: Interval, series: Series) {
            self.timeframe = timeframe
            self.series = series
        }
    }

    /// The intervals given for one symbol and the lanes built on them.
    final class SymbolTimeframes {
        var given: [Interval] = []
        var lanes: [Lane] = []
    }

    /// A candle strategy, the section of the configuration that holds its
    /// settings, and its configured timeframe (nil: the candles given).
    struct CandleStrategy {
        var name: String
        var key: String
        var timeframe: Interval?
    }

    static func candleStrategies(_ settings: GenesisConfig.Strategies) -> [CandleStrategy] {
        [CandleStrategy(name: MomentumBreakout.name, key: "momentumBreakout", timeframe: settings.momentumBreakout.timeframe.interval),
         CandleStrategy(name: MeanReversion.name, key: "meanReversion", timeframe: settings.meanReversion.timeframe.interval),
         CandleStrategy(name: MultiPairRotation.name, key: "multiPairRotation", timeframe: settings.multiPairRotation.timeframe.interval),
         CandleStrategy(name: PairsArbitrage.name, key: "pairsArbitrage", timeframe: settings.pairsArbitrage.timeframe.interval)]
    }

    /// Looked up once: the candle path runs hundreds of thousands of times a second.
    let runsRotation: Bool
    let runsPairs: Bool
    /// The running candle strategies.
    let candleStrategies: [CandleStrategy]
    /// Whether any running candle strategy has a timeframe of its own. When
    /// none has, every candle goes the way it always went (`handleCandle`'s
    /// first path), with no lane, aggregation or extra parsing per candle.
    let onTimeframes: Bool
    private var timeframeStates: [String: SymbolTimeframes] = [:]
    /// "key|interval" of the timeframes already reported as impossible.
    private var reported: Set<String> = []

    public init(config: GenesisConfig, strategies: [String] = [MomentumBreakout.name], provenance: SignalProvenance? = nil, logger: Logger? = nil) {
        self.config = config
        self.provenance = provenance
        self.logger = logger
        running = Set(strategies)
        runsRotation = running.contains(MultiPairRotation.name)
        runsPairs = running.contains(PairsArbitrage.name)
        if running.contains(SimpleArbitrage.name) { arbitrage = SimpleArbitrage(settings: config.strategies.simpleArbitrage) }
        candleStrategies = Self.candleStrategies(config.strategies).filter { strategies.contains($0.name) }
        onTimeframes = candleStrategies.contains { $0.timeframe != nil }
    }

    var readsBooks: Bool { running.contains(SimpleArbitrage.name) || running.contains(SpreadCapture.name) || running.contains(MarketMaking.name) }

    public mutating func run(_ stage: inout StreamStage, reader: LineReader = LineReader(), writer: LineWriter) throws {
        let books = readsBooks
        let positions = running.contains(MarketMaking.name)
        try stage.run(reader: reader, writer: writer, readsCandles: true) { item, _ in
            guard case let .event(line, type) = item else {
                if case let .candle(candle) = item { try handleCandle(candle, writer: writer) }
                return true
            }
            switch type {
            case .book where books:
                try handleBook(line, writer: writer)
                return true
            case .position where positions:
                notePosition(line)
                return false
            case .exchangeStatus:
                try handleStatus(line, writer: writer)
                return true
            default:
                return false
            }
        }
    }

    /// A symbol and interval as candles name them, checked at their first
    /// candle: later candles with the same bytes find it without making or
    /// checking text again.
    struct CandleKey {
        let symbol: String
        let interval: Interval
        /// The series of the candles given, when no strategy has a timeframe
        /// (`handleCandle`'s first path); made at the first candle.
        var series: Series?
        /// The symbol's timeframe lanes, when a strategy has a timeframe.
        var timeframes: SymbolTimeframes?
    }

    /// The symbol and interval of `candle`, checked, from `candleKeys`.
    mutating func key(of candle: CandleLine) throws -> Int {
        if try candle.key(into: &keyBytes), let index = keyBytes.withUnsafeBufferPointer({ candleKeys.index(of: $0) }) { return index }
        let symbol = try candle.symbolText()
        try Symbol.validate(symbol)
        let name = try candle.intervalText()
        guard let interval = Interval(name) else { throw LineError("interval '\(name.prefix(10))' is not one of \(Interval.allowedNames)") }
        return candleKeys.set(CandleKey(symbol: symbol, interval: interval), for: symbol + "\u{0}" + name)
    }

    func makeSeries() -> Series {
        let settings = config.strategies
        return Series(classifier: MarketStateClassifier(settings: settings.marketState),
                      momentum: running.contains(MomentumBreakout.name) ? MomentumBreakout(settings: settings.momentumBreakout) : nil,
                      meanReversion: running.contains(MeanReversion.name) ? MeanReversion(settings: settings.meanReversion) : nil,
                      rotates: runsRotation, tradesPairs: runsPairs)
    }

    mutating func handleCandle(_ line: CandleLine, writer: LineWriter) throws {
        let index = try key(of: line)
        let symbol = candleKeys[index].symbol, given = candleKeys[index].interval, interval = given.name
        let length = given.milliseconds
        let openTime = try line.openTimestamp()
        let bar = try Bar(line)
        guard bar.time.milliseconds == openTime.milliseconds + length else { throw LineError("ts is not open_time + interval") }
        if onTimeframes {
            let state = candleKeys[index].timeframes ?? timeframes(of: symbol, given: given)
            candleKeys[index].timeframes = state
            return try handleOnTimeframes(line, lanes: state.lanes, symbol: symbol, given: given, openTime: openTime, bar: bar, writer: writer)
        }
        // The exact close is parsed only when a strategy needs it (a signal, or the cross-symbol strategies).
        let exactClose: Decimal? = runsRotation || runsPairs ? try line.decimal(.close) : nil
        // A rotation still waiting for a missing pair is decided, with its
        // own time, before a later candle goes out.
        if let rotation = rotations[interval]?.before(ts: bar.time), let strategy = rotations[interval] {
            for signal in strategy.signals(for: rotation) { try emit(signal, writer) }
        }
        writer.write(line.bytes, newline: true)
        candlesSeen += 1
        let current: Series
        if let existing = candleKeys[index].series {
            current = existing
        } else {
            current = makeSeries()
            candleKeys[index].series = current
        }
        try process(current, symbol: symbol, interval: interval, length: length, openTime: openTime, bar: bar, writer: writer) { try exactClose ?? line.decimal(.close) }
    }

    /// One closed bar of a series: the cross-pair correlation, the market
    /// state, then each strategy of the series. `close` gives the bar's exact
    /// close, read only when a strategy needs it.
    mutating func process(_ current: Series, symbol: String, interval: String, length: Int64, openTime: Timestamp, bar: Bar, writer: LineWriter,
                          close: () throws -> Decimal) throws {
        let exactClose: Decimal? = current.rotates || current.tradesPairs ? try close() : nil
        let cross: CrossCorrelation
        if let existing = correlations[interval] {
            cross = existing
        } else {
            cross = CrossCorrelation(settings: config.strategies.crossCorrelation)
            correlations[interval] = cross
        }
        cross.update(symbol: symbol, ts: bar.time, close: bar.close)
        var reading = current.classifier.classify(bar, maintenance: maintenance.contains(symbol))
        reading.crossCorrelation = cross.average
        // PANIC needs the cross-pair spike too when there is a cross-pair
        // figure; a single symbol has none and keeps the per-symbol rule.
        if reading.state == .panic, cross.spike == false, let fallback = reading.panicFallback { reading.state = fallback }
        current.bars += 1
        // Only a classifier with its full history has something to say, but
        // MAINTENANCE (the exchange's word) and its end are said at once.
        let settings = config.strategies.marketState
        let warm = current.bars >= settings.atrPeriod + settings.lookback
        if warm || reading.state == .maintenance || current.lastState == .maintenance, reading.state != current.lastState {
            current.lastState = reading.state
            writer.write(reading.encoded(symbol: symbol, interval: interval, ts: bar.time))
        }
        if let trigger = current.momentum?.update(bar), let strategy = current.momentum {
            try emit(strategy.signal(for: trigger, symbol: symbol, interval: interval, openTime: openTime, ts: bar.time, close: try exactClose ?? close()), writer)
        }
        if let trigger = current.meanReversion?.update(bar), let strategy = current.meanReversion {
            try emit(strategy.signal(for: trigger, symbol: symbol, interval: interval, openTime: openTime, ts: bar.time, close: try exactClose ?? close()), writer)
        }
        if current.rotates {
            let strategy: MultiPairRotation
            if let existing = rotations[interval] {
                strategy = existing
            } else {
                strategy = MultiPairRotation(settings: config.strategies.multiPairRotation, interval: interval, intervalMilliseconds: length)
                rotations[interval] = strategy
            }
            if let rotation = strategy.update(symbol: symbol, openTime: openTime, ts: bar.time, close: try exactClose ?? close()) {
                for signal in strategy.signals(for: rotation) { try emit(signal, writer) }
            }
        }
        if current.tradesPairs {
            let strategies: [PairsArbitrage]
            if let existing = pairTrades[interval] {
                strategies = existing
            } else {
                strategies = config.strategies.pairsArbitrage.pairs.map { PairsArbitrage(settings: config.strategies.pairsArbitrage, pair: $0, interval: interval) }
                pairTrades[interval] = strategies
            }
            for strategy in strategies where strategy.pair.first == symbol || strategy.pair.second == symbol {
                if let trigger = strategy.update(symbol: symbol, openTime: openTime, ts: bar.time, close: try exactClose ?? close()) {
                    try emit(strategy.signal(for: trigger, ts: bar.time), writer)
                }
            }
        }
    }

    // MARK: Timeframes

    /// A candle when some strategy has a timeframe of its own. Each lane of
    /// the symbol whose source is this candle's interval takes it: as its
    /// bar when the source is the timeframe itself, else into its bucket.
    /// A bucket whose last finer candles are missing closes on the first
    /// candle after it and is read before that candle goes out; a bucket
    /// completed by this candle is read right after it, as the timeframe's
    /// own candle would be. Only the candle given is written.
    mutating func handleOnTimeframes(_ line: CandleLine, lanes: [Lane], symbol: String, given: Interval, openTime: Timestamp, bar: Bar, writer: LineWriter) throws {
        var row: KlineRow?
        for lane in lanes where lane.source == given && lane.aggregator != nil && openTime.milliseconds > lane.lastSource {
            lane.lastSource = openTime.milliseconds
            if row == nil {
                row = KlineRow(openTime: openTime.milliseconds, open: try line.text(.open), high: try line.text(.high), low: try line.text(.low),
                               close: try line.text(.close), volume: try line.text(.volume))
            }
            if let closed = try lane.aggregator?.add(row!) { try read(closed, on: lane, symbol: symbol, writer: writer) }
        }
        for lane in lanes where lane.series.rotates {
            if let strategy = rotations[lane.timeframe.name], let rotation = strategy.before(ts: bar.time) {
                for signal in strategy.signals(for: rotation) { try emit(signal, writer) }
            }
        }
        writer.write(line.bytes, newline: true)
        candlesSeen += 1
        for lane in lanes where lane.source == given {
            if lane.aggregator != nil {
                // `finish` hands over the bucket as soon as its last finer candle is in.
                if lane.lastSource == openTime.milliseconds, let whole = lane.aggregator?.finish() { try read(whole, on: lane, symbol: symbol, writer: writer) }
            } else if bar.time.milliseconds > lane.lastBar {
                lane.lastBar = bar.time.milliseconds
                try process(lane.series, symbol: symbol, interval: given.name, length: given.milliseconds, openTime: openTime, bar: bar, writer: writer) {
                    try line.decimal(.close)
                }
            }
        }
    }

    /// The symbol's timeframe lanes (none when no strategy has a timeframe).
    func timeframeLanes(of symbol: String) -> [Lane] { timeframeStates[symbol]?.lanes ?? [] }

    /// A bar the lane built from finer candles.
    mutating func read(_ row: KlineRow, on lane: Lane, symbol: String, writer: LineWriter) throws {
        let length = lane.timeframe.milliseconds
        let time = row.openTime + length
        guard time > lane.lastBar else { return }
        lane.lastBar = time
        guard let open = Double(row.open), let high = Double(row.high), let low = Double(row.low), let close = Double(row.close), let volume = Double(row.volume) else {
            throw LineError("a \(lane.timeframe.name) candle built from the \(symbol) candles has a price that is not a number")
        }
        let bar = Bar(time: Timestamp(milliseconds: time), open: open, high: high, low: low, close: close, volume: volume)
        try process(lane.series, symbol: symbol, interval: lane.timeframe.name, length: length, openTime: Timestamp(milliseconds: row.openTime), bar: bar, writer: writer) {
            guard let exact = Decimal.parse(row.close) else { throw LineError("close '\(row.close.prefix(30))' is not a plain decimal") }
            return exact
        }
    }

    /// The symbol's lanes, arranged again when an interval is given for the
    /// first time: one lane per configured timeframe, and one per interval
    /// given when a strategy without a timeframe runs; each fed by the finest
    /// interval given that can make it.
    mutating func timeframes(of symbol: String, given: Interval) -> SymbolTimeframes {
        let state: SymbolTimeframes
        if let existing = timeframeStates[symbol] {
            state = existing
            if state.given.contains(given) { return state }
        } else {
            state = SymbolTimeframes()
            timeframeStates[symbol] = state
        }
        state.given.append(given)
        var wanted = candleStrategies.compactMap(\.timeframe)
        if candleStrategies.contains(where: { $0.timeframe == nil }) { wanted += state.given }
        for timeframe in Set(wanted).sorted(by: { $0.milliseconds < $1.milliseconds }) {
            let lane: Lane
            if let existing = state.lanes.first(where: { $0.timeframe == timeframe }) {
                lane = existing
            } else {
                lane = Lane(timeframe: timeframe, series: Series(classifier: MarketStateClassifier(settings: config.strategies.marketState),
                                                                 momentum: nil, meanReversion: nil, rotates: false, tradesPairs: false))
                state.lanes.append(lane)
                state.lanes.sort { $0.timeframe.milliseconds < $1.timeframe.milliseconds }
            }
            equip(lane.series, on: timeframe, given: state.given.contains(timeframe))
            let source = state.given.filter { $0 == timeframe || CandleAggregator.canAggregate($0, into: timeframe) }.min { $0.milliseconds < $1.milliseconds }
            if source != lane.source {
                lane.source = source
                lane.aggregator = source.flatMap { $0 == timeframe ? nil : CandleAggregator(from: $0, to: timeframe) }
                lane.lastSource = .min
            }
            guard source == nil else { continue }
            for strategy in candleStrategies where strategy.timeframe == timeframe && reported.insert("\(strategy.key)|\(given.name)").inserted {
                logger?.warning("strategies.\(strategy.key).timeframe is \(timeframe.name), which cannot be built from the \(given.name) candles given (\(symbol)): a timeframe must be their interval or a multiple of it up to 1d; \(strategy.name) does not run on them")
            }
        }
        return state
    }

    /// Gives a lane's series the strategies that run on its timeframe: those
    /// configured to it, and those without a timeframe when it is an interval given.
    func equip(_ series: Series, on timeframe: Interval, given: Bool) {
        let settings = config.strategies
        func runs(_ name: String) -> Bool {
            candleStrategies.contains { $0.name == name && ($0.timeframe.map { $0 == timeframe } ?? given) }
        }
        if series.momentum == nil, runs(MomentumBreakout.name) { series.momentum = MomentumBreakout(settings: settings.momentumBreakout) }
        if series.meanReversion == nil, runs(MeanReversion.name) { series.meanReversion = MeanReversion(settings: settings.meanReversion) }
        if runs(MultiPairRotation.name) { series.rotates = true }
        if runs(PairsArbitrage.name) { series.tradesPairs = true }
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
        // No strategy trades a symbol the exchange has in maintenance (DESIGN §7).
        if maintenance.contains(signal.symbol) {
            signalsWithheld += 1
            return
        }
        writer.write(try provenance?.sign(signal).encoded() ?? signal.encoded())
        signalsEmitted += 1
    }
}
