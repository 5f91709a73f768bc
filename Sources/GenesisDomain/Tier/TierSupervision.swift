import Foundation

/// What one look at a session's figures decided (DESIGN §2): a demotion, a
/// deleveraging step, or the emergency close. The store has already applied
/// the tier change and canceled the orders it holds; the venue's part (selling,
/// canceling on an exchange) is left to the caller, with the lines to tell the trader.
public struct TierSupervision: Sendable, Equatable {
    public var change: TierChange?
    /// Share of every open position to sell now (staged deleveraging).
    public var sellShare: Decimal?
    public var stage = 0
    /// Close every open position, biggest losers first (the emergency).
    public var closeAll = false
    /// Orders the demotion canceled in the store.
    public var canceled: [String] = []
    public var alerts: [Alert] = []

    public var isEmpty: Bool { change == nil && sellShare == nil && !closeAll && alerts.isEmpty }

    /// An `alert` line (docs/PROTOCOL.md §8.10).
    public struct Alert: Sendable, Equatable {
        public var level: String
        public var code: String
        public var message: String
        public var symbol: String?

        public init(level: String, code: String, message: String, symbol: String? = nil) {
            self.level = level
            self.code = code
            self.message = message
            self.symbol = symbol
        }

        public func encoded(ts: Timestamp) -> [UInt8] {
            var line = JSONLineBuilder(type: .alert, ts: ts)
            line.field("level", level)
            line.field("code", code)
            line.field("message", message)
            line.field("symbol", symbol)
            return line.finishBytes()
        }
    }

    public init(change: TierChange? = nil, sellShare: Decimal? = nil, canceled: [String] = [], alerts: [Alert] = []) {
        self.change = change
        self.sellShare = sellShare
        self.canceled = canceled
        self.alerts = alerts
    }
}

extension TierMachine {
    /// Describes a trigger with its figures, for the event and the trader.
    public func describe(_ trigger: DemotionTrigger, _ snapshot: TierSnapshot, now: Timestamp) -> String {
        let account = snapshot.account
        let demotion = config.demotion
        switch trigger {
        case .dailyLoss:
            let start = account.startOfDayBalance(at: now)
            let loss = -min(0, account.profitToday(at: now))
            return "a daily loss of \(loss.rounded(scale: 2, .plain).plainText), \(SizingPlan.percent(start > 0 ? loss / start : 0)) of the day's starting balance \(start.rounded(scale: 2, .plain).plainText) (limit \(SizingPlan.percent(demotion.dailyLossFraction.value)))"
        case .drawdown:
            let peak = snapshot.state.drawdownPeak(account)
            return "a drawdown to \(account.balance.rounded(scale: 2, .plain).plainText), \(SizingPlan.percent(peak > 0 ? (peak - account.balance) / peak : 0)) below the peak of \(peak.rounded(scale: 2, .plain).plainText) (limit \(SizingPlan.percent(demotion.drawdownFraction.value)))"
        case .belowFloor:
            return "more than \(demotion.belowFloorMinutes) minutes below the \(account.tier.rawValue) floor of \(config.tiers[account.tier].minimumBalance.value.plainText)"
        case .stopLosses:
            return "\(demotion.stopLossesIn24Hours) stop-losses within 24 hours"
        case .tilt:
            return "a tilt score of \(snapshot.tiltScore) while trading (limit \(demotion.tiltScore))"
        case .violations:
            return "\(demotion.violationsIn24Hours) risk-rule violations within 24 hours"
        case .overrides:
            return "\(demotion.overrideAttemptsIn24Hours) override attempts within 24 hours"
        case .manual:
            return "the trader's own decision"
        }
    }
}
