import Foundation

/// `gen-risk limits`: the limits in force right now and why (DESIGN §3),
/// computed by the same code the engine judges with.
public struct EffectiveLimits: Sendable {
    public struct Line: Sendable, Equatable {
        public var name: String
        public var value: String
        public var why: String
    }

    public var lines: [Line] = []

    public init(state: RiskState, config: GenesisConfig, now: Timestamp) {
        let account = state.account
        // Loss limits are judged on equity marked to the market, as gen-risk judges them.
        let marked = state.markedAccount(at: now)
        let rules = config.tiers[account.tier]
        let risk = config.risk
        func add(_ name: String, _ value: String, _ why: String) { lines.append(Line(name: name, value: value, why: why)) }
        func money(_ value: Decimal) -> String { value.rounded(scale: 2, .plain).plainText }

        // Entries: can one be made at all now, and if not, what lifts it.
        let probe = Signal(id: "limits-probe", ts: now, strategy: rules.strategies.first ?? RiskEngine.manualStrategy, symbol: "BTCUSDT", side: .buy,
                           price: 1, stop: nil, target: nil, reason: "limits probe")
        let engine = RiskEngine(config: config, filters: SymbolFilters(paper: config.paper))
        do {
            try engine.checkTradingState(probe, state: state, now: now)
            try engine.checkLosses(account: marked, rules: rules, now: now)
            add("new entries", "allowed", "trading is \(state.tradingState.rawValue), tilt \(state.tilt.level.rawValue) (score \(state.tilt.score))")
        } catch {
            add("new entries", "refused (\(error.rule.rawValue))", error.message)
        }
        add("tier", account.tier.rawValue, "order types \(rules.orderTypes.map(\.rawValue).joined(separator: ", ")); algorithms \(rules.algorithms.map(\.rawValue).joined(separator: ", "))")
        let plan = SizingPlan(account: account, state: state, config: config, now: now)
        add("position size", money(plan.notional(balance: account.balance)), plan.method)
        for factor in plan.factors { add("  × \(factor.multiplier.plainText)", "", factor.reason) }
        if let cap = plan.capNotional { add("  capped at", money(cap), plan.capReason ?? "") }
        add("minimum position", money(max(risk.minimumPosition.value, config.paper.minNotional.value)), "below it no order is sent")
        let open = state.openPositions.count + state.pendingEntries.count
        add("open positions", "\(open) of \(rules.maxOpenPositions)", "\(rules.maxPairs) pair\(rules.maxPairs == 1 ? "" : "s") at most at \(account.tier.rawValue)")
        let loss = -min(0, marked.profitToday(at: now))
        let start = marked.startOfDayBalance(at: now)
        add("today's loss", "\(money(loss)) of \(money(rules.dailyLossLimit.value))", "the \(account.tier.rawValue) daily limit; resets at 00:00 UTC")
        add("daily-loss levels", "\(SizingPlan.percent(start > 0 ? loss / start : 0)) now",
            "sizes halve at \(SizingPlan.percent(risk.dailyLossReduceAt.value)), no new positions at \(SizingPlan.percent(risk.dailyLossNoNewPositionsAt.value)), halt prepared at \(SizingPlan.percent(risk.dailyLossPrepareHaltAt.value)), emergency at \(SizingPlan.percent(config.demotion.dailyLossFraction.value)) of \(money(start))")
        let peak = state.tier.drawdownPeak(account)
        let drawdown = peak > 0 ? (peak - marked.balance) / peak : 0
        add("drawdown", "\(SizingPlan.percent(drawdown)) of \(SizingPlan.percent(risk.maxDrawdown.value))", "marked to market, from the peak balance \(money(peak)) (since the last emergency)")
        let budget = DrawdownBudget(account: account, equity: marked.balance, tier: state.tier, config: config, now: now)
        add("drawdown budget", money(budget.room), "the most a new entry may lose at its stop (fees and \(SizingPlan.percent(risk.budgetSlippage.value)) slippage included) before \(budget.nearest)")
        add("entries today", "\(state.record.entriesToday) of \(risk.maxTradesPerDay)", "resets at 00:00 UTC")
        add("correlation", "together at ρ ≥ \(risk.correlationAlert.value.plainText)",
            "signed ρ of the last \(risk.correlationWindow) \(risk.correlationReturns.rawValue) returns of \(risk.correlationInterval) candles (at least \(risk.correlationMinimumReturns)); no new position above \(SizingPlan.percent(risk.maxCorrelatedExposure.value)) of exposure moving together; the newer of two is cut at ρ ≥ \(risk.correlationForceReduce.value.plainText); a hedge (ρ below 0) never is")
        let committed = state.openPositions.reduce(Decimal(0)) { $0 + $1.cost } + state.pendingNotional
        add("free balance", money(account.balance - committed), "after \(money(committed)) in open positions and waiting orders")
        if let phase = state.tier.adjustmentPhase(at: now), let adjustment = state.tier.adjustment {
            add("adjustment period", "phase \(phase + 1) of 4", "at \(adjustment.tier.rawValue) until \(adjustment.endsAt.iso8601) (\(adjustment.interventions) interventions)")
        }
        if let days = state.tier.daysSinceEmergency(at: now), days <= Int64(config.demotion.rampAfterEmergency.count) {
            add("after the emergency", "day \(days)", "emergency at \(state.tier.emergencyAt!.iso8601); journal \(state.tier.journalRequired ? "still required" : "written")")
        }
        if let demoted = state.tier.demotedAt {
            let ready = demoted.adding(milliseconds: Int64(config.demotion.reAdvancementDays) * Timestamp.millisecondsPerDay)
            if ready > now { add("re-advancement", "from \(ready.utcDate)", "\(config.demotion.reAdvancementDays) days after the demotion of \(demoted.utcDate)") }
        }
    }

    public var text: String {
        let width = lines.map(\.name.count).max() ?? 0
        let valueWidth = lines.map(\.value.count).max() ?? 0
        return lines.map { line in
            line.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + line.value.padding(toLength: valueWidth, withPad: " ", startingAt: 0) + "  " + line.why
        }.joined(separator: "\n")
    }

    public var json: String {
        "[" + lines.map { line in
            var builder = JSONLineBuilder()
            builder.field("name", line.name.trimmingCharacters(in: .whitespaces))
            builder.field("value", line.value)
            builder.field("why", line.why)
            return builder.finish().trimmingCharacters(in: .newlines)
        }.joined(separator: ",") + "]"
    }
}
