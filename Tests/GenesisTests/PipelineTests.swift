import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// End-to-end tests of the real executables joined by real pipes (`sh -c`):
/// gen-fetch | gen-signal | gen-risk | gen-exec, then gen-report over the
/// database they wrote. Every test has its own temporary database.
@Suite struct PipelineTests {

    // MARK: - The full pipeline on generated data

    @Test func fullPipelineOnGeneratedDataTradesAndBalancesExactly() throws {
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")
        try bench.generate()

        let run = try bench.pipeline()
        run.expectEveryStageSucceeded()

        // Signal-derived executions and positions reach the end of the pipe.
        let executions = run.lines(ofType: "execution")
        let positions = run.lines(ofType: "position")
        #expect(executions.contains { $0["status"] as? String == "FILLED" })
        #expect(!positions.isEmpty)
        // The market stream still reaches the last stage's output (DESIGN §1.1).
        #expect(run.lines(ofType: "candle", parse: false).count == 365 * 24)

        // Every entry gen-exec executed is the order of a signal gen-risk approved.
        let entryIDs = Set(executions.filter { $0["purpose"] as? String == "ENTRY" }.compactMap { $0["client_order_id"] as? String })
        let approvedIDs = try bench.approvedSignalOrderIDs()
        #expect(!entryIDs.isEmpty)
        #expect(entryIDs == approvedIDs)
        let clientOrderIDs = Set(executions.compactMap { $0["client_order_id"] as? String })
        #expect(clientOrderIDs.allSatisfy { ClientOrderID.isValid($0) })

        // The report agrees with the stream, to the last decimal.
        let summary = try bench.summary()
        let trades = try #require(summary["trades"] as? Int)
        #expect(trades > 0)
        #expect(trades == positions.filter { $0["status"] as? String == "CLOSED" }.count)
        try PipelineBench.expectBalanceConsistent(summary: summary, positions: positions, initial: "500")

        let verify = try bench.run("gen-report", ["verify"])
        #expect(verify.status == 0, "gen-report verify: \(verify.stderr)")
        #expect(verify.stdout.contains("intact"))
    }

    // MARK: - Determinism (the replay barrier between gen-risk and gen-exec)

    @Test func samePipelineOnTwoFreshDatabasesIsByteIdentical() throws {
        var outputs: [Data] = []
        var summaries: [String] = []
        for _ in 0..<2 {
            let bench = PipelineBench()
            try bench.initialiseAccount(balance: "500")
            try bench.generate()
            let run = try bench.pipeline()
            run.expectEveryStageSucceeded()
            #expect(!run.lines(ofType: "execution", parse: false).isEmpty)
            outputs.append(run.stdout)
            let summary = try bench.run("gen-report", ["summary", "--json"])
            #expect(summary.status == 0)
            summaries.append(summary.stdout)
        }
        #expect(outputs[0].count > 0)
        #expect(outputs[0] == outputs[1], "two replays of the same data gave different streams (\(outputs[0].count) vs \(outputs[1].count) bytes)")
        #expect(summaries[0] == summaries[1])
    }

    // MARK: - Idempotence: the same replay again on the same database

    @Test func replayingTheSameSessionAgainCreatesNoOrdersOrFills() throws {
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")
        try bench.generate()

        let first = try bench.pipeline()
        first.expectEveryStageSucceeded()
        let summaryBefore = try bench.summary()
        let ledgerBefore = try bench.ledgerCounts()
        #expect((summaryBefore["trades"] as? Int ?? 0) > 0)
        #expect(ledgerBefore["orders", default: 0] > 0)
        #expect(ledgerBefore["fills", default: 0] > 0)

        let second = try bench.pipeline()
        second.expectEveryStageSucceeded()
        let summaryAfter = try bench.summary()
        let ledgerAfter = try bench.ledgerCounts()

        #expect(summaryAfter["trades"] as? Int == summaryBefore["trades"] as? Int)
        #expect(summaryAfter["balance"] as? String == summaryBefore["balance"] as? String)
        #expect(ledgerAfter["orders"] == ledgerBefore["orders"])
        #expect(ledgerAfter["fills"] == ledgerBefore["fills"])
        #expect(ledgerAfter["positions"] == ledgerBefore["positions"])
        #expect(ledgerAfter["signals"] == ledgerBefore["signals"])
        // Nothing new happened, so nothing new was said about it either.
        #expect(second.lines(ofType: "execution", parse: false).isEmpty)
        #expect(second.lines(ofType: "position", parse: false).isEmpty)
        #expect(second.lines(ofType: "candle", parse: false).count == 365 * 24)

        let verify = try bench.run("gen-report", ["verify"])
        #expect(verify.status == 0, "gen-report verify: \(verify.stderr)")
    }

    // MARK: - The real Binance data: March 2020

    @Test(.enabled(if: TestSupport.hasData("binance-spot-klines/BTCUSDT-1m-2020-03.zip"),
                   "needs binance-spot-klines/BTCUSDT-1m-2020-03.zip under GENESIS_DATA (default ../shared/data)"))
    func realBinanceMarch2020ThroughAllFourCommands() throws {
        let file = TestSupport.klineFile("2020-03")
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")

        let imported = try bench.run("gen-fetch", ["import", file, "--json"])
        #expect(imported.status == 0, "gen-fetch import: \(imported.stderr)")
        let report = try PipelineBench.object(imported.stdout)
        #expect(report["symbol"] as? String == "BTCUSDT")
        #expect(report["interval"] as? String == "1m")
        #expect(report["rejected"] as? Int == 0)
        let inserted = try #require(report["inserted"] as? Int)
        #expect(inserted > 40_000 && inserted <= 31 * 24 * 60)

        let run = try bench.pipeline(replay: "gen-fetch replay BTCUSDT --interval 1m")
        run.expectEveryStageSucceeded()
        #expect(run.lines(ofType: "candle", parse: false).count == inserted)

        let executions = run.lines(ofType: "execution")
        let fills = executions.filter { $0["status"] as? String == "FILLED" }
        #expect(!fills.isEmpty, "the March 2020 crash produced no filled execution")
        let march2020 = Int64(1_583_020_800_000)..<Int64(1_585_699_200_000)
        for fill in fills {
            let ts = try #require((fill["ts"] as? NSNumber)?.int64Value)
            #expect(march2020.contains(ts))
        }

        let summary = try bench.summary()
        #expect((summary["trades"] as? Int ?? 0) > 0)
        try PipelineBench.expectBalanceConsistent(summary: summary, positions: run.lines(ofType: "position"), initial: "500")
        let verify = try bench.run("gen-report", ["verify"])
        #expect(verify.status == 0, "gen-report verify: \(verify.stderr)")
    }

    // MARK: - Sessions

    @Test func genExecRefusesOrdersOfAnotherSessionInAPipeline() throws {
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")
        try bench.generate()

        // gen-risk judges for session alpha (without the barrier: no gen-exec
        // of session alpha exists to wait for); gen-exec runs session beta.
        let run = try bench.pipeline(risk: "gen-risk --session alpha --no-sync", exec: "gen-exec --venue paper --session beta", teeRisk: true)
        #expect(run.rc["fetch"] == 0)
        #expect(run.rc["signal"] == 0)
        #expect(run.rc["risk"] == 0, "gen-risk: \(run.stderr["risk"] ?? "")")
        #expect(run.rc["exec"] == 3, "gen-exec should exit 3 when it refuses lines; stderr: \(run.stderr["exec"] ?? "")")

        // Every order line gen-exec received is reported by its line number.
        let riskOutput = try #require(run.riskOutput)
        let orderLineNumbers = Set(riskOutput.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .filter { $0.element.contains("\"type\":\"order\"") }.map { $0.offset + 1 })
        #expect(!orderLineNumbers.isEmpty)
        let reported = TestSupport.reportedLineNumbers(run.stderr["exec"] ?? "")
        #expect(reported == orderLineNumbers)
        #expect((run.stderr["exec"] ?? "").contains("session 'alpha'"))

        // Nothing was executed or recorded for the refused orders…
        #expect(run.lines(ofType: "execution", parse: false).isEmpty)
        #expect(run.lines(ofType: "order", parse: false).isEmpty)
        let counts = try bench.ledgerCounts()
        #expect(counts["orders"] == 0)
        #expect(counts["fills"] == 0)
        #expect(counts["positions"] == 0)
        let summary = try bench.summary()
        #expect(summary["balance"] as? String == "500")
        // …while the rest of the stream went through.
        #expect(run.lines(ofType: "candle", parse: false).count == 365 * 24)
    }

    @Test func genExecRefusesASingleOrderOfAnotherSession() throws {
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")
        let candle1 = TestLines.candle(openTime: 1_704_067_200_000, open: "40000", high: "40100", low: "39900", close: "40050")
        let candle2 = TestLines.candle(openTime: 1_704_070_800_000, open: "40050", high: "40200", low: "40000", close: "40100")
        let order = PipelineBench.order(id: "sess-test-1", session: "other", ts: 1_704_070_800_000)
        let input = [candle1, order, candle2].joined(separator: "\n") + "\n"
        let before = try bench.ledgerSnapshot()

        let refused = try bench.run("gen-exec", ["--venue", "paper"], stdin: Data(input.utf8))
        #expect(refused.status == 3)
        #expect(TestSupport.reportedLineNumbers(refused.stderr) == [2])
        #expect(refused.stderr.contains("other"))
        #expect(refused.stdout == candle1 + "\n" + candle2 + "\n")
        #expect(try bench.ledgerSnapshot() == before)

        // The same order in its own session is taken, once gen-risk approved it.
        try TestSupport.approve(orderLine: order, db: bench.db)
        let accepted = try bench.run("gen-exec", ["--venue", "paper", "--session", "other"], stdin: Data(input.utf8))
        #expect(accepted.status == 0, "gen-exec: \(accepted.stderr)")
        #expect(accepted.stdout.contains("\"status\":\"FILLED\""))
        #expect(try bench.ledgerCounts()["fills"] == 1)
    }

    @Test func signalsInTheSameInstantCannotBothPassAOnePositionLimit() throws {
        let bench = PipelineBench()
        try bench.initialiseAccount(balance: "500")
        let signals = ["BTCUSDT", "ETHUSDT"].map { symbol in
            #"{"v":1,"type":"signal","ts":1704070800000,"id":"same-\#(symbol)","strategy":"momentum_breakout","symbol":"\#(symbol)","side":"BUY","price":"100","stop":"98"}"#
        }
        let outcome = try bench.run("gen-risk", ["--no-sync"], stdin: Data((signals.joined(separator: "\n") + "\n").utf8))
        #expect(outcome.status == 0, "gen-risk: \(outcome.stderr)")
        #expect(outcome.stdout.components(separatedBy: #""type":"order""#).count == 2)
        #expect(outcome.stdout.contains(#""rule":"tier.pairs""#))

        // A re-run sends the approved order again (gen-exec ignores duplicates) and judges nothing twice.
        let again = try bench.run("gen-risk", ["--no-sync"], stdin: Data((signals.joined(separator: "\n") + "\n").utf8))
        #expect(again.status == 0)
        #expect(again.stdout.components(separatedBy: #""type":"order""#).count == 2)
        #expect(!again.stdout.contains("rejection"))
    }
}

// MARK: - Harness

/// A `CLIBench` (one temporary directory and database, removed when the test
/// is done with it) with the whole pipeline and the ledger's figures.
final class PipelineBench: CLIBench {
    func generate(days: Int = 365, seed: Int = 7) throws {
        let outcome = try run("gen-fetch", ["generate", "BTCUSDT", "--interval", "1h", "--days", "\(days)", "--seed", "\(seed)"])
        #expect(outcome.status == 0, "gen-fetch generate: \(outcome.stderr)")
    }

    struct Run {
        var stdout: Data
        var rc: [String: Int32]
        var stderr: [String: String]
        var riskOutput: String?

        func expectEveryStageSucceeded(sourceLocation: SourceLocation = #_sourceLocation) {
            for stage in ["fetch", "signal", "risk", "exec"] {
                #expect(rc[stage] == 0, "\(stage) exited \(rc[stage].map(String.init) ?? "?"): \(stderr[stage] ?? "")", sourceLocation: sourceLocation)
            }
        }

        /// Output lines of one type, parsed (or as dictionaries with no keys when `parse` is false).
        func lines(ofType type: String, parse: Bool = true) -> [[String: Any]] {
            let marker = Data("\"type\":\"\(type)\"".utf8)
            var result: [[String: Any]] = []
            for line in stdout.split(separator: 10) where line.range(of: marker) != nil {
                if parse {
                    result.append((try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any] ?? [:])
                } else {
                    result.append([:])
                }
            }
            return result
        }
    }

    /// `replay | gen-signal | gen-risk | gen-exec` through `sh -c` pipes. Each
    /// stage writes its exit status and stderr to files (dash has no pipefail).
    func pipeline(replay: String = "gen-fetch replay BTCUSDT --interval 1h", risk: String = "gen-risk",
                  exec: String = "gen-exec --venue paper", teeRisk: Bool = false) throws -> Run {
        let run = directory.appendingPathComponent("run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: run, withIntermediateDirectories: true)
        let d = run.path
        let tee = teeRisk ? " | tee '\(d)/risk.ndjson'" : ""
        let script = """
            { \(replay); echo $? > '\(d)/rc.fetch'; } 2> '\(d)/err.fetch' \
            | { gen-signal; echo $? > '\(d)/rc.signal'; } 2> '\(d)/err.signal' \
            | { \(risk); echo $? > '\(d)/rc.risk'; } 2> '\(d)/err.risk'\(tee) \
            | { \(exec); echo $? > '\(d)/rc.exec'; } 2> '\(d)/err.exec' > '\(d)/out.ndjson'
            echo done
            """
        let shell = try TestSupport.shell(script, environment: environment)
        #expect(shell.status == 0, "sh: \(shell.stderr)")
        var rc: [String: Int32] = [:]
        var stderr: [String: String] = [:]
        for stage in ["fetch", "signal", "risk", "exec"] {
            let text = (try? String(contentsOfFile: "\(d)/rc.\(stage)", encoding: .utf8)) ?? ""
            rc[stage] = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            stderr[stage] = (try? String(contentsOfFile: "\(d)/err.\(stage)", encoding: .utf8)) ?? ""
        }
        let stdout = (try? Data(contentsOf: URL(fileURLWithPath: "\(d)/out.ndjson"))) ?? Data()
        let riskOutput = teeRisk ? try? String(contentsOfFile: "\(d)/risk.ndjson", encoding: .utf8) : nil
        return Run(stdout: stdout, rc: rc, stderr: stderr, riskOutput: riskOutput)
    }

    func summary() throws -> [String: Any] {
        let outcome = try run("gen-report", ["summary", "--json"])
        #expect(outcome.status == 0, "gen-report summary: \(outcome.stderr)")
        return try PipelineBench.object(outcome.stdout)
    }

    static func object(_ text: String) throws -> [String: Any] {
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(value as? [String: Any], "not a JSON object: \(text)")
    }

    static func decimal(_ value: Any?) throws -> Decimal {
        let text = try #require(value as? String, "expected a decimal string, got \(String(describing: value))")
        return try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), "not a decimal: \(text)")
    }

    /// balance = initial + Σ realized_pnl of CLOSED position lines (exact),
    /// less the entry fees of positions still open at the end (charged when
    /// they opened; their P&L is not realised yet).
    static func expectBalanceConsistent(summary: [String: Any], positions: [[String: Any]], initial: String,
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let initialBalance = try decimal(summary["initial_balance"])
        #expect(initialBalance == Decimal(string: initial)!, sourceLocation: sourceLocation)
        var realized = Decimal(0)
        var last: [String: [String: Any]] = [:]
        for position in positions {
            if position["status"] as? String == "CLOSED" { realized += try decimal(position["realized_pnl"]) }
            last[position["symbol"] as? String ?? ""] = position
        }
        let stillOpen = last.values.filter { $0["status"] as? String == "OPEN" }
        let openFees = try stillOpen.reduce(Decimal(0)) { try $0 + decimal($1["fees"]) }
        #expect(summary["open_positions"] as? Int == stillOpen.count, sourceLocation: sourceLocation)
        let balance = try decimal(summary["balance"])
        #expect(balance == initialBalance + realized - openFees,
                "balance \(balance) != \(initialBalance) + \(realized) - \(openFees)", sourceLocation: sourceLocation)
        // The last position line carries the balance after it, too.
        if let final = positions.last {
            #expect(try decimal(final["balance"]) == balance, sourceLocation: sourceLocation)
        }
        // And the summary's own net P&L is the same sum.
        #expect(try decimal(summary["net_pnl"]) == realized, sourceLocation: sourceLocation)
    }

    func ledgerCounts() throws -> [String: Int] {
        try counts(["orders", "fills", "positions", "signals", "events", "candles"])
    }

    /// Every row of the tables a trading stage may write (candles counted).
    func ledgerSnapshot() throws -> [String] {
        try snapshot(["accounts", "orders", "fills", "positions", "signals", "events", "lockouts", "tilt_events"])
    }

    func approvedSignalOrderIDs() throws -> Set<String> {
        try withStore { store in
            try store.read { db in
                Set(try String.fetchAll(db, sql: "SELECT client_order_id FROM signals WHERE decision = 'APPROVED' AND side = 'BUY' AND client_order_id IS NOT NULL"))
            }
        }
    }


    static func order(id: String, session: String = "default", ts: Int64, quantity: String = "0.0005", price: String = "40050") -> String {
        #"{"v":1,"type":"order","ts":\#(ts),"client_order_id":"\#(id)","session":"\#(session)","signal_id":"manual-\#(id)","strategy":"manual","symbol":"BTCUSDT","side":"BUY","order_type":"MARKET","purpose":"ENTRY","quantity":"\#(quantity)","price":"\#(price)","stop":"39000","target":"42000"}"#
    }
}
