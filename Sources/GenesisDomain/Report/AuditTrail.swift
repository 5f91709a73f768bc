import Foundation

/// `gen-report audit`: the append-only event log, filtered.
public struct AuditFilter: Sendable {
    public var typePrefix: String?
    public var aggregateID: String?
    public var since: Timestamp?
    public var until: Timestamp?
    public var limit: Int

    public init(typePrefix: String? = nil, aggregateID: String? = nil, since: Timestamp? = nil, until: Timestamp? = nil, limit: Int = 1000) {
        self.typePrefix = typePrefix
        self.aggregateID = aggregateID
        self.since = since
        self.until = until
        self.limit = limit
    }
}

/// One event as the audit report shows it.
public struct AuditEntry: Sendable, Equatable {
    public var seq: Int64
    public var occurredAt: Timestamp
    public var type: String
    public var aggregate: String
    public var payload: String

    public init(seq: Int64, occurredAt: Timestamp, type: String, aggregate: String, payload: String) {
        self.seq = seq
        self.occurredAt = occurredAt
        self.type = type
        self.aggregate = aggregate
        self.payload = payload
    }
}

/// `gen-report tilt`: how the trader's results went at each tilt level
/// (DESIGN §8 "tilt history and its correlation with performance").
public struct TiltHistoryReport: Sendable {
    public struct Level: Sendable, Equatable {
        public var level: TiltLevel
        public var trades: Int
        public var wins: Int
        public var netPnL: Decimal

        public init(level: TiltLevel, trades: Int, wins: Int, netPnL: Decimal) {
            self.level = level
            self.trades = trades
            self.wins = wins
            self.netPnL = netPnL
        }

        /// Wins over trades; nil without trades.
        public var winRate: Double? { trades == 0 ? nil : Double(wins) / Double(trades) }
    }

    public var levels: [Level]
    /// Pearson ρ between the level in force at each close (0…3) and the trade's P&L; nil without variety.
    public var correlation: Double?
    public var changes: [(Timestamp, TiltLevel)]
    public var lockouts: Int
    public var journals: (accepted: Int, rejected: Int)

    public init(levels: [Level], correlation: Double? = nil, changes: [(Timestamp, TiltLevel)], lockouts: Int, journals: (accepted: Int, rejected: Int)) {
        self.levels = levels
        self.correlation = correlation
        self.changes = changes
        self.lockouts = lockouts
        self.journals = journals
    }
}
