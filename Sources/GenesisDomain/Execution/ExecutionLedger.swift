import Foundation

/// A fill and everything it changes, persisted as one transaction.
public struct FillRecord: Sendable, Equatable {
    public var order: OrderIntent
    public var venue: String
    /// The venue's executions behind this fill (one on paper).
    public var trades: [TradeFill]
    /// Average price and total quantity of the trades.
    public var price: Decimal
    public var quantity: Decimal
    public var fee: Decimal
    public var feeAsset: String
    public var executedAt: Timestamp
    /// Signed adverse move from the reference price, as a fraction.
    public var slippage: Decimal
    /// The order's status after this fill (FILLED, or EXPIRED for an IOC that filled in part).
    public var status = OrderStatus.filled
    /// The position after the fill (open after an entry, closed after an exit).
    public var position: Position
    /// The account after the fill, as the booking process saw it.
    public var account: Account
    /// What the fill did to the balance (−fee for an entry; gross − fee for
    /// an exit). The store applies this change to the stored balance rather
    /// than writing `account`, because another process (the watcher, the
    /// pipeline) may have booked fills since this one loaded the account.
    public var balanceChange: Decimal
}

/// Where an order stands in the store, for retries that must know when
/// and why the last attempt ended.
public struct OrderOutcome: Sendable, Equatable {
    public var status: OrderStatus
    /// The rule that refused it (`RiskRule` raw value), when it was refused.
    public var rule: String?
    public var updatedAt: Timestamp

    public init(status: OrderStatus, rule: String?, updatedAt: Timestamp) {
        self.status = status
        self.rule = rule
        self.updatedAt = updatedAt
    }
}

/// Where execution state lives (the store; a PostgreSQL store later). The
/// paper venue keeps its working state in memory and writes every change
/// through this seam, one transaction per change.
public protocol ExecutionLedger {
    func loadAccount(session: String) throws -> Account
    /// Each symbol's tick, step and minimum on paper (`SymbolFilterBook`).
    func paperFilterBook(paper: GenesisConfig.Paper) throws -> SymbolFilterBook
    /// ACTIVE, REDUCING or HALTED and why: read before every order a venue sends.
    func tradingState() throws -> (TradingState, String)
    func openPositions(session: String) throws -> [Position]
    /// Orders recorded as sent but not yet filled: a restart resumes them.
    /// Slices of worked orders are not listed; their parent is.
    func pendingOrders(session: String) throws -> [OrderIntent]
    /// The recorded status of an order, or nil when it was never seen.
    func orderStatus(clientOrderID: String) throws -> OrderStatus?
    /// The recorded status, why it was refused (the rule) and when it last
    /// changed, or nil when the order was never seen.
    func orderOutcome(clientOrderID: String) throws -> OrderOutcome?
    func recordAccepted(_ order: OrderIntent, venue: String, at time: Timestamp) throws
    /// Records a protection's legs in one transaction; false when another
    /// process recorded them first.
    func recordProtection(_ legs: [OrderIntent], venue: String, at time: Timestamp) throws -> Bool
    func recordRejected(_ order: OrderIntent, venue: String, rejection: Rejection, at time: Timestamp) throws
    /// Books a fill; false when its trades were already booked (by another process).
    @discardableResult func recordFill(_ fill: FillRecord) throws -> Bool
    /// Records slice `slice` of `total` of a worked order, before it is sent.
    func recordSlice(_ child: OrderIntent, parent: String, slice: Int, total: Int, venue: String, at time: Timestamp) throws
    /// Closes a worked order: FILLED with what its slices executed, or CANCELED with why it stopped early.
    func finishParent(_ parent: String, status: OrderStatus, executed: Decimal, reason: String?, at time: Timestamp) throws
    /// The venue an order was recorded for.
    func orderVenue(clientOrderID: String) throws -> String?
    /// Records an outcome without a fill (EXPIRED, CANCELED, REJECTED by the exchange).
    func recordStatus(clientOrderID: String, status: OrderStatus, reason: String, at time: Timestamp) throws
    /// True when a fill with this exchange trade id is booked.
    func isTradeRecorded(_ tradeID: String) throws -> Bool
    /// Symbols this venue sent orders for since `time`, and those with open positions.
    func symbolsTraded(venue: String, session: String, since time: Timestamp) throws -> [String]
    /// The slice plan recorded for a worked order, if any.
    func slicePlan(clientOrderID: String) throws -> SlicePlan?
    func recordSlicePlan(_ plan: SlicePlan, clientOrderID: String) throws
    /// What an order has executed so far and at what average price (nil when it was never recorded).
    func execution(clientOrderID: String) throws -> (quantity: Decimal, averagePrice: Decimal?)?
}
