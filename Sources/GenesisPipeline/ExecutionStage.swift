import Foundation
import Logging
import GenesisDomain

/// `gen-exec`: order intents in, fills out, prices forwarded. Candles and
/// books are decoded only for symbols with an order waiting or a position
/// open; everything else passes through untouched.
public final class ExecutionStage {
    let store: ExecutionLedger & PipelineProgress & SessionRepository & RiskRepository & DisciplineRepository
    let venue: any ExecutionVenue
    let session: String
    let logger: Logger
    let config: GenesisConfig
    /// When the tier figures were last looked at (data time): after every
    /// fill, and at least hourly for the time-based triggers.
    private var supervisedAt = Timestamp(milliseconds: 0)
    /// The open positions' marked-to-market result when the tier figures
    /// were last looked at: a candle that takes it lower is looked at too.
    private var supervisedUnrealized: Decimal = 0
    /// Each watched symbol's latest low: where a position stood at its worst
    /// in the candle, as the watcher live sees every bid.
    private var marks: [String: Decimal] = [:]
    private var lastTime = Timestamp(milliseconds: 0)
    /// The first event time of this run: with `lastTime`, the period it
    /// replayed, kept for the session's equity curve (DESIGN §8). Held here
    /// because the first progress report may come many events later.
    private var firstTime: Timestamp?
    private var reportedTime = Timestamp(milliseconds: 0)
    private var reportedConsumed: Int64 = 0
    /// The symbols candles have named, each with the finest interval seen
    /// for it: only that interval's candles move the paper venue.
    private var candleSymbols: [String: CandleSymbol] = [:]
    private var candleKeys = SymbolTable<CandleKey>()
    private var keyBytes: [UInt8] = []
    public private(set) var fills = 0
    /// The pipeline's heartbeat (`gen-report health`): what went through and when.
    public var monitor: PipelineMonitor?
    /// The exchange-corrected wall clock on an exchange venue: orders are
    /// checked against it before they are sent (`Judgement.liveRefusal`).
    /// nil on paper, where the data clock is the point.
    let liveClock: (any TimeSource)?

    public init(store: ExecutionLedger & PipelineProgress & SessionRepository & RiskRepository & DisciplineRepository, venue: any ExecutionVenue, session: String,
                config: GenesisConfig = GenesisConfig(), liveClock: (any TimeSource)? = nil, logger: Logger) throws {
        self.store = store
        self.liveClock = liveClock
        self.config = config
        self.session = session
        self.logger = logger
        self.venue = venue
        try store.resetProgress(session: session)
        try store.registerSession(session, kind: venue is PaperVenue ? "PAPER" : "LIVE", venue: venue.name, at: Timestamp.now())
    }

    public func run(_ stage: inout StreamStage, reader: LineReader = LineReader(), writer: LineWriter) throws {
        // Worked orders' slices fall due on the exchange's clock: sent as
        // they do, between lines and while the input is quiet, so the stream
        // is never held up by an order being worked.
        let timer = liveClock.map { clock in
            StreamStage.Timer(wait: { [venue] in venue.nextWorkDue.map { $0.milliseconds - clock.now().milliseconds } },
                              fire: { [unowned self] in try workDue(writer: writer) })
        }
        // The replay barrier sees gen-exec's mark as soon as its input runs dry.
        var posted: Int64 = -1
        let post: (Int64) -> Void = { [unowned self] consumed in
            guard consumed != posted else { return }
            posted = consumed
            store.postProgress(session: session, ts: lastTime, consumed: consumed)
        }
        try stage.run(reader: reader, writer: writer, whenIdle: reportProgress, whenDry: post, timer: timer, readsCandles: true) { item, _ in
            if timer != nil { try workDue(writer: writer) }
            switch item {
            case let .candle(candle):
                monitor?.observe(type: .candle, ts: try? candle.timestamp())
                return try handleCandle(candle, writer: writer)
            case let .event(line, type):
                monitor?.observe(type: type, ts: try? line.timestamp())
                return try handle(line, type: type, writer: writer)
            }
        }
        // The input ended: orders already being worked are finished, not dropped.
        if let clock = liveClock {
            try venue.finishWork { outputs in
                try booked(outputs, at: clock.now(), writer: writer)
                writer.flush()
            }
        }
        try reportProgress(consumed: reportedConsumed)
    }

    /// Tells gen-risk how far the ledger has caught up (the replay barrier):
    /// the newest time seen, and the bytes of input handled.
    private func reportProgress(consumed: Int64) throws {
        guard lastTime != reportedTime || consumed != reportedConsumed else { return }
        // The replayed period is the data's: an exchange's clock keeps none
        // (a live session's curve runs to the report's now).
        try store.recordProgress(session: session, ts: lastTime, consumed: consumed, replayedFrom: liveClock == nil ? firstTime : nil)
        reportedTime = lastTime
        reportedConsumed = consumed
    }

    func handle(_ line: JSONLine, type: EventType, writer: LineWriter) throws -> Bool {
        switch type {
        case .order:
            let order = try OrderIntent(line: line)
            advance(order.ts)
            guard order.session == session else {
                throw LineError("order for session '\(order.session)' reached gen-exec running session '\(session)'")
            }
            // Nothing reaches a venue without passing the risk engine.
            guard let judgement = try store.approval(of: order) else {
                let rejection = Rejection(.notApproved, "Order \(order.clientOrderID) was not approved by gen-risk in session '\(session)'; only approved orders are executed.")
                writer.write(rejection.encoded(ts: order.ts, signalID: order.signalID, symbol: order.symbol, side: order.side, stage: "gen-exec"))
                return true
            }
            // The live account lives on one clock: the exchange's, now.
            if let liveClock, try store.orderStatus(clientOrderID: order.clientOrderID) == nil,
               let rejection = judgement.liveRefusal(of: order, now: liveClock.now(), maxAgeSeconds: config.execution.liveOrderMaxAgeSeconds) {
                try store.recordRejected(order, venue: venue.name, rejection: rejection, at: liveClock.now())
                writer.write(rejection.encoded(ts: liveClock.now(), signalID: order.signalID, symbol: order.symbol, side: order.side, stage: "gen-exec"))
                return true
            }
            // Locked features stay locked here too: the tier may have changed since the approval.
            let tier = try store.requireAccount(session: session).tier
            if var rejection = config.lockedOrderType(order.type.name, at: tier) ?? (order.side == .buy ? config.lockedAlgorithm(order.algorithm, at: tier) : nil) {
                rejection.message = "The tier changed since the order was approved: \(rejection.message) Nothing was sent."
                try store.recordRejected(order, venue: venue.name, rejection: rejection, at: order.ts)
                writer.write(rejection.encoded(ts: order.ts, signalID: order.signalID, symbol: order.symbol, side: order.side, stage: "gen-exec"))
                return true
            }
            if let until = order.expired(at: lastTime) {
                let rejection = Rejection(.signalExpired, "Order \(order.clientOrderID) arrived after its opportunity ended (\(until.iso8601)); it was not sent.")
                try store.recordRejected(order, venue: venue.name, rejection: rejection, at: lastTime)
                writer.write(rejection.encoded(ts: lastTime, signalID: order.signalID, symbol: order.symbol, side: order.side, stage: "gen-exec"))
                return true
            }
            emit(try venue.submit(order), ts: order.ts, writer: writer)
            try supervise(at: order.ts, writer: writer)
            return true
        case .candle:
            return try handleCandle(CandleLine(line: line), writer: writer)
        case .book:
            let symbol = try line.string("symbol")
            let ts = try line.timestamp()
            advance(ts)
            guard venue.isWatching(symbol) else { return false }
            let bid = try line.decimal("bid"), ask = try line.decimal("ask")
            guard bid > 0, ask >= bid else { throw LineError("book needs 0 < bid <= ask") }
            writer.write(line.bytes, newline: true)
            let outputs = try venue.onBook(symbol: symbol, time: ts, bid: bid, ask: ask)
            marks[symbol] = bid
            emit(outputs, ts: ts, writer: writer)
            try supervise(at: ts, writer: writer, filled: !outputs.isEmpty)
            return true
        default:
            if let ts = try? line.timestamp() { advance(ts) }
            return false
        }
    }

    /// A candle moves the paper venue when its symbol has an order waiting
    /// or a position open, and is forwarded untouched otherwise.
    func handleCandle(_ line: CandleLine, writer: LineWriter) throws -> Bool {
        let key = try candleKey(of: line)
        let symbol = key.symbol.name
        let ts = try line.timestamp()
        advance(ts)
        // Several intervals of one symbol (1m and 1h replayed together):
        // the finest decides fills, stops and targets (DESIGN §10
        // "Timeframes"); a coarser candle is forwarded untouched, as it
        // could only guess which of a stop and a target came first.
        if let interval = key.interval, key.symbol.finest != interval {
            if let finest = key.symbol.finest, finest.milliseconds < interval.milliseconds { return false }
            key.symbol.finest = interval
        }
        guard venue.isWatching(symbol) else { return false }
        let candle = try Candle(line)
        let outcome = try venue.onCandle(symbol: symbol, openTime: candle.openTime, closeTime: ts, open: candle.open, high: candle.high, low: candle.low,
                                         close: candle.close, volume: candle.volume)
        marks[symbol] = candle.low
        // Fills at the open happened before the candle closed: they go first.
        emit(outcome.atOpen, ts: candle.openTime, writer: writer)
        writer.write(line.bytes, newline: true)
        emit(outcome.duringCandle, ts: ts, writer: writer)
        try supervise(at: ts, writer: writer, filled: !outcome.all.isEmpty)
        return true
    }

    /// A symbol candles have named, and the finest interval seen for it.
    final class CandleSymbol {
        let name: String
        var finest: Interval?
        init(name: String) { self.name = name }
    }

    /// A symbol and interval as candles spell them (the interval nil when
    /// a candle names none that is known).
    struct CandleKey {
        let symbol: CandleSymbol
        let interval: Interval?
    }

    /// The candle's symbol and interval, found by their bytes after the first
    /// candle that spelled them so.
    private func candleKey(of line: CandleLine) throws -> CandleKey {
        let spelled = try line.key(into: &keyBytes)
        if spelled, let index = keyBytes.withUnsafeBufferPointer({ candleKeys.index(of: $0) }) { return candleKeys[index] }
        let name = try line.symbolText()
        let symbol = candleSymbols[name] ?? CandleSymbol(name: name)
        candleSymbols[name] = symbol
        let key = CandleKey(symbol: symbol, interval: (try? line.intervalText()).flatMap(Interval.init))
        if spelled { keyBytes.withUnsafeBufferPointer { _ = candleKeys.set(key, for: $0) } }
        return key
    }

    /// Looks at the tier figures after fills, whenever the open positions
    /// marked to the market stand lower than at the last look, and hourly:
    /// a demotion, a deleveraging step or the emergency close is carried
    /// out at once. Loss limits are judged on marked-to-market equity at
    /// every candle, as the watcher judges them live (DESIGN §3.4).
    private func supervise(at time: Timestamp, writer: LineWriter, filled: Bool = true) throws {
        let unrealized = RiskState.unrealized(of: Array(venue.positions.values), marks: marks)
        guard filled || unrealized < supervisedUnrealized || time.utcDay != supervisedAt.utcDay
                || time.milliseconds - supervisedAt.milliseconds >= 3_600_000 else { return }
        supervisedAt = time
        supervisedUnrealized = unrealized
        let supervision = try store.superviseTier(session: session, config: config, now: time, holdsPositions: true, unrealized: unrealized)
        for alert in supervision.alerts { writer.write(alert.encoded(ts: time)) }
        emit(try venue.carryOut(supervision, at: time), ts: time, writer: writer)
        for reduction in try store.correlationReductions(session: session, config: config, now: time) {
            writer.write(reduction.alert.encoded(ts: time))
            emit(try venue.cut(reduction, config: config, at: time), ts: time, writer: writer)
        }
    }

    /// Sends the worked orders' slices now due and books what they did.
    func workDue(writer: LineWriter) throws {
        guard let clock = liveClock, let due = venue.nextWorkDue, due <= clock.now() else { return }
        try booked(try venue.workDue(), at: clock.now(), writer: writer)
    }

    /// Writes what the venue did for worked orders, and looks at the tier
    /// figures when anything filled.
    private func booked(_ outputs: [VenueOutput], at now: Timestamp, writer: LineWriter) throws {
        emit(outputs, ts: now, writer: writer)
        if !outputs.isEmpty { try supervise(at: max(now, lastTime), writer: writer) }
    }

    private func advance(_ ts: Timestamp) {
        if ts > lastTime { lastTime = ts }
        if firstTime == nil || ts < firstTime! { firstTime = ts }
    }

    private func emit(_ outputs: [VenueOutput], ts: Timestamp, writer: LineWriter) {
        for output in outputs {
            writer.write([output], ts: ts, venue: venue.name)
            if case let .filled(fill) = output {
                fills += 1
                monitor?.observe(type: .execution, ts: ts)
                if let alert = fill.marketImpactAlert(config.execution) { writer.write(alert.encoded(ts: ts)) }
            }
        }
    }
}
