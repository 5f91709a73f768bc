import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline

/// DESIGN §3.4: ρ from the stored candles over the configured window, one
/// signed threshold rule for the alert, the refusal and the force
/// reduction, and every ρ acted on kept exact in `position_correlations`.
///
/// The candles: ten hours of zig-zag, then six closes per symbol (hours
/// 10–15) whose five returns give, worked out by hand (and again below by
/// an independent formula):
///
/// | pair | closes of the second symbol | ρ, log returns | ρ, simple returns |
/// |---|---|---|---|
/// | AAA–BBB | 100 99 128 108 122 94 | 0.700996516149 | 0.699831293403 |
/// | AAA–HHH | 100 88 78 96 81 82 | −0.999603781964 | −0.992964226585 |
/// | AAA–CCC | 50 57 64 52 62 61.5 | 0.999733898474 | 0.999737738596 |
///
/// AAA's closes are 100 114 128 104 124 122. Over all fifteen returns (the
/// zig-zag included) AAA–BBB is −0.5535: the window decides.
@Suite struct CorrelationRuleTests {
    static let start: Int64 = 1_704_067_200_000 // 2024-01-01T00:00Z
    static let hour: Int64 = 3_600_000

    static let window: [String: [Decimal]] = [
        "AAAUSDT": [100, 114, 128, 104, 124, 122],
        "BBBUSDT": [100, 99, 128, 108, 122, 94],
        "HHHUSDT": [100, 88, 78, 96, 81, 82],
        "CCCUSDT": [50, 57, 64, 52, 62, Decimal(string: "61.5")!],
    ]
    static let zigzag: [String: [Decimal]] = [
        "AAAUSDT": [100, 120, 90, 115, 95, 110, 92, 118, 96, 100],
        "BBBUSDT": [100, 85, 112, 88, 109, 90, 111, 87, 105, 100],
        "HHHUSDT": [100, 118, 91, 114, 94, 111, 93, 117, 95, 100],
        "CCCUSDT": [50, 60, 45, 57, 48, 55, 46, 59, 48, 50],
    ]

    /// The closes of hours 0–15.
    static func closes(_ symbol: String) -> [Decimal] { zigzag[symbol]! + window[symbol]! }

    // MARK: An independent ρ

    /// ρ = (nΣxy − ΣxΣy) / √((nΣx² − (Σx)²)(nΣy² − (Σy)²)), from the closes'
    /// decimal text: a different formula from `Correlation.pearson`'s.
    static func expected(_ a: [Decimal], _ b: [Decimal], _ kind: Correlation.Returns) -> Double {
        func returns(_ closes: [Decimal]) -> [Double] {
            let values = closes.map { Double($0.plainText)! }
            return zip(values, values.dropFirst()).map { kind == .log ? log($1 / $0) : ($1 - $0) / $0 }
        }
        let x = returns(a), y = returns(b), n = Double(x.count)
        let sx = x.reduce(0, +), sy = y.reduce(0, +)
        let sxy = zip(x, y).map(*).reduce(0, +), sxx = x.map { $0 * $0 }.reduce(0, +), syy = y.map { $0 * $0 }.reduce(0, +)
        return (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy)).squareRoot()
    }

    static func expectedInWindow(_ a: String, _ b: String, _ kind: Correlation.Returns) -> Double {
        expected(window[a]!, window[b]!, kind)
    }

    // MARK: Fixtures

    static func store(_ symbols: [String], in store: Store) throws {
        for symbol in symbols {
            let rows = closes(symbol).enumerated().map { index, close in
                KlineRow(openTime: start + Int64(index) * hour, open: close.plainText, high: close.plainText, low: close.plainText, close: close.plainText, volume: "10")
            }
            _ = try store.insertCandles(symbol: symbol, interval: Interval("1h")!, rows: rows)
        }
    }

    static func settings(_ kind: Correlation.Returns, window: Int = 5, fallback: [String] = []) -> Correlation.Settings {
        Correlation.Settings(window: window, interval: "1h", fallback: fallback, minimumReturns: 5, returns: kind)
    }

    /// Signals are judged at 16:00, when the 15:00 candle has closed.
    static let judged = Timestamp(milliseconds: start + 16 * hour)

    // MARK: The rule

    @Test func movingTogetherIsSignedAndIncludesTheThreshold() {
        let risk = GenesisConfig().risk
        #expect(Correlation.threshold(risk.correlationAlert) == 0.7)
        #expect(Correlation.verdict(0.7, risk) == .together)                  // at the alert level
        #expect(Correlation.verdict(0.7.nextDown, risk) == .unrelated)        // a hair below it
        #expect(Correlation.verdict(0.95, risk) == .forceReduce)
        #expect(Correlation.verdict(0.95.nextDown, risk) == .together)
        #expect(Correlation.verdict(-0.7, risk) == .hedge)
        #expect(Correlation.verdict(-0.9996, risk) == .hedge)                 // never cut, however large
        #expect(!Correlation.Verdict.hedge.movesTogether)
        #expect(Correlation.verdict(-0.6999, risk) == .unrelated)
        #expect(Correlation.text(0.700996516149) == "0.7010")
        #expect(Correlation.text(0.699831293403) == "0.6998")
        #expect(Correlation.text(-0.999603781964) == "-0.9996")
        #expect(Correlation.text(-0.00001) == "0.0000")
    }

    // MARK: The window, from stored candles

    @Test func logAndSimpleReturnsGiveDifferentRhoOnTheSameCandles() throws {
        let store = try TestSupport.makeStore()
        try Self.store(["AAAUSDT", "BBBUSDT"], in: store)
        let log = try #require(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: Self.judged, settings: Self.settings(.log))["BBBUSDT"])
        let simple = try #require(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: Self.judged, settings: Self.settings(.simple))["BBBUSDT"])
        #expect(abs(log.rho - 0.700996516149) < 1e-11)
        #expect(abs(simple.rho - 0.699831293403) < 1e-11)
        #expect(abs(log.rho - Self.expectedInWindow("AAAUSDT", "BBBUSDT", .log)) < 1e-12)
        #expect(abs(simple.rho - Self.expectedInWindow("AAAUSDT", "BBBUSDT", .simple)) < 1e-12)
        #expect(log.returns == 5 && log.interval == "1h" && simple.settings.returns == .simple)
        // The same candles over every return stored (the default window of 100) say the opposite.
        let all = try #require(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: Self.judged, settings: Self.settings(.log, window: 100))["BBBUSDT"])
        #expect(all.returns == 15)
        #expect(abs(all.rho - Self.expected(Self.closes("AAAUSDT"), Self.closes("BBBUSDT"), .log)) < 1e-12)
        #expect(abs(all.rho - -0.5534903152259516) < 1e-11)
    }

    @Test func aCandleStillFormingIsNotRead() throws {
        let store = try TestSupport.makeStore()
        try Self.store(["AAAUSDT", "BBBUSDT"], in: store)
        // At 15:30 the 15:00 candle is still open: the window is hours 9–14.
        let early = try #require(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: Timestamp(milliseconds: Self.judged.milliseconds - Self.hour / 2),
                                                        settings: Self.settings(.log))["BBBUSDT"])
        let a = Array(Self.closes("AAAUSDT")[9...14]), b = Array(Self.closes("BBBUSDT")[9...14])
        #expect(abs(early.rho - Self.expected(a, b, .log)) < 1e-12)
        #expect(abs(early.rho - 0.700996516149) > 0.01)
    }

    @Test func hoursAreBuiltFromStoredMinutesWhenNoHourIsStored() throws {
        // Only minutes stored: each hour's close is its last minute's, and
        // the minutes in between wander so that a minute window would differ.
        let store = try TestSupport.makeStore()
        for symbol in ["AAAUSDT", "BBBUSDT"] {
            var rows: [KlineRow] = []
            for (index, close) in Self.closes(symbol).enumerated() {
                for minute in Int64(0)..<60 {
                    let price = minute == 59 ? close.plainText : String(100 + (minute * 7 + Int64(index) * 3) % 13)
                    rows.append(KlineRow(openTime: Self.start + Int64(index) * Self.hour + minute * 60_000, open: price, high: price, low: price, close: price, volume: "1"))
                }
            }
            _ = try store.insertCandles(symbol: symbol, interval: .oneMinute, rows: rows)
        }
        let built = try #require(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: Self.judged, settings: Self.settings(.log))["BBBUSDT"])
        #expect(built.interval == "1h" && built.returns == 5)
        #expect(abs(built.rho - Self.expectedInWindow("AAAUSDT", "BBBUSDT", .log)) < 1e-12)
    }

    @Test func fallbackIntervalsAreTriedOnlyWhenConfigured() throws {
        let store = try TestSupport.makeStore()
        // Only 15-minute candles, the same closes a quarter-hour apart.
        for symbol in ["AAAUSDT", "BBBUSDT"] {
            let quarter: Int64 = 900_000
            let rows = Self.window[symbol]!.enumerated().map { index, close in
                KlineRow(openTime: Self.start + Int64(index) * quarter, open: close.plainText, high: close.plainText, low: close.plainText, close: close.plainText, volume: "1")
            }
            _ = try store.insertCandles(symbol: symbol, interval: Interval("15m")!, rows: rows)
        }
        let now = Timestamp(milliseconds: Self.start + 6 * 900_000)
        #expect(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: now, settings: Self.settings(.log)).isEmpty)
        let measured = try #require(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: now, settings: Self.settings(.log, fallback: ["4h", "15m"]))["BBBUSDT"])
        #expect(measured.interval == "15m")
        #expect(abs(measured.rho - Self.expectedInWindow("AAAUSDT", "BBBUSDT", .log)) < 1e-12)
        // Fewer shared returns than the minimum: no ρ, so no rule acts.
        var strict = Self.settings(.log, fallback: ["15m"])
        strict.minimumReturns = 6
        #expect(try store.correlations(of: "AAAUSDT", with: ["BBBUSDT"], now: now, settings: strict).isEmpty)
    }

    // MARK: Configuration

    @Test func theWindowSettingsAreConfigurationWithRanges() throws {
        let config = try ConfigLoader.parse("""
            risk:
              correlationWindow: 5
              correlationMinimumReturns: 5
              correlationInterval: 4h
              correlationFallbackIntervals: []
              correlationReturns: simple
            """)
        #expect(Correlation.Settings(config.risk) == Correlation.Settings(window: 5, interval: "4h", fallback: [], minimumReturns: 5, returns: .simple))
        #expect(Correlation.Settings(GenesisConfig().risk) == Correlation.Settings(window: 100, interval: "1h", fallback: ["15m", "5m", "1m", "4h", "1d"],
                                                                                   minimumReturns: 20, returns: .log))
        func refusal(_ yaml: String) -> String {
            do { _ = try ConfigLoader.parse(yaml); return "accepted" } catch { return "\(error)" }
        }
        #expect(refusal("risk: {correlationReturns: cubic}").contains("'cubic' is not allowed; use one of log, simple"))
        #expect(refusal("risk: {correlationInterval: 2h30m}").contains("risk.correlationInterval: '2h30m' is not allowed; use one of 1s, 1m"))
        #expect(refusal("risk: {correlationFallbackIntervals: [15m, 7m]}").contains("risk.correlationFallbackIntervals: item 2 of [15m, 7m]"))
        #expect(refusal("risk: {correlationWindow: 2}").contains("risk.correlationWindow: 2 is not allowed; use a whole number from 3 to 10000 returns"))
        #expect(refusal("risk: {correlationWindow: 10, correlationMinimumReturns: 11}").contains("risk.correlationMinimumReturns: 11 is more than risk.correlationWindow (10)"))
        // Any change of the window waits out the cooling-off; asking for more shared returns is a loosening too.
        #expect(LimitCoolingOff.isLooser("risk.correlationReturns", old: "log", new: "simple"))
        #expect(LimitCoolingOff.isLooser("risk.correlationWindow", old: "100", new: "200"))
        #expect(LimitCoolingOff.isLooser("risk.correlationFallbackIntervals", old: "[15m, 5m, 1m, 4h, 1d]", new: "[]"))
        #expect(LimitCoolingOff.isLooser("risk.correlationMinimumReturns", old: "20", new: "30"))
        #expect(!LimitCoolingOff.isLooser("risk.correlationMinimumReturns", old: "20", new: "10"))
    }
}

/// The rule end to end: stored candles, signals on gen-risk's stdin, fills by gen-exec.
@Suite struct CorrelationPipelineTests {
    typealias Rule = CorrelationRuleTests
    let bench = CLIBench()

    /// A configuration with the five-return window, no fallback, and room for three positions.
    func configure(returns: Correlation.Returns = .log, alert: String = "0.7", exposure: String = "0.6") throws -> String {
        let path = bench.directory.appendingPathComponent("genesis.yaml").path
        try """
            tiers:
              sniper: {maxOpenPositions: 3, maxPairs: 3}
            risk:
              correlationWindow: 5
              correlationMinimumReturns: 5
              correlationFallbackIntervals: []
              correlationReturns: \(returns.rawValue)
              correlationAlert: \(alert)
              maxCorrelatedExposure: \(exposure)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let config = ["--config", path]
        #expect(try bench.run("gen-risk", ["account", "init", "--balance", "500", "--at", "2024-01-01"] + config).status == 0)
        try bench.withStore { try Rule.store(["AAAUSDT", "BBBUSDT", "HHHUSDT", "CCCUSDT"], in: $0) }
        return path
    }

    /// A manual BUY at `hour`:00 at the symbol's close of the hour before.
    func signal(_ symbol: String, hour: Int64) -> String {
        let price = Rule.closes(symbol)[Int(hour) - 1]
        let ts = Rule.start + hour * Rule.hour
        return #"{"v":1,"type":"signal","ts":\#(ts),"id":"manual:\#(symbol):\#(ts)","strategy":"manual","symbol":"\#(symbol)","side":"BUY","price":"\#(price.plainText)","stop":"\#((price * Decimal(string: "0.98")!).plainText)","reason":"correlation test"}"#
    }

    /// A flat candle of `symbol` opening at `hour`:00 at `price` (gen-exec's fill price; the stored candles are the history).
    func candle(_ symbol: String, hour: Int64, price: Decimal) -> String {
        TestLines.candle(symbol: symbol, openTime: Rule.start + hour * Rule.hour, open: price.plainText, high: price.plainText, low: price.plainText,
                         close: price.plainText, volume: "1000")
    }

    func risk(_ lines: [String], config: String) throws -> TestSupport.Outcome {
        let outcome = try bench.run("gen-risk", ["--no-sync", "--config", config], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.status == 0, "gen-risk: \(outcome.stderr)")
        return outcome
    }

    func exec(_ lines: [String], config: String) throws -> TestSupport.Outcome {
        let outcome = try bench.run("gen-exec", ["--venue", "paper", "--config", config], stdin: Data((lines.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.status == 0, "gen-exec: \(outcome.stderr)")
        return outcome
    }

    func orders(_ outcome: TestSupport.Outcome) -> [String] {
        outcome.stdout.split(separator: "\n").map(String.init).filter { $0.contains(#""type":"order""#) }
    }

    /// gen-risk approves a BUY of `symbol` at `hour`:00 and gen-exec fills it on the next candle.
    func hold(_ symbol: String, hour: Int64, config: String) throws {
        let approved = orders(try risk([signal(symbol, hour: hour)], config: config))
        #expect(approved.count == 1, "\(symbol) was not approved")
        let price = Rule.closes(symbol)[Int(hour) - 1]
        _ = try exec(approved + [candle(symbol, hour: hour, price: price)], config: config)
        #expect(try bench.withStore { try $0.openPositions(session: "default").contains { $0.symbol == symbol } }, "\(symbol) is not held")
    }

    struct Recorded: Equatable {
        var a: String, b: String, rho: Double, window: Int, minimum: Int, returnType: String, interval: String, returns: Int, cause: String
    }

    func recorded() throws -> [Recorded] {
        try bench.withStore { store in
            try store.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM position_correlations ORDER BY id").map {
                    Recorded(a: $0["symbol_a"], b: $0["symbol_b"], rho: $0["correlation"], window: $0["window_size"], minimum: $0["minimum_returns"],
                             returnType: $0["return_type"], interval: $0["interval"], returns: $0["returns_used"], cause: $0["cause"])
                }
            }
        }
    }

    // MARK: At the alert and refusal edge

    /// Log returns give ρ 0.7010, at or above 0.7: a WARNING, and with BBB
    /// held the entry would put all the exposure in one bet (above 60%).
    @Test func logReturnsJustAboveTheAlertAreAlertedAndRefused() throws {
        let config = try configure(returns: .log)
        try hold("BBBUSDT", hour: 13, config: config)
        let outcome = try risk([signal("AAAUSDT", hour: 16)], config: config)
        let lines = outcome.stdout.split(separator: "\n").map(String.init)
        let alert = try #require(lines.first { $0.contains(#""code":"risk.correlation""#) })
        #expect(alert.contains(#""level":"WARNING""#) && alert.contains("ρ 0.7010 over 5 log returns of 1h candles"), "\(alert)")
        let refusal = try #require(lines.first { $0.contains(#""type":"rejection""#) })
        #expect(refusal.contains(#""rule":"limits.correlation""#) && refusal.contains("BBBUSDT (ρ 0.7010)"), "\(refusal)")
        #expect(orders(outcome).isEmpty)
        #expect(try recorded().isEmpty) // nothing approved, nothing kept
    }

    /// Simple returns on the same candles give ρ 0.6998, just below 0.7: no
    /// alert, approved, and the ρ it was judged with kept exact.
    @Test func simpleReturnsJustBelowTheAlertAreApprovedAndRecorded() throws {
        let config = try configure(returns: .simple)
        try hold("BBBUSDT", hour: 13, config: config)
        let outcome = try risk([signal("AAAUSDT", hour: 16)], config: config)
        #expect(!outcome.stdout.contains("risk.correlation"))
        #expect(orders(outcome).count == 1)
        let rows = try recorded()
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row == Recorded(a: "AAAUSDT", b: "BBBUSDT", rho: row.rho, window: 5, minimum: 5, returnType: "simple", interval: "1h", returns: 5, cause: "entry"))
        #expect(abs(row.rho - Rule.expectedInWindow("AAAUSDT", "BBBUSDT", .simple)) < 1e-12)
        #expect(abs(row.rho - 0.699831293403) < 1e-11)
    }

    /// The configured threshold moved to either side of ρ 0.700997: at
    /// 0.7009 the pair moves together, at 0.7010 it does not.
    @Test(arguments: [("0.7009", true), ("0.701", false)])
    func aConfiguredAlertLevelIsTheEdge(_ alert: String, _ refused: Bool) throws {
        let config = try configure(returns: .log, alert: alert)
        try hold("BBBUSDT", hour: 13, config: config)
        let outcome = try risk([signal("AAAUSDT", hour: 16)], config: config)
        #expect(outcome.stdout.contains(#""rule":"limits.correlation""#) == refused, "\(outcome.stdout)")
        #expect(outcome.stdout.contains(#""code":"risk.correlation""#) == refused)
        #expect(orders(outcome).count == (refused ? 0 : 1))
        let rows = try recorded()
        #expect(rows.count == (refused ? 0 : 1))
        if let row = rows.first { #expect(abs(row.rho - Rule.expectedInWindow("AAAUSDT", "BBBUSDT", .log)) < 1e-12) }
    }

    // MARK: A hedge

    /// AAA and HHH move opposite ways (ρ −0.9996, past −0.95): gen-risk notes
    /// the hedge and approves it, and gen-exec does not cut it once both are held.
    @Test func aNegativelyCorrelatedPairIsNeitherRefusedNorCut() throws {
        let config = try configure(returns: .log)
        try hold("AAAUSDT", hour: 13, config: config)
        let outcome = try risk([signal("HHHUSDT", hour: 16)], config: config)
        let note = try #require(outcome.stdout.split(separator: "\n").first { $0.contains("risk.correlation_hedge") })
        #expect(note.contains(#""level":"INFO""#) && note.contains("ρ -0.9996"), "\(note)")
        #expect(!outcome.stdout.contains(#""code":"risk.correlation""#))
        let approved = orders(outcome)
        #expect(approved.count == 1)
        let quantity = try #require(approved.first.flatMap { try? scan($0) { try OrderIntent(line: $0) } }?.quantity)
        let filled = try exec(approved + [candle("HHHUSDT", hour: 16, price: 82), candle("HHHUSDT", hour: 17, price: 82), candle("AAAUSDT", hour: 17, price: 128)],
                              config: config)
        #expect(!filled.stdout.contains("risk.correlation_reduced"))
        let held = try bench.withStore { try $0.openPositions(session: "default") }
        #expect(held.first { $0.symbol == "HHHUSDT" }?.quantity == quantity)
        #expect(held.count == 2)
        let row = try #require(try recorded().first)
        #expect(row.cause == "entry" && row.a == "HHHUSDT" && row.b == "AAAUSDT")
        #expect(abs(row.rho - Rule.expected(Rule.window["HHHUSDT"]!, Rule.window["AAAUSDT"]!, .log)) < 1e-12)
        #expect(abs(row.rho - -0.999603781964) < 1e-11)
        #expect(try bench.count("events WHERE type = 'risk.correlation_reduced'") == 0)
    }

    /// The contrast: AAA and CCC move together at ρ 0.9997 ≥ 0.95, so once
    /// both are held the newer (CCC) is cut, and that ρ is kept exact.
    @Test func aPairMovingTogetherIsCutAndItsRhoRecorded() throws {
        let config = try configure(returns: .log, exposure: "1") // all the exposure may move together: the entry goes through, to be cut
        try hold("AAAUSDT", hour: 13, config: config)
        let outcome = try risk([signal("CCCUSDT", hour: 16)], config: config)
        let approved = orders(outcome)
        #expect(approved.count == 1, "\(outcome.stdout)")
        let alert = try #require(outcome.stdout.split(separator: "\n").first { $0.contains(#""code":"risk.correlation""#) })
        #expect(alert.contains(#""level":"CRITICAL""#) && alert.contains("ρ 0.9997"))
        _ = try exec(approved + [candle("CCCUSDT", hour: 16, price: Decimal(string: "61.5")!), candle("CCCUSDT", hour: 17, price: Decimal(string: "61.5")!)], config: config)
        #expect(try bench.count("events WHERE type = 'risk.correlation_reduced'") == 1)
        let rows = try recorded()
        #expect(rows.map(\.cause) == ["entry", "force_reduction"])
        let cut = try #require(rows.last)
        #expect(cut.a == "CCCUSDT" && cut.b == "AAAUSDT" && cut.window == 5 && cut.returnType == "log" && cut.returns == 5)
        #expect(abs(cut.rho - Rule.expected(Rule.window["CCCUSDT"]!, Rule.window["AAAUSDT"]!, .log)) < 1e-12)
        #expect(abs(cut.rho - 0.999733898474) < 1e-11)
    }
}
