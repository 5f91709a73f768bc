import Foundation
import Logging

/// A place orders are executed: the paper venue, or an exchange.
public protocol ExecutionVenue: AnyObject {
    var name: String { get }
    /// True when prices for `symbol` matter (an order waits or a position is open).
    func isWatching(_ symbol: String) -> Bool
    func submit(_ order: OrderIntent) throws -> [VenueOutput]
    func onCandle(symbol: String, openTime: Timestamp, closeTime: Timestamp, open: Decimal, high: Decimal, low: Decimal) throws -> PaperVenue.CandleOutcome
    func onBook(symbol: String, time: Timestamp, bid: Decimal, ask: Decimal) throws -> [VenueOutput]
}

/// `gen-exec`: order intents in, fills out, prices forwarded. Candles and
/// books are decoded only for symbols with an order waiting or a position
/// open; everything else passes through untouched.
public final class ExecutionStage {
    let store: ExecutionLedger & PipelineProgress & SessionRepository & RiskRepository
    let venue: any ExecutionVenue
    let session: String
    let logger: Logger
    private var lastTime = Timestamp(milliseconds: 0)
    private var reportedTime = Timestamp(milliseconds: 0)
    public private(set) var fills = 0

    public init(store: ExecutionLedger & PipelineProgress & SessionRepository & RiskRepository, venue: any ExecutionVenue, session: String, logger: Logger) throws {
        self.store = store
        self.session = session
        self.logger = logger
        self.venue = venue
        try store.resetProgress(session: session)
        try store.registerSession(session, kind: venue is PaperVenue ? "PAPER" : "LIVE", venue: venue.name, at: Timestamp.now())
    }

    public func run(_ stage: inout StreamStage, reader: LineReader = LineReader(), writer: LineWriter) throws {
        try stage.run(reader: reader, writer: writer, whenIdle: reportProgress) { line, type, _ in
            try handle(line, type: type, writer: writer)
        }
        try reportProgress()
    }

    /// Tells gen-risk how far the ledger has caught up (the replay barrier).
    private func reportProgress() throws {
        guard lastTime != reportedTime else { return }
        try store.recordProgress(session: session, ts: lastTime)
        reportedTime = lastTime
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
            guard try store.isApproved(order) else {
                let rejection = Rejection(.notApproved, "Order \(order.clientOrderID) was not approved by gen-risk in session '\(session)'; only approved orders are executed.")
                writer.write(rejection.encoded(ts: order.ts, signalID: order.signalID, symbol: order.symbol, side: order.side, stage: "gen-exec"))
                return true
            }
            emit(try venue.submit(order), ts: order.ts, writer: writer)
            return true
        case .candle:
            let symbol = try line.string("symbol")
            let ts = try line.timestamp()
            advance(ts)
            guard venue.isWatching(symbol) else { return false }
            let candle = try Candle(line: line)
            let outcome = try venue.onCandle(symbol: symbol, openTime: candle.openTime, closeTime: ts, open: candle.open, high: candle.high, low: candle.low)
            // Fills at the open happened before the candle closed: they go first.
            emit(outcome.atOpen, ts: candle.openTime, writer: writer)
            writer.write(line.bytes, newline: true)
            emit(outcome.duringCandle, ts: ts, writer: writer)
            return true
        case .book:
            let symbol = try line.string("symbol")
            let ts = try line.timestamp()
            advance(ts)
            guard venue.isWatching(symbol) else { return false }
            let bid = try line.decimal("bid"), ask = try line.decimal("ask")
            guard bid > 0, ask >= bid else { throw LineError("book needs 0 < bid <= ask") }
            writer.write(line.bytes, newline: true)
            emit(try venue.onBook(symbol: symbol, time: ts, bid: bid, ask: ask), ts: ts, writer: writer)
            return true
        default:
            if let ts = try? line.timestamp() { advance(ts) }
            return false
        }
    }

    private func advance(_ ts: Timestamp) {
        if ts > lastTime { lastTime = ts }
    }

    private func emit(_ outputs: [VenueOutput], ts: Timestamp, writer: LineWriter) {
        for output in outputs {
            if case .filled = output { fills += 1 }
            writer.write([output], ts: ts, venue: venue.name)
        }
    }
}
