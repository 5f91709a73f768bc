import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine

extension SweepRanking: ExpressibleByArgument {}

/// `gen-report sweep`: a parameter grid over rolling walk-forward windows,
/// each run a backtest session of the real four commands, reported so that
/// the best-looking row cannot pass for what trading it would have given.
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parameter sweep over walk-forward windows: in-sample vs out-of-sample per combination, and the walk-forward line to believe.",
        discussion: """
            Every combination of the --grid values (the full cartesian product) runs on every fold's train and test window as its own \
            backtest session: gen-fetch replay | gen-signal | gen-risk | gen-exec --venue paper, found beside gen-report (else on PATH), \
            --parallel at a time, with a configuration file written from the base (--config) and the combination. Fold k trains on \
            [from + k*test-days, + train-days) and tests on the test-days after it; folds go on while a whole test window fits before --to.

            Output: each combination in sample (its train windows pooled) and out of sample (its test windows, one after another), ranked \
            out of sample by --rank-by, ties in grid order; then the walk-forward line: in each fold the combination best on the train \
            window, judged on the test window after it. That line is the figure to believe. Warnings (stderr and JSON): how many combinations \
            were tried and how much Sharpe the best of that many flukes would show, a large in-sample to out-of-sample gap, fewer than 30 \
            out-of-sample trades, a choice that changes from fold to fold. Formulas: docs/METRICS.md, "Sweeps and walk-forward".

            Sessions are named from a hash of the symbols, interval, window, strategies and the run's configuration text, and a finished run \
            leaves <session>.done in the work directory: a rerun reuses finished runs and gives the same figures (the hash does not cover \
            the code: after changing a strategy, use a fresh --work-dir). Each run's configuration \
            (<session>.yaml) and its commands' stderr (<session>.log) are kept there too. The database needs an account \
            (gen-risk account init) and the candles (gen-fetch import or backfill).

            Exit codes: 2 a bad option or --grid key or value (named), 4 a bad base configuration, 1 a run that failed (with its log).

            Examples:
              gen-report sweep --symbol BTCUSDT --interval 1h --from 2024-01-01 --to 2025-01-01 --train-days 90 --test-days 30 --grid strategies.momentumBreakout.lookback=20,40
              gen-report sweep --symbol BTCUSDT --interval 1m --from 2025-01-01 --to 2025-04-01 --train-days 30 --test-days 15 --strategies momentum_breakout --grid strategies.momentumBreakout.timeframe=15m,1h --grid strategies.momentumBreakout.breakoutFraction=0.01,0.02 --rank-by net_pnl --json
            """)

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("symbol"), help: "A symbol to replay (repeat for several).", transform: Symbol.argument) var symbols: [Symbol]
    @Option(help: "Interval of the replayed candles.") var interval: Interval
    @Option(help: "Start of the period: YYYY-MM-DD, ISO-8601 or epoch ms.") var from: String
    @Option(help: "End of the period (exclusive).") var to: String
    @Option(help: "Strategies for gen-signal, comma-separated (default: those the tier has unlocked).") var strategies: String?
    @Option(help: ArgumentHelp("A configuration key and the values to try (repeatable; every combination is run).", valueName: "key=v1,v2,…"))
    var grid: [String] = []
    @Option(help: "Days of each train window.") var trainDays: Int
    @Option(help: "Days of each test window (and the step between folds).") var testDays: Int
    @Option(help: "What to rank and choose by: sharpe, net_pnl, return or profit_factor.") var rankBy: SweepRanking = .sharpe
    @Option(help: "Runs at a time (default: the number of cores).") var parallel: Int?
    @Option(help: ArgumentHelp("Where run configurations, logs and finished-run marks are kept (default: <db>.sweep).", valueName: "path"))
    var workDir: String?
    @Flag(help: "One JSON object instead of tables.") var json = false

    var start: Timestamp? { Timestamp(parsing: from) }
    var end: Timestamp? { Timestamp(parsing: to) }

    func validate() throws {
        guard let start else { throw ValidationError("--from '\(from)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
        guard let end else { throw ValidationError("--to '\(to)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
        guard start < end else { throw ValidationError("--from \(from) is not before --to \(to)") }
        guard !symbols.isEmpty else { throw ValidationError("give at least one --symbol") }
        guard trainDays > 0, testDays > 0 else { throw ValidationError("--train-days and --test-days must be 1 or more") }
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be 1 or more") }
        guard !WalkForward.folds(from: start, to: end, trainDays: trainDays, testDays: testDays).isEmpty else {
            throw ValidationError("\(from)..\(to) is shorter than one fold (\(trainDays) train + \(testDays) test days)")
        }
        do { _ = try SweepGrid(parsing: grid) } catch { throw ValidationError(error.description) }
    }

    /// One backtest session to run (or reuse).
    struct Run {
        var key: SweepRunKey
        var combination: Int
        var window: ReplayWindow
        var name: String { key.session }
    }

    func run() throws {
        let logger = global.logger("gen-report")
        let folds = WalkForward.folds(from: start!, to: end!, trainDays: trainDays, testDays: testDays)
        let combinations = try SweepGrid(parsing: grid).combinations
        let strategyList = strategies.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        let symbolNames = symbols.map(\.name)
        let store = try global.openStore("gen-report sweep", create: false)
        _ = try store.requireAccount()
        try checkCandles(store, symbols: symbolNames, logger: { logger.warning("\($0)") })
        let work = URL(fileURLWithPath: workDir ?? global.localFilePrefix + ".sweep")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)

        // The configuration of each combination, checked before anything runs.
        let base = try global.loadConfigWithoutStore()
        let changes = SweepConfigFile.changes(base: ConfigKeys.flatten(base), defaults: ConfigKeys.flatten(GenesisConfig()))
        var texts: [String] = []
        for combination in combinations {
            let text = try SweepConfigFile.yaml(SweepConfigFile.merged(changes: changes, settings: combination.settings))
            try check(text, combination: combination, carrying: changes, base: base, in: work)
            texts.append(text)
        }

        // Every (combination, window) once: identical runs share a session.
        func run(_ combination: Int, _ window: ReplayWindow) -> Run {
            Run(key: SweepRunKey(symbols: symbolNames, interval: interval.name, from: window.from, to: window.to,
                                 strategies: strategyList, configText: texts[combination]), combination: combination, window: window)
        }
        var runs: [String: Run] = [:]
        var order: [String] = []
        for combination in combinations.indices {
            for fold in folds {
                for window in [fold.train, fold.test] {
                    let run = run(combination, window)
                    if runs[run.name] == nil { order.append(run.name) }
                    runs[run.name] = run
                }
            }
        }
        var sessions: [String: String] = [:]
        var pending: [(run: Run, session: String)] = []
        for name in order {
            let run = runs[name]!
            if let done = try? String(contentsOf: work.appendingPathComponent("\(name).done"), encoding: .utf8),
               case let session = done.trimmingCharacters(in: .whitespacesAndNewlines), !session.isEmpty,
               try store.replayedPeriod(session: session) != nil {
                sessions[name] = session
                continue
            }
            // A session left half-done by an interrupted sweep is never added to: the run gets the next free name.
            var session = name
            var attempt = 1
            while try store.replayedPeriod(session: session) != nil || pending.contains(where: { $0.session == session }) {
                attempt += 1
                session = "\(name)-\(attempt)"
            }
            try Data(texts[run.combination].utf8).write(to: work.appendingPathComponent("\(session).yaml"))
            pending.append((run, session))
        }
        let workers = parallel ?? ProcessInfo.processInfo.activeProcessorCount
        logger.info("\(combinations.count) combination\(combinations.count == 1 ? "" : "s") × \(folds.count) fold\(folds.count == 1 ? "" : "s"): \(order.count) runs, \(order.count - pending.count) reused, \(pending.count) to run, \(workers) at a time; work directory \(work.path)")

        try execute(pending, workers: workers, work: work, combinations: combinations,
                    progress: { logger.info("\($0)") }, failure: { logger.error("\($0)") })
        for (run, session) in pending { sessions[run.name] = session }

        // The figures, read from the store: the same for a reused run as for a fresh one.
        var cache: [String: SweepRunResult] = [:]
        func result(_ combination: Int, _ window: ReplayWindow) throws -> SweepRunResult {
            let session = sessions[run(combination, window).name]!
            if let known = cache[session] { return known }
            let data = try ReportData(store: store, session: session)
            let report = try PerformanceReport(store: store, session: session, data: data)
            let trading = report.summary.trading
            let value = SweepRunResult(trades: trading.trades, wins: trading.wins, grossProfit: trading.grossProfit, grossLoss: trading.grossLoss,
                                       initialBalance: report.summary.initialBalance, netPnL: report.metrics.netPnL,
                                       maxDrawdownPercent: report.metrics.maxDrawdown?.percent ?? 0, dailyReturns: data.curve.dailyReturns)
            cache[session] = value
            return value
        }
        let results = try combinations.indices.map { c in try folds.map { (train: try result(c, $0.train), test: try result(c, $0.test)) } }
        let evaluation = SweepEvaluation(combinations: combinations, folds: folds, results: results, rankBy: rankBy)
        for warning in evaluation.warnings { logger.warning("\(warning.code.rawValue): \(warning.message)") }
        if json {
            let header: [(String, JSONValue)] = [
                ("symbols", .array(symbolNames.map { .string($0) })), ("interval", .string(interval.name)),
                ("from", .string(start!.iso8601)), ("to", .string(end!.iso8601)),
                ("strategies", strategies == nil ? .null : .array(strategyList.map { .string($0) })),
                ("train_days", .integer(Int64(trainDays))), ("test_days", .integer(Int64(testDays))),
                ("grid", .object(try SweepGrid(parsing: grid).axes.map { ($0.key, .array($0.values.map { .string($0) })) })),
            ]
            print(evaluation.json(header: header).text)
        } else {
            print(SweepTable.text(evaluation), terminator: "")
        }
    }

    /// Refuses a period with no stored candles of a symbol (every run would
    /// replay nothing and report zeros), and warns when the candles cover
    /// only part of it (the windows outside replay nothing).
    func checkCandles(_ store: Store, symbols: [String], logger warn: (String) -> Void) throws {
        let first = start!.milliseconds, last = end!.milliseconds - 1
        for symbol in symbols {
            guard let source = try store.replaySource(symbol: symbol, interval: interval),
                  let earliest = try store.klines(symbol: symbol, interval: source, start: first, end: last, limit: 1).first,
                  let latest = try store.klines(symbol: symbol, interval: source, start: nil, end: last, limit: 1).first else {
                throw GenesisError.configuration(key: "--symbol \(symbol)", message: """
                    no \(interval.name) candles (nor finer ones to build them from) stored in \(from)..\(to); \
                    import them first (gen-fetch import or gen-fetch backfill)
                    """)
            }
            let day = Timestamp.millisecondsPerDay
            if earliest.openTime - first >= day || last - latest.openTime >= day {
                warn("\(symbol): the stored candles cover only \(Timestamp(milliseconds: earliest.openTime).utcDate)..\(Timestamp(milliseconds: latest.openTime).utcDate) of \(from)..\(to); windows outside replay nothing")
            }
        }
    }

    /// Loads a combination's configuration as the stages will: a problem
    /// with a swept key is a usage error naming it (exit 2), one with the
    /// base file a configuration error (exit 4). A base setting the written
    /// file would not carry over unchanged is refused rather than dropped.
    func check(_ text: String, combination: SweepCombination, carrying changes: [String: String], base: GenesisConfig, in work: URL) throws {
        let file = work.appendingPathComponent("check-\(getpid())-\(combination.index).yaml")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var options = global
        options.config = file.path
        let loaded: GenesisConfig
        do {
            loaded = try options.loadConfigWithoutStore()
        } catch let GenesisError.configuration(key, message) {
            if let setting = combination.settings.first(where: { $0.key == key || $0.key.hasPrefix(key + ".") || key.hasPrefix($0.key + ".") || key.hasPrefix($0.key + "[") }) {
                throw ValidationError("--grid \(setting.key)=\(setting.value): \(key == setting.key ? "" : "\(key): ")\(message)")
            }
            if combination.settings.isEmpty || key.hasSuffix(".yaml") {
                throw GenesisError.configuration(key: key, message: message)
            }
            // A rule between keys (one above another, say): name the combination.
            throw ValidationError("--grid \(combination.label): configuration: \(key): \(message)")
        }
        let written = ConfigKeys.flatten(loaded), wanted = ConfigKeys.flatten(base)
        for key in changes.keys.sorted() where !combination.settings.contains(where: { key == $0.key || key.hasPrefix($0.key + ".") || $0.key.hasPrefix(key + ".") }) {
            guard written[key] == wanted[key] else {
                throw GenesisError.configuration(key: key, message: "gen-report sweep cannot carry this setting of the base configuration into its runs (\(wanted[key] ?? "null") became \(written[key] ?? "null")); set it with --grid \(key)=…")
            }
        }
    }

    /// Runs the pending sessions `workers` at a time; the first failure
    /// stops new runs and, once the running ones end, fails the sweep with
    /// the run's log.
    func execute(_ pending: [(run: Run, session: String)], workers: Int, work: URL, combinations: [SweepCombination],
                 progress: @escaping @Sendable (String) -> Void, failure report: (String) -> Void) throws {
        guard !pending.isEmpty else { return }
        let executables = try ["gen-fetch", "gen-signal", "gen-risk", "gen-exec"].map(SweepPipeline.executable)
        let db = DatabaseLocation.forChildProcesses(global.databasePath)
        let symbolNames = symbols.map(\.name)
        let interval = interval.name, strategies = strategies
        let jobs: [(name: String, session: String, window: ReplayWindow, label: String)] = pending.map {
            ($0.run.name, $0.session, $0.run.window, combinations[$0.run.combination].label)
        }
        let queue = SweepQueue(count: jobs.count)
        let failures = LockedFailures()
        let finished = LockedCounter()
        queue.run(workers: workers) { index in
            let job = jobs[index]
            let config = work.appendingPathComponent("\(job.session).yaml").path
            let log = work.appendingPathComponent("\(job.session).log")
            var signal = ["--db", db, "--config", config]
            if let strategies { signal += ["--strategies", strategies] }
            let pipeline = SweepPipeline(stages: [
                .init(name: "gen-fetch", executable: executables[0],
                      arguments: ["replay"] + symbolNames + ["--interval", interval, "--from", job.window.from.iso8601, "--to", job.window.to.iso8601, "--db", db, "--config", config]),
                .init(name: "gen-signal", executable: executables[1], arguments: signal),
                .init(name: "gen-risk", executable: executables[2], arguments: ["--db", db, "--config", config, "--session", job.session]),
                .init(name: "gen-exec", executable: executables[3], arguments: ["--db", db, "--config", config, "--venue", "paper", "--session", job.session]),
            ])
            do {
                let statuses = try pipeline.run(log: log)
                if statuses.contains(where: { $0.status != 0 }) {
                    queue.fail()
                    let codes = statuses.map { "\($0.name) \($0.status)" }.joined(separator: ", ")
                    failures.add("run \(job.session) (\(job.label), \(job.window.label)) failed (exit codes: \(codes)); log: \(log.path)", log: log)
                } else {
                    // Marked at once, so a sweep that fails later still reuses this run next time.
                    try Data((job.session + "\n").utf8).write(to: work.appendingPathComponent("\(job.name).done"))
                    let done = finished.increment()
                    progress("run \(done)/\(jobs.count) done: \(job.session) (\(job.label), \(job.window.label))")
                }
            } catch {
                queue.fail()
                failures.add("run \(job.session) (\(job.label), \(job.window.label)) could not start: \(error)", log: log)
            }
        }
        if let failure = failures.first {
            let lines = ((try? String(contentsOf: failure.log, encoding: .utf8)) ?? "").split(separator: "\n").prefix(8)
            report("the run's first log lines:")
            for line in lines { report("  \(line)") }
            throw GenesisError.internalError(failure.message)
        }
    }
}

/// The first failure of the sweep's runs, kept across worker threads.
final class LockedFailures: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (message: String, log: URL)?
    func add(_ message: String, log: URL) { lock.withLock { if stored == nil { stored = (message, log) } } }
    var first: (message: String, log: URL)? { lock.withLock { stored } }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
