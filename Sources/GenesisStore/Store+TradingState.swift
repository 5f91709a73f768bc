import Foundation
import GRDB
import GenesisDomain

extension Store {
    /// Sets ACTIVE or REDUCING with its reason, as one event. Halting goes
    /// through `halt`, which knows its cause.
    public func setTradingState(_ state: TradingState, reason: String, by command: String, at time: Timestamp) throws {
        precondition(state != .halted, "halts go through Store.halt, with their cause")
        try write { db in try writeTradingState(db, state, cause: nil, reason: reason, by: command, at: time) }
    }

    /// Halts trading for `cause` (DESIGN §5): the one way every halt is made,
    /// by `gen-exec halt`, the control API, reconciliation and the emergency
    /// demotion. A halt already in force is replaced only by one that
    /// outranks it (`HaltCause.replaces`: emergency over reconciliation over
    /// the trader's own); otherwise it stands, the request is recorded as
    /// `trading.halt_kept`, and this returns false. A manual halt is
    /// behaviour the tilt detector counts.
    @discardableResult
    public func halt(_ cause: HaltCause, reason: String, by command: String, session: String = Account.defaultSession, at time: Timestamp) throws -> Bool {
        try write { db in try halt(db, cause, reason: reason, by: command, session: session, at: time) }
    }

    @discardableResult
    func halt(_ db: StoreDatabase, _ cause: HaltCause, reason: String, by command: String, session: String = Account.defaultSession, at time: Timestamp) throws -> Bool {
        let inForce = try fetchHaltCause(db)
        guard cause.replaces(inForce) else {
            // The halt in force stands; the request is kept in the record.
            try append(AuditEvent(type: "trading.halt_kept", aggregateType: "trading_state", aggregateID: "1", occurredAt: time,
                                  payload: ["cause": cause.rawValue, "reason": reason, "by": command, "in_force": inForce?.rawValue ?? "manual"]), in: db)
            return false
        }
        // A later emergency restarts the cooldown; an older one (a replay of
        // past data) never shortens it.
        var since = time
        if inForce == .emergency, let changed = try tradingStateChangedAt(db), changed > time { since = changed }
        try writeTradingState(db, .halted, cause: cause, reason: reason, by: command, at: since)
        if cause == .manual { try recordBehaviour(db, session: session, kind: "halt", detail: reason, at: time) }
        return true
    }

    /// The trader's halt (`gen-exec halt`, the control API): refused when
    /// trading is already halted, naming why; returns the sentence both show.
    public func haltByTrader(reason: String, by command: String, at time: Timestamp) throws -> String {
        _ = try requireAccount()
        guard try halt(.manual, reason: reason, by: command, at: time) else {
            throw GenesisError.stateConflict("trading is already HALTED (\(try tradingState().1)); `gen-exec resume` lifts it")
        }
        return "trading HALTED (\(reason)); `gen-exec resume` lifts it"
    }

    /// Lifts a halt (`gen-exec resume`, the control API): the one place that
    /// decides whether a halt may end. The trader's own halt ends at once;
    /// an emergency only after its cooldown (`cooldownEnd` of when it was
    /// set); a reconciliation halt only by a reconcile that finds everything
    /// explained (`liftReconciliationHalt`), never by resume. Lifting a halt
    /// the system set, or one minutes old, is a forced resume for the tilt
    /// detector. Returns the sentence the trader sees.
    public func resume(by command: String, at now: Timestamp, cooldownEnd: (Timestamp) -> Timestamp) throws -> String {
        _ = try requireAccount()
        return try write { db in
            let (state, reason) = try fetchTradingState(db)
            guard state != .active else { return "trading is already ACTIVE" }
            let cause = try fetchHaltCause(db)
            let since = try tradingStateChangedAt(db) ?? now
            switch cause {
            case .emergency?:
                let until = cooldownEnd(since)
                if now < until {
                    throw GenesisError.refused(rule: "resume.cooldown", message: "an emergency halt holds until \(until.iso8601); trading resumes after the cooldown")
                }
            case .reconciliation?:
                throw GenesisError.stateConflict("trading was halted by reconciliation (\(reason)); `resume` cannot lift it: run `gen-exec reconcile --venue …` (with --acknowledge-trades \"why\" when the trades were yours) and a reconcile that finds everything explained lifts it")
            case .manual?, nil:
                break
            }
            try writeTradingState(db, .active, cause: nil, reason: "resumed (was: \(reason))", by: command, at: now)
            let forced = cause?.isSystem == true || now.milliseconds - since.milliseconds < 10 * 60_000
            try recordBehaviour(db, session: Account.defaultSession, kind: forced ? "forced_resume" : "resume", detail: reason, at: now)
            return "trading ACTIVE again (it was \(state.rawValue): \(reason))"
        }
    }

    /// A reconcile that found everything explained ends a reconciliation
    /// halt (and only that kind). Returns true when it lifted one.
    @discardableResult
    public func liftReconciliationHalt(by command: String, at time: Timestamp) throws -> Bool {
        try write { db in
            guard try fetchHaltCause(db) == .reconciliation else { return false }
            let (_, reason) = try fetchTradingState(db)
            try writeTradingState(db, .active, cause: nil, reason: "reconciled: everything explained (was: \(reason))", by: command, at: time)
            return true
        }
    }

    /// Why trading is halted, or nil when it is not.
    public func haltCause() throws -> HaltCause? {
        try read(fetchHaltCause)
    }

    func fetchHaltCause(_ db: StoreDatabase) throws -> HaltCause? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT COALESCE(cause, 'manual') FROM trading_state WHERE id = 1 AND state = 'HALTED'")).map { HaltCause(rawValue: $0) ?? .manual }
    }

    private func writeTradingState(_ db: StoreDatabase, _ state: TradingState, cause: HaltCause?, reason: String, by command: String, at time: Timestamp) throws {
        try db.cachedStatement(sql: """
            INSERT INTO trading_state (id, state, reason, changed_at, changed_by, cause) VALUES (1, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET state = excluded.state, reason = excluded.reason, changed_at = excluded.changed_at,
                changed_by = excluded.changed_by, cause = excluded.cause
            """).execute(arguments: [state.rawValue, reason, time.milliseconds, command, cause?.rawValue])
        var payload = ["state": state.rawValue, "reason": reason, "by": command]
        if let cause { payload["cause"] = cause.rawValue }
        try append(AuditEvent(type: "trading.\(state.rawValue.lowercased())", aggregateType: "trading_state", aggregateID: "1", occurredAt: time,
                              payload: payload), in: db)
    }

    /// When the current state was set.
    public func tradingStateChangedAt() throws -> Timestamp? {
        try read(tradingStateChangedAt)
    }

    func tradingStateChangedAt(_ db: StoreDatabase) throws -> Timestamp? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT changed_at FROM trading_state WHERE id = 1")).map(Timestamp.init(milliseconds:))
    }

    /// Marks a session's unfilled orders canceled (after the venue canceled
    /// them), but the protection of open positions, which stays on the exchange.
    public func cancelOpenOrders(session: String, symbols: Set<String>? = nil, reason: String, at time: Timestamp) throws -> [String] {
        try write { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT client_order_id, symbol FROM orders WHERE status = 'NEW' AND session = ? AND protects IS NULL"),
                                        arguments: [session])
            var canceled: [String] = []
            for row in rows {
                let id: String = row["client_order_id"]
                let symbol: String = row["symbol"]
                if let symbols, !symbols.contains(symbol) { continue }
                try db.execute(sql: "UPDATE orders SET status = 'CANCELED', reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                               arguments: [reason, time.milliseconds, id])
                try append(AuditEvent(type: "order.canceled", aggregateType: "order", aggregateID: id, occurredAt: time,
                                      payload: ["symbol": symbol, "reason": reason]), in: db)
                canceled.append(id)
            }
            return canceled
        }
    }

    /// The newest stored close of a symbol, on any interval (paper close-all's price).
    public func lastClose(symbol: String) throws -> (price: Decimal, at: Timestamp)? {
        try read { db in
            try newestCandle(db, symbol: symbol, closedBy: .max).map { ($0.close, Timestamp(milliseconds: $0.openTime)) }
        }
    }
}
