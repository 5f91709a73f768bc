import Foundation

/// One closed trade (or closed part of one) as the reports see it.
public struct TradeResult: Sendable, Equatable {
    public var closedAt: Timestamp
    public var openedAt: Timestamp
    public var symbol: String
    public var strategy: String
    /// Realised P&L net of all fees (the same as `Position.realizedPnL`).
    public var pnl: Decimal
    /// Money at risk when the trade opened, `(entry − stop) × quantity`: the
    /// unit of R multiples. nil without a stop. Its magnitude is used, so a
    /// short's negative `(entry − stop) × quantity` works as is; zero counts
    /// as no risk (an R over zero risk means nothing).
    public var risk: Decimal?
    /// Fees paid (already inside `pnl`; kept to report what fees cost).
    public var fees: Decimal

    public init(closedAt: Timestamp, openedAt: Timestamp, symbol: String, strategy: String,
                pnl: Decimal, risk: Decimal? = nil, fees: Decimal = 0) {
        self.closedAt = closedAt
        self.openedAt = openedAt
        self.symbol = symbol
        self.strategy = strategy
        self.pnl = pnl
        self.risk = risk
        self.fees = fees
    }

    /// The result of a closed position, nil while it is open. Its risk is
    /// `(entry − stop) × quantity` when it had a stop.
    public init?(closed position: Position) {
        guard let closed = position.closedAt, let pnl = position.realizedPnL else { return nil }
        self.init(closedAt: closed, openedAt: position.openedAt, symbol: position.symbol, strategy: position.strategy, pnl: pnl,
                  risk: position.stop.map { position.entryPrice.subtractingExactly($0).multipliedExactly(by: position.quantity) }, fees: position.fees)
    }

    /// `pnl / |risk|`, nil without a non-zero risk.
    public var rMultiple: Double? {
        guard let risk, risk != 0 else { return nil }
        return pnl.dividedExactly(by: abs(risk)).fastApproximateDouble
    }
}

/// Metrics that need only the trades, for the whole account and for each
/// group of a breakdown. Money is `Decimal`; ratios are `Double`.
public struct TradeStatistics: Sendable, Equatable {
    public var trades = 0
    /// Trades with P&L > 0.
    public var wins = 0
    /// Trades with P&L < 0.
    public var losses = 0
    /// Trades with P&L exactly 0: neither a win nor a loss.
    public var breakeven = 0
    /// Sum of winning P&L.
    public var grossProfit: Decimal = 0
    /// Sum of losing P&L as a positive amount.
    public var grossLoss: Decimal = 0
    public var netPnL: Decimal = 0
    public var fees: Decimal = 0
    /// Trades that carried a risk, i.e. that have an R multiple.
    public var tradesWithRisk = 0
    /// Mean R multiple over the trades that have one (nil when none has).
    public var averageR: Double?
    /// System Quality Number `sqrt(N) × mean / sample stdev` of the R
    /// multiples, or of the P&L per trade when no trade has a risk. nil with
    /// fewer than two values or when they are all equal (stdev 0).
    public var sqn: Double?
    /// Longest run of consecutive winning trades in close order.
    public var longestWinStreak = 0
    /// Longest run of consecutive losing trades in close order.
    public var longestLossStreak = 0

    /// Wins over all trades, breakeven included (nil with no trades).
    public var winRate: Double? { trades == 0 ? nil : Double(wins) / Double(trades) }

    /// Gross profit over gross loss (nil when nothing was lost: the ratio
    /// would be infinite, or 0/0 with no trades).
    public var profitFactor: Double? { grossLoss == 0 ? nil : (grossProfit / grossLoss).approximateDouble }

    /// Mean P&L per trade (nil with no trades).
    public var expectancy: Decimal? { trades == 0 ? nil : netPnL / Decimal(trades) }

    /// Why each of the figures above that is nil has no value, for the
    /// reports (`why_null`): a missing figure is never printed as a number.
    public var whyNull: [Figure: String] {
        guard trades > 0 else {
            return Dictionary(uniqueKeysWithValues: [Figure.winRate, .profitFactor, .expectancy, .averageR, .sqn].map { ($0, "no closed trades") })
        }
        var reasons: [Figure: String] = [:]
        if profitFactor == nil { reasons[.profitFactor] = "no losing trade: the gross loss it divides by is 0" }
        if averageR == nil { reasons[.averageR] = "no trade had a stop, so none has an R multiple" }
        if sqn == nil {
            let values = tradesWithRisk > 0 ? tradesWithRisk : trades
            reasons[.sqn] = values >= 2 ? "every result is the same (standard deviation 0)"
                : tradesWithRisk > 0 ? "needs at least 2 trades with a stop; there is 1" : "needs at least 2 trades; there is 1"
        }
        return reasons
    }

    public init() {}

    /// Computes the statistics; `trades` may come in any order (streaks follow
    /// the close time; equal close times keep the given order).
    public init(trades list: [TradeResult]) {
        var accumulator = Accumulator()
        for trade in TradeResult.inCloseOrder(list) { accumulator.add(trade) }
        self = accumulator.statistics
    }

    /// The statistics built one trade at a time, the trades given in close
    /// order: a breakdown feeds each group's accumulator in one pass over the
    /// session's trades instead of copying every group's trades into an array
    /// of its own first. `TradeStatistics(trades:)` is this over one group.
    public struct Accumulator: Sendable {
        private var counts = TradeStatistics()
        private var winRun = 0
        private var lossRun = 0
        // Exact integer sums where the amounts fit (`DecimalSum`): the same totals as adding `Decimal`s.
        private var net = DecimalSum(), paid = DecimalSum(), profit = DecimalSum(), loss = DecimalSum()
        private var rMultiples: [Double] = []
        /// Each trade's P&L as a `Double`, kept only while no trade has had an
        /// R multiple: SQN falls back on them when none has.
        private var pnls: [Double] = []

        public init() {}

        public mutating func add(_ trade: TradeResult) {
            counts.trades += 1
            net.add(trade.pnl)
            paid.add(trade.fees)
            // Signs read from the mantissa (`isAboveZero`): Foundation's comparison per trade was a visible share of a report.
            if trade.pnl.isAboveZero {
                counts.wins += 1
                profit.add(trade.pnl)
                winRun += 1
                lossRun = 0
            } else if trade.pnl.isBelowZero {
                counts.losses += 1
                loss.subtract(trade.pnl)
                lossRun += 1
                winRun = 0
            } else {
                counts.breakeven += 1
                winRun = 0
                lossRun = 0
            }
            counts.longestWinStreak = max(counts.longestWinStreak, winRun)
            counts.longestLossStreak = max(counts.longestLossStreak, lossRun)
            if let r = trade.rMultiple {
                rMultiples.append(r)
                if !pnls.isEmpty { pnls = [] }
            } else if rMultiples.isEmpty {
                pnls.append(trade.pnl.fastApproximateDouble)
            }
        }

        /// The statistics of the trades added so far.
        public var statistics: TradeStatistics {
            var result = counts
            result.netPnL = net.total
            result.fees = paid.total
            result.grossProfit = profit.total
            result.grossLoss = loss.total
            result.tradesWithRisk = rMultiples.count
            result.averageR = SampleStatistics.mean(rMultiples)
            let sqnValues = rMultiples.isEmpty ? pnls : rMultiples
            if let mean = SampleStatistics.mean(sqnValues), let deviation = SampleStatistics.sampleStandardDeviation(sqnValues), deviation > 0 {
                result.sqn = Double(sqnValues.count).squareRoot() * mean / deviation
            }
            return result
        }
    }
}

extension TradeResult {
    /// A key of a trade's day (`day`, then `key` of it) for trades walked in
    /// close order: `key`, the period's text, is built once per run of trades
    /// on the same day, not once per trade.
    static func keyOncePerDay(day: @escaping (TradeResult) -> Int64, key: @escaping (Int64) -> String) -> (TradeResult) -> String {
        var last: (day: Int64, key: String)?
        return { trade in
            let day = day(trade)
            if let last, last.day == day { return last.key }
            let text = key(day)
            last = (day, text)
            return text
        }
    }

    /// `trades` in close order, equal close times in the given order: the
    /// list itself when it is in that order already (the store reads them so).
    public static func inCloseOrder(_ trades: [TradeResult]) -> [TradeResult] {
        trades.stableOrderIfUnsorted { trades[$0].closedAt }.map { $0.map { trades[$0] } } ?? trades
    }
}

/// The deepest fall of the equity curve below an earlier peak.
public struct Drawdown: Sendable, Equatable {
    /// Peak equity minus trough equity.
    public var amount: Decimal
    /// `amount / peak`.
    public var fraction: Double
    /// The equity it fell from.
    public var peak: Decimal
    /// The peak's day: the last day at that peak before the fall (the first
    /// day of the curve when the peak is the opening equity).
    public var startDay: Int64
    /// The trough's day: the lowest close before equity regains the peak.
    public var endDay: Int64

    public init(amount: Decimal, fraction: Double, peak: Decimal, startDay: Int64, endDay: Int64) {
        self.amount = amount
        self.fraction = fraction
        self.peak = peak
        self.startDay = startDay
        self.endDay = endDay
    }

    /// `amount / peak × 100`, exact.
    public var percent: Decimal { peak > 0 ? amount / peak * 100 : 0 }
}

/// The performance report of DESIGN §8: trade metrics plus the ratios that
/// come from the daily equity curve, so that open positions and days without
/// trades count (a curve sampled at closes alone hides both). Formulas and
/// the reason for each choice are in docs/METRICS.md.
public struct PerformanceMetrics: Sendable, Equatable {
    /// The fewest daily returns an annualised figure (Sharpe, Sortino, the
    /// annualised return, Calmar) is computed from. Below it the figure is
    /// nil with its reason: the √365 or 365/n of a few days blows one day's
    /// luck up into a yearly number (a one-trade, two-day session printed a
    /// Calmar in the thousands). docs/METRICS.md §2.
    public static let minimumDailyReturns = 30

    /// Metrics of the closed trades.
    public var trading: TradeStatistics
    public var initialBalance: Decimal
    /// The equity the curve's first day opened with (`EquityCurve.openingEquity`).
    public var openingEquity: Decimal
    /// Equity at the last day's close (the opening equity for an empty curve).
    public var finalEquity: Decimal
    /// `finalEquity − initialBalance`: realised and unrealised, fees included.
    public var netPnL: Decimal
    /// `netPnL / initialBalance` (nil when the initial balance is not positive).
    public var netPnLFraction: Double?
    /// The curve's first and last day (nil for an empty curve).
    public var firstDay: Int64?
    public var lastDay: Int64?
    /// Days of the curve, one point each.
    public var days: Int
    /// Daily returns the ratios are computed from: one a day, none after a
    /// close at zero or below.
    public var returns: Int
    /// `mean / sample stdev × sqrt(365)` of daily returns, risk-free rate 0.
    public var sharpe: Double?
    /// `mean / downside deviation × sqrt(365)`.
    public var sortino: Double?
    /// `(final / opening equity)^(365 / returns) − 1`.
    public var annualisedReturn: Double?
    /// `annualisedReturn / maxDrawdown.fraction`.
    public var calmar: Double?
    /// The largest drawdown by fraction of its peak, the opening equity
    /// included as a peak (nil if the curve never closes below a peak).
    public var maxDrawdown: Drawdown?
    /// Longest run of consecutive days closing below the highest earlier
    /// close (or the opening equity).
    public var longestUnderwaterDays: Int
    /// Why each figure of the curve that is nil has no value (the trades'
    /// figures say theirs in `trading.whyNull`).
    public var whyNull: [Figure: String] = [:]

    public init(curve: EquityCurve, trades: [TradeResult]) {
        self.init(curve: curve, trading: TradeStatistics(trades: trades))
    }

    /// The same with the trades' statistics already computed (the summary
    /// computes them for its realised balance and shares them).
    public init(curve: EquityCurve, trading: TradeStatistics) {
        self.trading = trading
        initialBalance = curve.initialBalance
        openingEquity = curve.openingEquity
        finalEquity = curve.finalEquity ?? curve.openingEquity
        netPnL = finalEquity - initialBalance
        netPnLFraction = initialBalance > 0 ? (netPnL / initialBalance).approximateDouble : nil
        if netPnLFraction == nil { whyNull[.equityNetPnLPercent] = "the initial balance is not positive" }
        firstDay = curve.points.first?.day
        lastDay = curve.points.last?.day
        if firstDay == nil {
            whyNull[.periodStart] = "the curve is empty"
            whyNull[.periodEnd] = "the curve is empty"
        }
        days = curve.points.count

        let returns = curve.dailyReturns
        self.returns = returns.count
        let annualisation = Double(365).squareRoot()
        if returns.count < Self.minimumDailyReturns {
            let reason = "needs at least \(Self.minimumDailyReturns) daily returns; the curve has \(returns.count)"
            for figure in [Figure.sharpe, .sortino, .annualisedReturn] { whyNull[figure] = reason }
        } else {
            let mean = SampleStatistics.mean(returns)!
            if let deviation = SampleStatistics.sampleStandardDeviation(returns), deviation > 0 {
                sharpe = mean / deviation * annualisation
            } else {
                whyNull[.sharpe] = "the daily returns do not vary (standard deviation 0)"
            }
            let downside = (returns.reduce(0) { $0 + min($1, 0) * min($1, 0) } / Double(returns.count)).squareRoot()
            if downside > 0 {
                sortino = mean / downside * annualisation
            } else {
                whyNull[.sortino] = "no day lost money (downside deviation 0)"
            }
            if openingEquity <= 0 || finalEquity <= 0 {
                whyNull[.annualisedReturn] = "the equity is not positive at the opening or at the last close"
            } else {
                let growth = pow((finalEquity / openingEquity).approximateDouble, 365 / Double(returns.count)) - 1
                if growth.isFinite { annualisedReturn = growth } else { whyNull[.annualisedReturn] = "too large to represent" }
            }
        }

        var deepest: (drawdown: Drawdown, fraction: Decimal)?
        var underwater = 0
        longestUnderwaterDays = 0
        if let first = curve.points.first {
            var peak = curve.openingEquity
            var peakDay = first.day
            for point in curve.points {
                if point.equity >= peak {
                    peak = point.equity
                    peakDay = point.day
                    underwater = 0
                    continue
                }
                underwater += 1
                longestUnderwaterDays = max(longestUnderwaterDays, underwater)
                guard peak > 0 else { continue }
                let amount = peak - point.equity
                let fraction = amount / peak
                if deepest == nil || fraction > deepest!.fraction {
                    deepest = (Drawdown(amount: amount, fraction: fraction.approximateDouble, peak: peak, startDay: peakDay, endDay: point.day), fraction)
                }
            }
        }
        maxDrawdown = deepest?.drawdown
        if maxDrawdown == nil {
            let reason = "the curve never closed below a peak (the opening equity counts as one)"
            whyNull[.equityMaxDrawdownStart] = reason
            whyNull[.equityMaxDrawdownEnd] = reason
        }
        if let annualisedReturn, let maxDrawdown {
            let ratio = annualisedReturn / maxDrawdown.fraction
            if ratio.isFinite { calmar = ratio } else { whyNull[.calmar] = "too large to represent" }
        } else if let reason = whyNull[.annualisedReturn] {
            whyNull[.calmar] = "the annualised return is null: " + reason
        } else {
            whyNull[.calmar] = "no drawdown to divide by: the curve never closed below a peak"
        }
    }

    /// Trade metrics per group, groups sorted by key. `key` names the group
    /// of a trade (a tier lookup, say, for a breakdown not built in).
    public static func grouped(_ trades: [TradeResult], by key: (TradeResult) -> String) -> [TradeGroup] {
        groupStatistics(trades, by: key).map { TradeGroup(key: $0.key, statistics: $0.statistics) }.sorted { $0.key < $1.key }
    }

    /// Each group's statistics in the order the groups first close, from one
    /// pass over the trades in close order (each group then sees its trades
    /// in the order `TradeStatistics(trades:)` of that group alone walks them).
    /// `key` is called once per trade, in close order.
    static func groupStatistics(_ trades: [TradeResult], by key: (TradeResult) -> String) -> [(key: String, statistics: TradeStatistics)] {
        var groups: [(key: String, accumulator: TradeStatistics.Accumulator)] = []
        var index: [String: Int] = [:]
        var last = -1
        for trade in TradeResult.inCloseOrder(trades) {
            let name = key(trade)
            // Neighbours in close order usually share a group (the same day, week, strategy run): no hash then.
            if last < 0 || groups[last].key != name {
                if let known = index[name] {
                    last = known
                } else {
                    last = groups.count
                    index[name] = last
                    groups.append((name, TradeStatistics.Accumulator()))
                }
            }
            groups[last].accumulator.add(trade)
        }
        return groups.map { ($0.key, $0.accumulator.statistics) }
    }

    /// Trade metrics per strategy, pair, hour or period (see `TradeBreakdown`).
    public static func breakdown(_ trades: [TradeResult], by dimension: TradeBreakdown) -> [TradeGroup] {
        grouped(trades, by: dimension.cachedKey())
    }
}

/// The figures of the performance report that can be missing, by the name
/// `gen-report summary --json` and GET /v1/performance give them; the
/// reports print null (or n/a) with the reason from `whyNull`.
public enum Figure: String, Sendable, CaseIterable {
    case winRate = "win_rate"
    case profitFactor = "profit_factor"
    case expectancy
    case averageR = "average_r"
    case sqn
    case firstTrade = "first_trade"
    case lastTrade = "last_trade"
    case periodStart = "period_start"
    case periodEnd = "period_end"
    case equityNetPnLPercent = "equity_net_pnl_pct"
    case sharpe
    case sortino
    case calmar
    case annualisedReturn = "annualised_return"
    case equityMaxDrawdownStart = "equity_max_drawdown_start"
    case equityMaxDrawdownEnd = "equity_max_drawdown_end"

    /// `why_null`: each missing figure with its reason, in this order.
    public static func json(_ reasons: [Figure: String]) -> JSONValue {
        .object(allCases.compactMap { figure in reasons[figure].map { (figure.rawValue, .string($0)) } })
    }
}

/// The trade metrics of one group of a breakdown.
public struct TradeGroup: Sendable, Equatable {
    public var key: String
    public var statistics: TradeStatistics

    public init(key: String, statistics: TradeStatistics) {
        self.key = key
        self.statistics = statistics
    }
}

/// The built-in ways to split trades. Every time key is the UTC close time:
/// a trade belongs to the period where its P&L was realised. Keys sort in
/// time order as plain text.
public enum TradeBreakdown: String, Sendable, CaseIterable {
    /// The strategy name.
    case strategy
    /// The symbol, e.g. `BTCUSDT`.
    case pair
    /// Hour of the close, `00` … `23`.
    case hour
    /// `2024-03-01`.
    case day
    /// ISO 8601 week (Monday first; week 1 holds the year's first Thursday), `2024-W09`.
    case week
    /// `2024-03`.
    case month

    /// `key(_:)` for trades given in close order: a period's text is built
    /// once per day, not once per trade.
    func cachedKey() -> (TradeResult) -> String {
        switch self {
        case .strategy, .pair, .hour:
            return { self.key($0) }
        case .day, .week, .month:
            return TradeResult.keyOncePerDay(day: \.closedAt.utcDay) { self.key(day: $0)! }
        }
    }

    public func key(_ trade: TradeResult) -> String {
        let ms = trade.closedAt.milliseconds
        let day = trade.closedAt.utcDay
        switch self {
        case .strategy:
            return trade.strategy
        case .pair:
            return trade.symbol
        case .hour:
            let hour = (ms - day * Timestamp.millisecondsPerDay) / 3_600_000
            return Self.twoDigits(hour)
        case .day, .week, .month:
            return key(day: day)!
        }
    }

    /// ISO week-numbering year and week of a UTC day number. The week belongs
    /// to the year of its Thursday, so 2024-12-30 is in 2025-W01.
    static func isoWeek(_ day: Int64) -> (year: Int64, week: Int64) {
        // 1970-01-01 (day 0) was a Thursday; weekday 0 = Monday.
        let weekday = ((day + 3) % 7 + 7) % 7
        let thursday = day - weekday + 3
        let year = Timestamp.civil(thursday).year
        let januaryFirst = Timestamp.dayNumber(year: year, month: 1, day: 1)
        return (year, (thursday - januaryFirst) / 7 + 1)
    }

    private static func twoDigits(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func year(_ value: Int64) -> String {
        let digits = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// Mean and sample standard deviation, the only statistics the metrics use.
enum SampleStatistics {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Sample (n − 1) standard deviation: the returns are a sample of the
    /// strategy's behaviour, not the whole population. nil below two values.
    static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let mean = mean(values) else { return nil }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (squares / Double(values.count - 1)).squareRoot()
    }
}

extension TradeBreakdown {
    /// The key of the period holding UTC day number `day` (`day`, `week`
    /// and `month` only; nil for the other dimensions): the same text `key(_:)`
    /// gives a trade closed that day, so per-period reports name periods as
    /// the breakdown does.
    public func key(day: Int64) -> String? {
        switch self {
        case .day:
            let date = Timestamp.civil(day)
            return "\(Self.year(date.year))-\(Self.twoDigits(date.month))-\(Self.twoDigits(date.day))"
        case .week:
            let week = Self.isoWeek(day)
            return "\(Self.year(week.year))-W\(Self.twoDigits(week.week))"
        case .month:
            let date = Timestamp.civil(day)
            return "\(Self.year(date.year))-\(Self.twoDigits(date.month))"
        case .strategy, .pair, .hour:
            return nil
        }
    }
}
