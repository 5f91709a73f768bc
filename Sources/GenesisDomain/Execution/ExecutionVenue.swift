import Foundation

/// A place orders are executed: the paper venue, or an exchange.
public protocol ExecutionVenue: AnyObject {
    var name: String { get }
    /// The open positions, by symbol.
    var positions: [String: Position] { get }
    /// True when prices for `symbol` matter (an order waits or a position is open).
    func isWatching(_ symbol: String) -> Bool
    func submit(_ order: OrderIntent) throws -> [VenueOutput]
    /// A candle of `symbol`. `close` and `volume` are what the candle line
    /// carries: the paper venue works slices against them (an iceberg
    /// slice's touch, TWAP's share of the traded volume).
    func onCandle(symbol: String, openTime: Timestamp, closeTime: Timestamp, open: Decimal, high: Decimal, low: Decimal,
                  close: Decimal?, volume: Decimal?) throws -> PaperVenue.CandleOutcome
    func onBook(symbol: String, time: Timestamp, bid: Decimal, ask: Decimal) throws -> [VenueOutput]
    /// Sells `share` of every open position (staged deleveraging), or of
    /// those in `symbols` (the correlation force-reduction). `origin` makes
    /// the client order ids: the same origin never sells twice.
    func reduce(share: Decimal, only symbols: Set<String>?, origin: String, at time: Timestamp) throws -> [VenueOutput]
    /// The emergency: closes every open position, biggest losers first.
    func closeEverything(at time: Timestamp) throws -> [VenueOutput]
    /// Orders a demotion canceled in the store: dropped here, canceled on an exchange.
    func forget(_ canceled: [String], at time: Timestamp) throws
    /// When the next slice of a worked order falls due on the venue's own
    /// clock (an exchange's); nil when nothing waits on the clock. Paper
    /// works slices against the data instead, so it has none.
    var nextWorkDue: Timestamp? { get }
    /// Sends the slices now due (`nextWorkDue` passed).
    func workDue() throws -> [VenueOutput]
    /// Works every worked order to its end, waiting for each slice's time,
    /// handing each batch of outputs to `each` as it comes: the input ended,
    /// and the orders already on their way are finished, not dropped.
    func finishWork(_ each: ([VenueOutput]) throws -> Void) throws
}

extension ExecutionVenue {
    public var nextWorkDue: Timestamp? { nil }
    public func workDue() throws -> [VenueOutput] { [] }
    public func finishWork(_ each: ([VenueOutput]) throws -> Void) throws {}

    /// The venue's part of a tier decision: the orders the store canceled
    /// are canceled here too, then the emergency close or the deleveraging cut.
    public func carryOut(_ supervision: TierSupervision, at time: Timestamp) throws -> [VenueOutput] {
        if !supervision.canceled.isEmpty { try forget(supervision.canceled, at: time) }
        if supervision.closeAll { return try closeEverything(at: time) }
        if let share = supervision.sellShare { return try reduce(share: share, only: nil, origin: "deleverage:\(time.utcDay):\(supervision.stage)", at: time) }
        return []
    }

    /// The correlation force-reduction (DESIGN §3.4): sells
    /// `risk.correlationReduceShare` of the newer position of a pair that
    /// moves together, once per position (the origin makes the ids).
    public func cut(_ reduction: CorrelationReduction, config: GenesisConfig, at time: Timestamp) throws -> [VenueOutput] {
        try reduce(share: config.risk.correlationReduceShare.value, only: [reduction.symbol], origin: "correlation", at: time)
    }
}
