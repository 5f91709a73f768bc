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
    /// A fee in any third asset (BNB) is paid outside this book and not valued here.
    public static func aggregate(_ trades: [TradeFill], quoteAsset: String, baseAsset: String?, side: Side) -> (price: Decimal, quantity: Decimal, fee: Decimal) {
        var quantity: Decimal = 0
        var quote: Decimal = 0
        var fee: Decimal = 0
        var baseFee: Decimal = 0
        for trade in trades {
            quantity += trade.quantity
            quote += trade.quantity * trade.price
            if trade.feeAsset == quoteAsset {
                fee += trade.fee
            } else if trade.feeAsset == baseAsset {
                baseFee += trade.fee
                fee += trade.fee * trade.price
            }
        }
        let price = quantity > 0 ? (quote / quantity).rounded(scale: 8, .plain) : 0
        return (price, side == .buy ? quantity - baseFee : quantity, fee)
    }

    /// Books an entry filled by `trades`. A slice of a worked order (same
    /// `positionID`) adds to the position it opened, at the average price.
    public mutating func enter(_ order: OrderIntent, venue: String, trades: [TradeFill], time: Timestamp, positionID: String? = nil,
                               baseAsset: String? = nil) -> FillRecord {
        let (price, quantity, fee) = Self.aggregate(trades, quoteAsset: account.quoteAsset, baseAsset: baseAsset, side: .buy)
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
                          executedAt: time, slippage: (price - order.referencePrice) / order.referencePrice, position: position, account: account,
                          balanceChange: -fee)
    }

    /// Books the exit of `position` filled by `trades`. An exit that sold
    /// only part (an IOC, a thin book) leaves the rest open, unless the rest is
    /// below `dust` (the lot minimum: it could not be sold anyway).
    public mutating func exit(_ position: Position, order: OrderIntent, venue: String, trades: [TradeFill], time: Timestamp, dust: Decimal = 0) -> FillRecord {
        let (price, traded, fee) = Self.aggregate(trades, quoteAsset: account.quoteAsset, baseAsset: nil, side: .sell)
        let quantity = min(traded, position.quantity)
        let gross = (price - position.entryPrice) * quantity
        account.roll(to: time)
        account.balance += gross - fee
        account.peakBalance = max(account.peakBalance, account.balance)
        var updated = position
        updated.fees += fee
        updated.realizedGross += gross
        let remaining = position.quantity - quantity
        if remaining > 0, remaining >= dust {
            updated.quantity = remaining
            positions[position.symbol] = updated
        } else {
            updated.closedAt = time
            updated.exitPrice = price
            updated.exitReason = order.purpose.rawValue
            updated.realizedPnL = updated.realizedGross - updated.fees
            positions[position.symbol] = nil
        }
        return FillRecord(order: order, venue: venue, trades: trades, price: price, quantity: quantity, fee: fee, feeAsset: account.quoteAsset,
                          executedAt: time, slippage: (order.referencePrice - price) / order.referencePrice, position: updated, account: account,
                          balanceChange: gross - fee)
    }

    /// The market sell that closes `position` when a stop or target triggers
    /// (its id derives from the entry, so a restart finds the same order).
    public func exitOrder(for position: Position, purpose: OrderPurpose, reference: Decimal, time: Timestamp) -> OrderIntent {
        OrderIntent(clientOrderID: ClientOrderID.derive(session: session, origin: "\(purpose.rawValue.lowercased()):\(position.entryClientOrderID)"),
                    ts: time, session: session, signalID: position.signalID, strategy: position.strategy, symbol: position.symbol, side: .sell,
                    purpose: purpose, quantity: position.quantity, referencePrice: reference, stop: nil, target: nil)
    }

    /// The order a close-all or the emergency sells in (DESIGN §2): the biggest
    /// loser at its mark first, ties by symbol. Positions without a mark are
    /// left out (nothing to sell them against).
    public func biggestLosersFirst(marks: (Position) throws -> Decimal?) rethrows -> [(position: Position, mark: Decimal)] {
        try positions.values.compactMap { position in try marks(position).map { (position: position, mark: $0) } }.sorted { a, b in
            let lossA = (a.mark - a.position.entryPrice) * a.position.quantity
            let lossB = (b.mark - b.position.entryPrice) * b.position.quantity
            return lossA == lossB ? a.position.symbol < b.position.symbol : lossA < lossB
        }
    }

    /// The market sells of a deleveraging cut or a correlation force-reduction:
    /// `share` of each position (or of those in `symbols`), the quantity set
    /// by the venue's filters for the symbol (`SymbolFilters.partialSell`:
    /// the lot step, and all of it rather than an unsellable remainder),
    /// each id derived from `origin` and the entry so the same cut never
    /// sells twice. A position whose share comes to nothing, or that has no
    /// reference price, is skipped.
    public func reductionOrders(share: Decimal, only symbols: Set<String>?, origin: String, at time: Timestamp,
                                filters: (Position) -> SymbolFilters?, reference: (Position) throws -> Decimal?) rethrows -> [OrderIntent] {
        try positions.values.sorted(by: { $0.symbol < $1.symbol }).compactMap { position in
            guard symbols?.contains(position.symbol) ?? true, let price = try reference(position), let rules = filters(position) else { return nil }
            let quantity = rules.partialSell(position.quantity * share, of: position.quantity, at: price)
            guard quantity > 0 else { return nil }
            var order = exitOrder(for: position, purpose: .exit, reference: price, time: time)
            order.clientOrderID = ClientOrderID.derive(session: session, origin: "\(origin):\(position.entryClientOrderID)")
            order.quantity = quantity
            return order
        }
    }
}
