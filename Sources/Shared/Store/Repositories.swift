import Foundation

// The seams between the domain and storage. Domain code (stages, venues,
// importers, reports) asks for these protocols, never for SQL, so a second
// implementation (PostgreSQL, SPEC §1.2) slots in without touching it.
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

/// What the risk engine reads before judging a signal, and where it records the verdict.
public protocol RiskRepository {
    func riskState(session: String) throws -> RiskState
    /// Records the signal and the decision in one transaction; false when the
    /// signal had already been judged in this session.
    @discardableResult
    func recordDecision(_ signal: Signal, session: String, result: Result<OrderIntent, Rejection>) throws -> Bool
}

/// The replay barrier's progress marks (see `ReplayBarrier`).
public protocol PipelineProgress {
    func resetProgress(session: String) throws
    func recordProgress(session: String, ts: Timestamp) throws
    func progress(session: String) throws -> Timestamp?
}

/// Trading sessions: each pipeline run's label, kind and venue.
public protocol SessionRepository {
    func registerSession(_ id: String, kind: String, venue: String, at time: Timestamp) throws
}

/// What reports read.
public protocol ReportRepository {
    func requireAccount() throws -> Account
    func closedPositions() throws -> [Position]
    func openPositionCount() throws -> Int
    func verifyEvents() throws -> EventLog.Verification
}

extension Store: CandleRepository, RiskRepository, PipelineProgress, SessionRepository, ReportRepository {}
