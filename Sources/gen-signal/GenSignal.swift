import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine

@main
struct GenSignal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-signal",
        abstract: "Strategies over the event stream (the default), and the pair scanner.",
        discussion: """
            Examples:
              gen-fetch replay BTCUSDT --interval 1h | gen-signal
              gen-signal scan --days 30
            """,
        subcommands: [Run.self, Scan.self],
        defaultSubcommand: Run.self)

    static func main() { CommandMain.run(Self.self) }
}

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank the stored symbols by liquidity and mark those that suit the tier's capital (a position at most 0.1% of a day's volume).",
        discussion: "Examples:\n  gen-signal scan\n  gen-signal scan --days 90 --json")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var time: TimeOptions
    @Option(help: "Days of stored candles to measure.") var days = 30
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }
    @Flag(help: "One JSON object per symbol.") var json = false

    func validate() throws { guard (1...3650).contains(days) else { throw ValidationError("--days must be 1…3650") } }

    func run() throws {
        _ = global.logger("gen-signal")
        let config = try global.loadConfigWithoutStore()
        let store = try global.openStore("gen-signal scan", create: false)
        guard let account = try store.existingAccount(session: session) else { throw GenesisError.noAccount(database: store.path) }
        let position = (account.balance * config.risk.positionFraction.value).approximateDouble
        let rules = config.tiers[account.tier]
        let scan = PairScanner(stats: try store.liquidity(days: days, now: time.now), position: position, pairs: rules.maxPairs)
        if !json {
            print("\(account.tier.rawValue): positions of about \(String(format: "%.2f", position)) \(account.quoteAsset), \(rules.maxPairs) pair\(rules.maxPairs == 1 ? "" : "s") at once")
            print("rank  symbol      days  daily volume        avg range  ")
        }
        for (rank, row) in scan.rows.enumerated() {
            if json {
                var line = JSONLineBuilder()
                line.field("rank", rank + 1)
                line.field("symbol", row.symbol)
                line.field("interval", row.interval)
                line.field("days", row.days)
                line.field("daily_quote_volume", approximate: row.dailyQuoteVolume, places: 2)
                line.field("average_range", approximate: row.averageRange, places: 6)
                line.field("suitable", row.suitable)
                line.field("selected", row.selected)
                line.field("reason", row.reason)
                print(line.finish(), terminator: "")
            } else {
                print(String(format: "%4d  %@  %4d  %18.2f  %8.4f%%  %@%@", rank + 1, row.symbol.padding(toLength: 10, withPad: " ", startingAt: 0), row.days,
                             row.dailyQuoteVolume, row.averageRange * 100, row.selected ? "selected; " : "", row.reason))
            }
        }
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Strategies: read the event stream, forward it, and append the `signal` lines its candles and books trigger (the default).",
        discussion: """
            Runs the strategies the account's tier has unlocked (DESIGN §2, §7) on every symbol and interval in the stream:
              SNIPER      simple_arbitrage (triangles of `book` lines), spread_capture (`book`), momentum_breakout (candles)
              HUNTER      + mean_reversion (Bollinger/RSI), multi_pair_rotation (candles of up to 5 pairs)
              STRATEGIST  + pairs_arbitrage (z-score of a cointegrated pair), market_making (LIMIT_MAKER layers from `book`)
            Book lines are read only when a book strategy runs. Each symbol's market state (DEAD, NORMAL, VOLATILE, PANIC,
            PANIC confirmed by a correlation spike across the interval's symbols when there are several) is written as a
            `market_state` line whenever it changes; gen-risk records it, sizes by it and refuses the entries it does not
            allow. An `exchange_status` line from gen-fetch stream (a system maintenance, a halted symbol) puts the symbol in
            MAINTENANCE at once: no signal of it is written until a TRADING one ends it. A candle strategy with a `strategies.<name>.timeframe` (say 1h over replayed minutes) runs on that interval,
            built from the candles given as Binance builds its klines; only the candles given are forwarded, so gen-exec
            decides fills, stops and targets on them, and each timeframe has its own market state (docs/CONFIGURATION.md §6.8j).
            Parameters: `strategies.*` in the configuration (docs/CONFIGURATION.md). A strategy named with --strategies that the tier has not
            unlocked is refused (exit 6). Without an account in the database, the SNIPER set runs. Malformed lines are
            reported on stderr with their number and skipped; the exit code is 3 at the end if any were.
            Examples:
              gen-fetch replay BTCUSDT --interval 1h | gen-signal
              gen-fetch replay BTCUSDT | gen-signal --strategies momentum_breakout --strict | gen-risk
              gen-fetch stream BTCUSDT ETHBTC ETHUSDT --book --venue binance | gen-signal --strategies simple_arbitrage | gen-risk --clock wall
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false
    @Option(help: "Strategies to run, comma-separated (default: every one the tier has unlocked).") var strategies: String?
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }

    func run() throws {
        let logger = global.logger("gen-signal")
        let config = try global.loadConfigWithoutStore()
        let store = try? global.openStore("gen-signal", create: false)
        let tier = (try? store?.existingAccount(session: session))??.tier ?? .sniper
        let running = try StrategySelection.resolve(requested: strategies?.split(separator: ",").map(String.init), tier: tier, config: config)
        logger.debug("strategies at \(tier.rawValue): \(running.joined(separator: ", "))")
        var stage = StreamStage(strict: strict, logger: logger)
        var signals = SignalStage(config: config, strategies: running, provenance: SignalProvenance(databasePath: global.localFilePrefix, creates: true),
                                  logger: logger)
        defer {
            let withheld = signals.signalsWithheld > 0 ? ", withheld in MAINTENANCE \(signals.signalsWithheld)" : ""
            logger.info("candles \(signals.candlesSeen)\(signals.booksSeen > 0 ? ", books \(signals.booksSeen)" : ""), signals \(signals.signalsEmitted)\(withheld)")
        }
        try signals.run(&stage, writer: LineWriter())
    }
}
