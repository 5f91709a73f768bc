import ArgumentParser
import Foundation
import GenesisDomain
import GenesisStore
import GenesisCommandLine
import GenesisSimulator
import GenesisBinance

@main
struct GenSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen-sim",
        abstract: "A local Binance-compatible spot exchange (REST, streams, WebSocket API) for tests, drills and practice over the real wire protocol.",
        discussion: """
            Serves Binance's REST API under /api/v3 (market data, tickers, trades, klines, orders, account), its market streams
            (trade, aggTrade, kline_<interval> up to 1d, bookTicker, depth) at /ws/<stream> and /stream?streams=… (or SUBSCRIBE
            after connecting), and the WebSocket API's user-data stream at /ws-api/v3, on 127.0.0.1. Signed requests are checked against
            the simulator's own keys: GENESIS_SIM_API_KEY with GENESIS_SIM_API_SECRET (or GENESIS_SIM_PRIVATE_KEY_FILE, or
            GENESIS_SIM_KEY_FILE) from the environment, HMAC keys in a --key-file (mode 0600, lines KEY=SECRET) and Ed25519
            public keys given with --ed25519-key. Secrets are never taken on the command line (ps shows it to everyone), and
            the live account's BINANCE_* keys are never read. Every key's account is funded with --balance USDT on first use;
            each gen-sim process is an exchange of its own (its accounts' uid differ from run to run).
            Orders include the stop types (STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT,
            TAKE_PROFIT_LIMIT with stopPrice), which wait with their funds locked until
            the last price reaches the stop, and OCO order lists (POST
            /api/v3/orderList/oco; GET /api/v3/orderList, /api/v3/openOrderList,
            /api/v3/allOrderList; DELETE /api/v3/orderList): one leg trading or
            triggering cancels the other.
            Drill endpoints (not Binance; no signature; loopback only):
              POST /sim/v1/price?symbol=BTCUSDT&price=38000
                  moves a market; fills and triggers the orders it crosses
              POST /sim/v1/deposit?asset=USDT&amount=500
                  money in; a negative amount withdraws, refused (-2010) beyond
                  the free balance. The account is the X-MBX-APIKEY header's, or
                  without it the only key's. Its user data gets balanceUpdate,
                  then outboundAccountPosition.
              POST /sim/v1/streams/drop, POST /sim/v1/streams/stall[?stalled=false]
              POST /sim/v1/status?system=1   (0 ends it) | ?symbol=BTCUSDT&status=HALT   (TRADING ends it)
                  system maintenance, as GET /sapi/v1/system/status answers it, or a
                  symbol's exchangeInfo status; gen-fetch stream turns either into MAINTENANCE
            The first line on stdout is `listening on http://127.0.0.1:PORT`.
            Examples:
              gen-sim --port 0
              gen-sim --db ~/.genesis/genesis.db      # klines served from the candles stored there
              GENESIS_SIM_API_KEY=demo GENESIS_SIM_API_SECRET=demo-secret gen-sim --port 8765 --symbols BTCUSDT,ETHUSDT --price ETHUSDT=2500
              gen-sim --key-file ~/.genesis/sim-keys      # chmod 600; lines KEY=SECRET
              gen-sim --fail-after-accept 0.5 --clock-skew-ms 2000 --weight-limit 100      # a drill with faults
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to bind; only loopback unless you mean it.") var host = "127.0.0.1"
    @Option(help: "Port; 0 picks a free one.") var port = 8765
    @Option(help: "Symbols to list, comma-separated (quote USDT).") var symbols = "BTCUSDT"
    @Option(help: "Starting price, SYMBOL=PRICE (repeatable).") var price: [String] = []
    @Option(help: "USDT each new account starts with.") var balance = "10000"
    @Option(help: "A file of HMAC keys, one KEY=SECRET per line (mode 0600 or stricter).", completion: .file()) var keyFile: String?
    /// Refused with the way to do it instead: a secret on the command line shows in `ps`.
    @Option(help: .hidden) var key: [String] = []
    @Option(help: "Ed25519 key, KEY=PUBLIC_KEY_PEM_FILE (repeatable).") var ed25519Key: [String] = []
    @Option(help: "Milliseconds between market steps (0 = the price moves only when told).") var tickMs = 1000
    @Option(help: "Random seed of the market walk and the faults.") var seed: UInt64 = 1
    @Option(help: "Share of requests answered 503 without being executed (0…1).") var errorRate = 0.0
    @Option(help: "Share of orders executed but answered 503 (0…1).") var failAfterAccept = 0.0
    @Option(help: "With --fail-after-accept: the order reaches the matching engine only this many milliseconds after its 503.") var lateExecutionMs = 0
    @Option(help: "Milliseconds before a trade shows in myTrades (a lagging replica).") var tradesLagMs = 0
    @Option(help: "Milliseconds added to the server clock.") var clockSkewMs: Int64 = 0
    @Option(help: "Milliseconds of latency before every answer.") var latencyMs = 0
    @Option(help: "Request weight allowed per minute.") var weightLimit = 6000
    @Option(help: "Orders allowed per 10 seconds.") var ordersPer10s = 50
    @Option(help: "Seconds of ban (418) after repeated 429s.") var banSeconds = 120
    @Flag(help: "Print `order CLIENT_ID arrived EPOCH_NS` on stderr as each order (or OCO list) request arrives (latency benchmarks).") var traceOrders = false
    @Option(help: "Drop every WebSocket connection every N milliseconds (0 = never).") var dropStreamsMs = 0
    @Option(help: "Drive the market by the stored candles of this interval (needs --db), four steps per candle; the walk goes on after the last.") var replay: Interval?
    @Option(help: "First candle to replay: YYYY-MM-DD, ISO-8601 or epoch ms (default: the oldest stored).") var replayFrom: String?
    @Option(help: "Candles to replay per symbol.") var replayCount = 10_000

    static func main() async { await CommandMain.runAsync(Self.self) }

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (0...1).contains(errorRate), (0...1).contains(failAfterAccept) else { throw ValidationError("--error-rate and --fail-after-accept are shares between 0 and 1") }
        guard lateExecutionMs >= 0, tradesLagMs >= 0, latencyMs >= 0 else { throw ValidationError("--late-execution-ms, --trades-lag-ms and --latency-ms cannot be negative") }
        guard Decimal.parse(balance).map({ $0 > 0 }) == true else { throw ValidationError("--balance '\(balance)' must be a positive decimal") }
        for entry in price where entry.split(separator: "=").count != 2 || Decimal.parse(entry.split(separator: "=").last ?? "") == nil {
            throw ValidationError("--price '\(entry)' must look like BTCUSDT=40000")
        }
        if !key.isEmpty {
            throw ValidationError("--key is refused: a secret on the command line shows in `ps` to every user; put KEY=SECRET lines in a file with mode 0600 and pass --key-file, or set GENESIS_SIM_API_KEY and GENESIS_SIM_API_SECRET")
        }
        for entry in ed25519Key where !entry.contains("=") { throw ValidationError("--ed25519-key '\(entry)' must look like KEY=PUBLIC_KEY_PEM_FILE") }
        for symbol in symbols.split(separator: ",") {
            do { try Symbol.validate(String(symbol)) } catch { throw ValidationError(error.reason) }
        }
        if let replayFrom, Timestamp(parsing: replayFrom) == nil { throw ValidationError("--replay-from '\(replayFrom)' is not a date (YYYY-MM-DD), ISO-8601 time or epoch ms") }
        if replay != nil, global.db == nil, ProcessInfo.processInfo.environment["GENESIS_DB"] == nil {
            throw ValidationError("--replay needs the stored candles: give --db PATH (or GENESIS_DB)")
        }
        guard (1...1_000_000).contains(replayCount) else { throw ValidationError("--replay-count must be 1…1000000") }
    }

    /// Up to `count` stored candles from `from` (or the oldest), page by page.
    static func storedCandles(_ history: CandleHistory, symbol: String, interval: Interval, from: Timestamp?, count: Int) throws -> [KlineRow] {
        var rows: [KlineRow] = []
        var start = from?.milliseconds ?? 0
        while rows.count < count {
            let page = try history.klines(symbol: symbol, interval: interval, start: start, end: nil, limit: min(1000, count - rows.count))
            guard let last = page.last else { break }
            rows += page
            start = last.openTime + 1
        }
        return rows
    }

    func run() async throws {
        let logger = global.logger("gen-sim")
        var keys: [String: SimKey] = [:]
        if let keyFile {
            let text: String
            do { text = try Credentials.readPrivate(keyFile) } catch { throw GenesisError.configuration(key: "--key-file", message: error.description) }
            for (line, name, secret) in Credentials.assignments(text) {
                guard !name.isEmpty, !secret.isEmpty else {
                    throw GenesisError.configuration(key: "--key-file", message: "\(keyFile) line \(line) is not KEY=SECRET")
                }
                keys[name] = .hmac(secret: secret)
            }
        }
        for entry in ed25519Key {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard let pem = try? String(contentsOfFile: parts[1], encoding: .utf8), let simKey = SimKey.ed25519(pem: pem) else {
                throw GenesisError.configuration(key: "--ed25519-key", message: "\(parts[1]) is not an Ed25519 public key PEM")
            }
            keys[parts[0]] = simKey
        }
        if let credentials = try? Credentials.load(.simulator) {
            keys[credentials.apiKey] = SimKey(credentials)
        }
        if keys.isEmpty { logger.warning("no keys: signed endpoints will answer -2015 until GENESIS_SIM_API_KEY/GENESIS_SIM_API_SECRET or --key-file gives one") }
        let prices = Dictionary(uniqueKeysWithValues: price.map { entry in
            let parts = entry.split(separator: "=").map(String.init)
            return (parts[0], Decimal.parse(parts[1])!)
        })
        var markets: [SimMarket] = []
        for (index, symbol) in symbols.split(separator: ",").map(String.init).enumerated() {
            let start = prices[symbol] ?? 40000
            markets.append(SimMarket(rules: .simulated(symbol: symbol), price: start, levelQuantity: (Decimal(1000) / start).rounded(scale: 5, .down),
                                     seed: seed &+ UInt64(index)))
        }
        var settings = SimExchange.Settings()
        settings.funding = Decimal.parse(balance)!
        // With a database, /api/v3/klines serves the candles stored in it.
        let history: CandleHistory? = global.db != nil || ProcessInfo.processInfo.environment["GENESIS_DB"] != nil
            ? try global.openStore("gen-sim") : nil
        if let interval = replay, let history {
            for index in markets.indices {
                let symbol = markets[index].rules.symbol
                let rows = try Self.storedCandles(history, symbol: symbol, interval: interval, from: replayFrom.flatMap(Timestamp.init(parsing:)), count: replayCount)
                guard !rows.isEmpty else {
                    throw GenesisError.stateConflict("no \(interval.name) candles of \(symbol) are stored to replay; import them with `gen-fetch import` first")
                }
                markets[index].follow(rows)
                logger.info("\(symbol) follows \(rows.count) stored \(interval.name) candles from \(Timestamp(milliseconds: rows[0].openTime))")
            }
        }
        let exchange = SimExchange(markets: markets, settings: settings, history: history)
        var faults = SimFaults()
        faults.errorRate = errorRate
        faults.failAfterAcceptRate = failAfterAccept
        faults.clockSkewMs = clockSkewMs
        faults.lateExecutionMs = lateExecutionMs
        faults.tradesLagMs = tradesLagMs
        faults.latencyMs = latencyMs
        faults.seed = seed
        var limits = SimLimits(weightLimit: weightLimit, ordersPer10Seconds: ordersPer10s)
        limits.banSeconds = banSeconds
        let api = SimAPI(exchange: exchange, keys: keys, limits: limits, faults: faults)
        if traceOrders {
            await api.traceOrders { id in
                var now = timespec()
                clock_gettime(CLOCK_REALTIME, &now)
                FileHandle.standardError.write(Data("order \(id) arrived \(Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec))\n".utf8))
            }
        }
        let dropEvery = dropStreamsMs
        if dropEvery > 0 {
            Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(dropEvery))
                    await exchange.streams.dropAll()
                }
            }
        }
        let stepEvery = tickMs
        if stepEvery > 0 {
            Task {
                while !Task.isCancelled {
                    try await Task.sleep(for: .milliseconds(stepEvery))
                    await exchange.step()
                }
            }
        }
        let host = host
        try await SimServer.run(api: api, host: host, port: port) { bound in
            // Written straight to the descriptor: the line must not wait in a buffer.
            FileHandle.standardOutput.write(Data("listening on http://\(host):\(bound)\n".utf8))
        }
    }
}
