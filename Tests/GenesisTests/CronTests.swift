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

/// `cron/crontab` and `cron/genesis-watch.service` cannot rot: every job line
/// is run, exactly as cron would run it (its own variables, `\%` unescaped,
/// through /bin/sh), against a scratch database and a local gen-sim; the
/// service unit is checked by `systemd-analyze verify` where it exists.
@Suite(.serialized) struct CronTests {
    struct Job: CustomStringConvertible {
        var schedule: [String]
        var command: String
        var description: String { schedule.joined(separator: " ") + "  " + command }
    }

    struct Crontab {
        var variables: [(String, String)] = []
        var jobs: [Job] = []
    }

    static var crontabPath: String { TestSupport.packageRoot.appendingPathComponent("cron/crontab").path }
    static var servicePath: String { TestSupport.packageRoot.appendingPathComponent("cron/genesis-watch.service").path }

    /// Parses a crontab the way cron does: `NAME=value` lines set variables,
    /// others are five time fields and a command in which an unescaped `%`
    /// would end the command (so there must be none) and `\%` is a `%`.
    static func parse(_ text: String) throws -> Crontab {
        var crontab = Crontab()
        for (number, raw) in text.components(separatedBy: "\n").enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if let match = line.wholeMatch(of: /([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)/) {
                crontab.variables.append((String(match.1), String(match.2)))
                continue
            }
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            try #require(fields.count == 6, "crontab line \(number + 1) is neither a variable nor five time fields and a command: \(line)")
            let schedule = fields.prefix(5).map(String.init)
            for field in schedule {
                #expect(field.wholeMatch(of: /(\*|[0-9]+(-[0-9]+)?)(\/[0-9]+)?(,[0-9]+(-[0-9]+)?)*/) != nil, "line \(number + 1): bad time field \(field)")
            }
            var command = String(fields[5]).trimmingCharacters(in: .whitespaces)
            let unescaped = command.replacingOccurrences(of: "\\%", with: "")
            #expect(!unescaped.contains("%"), "line \(number + 1): an unescaped % ends a cron command: \(command)")
            command = command.replacingOccurrences(of: "\\%", with: "%")
            crontab.jobs.append(Job(schedule: schedule, command: command))
        }
        return crontab
    }

    @Test func theCrontabSchedulesEveryJob() throws {
        let crontab = try Self.parse(String(contentsOfFile: Self.crontabPath, encoding: .utf8))
        func job(_ needle: String) -> Job? { crontab.jobs.first { $0.command.contains(needle) } }
        let expected: [(String, String)] = [
            ("gen-report health", "* * * * *"),
            ("gen-alert events", "* * * * *"),
            ("gen-tilt evaluate", "*/5 * * * *"),
            ("gen-risk tier evaluate", "0 0 * * *"),
            ("gen-fetch info $GENESIS_SYMBOLS", "30 0 * * *"),
            ("gen-report backup", "15 */4 * * *"),
            ("gen-fetch doctor", "45 6 * * *"),
            ("gen-report verify", "50 6 * * *"),
            ("gen-report daily", "0 7 * * *"),
            ("gen-report html", "5 7 * * 1"),
            ("find $GENESIS_LOG", "0 1 * * *"),
        ]
        for (needle, schedule) in expected {
            let found = try #require(job(needle), "no cron job runs \(needle)")
            #expect(found.schedule.joined(separator: " ") == schedule, "\(needle) runs at \(found.schedule)")
        }
        #expect(crontab.jobs.count == expected.count, "a job without a check here: \(crontab.jobs)")
        #expect(job("gen-report health")?.command.contains("|| $GENESIS_BIN/gen-alert send --level CRITICAL") == true, "health must alert on a non-zero exit")
        #expect(job("gen-fetch info")?.command.contains("--refresh") == true)
        // Every placeholder used is set at the top, and every GENESIS command comes from GENESIS_BIN.
        let names = Set(crontab.variables.map(\.0))
        for job in crontab.jobs {
            for match in job.command.matches(of: /\$([A-Z_]+)/) {
                #expect(names.contains(String(match.1)), "\(job): $\(match.1) is not set in the crontab")
            }
            for match in job.command.matches(of: /(\S*)gen-(fetch|signal|risk|exec|tilt|report|sim|alert)\s/) {
                #expect(match.1 == "$GENESIS_BIN/", "\(job): run gen-\(match.2) as $GENESIS_BIN/gen-\(match.2)")
            }
        }
    }

    /// The test's stand-in for the placeholders, with a running gen-sim as the venue.
    final class Machine {
        let bench: CLIBench
        let sim: SimProcess
        let root: URL
        var log: String { root.appendingPathComponent("log").path }
        var backups: String { root.appendingPathComponent("backups").path }
        var alerts: String { root.appendingPathComponent("alerts.txt").path }

        init() throws {
            bench = try CLIBench.withAccount()
            sim = try SimProcess()
            root = bench.directory
            try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
            let alert = root.appendingPathComponent("alert.sh").path
            try "#!/bin/sh\necho \"$*\" >> '\(alerts)'\n".write(toFile: alert, atomically: true, encoding: .utf8)
            chmod(alert, 0o755)
            // Alerts reach the trader through gen-alert's alert.command (cron/crontab's header).
            let configuration = root.appendingPathComponent(".genesis")
            try FileManager.default.createDirectory(at: configuration, withIntermediateDirectories: true)
            try "alert:\n  command: \(alert)\n".write(to: configuration.appendingPathComponent("genesis.yaml"), atomically: true, encoding: .utf8)
            let keys = root.appendingPathComponent("keys").path
            try "api_key=\(SimProcess.key)\napi_secret=\(SimProcess.secret)\n".write(toFile: keys, atomically: true, encoding: .utf8)
            chmod(keys, 0o600)
            overrides = [
                "GENESIS_BIN": TestSupport.binaries.path, "GENESIS_DB": bench.db, "GENESIS_LOG": log, "GENESIS_BACKUPS": backups,
                "GENESIS_VENUE": sim.base, "GENESIS_SYMBOLS": "BTCUSDT", "GENESIS_SIM_KEY_FILE": keys, "HOME": root.path,
            ]
        }

        var overrides: [String: String] = [:]

        func environment(_ crontab: Crontab) -> [String: String] {
            var environment: [String: String] = [:]
            for (name, value) in crontab.variables { environment[name] = value }
            environment.merge(overrides) { $1 }
            // Tests run from a build machine whose PATH may hold more than cron's.
            environment["PATH"] = (environment["PATH"] ?? "/usr/bin:/bin") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            return environment
        }
    }

    @Test func everyJobRunsAsCronWouldRunIt() throws {
        let crontab = try Self.parse(String(contentsOfFile: Self.crontabPath, encoding: .utf8))
        let machine = try Machine()
        let environment = machine.environment(crontab)
        for job in crontab.jobs {
            let outcome = try TestSupport.run("/bin/sh", ["-c", job.command], environment: environment)
            #expect(outcome.status == 0, "\(job)\nexit \(outcome.status)\n\(outcome.stdout)\(outcome.stderr)")
            #expect(outcome.stdout.isEmpty && outcome.stderr.isEmpty, "\(job) wrote outside its log (cron would mail it): \(outcome.stdout)\(outcome.stderr)")
        }
        // The logs show no usage error (a renamed flag) and no internal error.
        let logs = try FileManager.default.contentsOfDirectory(atPath: machine.log)
        #expect(logs.contains { $0.hasPrefix("tilt-") && $0.hasSuffix(".log") }, "\(logs)")
        #expect(logs.contains { $0.hasPrefix("report-weekly-") && $0.hasSuffix(".html") }, "\(logs)")
        for name in logs {
            let text = try String(contentsOfFile: machine.log + "/" + name, encoding: .utf8)
            #expect(!text.contains("(see 'gen-"), "\(name): a usage error:\n\(text)")
            #expect(!text.contains("internal error"), "\(name):\n\(text)")
        }
        // Only the health check alerted: no watcher has ever run on this database (exit 7).
        let alerts = (try? String(contentsOfFile: machine.alerts, encoding: .utf8)) ?? ""
        #expect(alerts.components(separatedBy: "\n").filter { !$0.isEmpty } == ["GENESIS CRITICAL health.failed: GENESIS health exit 7 (see \(machine.log)/health.json and docs/RUNBOOK.md)"], "\(alerts)")
        let health = try String(contentsOfFile: machine.log + "/health.json", encoding: .utf8)
        #expect(health.contains(#""watcher_status":"NEVER""#), "\(health)")
        // The backup job made a copy; the refresh job filled the exchange-info cache.
        #expect(try StoreBackup.list(in: machine.backups).count == 1)
        let cached = try Store(path: machine.bench.db, origin: ["command": "tests"]).rowCount("exchange_info_cache")
        #expect(cached == 1)

        // With a live heartbeat the same health job is quiet.
        try Store(path: machine.bench.db, origin: ["command": "tests"]).writeHeartbeat({
            var beat = WatcherHeartbeat(pid: 7, host: "box", venue: "binance", session: "default", startedAt: .now(), heartbeatAt: .now())
            beat.streamConnected = true
            return beat
        }())
        try FileManager.default.removeItem(atPath: machine.alerts)
        let healthJob = try #require(crontab.jobs.first { $0.command.contains("gen-report health") })
        #expect(try TestSupport.run("/bin/sh", ["-c", healthJob.command], environment: environment).status == 0)
        #expect(!FileManager.default.fileExists(atPath: machine.alerts))
    }

    @Test func theLogPruningDeletesOnlyOldDatedLogs() throws {
        let crontab = try Self.parse(String(contentsOfFile: Self.crontabPath, encoding: .utf8))
        let job = try #require(crontab.jobs.first { $0.command.hasPrefix("find ") })
        let machine = try Machine()
        let old = Date(timeIntervalSinceNow: -40 * 86_400), ancient = Date(timeIntervalSinceNow: -200 * 86_400)
        let files: [(String, Date, Bool)] = [
            ("tilt-2024-01-01.log", old, false), ("tilt-2099-01-01.log", Date(), true), ("health.json", old, true),
            ("report-weekly-2024-W01.html", old, true), ("report-weekly-2023-W01.html", ancient, false), ("notes.txt", old, true),
        ]
        for (name, date, _) in files {
            let path = machine.log + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
            try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path)
        }
        #expect(try TestSupport.run("/bin/sh", ["-c", job.command], environment: machine.environment(crontab)).status == 0)
        for (name, _, kept) in files {
            #expect(FileManager.default.fileExists(atPath: machine.log + "/" + name) == kept, "\(name)")
        }
    }

    // MARK: - The service unit

    static func serviceSettings() throws -> [(String, String)] {
        try String(contentsOfFile: servicePath, encoding: .utf8).components(separatedBy: "\n").compactMap { line in
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }
    }

    @Test func theServiceRestartsQuicklyStopsCleanlyAndIsConfined() throws {
        let settings = try Self.serviceSettings()
        func value(_ key: String) -> String? { settings.last { $0.0 == key }?.1 }
        #expect(value("ExecStart")?.hasSuffix("/gen-exec watch --venue binance") == true)
        #expect(value("Restart") == "on-failure")
        let restartSec = try #require(value("RestartSec").flatMap(Int.init))
        #expect(restartSec <= 30)
        #expect(value("KillSignal") == "SIGTERM")
        #expect(value("TimeoutStopSec").flatMap(Int.init).map { $0 >= 10 } == true)
        #expect(value("EnvironmentFile") != nil)
        #expect(value("NoNewPrivileges") == "yes")
        #expect(value("ProtectSystem") == "strict")
        #expect(value("PrivateTmp") == "yes")
        #expect(value("LimitCORE") == "0")
        // The database directory is writable, and GENESIS_DB lives in it.
        let writable = try #require(value("ReadWritePaths"))
        let db = try #require(settings.first { $0.0 == "Environment" && $0.1.hasPrefix("GENESIS_DB=") }?.1.dropFirst("GENESIS_DB=".count))
        #expect((String(db) as NSString).deletingLastPathComponent == writable)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-analyze"), "systemd-analyze is not installed"))
    func systemdAcceptsTheServiceUnit() throws {
        let directory = TestSupport.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let environmentFile = directory.appendingPathComponent("watch.env").path
        _ = FileManager.default.createFile(atPath: environmentFile, contents: Data("BINANCE_API_KEY=x\n".utf8), attributes: [.posixPermissions: 0o600])
        // The placeholders replaced by files that exist on this machine.
        let unit = try String(contentsOfFile: Self.servicePath, encoding: .utf8)
            .replacingOccurrences(of: "/opt/genesis/bin/gen-exec", with: TestSupport.binaries.appendingPathComponent("gen-exec").path)
            .replacingOccurrences(of: "/etc/genesis/watch.env", with: environmentFile)
        let path = directory.appendingPathComponent("genesis-watch.service").path
        try unit.write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try TestSupport.run("/usr/bin/systemd-analyze", ["verify", path])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
    }

    /// The unit's command line parses: the subcommand and its options exist.
    @Test func theServiceRunsAnExistingSubcommand() throws {
        let words = try #require(Self.serviceSettings().last { $0.0 == "ExecStart" }?.1.split(separator: " ").map(String.init))
        let outcome = try TestSupport.run("gen-exec", Array(words.dropFirst()) + ["--help"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }
}
