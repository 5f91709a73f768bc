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

/// The command-line contract of DESIGN §1.0 and §1.1, checked on the real
/// executables: help with examples, exit codes, one-line diagnostics, bad
/// input lines reported by number and skipped, and the database file itself.
@Suite struct CommandLineTests {

    // MARK: - --help

    static let helpCommands: [[String]] = [
        ["gen-fetch"], ["gen-fetch", "import"], ["gen-fetch", "replay"], ["gen-fetch", "generate"], ["gen-fetch", "list"],
        ["gen-signal"],
        ["gen-risk"], ["gen-risk", "run"], ["gen-risk", "account"], ["gen-risk", "account", "show"], ["gen-risk", "account", "init"],
        ["gen-exec"], ["gen-exec", "order"], ["gen-exec", "cancel"], ["gen-exec", "amend"],
        ["gen-report"], ["gen-report", "summary"], ["gen-report", "verify"], ["gen-report", "health"], ["gen-report", "backup"], ["gen-report", "daily"],
        ["gen-alert"], ["gen-alert", "events"], ["gen-alert", "send"], ["gen-alert", "test"], ["gen-alert", "history"],
        ["gen-tilt"], ["gen-tilt", "status"],
    ]

    @Test(arguments: helpCommands)
    func helpShowsAWorkedExample(_ words: [String]) throws {
        let bench = CLIBench()
        let outcome = try TestSupport.run(words[0], Array(words.dropFirst()) + ["--help"], environment: bench.environment)
        let name = words.joined(separator: " ")
        #expect(outcome.status == 0, "\(name) --help exited \(outcome.status): \(outcome.stderr)")
        #expect(outcome.stderr.isEmpty, "\(name) --help wrote to stderr: \(outcome.stderr)")
        #expect(outcome.stdout.contains("USAGE:"))
        let lines = outcome.stdout.components(separatedBy: "\n")
        let header = lines.firstIndex { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Example") }
        let start = try #require(header, "\(name) --help has no Example(s) section:\n\(outcome.stdout)")
        // The section holds at least one command line that runs this very command.
        let example = lines[(start + 1)...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        #expect(example.contains { $0.contains(words[0]) }, "\(name) --help: the example does not show \(words[0]):\n\(outcome.stdout)")
        // --help never touches the database.
        #expect(!FileManager.default.fileExists(atPath: bench.db))
    }

    // MARK: - Usage errors → 2

    struct UsageCase: CustomTestStringConvertible, Sendable {
        var arguments: [String]
        var names: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let usageCases: [UsageCase] = [
        UsageCase(arguments: ["gen-fetch", "replay", "BTCUSDT", "--interval", "7m"], names: "7m"),
        UsageCase(arguments: ["gen-fetch", "replay", "BTCUSDT", "--from", "yesterday"], names: "yesterday"),
        UsageCase(arguments: ["gen-fetch", "generate", "BTCUSDT", "--days", "0"], names: "--days"),
        UsageCase(arguments: ["gen-fetch", "frobnicate"], names: "frobnicate"),
        UsageCase(arguments: ["gen-risk", "account", "init", "--balance", "-5"], names: "-5"),
        UsageCase(arguments: ["gen-risk", "account", "init", "--balance=-5"], names: "-5"),
        UsageCase(arguments: ["gen-risk", "account", "init", "--balance", "abc"], names: "abc"),
        UsageCase(arguments: ["gen-exec", "--venue", "nowhere"], names: "nowhere"),
        UsageCase(arguments: ["gen-signal", "--no-such-flag"], names: "--no-such-flag"),
        UsageCase(arguments: ["gen-report", "summary", "--log-level", "loud"], names: "loud"),
    ]

    @Test(arguments: usageCases)
    func usageErrorsExit2WithAOneLineMessageNamingTheInput(_ usage: UsageCase) throws {
        let bench = CLIBench()
        let outcome = try TestSupport.run(usage.arguments[0], Array(usage.arguments.dropFirst()), environment: bench.environment)
        #expect(outcome.status == 2, "exit \(outcome.status); stderr: \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
        let lines = outcome.stderr.split(separator: "\n").map(String.init)
        let first = try #require(lines.first, "no message on stderr")
        #expect(first.contains(usage.names), "the message does not name '\(usage.names)': \(first)")
        // The diagnosis is that one line; anything after it only reminds of the
        // usage (allowed values, the option's help, the synopsis).
        for line in lines.dropFirst() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            #expect(["Usage:", "See '", "Help:", "- "].contains { trimmed.hasPrefix($0) }, "unexpected extra line: \(line)")
        }
        // A usage error stops before anything is opened or written.
        #expect(!FileManager.default.fileExists(atPath: bench.db))
    }

    // MARK: - No account → 4

    @Test(arguments: [["gen-report", "summary"], ["gen-report", "summary", "--json"], ["gen-risk"], ["gen-risk", "run", "--no-sync"],
                      ["gen-risk", "account"], ["gen-exec", "--venue", "paper"], ["gen-tilt", "status"]])
    func commandsNeedingAnAccountExit4AndSayHowToCreateOne(_ words: [String]) throws {
        let bench = CLIBench()
        let outcome = try TestSupport.run(words[0], Array(words.dropFirst()), stdin: Data(CLIBench.goodCandles[0].utf8 + [10]),
                                          environment: bench.environment)
        #expect(outcome.status == 4, "exit \(outcome.status); stderr: \(outcome.stderr)")
        #expect(outcome.stderr.contains("gen-risk account init"), "stderr: \(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1, "expected one line: \(outcome.stderr)")
        #expect(outcome.stdout.isEmpty)
    }

    @Test func accountInitTwiceIsAStateConflict() throws {
        let bench = CLIBench()
        let first = try bench.run("gen-risk", ["account", "init", "--balance", "500"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let second = try bench.run("gen-risk", ["account", "init", "--balance", "1000"])
        #expect(second.status == 7, "exit \(second.status); stderr: \(second.stderr)")
        #expect(second.stderr.contains("already"))
        #expect(second.stderr.split(separator: "\n").count == 1)
        let account = try bench.run("gen-risk", ["account", "show", "--json"])
        #expect(account.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(account.stdout.utf8)) as? [String: Any]
        #expect(json?["balance"] as? String == "500")
        #expect(json?["initial_balance"] as? String == "500")
    }

    // MARK: - Garbage on stdin → reported by line, skipped, exit 3, store untouched

    struct GarbageCase: CustomTestStringConvertible, Sendable {
        var stage: [String]
        var label: String
        var line: Data
        var testDescription: String { "\(stage[0]): \(label)" }
    }

    static let stages: [[String]] = [["gen-signal"], ["gen-risk", "--no-sync"], ["gen-exec", "--venue", "paper"]]

    static var garbageCases: [GarbageCase] {
        var cases: [GarbageCase] = []
        let common: [(String, Data)] = [
            ("binary bytes", Data([0x00, 0xff, 0xfe, 0x01])),
            ("truncated JSON", Data(#"{"v":1,"type":"candle","ts":1"#.utf8)),
            ("unknown protocol version", Data(#"{"v":99,"type":"candle","ts":1704070800000}"#.utf8)),
            ("invalid UTF-8 in a string", Data(#"{"v":1,"type":"future_thing","ts":1,"note":"a"#.utf8) + Data([0xff, 0xfe]) + Data(#"b"}"#.utf8)),
            ("not an object", Data("[1,2]".utf8)),
            ("a bare string", Data(#""candle""#.utf8)),
            ("no type", Data(#"{"v":1,"ts":1704070800000}"#.utf8)),
            ("two objects on one line", Data((CLIBench.goodCandles[0] + CLIBench.goodCandles[1]).utf8)),
        ]
        for stage in stages {
            for (label, line) in common { cases.append(GarbageCase(stage: stage, label: label, line: line)) }
        }
        let digits60 = String(repeating: "1234567890", count: 6)
        let candle = CLIBench.candleTemplate
        for (label, line) in [
            ("candle price as a JSON number", candle.replacingOccurrences(of: #""open":"40000""#, with: #""open":40000"#)),
            ("candle ts as a string", candle.replacingOccurrences(of: #""ts":1704074400000"#, with: #""ts":"1704074400000""#)),
            ("candle price in exponent form", candle.replacingOccurrences(of: #""volume":"10""#, with: #""volume":"1e3""#)),
            ("candle with a negative volume", candle.replacingOccurrences(of: #""volume":"10""#, with: #""volume":"-10""#)),
        ] {
            cases.append(GarbageCase(stage: ["gen-signal"], label: label, line: Data(line.utf8)))
        }
        let signal = CLIBench.signalTemplate
        for (label, line) in [
            ("signal price as a JSON number", signal.replacingOccurrences(of: #""price":"40050""#, with: #""price":40050"#)),
            ("signal ts as a string", signal.replacingOccurrences(of: #""ts":1704074400000"#, with: #""ts":"1704074400000""#)),
            ("signal price of 60 digits", signal.replacingOccurrences(of: #""price":"40050""#, with: #""price":"\#(digits60)""#)),
            ("signal with a negative price", signal.replacingOccurrences(of: #""price":"40050""#, with: #""price":"-40050""#)),
            ("signal side unknown", signal.replacingOccurrences(of: #""side":"BUY""#, with: #""side":"HOLD""#)),
        ] {
            cases.append(GarbageCase(stage: ["gen-risk", "--no-sync"], label: label, line: Data(line.utf8)))
        }
        let order = CLIBench.orderTemplate
        for (label, line) in [
            ("order with a negative quantity", order.replacingOccurrences(of: #""quantity":"0.0005""#, with: #""quantity":"-0.0005""#)),
            ("order with a zero quantity", order.replacingOccurrences(of: #""quantity":"0.0005""#, with: #""quantity":"0""#)),
            ("order price as a JSON number", order.replacingOccurrences(of: #""price":"40050""#, with: #""price":40050"#)),
            ("order ts as a string", order.replacingOccurrences(of: #""ts":1704074400000"#, with: #""ts":"1704074400000""#)),
            ("order quantity of 60 digits", order.replacingOccurrences(of: #""quantity":"0.0005""#, with: #""quantity":"\#(digits60)""#)),
            ("order quantity with 60 decimals", order.replacingOccurrences(of: #""quantity":"0.0005""#, with: #""quantity":"0.\#(digits60)""#)),
            ("order with a bad client order id", order.replacingOccurrences(of: #""client_order_id":"garbage-1""#, with: #""client_order_id":"no spaces allowed""#)),
        ] {
            cases.append(GarbageCase(stage: ["gen-exec", "--venue", "paper"], label: label, line: Data(line.utf8)))
        }
        return cases
    }

    /// Good candles and an unknown future type around two copies of the bad
    /// line: exactly the good lines come out, unchanged and in order, the two
    /// bad ones are reported by number, the exit code is 3, and the store
    /// keeps no trace of them.
    @Test(arguments: garbageCases)
    func badLinesAreReportedByNumberSkippedAndLeaveTheStoreUnchanged(_ garbage: GarbageCase) throws {
        let bench = try CLIBench.withAccount()
        let good = CLIBench.goodCandles
        let future = #"{"v":1,"type":"future_thing","ts":1}"#
        var input = Data()
        for line in [Data(good[0].utf8), garbage.line, Data(good[1].utf8), Data(future.utf8), garbage.line, Data(good[2].utf8)] {
            input.append(line)
            input.append(10)
        }
        let before = try bench.snapshot()
        let outcome = try bench.run(garbage.stage[0], Array(garbage.stage.dropFirst()), stdin: input)

        #expect(outcome.status == 3, "exit \(outcome.status); stderr: \(outcome.stderr)")
        #expect(TestSupport.reportedLineNumbers(outcome.stderr) == [2, 5], "stderr: \(outcome.stderr)")
        #expect(outcome.stdout == [good[0], good[1], future, good[2]].map { $0 + "\n" }.joined(),
                "stdout: \(outcome.stdout)")
        #expect(outcome.stderr.contains("2 input lines were rejected"))
        #expect(try bench.snapshot() == before)
        let verify = try bench.run("gen-report", ["verify"])
        #expect(verify.status == 0, "gen-report verify: \(verify.stderr)")
    }

    /// A 60-digit price cannot be held exactly (38 digits at most): a candle
    /// carrying one is a bad line, not a number to round.
    @Test(arguments: [
        ("every price", [#""open":"40000""#, #""high":"40100""#, #""low":"39900""#, #""close":"40050""#]),
        ("the volume", [#""volume":"10""#]),
    ])
    func genSignalRejectsACandleWithSixtyDigitNumbers(_ label: String, _ fields: [String]) throws {
        let huge = String(repeating: "1234567890", count: 6)
        var line = CLIBench.candleTemplate
        for field in fields {
            let name = field.split(separator: ":")[0]
            line = line.replacingOccurrences(of: field, with: "\(name):\"\(huge)\"")
        }
        let good = CLIBench.goodCandles
        let input = Data(([good[0], line, good[1]].joined(separator: "\n") + "\n").utf8)
        let outcome = try TestSupport.run("gen-signal", [], stdin: input)
        #expect(outcome.status == 3, "a candle with 60-digit \(label) was accepted; stdout: \(outcome.stdout)")
        #expect(TestSupport.reportedLineNumbers(outcome.stderr) == [2], "stderr: \(outcome.stderr)")
        #expect(outcome.stdout == good[0] + "\n" + good[1] + "\n")
    }

    /// All the garbage at once, one stage at a time, including an over-long line.
    @Test(arguments: stages)
    func aStreamOfGarbageIsSurvivedAndEveryBadLineNumbered(_ stage: [String]) throws {
        let bench = try CLIBench.withAccount()
        let good = CLIBench.goodCandles
        var lines: [Data] = []
        var bad: Set<Int> = []
        var expected = ""
        let garbage = Self.garbageCases.filter { $0.stage == stage }.map(\.line) + [Data(repeating: UInt8(ascii: "x"), count: (1 << 20) + 10)]
        for (index, line) in garbage.enumerated() {
            let goodLine = good[index % good.count]
            lines.append(Data(goodLine.utf8))
            expected += goodLine + "\n"
            lines.append(line)
            bad.insert(lines.count)
        }
        lines.append(Data(good[0].utf8))
        expected += good[0] + "\n"
        var input = Data()
        for line in lines { input.append(line); input.append(10) }
        let before = try bench.snapshot()

        let outcome = try bench.run(stage[0], Array(stage.dropFirst()), stdin: input)
        #expect(outcome.status == 3)
        #expect(TestSupport.reportedLineNumbers(outcome.stderr) == bad, "stderr: \(outcome.stderr)")
        #expect(outcome.stdout == expected)
        #expect(try bench.snapshot() == before)
    }

    /// The good lines between bad ones are still judged or executed.
    @Test func genRiskJudgesTheGoodSignalBetweenBadOnes() throws {
        let bench = try CLIBench.withAccount()
        let signal = CLIBench.signalTemplate
        let bad = signal.replacingOccurrences(of: #""price":"40050""#, with: #""price":40050"#)
        let input = [CLIBench.goodCandles[0], bad, signal, "[1,2]", CLIBench.goodCandles[1]].joined(separator: "\n") + "\n"
        let outcome = try bench.run("gen-risk", ["--no-sync"], stdin: Data(input.utf8))
        #expect(outcome.status == 3)
        #expect(TestSupport.reportedLineNumbers(outcome.stderr) == [2, 4])
        let types = outcome.stdout.split(separator: "\n").compactMap { line -> String? in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["type"] as? String
        }
        #expect(types == ["candle", "order", "candle"], "stdout: \(outcome.stdout)")
        #expect(try bench.count("signals") == 1)
    }

    @Test func genExecExecutesTheGoodOrderBetweenBadOnes() throws {
        let bench = try CLIBench.withAccount()
        let order = CLIBench.orderTemplate
        let negative = order.replacingOccurrences(of: #""quantity":"0.0005""#, with: #""quantity":"-0.0005""#)
            .replacingOccurrences(of: "garbage-1", with: "garbage-2")
        let good = CLIBench.goodCandles
        var input = Data(([good[0], negative, order].joined(separator: "\n") + "\n").utf8)
        input.append(contentsOf: [0x00, 0xff, 0xfe, 0x01, 10])
        input.append(contentsOf: Data(([good[1], good[2]].joined(separator: "\n") + "\n").utf8))
        // Unapproved, the good order is refused (and nothing is recorded)…
        let refused = try bench.run("gen-exec", ["--venue", "paper"], stdin: input)
        #expect(refused.status == 3)
        #expect(refused.stdout.contains(#""rule":"execution.not_approved""#))
        #expect(try bench.count("orders") == 0)
        // …approved by gen-risk, it executes between the bad lines.
        try TestSupport.approve(orderLine: order, db: bench.db)
        let outcome = try bench.run("gen-exec", ["--venue", "paper"], stdin: input)
        #expect(outcome.status == 3)
        #expect(TestSupport.reportedLineNumbers(outcome.stderr) == [2, 4])
        #expect(outcome.stdout.contains(#""status":"FILLED""#))
        #expect(try bench.count("orders") == 1)
        #expect(try bench.count("fills") == 1)
        #expect(!outcome.stdout.contains("garbage-2"))
    }

    // MARK: - --strict

    @Test(arguments: [
        (["gen-signal", "--strict"], "[1,2]"),
        (["gen-risk", "--strict", "--no-sync"], "[1,2]"),
        (["gen-exec", "--venue", "paper", "--strict"], "[1,2]"),
        (["gen-signal", "--strict"], CLIBench.candleTemplate.replacingOccurrences(of: #""open":"40000""#, with: #""open":40000"#)),
        (["gen-risk", "--strict", "--no-sync"], CLIBench.signalTemplate.replacingOccurrences(of: #""price":"40050""#, with: #""price":40050"#)),
        (["gen-exec", "--venue", "paper", "--strict"], CLIBench.orderTemplate.replacingOccurrences(of: #""quantity":"0.0005""#, with: #""quantity":"-1""#)),
    ])
    func strictStopsAtTheFirstBadLine(_ command: [String], _ bad: String) throws {
        let bench = try CLIBench.withAccount()
        let good = CLIBench.goodCandles
        let input = [good[0], bad, good[1], "[3,4]", good[2]].joined(separator: "\n") + "\n"
        let before = try bench.snapshot()
        let outcome = try bench.run(command[0], Array(command.dropFirst()), stdin: Data(input.utf8))
        #expect(outcome.status == 3, "exit \(outcome.status); stderr: \(outcome.stderr)")
        #expect(TestSupport.reportedLineNumbers(outcome.stderr) == [2], "stderr: \(outcome.stderr)")
        #expect(outcome.stdout == good[0] + "\n", "nothing after the bad line may pass: \(outcome.stdout)")
        #expect(try bench.snapshot() == before)
    }

    // MARK: - The database file

    @Test func databaseIsCreatedOwnerOnlyInWALMode() throws {
        let bench = CLIBench(nested: true)
        #expect(!FileManager.default.fileExists(atPath: bench.db))
        let outcome = try bench.run("gen-risk", ["account", "init", "--balance", "500"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: bench.db)
        let mode = try #require(attributes[.posixPermissions] as? NSNumber).intValue
        #expect(mode & 0o777 == 0o600, "mode \(String(mode, radix: 8))")
        let store = try Store(path: bench.db)
        #expect(try store.journalMode() == "wal")
    }

    @Test func databaseGivenByEnvironmentIsCreatedOwnerOnly() throws {
        let bench = CLIBench()
        let outcome = try TestSupport.run("gen-fetch", ["list"], environment: ["GENESIS_DB": bench.db])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let mode = try #require(FileManager.default.attributesOfItem(atPath: bench.db)[.posixPermissions] as? NSNumber).intValue
        #expect(mode & 0o777 == 0o600)
        #expect(try Store(path: bench.db).journalMode() == "wal")
    }

    @Test func aLooselyPermittedDatabaseIsTightenedTo0600() throws {
        let bench = CLIBench()
        #expect(FileManager.default.createFile(atPath: bench.db, contents: Data(), attributes: [.posixPermissions: 0o644]))
        let outcome = try bench.run("gen-fetch", ["list"])
        #expect(outcome.status == 0, "stderr: \(outcome.stderr)")
        let mode = try #require(FileManager.default.attributesOfItem(atPath: bench.db)[.posixPermissions] as? NSNumber).intValue
        #expect(mode & 0o777 == 0o600, "mode \(String(mode, radix: 8))")
    }

    // MARK: - gen-fetch import with a bad row

    @Test(arguments: [
        ("prices.csv", ["--symbol", "ETHUSDT", "--interval", "1h"], false),
        ("ETHUSDT-1h-2024-01.csv", [], true),
    ])
    func importReportsTheBadRowByFileAndLineAndKeepsTheGoodOnes(_ name: String, _ flags: [String], _ binanceColumns: Bool) throws {
        let bench = CLIBench()
        let file = bench.directory.appendingPathComponent(name)
        let hour: Int64 = 3_600_000
        let start: Int64 = 1_704_067_200_000
        var rows: [String] = []
        for index in 0..<6 {
            let open = start + Int64(index) * hour
            if binanceColumns {
                rows.append("\(open),2300.5,2310,2290.25,2305.75,12.5,\(open + hour - 1),28800,40,6.25,14400,0")
            } else {
                rows.append("\(open),2300.5,2310,2290.25,2305.75,12.5")
            }
        }
        rows[3] = binanceColumns ? "\(start + 3 * hour),2300.5,not-a-price,2290.25,2305.75,12.5,\(start + 4 * hour - 1),28800,40,6.25,14400,0"
                                 : "\(start + 3 * hour),2300.5,not-a-price,2290.25,2305.75,12.5"
        try (rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)

        let first = try bench.run("gen-fetch", ["import", file.path, "--json"] + flags)
        #expect(first.status == 3, "exit \(first.status); stderr: \(first.stderr)")
        #expect(first.stderr.contains("\(name) line 4:"), "stderr: \(first.stderr)")
        #expect(first.stderr.contains("not-a-price"))
        let report = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(report["symbol"] as? String == "ETHUSDT")
        #expect(report["interval"] as? String == "1h")
        #expect(report["inserted"] as? Int == 5)
        #expect(report["rejected"] as? Int == 1)
        #expect(try bench.count("candles") == 5)

        let again = try bench.run("gen-fetch", ["import", file.path, "--json"] + flags)
        #expect(again.status == 3)
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(second["inserted"] as? Int == 0)
        #expect(second["skipped"] as? Int == 5)
        #expect(second["rejected"] as? Int == 1)
        #expect(try bench.count("candles") == 5)

        // The stored rows replay as five valid candles with the right close times.
        let replay = try bench.run("gen-fetch", ["replay", "ETHUSDT", "--interval", "1h"])
        #expect(replay.status == 0)
        let candles = replay.stdout.split(separator: "\n")
        #expect(candles.count == 5)
        #expect(!replay.stdout.contains("\"open_time\":\(start + 3 * hour)"))
        #expect(candles.first?.contains("\"ts\":\(start + hour),") == true)
    }
}
