import Foundation

// The seams between the domain and storage. Domain code (stages, venues,
// importers, reports) asks for these protocols, never for SQL, so a second
// implementation (PostgreSQL, DESIGN §1.2) slots in without touching it.
// `Store` (SQLite) implements them all; `ExecutionLedger` lives beside the
// paper venue that uses it.

/// Candle storage for importers, generators and replays.
public protocol CandleRepository {
    /// Inserts rows, skipping any already stored. Returns (inserted, skipped).
    func insertCandles(symbol: String, interval: Interval, rows: [KlineRow]) throws -> (inserted: Int, skipped: Int)
    func candleCount(symbol: String, interval: Interval) throws -> Int
    /// Writes stored candles as `candle` lines in time order; returns how many.
    @discardableResult
    func replayCandles(symbols: [String], interval: Interval, from: Timestamp?, to: Timestamp?, writer: LineWriter) throws -> Int
}

/// Stored candles by time range, as `GET /api/v3/klines` serves them.
public protocol CandleHistory: Sendable {
    func klines(symbol: String, interval: Interval, start: Int64?, end: Int64?, limit: Int) throws -> [KlineRow]
    /// The open time of the newest stored candle, for resuming a backfill.
    func lastOpenTime(symbol: String, interval: Interval) throws -> Int64?
}

/// What the risk engine reads before judging a signal, and where it records the verdict.
public protocol RiskRepository: DisciplineRepository {
    func riskState(session: String, config: GenesisConfig, now: Timestamp) throws -> RiskState
    /// Records the signal and the decision in one transaction, with the ρ an
    /// approved entry was judged with against each position held (exact, in
    /// `position_correlations`); false when the signal had already been
    /// judged in this session. `sizedDownBy`: the rules that made an approved
    /// entry smaller than the strategy's own size (`RiskEngine.sizingReductions`).
    @discardableResult
    func recordDecision(_ signal: Signal, session: String, result: Result<OrderIntent, Rejection>, judgement: Judgement,
                        correlations: [String: Correlation.Measurement], sizedDownBy: [String]?) throws -> Bool
    /// The order line approved earlier for a signal (re-sent on a re-run).
    func approvedOrderLine(signalID: String, session: String) throws -> String?
    /// How gen-risk judged the order when it approved exactly this order;
    /// nil when it did not.
    func approval(of order: OrderIntent) throws -> Judgement?
    func orderStatus(clientOrderID: String) throws -> OrderStatus?
    /// The rules `session`'s orders are sized by: its exchange's for the
    /// live account, the paper venue's otherwise (`SymbolFilterBook`).
    func tradingRules(session: String, paper: GenesisConfig.Paper) throws -> SymbolFilterBook
    /// The session's open positions (marked to the market before the tier figures are looked at).
    func openPositions(session: String) throws -> [Position]
    /// The newest stored close of `symbol` from a candle opened before `time`:
    /// the mark of a position whose prices the input does not carry.
    func latestClose(symbol: String, before time: Timestamp) throws -> Decimal?
    /// Open positions to cut because they move with an older one (DESIGN §3.4).
    func correlationReductions(session: String, config: GenesisConfig, now: Timestamp) throws -> [CorrelationReduction]
}

/// The replay barrier's progress marks (see `ReplayBarrier`).
public protocol PipelineProgress {
    func resetProgress(session: String) throws
    /// gen-exec's mark: the newest time it has seen and the bytes of input it
    /// has handled. `replayedFrom`, the first event time of this run on the
    /// data's clock (nil on an exchange's clock), widens the session's
    /// replayed period to `replayedFrom … ts` in the same write.
    func recordProgress(session: String, ts: Timestamp, consumed: Int64, replayedFrom: Timestamp?) throws
    /// The mark and the pid of the process that wrote it.
    func progress(session: String) throws -> ProgressMark?
    /// Posts the mark where `progress` finds it at once, without the write
    /// `recordProgress` makes: for each time gen-exec's input runs dry.
    func postProgress(session: String, ts: Timestamp, consumed: Int64)
}

extension PipelineProgress {
    public func postProgress(session: String, ts: Timestamp, consumed: Int64) {}
}

/// How far gen-exec has caught up, as it last said.
public struct ProgressMark: Sendable, Equatable {
    public var ts: Timestamp
    public var consumed: Int64
    public var pid: Int32

    public init(ts: Timestamp, consumed: Int64, pid: Int32) {
        self.ts = ts
        self.consumed = consumed
        self.pid = pid
    }
}

/// Trading sessions: each pipeline run's label, kind and venue.
public protocol SessionRepository {
    func registerSession(_ id: String, kind: String, venue: String, at time: Timestamp) throws
}

/// What reports read.
public protocol ReportRepository {
    func requireAccount(session: String) throws -> Account
    func closedPositions(session: String) throws -> [Position]
    func openPositionCount(session: String) throws -> Int
    func verifyEvents() throws -> ChainVerification
}

/// The tier state machine's supervision (DESIGN §2), run where fills happen.
public protocol DisciplineRepository {
    func superviseTier(session: String, config: GenesisConfig, now: Timestamp, holdsPositions: Bool, unrealized: Decimal) throws -> TierSupervision
    /// Records a symbol's market state as gen-signal classified it (DESIGN §7).
    func recordMarketStates(_ records: [MarketStateRecord]) throws
    /// ρ of recent returns between a symbol and each held symbol, measured
    /// as `settings` says (DESIGN §3.4); pairs too short of data are left out.
    func correlations(of symbol: String, with held: [String], now: Timestamp, settings: Correlation.Settings) throws -> [String: Correlation.Measurement]
    /// Scores the session's behaviour at `now` and applies the tilt interventions.
    @discardableResult
    func evaluateTilt(session: String, config: GenesisConfig, now: Timestamp) throws -> TiltEvaluation
    func requireAccount(session: String) throws -> Account
    /// The session's account, opened at `time` on first use (a backtest's own portfolio).
    func requireAccount(session: String, openingAt time: Timestamp?) throws -> Account
}
