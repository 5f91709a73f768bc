import ArgumentParser
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisPipeline
import GenesisCommandLine
import GenesisExchange

/// `gen-exec amend`: changes a resting LIMIT order (DESIGN §5). Each amend
/// is recorded for the tilt detector's bargaining indicator (DESIGN §4).
struct AmendOrder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "amend",
        abstract: "Change a resting LIMIT order's price or quantity; counted by the tilt detector as bargaining.",
        discussion: """
            A lower quantity alone keeps the order's place in the queue (Binance's order amend keep-priority: same order,
            same client order id). A new price or a larger quantity cancels the order and places a new one in one request
            (cancel-replace, STOP_ON_FAILURE: if the cancel fails nothing changes); the new order's client order id is
            derived from the first order of the chain and an amend counter, so it is deterministic. A BUY whose price goes
            up or whose quantity grows is judged again by the risk engine (a refusal exits 6 and leaves the order as it
            was); a decrease is always allowed. Each amend counts for bargaining: three within ten minutes raise it, as
            does an order amended more than tilt.modificationsPerOrder times. The stop and target protecting a position
            cannot be amended. On paper it changes a waiting paper limit order.

            Examples:
              gen-exec amend gen-3f2a9c0d1e4b5a6f7081928374655647 --quantity 0.0004 --venue testnet
              gen-exec amend gen-3f2a9c0d1e4b5a6f7081928374655647 --price 39800 --venue sim --json
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions
    @Argument(help: "The order's client order id, or the exchange's order id.") var orderID: String
    @Option(help: "The new limit price.") var price: String?
    @Option(help: "The new quantity of the base asset.") var quantity: String?
    @Flag(help: "Print the order's execution line instead of a summary.") var json = false

    func validate() throws {
        guard (price == nil) != (quantity == nil) else { throw ValidationError("give exactly one of --price and --quantity") }
        if let price, (Decimal.parse(price) ?? 0) <= 0 { throw ValidationError("--price '\(price)' must be a positive price") }
        if let quantity, (Decimal.parse(quantity) ?? 0) <= 0 { throw ValidationError("--quantity '\(quantity)' must be a positive decimal") }
    }

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec amend", create: false)
        _ = try store.requireAccount(session: options.session)
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        let held = try traderOrder(orderID, store: store, action: "amended")
        let order = held.order
        guard order.type.rests, let oldPrice = order.limitPrice else {
            throw GenesisError.refused(rule: "execution.amend", message: "order \(order.clientOrderID) is a \(order.type.rawValue) order; only a resting LIMIT order can be amended")
        }
        let newPrice = price.flatMap { Decimal.parse($0) } ?? oldPrice
        let newQuantity = quantity.flatMap { Decimal.parse($0) } ?? order.quantity
        guard newPrice != oldPrice || newQuantity != order.quantity else {
            throw GenesisError.badInput(source: order.clientOrderID, message: "the order already rests at \(oldPrice.plainText) for \(order.quantity.plainText); nothing to amend")
        }
        var http: HTTPClientHandle?
        defer { http?.shutdown() }
        var exchange: ExchangeVenue?
        if let (opened, handle) = try options.exchange(store: store, config: config, logger: logger) {
            http = handle
            exchange = opened
        }
        let venueName = exchange?.name ?? PaperVenue.venueName
        guard held.venue == venueName else {
            throw GenesisError.stateConflict("order \(order.clientOrderID) was sent to \(held.venue), not \(venueName); pass --venue \(held.venue)")
        }
        let clock: any TimeSource = exchange?.clock ?? WallClock()
        let root = try store.amendmentRoot(of: order.clientOrderID)
        let amended: OrderIntent
        let kind: Store.Amendment
        if newPrice == oldPrice, newQuantity < order.quantity {
            kind = .keepPriority
            if let exchange {
                amended = try exchange.amendKeepPriority(order, quantity: newQuantity, root: root, store: store).order
            } else {
                try store.recordAmendment(.keepPriority, of: order.clientOrderID, root: root, session: order.session, quantity: newQuantity, price: oldPrice,
                                          replacement: nil, at: clock.now())
                var smaller = order
                smaller.quantity = newQuantity
                amended = smaller
            }
        } else {
            kind = .cancelReplace
            // The new order's id: the chain's first order and an amend counter.
            var counter = try store.amendmentCount(root: root) + 1
            var origin = "amend:\(root):\(counter)"
            while try store.orderStatus(clientOrderID: ClientOrderID.derive(session: order.session, origin: origin)) != nil {
                counter += 1
                origin = "amend:\(root):\(counter)"
            }
            var replacement = order
            replacement.clientOrderID = ClientOrderID.derive(session: order.session, origin: origin)
            replacement.limitPrice = newPrice
            replacement.quantity = newQuantity
            replacement.ts = clock.now()
            if order.side == .buy, newPrice > oldPrice || newQuantity > order.quantity {
                // More risk than was approved: a new decision, by the same rules as any manual order.
                var signal = Signal(id: origin, ts: clock.now(), strategy: RiskEngine.manualStrategy, symbol: order.symbol, side: .buy, price: newPrice,
                                    stop: order.stop, target: order.target, reason: "amend of \(root)")
                signal.orderType = .limit
                signal.limitPrice = newPrice
                var risk = try RiskStage(store: store, config: config, session: order.session, clock: .wall, wallClock: clock, synchronise: false, logger: logger)
                let decision = try risk.judgeManual(signal, requested: newQuantity, replacing: order)
                for alert in decision.alerts { FileHandle.standardError.write(Data(alert + [10])) }
                switch decision.result {
                case let .failure(rejection):
                    throw GenesisError.refused(rule: rejection.rule.rawValue, message: "\(rejection.message) The order stands as it was.")
                case let .success(approved):
                    replacement.signalID = approved.signalID
                    replacement.quantity = approved.quantity
                    replacement.limitPrice = approved.limitPrice
                    replacement.stop = approved.stop
                    replacement.target = approved.target
                }
            }
            if let exchange {
                amended = try exchange.cancelReplace(order, by: replacement, root: root, store: store).order
            } else {
                try store.recordAccepted(replacement, venue: PaperVenue.venueName, at: replacement.ts)
                try store.recordAmendment(.cancelReplace, of: order.clientOrderID, root: root, session: order.session, quantity: replacement.quantity,
                                          price: replacement.limitPrice, replacement: replacement.clientOrderID, at: clock.now())
                amended = replacement
            }
        }
        if json {
            print(traderExecutionLine(amended, status: OrderStatus.new.rawValue, venue: venueName, ts: clock.now(),
                                      extra: [("amended", kind.rawValue), ("orig_client_order_id", order.clientOrderID)]))
        } else {
            let how = kind == .keepPriority ? "in place, keeping its place in the queue" : "by cancel-replace, as \(amended.clientOrderID)"
            print("amended \(order.clientOrderID) \(how): \(amended.side.rawValue) \(amended.quantity.plainText) \(amended.symbol) at \(amended.limitPrice?.plainText ?? "?") on \(venueName)"
                  + (amended.quantity < newQuantity ? " (sized down from \(newQuantity.plainText) by the risk engine)" : ""))
        }
    }
}
