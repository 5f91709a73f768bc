import Foundation

/// One UTC calendar day of the equity curve: the account's equity at that
/// day's close (realised balance plus the unrealised P&L of open positions).
public struct EquityPoint: Sendable, Equatable, Hashable {
    /// UTC day number since 1970-01-01 (`Timestamp.utcDay`).
    public var day: Int64
    public var equity: Decimal
    /// `equity / previous equity − 1`. nil on the first day (nothing to compare
    /// with) and after a day whose equity was zero or negative (a ratio to a
    /// non-positive base means nothing).
    public var dailyReturn: Double?

    public init(day: Int64, equity: Decimal, dailyReturn: Double?) {
        self.day = day
        self.equity = equity
        self.dailyReturn = dailyReturn
    }

    /// `YYYY-MM-DD` of the day.
    public var date: String { Timestamp(milliseconds: day * Timestamp.millisecondsPerDay).utcDate }
}

/// Daily equity, one point per UTC calendar day from the first day to the
/// last inclusive. Ratios such as Sharpe and Sortino need returns over equal
/// time steps; a curve sampled only when trades close would weight a busy
/// hour like a quiet month. Crypto trades every day, so every calendar day is
/// a step (weekends included) and a day without trades repeats the previous
/// equity, which is a return of exactly 0.
public struct EquityCurve: Sendable, Equatable {
    /// The account's opening balance, the base of "net P&L in percent".
    public let initialBalance: Decimal
    public let points: [EquityPoint]

    /// Builds the curve.
    ///
    /// - `changes`: realised equity changes with their time: the P&L after
    ///   fees of each closed trade or partial exit, the (negative) fee of each
    ///   entry. Order does not matter. A change before `startDay` is part of the
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
        guard endDay >= startDay else {
            points = []
            return
        }
        var byDay: [Int64: Decimal] = [:]
        var realised = initialBalance
        for (time, change) in changes {
            let day = time.utcDay
            if day < startDay {
                realised += change
            } else if day <= endDay {
                byDay[day, default: 0] += change
            }
        }
        var points: [EquityPoint] = []
        points.reserveCapacity(Int(endDay - startDay + 1))
        var previous: Decimal?
        for day in startDay...endDay {
            realised += byDay[day] ?? 0
            let equity = realised + (markToMarket[day] ?? 0)
            var dailyReturn: Double?
            if let previous, previous > 0 {
                dailyReturn = ((equity - previous) / previous).approximateDouble
            }
            points.append(EquityPoint(day: day, equity: equity, dailyReturn: dailyReturn))
            previous = equity
        }
        self.points = points
    }

    /// The same curve with the first and last day given as times (their UTC
    /// days are used).
    public init(initialBalance: Decimal, from start: Timestamp, through end: Timestamp,
                changes: [(time: Timestamp, change: Decimal)], markToMarket: [Int64: Decimal] = [:]) {
        self.init(initialBalance: initialBalance, startDay: start.utcDay, endDay: end.utcDay,
                  changes: changes, markToMarket: markToMarket)
    }

    /// The daily returns that exist, in day order (the first day has none).
    public var dailyReturns: [Double] { points.compactMap(\.dailyReturn) }

    /// Equity at the close of the first day: the base the daily returns
    /// compound from.
    public var startEquity: Decimal? { points.first?.equity }

    /// Equity at the close of the last day.
    public var finalEquity: Decimal? { points.last?.equity }

    /// `date,equity,daily_return` with a header line, one line per day. Equity
    /// is exact; the return has 8 decimals and is empty when there is none.
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
