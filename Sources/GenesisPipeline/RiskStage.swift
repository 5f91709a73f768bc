import Foundation
import Logging
import GenesisDomain

/// `gen-risk`: signals in, `order` intents or `rejection` lines out, every
/// other line forwarded. Each decision is recorded with the signal.
public struct RiskStage {
    let store: RiskRepository & PipelineProgress
    /// Its rules are read at the first signal, not at start: gen-exec,
    /// started beside it, may be binding the database to its exchange and
    /// fetching that exchange's exchangeInfo meanwhile.
    var engine: RiskEngine
    private var rulesRead = false
    let config: GenesisConfig
    let session: String
    let clock: ClockMode
    /// "Now" on the wall clock; the data clock is each signal's own time.
    let wallClock: any TimeSource
    let logger: Logger
    var barrier: ReplayBarrier?
    /// Entries sent downstream that the store does not show yet: they count
    /// as pending, so two signals in the same instant cannot both pass a
    /// one-position limit.
    private var inFlight: [String: String] = [:]
    /// The latest market state from the `market_state` lines gen-signal writes, by
    /// symbol (whatever its timeframe) and by `symbol|interval` (a signal is judged
    /// by the state of its own timeframe when it names one).
    private var marketStates: [String: MarketState] = [:]
    /// States not yet written to the store: written in batches, and always
    /// before a signal is judged and at the end.
    private var unrecorded: [MarketStateRecord] = []
    /// The latest close of each symbol on the input.
    private var marks = SymbolTable<Decimal>()
    /// The newest `ts` read on the input, whatever the line's type.
    private var latestData = Timestamp(milliseconds: 0)
    /// The newest `ts` of the lines forwarded to gen-exec: what the replay
    /// barrier can wait for on times (never a signal's own time, which
    /// nothing downstream may ever reach).
    private var latestForwarded = Timestamp(milliseconds: 0)
    /// Tells gen-signal's signals from hand-written ones (`SignalProvenance`).
    let provenance: SignalProvenance?
    /// Signals that named a strategy without gen-signal's mark, judged as manual.
    public private(set) var unmarked = 0
    public private(set) var approved = 0
    public private(set) var rejected = 0

    public init(store: RiskRepository & PipelineProgress, config: GenesisConfig, session: String, clock: ClockMode, wallClock: any TimeSource = WallClock(), synchronise: Bool, logger: Logger,
                provenance: SignalProvenance? = nil) throws {
        self.store = store
        self.provenance = provenance
        self.engine = RiskEngine(config: config, filters: SymbolFilterBook(paper: config.paper))
        self.session = session
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
        self.config = config
        _ = try store.requireAccount(session: Account.defaultSession) // fails early, with advice, when there is no account
        if synchronise && clock == .data {
            try store.resetProgress(session: session)
            barrier = ReplayBarrier(store: store, session: session, timeoutSeconds: config.replay.syncTimeoutSeconds)
        }
    }

    public mutating func run(_ stage: inout StreamStage, reader: LineReader = LineReader(), writer: LineWriter) throws {
        try stage.run(reader: reader, writer: writer, readsCandles: true) { item, _ in
            switch item {
            case let .candle(candle):
                let ts = try? candle.timestamp()
                try observe(ts)
                try mark(candle)
                forwarded(ts)
                return false
            case let .event(line, type):
                let ts = try? line.timestamp()
                try observe(ts)
                if type == .marketState {
                    try note(line)
                    forwarded(ts)
                    return false
                }
                guard type == .signal else {
                    forwarded(ts)
                    return false
                }
                let signal = try Signal(line: line)
                try judge(signal, writer: writer)
                return true
            }
        }
        try recordMarketStates()
    }

    /// The data clock: the newest time on the input (a signal's
    /// `valid_until` must not be behind it).
    mutating func observe(_ ts: Timestamp?) throws {
        guard let ts, ts > latestData else { return }
        // A backtest's portfolio opens at the first event replayed, so
        // its curve and tier clock cover the whole period, quiet start included.
        if clock == .data, latestData.milliseconds == 0 { _ = try store.requireAccount(session: session, openingAt: ts) }
        latestData = ts
    }

    /// Keeps the symbol's latest close, which marks open positions to the
    /// market for the loss limits and the drawdown budget (DESIGN §3.4).
    mutating func mark(_ candle: CandleLine) throws {
        if let symbol = try candle.symbolBytes() {
            marks.set(try candle.decimal(.close), for: symbol)
        } else {
            let symbol = try candle.symbolText()
            marks.set(try candle.decimal(.close), for: symbol)
        }
    }

    /// The latest closes on the input, and for a position whose symbol the
    /// input has not carried (a signal typed by hand, a pipeline started a
    /// moment ago) the newest stored close before `now`: a position sinking
    /// out of view still counts against the limits.
    func marks(of positions: [Position], before now: Timestamp) throws -> [String: Decimal] {
        var result: [String: Decimal] = [:]
        for index in 0..<marks.count { result[marks.key(at: index)] = marks[index] }
        for position in positions where result[position.symbol] == nil {
            result[position.symbol] = try store.latestClose(symbol: position.symbol, before: now)
        }
        return result
    }

    /// Notes the time of a line forwarded to gen-exec (the replay barrier's target on times).
    mutating func forwarded(_ ts: Timestamp?) {
        if let ts, ts > latestForwarded { latestForwarded = ts }
    }

    /// Records a symbol's market state (DESIGN §7) and remembers it for sizing and entries.
    mutating func note(_ line: JSONLine) throws {
        let symbol = try line.string("symbol")
        try Symbol.validate(symbol)
        let text = try line.string("state")
        guard let state = MarketState(rawValue: text) else {
            throw LineError("field 'state' must be one of \(MarketState.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text.prefix(20))'")
        }
        // Per symbol and timeframe, so a 15m state never decides a 1h signal;
        // per symbol too, for signals that name no interval (books, manual).
        marketStates[symbol] = state
        if let interval = try line.optionalString("interval") { marketStates[symbol + "|" + interval] = state }
        unrecorded.append(MarketStateRecord(symbol: symbol, state: state, time: try line.timestamp(),
                                            atrPercentile: try? line.statistic("atr_percentile"), volumeZScore: try? line.statistic("volume_zscore"),
                                            crossCorrelation: try? line.statistic("cross_correlation")))
        if unrecorded.count >= 1000 { try recordMarketStates() }
    }

    mutating func recordMarketStates() throws {
        guard !unrecorded.isEmpty else { return }
        try store.recordMarketStates(unrecorded)
        unrecorded.removeAll(keepingCapacity: true)
    }

    mutating func judge(_ signal: Signal, writer: LineWriter) throws {
        try recordMarketStates()
        // Without gen-signal's mark a signal is the trader's own, whatever it names.
        let (signal, claimed) = try provenance?.judged(signal) ?? SignalProvenance.unverified(signal)
        if let claimed {
            unmarked += 1
            let message: Logger.Message = "signal \(signal.id) names the strategy '\(claimed)' but carries no valid mark of origin from gen-signal (field `mac`); it is judged as a manual trade"
            if unmarked == 1 { logger.notice(message) } else { logger.debug(message) }
        }
        if barrier?.enabled == true {
            writer.flush()
            let counted = barrier?.countsBytes == true
            if try barrier?.wait(until: latestForwarded, written: writer.bytesWritten) == false {
                logger.warning(barrier?.stalled == true
                    ? "gen-exec (session '\(session)') went idle short of what gen-risk wrote (a filter dropping lines?); judging signals on the store as it is from now on (results may depend on timing)"
                    : "no gen-exec downstream reported progress for session '\(session)'; judging signals on the store as it is (results may depend on timing)")
            } else if counted, barrier?.countsBytes == false {
                logger.warning("gen-exec's input is not exactly gen-risk's output (a filter between them?); waiting on times alone, so signals sharing a timestamp may see fills in either order")
            }
        }
        let now = clock == .data ? signal.ts : wallClock.now()
        let assessment = try assess(signal, now: now, latestData: clock == .data ? latestData : nil)
        for alert in assessment.alerts { writer.write(alert) }
        let result = assessment.result, measured = assessment.correlations, sizedDownBy = assessment.sizedDownBy
        guard try store.recordDecision(signal, session: session, result: result, judgement: Judgement(clock: clock, at: wallClock.now()),
                                       correlations: measured, sizedDownBy: result.isSuccess ? sizedDownBy : nil) else {
            // Judged in an earlier run: send the approved order again in case
            // it never reached gen-exec (which ignores one it has seen).
            if let line = try store.approvedOrderLine(signalID: signal.id, session: session) {
                writer.write(Array(line.utf8))
            }
            logger.debug("signal \(signal.id) was judged earlier in session '\(session)'")
            return
        }
        switch result {
        case let .success(order):
            approved += 1
            if order.purpose == .entry { inFlight[order.clientOrderID] = order.symbol }
            writer.write(order.encoded())
        case let .failure(rejection):
            rejected += 1
            logger.debug("\(signal.symbol) \(signal.side.rawValue) refused by \(rejection.rule.rawValue): \(rejection.message)")
            writer.write(rejection.encoded(ts: signal.ts, signalID: signal.id, symbol: signal.symbol, side: signal.side, stage: "gen-risk"))
        }
    }

    /// What the rules say of a signal now (DESIGN §3), the one judgement
    /// gen-risk and the trader's own orders (`judgeManual`) share: the tilt
    /// detector evaluated on the same clock, then the demotions that need no
    /// selling (DESIGN §2: any command that notices), the risk state with
    /// the open positions marked, the correlations of an entry with what is
    /// held, the orders still on their way to gen-exec, the exchange's rules,
    /// and `RiskEngine.evaluate`. `replacing` is an amended buy's own resting
    /// order, which does not count against the limits that judge its
    /// replacement. Nothing is recorded here.
    struct Assessment {
        var result: Result<OrderIntent, Rejection>
        var state: RiskState
        var correlations: [String: Correlation.Measurement]
        /// The rules that sized an approved entry below full size.
        var sizedDownBy: [String]
        /// Tier and correlation alerts, as lines, in the order they were raised.
        var alerts: [[UInt8]]
    }

    mutating func assess(_ signal: Signal, now: Timestamp, latestData: Timestamp? = nil, replacing: OrderIntent? = nil) throws -> Assessment {
        _ = try store.requireAccount(session: session, openingAt: now) // a signal before any dated event opens it
        try store.evaluateTilt(session: session, config: config, now: now)
        let held = try store.openPositions(session: session)
        let marks = try marks(of: held, before: now)
        var alerts = try store.superviseTier(session: session, config: config, now: now, holdsPositions: false,
                                             unrealized: RiskState.unrealized(of: held, marks: marks)).alerts.map { $0.encoded(ts: now) }
        var state = try store.riskState(session: session, config: config, now: now)
        state.marks = marks
        state.marketState = signal.interval.flatMap { marketStates[signal.symbol + "|" + $0] } ?? marketStates[signal.symbol]
        if let replacing, replacing.purpose == .entry, let index = state.pendingEntries.firstIndex(of: replacing.symbol) {
            state.pendingEntries.remove(at: index)
            state.pendingNotional -= replacing.quantity * (replacing.limitPrice ?? replacing.referencePrice)
        }
        var measured: [String: Correlation.Measurement] = [:]
        if signal.side == .buy {
            measured = try store.correlations(of: signal.symbol, with: state.openPositions.map(\.symbol), now: now, settings: Correlation.Settings(config.risk))
            state.correlations = measured.mapValues(\.rho)
            for other in measured.keys.sorted() {
                if let alert = Correlation.alert(entry: signal.symbol, held: other, measured[other]!, config.risk) { alerts.append(alert.encoded(ts: now)) }
            }
        }
        for (id, symbol) in inFlight {
            if try store.orderStatus(clientOrderID: id) != nil { inFlight[id] = nil } else { state.pendingEntries.append(symbol) }
        }
        if !rulesRead {
            // Final once they are paper's, or the exchange's with its exchangeInfo stored;
            // until then read again at each signal (gen-exec may be binding meanwhile).
            engine.filterBook = try store.tradingRules(session: session, paper: config.paper)
            rulesRead = engine.filterBook.exchange == nil || engine.filterBook.exchange?.fetchedAt != nil
        }
        let result = engine.evaluate(signal, state: state, session: session, now: now, latestData: latestData)
        let sizedDownBy: [String] = if case let .success(order) = result { engine.sizingReductions(of: order, state: state, now: now) } else { [] }
        return Assessment(result: result, state: state, correlations: measured, sizedDownBy: sizedDownBy, alerts: alerts)
    }
}
