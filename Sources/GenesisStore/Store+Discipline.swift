import Foundation
import GRDB
import GenesisDomain

/// What the tier state machine and the risk engine's discipline rules read
/// and write: tier state, gate evaluations, behavioural events, violations.
extension Store {
    static let day = Timestamp.millisecondsPerDay

    func fetchTierState(_ db: StoreDatabase, session: String) throws -> TierState {
        guard let text = try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM tier_states WHERE session = ?"), arguments: [session]) else { return TierState() }
        return try TierState.decode(text)
    }

    func saveTierState(_ state: TierState, session: String, at time: Timestamp, in db: StoreDatabase) throws {
        try db.cachedStatement(sql: """
            INSERT INTO tier_states (session, state, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(session) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
            """).execute(arguments: [session, state.json, time.milliseconds])
        try stamp(.tierState, session: session, at: time, in: db)
    }

    public func tierState(session: String = Account.defaultSession) throws -> TierState {
        try read { try fetchTierState($0, session: session) }
    }

    func fetchTiltStanding(_ db: StoreDatabase, session: String, now: Timestamp) throws -> TiltStanding {
        var standing = TiltStanding()
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM tilt_states WHERE session = ?"), arguments: [session]) {
            standing.score = row["score"]
            standing.level = TiltLevel(rawValue: row["level"]) ?? .locked
            standing.locked = row["locked"]
            standing.recoveryUntil = (row["recovery_until"] as Int64?).map(Timestamp.init(milliseconds:))
            standing.forcedBreakUntil = (row["forced_break_until"] as Int64?).map(Timestamp.init(milliseconds:))
        }
        standing.lockoutEndsAt = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT ends_at FROM lockouts WHERE session = ? AND lifted_at IS NULL ORDER BY ends_at DESC LIMIT 1
            """), arguments: [session]).map(Timestamp.init(milliseconds:))
        return standing
    }

    /// A behavioural event the tilt detector reads (manual orders, overrides,
    /// forced resumes, configuration changes, halts, resumes, restarts).
    public func recordBehaviour(session: String = Account.defaultSession, kind: String, detail: String, at time: Timestamp) throws {
        try write { db in try recordBehaviour(db, session: session, kind: kind, detail: detail, at: time) }
    }

    /// The same, inside the caller's transaction.
    func recordBehaviour(_ db: StoreDatabase, session: String, kind: String, detail: String, at time: Timestamp) throws {
        try append(AuditEvent(type: "behaviour.\(kind)", aggregateType: "behaviour", aggregateID: session, occurredAt: time, payload: ["detail": detail]), in: db)
    }

    /// A risk-rule violation: a limit the account went through rather than
    /// one that refused an order (the day's loss past the tier limit, an override).
    func recordViolation(session: String, rule: String, detail: String, at time: Timestamp, in db: StoreDatabase) throws {
        try append(AuditEvent(type: "risk.violation", aggregateType: "risk", aggregateID: session, occurredAt: time, payload: ["rule": rule, "detail": detail]), in: db)
    }

    private func eventTimes(_ db: StoreDatabase, type: String, aggregateType: String, session: String, since: Timestamp? = nil) throws -> [Timestamp] {
        try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT occurred_at FROM events WHERE aggregate_type = ? AND aggregate_id = ? AND type = ? AND occurred_at >= ? ORDER BY occurred_at
            """), arguments: [aggregateType, session, type, since?.milliseconds ?? Int64.min]).map(Timestamp.init(milliseconds:))
    }

    /// Closed positions of `session` that closed in [from, to).
    private func closedBetween(_ db: StoreDatabase, session: String, from: Timestamp, to: Timestamp) throws -> [Position] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM positions WHERE status = 'CLOSED' AND session = ? AND closed_at >= ? AND closed_at < ? ORDER BY closed_at"),
                         arguments: [session, from.milliseconds, to.milliseconds]).map(Store.position(from:))
    }

    func fetchTradingRecord(_ db: StoreDatabase, session: String, config: GenesisConfig, now: Timestamp) throws -> TradingRecord {
        var record = TradingRecord()
        let lookback = now.adding(milliseconds: -Int64(config.risk.kellyLookbackDays) * Self.day)
        let recent = try closedBetween(db, session: session, from: lookback, to: now.adding(milliseconds: 1))
        let results = recent.compactMap(\.realizedPnL)
        let wins = results.filter { $0 > 0 }
        let losses = results.filter { $0 < 0 }
        record.trades = results.count
        record.wins = wins.count
        if !wins.isEmpty { record.averageWin = wins.reduce(0, +) / Decimal(wins.count) }
        if !losses.isEmpty { record.averageLoss = -losses.reduce(0, +) / Decimal(losses.count) }
        // Losing days in a row: calendar (UTC) days back from yesterday, each
        // with a net realised loss. A day without a closed trade ends the
        // run, so two losing days weeks apart are not "in a row".
        let startOfToday = Timestamp(milliseconds: now.utcDay * Self.day)
        var byDay: [Int64: Decimal] = [:]
        for position in recent where position.closedAt! < startOfToday { byDay[position.closedAt!.utcDay, default: 0] += position.realizedPnL ?? 0 }
        var day = now.utcDay - 1
        while let pnl = byDay[day], pnl < 0 {
            record.losingDaysInARow += 1
            day -= 1
        }
        record.entriesToday = try Int.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) FROM orders WHERE session = ? AND purpose = 'ENTRY' AND parent_client_order_id IS NULL
            AND status NOT IN ('REJECTED', 'EXPIRED') AND created_at >= ? AND created_at < ?
            """), arguments: [session, startOfToday.milliseconds, startOfToday.milliseconds + Self.day]) ?? 0
        return record
    }

    /// Everything the gates and the demotion triggers look at.
    func fetchTierSnapshot(_ db: StoreDatabase, session: String, config: GenesisConfig, now: Timestamp) throws -> TierSnapshot {
        guard let account = try fetchAccount(db, session: session) else { throw GenesisError.noAccount(database: path) }
        var snapshot = TierSnapshot(account: account, state: try fetchTierState(db, session: session))
        let atTier = try closedBetween(db, session: session, from: account.tierStartedAt, to: now.adding(milliseconds: 1))
        for position in atTier {
            let pnl = position.realizedPnL ?? 0
            snapshot.dailyResults[position.closedAt!.utcDay, default: 0] += pnl
            snapshot.trades += 1
            if pnl > 0 { snapshot.wins += 1 }
        }
        let dayAgo = now.adding(milliseconds: -Self.day)
        snapshot.stopLosses = try closedBetween(db, session: session, from: dayAgo, to: now.adding(milliseconds: 1))
            .filter { $0.exitReason == OrderPurpose.stopLoss.rawValue }.compactMap(\.closedAt)
        snapshot.violations = try eventTimes(db, type: "risk.violation", aggregateType: "risk", session: session)
        snapshot.overrideAttempts = try eventTimes(db, type: "behaviour.override_attempt", aggregateType: "behaviour", session: session, since: dayAgo)
        snapshot.firstActivity = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MIN(created_at) FROM orders WHERE session = ?"), arguments: [session])
            .map(Timestamp.init(milliseconds:))
        // Execution quality: filled orders within the slippage budget, and on
        // an exchange also within the latency budget (paper has no latency).
        let execution = config.execution
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT venue, type, latency_ms, slippage FROM orders WHERE session = ? AND status IN ('FILLED', 'PARTIALLY_FILLED') AND created_at >= ?
            """), arguments: [session, account.tierStartedAt.milliseconds]) {
            snapshot.ordersFilled += 1
            let slippage = (row["slippage"] as String?).flatMap { Decimal.parse($0) } ?? 0
            let budget = (row["type"] as String) == OrderType.market.rawValue ? execution.latencyBudgetMarketMs : execution.latencyBudgetLimitMs
            let latencyOK = (row["venue"] as String) == PaperVenue.venueName || (row["latency_ms"] as Int64? ?? 0) <= Int64(budget)
            if latencyOK, abs(slippage) <= execution.slippageBudget.value { snapshot.ordersWithinBudget += 1 }
        }
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT score, tilt_debt FROM tilt_states WHERE session = ?"), arguments: [session]) {
            snapshot.tiltScore = row["score"]
            snapshot.tiltDebt = Decimal.parse(row["tilt_debt"] as String) ?? 0
        }
        return snapshot
    }

    public func tierSnapshot(session: String = Account.defaultSession, config: GenesisConfig, now: Timestamp) throws -> TierSnapshot {
        _ = try requireAccount(session: session)
        return try read { try fetchTierSnapshot($0, session: session, config: config, now: now) }
    }

    /// Applies a tier change and the state that goes with it in one
    /// transaction: the account's tier, the machine's state, an event with
    /// the reason, and on a demotion the session's open orders canceled.
    /// Returns the canceled client order ids (the caller cancels them on an exchange).
    func apply(_ change: TierChange, account: Account, state: TierState, session: String, in db: StoreDatabase) throws -> [String] {
        try db.execute(sql: "UPDATE accounts SET tier = ?, tier_started_at = ?, updated_at = ? WHERE session = ?",
                       arguments: [account.tier.rawValue, account.tierStartedAt.milliseconds, change.at.milliseconds, session])
        try saveTierState(state, session: session, at: change.at, in: db)
        var payload = ["from": change.from.rawValue, "to": change.to.rawValue, "reason": change.reason, "session": session,
                       "tier_started_at": String(account.tierStartedAt.milliseconds)]
        if let trigger = change.trigger { payload["trigger"] = trigger.rawValue }
        try append(AuditEvent(type: change.isPromotion ? "tier.promoted" : "tier.demoted", aggregateType: "tier", aggregateID: session,
                              occurredAt: change.at, payload: payload), in: db)
        guard !change.isPromotion else { return [] }
        // Protection on the exchange stays: a demotion stops new risk, never the protection of what is held.
        let open = try String.fetchAll(db.cachedStatement(sql: "SELECT client_order_id FROM orders WHERE status = 'NEW' AND session = ? AND protects IS NULL"), arguments: [session])
        for id in open {
            try db.execute(sql: "UPDATE orders SET status = 'CANCELED', reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                           arguments: ["canceled by the demotion: \(change.reason)", change.at.milliseconds, id])
            try append(AuditEvent(type: "order.canceled", aggregateType: "order", aggregateID: id, occurredAt: change.at,
                                  payload: ["reason": "demotion: \(change.reason)"]), in: db)
        }
        if change.isEmergency, session == Account.defaultSession {
            // The trader's own account halts until a resume after the cooldown.
            try halt(db, .emergency, reason: "emergency: \(change.reason)", by: "tier", at: change.at)
        }
        return open
    }

    /// `gen-risk tier accept`: evaluates the gates now and promotes one step
    /// when they all pass and the phrase is typed exactly.
    public func acceptPromotion(session: String = Account.defaultSession, confirmation: String, config: GenesisConfig, now: Timestamp) throws -> TierChange {
        try write { db in
            let machine = TierMachine(config: config)
            let snapshot = try fetchTierSnapshot(db, session: session, config: config, now: now)
            var account = snapshot.account
            var state = snapshot.state
            let evaluation = machine.evaluate(snapshot, now: now)
            do {
                let change = try machine.promote(&account, &state, evaluation: evaluation, confirmation: confirmation, now: now)
                _ = try apply(change, account: account, state: state, session: session, in: db)
                return change
            } catch let error as TierError {
                throw GenesisError.refused(rule: "tier.promotion", message: error.description)
            }
        }
    }

    /// `gen-risk tier demote --reason`: one tier down by the trader's own decision.
    public func demoteManually(session: String = Account.defaultSession, reason: String, config: GenesisConfig, now: Timestamp) throws -> (TierChange, [String]) {
        try write { db in
            guard var account = try fetchAccount(db, session: session) else { throw GenesisError.noAccount(database: path) }
            var state = try fetchTierState(db, session: session)
            let change = TierMachine(config: config).demote(&account, &state, trigger: .manual, reason: "manual: \(reason)", now: now)
            return (change, try apply(change, account: account, state: state, session: session, in: db))
        }
    }

    /// Records today's gate evaluation once per UTC day; a second run the
    /// same day returns the one recorded (so cron can run it safely).
    public func recordTierEvaluation(session: String = Account.defaultSession, config: GenesisConfig, now: Timestamp) throws -> (TierEvaluation, fresh: Bool) {
        try write { db in
            if let stored = try String.fetchOne(db.cachedStatement(sql: "SELECT gates FROM tier_evaluations WHERE session = ? AND day = ?"), arguments: [session, now.utcDay]) {
                return (try JSONDecoder().decode(TierEvaluation.self, from: Data(stored.utf8)), false)
            }
            let snapshot = try fetchTierSnapshot(db, session: session, config: config, now: now)
            let evaluation = TierMachine(config: config).evaluate(snapshot, now: now)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let text = String(decoding: try encoder.encode(evaluation), as: UTF8.self)
            try db.execute(sql: "INSERT INTO tier_evaluations (session, day, evaluated_at, tier, target, gates, passed) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [session, now.utcDay, now.milliseconds, evaluation.tier.rawValue, evaluation.target?.rawValue, text, evaluation.passed])
            try append(AuditEvent(type: "tier.evaluated", aggregateType: "tier", aggregateID: session, occurredAt: now,
                                  payload: ["tier": evaluation.tier.rawValue, "target": evaluation.target?.rawValue ?? "", "passed": evaluation.passed ? "true" : "false",
                                            "gates_passed": evaluation.gates.filter(\.passed).map(\.name).joined(separator: ", ")]), in: db)
            return (evaluation, true)
        }
    }

    /// `gen-risk tier override`: lifts an emergency halt for a few minutes.
    public func overrideEmergency(session: String = Account.defaultSession, confirmation: String, reason: String, config: GenesisConfig, now: Timestamp) throws -> Timestamp {
        let result = try write { db -> Result<Timestamp, TierError> in
            var state = try fetchTierState(db, session: session)
            // Every attempt counts for the tilt detector and the demotion trigger, granted or not.
            try append(AuditEvent(type: "behaviour.override_attempt", aggregateType: "behaviour", aggregateID: session, occurredAt: now, payload: ["detail": reason]), in: db)
            let result = Result { () throws(TierError) in try TierMachine(config: config).override(&state, confirmation: confirmation, reason: reason, now: now) }
            try saveTierState(state, session: session, at: now, in: db)
            if case let .success(until) = result {
                try recordViolation(session: session, rule: "tier.override", detail: reason, at: now, in: db)
                try append(AuditEvent(type: "tier.override", aggregateType: "tier", aggregateID: session, occurredAt: now,
                                      payload: ["until": until.iso8601, "reason": reason]), in: db)
            }
            return result
        }
        switch result {
        case let .success(until): return until
        case let .failure(error): throw GenesisError.refused(rule: "tier.override", message: error.description)
        }
    }
}

extension Store {
    /// One look at a session's figures at `now` (DESIGN §2), in one
    /// transaction: keeps the floor clock and peak current, records a breach
    /// of the day's loss limit as a violation, takes the next deleveraging
    /// step, and demotes on the first trigger that holds (an emergency first).
    /// Run by gen-exec after fills (`holdsPositions`: it can sell) and by
    /// gen-risk before each signal, which leaves the steps that sell to gen-exec.
    ///
    /// `unrealized` marks open positions to the market (the watcher passes
    /// what selling at the bid would make or lose), so a loss that is only
    /// on paper still counts toward the daily limit and the drawdown; the
    /// stored balance itself is never changed by it.
    public func superviseTier(session: String, config: GenesisConfig, now: Timestamp, holdsPositions: Bool = true, unrealized: Decimal = 0) throws -> TierSupervision {
        try write { db in
            let machine = TierMachine(config: config)
            var snapshot = try fetchTierSnapshot(db, session: session, config: config, now: now)
            var account = snapshot.account
            // The first look of a new UTC day starts the day from the realised
            // balance, so a position falling overnight counts before any fill.
            snapshot.account.roll(to: now)
            snapshot.account.balance += unrealized
            var state = snapshot.state
            let before = state
            var supervision = TierSupervision()
            // The peak and the floor clock follow realised equity: a paper gain
            // must not raise the peak that later drawdowns are measured from.
            machine.observe(&state, account: account, now: now, equity: snapshot.account.balance)
            let loss = -min(0, snapshot.account.profitToday(at: now))
            let limit = config.tiers[account.tier].dailyLossLimit.value
            if loss >= limit, state.dailyLimitBreachedDay != now.utcDay {
                state.dailyLimitBreachedDay = now.utcDay
                try recordViolation(session: session, rule: RiskRule.dailyLossLimit.rawValue,
                                    detail: "today's loss of \(loss.plainText) went past the \(account.tier.rawValue) limit of \(limit.plainText)", at: now, in: db)
                snapshot.violations.append(now)
            }
            if holdsPositions, let (share, stage) = machine.deleveraging(&state, account: snapshot.account, now: now) {
                supervision.sellShare = share
                supervision.stage = stage
                let cut = config.demotion.deleveraging[stage - 1]
                supervision.alerts.append(.init(level: "WARNING", code: "tier.deleveraging",
                    message: "Today's loss passed \(SizingPlan.percent(cut.dailyLossFraction.value)) of the day's starting balance, so open positions are cut to \(SizingPlan.percent(1 - cut.cutFraction.value)) of their size."))
                try append(AuditEvent(type: "tier.deleveraged", aggregateType: "tier", aggregateID: session, occurredAt: now,
                                      payload: ["stage": String(stage), "sell_share": share.rounded(scale: 8, .plain).plainText]), in: db)
            }
            snapshot.state = state
            let triggers = machine.triggers(snapshot, now: now).filter { holdsPositions || !$0.isEmergency }
            if let trigger = triggers.first(where: \.isEmergency) ?? triggers.first {
                let reason = machine.describe(trigger, snapshot, now: now)
                let change = machine.demote(&account, &state, trigger: trigger, reason: reason, now: now, equity: snapshot.account.balance)
                supervision.change = change
                supervision.canceled = try apply(change, account: account, state: state, session: session, in: db)
                if trigger.isEmergency {
                    supervision.closeAll = true
                    supervision.sellShare = nil
                    supervision.alerts.removeAll { $0.code == "tier.deleveraging" }
                }
                let to = change.to == change.from ? "stays at \(change.to.rawValue)" : "moves from \(change.from.rawValue) to \(change.to.rawValue)"
                let floor = change.to == change.from
                    ? "the \(config.demotion.reAdvancementDays)-day wait before the next promotion starts again"
                    : "the tier can be earned back after \(config.demotion.reAdvancementDays) days"
                let consequence = trigger.isEmergency
                    ? "Positions are closed and orders canceled; new entries pause for \(config.execution.resumeCooldownHoursAfterEmergency) hours, then start at \(config.demotion.emergencyMaxPosition.value.plainText) \(account.quoteAsset) and ramp back over four days after a journal entry (`gen-tilt journal`)."
                    : "Open orders are canceled, and \(floor)."
                supervision.alerts.append(.init(level: "CRITICAL", code: "tier.demoted", message: "The account \(to) after \(reason). \(consequence)"))
            } else if state != before {
                try saveTierState(state, session: session, at: now, in: db)
            }
            return supervision
        }
    }
}
