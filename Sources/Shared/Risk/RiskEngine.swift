import Foundation

/// The checks of SPEC §3, in order; the first failure rejects the signal and
/// names its rule. Pure: the caller supplies the state and records the result.
///
/// Seams for later issues: tilt multipliers, Kelly sizing, correlation and the
/// exchange-filter rule slot in between the steps below.
public struct RiskEngine: Sendable {
    public var config: GenesisConfig
    /// Lot step and tick used to round sizes and stops (from exchangeInfo when
    /// live, from the paper settings otherwise).
    public var filters: SymbolFilters

    public init(config: GenesisConfig, filters: SymbolFilters) {
        self.config = config
        self.filters = filters
    }

    /// Judges `signal` at `now` (the signal's own time in a replay, the wall
    /// clock live): an order intent, or the first rule that refused it.
    public func evaluate(_ signal: Signal, state: RiskState, session: String, now: Timestamp) -> Result<OrderIntent, Rejection> {
        do {
            return .success(try decide(signal, state: state, session: session, now: now))
        } catch {
            return .failure(error)
        }
    }

    func decide(_ signal: Signal, state: RiskState, session: String, now: Timestamp) throws(Rejection) -> OrderIntent {
        let holding = state.openPositions.first { $0.symbol == signal.symbol }
        if signal.side == .sell {
            return try exit(signal, holding: holding, state: state, session: session)
        }
        let rules = config.tiers[state.account.tier]
        let tier = state.account.tier.rawValue

        // 1. Trading state.
        switch state.tradingState {
        case .halted:
            throw Rejection(.tradingState, "Trading is halted (\(state.tradingStateReason)); nothing new is sent until `gen-exec resume`.")
        case .reducing:
            throw Rejection(.tradingState, "Trading is in REDUCING mode (\(state.tradingStateReason)); only orders that reduce exposure are allowed.")
        case .active: break
        }

        // 2. Tier permission.
        guard rules.strategies.contains(signal.strategy) else {
            throw Rejection(.tierStrategy, "The \(signal.strategy) strategy is not unlocked at \(tier); it opens at a higher tier.")
        }
        try permitOrderType(signal, tier: state.account.tier)
        var pairs = Set(state.openPositions.map(\.symbol) + state.pendingEntries)
        pairs.insert(signal.symbol)
        guard pairs.count <= rules.maxPairs else {
            throw Rejection(.tierPairs, "\(tier) trades at most \(rules.maxPairs) pair\(rules.maxPairs == 1 ? "" : "s") at a time; close a position in another pair first.")
        }

        // 3. Position sizing (fixed fraction), at the price the order may pay.
        let limitPrice = limit(for: signal)
        let price = limitPrice ?? signal.price
        let balance = state.account.balance
        let notional = balance * config.risk.positionFraction.value
        let quantity = (notional / price).rounded(toStep: filters.stepSize, .down)
        guard quantity > 0 else {
            throw Rejection(.positionSizing, "A \(config.risk.positionFraction.value * 100)% position of the \(balance.plainText) balance is smaller than one lot of \(signal.symbol).")
        }

        // 4. Limits: open positions, then the daily loss limit.
        if holding != nil {
            throw Rejection(.positionExists, "A \(signal.symbol) position is already open; one position per pair.")
        }
        let open = state.openPositions.count + state.pendingEntries.count
        guard open < rules.maxOpenPositions else {
            throw Rejection(.maxOpenPositions, "\(tier) allows \(rules.maxOpenPositions) open position\(rules.maxOpenPositions == 1 ? "" : "s") and \(open) \(open == 1 ? "is" : "are") open; a new one is allowed when one closes.")
        }
        let loss = -min(0, state.account.profitToday(at: now))
        guard loss < rules.dailyLossLimit.value else {
            throw Rejection(.dailyLossLimit, "Today's loss of \(loss.plainText) reached the \(tier) daily limit of \(rules.dailyLossLimit); new entries resume tomorrow (UTC).")
        }
        let emergency = state.account.startOfDayBalance(at: now) * config.demotion.dailyLossFraction.value
        guard loss < emergency else {
            throw Rejection(.emergencyDailyLoss, "Today's loss of \(loss.plainText) is \(config.demotion.dailyLossFraction.value * 100)% of the day's starting balance; trading pauses until tomorrow (UTC).")
        }

        // 5. Mandatory stop-loss, on the losing side of the entry.
        let stop = (signal.stop ?? price * (1 - config.risk.defaultStopLoss.value)).rounded(toStep: filters.tickSize, .up)
        guard stop < price else {
            throw Rejection(.stopLoss, "The stop-loss \(stop.plainText) is not below the entry price \(price.plainText); every entry needs a stop on the losing side.")
        }
        var target = signal.target.map { $0.rounded(toStep: filters.tickSize, .down) }
        if let value = target, value <= price { target = nil }

        // 6. Minimum position size.
        let size = quantity * price
        guard size >= config.risk.minimumPosition.value, size >= filters.minNotional else {
            let floor = max(config.risk.minimumPosition.value, filters.minNotional)
            throw Rejection(.minimumPosition, "The position would be worth \(size.rounded(scale: 2, .plain).plainText), below the minimum of \(floor.plainText); it grows with the balance.")
        }

        var order = OrderIntent(
            clientOrderID: ClientOrderID.derive(session: session, origin: signal.id), ts: signal.ts, session: session, signalID: signal.id,
            strategy: signal.strategy, symbol: signal.symbol, side: .buy, type: signal.orderType, limitPrice: limitPrice, purpose: .entry, quantity: quantity,
            referencePrice: signal.price, stop: stop, target: target)
        // How the tier works a large market order (SPEC §2, §5); a limit order is sent whole.
        if signal.orderType.isLimit {
            return order
        } else if let threshold = rules.sliceAboveNotional, size >= threshold.value {
            order.algorithm = .slicedMarket
        } else if rules.algorithms.contains(ExecutionAlgorithm.iceberg.rawValue), size >= config.execution.icebergMandatoryAboveNotional.value {
            order.algorithm = .iceberg
        }
        return order
    }

    /// A SELL signal closes the long position in full; exits pass every state
    /// but HALTED, because reducing risk is always allowed.
    func exit(_ signal: Signal, holding: Position?, state: RiskState, session: String) throws(Rejection) -> OrderIntent {
        if state.tradingState == .halted {
            throw Rejection(.tradingState, "Trading is halted (\(state.tradingStateReason)); nothing is sent until `gen-exec resume`.")
        }
        try permitOrderType(signal, tier: state.account.tier)
        guard let holding else {
            throw Rejection(.noShortSelling, "No \(signal.symbol) is held, and a spot account cannot sell what it does not hold; the sell signal is noted only.")
        }
        return OrderIntent(
            clientOrderID: ClientOrderID.derive(session: session, origin: signal.id), ts: signal.ts, session: session, signalID: signal.id,
            strategy: signal.strategy, symbol: signal.symbol, side: .sell, type: signal.orderType, limitPrice: limit(for: signal), purpose: .exit,
            quantity: holding.quantity, referencePrice: signal.price, stop: nil, target: nil)
    }

    /// §3.2 — limit, IOC, FOK and post-only orders unlock at HUNTER.
    func permitOrderType(_ signal: Signal, tier: Tier) throws(Rejection) {
        guard !config.tiers[tier].orderTypes.contains(signal.orderType.rawValue) else { return }
        let opens = Tier.allCases.first { $0 > tier && config.tiers[$0].orderTypes.contains(signal.orderType.rawValue) }
        throw Rejection(.tierOrderType, "\(signal.orderType.rawValue) orders are not unlocked at \(tier.rawValue)\(opens.map { "; they open at \($0.rawValue)" } ?? ""); send it as \(config.tiers[tier].orderTypes.joined(separator: " or ")) instead.")
    }

    /// The limit price of a limit signal (its own, or the signal price),
    /// rounded to the tick in the trader's favour: buys down, sells up.
    func limit(for signal: Signal) -> Decimal? {
        guard signal.orderType.isLimit else { return nil }
        return (signal.limitPrice ?? signal.price).rounded(toStep: filters.tickSize, signal.side == .buy ? .down : .up)
    }
}
