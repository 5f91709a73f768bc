import Foundation
import GRDB
import GenesisDomain

/// The tilt detector's memory (DESIGN §4), per session: the score and level,
/// lockouts with their escalation, the journal, the recovery hour and the
/// forced break, the tilt debt. All of it lives in the store so no restart
/// clears a lockout or an escalation counter.
extension Store {
    /// The history the detector reads: the last `baselineDays` of trades,
    /// orders and behavioural events up to `now`.
    func fetchTiltHistory(_ db: StoreDatabase, session: String, config: GenesisConfig.Tilt, now: Timestamp) throws -> TiltHistory {
        let since = now.adding(milliseconds: -Int64(config.baselineDays) * Timestamp.millisecondsPerDay)
        // The entry size: what was bought (a partial exit leaves less in the position row).
        let entrySizes = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT client_order_id, executed_quantity, average_price FROM orders
            WHERE session = ? AND purpose = 'ENTRY' AND parent_client_order_id IS NULL AND created_at >= ?
            """), arguments: [session, since.milliseconds])
        var sizes: [String: Decimal] = [:]
        for row in entrySizes {
            if let quantity = Decimal.parse(row["executed_quantity"] as String), let price = (row["average_price"] as String?).flatMap({ Decimal.parse($0) }) {
                sizes[row["client_order_id"]] = quantity * price
            }
        }
        let trades = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT * FROM positions WHERE status = 'CLOSED' AND session = ? AND closed_at >= ? AND closed_at <= ? ORDER BY closed_at
            """), arguments: [session, since.milliseconds, now.milliseconds]).map(Store.position(from:)).map { position in
            TradeRecord(openedAt: position.openedAt, closedAt: position.closedAt!, symbol: position.symbol,
                        notional: sizes[position.entryClientOrderID] ?? position.entryPrice * position.quantity, pnl: position.realizedPnL ?? 0,
                        exitReason: position.exitReason ?? TradeRecord.exit, manual: position.strategy == RiskEngine.manualStrategy)
        }
        // Open positions are entries too (a revenge entry is seen before it closes).
        let open = try fetchOpenPositions(db, session: session).filter { $0.openedAt <= now }.map { position in
            TradeRecord(openedAt: position.openedAt, closedAt: Timestamp(milliseconds: .max), symbol: position.symbol, notional: position.cost, pnl: 0,
                        exitReason: TradeRecord.exit, manual: position.strategy == RiskEngine.manualStrategy)
        }
        // Amendments (`gen-exec amend`, Store+ManualOrders.swift): each counts
        // against the order it started from, and the order a cancel-replace
        // put in its place is that same order changed, not a new one.
        var modifications: [String: Int] = [:]
        var replacements: Set<String> = []
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT json_extract(payload, '$.root') AS root, json_extract(payload, '$.to') AS replacement FROM events
            WHERE aggregate_type = 'order' AND type = 'order.amended' AND occurred_at >= ? AND occurred_at <= ?
            """), arguments: [since.milliseconds, now.milliseconds]) {
            if let root: String = row["root"] { modifications[root, default: 0] += 1 }
            if let replacement: String = row["replacement"] { replacements.insert(replacement) }
        }
        // The protection GENESIS places and replaces is not the trader's ordering (nor cancelling).
        let orders = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT client_order_id, created_at, updated_at, status, strategy, reject_reason FROM orders
            WHERE session = ? AND parent_client_order_id IS NULL AND protects IS NULL AND created_at >= ? AND created_at <= ?
            """), arguments: [session, since.milliseconds, now.milliseconds]).compactMap { row -> OrderRecord? in
            let id: String = row["client_order_id"]
            guard !replacements.contains(id) else { return nil }
            // An order canceled to be replaced by its amendment was not given up on.
            let replaced = (row["reject_reason"] as String?)?.hasPrefix(Store.replacedReasonPrefix) ?? false
            return OrderRecord(clientOrderID: id, placedAt: Timestamp(milliseconds: row["created_at"]),
                               canceledAt: (row["status"] as String) == "CANCELED" && !replaced ? Timestamp(milliseconds: row["updated_at"]) : nil,
                               modifications: modifications[id] ?? 0, manual: (row["strategy"] as String?) == RiskEngine.manualStrategy)
        }
        var behaviour: [BehaviourRecord] = []
        var manualSignals = false
        for row in try Row.fetchAll(db.cachedStatement(sql: """
            SELECT type, occurred_at, json_extract(payload, '$.detail') AS detail FROM events
            WHERE aggregate_type = 'behaviour' AND aggregate_id = ? AND occurred_at >= ? AND occurred_at <= ? ORDER BY seq
            """), arguments: [session, since.milliseconds, now.milliseconds]) {
            let type: String = row["type"]
            guard let kind = BehaviourKind(rawValue: String(type.dropFirst("behaviour.".count))) else { continue }
            // A manual signal's event says only that there was one; what it was is read below.
            if kind == .manualOrder { manualSignals = true; continue }
            behaviour.append(BehaviourRecord(kind: kind, at: Timestamp(milliseconds: row["occurred_at"]), detail: row["detail"] ?? ""))
        }
        // Manual trades come from gen-risk's record of the trader's own
        // signals (a signal without gen-signal's mark is recorded as manual),
        // where their side and decision say what they were: an entry placed,
        // an entry refused (by a discipline rule: an override attempt), an
        // exit. (The re-check of an amended buy, signal `amend:…`, is counted
        // as the amendment it is, not as a second manual order.) Read only when the indexed events show there were any, so a
        // strategies-only backtest never scans its signals here.
        if manualSignals {
            behaviour += try Row.fetchAll(db.cachedStatement(sql: """
                SELECT created_at, side, symbol, decision, rule FROM signals
                WHERE session = ? AND strategy = ? AND created_at >= ? AND created_at <= ? AND id NOT LIKE 'amend:%' ORDER BY created_at
                """), arguments: [session, RiskEngine.manualStrategy, since.milliseconds, now.milliseconds]).compactMap { row -> BehaviourRecord? in
                guard let side = Side(rawValue: row["side"]) else { return nil }
                let rule: String? = (row["decision"] as String) == "APPROVED" ? nil : ((row["rule"] as String?) ?? "")
                let kind = BehaviourKind.ofManualSignal(side: side, refusedBy: rule)
                return BehaviourRecord(kind: kind, at: Timestamp(milliseconds: row["created_at"]),
                                       detail: "\(side.rawValue) \(row["symbol"] as String)" + (rule.map { " refused by \($0)" } ?? ""))
            }
        }
        return TiltHistory(trades: trades + open, orders: orders, behaviour: behaviour)
    }

    /// The trader's baseline (kept for the `default` session and re-learned
    /// weekly); a backtest session learns its own from its own history.
    func fetchBaseline(_ db: StoreDatabase, session: String, history: TiltHistory, config: GenesisConfig.Tilt, now: Timestamp, refresh: Bool) throws -> TiltBaseline {
        guard session == Account.defaultSession else { return TiltBaseline.learn(from: history, now: now, config: config) }
        if !refresh, let text = try String.fetchOne(db.cachedStatement(sql: "SELECT baseline FROM tilt_profiles WHERE id = 1")), text != "{}",
           let stored = try? JSONDecoder().decode(TiltBaseline.self, from: Data(text.utf8)), !stored.needsRefresh(now: now, config: config) {
            return stored
        }
        let learned = TiltBaseline.learn(from: history, now: now, config: config)
        let text = String(decoding: try JSONEncoder().encode(learned), as: UTF8.self)
        try db.cachedStatement(sql: """
            INSERT INTO tilt_profiles (id, baseline, baseline_updated_at, updated_at) VALUES (1, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET baseline = excluded.baseline, baseline_updated_at = excluded.baseline_updated_at, updated_at = excluded.updated_at
            """).execute(arguments: [text, now.milliseconds, now.milliseconds])
        return learned
    }

    /// `gen-tilt baseline`: learns the baseline now from the last 30 days.
    public func learnBaseline(session: String = Account.defaultSession, config: GenesisConfig.Tilt, now: Timestamp) throws -> TiltBaseline {
        try write { db in
            let history = try fetchTiltHistory(db, session: session, config: config, now: now)
            return try fetchBaseline(db, session: session, history: history, config: config, now: now, refresh: true)
        }
    }

    /// The detector's assessment, where a journal entry that lifted a lock
    /// has cleared the slate (`TiltDetector.assess(since:)`).
    func assess(_ db: StoreDatabase, session: String, history: TiltHistory, baseline: TiltBaseline, config: GenesisConfig.Tilt, now: Timestamp) throws -> TiltAssessment {
        let unlocked = try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(lifted_at) FROM lockouts WHERE session = ? AND lifted_at <= ?"), arguments: [session, now.milliseconds])
        return TiltDetector(config: config).assess(history, baseline: baseline, now: now, since: unlocked.map(Timestamp.init(milliseconds:)))
    }

    /// The level in force at each time, from the recorded level changes (for the tilt debt).
    func levelChanges(_ db: StoreDatabase, session: String) throws -> [(Timestamp, TiltLevel)] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT occurred_at, json_extract(payload, '$.level') AS level FROM events
            WHERE aggregate_type = 'tilt' AND aggregate_id = ? AND type = 'tilt.level_changed' ORDER BY seq
            """), arguments: [session]).map { (Timestamp(milliseconds: $0["occurred_at"]), TiltLevel(rawValue: $0["level"] ?? "") ?? .normal) }
    }

    /// What `gen-tilt evaluate` (cron) and gen-risk (before each signal) do:
    /// scores the history at `now`, records a level change and the readings,
    /// starts an escalating lockout on reaching LOCKED, keeps the forced
    /// break and the tilt debt, and counts interventions of an adjustment
    /// period. A backtest session, having no one to write a journal, is
    /// unlocked with its recovery hour as soon as its lockout ends, and its
    /// emergency journal counts written when the cooldown ends.
    @discardableResult
    public func evaluateTilt(session: String, config: GenesisConfig, now: Timestamp) throws -> TiltEvaluation {
        try write { db in
            let tilt = config.tilt
            let history = try fetchTiltHistory(db, session: session, config: tilt, now: now)
            let baseline = try fetchBaseline(db, session: session, history: history, config: tilt, now: now, refresh: false)
            let assessment = try assess(db, session: session, history: history, baseline: baseline, config: tilt, now: now)
            var standing = try fetchTiltStanding(db, session: session, now: now)
            let previousLevel = standing.level
            var evaluation = TiltEvaluation(assessment: assessment, previousLevel: previousLevel)

            // LOCKED starts a lockout, escalating while the last one is recent.
            if assessment.level == .locked, !standing.locked {
                let previous = try Row.fetchOne(db.cachedStatement(sql: "SELECT escalation, started_at FROM lockouts WHERE session = ? ORDER BY id DESC LIMIT 1"), arguments: [session])
                    .map { (escalation: $0["escalation"] as Int, startedAt: Timestamp(milliseconds: $0["started_at"])) }
                let escalation = LockoutSchedule.escalation(previous: previous, now: now, config: tilt)
                let ends = LockoutSchedule.endsAt(startedAt: now, escalation: escalation, config: tilt)
                let reason = assessment.readings.prefix(3).map(\.indicator.title).joined(separator: ", ")
                try db.execute(sql: "INSERT INTO lockouts (session, reason, escalation, started_at, ends_at) VALUES (?, ?, ?, ?, ?)",
                               arguments: [session, "tilt score \(assessment.score): \(reason)", escalation, now.milliseconds, ends.milliseconds])
                try append(AuditEvent(type: "tilt.locked", aggregateType: "tilt", aggregateID: session, occurredAt: now,
                                      payload: ["score": String(assessment.score), "escalation": String(escalation), "ends_at": ends.iso8601, "reason": reason]), in: db)
                standing.locked = true
                standing.lockoutEndsAt = ends
                evaluation.lockoutStarted = ends
            }
            // The lock lifts once the lockout has ended and a journal entry was
            // accepted since it began; a backtest writes its entry the moment it may.
            if standing.locked, let ends = standing.lockoutEndsAt, now >= ends {
                let started = try Int64.fetchOne(db.cachedStatement(sql: "SELECT started_at FROM lockouts WHERE session = ? AND lifted_at IS NULL ORDER BY id DESC LIMIT 1"),
                                                 arguments: [session]) ?? ends.milliseconds
                let journal = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM journal_entries WHERE session = ? AND accepted = 1 AND written_at >= ? ORDER BY id DESC LIMIT 1"),
                                                 arguments: [session, started])
                if journal != nil || session != Account.defaultSession {
                    try unlock(db, session: session, journalID: journal, config: tilt, now: now)
                    standing.locked = false
                    standing.recoveryUntil = now.adding(milliseconds: Int64(tilt.recoveryMinutes) * 60_000)
                }
            }
            try writeBacktestJournalAfterEmergency(db, session: session, config: config, now: now)
            let level = standing.locked ? TiltLevel.locked : assessment.level
            if level != previousLevel {
                try append(AuditEvent(type: "tilt.level_changed", aggregateType: "tilt", aggregateID: session, occurredAt: now,
                                      payload: ["level": level.rawValue, "from": previousLevel.rawValue, "score": String(assessment.score)]), in: db)
                if level > previousLevel, level >= .caution {
                    // An intervention: it counts toward extending an adjustment period.
                    var tierState = try fetchTierState(db, session: session)
                    TierMachine(config: config).countIntervention(&tierState, now: now)
                    try saveTierState(tierState, session: session, at: now, in: db)
                }
            }
            for reading in assessment.readings {
                let exists = try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM tilt_events WHERE session = ? AND indicator = ? AND occurred_at = ?"),
                                               arguments: [session, reading.indicator.rawValue, reading.at.milliseconds]) ?? false
                if !exists {
                    try db.execute(sql: "INSERT INTO tilt_events (session, indicator, points, evidence, occurred_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [session, reading.indicator.rawValue, reading.initialPoints, reading.evidence, reading.at.milliseconds,
                                               reading.at.milliseconds + Int64(tilt.decayMinutes) * 60_000])
                }
            }
            // Tilt debt: each loss at the level then in force; profits repay.
            let changes = try levelChanges(db, session: session)
            let debt = TiltDebt.outstanding(history.trades.map { trade in
                (trade, changes.last { $0.0 <= trade.closedAt }?.1 ?? .normal)
            }, config: tilt)
            evaluation.debt = debt
            let evidence = String(decoding: try JSONEncoder().encode(assessment.explanation), as: UTF8.self)
            try db.cachedStatement(sql: """
                INSERT INTO tilt_states (session, score, level, locked, recovery_until, forced_break_until, tilt_debt, evidence, evaluated_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(session) DO UPDATE SET score = excluded.score, level = excluded.level, locked = excluded.locked,
                    recovery_until = excluded.recovery_until, forced_break_until = excluded.forced_break_until, tilt_debt = excluded.tilt_debt,
                    evidence = excluded.evidence, evaluated_at = excluded.evaluated_at, updated_at = excluded.updated_at
                """).execute(arguments: [session, assessment.score, level.rawValue, standing.locked, standing.recoveryUntil?.milliseconds,
                                 assessment.forcedBreakUntil?.milliseconds, debt.plainText, evidence, now.milliseconds, now.milliseconds])
            try stamp(.tiltState, session: session, at: now, in: db)
            return evaluation
        }
    }

    /// The emergency's journal in a backtest: no one is there to write it, so
    /// the replay counts it written when the cooldown ends (the moment the
    /// next entry may come), as it lifts a tilt lockout when that ends; the
    /// emergency limits and the four-day ramp then run as they would live.
    /// The trader's own account always waits for `gen-tilt journal`.
    private func writeBacktestJournalAfterEmergency(_ db: StoreDatabase, session: String, config: GenesisConfig, now: Timestamp) throws {
        guard session != Account.defaultSession else { return }
        var tierState = try fetchTierState(db, session: session)
        guard tierState.journalRequired, let emergency = tierState.emergencyAt,
              now >= TierMachine(config: config).cooldownEnd(after: emergency) else { return }
        tierState.journalRequired = false
        try saveTierState(tierState, session: session, at: now, in: db)
        try append(AuditEvent(type: "tier.journal_written", aggregateType: "tier", aggregateID: session, occurredAt: now,
                              payload: ["emergency_at": emergency.iso8601, "journal_entry": "automatic (backtest)"]), in: db)
    }

    /// Lifts the lock: the lockout is marked lifted (with the journal entry
    /// that lifted it) and the recovery hour at half size begins.
    private func unlock(_ db: StoreDatabase, session: String, journalID: Int64?, config: GenesisConfig.Tilt, now: Timestamp) throws {
        try db.execute(sql: "UPDATE lockouts SET lifted_at = ?, journal_entry_id = ? WHERE session = ? AND lifted_at IS NULL",
                       arguments: [now.milliseconds, journalID, session])
        let recovery = now.adding(milliseconds: Int64(config.recoveryMinutes) * 60_000)
        try db.cachedStatement(sql: """
            INSERT INTO tilt_states (session, locked, recovery_until, updated_at) VALUES (?, 0, ?, ?)
            ON CONFLICT(session) DO UPDATE SET locked = 0, level = CASE WHEN tilt_states.level = 'LOCKED' THEN 'WARNING' ELSE tilt_states.level END,
                recovery_until = excluded.recovery_until, updated_at = excluded.updated_at
            """).execute(arguments: [session, recovery.milliseconds, now.milliseconds])
        try stamp(.tiltState, session: session, at: now, in: db)
        try append(AuditEvent(type: "tilt.unlocked", aggregateType: "tilt", aggregateID: session, occurredAt: now,
                              payload: ["recovery_until": recovery.iso8601, "journal_entry": journalID.map(String.init) ?? "automatic (backtest)"]), in: db)
    }

    /// `gen-tilt journal`: judges the entry; an accepted one is stored and,
    /// when the lockout has ended, lifts the lock (and an emergency's
    /// journal requirement). A rejected one is stored too, with its reason.
    public func writeJournal(_ draft: JournalDraft, session: String = Account.defaultSession, config: GenesisConfig.Tilt, now: Timestamp,
                             lexicon: Lexicon = .standard) throws -> JournalOutcome {
        try write { db in
            // Copies are judged against accepted entries only: a refused draft
            // revised and sent again is the same reflection finished, not a copy.
            let previous = try String.fetchAll(db.cachedStatement(sql: """
                SELECT trigger_text || ' ' || plan_text || ' ' || body FROM journal_entries WHERE session = ? AND accepted = 1 ORDER BY id
                """), arguments: [session])
            // The symbols of the last 30 days: naming them answers "what triggered it".
            let symbols = try String.fetchAll(db.cachedStatement(sql: "SELECT DISTINCT symbol FROM positions WHERE session = ? AND opened_at >= ?"),
                                              arguments: [session, now.milliseconds - Int64(config.baselineDays) * Timestamp.millisecondsPerDay])
            let result = JournalCheck.evaluate(draft, previous: previous, config: config, lexicon: lexicon, context: JournalContext(symbols: symbols))
            let words = JournalCheck.words(in: [draft.trigger, draft.plan, draft.body].joined(separator: " "))
            let id = try Int64.fetchOne(db.cachedStatement(sql: """
                INSERT INTO journal_entries (session, written_at, trigger_text, plan_text, body, word_count, distinct_words, accepted, rejection_reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """), arguments: [session, now.milliseconds, draft.trigger, draft.plan, draft.body, words.count, Set(words).count,
                                  result.isSuccess, result.rejection?.message]) ?? 0
            try append(AuditEvent(type: result.isSuccess ? "journal.accepted" : "journal.rejected", aggregateType: "journal", aggregateID: session,
                                  occurredAt: now, payload: ["words": String(words.count), "reason": result.rejection?.message ?? ""]), in: db)
            guard case .success = result else { return JournalOutcome(accepted: false, message: result.rejection?.message ?? "", unlocked: false, lockoutEndsAt: nil) }
            var tierState = try fetchTierState(db, session: session)
            if tierState.journalRequired {
                tierState.journalRequired = false
                try saveTierState(tierState, session: session, at: now, in: db)
            }
            let standing = try fetchTiltStanding(db, session: session, now: now)
            guard standing.locked else {
                return JournalOutcome(accepted: true, message: "Entry accepted.", unlocked: false, lockoutEndsAt: nil)
            }
            if let ends = standing.lockoutEndsAt, now < ends {
                return JournalOutcome(accepted: true, message: "Entry accepted; the lock lifts when the lockout ends at \(ends.iso8601), then positions are half size for \(config.recoveryMinutes) minutes.",
                                      unlocked: false, lockoutEndsAt: ends)
            }
            try unlock(db, session: session, journalID: id, config: config, now: now)
            return JournalOutcome(accepted: true, message: "Entry accepted and the lock is lifted; for the next \(config.recoveryMinutes) minutes positions are half size.",
                                  unlocked: true, lockoutEndsAt: nil)
        }
    }
}



extension Result where Failure == JournalRejection {
    var isSuccess: Bool { if case .success = self { true } else { false } }
    var rejection: JournalRejection? { if case let .failure(error) = self { error } else { nil } }
}
