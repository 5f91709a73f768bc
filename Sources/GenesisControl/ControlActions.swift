import Foundation
import GenesisBinance
import GenesisDomain
import GenesisStore

/// What the control API asks of whoever runs it (the watcher, or
/// `gen-exec api`): the two emergency actions. Reads go to the store.
public protocol ControlActions: Sendable {
    /// Halts trading for `reason`; returns a sentence for the caller.
    /// Throw `GenesisError.stateConflict` when trading is already halted.
    func halt(reason: String) async throws -> String
    /// Sells every open position, at most `maxSlippage` (a fraction) below
    /// the bid; nil means the configured default.
    func closeAll(maxSlippage: Decimal?) async throws -> CloseAllSummary
}

/// What a close-all did, position by position.
public struct CloseAllSummary: Sendable, Equatable {
    public struct Closed: Sendable, Equatable {
        public var symbol: String
        public var clientOrderID: String
        public var quantity: Decimal
        public var price: Decimal
        public var realizedPnL: Decimal?
        public var at: Timestamp

        public init(symbol: String, clientOrderID: String, quantity: Decimal, price: Decimal, realizedPnL: Decimal?, at: Timestamp) {
            self.symbol = symbol
            self.clientOrderID = clientOrderID
            self.quantity = quantity
            self.price = price
            self.realizedPnL = realizedPnL
            self.at = at
        }
    }

    public struct Refused: Sendable, Equatable {
        public var symbol: String
        public var rule: String
        public var message: String

        public init(symbol: String, rule: String, message: String) {
            self.symbol = symbol
            self.rule = rule
            self.message = message
        }
    }

    public var venue: String
    public var closed: [Closed]
    public var refused: [Refused]
    /// Orders accepted by the venue but not (yet) filled.
    public var pending: [String]

    public init(venue: String, closed: [Closed] = [], refused: [Refused] = [], pending: [String] = []) {
        self.venue = venue
        self.closed = closed
        self.refused = refused
        self.pending = pending
    }

    /// The summary of what a venue's close-all returned (paper or exchange).
    public init(venue: String, outputs: [VenueOutput]) {
        self.init(venue: venue)
        for output in outputs {
            switch output {
            case let .filled(fill):
                closed.append(Closed(symbol: fill.order.symbol, clientOrderID: fill.order.clientOrderID, quantity: fill.quantity, price: fill.price,
                                     realizedPnL: fill.position.realizedPnL, at: fill.executedAt))
            case let .rejected(order, rejection):
                refused.append(Refused(symbol: order.symbol, rule: rejection.rule.rawValue, message: rejection.message))
            case let .accepted(order):
                pending.append(order.clientOrderID)
            }
        }
    }
}
