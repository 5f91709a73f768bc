import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// MAINTENANCE (DESIGN §7): the exchange's system status and a symbol's
/// exchangeInfo status, served and changed by gen-sim, polled by
/// `gen-fetch stream` into `exchange_status` lines, and turned by gen-signal
/// into the MAINTENANCE market state with no signals while it lasts.
@Suite(.serialized) struct MaintenanceTests {
    /// A drill call on a running gen-sim (unsigned, as `/sim/v1/price` is).
    static func call(_ sim: SimProcess, _ method: BinanceGateway.Method, _ path: String, _ parameters: [(String, String)] = []) async throws -> JSONValue {
        let http = BinanceGateway.makeHTTPClient(GenesisConfig().execution)
        let gateway = BinanceGateway(venue: "check", restBase: sim.base, credentials: nil, http: http, state: nil, settings: GenesisConfig().execution,
                                     sleeper: { _ in })
        do {
            let answer = try await gateway.call(method, path, parameters)
            try await http.shutdown()
            return answer
        } catch {
            try await http.shutdown()
            throw error
        }
    }

    /// The lines of NDJSON text, parsed.
    static func lines(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
    }

    @Test func genSimServesTheSystemAndSymbolStatusADrillSets() async throws {
        let sim = try SimProcess()
        #expect(try await Self.call(sim, .get, "/sapi/v1/system/status")["status"]?.integer == 0)
        let set = try await Self.call(sim, .post, "/sim/v1/status", [("system", "1")])
        #expect(set["status"]?.integer == 1 && set["msg"]?.string == "system maintenance")
        #expect(try await Self.call(sim, .get, "/sapi/v1/system/status")["msg"]?.string == "system maintenance")
        // gen-fetch doctor already reports the system status: maintenance is a failure there.
        let base = sim.base, scratch = TestSupport.temporaryDirectory().appendingPathComponent("g.db").path
        let doctor = try await TestSupport.onThread { try TestSupport.run("gen-fetch", ["doctor", "--venue", base, "--db", scratch], environment: SimProcess.environment) }
        #expect(doctor.stdout.contains("FAIL system status: system maintenance"), "\(doctor.stdout)\(doctor.stderr)")
        _ = try await Self.call(sim, .post, "/sim/v1/status", [("system", "0"), ("symbol", "BTCUSDT"), ("status", "HALT")])
        let info = try await Self.call(sim, .get, "/api/v3/exchangeInfo", [("symbol", "BTCUSDT")])
        #expect(info["symbols"]?.array?.first?["status"]?.string == "HALT")
        // A status Binance does not have is refused, naming the parameter.
        let refused = await caught { _ = try await Self.call(sim, .post, "/sim/v1/status", [("symbol", "BTCUSDT"), ("status", "CLOSED")]) }
        #expect("\(String(describing: refused))".contains("'status'"))
    }

    /// An exchange_status line written by hand between replayed candles: the
    /// MAINTENANCE state goes out at once, no signal of the symbol while it
    /// lasts, and the next bar after TRADING says the market's own state.
    @Test func genSignalSaysMaintenanceAtOnceAndWithholdsSignalsUntilTrading() throws {
        let bench = PipelineBench()
        try bench.generate(days: 20)
        let replay = try bench.run("gen-fetch", ["replay", "BTCUSDT", "--interval", "1h"])
        let candles = replay.stdout.split(separator: "\n").map(String.init)
        #expect(candles.count == 480)
        let plain = try bench.run("gen-signal", ["--strategies", "momentum_breakout"], stdin: Data((candles.joined(separator: "\n") + "\n").utf8))
        let signalTimes = try Self.lines(plain.stdout).filter { $0["type"]?.string == "signal" }.compactMap { $0["ts"]?.integer }
        // Maintenance from candle 50 to candle 150 covers signals that would otherwise go out.
        let start = try #require(try Self.lines(candles[49]).first?["ts"]?.integer), end = try #require(try Self.lines(candles[149]).first?["ts"]?.integer)
        let covered = signalTimes.filter { $0 > start && $0 <= end }
        try #require(!covered.isEmpty, "the window must hold signals for the test to mean anything")
        let down = ExchangeStatus(symbol: "BTCUSDT", system: 1, symbolStatus: "TRADING").encoded(ts: Timestamp(milliseconds: start))
        let up = ExchangeStatus(symbol: "BTCUSDT", system: 0, symbolStatus: "TRADING").encoded(ts: Timestamp(milliseconds: end))
        let input = candles[..<50] + [String(decoding: down, as: UTF8.self).trimmingCharacters(in: .newlines)] + candles[50..<150]
            + [String(decoding: up, as: UTF8.self).trimmingCharacters(in: .newlines)] + candles[150...]
        let run = try bench.run("gen-signal", ["--strategies", "momentum_breakout"], stdin: Data((input.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 0, "\(run.stderr)")
        let output = try Self.lines(run.stdout)
        let statusIndex = try #require(output.firstIndex { $0["type"]?.string == "exchange_status" })
        // Right after the status line (forwarded as is): MAINTENANCE for the running series.
        let state = output[statusIndex + 1]
        #expect(state["type"]?.string == "market_state" && state["state"]?.string == "MAINTENANCE" && state["interval"]?.string == "1h")
        #expect(state["ts"]?.integer == start)
        let signals = output.filter { $0["type"]?.string == "signal" }.compactMap { $0["ts"]?.integer }
        #expect(signals.allSatisfy { $0 <= start || $0 > end }, "a signal during maintenance: \(signals)")
        #expect(signals.contains { $0 <= start } && signals.contains { $0 > end })
        // The strategy still reads every bar, so exactly the signals of the window were withheld.
        #expect(run.stderr.contains("withheld in MAINTENANCE \(covered.count)"), "\(run.stderr)")
        // After TRADING, the first bar writes the market's own state again.
        let upIndex = try #require(output.lastIndex { $0["type"]?.string == "exchange_status" })
        let next = try #require(output[(upIndex + 1)...].first { $0["type"]?.string == "market_state" })
        #expect(next["state"]?.string != "MAINTENANCE")
        #expect(next["ts"]?.integer == end + 3_600_000)
    }

    /// The whole way: gen-sim in maintenance → gen-fetch stream → gen-signal.
    @Test func aSimInMaintenanceReachesGenSignalAsMaintenanceWithNoSignals() async throws {
        let sim = try SimProcess(["--tick-ms", "40"])
        let bench = CLIBench()
        let base = sim.base, db = bench.db
        func pipeline() async throws -> [JSONValue] {
            // On a thread of its own: waiting on the cooperative pool would starve the suites alongside.
            let run = try await TestSupport.onThread {
                try TestSupport.shell("gen-fetch stream BTCUSDT --interval 1s --venue \(base) --max-candles 2 --db '\(db)' | gen-signal --db '\(db)'",
                                      environment: SimProcess.environment)
            }
            #expect(run.status == 0, "\(run.stderr)")
            return try Self.lines(run.stdout)
        }
        for drill in [[("system", "1")], [("system", "0"), ("symbol", "BTCUSDT"), ("status", "HALT")]] {
            _ = try await Self.call(sim, .post, "/sim/v1/status", drill)
            let output = try await pipeline()
            let status = try #require(output.first { $0["type"]?.string == "exchange_status" }, "\(output)")
            #expect(status["state"]?.string == "MAINTENANCE")
            #expect(status["system"]?.string == (drill.count == 1 ? "MAINTENANCE" : "NORMAL"))
            #expect(status["symbol_status"]?.string == (drill.count == 1 ? "TRADING" : "HALT"))
            let states = output.filter { $0["type"]?.string == "market_state" }
            #expect(!states.isEmpty && states.allSatisfy { $0["state"]?.string == "MAINTENANCE" }, "\(states)")
            #expect(!output.contains { $0["type"]?.string == "signal" })
            #expect(output.filter { $0["type"]?.string == "candle" }.count == 2)
        }
        // Trading again: the status says so, and no MAINTENANCE is written.
        _ = try await Self.call(sim, .post, "/sim/v1/status", [("symbol", "BTCUSDT"), ("status", "TRADING")])
        let output = try await pipeline()
        #expect(output.first { $0["type"]?.string == "exchange_status" }?["state"]?.string == "TRADING")
        #expect(!output.contains { $0["state"]?.string == "MAINTENANCE" })
    }

    @Test func aStatusLineWithAnUnknownStateIsMalformed() throws {
        let bench = CLIBench()
        let line = #"{"v":1,"type":"exchange_status","ts":1704067200000,"symbol":"BTCUSDT","state":"CLOSED"}"# + "\n"
        let run = try bench.run("gen-signal", [], stdin: Data(line.utf8))
        #expect(run.status == 3)
        #expect(run.stderr.contains("line 1: field 'state' must be MAINTENANCE or TRADING"), "\(run.stderr)")
    }
}
