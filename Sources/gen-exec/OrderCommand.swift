import ArgumentParser
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine
import GenesisExchange

/// `gen-exec order`: one order typed by the trader (DESIGN §5, "the trader's
/// hands"). It is a manual signal judged by the same risk engine gen-risk
/// uses (`RiskStage.judgeManual`), recorded as manual so the tilt detector
/// counts it, and executed by the same stage as `gen-exec run`.
struct ManualOrder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order",
        abstract: "Place one order by hand, through the risk engine: a BUY opens a position (sized down if the rules say so), a SELL sells (part of) one.",
        discussion: """
            The order is a manual signal: gen-risk's rules judge it (a refusal prints the rule and exits 6), it is recorded as
            the trader's own, and the tilt detector counts it as a manual override. A BUY's QUANTITY is a request: the risk
            engine may size it down (the output says so and why), never up; its stop is --stop, else the default distance.
            A SELL sells QUANTITY of the open position (all of it when the rest would be too small to sell); exits pass halts.
            --limit makes it a LIMIT order (GTC), where the tier allows limit orders. On paper a market order fills at the
            newest stored price.

            The order's id is deterministic, so running the same command again never places a second order: --id names
            it, and by default it is derived from the symbol, side, quantity, limit and the UTC minute. Repeat a command
            within the minute and it finds the order it placed; to place the same order twice on purpose, pass --id.

            Examples:
              gen-exec order BTCUSDT BUY 0.001 --reason "breakout on the daily, stop under the range" --venue testnet
              gen-exec order BTCUSDT BUY 0.001 --limit 39500 --reason "buying the retest" --venue sim --json
              gen-exec order BTCUSDT SELL 0.0005 --reason "taking half off into resistance" --venue binance
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions
    @Argument(help: "The symbol, like BTCUSDT.") var symbol: String
    @Argument(help: "BUY or SELL.") var side: String
    @Argument(help: "How much of the base asset (a BUY's is the most it buys).") var quantity: String
    @Option(help: "A LIMIT order at this price instead of a market order.") var limit: String?
    @Option(help: "Why, in a few words (recorded; at tilt WARNING a manual entry needs at least three words).") var reason: String
    @Option(help: "A BUY's stop-loss price (default: the configured distance below the entry).") var stop: String?
    @Option(help: "A BUY's target price.") var target: String?
    @Option(help: "The order's id (the signal id its client order id derives from); default derived from symbol, side, quantity, limit and the minute.")
    var id: String?
    @Flag(help: "Print the order's stream lines (rejection, execution, position) instead of a summary.") var json = false

    func validate() throws {
        guard Side(rawValue: side.uppercased()) != nil else { throw ValidationError("SIDE '\(side)' must be BUY or SELL") }
        guard let value = Decimal.parse(quantity), value > 0 else { throw ValidationError("QUANTITY '\(quantity)' must be a positive decimal") }
        for (name, text) in [("--limit", limit), ("--stop", stop), ("--target", target)] {
            if let text, (Decimal.parse(text) ?? 0) <= 0 { throw ValidationError("\(name) '\(text)' must be a positive price") }
        }
        guard reason.trimmingCharacters(in: .whitespaces).count >= 3 else { throw ValidationError("--reason must say why") }
        if let id, !(1...100).contains(id.utf8.count) { throw ValidationError("--id must be 1 to 100 characters") }
        do { try Symbol.validate(symbol) } catch { throw ValidationError("SYMBOL '\(symbol)': \(error)") }
    }

    /// The default id: the same order asked for within one UTC minute is the same order.
    static func derivedID(symbol: String, side: Side, quantity: Decimal, limit: Decimal?, at now: Timestamp) -> String {
        "manual-" + ClientOrderID.derive(session: "manual", origin: "\(symbol)|\(side.rawValue)|\(quantity.plainText)|\(limit?.plainText ?? "MARKET")|\(now.milliseconds / 60_000)")
    }

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec order", create: false)
        _ = try store.requireAccount(session: options.session)
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        let side = Side(rawValue: side.uppercased())!
        let requested = Decimal.parse(quantity)!
        let limitPrice = limit.flatMap { Decimal.parse($0) }
        var http: HTTPClientHandle?
        defer { http?.shutdown() }
        let venue: any ExecutionVenue
        let clock: any TimeSource
        var exchange: ExchangeVenue?
        if let (opened, handle) = try options.exchange(store: store, config: config, logger: logger) {
            http = handle
            exchange = opened
            venue = opened
            clock = opened.clock
        } else {
            venue = try PaperVenue(ledger: store, paper: config.paper, session: options.session, config: config)
            clock = WallClock()
        }
        let now = clock.now()
        // The price the order is judged at: its limit, else what a market order meets now.
        let paperPrice = exchange == nil ? try store.lastClose(symbol: symbol)?.price : nil
        guard let price = try limitPrice ?? exchange?.touchPrice(symbol, side: side) ?? paperPrice else {
            throw GenesisError.badInput(source: symbol, message: exchange == nil ? "no price is stored for \(symbol); import or replay its candles first, or give --limit"
                                                                                 : "\(symbol) has no \(side == .buy ? "ask" : "bid") on \(venue.name) now")
        }
        var signal = Signal(id: id ?? Self.derivedID(symbol: symbol, side: side, quantity: requested, limit: limitPrice, at: now), ts: now,
                            strategy: RiskEngine.manualStrategy, symbol: symbol, side: side, price: price,
                            stop: stop.flatMap { Decimal.parse($0) }, target: target.flatMap { Decimal.parse($0) }, reason: reason)
        if let limitPrice {
            signal.orderType = .limit
            signal.limitPrice = limitPrice
        }
        var risk = try RiskStage(store: store, config: config, session: options.session, clock: .wall, wallClock: clock, synchronise: false, logger: logger)
        let decision = try risk.judgeManual(signal, requested: requested)
        for alert in decision.alerts { FileHandle.standardError.write(Data(alert + [10])) }
        let order: OrderIntent
        switch decision.result {
        case var .failure(rejection):
            // A retry of a refused order: the rule that refused it the first time.
            if decision.judgedBefore, let recorded = try store.recordedRefusal(signalID: signal.id, session: options.session) {
                rejection = Rejection(recorded.rule, "\(recorded.message) (judged before; change the order or pass another --id to ask again)")
            }
            if json { print(String(decoding: rejection.encoded(ts: now, signalID: signal.id, symbol: symbol, side: side, stage: "gen-exec order"), as: UTF8.self)) }
            throw GenesisError.refused(rule: rejection.rule.rawValue, message: rejection.message)
        case let .success(approved):
            order = approved
        }
        var lines = [order.encoded()]
        if let paperPrice, limitPrice == nil {
            // Paper fills a market order at the next price it sees: the newest stored one.
            var book = JSONLineBuilder(type: .book, ts: now)
            book.field("symbol", symbol)
            book.field("bid", paperPrice)
            book.field("ask", paperPrice)
            lines.append(book.finishBytes())
        }
        let execution = try ExecutionStage(store: store, venue: venue, session: options.session, config: config, liveClock: exchange?.clock, logger: logger)
        let output = try execution.execute(lines: lines).filter { !$0.contains(#""type":"book""#) }
        if json {
            output.forEach { print($0) }
        } else {
            print(Self.summary(of: output, order: order, requested: requested, decision: decision, venue: venue.name, status: try store.orderStatus(clientOrderID: order.clientOrderID)))
        }
        if let refusal = output.compactMap({ try? JSONValue.parse(Data($0.utf8)) }).first(where: { $0["type"]?.string == "rejection" }) {
            throw GenesisError.refused(rule: refusal["rule"]?.string ?? "?", message: refusal["message"]?.string ?? "the venue refused the order")
        }
    }

    /// One line: what happened to the order, and what the rules changed.
    static func summary(of output: [String], order: OrderIntent, requested: Decimal, decision: ManualDecision, venue: String, status: OrderStatus?) -> String {
        let lines = output.compactMap { try? JSONValue.parse(Data($0.utf8)) }
        var text: String
        if let filled = lines.last(where: { $0["type"]?.string == "execution" && $0["price"] != nil }) {
            text = "\(order.side == .buy ? "bought" : "sold") \(filled["quantity"]?.decimal?.plainText ?? order.quantity.plainText) \(order.symbol) at \(filled["price"]?.decimal?.plainText ?? "?") on \(venue)"
        } else if lines.contains(where: { $0["type"]?.string == "rejection" }) {
            text = "\(order.side.rawValue) \(order.quantity.plainText) \(order.symbol) refused on \(venue)"
        } else if decision.judgedBefore || lines.isEmpty {
            text = "already placed: \(order.side.rawValue) \(order.quantity.plainText) \(order.symbol) is \(status?.rawValue ?? "recorded") on \(venue)"
        } else {
            text = "\(order.side.rawValue) \(order.quantity.plainText) \(order.symbol)\(order.limitPrice.map { " LIMIT \($0.plainText)" } ?? "") placed on \(venue), \(status?.rawValue ?? "NEW")"
        }
        text += " (order \(order.clientOrderID))"
        if order.quantity < requested {
            let why = order.side == .sell ? "the position holds less" : (decision.sizedDownBy.isEmpty ? "position sizing" : decision.sizedDownBy.joined(separator: ", "))
            text += "; sized down from \(requested.plainText) by the risk engine (\(why))"
        } else if order.quantity > requested, order.side == .sell {
            text += "; all of the position is sold, as what \(requested.plainText) would leave is too small to sell"
        }
        return text
    }
}
