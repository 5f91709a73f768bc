import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisExchange
import GenesisCommandLine

@main
struct GenRisk: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-risk",
        abstract: "The risk engine: turn signals into sized order intents or rejections; manage the account.",
        discussion: """
            Examples:
              gen-risk account init --balance 500
              gen-fetch replay BTCUSDT | gen-signal | gen-risk | gen-exec --venue paper
              gen-risk account --json
            """,
        subcommands: [Run.self, AccountCommand.self, TierCommand.self, LimitsCommand.self],
        defaultSubcommand: Run.self
    )

    static func main() { CommandMain.run(Self.self) }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Judge each `signal` line (the default when no subcommand is given); forward every other line.",
        discussion: """
            Checks, in order: trading state, tier permission, position sizing (fixed fraction), open positions, daily loss
            limit, mandatory stop-loss, minimum position. Approved signals become `order` lines, refused ones `rejection`
            lines naming the rule. On the data clock (replays) it waits for gen-exec downstream to book earlier fills
            before judging a signal, so a backtest gives the same result every time.
            Example:
              gen-fetch replay BTCUSDT | gen-signal | gen-risk --session test-1 | gen-exec --venue paper --session test-1
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var sessionOptions: SessionOptions
    var session: String { sessionOptions.name }
    @Option(help: "Clock: data (timestamps of the events, for replays; the default) or wall (live). The live account is always judged on the wall clock, corrected by the exchange's time.")
    var clock: ClockMode?
    @Flag(help: "Do not wait for gen-exec in replays (faster, but results may depend on timing).") var noSync = false
    @Flag(help: "Stop at the first malformed line (exit 3).") var strict = false

    func run() throws {
        let logger = global.logger("gen-risk")
        let store = try global.openStore("gen-risk")
        // Per session: a backtest's settings are not the trader's live ones.
        let config = try global.loadConfig(adoptingFor: store, session: session, logger: logger)
        var stage = StreamStage(strict: strict, logger: logger)
        let clock = try store.judgingClock(requested: clock, session: session)
        var risk = try RiskStage(store: store, config: config, session: session, clock: clock, wallClock: try store.liveClock(), synchronise: !noSync, logger: logger,
                                 provenance: SignalProvenance(databasePath: global.localFilePrefix, creates: false))
        defer { logger.info("approved \(risk.approved), rejected \(risk.rejected)") }
        try risk.run(&stage, writer: LineWriter())
    }
}

struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Show the trading account (balance, tier, the latest day's P&L, trading state).",
        discussion: "Examples:\n  gen-risk account\n  gen-risk account --json",
        subcommands: [Show.self, Init.self],
        defaultSubcommand: Show.self
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the account.", discussion: "Example:\n  gen-risk account show --json")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "JSON instead of a table.") var json = false
        @OptionGroup var sessionOptions: SessionOptions
        var session: String { sessionOptions.name }

        func run() throws {
            _ = global.logger("gen-risk")
            let store = try global.openStore("gen-risk account", create: false)
            let account = try store.requireAccount(session: session)
            let (state, reason) = try store.tradingState()
            let comparison = try ExchangeComparison(store: store, session: session, account: account)
            let transfers = try AccountTransfers(store: store, session: session, account: account)
            if json {
                var line = JSONLineBuilder()
                line.field("tier", account.tier.rawValue)
                line.field("quote_asset", account.quoteAsset)
                line.field("initial_balance", account.initialBalance)
                line.field("balance", account.balance)
                line.field("peak_balance", account.peakBalance)
                line.field("day", Timestamp(milliseconds: account.day * Timestamp.millisecondsPerDay).utcDate)
                line.field("day_start_balance", account.dayStartBalance)
                line.field("day_pnl", account.balance - account.dayStartBalance)
                line.field("trading_state", state.rawValue)
                line.field("tier_started_at", account.tierStartedAt.iso8601)
                comparison?.fields(&line)
                transfers.fields(&line)
                print(line.finish(), terminator: "")
            } else {
                print(TextTable.render(title: "Account (\(store.path))", rows: [
                    ("tier", "\(account.tier.rawValue) since \(account.tierStartedAt.utcDate)"),
                    ("balance", "\(account.balance.plainText) \(account.quoteAsset)"),
                    ("initial balance", account.initialBalance.plainText),
                    ("peak balance", account.peakBalance.plainText),
                    ("P&L on \(Timestamp(milliseconds: account.day * Timestamp.millisecondsPerDay).utcDate)", (account.balance - account.dayStartBalance).plainText),
                    ("trading state", reason.isEmpty ? state.rawValue : "\(state.rawValue) (\(reason))"),
                ] + transfers.rows + (comparison?.rows ?? [])), terminator: "")
            }
        }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the account at SNIPER with a starting balance (once per database).",
            discussion: """
                The live account opens at what its exchange holds (--venue): the quote asset's free and locked balance,
                read with the venue's keys, and the database is bound to that exchange account. A backtest or paper
                database opens at a balance given by hand (--balance).
                Examples:
                  gen-risk account init --venue binance        # the live account, at its Binance USDT balance
                  gen-risk account init --balance 500
                  gen-risk account init --balance 2000 --at 2024-03-01   # a backtest's own database, on the data's clock
                """)
        @OptionGroup var global: GlobalOptions
        @Option(parsing: .unconditional, help: "Starting balance in the quote asset, e.g. 500 (paper and backtests).") var balance: String?
        @Option(help: "Read the starting balance from this exchange venue (sim, testnet, binance, or a URL), with its keys.") var venue: Venue?
        @Option(help: "Quote asset of the account.") var quote: String = "USDT"
        @OptionGroup var time: TimeOptions

        func validate() throws {
            switch (balance, venue) {
            case (nil, nil): throw ValidationError("give --balance (paper, backtests) or --venue (the live account, at its exchange balance)")
            case (_?, _?): throw ValidationError("--balance and --venue exclude each other: a live account opens at what its exchange holds")
            case (nil, let venue?):
                if venue == .paper { throw ValidationError("--venue paper holds no money to read; give --balance") }
            case (let balance?, nil):
                guard let value = Decimal.parse(balance), value > 0 else { throw ValidationError("--balance '\(balance)' must be a positive decimal like 500 or 1250.50") }
                guard value < 1_000_000_000_000 else { throw ValidationError("--balance '\(balance)' is implausibly large") }
            }
        }

        func run() throws {
            let logger = global.logger("gen-risk")
            // Read for the floor warning only: the first command that trades
            // adopts the configuration the account then runs with (DESIGN §1.3).
            let config = try global.loadConfigWithoutStore()
            let store = try global.openStore("gen-risk account init")
            var amount = balance.flatMap(Decimal.parse) ?? 0
            if let venue {
                // One connection: the account opens at what the exchange holds,
                // then the database is bound to that exchange account.
                let opened = try LiveAccountGate.open(venue: venue, session: Account.defaultSession, store: store, config: config, logger: logger) { answer in
                    amount = ExchangeBalance.parse(answer).first { $0.asset == quote }?.total ?? 0
                    guard amount > 0 else {
                        throw GenesisError.refused(rule: "account.exchange_balance", message: "the \(venue) account holds no \(quote); deposit some first, or choose --quote")
                    }
                    let now = Timestamp.now()
                    try store.createAccount(.opening(balance: amount, at: now, quoteAsset: quote), at: now)
                }
                opened?.1.shutdown()
            } else {
                // --at opens it at a data time, for a backtest on the default session.
                let now = time.now
                try store.createAccount(.opening(balance: amount, at: now, quoteAsset: quote), at: now)
            }
            let floor = config.tiers.sniper.minimumBalance.value
            if amount < floor {
                logger.warning("the balance is below the SNIPER floor of \(floor.plainText); positions may fall under the minimum size")
            }
            print("account created at SNIPER with \(amount.plainText) \(quote) in \(store.path)")
        }
    }
}
