import ArgumentParser
import Foundation
import Logging
import GenesisDomain
import GenesisStore
import GenesisCommandLine
import GenesisExchange

/// The order a trader's command names, open and the trader's to change:
/// never the stop or target protecting a position (DESIGN §10, protection
/// lives on the exchange).
func traderOrder(_ id: String, store: Store, action: String) throws -> Store.HeldOrder {
    guard let held = try store.heldOrder(id: id) else {
        throw GenesisError.badInput(source: id, message: "no order with this client or exchange order id is in the store")
    }
    if let entry = held.order.protects {
        throw GenesisError.refused(rule: "execution.protection",
                                   message: "order \(held.order.clientOrderID) is the stop/target protecting the \(held.order.symbol) position (entry \(entry)); it cannot be \(action) on its own, as that would leave the position unprotected. Close the position instead: gen-exec order \(held.order.symbol) SELL QUANTITY --reason \"…\"")
    }
    guard held.status == .new || held.status == .partiallyFilled else {
        throw GenesisError.stateConflict("order \(held.order.clientOrderID) is \(held.status.rawValue); only an open order can be \(action)")
    }
    return held
}

/// A line for `--json`: the order's state after the trader's change.
func traderExecutionLine(_ order: OrderIntent, status: String, venue: String, ts: Timestamp, extra: [(String, String)] = []) -> String {
    var line = JSONLineBuilder(type: .execution, ts: ts)
    line.field("client_order_id", order.clientOrderID)
    line.field("venue", venue)
    line.field("symbol", order.symbol)
    line.field("side", order.side.rawValue)
    line.field("purpose", order.purpose.rawValue)
    line.field("status", status)
    line.field("quantity", order.quantity)
    line.field("price", order.limitPrice)
    for (name, value) in extra { line.field(name, value) }
    line.field("by", "trader")
    return String(decoding: line.finishBytes(), as: UTF8.self)
}

struct CancelOrder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel one open order by its client order id (or the exchange's order id); counted by the tilt detector as your cancel.",
        discussion: """
            The cancel is recorded at the moment it happens, so the tilt detector's cancel rate (orders canceled within
            seconds of placement) sees it. A fill that came before the cancel is booked. The stop and target protecting an
            open position cannot be canceled here (exit 6): close the position instead. On paper it cancels a waiting order.

            Examples:
              gen-exec cancel gen-3f2a9c0d1e4b5a6f7081928374655647 --venue testnet
              gen-exec cancel 123456789 --venue binance --json
              gen-exec cancel gen-3f2a9c0d1e4b5a6f7081928374655647 --venue paper --session drill-1
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var options: ExecutionOptions
    @Argument(help: "The order's client order id, or the exchange's order id.") var orderID: String
    @Flag(help: "Print the order's execution line instead of a summary.") var json = false

    func run() throws {
        let logger = global.logger("gen-exec")
        let store = try global.openStore("gen-exec cancel", create: false)
        _ = try store.requireAccount(session: options.session)
        let config = try global.loadConfig(adoptingFor: store, session: options.session, logger: logger)
        let held = try traderOrder(orderID, store: store, action: "canceled")
        let order = held.order
        var venueName = PaperVenue.venueName
        var booked: [VenueOutput] = []
        let now: Timestamp
        if let (exchange, http) = try options.exchange(store: store, config: config, logger: logger) {
            defer { http.shutdown() }
            guard held.venue == exchange.name else {
                throw GenesisError.stateConflict("order \(order.clientOrderID) was sent to \(held.venue), not \(exchange.name); pass --venue \(held.venue)")
            }
            venueName = exchange.name
            booked = try exchange.cancelByTrader(order, store: store)
            now = exchange.clock.now()
        } else {
            guard held.venue == PaperVenue.venueName else {
                throw GenesisError.stateConflict("order \(order.clientOrderID) was sent to \(held.venue); pass --venue \(held.venue)")
            }
            now = Timestamp.now()
            try store.recordTraderCancel(clientOrderID: order.clientOrderID, session: order.session, at: now)
        }
        if json {
            for output in booked { for line in output.encoded(ts: now, venue: venueName) { print(String(decoding: line, as: UTF8.self)) } }
            print(traderExecutionLine(order, status: OrderStatus.canceled.rawValue, venue: venueName, ts: now))
        } else {
            print("canceled \(order.clientOrderID): \(order.side.rawValue) \(order.quantity.plainText) \(order.symbol)\(order.limitPrice.map { " at \($0.plainText)" } ?? "") on \(venueName)"
                  + (booked.isEmpty ? "" : "; what filled before the cancel is booked"))
        }
    }
}
