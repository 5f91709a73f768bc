import Foundation

/// ACTIVE, REDUCING or HALTED (DESIGN §3.1), with the reason it was set.
public enum TradingState: String, Sendable, CaseIterable {
    case active = "ACTIVE"
    case reducing = "REDUCING"
    case halted = "HALTED"
}

extension TradingState {
    /// What the trading state lets through (DESIGN §3.1, §10): HALTED and
    /// REDUCING refuse every buy. A spot sell only ever takes risk off (a
    /// stop or target, a strategy's exit, a deleveraging or correlation cut,
    /// a close-all, the emergency), so no state refuses it: a halt stops new
    /// risk, never protection. gen-risk asks this of every signal, each venue
    /// of every order it sends.
    public func refusal(for side: Side, reason: String) -> Rejection? {
        guard side == .buy else { return nil }
        switch self {
        case .halted: return Rejection(.tradingState, "Trading is halted (\(reason)); no new position is opened until `gen-exec resume` (exits still go through).")
        case .reducing: return Rejection(.tradingState, "Trading is in REDUCING mode (\(reason)); only orders that reduce exposure are sent.")
        case .active: return nil
        }
    }
}

/// The trading account: balance is realised equity (cash plus the cost of
/// open positions), so it moves only on fees and realised profit or loss.
public struct Account: Sendable, Equatable {
    /// The session of the trader's own account (`gen-risk account init`);
    /// every other session is a backtest or paper portfolio.
    public static let defaultSession = "default"

    public var quoteAsset: String
    public var initialBalance: Decimal
    public var balance: Decimal
    public var peakBalance: Decimal
    /// Balance at the start of `day` (UTC day number on the active clock).
    public var dayStartBalance: Decimal
    public var day: Int64
    public var tier: Tier
    public var tierStartedAt: Timestamp

    public init(quoteAsset: String = "USDT", initialBalance: Decimal, balance: Decimal, peakBalance: Decimal, dayStartBalance: Decimal, day: Int64, tier: Tier, tierStartedAt: Timestamp) {
        self.quoteAsset = quoteAsset
        self.initialBalance = initialBalance
        self.balance = balance
        self.peakBalance = peakBalance
        self.dayStartBalance = dayStartBalance
        self.day = day
        self.tier = tier
        self.tierStartedAt = tierStartedAt
    }

    /// A new account at the first tier.
    public static func opening(balance: Decimal, at time: Timestamp, quoteAsset: String = "USDT") -> Account {
        Account(quoteAsset: quoteAsset, initialBalance: balance, balance: balance, peakBalance: balance, dayStartBalance: balance,
                day: time.utcDay, tier: .sniper, tierStartedAt: time)
    }

    /// Money deposited (positive) or withdrawn (negative): the balance, its
    /// peak and the day's starting balance move together, so the day's P&L
    /// and the drawdown from the peak stay what trading made them.
    public mutating func apply(transfer amount: Decimal) {
        balance += amount
        peakBalance = max(balance, peakBalance + amount)
        dayStartBalance += amount
    }

    /// Rolls the daily figures when `time` falls on another UTC day. Any
    /// other day, not only a later one: a backtest replays days older than
    /// the account itself, and its daily limits must still reset.
    public mutating func roll(to time: Timestamp) {
        if time.utcDay != day {
            day = time.utcDay
            dayStartBalance = balance
        }
    }

    /// Realised profit or loss since the start of `time`'s day.
    public func profitToday(at time: Timestamp) -> Decimal {
        time.utcDay == day ? balance - dayStartBalance : 0
    }

    /// The balance at the start of `time`'s day.
    public func startOfDayBalance(at time: Timestamp) -> Decimal {
        time.utcDay == day ? dayStartBalance : balance
    }
}

/// An open or closed long position (spot: long only).
public struct Position: Sendable, Equatable {
    public var session: String
    public var symbol: String
    public var quantity: Decimal
    public var entryPrice: Decimal
    public var stop: Decimal?
    public var target: Decimal?
    public var strategy: String
    public var signalID: String
    public var entryClientOrderID: String
    public var openedAt: Timestamp
    /// Entry and exit fees paid, in the quote asset.
    public var fees: Decimal
    public var closedAt: Timestamp?
    public var exitPrice: Decimal?
    public var exitReason: String?
    /// Net of all fees.
    public var realizedPnL: Decimal?
    /// Gross profit of the parts already sold while the rest stays open.
    public var realizedGross: Decimal = 0

    public init(session: String, symbol: String, quantity: Decimal, entryPrice: Decimal, stop: Decimal?, target: Decimal?, strategy: String,
                signalID: String, entryClientOrderID: String, openedAt: Timestamp, fees: Decimal) {
        self.session = session
        self.symbol = symbol
        self.quantity = quantity
        self.entryPrice = entryPrice
        self.stop = stop
        self.target = target
        self.strategy = strategy
        self.signalID = signalID
        self.entryClientOrderID = entryClientOrderID
        self.openedAt = openedAt
        self.fees = fees
    }

    public var cost: Decimal { quantity * entryPrice }
    public var isOpen: Bool { closedAt == nil }
}

/// The tilt detector's standing for a session, as the risk engine needs it.
public struct TiltStanding: Sendable, Equatable {
    public var score = 0
    public var level: TiltLevel = .normal
    /// LOCKED stays until a journal entry is accepted after the lockout ends.
    public var locked = false
    public var lockoutEndsAt: Timestamp?
    /// The hour at half size after an unlock.
    public var recoveryUntil: Timestamp?
    /// The break forced by a losing streak.
    public var forcedBreakUntil: Timestamp?

    public init(score: Int = 0, level: TiltLevel = .normal, locked: Bool = false, lockoutEndsAt: Timestamp? = nil, recoveryUntil: Timestamp? = nil,
                forcedBreakUntil: Timestamp? = nil) {
        self.score = score
        self.level = level
        self.locked = locked
        self.lockoutEndsAt = lockoutEndsAt
        self.recoveryUntil = recoveryUntil
        self.forcedBreakUntil = forcedBreakUntil
    }
}

/// Recent results the sizing rules read: Kelly's statistics and the
/// losing-days multiplier (DESIGN §3.3).
public struct TradingRecord: Sendable, Equatable {
    /// Closed trades in the Kelly lookback (30 days): count, wins, and the
    /// average win and loss (positive amounts).
    public var trades = 0
    public var wins = 0
    public var averageWin: Decimal = 0
    public var averageLoss: Decimal = 0
    /// Consecutive UTC days, ending yesterday, that closed with a loss.
    public var losingDaysInARow = 0
    /// Entries made today (UTC), for the max-trades-per-day limit.
    public var entriesToday = 0

    public init(trades: Int = 0, wins: Int = 0, averageWin: Decimal = 0, averageLoss: Decimal = 0, losingDaysInARow: Int = 0, entriesToday: Int = 0) {
        self.trades = trades
        self.wins = wins
        self.averageWin = averageWin
        self.averageLoss = averageLoss
        self.losingDaysInARow = losingDaysInARow
        self.entriesToday = entriesToday
    }
}

/// Everything the risk engine needs to judge one signal, read from the store.
public struct RiskState: Sendable {
    public var account: Account
    public var tradingState: TradingState
    public var tradingStateReason: String
    public var openPositions: [Position]
    /// Orders sent but not yet filled (they will become positions).
    public var pendingEntries: [String]
    /// Quote tied up by those orders (their notional), for the balance check.
    public var pendingNotional: Decimal = 0
    public var tier = TierState()
    public var tilt = TiltStanding()
    public var record = TradingRecord()
    /// Correlation of recent returns between the signal's symbol and each
    /// open position's symbol (filled in per signal; absent when the data is short).
    public var correlations: [String: Double] = [:]
    /// The signal symbol's market state from the latest `market_state` line (DESIGN §7).
    public var marketState: MarketState?
    /// The latest price of each symbol on the input (a candle's close), to
    /// mark open positions to the market.
    public var marks: [String: Decimal] = [:]

    /// What the open positions would make or lose if sold at their marks
    /// (a position without a mark counts at its entry price).
    public var unrealized: Decimal { Self.unrealized(of: openPositions, marks: marks) }

    /// The one way open positions are marked to the market, for gen-risk and the paper venue.
    public static func unrealized(of positions: [Position], marks: [String: Decimal]) -> Decimal {
        positions.reduce(Decimal(0)) { total, position in
            total + ((marks[position.symbol] ?? position.entryPrice) - position.entryPrice) * position.quantity
        }
    }

    /// The account with its open positions marked to the market at `now`:
    /// the equity every loss limit is judged on (DESIGN §3.4). It is rolled
    /// to `now`'s UTC day first, as the tier supervision rolls it, so on a
    /// day without a fill yet the day starts from the realised balance and
    /// the paper loss since counts as today's. Its peak stays realised, so a
    /// paper gain never raises the bar drawdowns are measured from.
    public func markedAccount(at now: Timestamp) -> Account {
        var marked = account
        marked.roll(to: now)
        marked.balance += unrealized
        return marked
    }

    public init(account: Account, tradingState: TradingState = .active, tradingStateReason: String = "", openPositions: [Position] = [], pendingEntries: [String] = []) {
        self.account = account
        self.tradingState = tradingState
        self.tradingStateReason = tradingStateReason
        self.openPositions = openPositions
        self.pendingEntries = pendingEntries
    }
}
