import Foundation
import GRDB
import Logging
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline

/// Strategies on their own timeframes (`strategies.<name>.timeframe`,
/// CONFIGURATION.md §6.8j, DESIGN §10): gen-signal builds each timeframe from
/// the finer candles it is given and forwards only those, so gen-exec's paper
/// venue resolves fills, stops and targets on the finest candles. Driven
/// through the real executables joined by real pipes.
@Suite struct StrategyTimeframeTests {

    // MARK: - Two timeframes of one symbol in one pipeline, on real minutes

    /// A week of Binance's 1-minute BTCUSDT (Tests/Fixtures) with momentum
    /// breakout on 1h (settings loosened so a week of hours breaks out) and
    /// mean reversion on 15m (defaults), both unlocked at SNIPER by the
    /// configuration: each strategy decides only at its own timeframe's
    /// closes, the market state is classified per timeframe, the minutes
    /// alone go on, and both strategies' entries fill at the open of the
    /// minute after their close.
    @Test func momentumOnHoursAndMeanReversionOnQuartersRunTogetherOverMinutes() throws {
        let bench = try TimeframeBench(config: """
            strategies:
              momentumBreakout:
                timeframe: 1h
                adxThreshold: 20
                volumeMultiple: 1
                breakoutFraction: 0.002
              meanReversion:
                timeframe: 15m
            tiers:
              sniper:
                strategies: [simple_arbitrage, spread_capture, momentum_breakout, mean_reversion]
            """)
        let imported = try bench.run("gen-fetch", ["import", TestSupport.fixture("BTCUSDT-1m-2025-01-01_07.zip")])
        #expect(imported.status == 0, "gen-fetch import: \(imported.stderr)")

        let run = try bench.pipeline(source: "gen-fetch replay BTCUSDT --interval 1m", strategies: "momentum_breakout,mean_reversion")
        run.expectEveryStageSucceeded()

        // Each strategy decides on its own timeframe only, at its closes.
        let signals = run.signalStage.filter { $0["type"] as? String == "signal" }
        let momentum = signals.filter { $0["strategy"] as? String == MomentumBreakout.name }
        let reversion = signals.filter { $0["strategy"] as? String == MeanReversion.name }
        #expect(!momentum.isEmpty && !reversion.isEmpty, "momentum \(momentum.count), mean reversion \(reversion.count)")
        #expect(momentum.count + reversion.count == signals.count)
        for (group, interval, length) in [(momentum, "1h", Int64(3_600_000)), (reversion, "15m", Int64(900_000))] {
            for signal in group {
                let ts = try #require((signal["ts"] as? NSNumber)?.int64Value)
                let id = try #require(signal["id"] as? String)
                #expect(signal["interval"] as? String == interval, "\(id)")
                #expect(ts % length == 0, "\(id) at \(ts) is not a \(interval) close")
                // The id names the timeframe and the open of the candle that closed at ts.
                #expect(id.contains(":BTCUSDT:\(interval):\(ts - length):"), "\(id)")
            }
        }
        // Quarter hours that are not hours: mean reversion did not wait for the hour.
        #expect(reversion.contains { (($0["ts"] as? NSNumber)?.int64Value ?? 0) % 3_600_000 != 0 })

        // One classifier per timeframe a strategy runs on; none on the minutes no strategy reads.
        let states = Set(run.signalStage.filter { $0["type"] as? String == "market_state" }.compactMap { $0["interval"] as? String })
        #expect(states == ["1h", "15m"])

        // Only the minutes go on: every candle gen-exec forwards is one given, unchanged.
        let candles = run.output.filter { $0["type"] as? String == "candle" }
        #expect(candles.count == 7 * 24 * 60)
        #expect(candles.allSatisfy { $0["interval"] as? String == "1m" })

        // Both strategies trade, and each entry fills at the open of the first
        // minute after its signal's close (5 bps slippage, up to the 0.01 tick).
        let minuteOpens = Dictionary(uniqueKeysWithValues: candles.map { (($0["open_time"] as! NSNumber).int64Value, $0["open"] as! String) })
        let entries = run.output.filter { $0["type"] as? String == "execution" && $0["purpose"] as? String == "ENTRY" && $0["status"] as? String == "FILLED" }
        let approved = try bench.approvedBuys()
        var traded: Set<String> = []
        for entry in entries {
            let clientOrderID = try #require(entry["client_order_id"] as? String)
            let signalID = try #require(approved[clientOrderID], "an entry no approved signal asked for: \(clientOrderID)")
            let signal = try #require(signals.first { $0["id"] as? String == signalID })
            let close = try #require((signal["ts"] as? NSNumber)?.int64Value)
            #expect((entry["ts"] as? NSNumber)?.int64Value == close, "\(signalID)")
            let open = try #require(minuteOpens[close].flatMap { Decimal(string: $0) })
            #expect(try PipelineBench.decimal(entry["price"]) == Self.onTick(open * Decimal(string: "1.0005")!, .up), "\(signalID)")
            traded.insert(signal["strategy"] as? String ?? "")
        }
        #expect(traded == [MomentumBreakout.name, MeanReversion.name])
    }

    // MARK: - The minutes decide what came first inside an hour

    /// Ten hand-made hours from 2024-01-01 00:00 UTC: eight flat (40000, range
    /// 39900–40100), a breakout hour (close 40500, high 40600, low 39950),
    /// then an hour that touches 41000 at its 10th minute and 39900 at its
    /// 40th. Momentum on 1h with a 2-bar channel, ADX(2), no thresholds,
    /// stop and target one ATR away: ATR(2) after the breakout is
    /// (400 − 200 + 650) / 2 = 425, so the BUY at 40500 carries stop 40075
    /// and target 40925, whatever feed it comes from.
    ///
    /// Fed the minutes, gen-exec buys at the next minute's open (40500 + 5 bps
    /// = 40520.25) and the minute 08 candle (40900 → 40950) reaches the
    /// target first: TAKE_PROFIT at 40925 − 5 bps = 40904.53. Fed only the
    /// hours, the next hour holds both levels; the venue cannot tell which
    /// came first and takes the stop: STOP_LOSS at 40075 − 5 bps = 40054.96.
    /// Fed both at once, hours ahead of their minutes, gen-signal builds its
    /// hours from the minutes and gen-exec resolves on the minutes alone.
    @Test func theMinutesDecideThatTheTargetCameBeforeTheStopInsideTheHour() throws {
        let config = """
            strategies:
              momentumBreakout:
                timeframe: 1h
                lookback: 2
                adxPeriod: 2
                adxThreshold: 0
                volumeMultiple: 0
                breakoutFraction: 0
                stopATRs: 1
                targetRiskMultiple: 1
            """
        var hours: [HandMadeHour] = (0..<8).map { _ in HandMadeHour(open: "40000", path: [(20, "40100"), (40, "39900")], close: "40000") }
        hours.append(HandMadeHour(open: "40000", path: [(20, "40600"), (40, "39950")], close: "40500"))
        hours.append(HandMadeHour(open: "40500", path: [(10, "41000"), (40, "39900")], close: "40200"))
        let start: Int64 = 1_704_067_200_000
        let breakoutClose = start + 9 * TestLines.hour
        let expectedID = "momentum_breakout:BTCUSDT:1h:\(start + 8 * TestLines.hour):BUY"

        let minuteLines = hours.enumerated().map { $1.minutes(openingAt: start + Int64($0) * TestLines.hour) }
        let hourLines = hours.enumerated().map { $1.hour(openingAt: start + Int64($0) * TestLines.hour) }
        // Both replayed together, merged by open time with each hour ahead of its first minute.
        let merged = zip(hourLines, minuteLines).flatMap { [$0] + $1 }
        var closed: [String: [String: Any]] = [:]
        for (feed, lines) in [("minutes", minuteLines.flatMap { $0 }), ("hours", hourLines), ("both", merged)] {
            let bench = try TimeframeBench(config: config)
            let input = bench.directory.appendingPathComponent("\(feed).ndjson")
            try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            let run = try bench.pipeline(source: "cat '\(input.path)'", strategies: "momentum_breakout")
            run.expectEveryStageSucceeded()

            // The same idea from either feed: one BUY, levels computed by hand above.
            let signals = run.signalStage.filter { $0["type"] as? String == "signal" }
            #expect(signals.count == 1, "\(feed): \(signals)")
            let signal = try #require(signals.first)
            #expect(signal["id"] as? String == expectedID, "\(feed)")
            #expect(signal["interval"] as? String == "1h")
            #expect((signal["ts"] as? NSNumber)?.int64Value == breakoutClose)
            #expect(try PipelineBench.decimal(signal["price"]) == 40500)
            #expect(try PipelineBench.decimal(signal["stop"]) == 40075)
            #expect(try PipelineBench.decimal(signal["target"]) == 40925)

            let positions = run.output.filter { $0["type"] as? String == "position" }
            #expect(positions.count == 2, "\(feed): \(positions)")
            let opened = try #require(positions.first)
            #expect(opened["status"] as? String == "OPEN")
            #expect((opened["ts"] as? NSNumber)?.int64Value == breakoutClose)
            #expect(try PipelineBench.decimal(opened["entry_price"]) == Decimal(string: "40520.25")!)
            closed[feed] = positions.last
        }

        // The minutes: the target at minute 08 of the hour after the breakout.
        let minutes = try #require(closed["minutes"])
        #expect(minutes["status"] as? String == "CLOSED")
        #expect(minutes["exit_reason"] as? String == "TAKE_PROFIT")
        #expect(try PipelineBench.decimal(minutes["exit_price"]) == Decimal(string: "40904.53")!)
        #expect((minutes["ts"] as? NSNumber)?.int64Value == breakoutClose + 9 * 60_000)
        // Hours and minutes together: gen-exec resolves on the minutes and lets the hours by.
        let both = try #require(closed["both"])
        for field in ["status", "exit_reason", "exit_price", "ts"] { #expect("\(both[field] ?? "-")" == "\(minutes[field] ?? "+")", "\(field)") }
        // The hour alone: both levels inside one candle, and the stop assumed first.
        let hour = try #require(closed["hours"])
        #expect(hour["status"] as? String == "CLOSED")
        #expect(hour["exit_reason"] as? String == "STOP_LOSS")
        #expect(try PipelineBench.decimal(hour["exit_price"]) == Decimal(string: "40054.96")!)
        #expect((hour["ts"] as? NSNumber)?.int64Value == breakoutClose + TestLines.hour)
    }

    // MARK: - Whole candles only

    /// Hour 3 breaks out of a flat market; momentum on 1h with ADX(2) has its
    /// first ADX on its fourth bar. From minutes starting at 00:00, hours 0–3
    /// are four bars and the breakout signals at 04:00. From the same
    /// minutes starting at 00:30 the cut first hour is not a bar: hour 3 is
    /// the third, there is no ADX yet, and nothing fires.
    @Test func aStreamStartingMidHourDoesNotMakeAShortFirstHour() throws {
        let config = GenesisConfig.Strategies.momentum1h
        var hours: [HandMadeHour] = (0..<3).map { _ in HandMadeHour(open: "40000", path: [(20, "40100"), (40, "39900")], close: "40000") }
        hours.append(HandMadeHour(open: "40000", path: [(20, "40600"), (40, "39950")], close: "40500"))
        let start: Int64 = 1_704_067_200_000
        let minutes = hours.enumerated().flatMap { $1.minutes(openingAt: start + Int64($0) * TestLines.hour) }
        let whole = try SignalStageHarness.run(minutes, strategies: [MomentumBreakout.name], config: config)
        let fromHalfPast = try SignalStageHarness.run(Array(minutes.dropFirst(30)), strategies: [MomentumBreakout.name], config: config)
        let fired = SignalStageHarness.signals(whole)
        #expect(fired.map { $0["id"] as? String } == ["momentum_breakout:BTCUSDT:1h:\(start + 3 * TestLines.hour):BUY"])
        #expect(SignalStageHarness.signals(fromHalfPast).isEmpty)
        // Either way, only the minutes given come out as candles.
        #expect(whole.filter { $0.contains(#""type":"candle""#) } == minutes)
        #expect(fromHalfPast.filter { $0.contains(#""type":"candle""#) } == Array(minutes.dropFirst(30)))
    }

    /// Without any timeframe the stage is what it was: the same lines, byte
    /// for byte, as with every strategy's timeframe set to the candles' own
    /// interval (which takes the lane path), on a week of real minutes.
    @Test func aTimeframeEqualToTheCandlesChangesNothing() throws {
        let store = try TestSupport.makeStore()
        _ = try KlineImporter(store: store, logger: Logger(label: "tests")).importFile(TestSupport.fixture("BTCUSDT-1m-2025-01-01_07.zip"), symbol: nil, interval: nil)
        let path = TestSupport.temporaryDirectory().appendingPathComponent("minutes.ndjson").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        let writer = LineWriter(descriptor: handle.fileDescriptor)
        try store.replayCandles(symbols: ["BTCUSDT"], interval: .oneMinute, from: nil, to: nil, writer: writer)
        writer.flush()
        try handle.close()
        let minutes = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var plain = GenesisConfig()
        plain.strategies.momentumBreakout.timeframe = StrategyTimeframe()
        plain.strategies.momentumBreakout.breakoutFraction = 0.002
        plain.strategies.momentumBreakout.volumeMultiple = 1
        var same = plain
        same.strategies.momentumBreakout.timeframe = StrategyTimeframe(.oneMinute)
        same.strategies.meanReversion.timeframe = StrategyTimeframe(.oneMinute)
        let strategies = [MomentumBreakout.name, MeanReversion.name]
        let before = try SignalStageHarness.run(minutes, strategies: strategies, config: plain)
        #expect(SignalStageHarness.signals(before).count > 2)
        #expect(try SignalStageHarness.run(minutes, strategies: strategies, config: same) == before)
    }

    // MARK: - A timeframe that cannot be built

    /// Mean reversion on 15m over hourly candles: one line on stderr naming
    /// the key and the interval given (not one per candle), the strategy does
    /// not run, momentum (no timeframe) runs on the hours as before, and a
    /// name that is no Binance interval is refused when the file is read.
    @Test func aTimeframeFinerThanTheCandlesIsReportedOnceAndNotRun() throws {
        let bench = try TimeframeBench(config: """
            strategies:
              meanReversion:
                timeframe: 15m
            tiers:
              sniper:
                strategies: [simple_arbitrage, spread_capture, momentum_breakout, mean_reversion]
            """)
        let hours = (0..<48).map { SignalStageHarness.candle("BTCUSDT", hour: 473_352 + Int64($0), close: $0 % 2 == 0 ? "40000" : "40100") }
        let outcome = try TestSupport.run("gen-signal", ["--strategies", "momentum_breakout,mean_reversion"], stdin: Data((hours.joined(separator: "\n") + "\n").utf8),
                                          environment: bench.environment)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let warnings = outcome.stderr.split(separator: "\n").filter { $0.contains("timeframe") }
        #expect(warnings == ["gen-signal: warning: strategies.meanReversion.timeframe is 15m, which cannot be built from the 1h candles given (BTCUSDT): a timeframe must be their interval or a multiple of it up to 1d; mean_reversion does not run on them"])
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.contains(#""type":"candle""#) } == hours)
        #expect(!lines.contains { $0.contains(#""strategy":"mean_reversion""#) })

        let bad = bench.directory.appendingPathComponent("bad.yaml")
        try "strategies:\n  momentumBreakout:\n    timeframe: 90m\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try TestSupport.run("gen-signal", ["--config", bad.path], stdin: Data((hours[0] + "\n").utf8), environment: ["GENESIS_DB": bench.db])
        #expect(refused.status == 4)
        #expect(refused.stderr.contains("strategies.momentumBreakout.timeframe: '90m' is not a Binance interval"), "\(refused.stderr)")
        // Ranged like every key, so a value restored from the store is checked too.
        var flattened = ConfigKeys.flatten(GenesisConfig())
        #expect(flattened["strategies.momentumBreakout.timeframe"] == "1h")
        #expect(flattened["strategies.meanReversion.timeframe"] == "null")
        flattened["strategies.meanReversion.timeframe"] = "90m"
        #expect(ConfigKeys.firstProblem(in: flattened)?.key == "strategies.meanReversion.timeframe")
        // null is the candles' own interval, as when the key is absent.
        #expect(try ConfigLoader.parse("strategies:\n  pairsArbitrage:\n    timeframe: null\n") == GenesisConfig())
        #expect(try ConfigLoader.parse("strategies:\n  multiPairRotation:\n    timeframe: 4h\n").strategies.multiPairRotation.timeframe.interval == Interval("4h"))
    }

    // MARK: - gen-risk: the state of the signal's own timeframe

    /// BTCUSDT is PANIC on 15m and NORMAL on 1h (written last): a manual BUY
    /// on the 15m timeframe is refused by the 15m state (`market.state`), the
    /// same BUY on 1h is approved by the 1h one. A signal naming no interval
    /// is judged by the symbol's latest state, whatever its timeframe.
    @Test func riskJudgesASignalByTheMarketStateOfItsOwnTimeframe() throws {
        let ts: Int64 = 1_704_074_400_000
        func state(_ interval: String, _ value: String) -> String {
            #"{"v":1,"type":"market_state","ts":\#(ts),"symbol":"BTCUSDT","interval":"\#(interval)","state":"\#(value)"}"#
        }
        func signal(_ id: String, interval: String?) -> String {
            let field = interval.map { #","interval":"\#($0)""# } ?? ""
            return #"{"v":1,"type":"signal","ts":\#(ts),"id":"\#(id)","strategy":"manual","symbol":"BTCUSDT"\#(field),"side":"BUY","price":"40000","stop":"39000","reason":"testing timeframes"}"#
        }
        /// gen-risk on a fresh account (SNIPER holds one position at a time): (rejected signal id → rule, ordered signal ids).
        func judge(_ lines: [String]) throws -> (rejected: [String: String], ordered: [String]) {
            let bench = try CLIBench.withAccount(balance: "500")
            let outcome = try bench.run("gen-risk", ["--no-sync"], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
            #expect(outcome.status == 0, "\(outcome.stderr)")
            let output = outcome.stdout.split(separator: "\n").map { SignalStageHarness.object(String($0)) }
            var rejected: [String: String] = [:]
            for line in output where line["type"] as? String == "rejection" { rejected[line["signal_id"] as? String ?? ""] = line["rule"] as? String }
            return (rejected, output.filter { $0["type"] as? String == "order" }.compactMap { $0["signal_id"] as? String })
        }
        let own = try judge([state("15m", "PANIC"), state("1h", "NORMAL"), signal("on-15m", interval: "15m"), signal("on-1h", interval: "1h")])
        #expect(own.rejected == ["on-15m": "market.state"])
        #expect(own.ordered == ["on-1h"])
        let latest = try judge([state("1h", "PANIC"), state("15m", "NORMAL"), signal("no-interval", interval: nil)])
        #expect(latest.rejected.isEmpty)
        #expect(latest.ordered == ["no-interval"])
        // A timeframe with no state yet (a typed `"interval":"1w"`, a lane still warming up) is judged
        // by the symbol's latest state, never by none.
        let unknown = try judge([state("1m", "PANIC"), signal("typed-1w", interval: "1w")])
        #expect(unknown.rejected == ["typed-1w": "market.state"])
    }

    static func onTick(_ value: Decimal, _ mode: NSDecimalNumber.RoundingMode) -> Decimal {
        var input = value, result = Decimal()
        NSDecimalRound(&result, &input, 2, mode)
        return result
    }
}

extension GenesisConfig.Strategies {
    /// Momentum breakout on 1h with a 2-bar channel, ADX(2) and no thresholds (hand-made hours).
    fileprivate static var momentum1h: GenesisConfig {
        var config = GenesisConfig()
        config.strategies.momentumBreakout.timeframe = StrategyTimeframe(Interval("1h"))
        config.strategies.momentumBreakout.lookback = 2
        config.strategies.momentumBreakout.adxPeriod = 2
        config.strategies.momentumBreakout.adxThreshold = 0
        config.strategies.momentumBreakout.volumeMultiple = 0
        config.strategies.momentumBreakout.breakoutFraction = 0
        return config
    }
}

/// One hand-made hour: the price moves in straight lines from `open` through
/// each (minute, price) turn to `close` at minute 60, one candle a minute
/// (open and close on the line, high and low the larger and smaller), so
/// the hour's high and low are its turning points.
struct HandMadeHour {
    var open: String
    var path: [(minute: Int, price: String)]
    var close: String

    var knots: [(minute: Int, price: Decimal)] {
        [(0, Decimal(string: open)!)] + path.map { ($0.minute, Decimal(string: $0.price)!) } + [(60, Decimal(string: close)!)]
    }

    func price(at minute: Int) -> Decimal {
        let knots = knots
        let index = knots.lastIndex { $0.minute <= minute }!
        guard index + 1 < knots.count else { return knots[index].price }
        let (from, to) = (knots[index], knots[index + 1])
        let exact = from.price + (to.price - from.price) * Decimal(minute - from.minute) / Decimal(to.minute - from.minute)
        return StrategyTimeframeTests.onTick(exact, .plain)
    }

    func minutes(openingAt hour: Int64) -> [String] {
        (0..<60).map { minute in
            let open = price(at: minute), close = price(at: minute + 1)
            return Self.line(openTime: hour + Int64(minute) * 60_000, interval: "1m", length: 60_000, open: open, high: max(open, close), low: min(open, close),
                             close: close, volume: 1)
        }
    }

    func hour(openingAt hour: Int64) -> String {
        let prices = knots.map(\.price)
        return Self.line(openTime: hour, interval: "1h", length: TestLines.hour, open: prices.first!, high: prices.max()!, low: prices.min()!, close: prices.last!,
                         volume: 60)
    }

    static func line(openTime: Int64, interval: String, length: Int64, open: Decimal, high: Decimal, low: Decimal, close: Decimal, volume: Int) -> String {
        #"{"v":1,"type":"candle","ts":\#(openTime + length),"symbol":"BTCUSDT","interval":"\#(interval)","open_time":\#(openTime),"open":"\#(open.plainText)","high":"\#(high.plainText)","low":"\#(low.plainText)","close":"\#(close.plainText)","volume":"\#(volume)"}"#
    }
}

/// A database with an account opened under a configuration file (so the
/// file is what the account starts with, nothing waits out a cooling-off),
/// and the pipeline `source | gen-signal | gen-risk | gen-exec --venue paper`
/// with gen-signal's own output kept.
final class TimeframeBench: CLIBench {
    let config: URL

    init(config text: String) throws {
        config = TestSupport.temporaryDirectory().appendingPathComponent("genesis.yaml")
        try text.write(to: config, atomically: true, encoding: .utf8)
        super.init()
        let created = try TestSupport.run("gen-risk", ["account", "init", "--balance", "500"], environment: environment)
        #expect(created.status == 0, "gen-risk account init: \(created.stderr)")
    }

    override var environment: [String: String] { ["GENESIS_DB": db, "GENESIS_CONFIG": config.path] }

    struct Run {
        var signalStage: [[String: Any]]
        var output: [[String: Any]]
        var rc: [String: Int32]
        var stderr: [String: String]

        func expectEveryStageSucceeded(sourceLocation: SourceLocation = #_sourceLocation) {
            for stage in ["source", "signal", "risk", "exec"] {
                #expect(rc[stage] == 0, "\(stage) exited \(rc[stage].map(String.init) ?? "?"): \(stderr[stage] ?? "")", sourceLocation: sourceLocation)
            }
        }
    }

    func pipeline(source: String, strategies: String) throws -> Run {
        let run = directory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let d = run.path
        let script = """
            { \(source); echo $? > '\(d)/rc.source'; } 2> '\(d)/err.source' \
            | { gen-signal --strategies \(strategies); echo $? > '\(d)/rc.signal'; } 2> '\(d)/err.signal' | tee '\(d)/signal.ndjson' \
            | { gen-risk; echo $? > '\(d)/rc.risk'; } 2> '\(d)/err.risk' \
            | { gen-exec --venue paper; echo $? > '\(d)/rc.exec'; } 2> '\(d)/err.exec' > '\(d)/out.ndjson'
            echo done
            """
        let shell = try TestSupport.shell(script, environment: environment)
        #expect(shell.status == 0, "sh: \(shell.stderr)")
        var rc: [String: Int32] = [:], stderr: [String: String] = [:]
        for stage in ["source", "signal", "risk", "exec"] {
            rc[stage] = Int32(((try? String(contentsOfFile: "\(d)/rc.\(stage)", encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
            stderr[stage] = (try? String(contentsOfFile: "\(d)/err.\(stage)", encoding: .utf8)) ?? ""
        }
        func lines(_ name: String) -> [[String: Any]] {
            ((try? String(contentsOfFile: "\(d)/\(name)", encoding: .utf8)) ?? "").split(separator: "\n").map { SignalStageHarness.object(String($0)) }
        }
        return Run(signalStage: lines("signal.ndjson"), output: lines("out.ndjson"), rc: rc, stderr: stderr)
    }

    /// client order id → signal id of every BUY gen-risk approved.
    func approvedBuys() throws -> [String: String] {
        try withStore { store in
            try store.read { db in
                var result: [String: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT client_order_id, id FROM signals WHERE decision = 'APPROVED' AND side = 'BUY' AND client_order_id IS NOT NULL") {
                    result[row["client_order_id"]] = row["id"]
                }
                return result
            }
        }
    }
}
