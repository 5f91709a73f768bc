import Foundation

/// A signal as the session recorded it, with what gen-risk decided
/// (`gen-report discipline`): the input of the unguarded replay and of the
/// per-rule comparison.
public struct JudgedSignal: Sendable, Equatable {
    public var signal: Signal
    /// The rule that refused it; nil when it was approved.
    public var refusedBy: String?
    /// For an approved entry, the rules that made it smaller than the
    /// strategy's own size (`RiskEngine.sizingReductions`); nil when the
    /// approval did not record them (a session judged by an older build).
    public var sizedDownBy: [String]?

    public init(signal: Signal, refusedBy: String? = nil, sizedDownBy: [String]? = nil) {
        self.signal = signal
        self.refusedBy = refusedBy
        self.sizedDownBy = sizedDownBy
    }
}

/// One candle of the replay, its prices still as stored: they are parsed
/// only when the paper venue watches the symbol (a position or an order),
/// so a year of minutes costs little more than reading it.
public struct ReplayBar: Sendable {
    public var symbol: String
    public var openTime: Timestamp
    public var closeTime: Timestamp
    public var open: String
    public var high: String
    public var low: String
    public var close: String
    public var volume: String

    public init(symbol: String, openTime: Timestamp, closeTime: Timestamp, open: String, high: String, low: String, close: String, volume: String) {
        self.symbol = symbol
        self.openTime = openTime
        self.closeTime = closeTime
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }
}

/// The same signals without discipline: every one executed at the
/// strategy's own size, on the same candles, by the real `PaperVenue`, so
/// fills, slippage, fees and stop/target resolution are the paper venue's
/// to the last decimal. What discipline changed is what is left when this
/// is set beside the session itself (`DisciplineReport`).
///
/// The rules of the unguarded account, and only these:
/// - a BUY enters at a fixed `risk.positionFraction` of the unguarded
///   account's own balance (the risk engine's size before any refusal or
///   multiplier; Kelly, tier caps, tilt and loss multipliers, the drawdown
///   budget play no part), rounded down to the lot step;
/// - one position per symbol: a BUY while the symbol is held (or its entry
///   waits to fill) is skipped, as the strategy itself would not double;
/// - a SELL closes the position in full; with none it is skipped;
/// - stop and target are the ones the risk engine would give the entry
///   (`RiskEngine.protection`): the signal's own, else the default stop;
/// - no tier, tilt, halt, deleveraging or loss limit; the paper venue's own
///   refusals (not enough free balance) stand, as they would for anyone.
///
/// Deterministic: the same signals and candles give the same fills.
public final class UnguardedReplay {
    /// The account the unguarded side trades: a fresh `Account.opening`.
    public let session: String
    public let engine: RiskEngine
    public let venue: PaperVenue
    private let ledger: MemoryLedger
    /// Client order ids of the unguarded entries accepted and not yet filled.
    private var waitingEntries: Set<String> = []
    /// Why signals were not executed unguarded, by reason, for the report.
    public private(set) var skipped: [String: Int] = [:]
    /// Every position the unguarded account opened, by the signal that opened it.
    public private(set) var trades: [String: Position] = [:]
    /// Signal ids in the order their positions opened.
    public private(set) var opened: [String] = []
    /// The last close seen of each symbol watched, for the daily marks.
    private var lastClose: [String: Decimal] = [:]
    /// Unrealised P&L of the positions open at each day's close (by
    /// `EquityCurve.day(closedBy:)`), as the guarded curve's marks.
    public private(set) var marks: [Int64: Decimal] = [:]
    private var markedThrough: Int64?

    /// - `balance`: the opening balance (the guarded session's initial balance).
    /// - `opening`: when the account opens (the start of the replayed period).
    /// - `filters`: the symbol filters the guarded session's paper venue used.
    public init(session: String, balance: Decimal, quoteAsset: String, opening: Timestamp, config: GenesisConfig, filters: SymbolFilterBook) throws {
        self.session = session
        engine = RiskEngine(config: config, filters: filters)
        ledger = MemoryLedger(account: .opening(balance: balance, at: opening, quoteAsset: quoteAsset), filters: filters)
        venue = try PaperVenue(ledger: ledger, paper: config.paper, session: session)
    }

    /// Signals not yet submitted, in time order (`start`).
    private var due: [Signal] = []
    private var nextDue = 0

    /// Runs `signals` against `bars` (both in time order) and marks the
    /// open positions at each day's close through `endDay`.
    public func run(signals: [Signal], bars: some Sequence<ReplayBar>, endDay: Int64) throws {
        start(signals: signals)
        for bar in bars { try feed(bar) }
        try finish(endDay: endDay)
    }

    /// The signals to replay, in time order (equal times keep their order).
    public func start(signals: [Signal]) {
        due = signals.enumerated().sorted { ($0.element.ts, $0.offset) < ($1.element.ts, $1.offset) }.map(\.element)
        nextDue = 0
    }

    /// The next candle, in close-time order. A signal stamped at a candle's
    /// close comes after that candle, as on the pipeline's stream, so its
    /// order fills at the next candle's open.
    public func feed(_ bar: ReplayBar) throws {
        while nextDue < due.count, due[nextDue].ts < bar.closeTime {
            try submit(due[nextDue])
            nextDue += 1
        }
        try onBar(bar)
        while nextDue < due.count, due[nextDue].ts <= bar.closeTime {
            try submit(due[nextDue])
            nextDue += 1
        }
    }

    /// Submits the signals after the last candle (they cannot fill) and
    /// marks the days through `endDay`.
    public func finish(endDay: Int64) throws {
        while nextDue < due.count {
            try submit(due[nextDue])
            nextDue += 1
        }
        markDays(through: endDay)
    }

    /// The client order id of the unguarded order for a signal: its own
    /// session's, so it never meets the guarded one.
    public func clientOrderID(for signal: Signal) -> String { ClientOrderID.derive(session: session, origin: signal.id) }

    /// One signal, by the unguarded rules above.
    public func submit(_ signal: Signal) throws {
        let held = venue.positions[signal.symbol]
        let order: OrderIntent
        if signal.side == .sell {
            guard let held else { return skip("sell without a position") }
            order = OrderIntent(clientOrderID: clientOrderID(for: signal), ts: signal.ts, session: session, signalID: signal.id, strategy: signal.strategy,
                                symbol: signal.symbol, side: .sell, purpose: .exit, quantity: held.quantity, referencePrice: signal.price, stop: nil, target: nil)
        } else {
            let waiting = waitingEntries.contains { id in ledger.symbol(of: id) == signal.symbol }
            guard held == nil, !waiting else { return skip("already held") }
            let price = signal.price
            let notional = venue.account.balance * engine.config.risk.positionFraction.value
            let quantity = price > 0 ? (notional / price).rounded(toStep: engine.filterBook.filters(for: signal.symbol).stepSize, .down) : 0
            guard quantity > 0 else { return skip("smaller than one lot") }
            let (stop, target) = engine.protection(for: signal, entry: price)
            guard stop < price else { return skip("stop not below the price") }
            order = OrderIntent(clientOrderID: clientOrderID(for: signal), ts: signal.ts, session: session, signalID: signal.id, strategy: signal.strategy,
                                symbol: signal.symbol, side: .buy, purpose: .entry, quantity: quantity, referencePrice: price, stop: stop, target: target)
        }
        for output in try venue.submit(order) {
            switch output {
            case .accepted(let accepted) where accepted.side == .buy: waitingEntries.insert(accepted.clientOrderID)
            case .rejected: skip("refused by the paper venue")
            default: break
            }
        }
    }

    /// One candle: marks the days it closes past, then lets the venue fill
    /// and stop out against it.
    public func onBar(_ bar: ReplayBar) throws {
        let day = EquityCurve.day(closedBy: bar.closeTime)
        if markedThrough == nil { markedThrough = day - 1 }
        if let through = markedThrough, day > through + 1 { markDays(through: day - 1) }
        guard venue.isWatching(bar.symbol) else { return }
        guard let open = Decimal.parse(bar.open), let high = Decimal.parse(bar.high), let low = Decimal.parse(bar.low),
              let close = Decimal.parse(bar.close) else {
            throw GenesisError.badInput(source: "candles", message: "the stored \(bar.symbol) candle at \(bar.openTime.iso8601) has a price that is not a number")
        }
        let outcome = try venue.onCandle(symbol: bar.symbol, openTime: bar.openTime, closeTime: bar.closeTime, open: open, high: high, low: low,
                                         close: close, volume: Decimal.parse(bar.volume))
        lastClose[bar.symbol] = close
        for output in outcome.all { record(output) }
    }

    private func record(_ output: VenueOutput) {
        switch output {
        case .filled(let fill):
            waitingEntries.remove(fill.order.clientOrderID)
            let position = fill.position
            if trades[position.signalID] == nil { opened.append(position.signalID) }
            trades[position.signalID] = position
        case .rejected(let order, _):
            if waitingEntries.remove(order.clientOrderID) != nil { skip("refused by the paper venue") }
        case .accepted:
            break
        }
    }

    /// Marks every day up to `day` that is not marked yet: the open
    /// positions at the last close seen by that day's end.
    private func markDays(through day: Int64) {
        let first = (markedThrough ?? day - 1) + 1
        guard day >= first else { return }
        let open = Array(venue.positions.values)
        if !open.isEmpty {
            let unrealised = RiskState.unrealized(of: open, marks: lastClose)
            for each in first...day { marks[each] = unrealised }
        }
        markedThrough = day
    }

    private func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    /// The unguarded positions, in the order they opened.
    public var positions: [Position] { opened.compactMap { trades[$0] } }
}

/// The unguarded account's ledger: the paper venue's seam kept in memory,
/// so the replay writes nothing to the session's store.
final class MemoryLedger: ExecutionLedger {
    private var account: Account
    private let filters: SymbolFilterBook
    private var statuses: [String: OrderStatus] = [:]
    private var symbols: [String: String] = [:]
    private var executed: [String: (quantity: Decimal, price: Decimal)] = [:]
    private var tradeIDs: Set<String> = []

    init(account: Account, filters: SymbolFilterBook) {
        self.account = account
        self.filters = filters
    }

    func symbol(of clientOrderID: String) -> String? { symbols[clientOrderID] }

    func loadAccount(session: String) throws -> Account { account }
    func paperFilterBook(paper: GenesisConfig.Paper) throws -> SymbolFilterBook { filters }
    func tradingState() throws -> (TradingState, String) { (.active, "") }
    func openPositions(session: String) throws -> [Position] { [] }
    func pendingOrders(session: String) throws -> [OrderIntent] { [] }
    func orderStatus(clientOrderID: String) throws -> OrderStatus? { statuses[clientOrderID] }
    func orderOutcome(clientOrderID: String) throws -> OrderOutcome? {
        statuses[clientOrderID].map { OrderOutcome(status: $0, rule: nil, updatedAt: Timestamp(milliseconds: 0)) }
    }
    func recordAccepted(_ order: OrderIntent, venue: String, at time: Timestamp) throws {
        statuses[order.clientOrderID] = .new
        symbols[order.clientOrderID] = order.symbol
    }
    func recordProtection(_ legs: [OrderIntent], venue: String, at time: Timestamp) throws -> Bool { true }
    func recordRejected(_ order: OrderIntent, venue: String, rejection: Rejection, at time: Timestamp) throws {
        statuses[order.clientOrderID] = .rejected
    }
    @discardableResult func recordFill(_ fill: FillRecord) throws -> Bool {
        statuses[fill.order.clientOrderID] = fill.status
        executed[fill.order.clientOrderID] = (fill.quantity, fill.price)
        tradeIDs.formUnion(fill.trades.map(\.id))
        account = fill.account
        return true
    }
    func recordSlice(_ child: OrderIntent, parent: String, slice: Int, total: Int, venue: String, at time: Timestamp) throws {
        statuses[child.clientOrderID] = .new
    }
    func finishParent(_ parent: String, status: OrderStatus, executed: Decimal, reason: String?, at time: Timestamp) throws {
        statuses[parent] = status
    }
    func orderVenue(clientOrderID: String) throws -> String? { statuses[clientOrderID] == nil ? nil : PaperVenue.venueName }
    func recordStatus(clientOrderID: String, status: OrderStatus, reason: String, at time: Timestamp) throws { statuses[clientOrderID] = status }
    func isTradeRecorded(_ tradeID: String) throws -> Bool { tradeIDs.contains(tradeID) }
    func symbolsTraded(venue: String, session: String, since time: Timestamp) throws -> [String] { [] }
    func slicePlan(clientOrderID: String) throws -> SlicePlan? { nil }
    func recordSlicePlan(_ plan: SlicePlan, clientOrderID: String) throws {}
    func execution(clientOrderID: String) throws -> (quantity: Decimal, averagePrice: Decimal?)? {
        guard statuses[clientOrderID] != nil else { return nil }
        return executed[clientOrderID].map { ($0.quantity, $0.price) } ?? (0, nil)
    }
}
