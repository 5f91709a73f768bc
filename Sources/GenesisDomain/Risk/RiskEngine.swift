import Foundation

/// The checks of DESIGN §3, in order; the first failure rejects the signal and
/// names its rule. Pure: the caller supplies the state (tier, tilt and recent
/// record included) and records the result.
public struct RiskEngine: Sendable {
    public var config: GenesisConfig
    /// Lot step, tick and minimum notional of each symbol, used to round
    /// and check sizes (the stored exchangeInfo snapshot, else the paper settings).
    public var filterBook: SymbolFilterBook

    public init(config: GenesisConfig, filters: SymbolFilterBook) {
        self.config = config
        self.filterBook = filters
    }

    /// One set of filters for every symbol (tests of the rules alone).
    public init(config: GenesisConfig, filters: SymbolFilters) {
        self.init(config: config, filters: SymbolFilterBook(defaults: filters))
    }

    /// The strategy name of a trader's own orders: allowed at every tier, and
    /// watched by the tilt detector.
    public static let manualStrategy = "manual"

    /// Judges `signal` at `now` (the signal's own time in a replay, the wall
    /// clock live): an order intent, or the first rule that refused it.
    /// `latestData`: the newest `ts` the stage has seen on its input (its
    /// data clock), against which a signal's `valid_until` is checked too.
    public func evaluate(_ signal: Signal, state: RiskState, session: String, now: Timestamp, latestData: Timestamp? = nil) -> Result<OrderIntent, Rejection> {
        // An idea that only lives a few seconds (an arbitrage opportunity)
        // is refused once the clock is past it, entry or exit alike.
        let clock = max(now, latestData ?? now)
        if let until = signal.expired(at: clock) {
            return .failure(Rejection(.signalExpired, "The \(signal.strategy) opportunity on \(signal.symbol) expired at \(until.milliseconds), \(clock.milliseconds - until.milliseconds) ms before it was judged."))
        }
        do {
            return .success(try decide(signal, state: state, session: session, now: now))
        } catch {
            return .failure(error)
        }
    }

    public func decide(_ signal: Signal, state: RiskState, session: String, now: Timestamp) throws(Rejection) -> OrderIntent {
        let holding = state.openPositions.first { $0.symbol == signal.symbol }
        if signal.side == .sell {
            return try exit(signal, holding: holding, state: state, session: session)
        }
        let account = state.account
        let rules = config.tiers[account.tier]
        let tier = account.tier.rawValue
        let filters = filterBook.filters(for: signal.symbol)

        // 1. Trading state: halts, emergencies and tilt interventions.
        try checkTradingState(signal, state: state, now: now)

        // 2. Tier permission.
        if signal.strategy != Self.manualStrategy, let locked = config.lockedStrategy(signal.strategy, at: account.tier) { throw locked }
        if let locked = config.lockedOrderType(signal.orderType.name, at: account.tier) { throw locked }
        if let market = state.marketState, !market.allows(strategy: signal.strategy) {
            throw Rejection(.marketState, "The \(signal.symbol) market is \(market.rawValue), where \(signal.strategy) takes no new entries; they resume when the market state changes.")
        }
        var pairs = Set(state.openPositions.map(\.symbol) + state.pendingEntries)
        pairs.insert(signal.symbol)
        guard pairs.count <= rules.maxPairs else {
            throw Rejection(.tierPairs, "\(tier) trades at most \(rules.maxPairs) pair\(rules.maxPairs == 1 ? "" : "s") at a time; close a position in another pair first.")
        }

        // 3. Position sizing, at the price the order may pay, by the rules
        // of the exchange the order is for.
        if let unlisted = filterBook.unlisted(signal.symbol) { throw unlisted }
        if let foreign = filterBook.foreignQuote(signal.symbol, account: account.quoteAsset) { throw foreign }
        let limitPrice = limit(for: signal)
        let price = limitPrice ?? signal.price
        let plan = SizingPlan(account: account, state: state, config: config, now: now)
        let notional = plan.notional(balance: account.balance)
        var quantity = (notional / price).rounded(toStep: filters.stepSize, .down)
        guard quantity > 0 else {
            throw Rejection(.positionSizing, "A position of \(notional.rounded(scale: 2, .plain).plainText) (\(plan.method)) is smaller than one lot of \(signal.symbol).")
        }

        // 4. Limits.
        if holding != nil {
            throw Rejection(.positionExists, "A \(signal.symbol) position is already open; one position per pair.")
        }
        let open = state.openPositions.count + state.pendingEntries.count
        guard open < rules.maxOpenPositions else {
            throw Rejection(.maxOpenPositions, "\(tier) allows \(rules.maxOpenPositions) open position\(rules.maxOpenPositions == 1 ? "" : "s") and \(open) \(open == 1 ? "is" : "are") open; a new one is allowed when one closes.")
        }
        // Loss limits are judged on equity marked to the market, as the watcher does.
        let marked = state.markedAccount(at: now)
        try checkLosses(account: marked, rules: rules, now: now)
        guard state.record.entriesToday < config.risk.maxTradesPerDay else {
            throw Rejection(.maxTradesPerDay, "Today's \(state.record.entriesToday) entries reached the limit of \(config.risk.maxTradesPerDay) a day; new entries resume tomorrow (UTC).")
        }
        let peak = state.tier.drawdownPeak(account)
        if peak > 0 {
            let drawdown = (peak - marked.balance) / peak
            guard drawdown < config.risk.maxDrawdown.value else {
                throw Rejection(.maxDrawdown, "Equity marked to market is \(SizingPlan.percent(drawdown)) below its peak of \(peak.plainText), at the \(SizingPlan.percent(config.risk.maxDrawdown.value)) limit; new entries wait until the balance recovers.")
            }
        }
        try checkCorrelation(signal, notional: quantity * price, state: state)

        // 5. Mandatory stop-loss, on the losing side of the entry.
        let (stop, target) = protection(for: signal, entry: price)
        guard stop < price else {
            throw Rejection(.stopLoss, "The stop-loss \(stop.plainText) is not below the entry price \(price.plainText); every entry needs a stop on the losing side.")
        }

        // The smallest position worth an order, and one still sellable at its stop.
        let floor = max(config.risk.minimumPosition.value, filters.minNotional)
        func meetsMinimums(_ quantity: Decimal) -> Bool { quantity * price >= floor && quantity * stop >= filters.minNotional }

        // 5b. The drawdown budget: a stop-out must not carry the account past a loss limit.
        let budget = DrawdownBudget(account: account, equity: marked.balance, tier: state.tier, config: config, now: now)
        let perUnit = DrawdownBudget.lossPerUnit(price: price, stop: stop, feeRate: filterBook.feeRate, slippage: config.risk.budgetSlippage.value)
        let sized = quantity
        quantity = budget.fitting(sized, lossPerUnit: perUnit, step: filters.stepSize)
        if quantity < sized {
            guard meetsMinimums(quantity) else {
                throw Rejection(.drawdownBudget, "A stop-out of this entry would lose \(DrawdownBudget.money(sized * perUnit)) with fees and slippage, but only \(DrawdownBudget.money(budget.room)) is left before \(budget.nearest); what fits (\(DrawdownBudget.money(quantity * price))) is below the minimum position of \(floor.plainText).")
            }
        }

        // 6. Minimum position, exchange filters and the no-dust rule.
        let size = quantity * price
        guard size >= floor else {
            let why = plan.capReason ?? (plan.factors.isEmpty ? "it grows with the balance" : "sizes are reduced by " + plan.factors.map(\.reason).joined(separator: ", "))
            throw Rejection(.minimumPosition, "The position would be worth \(size.rounded(scale: 2, .plain).plainText), below the minimum of \(floor.plainText) (\(why)).")
        }
        guard meetsMinimums(quantity) else {
            throw Rejection(.noDust, "At its stop of \(stop.plainText) the position would be worth \(( quantity * stop).rounded(scale: 2, .plain).plainText), below the exchange minimum of \(filters.minNotional.plainText), so it could not be sold; a larger position or a closer stop avoids that.")
        }

        // 7. Balance after open positions and orders waiting to fill.
        let committed = state.openPositions.reduce(Decimal(0)) { $0 + $1.cost } + state.pendingNotional
        let free = account.balance - committed
        let cost = size * (1 + filterBook.feeRate)
        guard cost <= free else {
            throw Rejection(.insufficientBalance, "The entry needs \(cost.rounded(scale: 2, .plain).plainText) \(account.quoteAsset) but \(free.rounded(scale: 2, .plain).plainText) is free after open positions and orders.")
        }

        var order = OrderIntent(
            clientOrderID: ClientOrderID.derive(session: session, origin: signal.id), ts: signal.ts, session: session, signalID: signal.id,
            strategy: signal.strategy, symbol: signal.symbol, side: .buy, type: signal.orderType, limitPrice: limitPrice, purpose: .entry, quantity: quantity,
            referencePrice: signal.price, stop: stop, target: target)
        order.validUntil = signal.validUntil
        order.triggerPrice = trigger(for: signal)
        order.algorithm = try algorithm(for: signal, size: size, tier: account.tier)
        return order
    }

    /// How the entry is worked (DESIGN §2, §5), decided here so gen-exec
    /// executes exactly what was approved: the algorithm the signal asks
    /// for (refused when the tier has not unlocked it), else the tier's
    /// configured TWAP or VWAP threshold for the order's size; the tier's
    /// mandatory slicing (SNIPER's market slices, the iceberg from its
    /// threshold) applies to whatever would otherwise go out whole. A
    /// resting limit order is sent whole, or shown in parts as a native
    /// iceberg past the threshold.
    func algorithm(for signal: Signal, size: Decimal, tier: Tier) throws(Rejection) -> ExecutionAlgorithm {
        let rules = config.tiers[tier]
        if let asked = signal.algorithm, let refusal = config.lockedAlgorithm(asked, at: tier) { throw refusal }
        let icebergDue = rules.algorithms.contains(.iceberg) && size >= config.execution.icebergMandatoryAboveNotional.value
        if signal.orderType.isLimit {
            return signal.orderType.rests && (icebergDue || signal.algorithm == .iceberg) ? .iceberg : .market
        }
        if let asked = signal.algorithm, asked != .market { return asked }
        if signal.algorithm == nil {
            if let threshold = rules.vwapAboveNotional, size >= threshold.value { return .vwap }
            if let threshold = rules.twapAboveNotional, size >= threshold.value { return .twap }
        }
        if let threshold = rules.sliceAboveNotional, size >= threshold.value { return .slicedMarket }
        return icebergDue ? .iceberg : .market
    }

    /// §3.1: the global state, then the session's emergency and tilt interventions.
    func checkTradingState(_ signal: Signal, state: RiskState, now: Timestamp) throws(Rejection) {
        if let refusal = state.tradingState.refusal(for: .buy, reason: state.tradingStateReason) { throw refusal }
        let machine = TierMachine(config: config)
        if machine.isEmergencyHalted(state.tier, now: now), let emergency = state.tier.emergencyAt {
            let until = machine.cooldownEnd(after: emergency)
            throw Rejection(.emergencyHalt, "An emergency demotion at \(emergency.iso8601) pauses new entries until \(until.iso8601); exits still go through, and `gen-risk tier override` lifts it for \(config.demotion.overrideMinutes) minutes.")
        }
        if state.tier.journalRequired {
            throw Rejection(.journalRequired, "After the emergency a journal entry comes before the next trade; write it with `gen-tilt journal`.")
        }
        let tilt = state.tilt
        if tilt.locked {
            let end = tilt.lockoutEndsAt.map { $0 > now ? "the lockout ends at \($0.iso8601), then " : "" } ?? ""
            throw Rejection(.tiltLocked, "Trading is paused for new entries while the tilt score is high; exits still go through. To resume, \(end)write a journal entry with `gen-tilt journal`.")
        }
        if let until = tilt.forcedBreakUntil, now < until {
            throw Rejection(.tiltBreak, "After three losses in a row there is a short break until \(until.iso8601); exits still go through.")
        }
        if tilt.level == .warning, signal.strategy == Self.manualStrategy, signal.reason.split(separator: " ").count < 3 {
            throw Rejection(.tiltReason, "At tilt WARNING a manual trade needs a stated reason of a few words in its `reason`; sizes are halved meanwhile.")
        }
    }

    /// §3.3–3.4: the tier's daily loss limit, the 15% emergency share and the 10% warning level.
    func checkLosses(account: Account, rules: GenesisConfig.TierRules, now: Timestamp) throws(Rejection) {
        let tier = account.tier.rawValue
        let loss = -min(0, account.profitToday(at: now))
        guard loss < rules.dailyLossLimit.value else {
            throw Rejection(.dailyLossLimit, "Today's loss of \(loss.plainText) reached the \(tier) daily limit of \(rules.dailyLossLimit); new entries resume tomorrow (UTC).")
        }
        let startOfDay = account.startOfDayBalance(at: now)
        let emergency = startOfDay * config.demotion.dailyLossFraction.value
        guard loss < emergency else {
            throw Rejection(.emergencyDailyLoss, "Today's loss of \(loss.plainText) is \(SizingPlan.percent(config.demotion.dailyLossFraction.value)) of the day's starting balance; trading pauses until tomorrow (UTC).")
        }
        let warning = startOfDay * config.risk.dailyLossNoNewPositionsAt.value
        guard loss < warning else {
            let halt = loss >= startOfDay * config.risk.dailyLossPrepareHaltAt.value ? " The halt level is near; open positions are being reduced." : ""
            throw Rejection(.dailyLossWarning, "Today's loss of \(loss.plainText) is past \(SizingPlan.percent(config.risk.dailyLossNoNewPositionsAt.value)) of the day's starting balance, where no new positions open; they resume tomorrow (UTC).\(halt)")
        }
    }

    /// §3.4: no new position that would make more than the allowed share of
    /// the exposure move together, by the one rule (`Correlation.verdict`):
    /// signed ρ at or above the alert level. A hedge (ρ negative) never
    /// counts; a pair without enough shared history has no ρ and does not.
    func checkCorrelation(_ signal: Signal, notional: Decimal, state: RiskState) throws(Rejection) {
        guard !state.openPositions.isEmpty else { return }
        let together = state.openPositions.filter { state.correlations[$0.symbol].map { Correlation.verdict($0, config.risk).movesTogether } ?? false }
        guard !together.isEmpty else { return }
        let total = state.openPositions.reduce(notional) { $0 + $1.cost }
        let grouped = together.reduce(notional) { $0 + $1.cost }
        let share = grouped / total
        guard share <= config.risk.maxCorrelatedExposure.value else {
            let names = together.map { "\($0.symbol) (ρ \(Correlation.text(state.correlations[$0.symbol] ?? 0)))" }.joined(separator: ", ")
            throw Rejection(.correlation, "\(signal.symbol) moves with \(names); together they would be \(SizingPlan.percent(share)) of the exposure, above \(SizingPlan.percent(config.risk.maxCorrelatedExposure.value)) (moving together: ρ ≥ \(config.risk.correlationAlert.value.plainText)). A position in a less related pair is allowed.")
        }
    }

    /// A SELL signal closes the long position in full; exits pass every
    /// trading state, HALTED included, because a halt stops new risk, never
    /// the way out of it (DESIGN §10).
    public func exit(_ signal: Signal, holding: Position?, state: RiskState, session: String) throws(Rejection) -> OrderIntent {
        if let refusal = state.tradingState.refusal(for: .sell, reason: state.tradingStateReason) { throw refusal }
        if let locked = config.lockedOrderType(signal.orderType.name, at: state.account.tier) { throw locked }
        guard let holding else {
            throw Rejection(.noShortSelling, "No \(signal.symbol) is held, and a spot account cannot sell what it does not hold; the sell signal is noted only.")
        }
        var exit = OrderIntent(
            clientOrderID: ClientOrderID.derive(session: session, origin: signal.id), ts: signal.ts, session: session, signalID: signal.id,
            strategy: signal.strategy, symbol: signal.symbol, side: .sell, type: signal.orderType, limitPrice: limit(for: signal), purpose: .exit,
            quantity: holding.quantity, referencePrice: signal.price, stop: nil, target: nil)
        exit.validUntil = signal.validUntil
        exit.triggerPrice = trigger(for: signal)
        return exit
    }

    /// The stop-loss and target an entry at `price` carries: the signal's
    /// own stop, else the default distance (`risk.defaultStopLoss`) below the
    /// price, on the tick towards the price; the signal's target on the tick
    /// below, dropped when it is not above the price. The unguarded replay of
    /// `gen-report discipline` protects its entries by this same function.
    public func protection(for signal: Signal, entry price: Decimal) -> (stop: Decimal, target: Decimal?) {
        let tick = filterBook.filters(for: signal.symbol).tickSize
        let stop = (signal.stop ?? price * (1 - config.risk.defaultStopLoss.value)).rounded(toStep: tick, .up)
        var target = signal.target.map { $0.rounded(toStep: tick, .down) }
        if let value = target, value <= price { target = nil }
        return (stop, target)
    }

    /// The limit price of a limit signal (its own, or the signal price),
    /// rounded to the tick in the trader's favour: buys down, sells up.
    public func limit(for signal: Signal) -> Decimal? {
        guard signal.orderType.isLimit else { return nil }
        return (signal.limitPrice ?? signal.price).rounded(toStep: filterBook.filters(for: signal.symbol).tickSize, signal.side == .buy ? .down : .up)
    }

    /// The trigger of a STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT signal, on the tick (nearest).
    public func trigger(for signal: Signal) -> Decimal? {
        signal.triggerPrice?.rounded(toStep: filterBook.filters(for: signal.symbol).tickSize, .plain)
    }
}
