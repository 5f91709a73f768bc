import Foundation

/// A closed round trip as the tilt detector sees it: when it opened and
/// closed, how big it was and how it ended. The caller reads these from the
/// store; the detector never touches the database.
public struct TradeRecord: Sendable, Equatable {
    /// `exitReason` of a trade closed by its stop-loss (revenge entries key on it).
    public static let stopLoss = "STOP_LOSS"
    public static let takeProfit = "TAKE_PROFIT"
    public static let exit = "EXIT"

    public var openedAt: Timestamp
    public var closedAt: Timestamp
    public var symbol: String
    /// Entry size in the quote asset.
    public var notional: Decimal
    /// Realised profit or loss after fees.
    public var pnl: Decimal
    /// `STOP_LOSS`, `TAKE_PROFIT` or `EXIT`.
    public var exitReason: String
    /// Placed by hand rather than from a strategy's signal.
    public var manual: Bool

    public init(openedAt: Timestamp, closedAt: Timestamp, symbol: String, notional: Decimal, pnl: Decimal, exitReason: String, manual: Bool = false) {
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.symbol = symbol
        self.notional = notional
        self.pnl = pnl
        self.exitReason = exitReason
        self.manual = manual
    }

    /// A loss is a strictly negative result; a break-even trade is not one
    /// (and so, like a win, it ends a losing streak).
    public var isLoss: Bool { pnl < 0 }
}

/// An order the trader (or a strategy) placed, with what happened to it
/// afterwards: the raw material of the cancel-rate and bargaining indicators.
public struct OrderRecord: Sendable, Equatable {
    public var clientOrderID: String
    public var placedAt: Timestamp
    public var canceledAt: Timestamp?
    /// How many times the order was amended after placement.
    public var modifications: Int
    public var manual: Bool

    public init(clientOrderID: String, placedAt: Timestamp, canceledAt: Timestamp? = nil, modifications: Int = 0, manual: Bool = false) {
        self.clientOrderID = clientOrderID
        self.placedAt = placedAt
        self.canceledAt = canceledAt
        self.modifications = modifications
        self.manual = manual
    }
}

/// The kinds of behavioural event the commands record for the detector.
public enum BehaviourKind: String, CaseIterable, Codable, Sendable {
    case manualOrder = "manual_order"
    case overrideAttempt = "override_attempt"
    case forcedResume = "forced_resume"
    case configChange = "config_change"
    case halt = "halt"
    case resume = "resume"
    case watcherRestart = "watcher_restart"

    /// Something the trader did by hand. A watcher restart is left out: it is
    /// as often the supervisor or a crash as the trader, so it counts only
    /// toward rage restarts, never as manual activity (off-hours, impulsive
    /// reaction, usual hours).
    public var isManual: Bool { self != .watcherRestart }

    /// Overriding the system: a manual order outside signals, an attempt to
    /// override a halt, or a forced resume (the manual-override indicator).
    public var isOverride: Bool { self == .manualOrder || self == .overrideAttempt || self == .forcedResume }

    /// Stopping or restarting the machinery (the rage-restarts indicator).
    public var isRestart: Bool { self == .halt || self == .resume || self == .watcherRestart }
}

/// One behavioural event: what kind, when, and a short free-text detail.
public struct BehaviourRecord: Sendable, Equatable {
    public var kind: BehaviourKind
    public var at: Timestamp
    public var detail: String

    public init(kind: BehaviourKind, at: Timestamp, detail: String = "") {
        self.kind = kind
        self.at = at
        self.detail = detail
    }
}

/// Everything the detector reads, as the caller loaded it from the store.
/// The initialiser sorts each list by time (trades by close, then open) so
/// the indicators can walk them in order whatever the query returned.
public struct TiltHistory: Sendable, Equatable {
    public private(set) var trades: [TradeRecord]
    public private(set) var orders: [OrderRecord]
    public private(set) var behaviour: [BehaviourRecord]

    public init(trades: [TradeRecord] = [], orders: [OrderRecord] = [], behaviour: [BehaviourRecord] = []) {
        self.trades = trades.sorted { ($0.closedAt, $0.openedAt) < ($1.closedAt, $1.openedAt) }
        self.orders = orders.sorted { $0.placedAt < $1.placedAt }
        self.behaviour = behaviour.sorted { $0.at < $1.at }
    }

    /// The earliest thing the history knows of: an entry, an order or a
    /// behavioural event. The baseline is established once this lies at least
    /// `baselineDays` in the past.
    public var firstActivity: Timestamp? {
        [trades.map(\.openedAt).min(), orders.first?.placedAt, behaviour.first?.at].compactMap { $0 }.min()
    }

    /// Trades closed at or before `now`, oldest close first.
    func closedTrades(at now: Timestamp) -> [TradeRecord] {
        trades.filter { $0.closedAt <= now }
    }

    /// Trades entered at or before `now`, oldest entry first (an entry counts
    /// from its opening even when the close is still to come).
    public func entries(at now: Timestamp) -> [TradeRecord] {
        trades.filter { $0.openedAt <= now }.sorted { $0.openedAt < $1.openedAt }
    }

    /// Orders placed at or before `now`.
    func placedOrders(at now: Timestamp) -> [OrderRecord] {
        orders.filter { $0.placedAt <= now }
    }

    /// Behavioural events at or before `now`.
    public func events(at now: Timestamp) -> [BehaviourRecord] {
        behaviour.filter { $0.at <= now }
    }

    /// Times of activity for trade frequency: every trade entry and every
    /// order placement, sorted. The baseline and the frequency indicator
    /// both count this way, so their ratio compares like with like.
    func activityTimes(at now: Timestamp) -> [Timestamp] {
        (entries(at: now).map(\.openedAt) + placedOrders(at: now).map(\.placedAt)).sorted()
    }
}
