import Foundation
import GRDB
import GenesisDomain

/// Orders, fills and positions: the SQLite side of `ExecutionLedger`. Each
/// method is one transaction that also appends its audit events.
extension Store: ExecutionLedger {
    public func loadAccount(session: String) throws -> Account { try requireAccount(session: session) }

    static func position(from row: Row) throws -> Position {
        func decimal(_ column: String) -> Decimal? { (row[column] as String?).flatMap { Decimal.parse($0) } }
        guard let quantity = decimal("quantity"), let entry = decimal("entry_price"), let fees = decimal("fees") else {
            throw GenesisError.internalError("position \(row["id"] ?? "?") has a malformed decimal")
        }
        var position = Position(session: row["session"], symbol: row["symbol"], quantity: quantity, entryPrice: entry, stop: decimal("stop_price"),
                                target: decimal("target_price"), strategy: row["strategy"] ?? "", signalID: row["signal_id"] ?? "",
                                entryClientOrderID: row["entry_client_order_id"], openedAt: Timestamp(milliseconds: row["opened_at"]), fees: fees)
        if let closed: Int64 = row["closed_at"] { position.closedAt = Timestamp(milliseconds: closed) }
        position.exitPrice = decimal("exit_price")
        position.exitReason = row["exit_reason"]
        position.realizedPnL = decimal("realized_pnl")
        position.realizedGross = decimal("realized_gross") ?? 0
        return position
    }

    public func openPositions(session: String) throws -> [Position] {
        try read { try fetchOpenPositions($0, session: session) }
    }

    func fetchOpenPositions(_ db: StoreDatabase, session: String) throws -> [Position] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM positions WHERE status = 'OPEN' AND session = ? ORDER BY opened_at"), arguments: [session]).map(Store.position(from:))
    }

    /// Every position of a session, open or closed, in the order they opened.
    public func positions(session: String) throws -> [Position] {
        try read { try fetchPositions($0, session: session) }
    }

    func fetchPositions(_ db: StoreDatabase, session: String) throws -> [Position] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM positions WHERE session = ? ORDER BY opened_at, id"), arguments: [session]).map(Store.position(from:))
    }

    /// A session's closed positions in the order they closed (the trades of a report).
    public func closedPositions(session: String) throws -> [Position] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM positions WHERE status = 'CLOSED' AND session = ? ORDER BY closed_at, id"), arguments: [session])
                .map(Store.position(from:))
        }
    }

    public func pendingOrders(session: String) throws -> [OrderIntent] {
        try read { db in
            try Row.fetchAll(db.cachedStatement(sql: "SELECT * FROM orders WHERE status = 'NEW' AND session = ? AND parent_client_order_id IS NULL ORDER BY created_at, id"), arguments: [session]).map { row in
                func decimal(_ column: String) -> Decimal? { (row[column] as String?).flatMap { Decimal.parse($0) } }
                guard let side = Side(rawValue: row["side"]), let purpose = OrderPurpose(rawValue: row["purpose"]), let type = OrderType(rawValue: row["type"]),
                      let quantity = decimal("quantity"), let reference = decimal("reference_price") else {
                    throw GenesisError.internalError("order \(row["client_order_id"] ?? "?") in the store is malformed")
                }
                var order = OrderIntent(clientOrderID: row["client_order_id"], ts: Timestamp(milliseconds: row["created_at"]), session: row["session"],
                                        signalID: row["signal_id"] ?? "", strategy: row["strategy"] ?? "", symbol: row["symbol"],
                                        side: side, type: type, limitPrice: decimal("limit_price"), purpose: purpose, quantity: quantity, referencePrice: reference,
                                        stop: decimal("stop_price"), target: decimal("target_price"))
                order.algorithm = ExecutionAlgorithm(rawValue: row["algorithm"]) ?? .market
                order.triggerPrice = decimal("trigger_price")
                order.protects = row["protects"]
                return order
            }
        }
    }

    /// Booked as a fill, or acknowledged by the trader as made outside GENESIS.
    public func isTradeRecorded(_ tradeID: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db.cachedStatement(sql: """
                SELECT EXISTS (SELECT 1 FROM fills WHERE trade_id = ?)
                    OR EXISTS (SELECT 1 FROM events WHERE aggregate_type = 'trade' AND aggregate_id = ? AND type = 'trade.acknowledged')
                """), arguments: [tradeID, tradeID]) ?? false
        }
    }

    /// Records that the trader made these trades outside GENESIS
    /// (`gen-exec reconcile --acknowledge-trades`), so reconciliation stops
    /// halting for them; the event keeps the reason for the audit trail.
    public func acknowledgeTrades(_ tradeIDs: [String], reason: String, at time: Timestamp) throws {
        try write { db in
            for id in tradeIDs {
                try append(AuditEvent(type: "trade.acknowledged", aggregateType: "trade", aggregateID: id, occurredAt: time, payload: ["reason": reason]), in: db)
            }
        }
    }

    public func symbolsTraded(venue: String, session: String, since time: Timestamp) throws -> [String] {
        try read { db in
            try String.fetchAll(db.cachedStatement(sql: """
                SELECT symbol FROM orders WHERE venue = ? AND updated_at >= ?
                UNION SELECT symbol FROM positions WHERE session = ? AND status = 'OPEN' ORDER BY symbol
                """), arguments: [venue, time.milliseconds, session])
        }
    }

    public func orderStatus(clientOrderID: String) throws -> OrderStatus? {
        try orderOutcome(clientOrderID: clientOrderID)?.status
    }

    public func orderOutcome(clientOrderID: String) throws -> OrderOutcome? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT status, reject_reason, updated_at FROM orders WHERE client_order_id = ?"), arguments: [clientOrderID]).map { row in
                let text: String = row["status"]
                guard let status = OrderStatus(rawValue: text) else { throw GenesisError.internalError("orders.status holds '\(text)', not an order status") }
                return OrderOutcome(status: status, rule: row["reject_reason"], updatedAt: Timestamp(milliseconds: row["updated_at"]))
            }
        }
    }

    private func insertOrder(_ order: OrderIntent, venue: String, status: OrderStatus, rejectReason: String?, at time: Timestamp, in db: StoreDatabase,
                             parent: String? = nil, slice: Int = 1, total: Int = 1) throws {
        try db.cachedStatement(sql: """
            INSERT INTO orders (client_order_id, session, venue, signal_id, strategy, symbol, side, type, algorithm, purpose, quantity, reference_price,
                                stop_price, target_price, status, reject_reason, created_at, updated_at, parent_client_order_id, slice_number, total_slices, limit_price,
                                trigger_price, protects)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [order.clientOrderID, order.session, venue, order.signalID, order.strategy, order.symbol, order.side.rawValue, order.type.rawValue,
                             order.algorithm.rawValue,
                             order.purpose.rawValue, order.quantity.plainText, order.referencePrice.plainText, order.stop?.plainText,
                             order.target?.plainText, status.rawValue, rejectReason, time.milliseconds, time.milliseconds, parent, slice, total, order.limitPrice?.plainText,
                             order.triggerPrice?.plainText, order.protects])
    }

    public func recordSlice(_ child: OrderIntent, parent: String, slice: Int, total: Int, venue: String, at time: Timestamp) throws {
        try write { db in
            try insertOrder(child, venue: venue, status: .new, rejectReason: nil, at: time, in: db, parent: parent, slice: slice, total: total)
            try db.cachedStatement(sql: "UPDATE orders SET total_slices = ? WHERE client_order_id = ?").execute(arguments: [total, parent])
            try append(AuditEvent(type: "order.slice_placed", aggregateType: "order", aggregateID: child.clientOrderID, occurredAt: time,
                                  payload: orderPayload(child).merging(["parent": parent, "slice": "\(slice)/\(total)", "venue": venue]) { $1 }), in: db)
        }
    }

    public func finishParent(_ parent: String, status: OrderStatus, executed: Decimal, reason: String?, at time: Timestamp) throws {
        try write { db in
            try db.execute(sql: "UPDATE orders SET status = ?, executed_quantity = ?, reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                           arguments: [status.stored.rawValue, executed.plainText, reason, time.milliseconds, parent])
            var payload = ["executed": executed.plainText, "status": status.rawValue]
            if let reason { payload["reason"] = reason }
            try append(AuditEvent(type: status == .filled ? "order.worked" : "order.stopped", aggregateType: "order", aggregateID: parent,
                                  occurredAt: time, payload: payload), in: db)
        }
    }

    public func orderVenue(clientOrderID: String) throws -> String? {
        try read { try String.fetchOne($0, sql: "SELECT venue FROM orders WHERE client_order_id = ?", arguments: [clientOrderID]) }
    }

    public func recordStatus(clientOrderID: String, status: OrderStatus, reason: String, at time: Timestamp) throws {
        try write { db in
            try db.execute(sql: "UPDATE orders SET status = ?, reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                           arguments: [status.stored.rawValue, reason, time.milliseconds, clientOrderID])
            try append(AuditEvent(type: "order.\(status.rawValue.lowercased())", aggregateType: "order", aggregateID: clientOrderID, occurredAt: time,
                                  payload: ["status": status.rawValue, "reason": reason]), in: db)
        }
    }

    public func slicePlan(clientOrderID: String) throws -> SlicePlan? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT slice_plan FROM orders WHERE client_order_id = ?"), arguments: [clientOrderID])
                .flatMap { try? JSONDecoder().decode(SlicePlan.self, from: Data($0.utf8)) }
        }
    }

    public func recordSlicePlan(_ plan: SlicePlan, clientOrderID: String) throws {
        let text = String(decoding: try JSONEncoder().encode(plan), as: UTF8.self)
        try write { db in
            try db.cachedStatement(sql: "UPDATE orders SET slice_plan = ?, total_slices = ? WHERE client_order_id = ?").execute(arguments: [text, plan.quantities.count, clientOrderID])
        }
    }

    public func execution(clientOrderID: String) throws -> (quantity: Decimal, averagePrice: Decimal?)? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT executed_quantity, average_price FROM orders WHERE client_order_id = ?"), arguments: [clientOrderID]).flatMap { row in
                Decimal.parse(row["executed_quantity"] as String).map { ($0, (row["average_price"] as String?).flatMap { Decimal.parse($0) }) }
            }
        }
    }

    private func orderPayload(_ order: OrderIntent) -> [String: String] {
        var payload = ["symbol": order.symbol, "side": order.side.rawValue, "purpose": order.purpose.rawValue, "quantity": order.quantity.plainText,
                       "type": order.type.rawValue, "session": order.session, "signal_id": order.signalID]
        if let stop = order.stop { payload["stop"] = stop.plainText }
        if let target = order.target { payload["target"] = target.plainText }
        if let limit = order.limitPrice { payload["limit_price"] = limit.plainText }
        if let trigger = order.triggerPrice { payload["trigger_price"] = trigger.plainText }
        if let entry = order.protects { payload["protects"] = entry }
        return payload
    }

    /// Records the legs of one protection (an OCO's stop and target, or a
    /// lone stop) together, before they are sent. False when one of them is
    /// already recorded: another process is placing the same protection.
    public func recordProtection(_ legs: [OrderIntent], venue: String, at time: Timestamp) throws -> Bool {
        try write { db in
            for leg in legs where try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM orders WHERE client_order_id = ?"), arguments: [leg.clientOrderID]) != nil {
                return false
            }
            for leg in legs {
                try insertOrder(leg, venue: venue, status: .new, rejectReason: nil, at: time, in: db)
                try append(AuditEvent(type: "order.protection_placed", aggregateType: "order", aggregateID: leg.clientOrderID, occurredAt: time,
                                      payload: orderPayload(leg).merging(["venue": venue]) { $1 }), in: db)
            }
            return true
        }
    }

    public func recordAccepted(_ order: OrderIntent, venue: String, at time: Timestamp) throws {
        try write { db in
            try insertOrder(order, venue: venue, status: .new, rejectReason: nil, at: time, in: db)
            try append(AuditEvent(type: "order.placed", aggregateType: "order", aggregateID: order.clientOrderID, occurredAt: time,
                                  payload: orderPayload(order).merging(["venue": venue]) { $1 }), in: db)
        }
    }

    public func recordRejected(_ order: OrderIntent, venue: String, rejection: Rejection, at time: Timestamp) throws {
        try write { db in
            if try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM orders WHERE client_order_id = ?"), arguments: [order.clientOrderID]) != nil {
                try db.execute(sql: "UPDATE orders SET status = 'REJECTED', reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                               arguments: [rejection.rule.rawValue, time.milliseconds, order.clientOrderID])
            } else {
                try insertOrder(order, venue: venue, status: .rejected, rejectReason: rejection.rule.rawValue, at: time, in: db)
            }
            try append(AuditEvent(type: "order.rejected", aggregateType: "order", aggregateID: order.clientOrderID, occurredAt: time,
                                  payload: orderPayload(order).merging(["rule": rejection.rule.rawValue, "message": rejection.message]) { $1 }), in: db)
        }
    }

    @discardableResult
    public func recordFill(_ fill: FillRecord) throws -> Bool {
        try write { db in
            let order = fill.order
            // The watcher (from the stream) and the command that sent the
            // order (from the answer) may both book it: the first one wins.
            if let first = fill.trades.first, try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM fills WHERE trade_id = ?"), arguments: [first.id]) == true {
                return false
            }
            // Exits the venue triggers itself are recorded with their fill, in one transaction.
            if try String.fetchOne(db.cachedStatement(sql: "SELECT status FROM orders WHERE client_order_id = ?"), arguments: [order.clientOrderID]) == nil {
                try insertOrder(order, venue: fill.venue, status: .new, rejectReason: nil, at: order.ts, in: db)
                try append(AuditEvent(type: "order.placed", aggregateType: "order", aggregateID: order.clientOrderID, occurredAt: order.ts,
                                      payload: orderPayload(order).merging(["venue": fill.venue]) { $1 }), in: db)
            }
            let latency = fill.executedAt.milliseconds - order.ts.milliseconds
            try db.cachedStatement(sql: """
                UPDATE orders SET status = ?, executed_quantity = ?, average_price = ?, slippage = ?, latency_ms = ?, updated_at = ?
                WHERE client_order_id = ?
                """).execute(arguments: [fill.status.stored.rawValue, fill.trades.reduce(Decimal(0)) { $0 + $1.quantity }.plainText, fill.price.plainText, fill.slippage.rounded(scale: 8, .plain).plainText, latency,
                                 fill.executedAt.milliseconds, order.clientOrderID])
            guard db.changesCount == 1 else { throw GenesisError.internalError("fill for unknown order \(order.clientOrderID)") }
            for trade in fill.trades {
                try db.cachedStatement(sql: """
                    INSERT INTO fills (trade_id, client_order_id, symbol, side, quantity, price, quote_quantity, fee, fee_asset, executed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [trade.id, order.clientOrderID, order.symbol, order.side.rawValue, trade.quantity.plainText, trade.price.plainText,
                                     (trade.quantity * trade.price).plainText, trade.fee.plainText, trade.feeAsset, fill.executedAt.milliseconds])
            }
            let position = fill.position
            let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM positions WHERE session = ? AND symbol = ? AND status = 'OPEN' AND entry_client_order_id = ?"),
                                              arguments: [position.session, position.symbol, position.entryClientOrderID])
            if position.isOpen, let existing {
                // Another slice of the same worked order: the position grows.
                // Another slice of the same worked order, or a partial exit: the position changes in place.
                try db.execute(sql: "UPDATE positions SET quantity = ?, entry_price = ?, fees = ?, realized_gross = ? WHERE id = ?",
                               arguments: [position.quantity.plainText, position.entryPrice.plainText, position.fees.plainText,
                                           position.realizedGross.plainText, existing])
            } else if position.isOpen {
                try db.cachedStatement(sql: """
                    INSERT INTO positions (session, symbol, side, status, quantity, entry_price, stop_price, target_price, strategy, signal_id,
                                           entry_client_order_id, opened_at, fees)
                    VALUES (?, ?, 'LONG', 'OPEN', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).execute(arguments: [position.session, position.symbol, position.quantity.plainText, position.entryPrice.plainText,
                                     position.stop?.plainText, position.target?.plainText, position.strategy, position.signalID,
                                     position.entryClientOrderID, position.openedAt.milliseconds, position.fees.plainText])
            } else {
                try db.cachedStatement(sql: """
                    UPDATE positions SET status = 'CLOSED', closed_at = ?, exit_price = ?, exit_reason = ?, exit_client_order_id = ?, fees = ?,
                                         realized_gross = ?, realized_pnl = ?
                    WHERE session = ? AND symbol = ? AND status = 'OPEN'
                    """).execute(arguments: [fill.executedAt.milliseconds, position.exitPrice?.plainText, position.exitReason, order.clientOrderID,
                                     position.fees.plainText, position.realizedGross.plainText, position.realizedPnL?.plainText, position.session, position.symbol])
                guard db.changesCount == 1 else { throw GenesisError.internalError("no open \(position.symbol) position to close") }
            }
            // The stored balance moves by this fill's change: the booking process's
            // copy may predate fills another process booked meanwhile.
            guard var account = try fetchAccount(db, session: order.session) else { throw GenesisError.internalError("no account for session \(order.session)") }
            account.roll(to: fill.executedAt)
            account.balance += fill.balanceChange
            account.peakBalance = max(account.peakBalance, account.balance)
            try saveAccount(account, session: order.session, at: fill.executedAt, in: db)
            try append(AuditEvent(type: "order.filled", aggregateType: "order", aggregateID: order.clientOrderID, occurredAt: fill.executedAt,
                                  payload: ["trade_ids": fill.trades.map(\.id).joined(separator: ","), "price": fill.price.plainText, "quantity": fill.quantity.plainText,
                                            "fee": fill.fee.plainText, "fee_asset": fill.feeAsset, "venue": fill.venue,
                                            "trades": Self.verifiableTrades(fill.trades)]), in: db)
            var payload = ["symbol": position.symbol, "quantity": position.quantity.plainText, "entry_price": position.entryPrice.plainText,
                           "balance": account.balance.plainText]
            if let pnl = position.realizedPnL { payload["realized_pnl"] = pnl.plainText }
            if let reason = position.exitReason { payload["exit_reason"] = reason }
            payload.merge(Self.verifiableFields(position, account: account)) { $1 }
            try append(AuditEvent(type: position.isOpen ? "position.opened" : "position.closed", aggregateType: "position",
                                  aggregateID: position.entryClientOrderID, occurredAt: fill.executedAt, payload: payload), in: db)
            return true
        }
    }
}
