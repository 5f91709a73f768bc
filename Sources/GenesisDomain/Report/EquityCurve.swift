import Foundation

/// One UTC calendar day of the equity curve: the account's equity at that
/// day's close (realised balance plus the unrealised P&L of open positions).
public struct EquityPoint: Sendable, Equatable, Hashable {
    /// UTC day number since 1970-01-01 (`Timestamp.utcDay`).
    public var day: Int64
    public var equity: Decimal
    /// `equity / previous equity − 1`, where the first day's previous equity
    /// is the curve's opening equity (its baseline). nil after a base that is
    /// zero or negative (a ratio to a non-positive base means nothing).
    public var dailyReturn: Double?

    public init(day: Int64, equity: Decimal, dailyReturn: Double?) {
        self.day = day
        self.equity = equity
        self.dailyReturn = dailyReturn
    }

    /// `YYYY-MM-DD` of the day.
    public var date: String { ReportFormat.date(of: day) }
}

/// Daily equity, one point per UTC calendar day from the first day to the
/// last inclusive. Ratios such as Sharpe and Sortino need returns over equal
/// time steps; a curve sampled only when trades close would weight a busy
/// hour like a quiet month. Crypto trades every day, so every calendar day is
/// a step (weekends included) and a day without trades repeats the previous
/// equity, which is a return of exactly 0.
///
/// The baseline is the equity the first day opened with, not its close: the
/// first day's result is a return like any other, so a year of data is 365
/// (or 366) points and as many returns (docs/METRICS.md §1).
public struct EquityCurve: Sendable, Equatable {
    /// The account's opening balance, the base of "net P&L in percent".
    public let initialBalance: Decimal
    /// The equity the first day opened with: the initial balance plus every
    /// realised change dated before the first day. The base of the first
    /// day's return, of the drawdown's first peak and of the annualised return.
    public let openingEquity: Decimal
    public let points: [EquityPoint]

    /// Builds the curve.
    ///
    /// - `changes`: realised equity changes with their time: the P&L after
    ///   fees of each closed trade or partial exit, the (negative) fee of each
    ///   entry. Order does not matter; each counts on `day(closedBy:)` its time. A change before `startDay` is part of the
    ///   balance the curve opens with; a change after `endDay` is ignored.
    /// - `markToMarket`: unrealised P&L of the positions still open at a day's
    ///   close, by day number. It is added to that day only (it is not a
    ///   realised change, so it does not carry over): the caller gives a value
    ///   for every day that ends with open positions. A day without an entry has
    ///   no open positions.
    ///
    /// With `endDay < startDay` the curve is empty.
    public init(initialBalance: Decimal, startDay: Int64, endDay: Int64,
                changes: [(time: Timestamp, change: Decimal)], markToMarket: [Int64: Decimal] = [:]) {
        self.initialBalance = initialBalance
        // Exact integer sums where the amounts fit (`DecimalSum`): the same totals as adding `Decimal`s.
        var sums: [Int64: DecimalSum] = [:]
        var before = DecimalSum(initialBalance)
        for (time, change) in changes {
            let day = Self.day(closedBy: time)
            if day < startDay {
                before.add(change)
            } else if day <= endDay {
                sums[day, default: DecimalSum()].add(change)
            }
        }
        let byDay = sums.mapValues(\.total)
        var realised = before.total
        openingEquity = realised
        guard endDay >= startDay else {
            points = []
            return
        }
        var points: [EquityPoint] = []
        points.reserveCapacity(Int(endDay - startDay + 1))
        var previous = realised
        for day in startDay...endDay {
            realised += byDay[day] ?? 0
            let equity = realised + (markToMarket[day] ?? 0)
            let dailyReturn = previous > 0 ? ((equity - previous) / previous).approximateDouble : nil
            points.append(EquityPoint(day: day, equity: equity, dailyReturn: dailyReturn))
            previous = equity
        }
        self.points = points
    }

    /// The same curve with the first and last day given as times (the days
    /// they close, `day(closedBy:)`).
    public init(initialBalance: Decimal, from start: Timestamp, through end: Timestamp,
                changes: [(time: Timestamp, change: Decimal)], markToMarket: [Int64: Decimal] = [:]) {
        self.init(initialBalance: initialBalance, startDay: Self.day(closedBy: start), endDay: Self.day(closedBy: end),
                  changes: changes, markToMarket: markToMarket)
    }

    /// The UTC day a time belongs to on the curve: the day it falls in, except
    /// that midnight exactly ends the day before. On the data's clock an event
    /// is stamped when its candle closes, so the last hourly candle of a day
    /// (and a fill inside it) carries the next day's 00:00; it is that day's
    /// close, and a year of candles is that year's days, not one more.
    public static func day(closedBy time: Timestamp) -> Int64 {
        Timestamp(milliseconds: time.milliseconds - 1).utcDay
    }

    /// The daily returns that exist, in day order (one a day, the first day's
    /// from the opening equity).
    public var dailyReturns: [Double] { points.compactMap(\.dailyReturn) }

    /// Equity at the close of the last day.
    public var finalEquity: Decimal? { points.last?.equity }

    /// `date,equity,daily_return` with a header line, one line per day. Equity
    /// is exact; the return has 8 decimals and is empty when there is none.
    /// The opening equity is not a line: it is `opening_equity` of
    /// `gen-report summary --json`.
    public func csv() -> String {
        var text = "date,equity,daily_return\n"
        for point in points {
            text += point.date + "," + point.equity.plainText + ","
            if let value = point.dailyReturn {
                let formatted = String(format: "%.8f", value)
                // A tiny negative rounds to "-0.00000000"; print a plain zero.
                text += formatted == "-0.00000000" ? "0.00000000" : formatted
            }
            text += "\n"
        }
        return text
    }
}
