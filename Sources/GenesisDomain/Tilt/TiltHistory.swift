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

/// The kinds of behavioural event the detector reads. Most are recorded by
/// the commands as `behaviour.<kind>` events; the three kinds of manual trade
/// are read from gen-risk's record of the trader's own signals
/// (`BehaviourKind.ofManualSignal`), because what a manual order *was* — an
/// entry placed, an entry refused, an exit — decides what it says about tilt.
public enum BehaviourKind: String, CaseIterable, Codable, Sendable {
    /// A manual entry the risk engine approved: new risk taken by hand.
    case manualOrder = "manual_order"
    /// A manual entry refused by a sizing, limit or exchange rule: tried, not placed.
    case manualRefused = "manual_refused"
    /// A manual sell: closing or reducing a position by hand. Taking risk off
    /// is not tilt, so it counts only as activity (usual hours, off-hours).
    case manualExit = "manual_exit"
    case overrideAttempt = "override_attempt"
    case forcedResume = "forced_resume"
    case configChange = "config_change"
    case halt = "halt"
    case resume = "resume"
    case watcherRestart = "watcher_restart"
    /// The trader changed a resting order's price or quantity (`gen-exec
    /// amend`): the bargaining indicator counts these in bursts.
    case orderAmend = "order_amend"
    /// The trader canceled one order (`gen-exec cancel`): manual activity;
    /// the cancel itself shows in the order's record for the cancel rate.
    case orderCancel = "order_cancel"
    /// A trade made outside GENESIS (Binance's app, another tool) that the
    /// trader acknowledged at reconciliation (`gen-exec reconcile
    /// --acknowledge-trades`): one per trade, dated at the trade. Every
    /// such trade bypassed the risk engine, so it is an override.
    case appTrade = "app_trade"

    /// Something the trader did by hand. A watcher restart is left out: it is
    /// as often the supervisor or a crash as the trader, so it counts only
    /// toward rage restarts, never as manual activity (off-hours, usual hours).
    public var isManual: Bool { self != .watcherRestart }

    /// Overriding the system: a manual entry outside signals, an attempt to
    /// trade through a discipline rule, or a forced resume (the
    /// manual-override indicator). Exits and refused-for-size entries are not.
    public var isOverride: Bool { self == .manualOrder || self == .overrideAttempt || self == .forcedResume || self == .appTrade }

    /// An act that adds or forces risk, the kind a loss can provoke (the
    /// impulsive-reaction indicator): an entry placed or tried, an override,
    /// a resume, a settings change. Exits and halts take risk off, and
    /// closing a losing position by hand is not a reaction to its own loss.
    public var isReaction: Bool {
        switch self {
        case .manualOrder, .manualRefused, .overrideAttempt, .forcedResume, .resume, .configChange, .appTrade, .orderAmend: true
        case .manualExit, .halt, .watcherRestart, .orderCancel: false
        }
    }

    /// A manual entry, placed or tried (the warm-up pace rule counts these).
    public var isManualEntry: Bool { self == .manualOrder || self == .manualRefused || self == .overrideAttempt }

    /// Stopping or restarting the machinery (the rage-restarts indicator).
    public var isRestart: Bool { self == .halt || self == .resume || self == .watcherRestart }

    /// The rules whose refusal of a manual entry makes it an attempt to trade
    /// through the discipline (an override attempt) rather than an entry that
    /// did not fit: halts, tilt interventions, the emergency, and the loss
    /// and drawdown limits.
    public static let disciplineRules: Set<String> = {
        let rules: [RiskRule] = [.tradingState, .tiltLocked, .tiltBreak, .tiltReason, .emergencyHalt, .journalRequired,
                                 .dailyLossLimit, .dailyLossWarning, .emergencyDailyLoss, .maxDrawdown]
        return Set(rules.map(\.rawValue))
    }()

    /// What a manual signal was, from its side and, when it was refused, the
    /// rule that refused it.
    public static func ofManualSignal(side: Side, refusedBy rule: String?) -> BehaviourKind {
        if side == .sell { return .manualExit }
        guard let rule else { return .manualOrder }
        return disciplineRules.contains(rule) ? .overrideAttempt : .manualRefused
    }
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
