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

/// `cron/genesis-pipeline.service` and `scripts/genesis-pipeline` (DESIGN §6):
/// the unit's restart and stop settings, and the wrapper run for real
/// against a local gen-sim: RUNNING while it streams (and the candles it
/// streams are stored), STOPPED after SIGTERM, DEAD after a kill -9 once
/// `pipeline.deadAfterSeconds` has passed (health's `--at`, no waiting).
@Suite(.serialized) struct PipelineServiceTests {
    static var unitPath: String { TestSupport.packageRoot.appendingPathComponent("cron/genesis-pipeline.service").path }
    static var wrapperPath: String { TestSupport.packageRoot.appendingPathComponent("scripts/genesis-pipeline").path }

    static func settings() throws -> [(String, String)] {
        try String(contentsOfFile: unitPath, encoding: .utf8).components(separatedBy: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    @Test func theUnitRestartsOnlyWhatARestartCanFixAndStopsThroughTheWrapper() throws {
        let settings = try Self.settings()
        func value(_ key: String) -> String? { settings.last { $0.0 == key }?.1 }
        #expect(value("ExecStart") == "/opt/genesis/bin/genesis-pipeline")
        #expect(value("Restart") == "on-failure")
        #expect(value("RestartPreventExitStatus") == "2 4 7")
        #expect(value("KillMode") == "mixed", "SIGTERM must reach the wrapper alone, which stops gen-fetch first so the rest drain")
        #expect(value("KillSignal") == "SIGTERM")
        #expect(value("TimeoutStopSec").flatMap(Int.init).map { $0 >= 20 } == true)
        for key in ["NoNewPrivileges", "PrivateTmp", "ProtectKernelTunables"] { #expect(value(key) == "yes", "\(key)") }
        #expect(value("ProtectSystem") == "strict")
        #expect(value("LimitCORE") == "0")
        let environment = settings.filter { $0.0 == "Environment" }.map(\.1)
        for name in ["GENESIS_DB", "GENESIS_BIN", "GENESIS_VENUE", "GENESIS_SYMBOLS"] {
            #expect(environment.contains { $0.hasPrefix(name + "=") || $0.hasPrefix("\"" + name + "=") }, "\(name) is not set in the unit")
        }
        let text = try String(contentsOfFile: Self.unitPath, encoding: .utf8)
        #expect(text.contains("deterministic"), "the unit must say why a restart never duplicates an order")
        let wrapper = try #require(FileManager.default.attributesOfItem(atPath: Self.wrapperPath)[.posixPermissions] as? Int)
        #expect(wrapper & 0o111 != 0, "scripts/genesis-pipeline must be executable")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "systemd-analyze is not installed"))
    func systemdAcceptsThePipelineUnit() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environmentFile = directory.appendingPathComponent("watch.env").path
        _ = FileManager.default.createFile(atPath: environmentFile, contents: Data("BINANCE_API_KEY=x\n".utf8), attributes: [.posixPermissions: 0o600])
        let unit = try String(contentsOfFile: Self.unitPath, encoding: .utf8)
            .replacingOccurrences(of: "/opt/genesis/bin/genesis-pipeline", with: Self.wrapperPath)
            .replacingOccurrences(of: "/etc/genesis/watch.env", with: environmentFile)
        let path = directory.appendingPathComponent("genesis-pipeline.service").path
        try unit.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try TestSupport.run("/usr/bin/systemd-analyze", ["verify", path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    }

    @Test func theWrapperExplainsItselfAndRefusesWhatIsMissing() throws {
        let help = try TestSupport.run(Self.wrapperPath, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:") && help.stdout.contains("GENESIS_VENUE"))
        #expect(try TestSupport.run(Self.wrapperPath, ["--venue", "binance"]).status == 2)
        let noVenue = try TestSupport.run(Self.wrapperPath, [], environment: ["GENESIS_SYMBOLS": "BTCUSDT", "GENESIS_VENUE": ""])
        #expect(noVenue.status == 4)
        #expect(noVenue.stderr.contains("GENESIS_VENUE"))
        let noBinaries = try TestSupport.run(Self.wrapperPath, [], environment: ["GENESIS_SYMBOLS": "BTCUSDT", "GENESIS_VENUE": "binance", "GENESIS_BIN": "/nonexistent"])
        #expect(noBinaries.status == 4)
        #expect(noBinaries.stderr.contains("/nonexistent/gen-fetch"))
    }

    /// Live candles are stored as they stream (batched), every one gen-fetch
    /// wrote, and a second run over the same minutes stores no duplicate.
    @Test func theStreamStoresTheClosedCandlesItWrites() throws {
        let bench = CLIBench()
        let sim = try SimProcess(["--tick-ms", "50"])
        let outcome = try TestSupport.run("gen-fetch", ["stream", "BTCUSDT", "--interval", "1s", "--venue", sim.base, "--max-candles", "3", "--db", bench.db],
                                          timeout: 120)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let written = outcome.stdout.split(separator: "\n").filter { $0.contains(#""type":"candle""#) }
        #expect(written.count == 3)
        let stored = try bench.withStore { try $0.klines(symbol: "BTCUSDT", interval: Interval("1s")!, start: 0, end: nil, limit: 100) }
        #expect(stored.count == 3, "\(outcome.stderr)")
        // Exactly what was written: the same open times and closes.
        for (line, row) in zip(written, stored) {
            #expect(line.contains(#""open_time":\#(row.openTime)"#) && line.contains(#""close":"\#(row.close)""#), "\(line) vs \(row)")
        }
        #expect(outcome.stderr.contains("candles stored 3"), "\(outcome.stderr)")
        // The same candles again (a backfill): skipped, not duplicated.
        let again = try bench.withStore { try $0.insertCandles(symbol: "BTCUSDT", interval: Interval("1s")!, rows: stored) }
        #expect(again.inserted == 0 && again.skipped == 3)
    }

    /// The wrapper against gen-sim, as the unit runs it.
    final class Pipeline {
        let process = Process()
        let output: (stdout: URL, stderr: URL)

        init(bench: CLIBench, environment: [String: String], name: String) throws {
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            // Started from a thread of its own whose signal mask is empty:
            // a test thread blocks SIGTERM, and bash keeps the mask it inherits.
            let started = Locked<Result<(URL, URL), Error>?>(nil)
            let process = process
            let directory = bench.directory
            let thread = Thread {
                var none = sigset_t()
                sigemptyset(&none)
                pthread_sigmask(SIG_SETMASK, &none, nil)
                started.set(Result { try TestSupport.launchScript(process, PipelineServiceTests.wrapperPath, environment: environment,
                                                                   directory: directory, name: name) })
            }
            thread.start()
            guard waitUntil(30, { started.value != nil }) else { throw TimedOut(what: "the wrapper to start", seconds: 30) }
            output = try started.value!.get()
        }

        var diagnostics: String { (try? String(contentsOf: output.stderr, encoding: .utf8)) ?? "" }

        /// The wrapper and every stage it started, by pid.
        var pids: [Int32] {
            let children = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/task/\(process.processIdentifier)/children", encoding: .utf8)) ?? ""
            return [process.processIdentifier] + children.split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    static func health(_ bench: CLIBench, config: String, at: Timestamp, _ extra: [String] = []) throws -> (status: Int32, pipeline: String, object: [String: Any]) {
        let outcome = try bench.run("gen-report", ["health", "--json", "--config", config, "--at", at.iso8601] + extra)
        let object = (try? JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8))) as? [String: Any] ?? [:]
        return (outcome.status, object["pipeline_status"] as? String ?? "?", object)
    }

    @Test func theWrapperRunsThePipelineStopsCleanlyOnSIGTERMAndADeadOneIsSeen() throws {
        let bench = try CLIBench.withAccount()
        let sim = try SimProcess(["--tick-ms", "50"])
        let config = bench.directory.appendingPathComponent("genesis.yaml").path
        try "pipeline:\n  heartbeatSeconds: 1\n  deadAfterSeconds: 3\n".write(toFile: config, atomically: true, encoding: .utf8)
        let stream = bench.directory.appendingPathComponent("stream.ndjson").path
        let environment = SimProcess.environment.merging([
            "GENESIS_BIN": TestSupport.binaries.path, "GENESIS_VENUE": sim.base, "GENESIS_SYMBOLS": "BTCUSDT", "GENESIS_INTERVAL": "1s",
            "GENESIS_DB": bench.db, "GENESIS_CONFIG": config, "GENESIS_PIPELINE_OUTPUT": stream, "GENESIS_STOP_GRACE": "10",
            "HOME": bench.directory.path,
        ]) { $1 }

        // Running: the heartbeat is fresh, candles flow through gen-exec and are stored.
        let first = try Pipeline(bench: bench, environment: environment, name: "first")
        let running = try waitUntil(90, every: 0.5) {
            let health = try Self.health(bench, config: config, at: .now())
            let pipeline = (health.object["pipelines"] as? [[String: Any]])?.first
            return health.pipeline == "RUNNING" && (pipeline?["candles"] as? Int ?? 0) >= 2 && pipeline?["last_candle_at"] != nil
        }
        #expect(running, "\(first.diagnostics)")
        #expect(try waitUntil(30, every: 0.2) { try bench.count("candles WHERE interval = '1s'") >= 2 }, "live candles are stored")

        // SIGTERM: gen-fetch stops, the rest drain, the clean stop is recorded.
        first.process.terminate()
        #expect(TestSupport.waitForExit(first.process, seconds: 60), "the wrapper did not stop on SIGTERM: \(first.diagnostics)")
        #expect(first.process.terminationStatus == 0, "\(first.diagnostics)")
        let stopped = try Self.health(bench, config: config, at: .now())
        #expect(stopped.pipeline == "STOPPED", "\(stopped.object)")
        #expect(stopped.status == 0)
        #expect(try Self.health(bench, config: config, at: .now(), ["--require-pipeline"]).status == 7)
        let streamed = try String(contentsOfFile: stream, encoding: .utf8)
        #expect(streamed.contains(#""type":"candle""#), "the stream reaches the end of the pipeline")

        // kill -9 of everything (a crash, an OOM kill, a power cut): no clean stop.
        let second = try Pipeline(bench: bench, environment: environment, name: "second")
        #expect(try waitUntil(90, every: 0.5) {
            let health = try Self.health(bench, config: config, at: .now())
            return health.pipeline == "RUNNING" && (health.object["pipelines"] as? [[String: Any]])?.first?["stopped_at"] == nil
        }, "\(second.diagnostics)")
        let pids = second.pids
        #expect(pids.count >= 5, "the wrapper and its four or five stages: \(pids)")
        for pid in pids { kill(pid, SIGKILL) }
        second.process.waitUntilExit()
        let killedAt = Timestamp.now()
        #expect(try Self.health(bench, config: config, at: killedAt).pipeline == "RUNNING", "a heartbeat at most 1 s old is not stale yet")
        // Within the window it still looks alive; past it, DEAD and exit 7 (without any flag).
        let dead = try Self.health(bench, config: config, at: killedAt.adding(milliseconds: 3_000 + 1_500))
        #expect(dead.pipeline == "DEAD", "\(dead.object)")
        #expect(dead.status == 7)
        #expect((dead.object["problems"] as? [[String: Any]])?.contains { ($0["message"] as? String ?? "").contains("DEAD") } == true)
    }
}

extension TestSupport {
    /// `launch` for a script outside the build directory.
    static func launchScript(_ process: Process, _ path: String, environment extra: [String: String], directory: URL, name: String) throws -> (URL, URL) {
        let stdout = directory.appendingPathComponent("\(name).out"), stderr = directory.appendingPathComponent("\(name).err")
        _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.arguments = [path]
        var environment = ProcessInfo.processInfo.environment
        environment["GENESIS_HOME"] = genesisHome
        environment.merge(extra) { $1 }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        return (stdout, stderr)
    }
}
