import Foundation

/// One execution at a venue (a Binance trade, or the paper venue's single fill).
public struct TradeFill: Sendable, Equatable {
    /// Unique per venue and symbol; the store keeps each id once.
    public var id: String
    public var price: Decimal
    public var quantity: Decimal
    public var fee: Decimal
    public var feeAsset: String

    public init(id: String, price: Decimal, quantity: Decimal, fee: Decimal, feeAsset: String) {
        self.id = id
        self.price = price
        self.quantity = quantity
        self.fee = fee
        self.feeAsset = feeAsset
    }
}

/// A session's account and open positions in memory, and the arithmetic of
/// fills on them. Both venues use it, so paper and exchange books agree to
/// the last decimal: balance is realised equity, moved by fees on entry and
/// by profit less fees on exit.
public struct PositionBook: Sendable {
    public let session: String
    public var account: Account
    public var positions: [String: Position]

    public init(session: String, account: Account, positions: [Position]) {
        self.session = session
        self.account = account
        self.positions = Dictionary(uniqueKeysWithValues: positions.map { ($0.symbol, $0) })
    }

    /// Cash not tied up in open positions.
    public var availableBalance: Decimal {
        account.balance - positions.values.reduce(Decimal(0)) { $0 + $1.cost }
    }

    /// Average price, quantity and quote-asset fee of a set of trades. A fee
    /// charged in the base asset (as Binance does on buys without BNB) is
    /// taken off the quantity received and valued at the trade price.
    static func aggregate(_ trades: [TradeFill], quoteAsset: String, side: Side) -> (price: Decimal, quantity: Decimal, fee: Decimal) {
        var quantity: Decimal = 0
        var quote: Decimal = 0
        var fee: Decimal = 0
        var baseFee: Decimal = 0
        for trade in trades {
            quantity += trade.quantity
            quote += trade.quantity * trade.price
            if trade.feeAsset == quoteAsset { fee += trade.fee } else { baseFee += trade.fee; fee += trade.fee * trade.price }
        }
        let price = quantity > 0 ? (quote / quantity).rounded(scale: 8, .plain) : 0
        return (price, side == .buy ? quantity - baseFee : quantity, fee)
    }

    /// Books an entry filled by `trades`. A slice of a worked order (same
    /// `positionID`) adds to the position it opened, at the average price.
    public mutating func enter(_ order: OrderIntent, venue: String, trades: [TradeFill], time: Timestamp, positionID: String? = nil) -> FillRecord {
        let (price, quantity, fee) = Self.aggregate(trades, quoteAsset: account.quoteAsset, side: .buy)
        account.roll(to: time)
        account.balance -= fee
        var position = Position(session: session, symbol: order.symbol, quantity: quantity, entryPrice: price, stop: order.stop, target: order.target,
                                strategy: order.strategy, signalID: order.signalID, entryClientOrderID: positionID ?? order.clientOrderID, openedAt: time, fees: fee)
        if let current = positions[order.symbol], current.entryClientOrderID == position.entryClientOrderID {
            let total = current.quantity + quantity
            position.entryPrice = total > 0 ? ((current.cost + quantity * price) / total).rounded(scale: 8, .plain) : price
            position.quantity = total
            position.fees = current.fees + fee
            position.openedAt = current.openedAt
        }
        positions[order.symbol] = position
        return FillRecord(order: order, venue: venue, trades: trades, price: price, quantity: quantity, fee: fee, feeAsset: account.quoteAsset,
                          executedAt: time, slippage: (price - order.referencePrice) / order.referencePrice, position: position, account: account)
    }

    /// Books the exit of `position` filled by `trades`.
    public mutating func exit(_ position: Position, order: OrderIntent, venue: String, trades: [TradeFill], time: Timestamp) -> FillRecord {
        let (price, quantity, fee) = Self.aggregate(trades, quoteAsset: account.quoteAsset, side: .sell)
        let gross = (price - position.entryPrice) * quantity
        account.roll(to: time)
        account.balance += gross - fee
        account.peakBalance = max(account.peakBalance, account.balance)
        var closed = position
        closed.fees += fee
        closed.closedAt = time
        closed.exitPrice = price
        closed.exitReason = order.purpose.rawValue
        closed.realizedPnL = gross - closed.fees
        positions[position.symbol] = nil
        return FillRecord(order: order, venue: venue, trades: trades, price: price, quantity: quantity, fee: fee, feeAsset: account.quoteAsset,
                          executedAt: time, slippage: (order.referencePrice - price) / order.referencePrice, position: closed, account: account)
    }

    /// The market sell that closes `position` when a stop or target triggers
    /// (its id derives from the entry, so a restart finds the same order).
    public func exitOrder(for position: Position, purpose: OrderPurpose, reference: Decimal, time: Timestamp) -> OrderIntent {
        OrderIntent(clientOrderID: ClientOrderID.derive(session: session, origin: "\(purpose.rawValue.lowercased()):\(position.entryClientOrderID)"),
                    ts: time, session: session, signalID: position.signalID, strategy: position.strategy, symbol: position.symbol, side: .sell,
                    purpose: purpose, quantity: position.quantity, referencePrice: reference, stop: nil, target: nil)
    }
}
