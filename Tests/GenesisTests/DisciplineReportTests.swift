import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// `gen-report discipline`: the unguarded replay by hand, then a real year
/// through the real commands.
@Suite struct DisciplineReportTests {
    static let hour: Int64 = 3_600_000
    static let start = Timestamp(parsing: "2024-03-01T00:00:00Z")!

    static func bar(_ index: Int64, open: String, high: String, low: String, close: String) -> ReplayBar {
        let openTime = start.milliseconds + index * hour
        return ReplayBar(symbol: "BTCUSDT", openTime: Timestamp(milliseconds: openTime), closeTime: Timestamp(milliseconds: openTime + hour),
                         open: open, high: high, low: low, close: close, volume: "10")
    }

    /// A signal stamped at the close of candle `index`.
    static func signal(_ id: String, after index: Int64, _ side: Side, price: Decimal, stop: Decimal? = nil, target: Decimal? = nil) -> Signal {
        Signal(id: id, ts: Timestamp(milliseconds: start.milliseconds + (index + 1) * hour), strategy: "momentum_breakout", symbol: "BTCUSDT", side: side,
               price: price, stop: stop, target: target, reason: "test")
    }

    static var config: GenesisConfig {
        var config = GenesisConfig()
        config.risk.positionFraction = 0.5
        config.paper.slippageBps = 0
        config.paper.feeRate = 0.001
        return config
    }

    static let signals = [
        signal("a", after: 0, .buy, price: 100, stop: 95, target: 110), // 5 BTC at 100, target 110 hit in candle 2
        signal("b", after: 1, .buy, price: 104, stop: 99),               // held: skipped
        signal("c", after: 2, .buy, price: 110),                          // default stop 2%: 107.80, hit in candle 3
        signal("d", after: 3, .sell, price: 108),                         // nothing held: skipped
    ]

    static let bars = [
        bar(0, open: "100", high: "101", low: "99", close: "100"),
        bar(1, open: "100", high: "105", low: "99", close: "104"),
        bar(2, open: "104", high: "111", low: "103", close: "110"),
        bar(3, open: "110", high: "111", low: "107", close: "108"),
    ]

    static func replayed() throws -> UnguardedReplay {
        let replay = try UnguardedReplay(session: "unguarded:test", balance: 1000, quoteAsset: "USDT", opening: start, config: config,
                                         filters: SymbolFilterBook(paper: config.paper, exchangeInfo: nil))
        try replay.run(signals: signals, bars: bars, endDay: start.utcDay)
        return replay
    }

    @Test func theUnguardedReplayTradesEverySignalAtTheStrategysSize() throws {
        let replay = try Self.replayed()
        let positions = replay.positions
        #expect(positions.map(\.signalID) == ["a", "c"])
        // a: 5 × (110 − 100) − fees 0.5 (entry) and 0.55 (exit at the target).
        #expect(positions[0].quantity == 5)
        #expect(positions[0].exitReason == "TAKE_PROFIT")
        #expect(positions[0].realizedPnL == Decimal(string: "48.95"))
        // c: half of 1048.95 at 110 is 4.76795 on the lot step; the default stop 107.80 is hit.
        let second = positions[1]
        #expect(second.quantity == Decimal(string: "4.76795"))
        #expect(second.stop == Decimal(string: "107.8"))
        #expect(second.exitReason == "STOP_LOSS")
        #expect(second.exitPrice == Decimal(string: "107.8"))
        #expect(positions[1].realizedPnL == Decimal(string: "-11.52794951"))
        #expect(replay.venue.account.balance == Decimal(string: "1037.42205049"))
        #expect(replay.skipped == ["already held": 1, "sell without a position": 1])
    }

    @Test func eachRuleCarriesWhatItsSignalsMadeUnguarded() throws {
        let replay = try Self.replayed()
        var guardedA = Position(session: "test", symbol: "BTCUSDT", quantity: 1, entryPrice: 100, stop: 95, target: 110, strategy: "momentum_breakout",
                                signalID: "a", entryClientOrderID: "gen-a", openedAt: Self.start.adding(milliseconds: Self.hour), fees: 0)
        guardedA.closedAt = Self.start.adding(milliseconds: 3 * Self.hour)
        guardedA.realizedPnL = 10
        let judged = [JudgedSignal(signal: Self.signals[0], sizedDownBy: ["tilt.warning"]),
                      JudgedSignal(signal: Self.signals[1], refusedBy: "limits.position_exists"),
                      JudgedSignal(signal: Self.signals[2], refusedBy: "limits.daily_loss"),
                      JudgedSignal(signal: Self.signals[3], refusedBy: "spot.no_short_selling")]
        let day = Self.start.utcDay
        let report = DisciplineReport(session: "test", quoteAsset: "USDT", signals: judged,
                                      guardedCurve: EquityCurve(initialBalance: 1000, startDay: day, endDay: day, changes: [(guardedA.closedAt!, 10)]),
                                      guardedPositions: [guardedA],
                                      unguardedCurve: EquityCurve(initialBalance: 1000, startDay: day, endDay: day, changes: [], markToMarket: replay.marks),
                                      unguardedPositions: replay.positions, unguardedSkipped: replay.skipped,
                                      timeline: [DisciplineEvent(time: Self.start, kind: .lockout, type: "tilt.locked", detail: "test")])
        let loss = try #require(report.rules.first { $0.rule == "limits.daily_loss" })
        #expect(loss.refused == 1)
        #expect(loss.refusedTraded == 1)
        #expect(loss.refusedLosses == 1)
        #expect(loss.refusedPnL == Decimal(string: "-11.52794951"))
        let tilt = try #require(report.rules.first { $0.rule == "tilt.warning" })
        #expect(tilt.shrunk == 1)
        #expect(tilt.shrunkUnguardedPnL == Decimal(string: "48.95"))
        #expect(tilt.shrunkGuardedPnL == 10)
        #expect(tilt.shrunkDifference == Decimal(string: "38.95"))
        #expect(report.unguarded.statistics.trades == 2)
        #expect(report.guarded.statistics.trades == 1)
        #expect(report.json() == report.json())
        #expect(report.text.contains("limits.daily_loss"))
        #expect(DisciplineSection(report: report).html.contains("class=\"marker lockout\""))
    }

    /// A year of real hourly BTCUSDT from HUNTER with nearly all the balance
    /// in each trade: the tier's floor demotes the account, its strategies
    /// and the drawdown budget refuse and shrink entries.
    @Test func aRealYearComparedWithItsSignalsUnguarded() throws {
        let directory = TestSupport.temporaryDirectory()
        let db = directory.appendingPathComponent("genesis.db").path
        #expect(try TestSupport.run("gen-risk", ["account", "init", "--balance", "1000", "--db", db, "--at", "2024-01-01"]).status == 0)
        try Store(path: db).write { try $0.execute(sql: "UPDATE accounts SET tier = 'HUNTER' WHERE session = 'default'") }
        let pipeline = try DrawdownBudgetReplayTests.replayNearlyAllIn(db: db, directory: directory, session: "year")
        #expect(pipeline.status == 0, "\(pipeline.stderr)")

        // The configuration is the session's own: no --config.
        let first = try TestSupport.run("gen-report", ["discipline", "--session", "year", "--json", "--db", db])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try TestSupport.run("gen-report", ["discipline", "--session", "year", "--json", "--db", db])
        #expect(first.stdout == second.stdout)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        let guarded = try #require(json["guarded"] as? [String: Any]), unguarded = try #require(json["unguarded"] as? [String: Any])
        #expect(unguarded["position_fraction"] as? String == "0.99")
        let guardedTrades = try #require(guarded["trades"] as? Int), unguardedTrades = try #require(unguarded["trades"] as? Int)
        #expect(guardedTrades > 0)
        #expect(unguardedTrades >= guardedTrades)
        let timeline = try #require(json["timeline"] as? [[String: Any]])
        #expect(timeline.contains { $0["kind"] as? String == "demotion" })

        // Each refused signal's unguarded P&L is under its rule, and only there.
        let store = try Store(path: db)
        let report = try DisciplineReport(store: store, session: "year", config: try #require(try store.sessionConfig(session: "year")))
        #expect(report.json() == first.stdout)
        let judged = try store.judgedSignals(session: "year")
        let refusedAndTraded = judged.filter { $0.refusedBy != nil && report.unguardedPnLBySignal[$0.signal.id] != nil }
        #expect(!refusedAndTraded.isEmpty)
        for rule in Set(refusedAndTraded.compactMap(\.refusedBy)) {
            let effect = try #require(report.rules.first { $0.rule == rule })
            let ids = refusedAndTraded.filter { $0.refusedBy == rule }.map(\.signal.id)
            #expect(effect.refusedTraded == ids.count)
            #expect(effect.refusedPnL == ids.reduce(Decimal(0)) { $0 + report.unguardedPnLBySignal[$1]! })
        }
        #expect(report.rules.contains { $0.shrunk > 0 }, "the drawdown budget or a multiplier shrinks some entries")
        #expect(report.sizingUnrecorded == 0)

        let html = try TestSupport.run("gen-report", ["html", "--session", "year", "--db", db])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("<h2>What discipline did</h2>"))
        #expect(html.stdout.contains("class=\"marker demotion\""))
        #expect(html.stdout.contains("stroke-dasharray=\"5,3\""), "the unguarded curve is drawn")
    }
}
