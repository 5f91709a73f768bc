import Foundation
import GRDB
import GenesisDomain

/// The trader's own hands on single orders (`gen-exec cancel`, `gen-exec
/// amend`): which order an id names, and the records the tilt detector reads
/// — a cancel as the order's CANCELED status at the moment it happened, an
/// amendment as an `order.amended` event against the order it started from
/// (bargaining, DESIGN §4), and both as behaviour events (manual activity).
extension Store {
    /// `reject_reason` of an order canceled because an amendment replaced it:
    /// the tilt detector does not count it as a cancel.
    public static let replacedReasonPrefix = "replaced by "

    /// An order a trader's command can act on, as the store holds it.
    public struct HeldOrder: Sendable, Equatable {
        public var order: OrderIntent
        public var status: OrderStatus
        public var venue: String
        public var exchangeOrderID: String?
    }

    /// The order named by `id`: its client order id, else its exchange order
    /// id. Nil when the store holds no such order.
    public func heldOrder(id: String) throws -> HeldOrder? {
        let found = try read { db in
            try Row.fetchOne(db.cachedStatement(sql: """
                SELECT client_order_id, session, status, venue, exchange_order_id FROM orders WHERE client_order_id = ?1 OR exchange_order_id = ?1
                ORDER BY client_order_id = ?1 DESC LIMIT 1
                """), arguments: [id])
        }
        guard let found else { return nil }
        let clientID: String = found["client_order_id"]
        let status = OrderStatus(rawValue: found["status"]) ?? .unknown
        // The full order: read the way every restart reads an open one.
        guard let order = try pendingOrders(session: found["session"]).first(where: { $0.clientOrderID == clientID }) ?? closedOrder(clientID) else { return nil }
        return HeldOrder(order: order, status: status, venue: found["venue"], exchangeOrderID: found["exchange_order_id"])
    }

    /// An order no longer open, enough of it to name it in a refusal.
    private func closedOrder(_ clientID: String) throws -> OrderIntent? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM orders WHERE client_order_id = ?"), arguments: [clientID]).flatMap { row -> OrderIntent? in
                guard let side = Side(rawValue: row["side"]), let purpose = OrderPurpose(rawValue: row["purpose"]),
                      let quantity = Decimal.parse(row["quantity"] as String) else { return nil }
                var order = OrderIntent(clientOrderID: clientID, ts: Timestamp(milliseconds: row["created_at"]), session: row["session"], signalID: row["signal_id"] ?? "",
                                        strategy: row["strategy"] ?? "", symbol: row["symbol"], side: side, type: OrderType(rawValue: row["type"]) ?? .market,
                                        purpose: purpose, quantity: quantity, referencePrice: (row["reference_price"] as String?).flatMap { Decimal.parse($0) } ?? 0,
                                        stop: nil, target: nil)
                order.protects = row["protects"]
                return order
            }
        }
    }

    /// The order an amendment chain started from: `clientOrderID` itself,
    /// or the first order of the cancel-replaces that led to it.
    public func amendmentRoot(of clientOrderID: String) throws -> String {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: """
                SELECT json_extract(payload, '$.root') FROM events WHERE aggregate_type = 'order' AND type = 'order.amended'
                AND json_extract(payload, '$.to') = ? ORDER BY seq DESC LIMIT 1
                """), arguments: [clientOrderID]) ?? clientOrderID
        }
    }

    /// How many amendments the chain starting at `root` has had.
    public func amendmentCount(root: String) throws -> Int {
        try read { db in
            try Int.fetchOne(db.cachedStatement(sql: """
                SELECT COUNT(*) FROM events WHERE aggregate_type = 'order' AND type = 'order.amended' AND json_extract(payload, '$.root') = ?
                """), arguments: [root]) ?? 0
        }
    }

    /// The trader canceled `clientOrderID` (`gen-exec cancel`): CANCELED at
    /// `time` (the cancel rate measures from placement to here), the
    /// `order.canceled` event saying who, and the behaviour event.
    public func recordTraderCancel(clientOrderID: String, session: String, at time: Timestamp) throws {
        try write { db in
            let reason = "canceled by the trader (gen-exec cancel)"
            try db.execute(sql: "UPDATE orders SET status = 'CANCELED', reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                           arguments: [reason, time.milliseconds, clientOrderID])
            try append(AuditEvent(type: "order.canceled", aggregateType: "order", aggregateID: clientOrderID, occurredAt: time,
                                  payload: ["status": OrderStatus.canceled.rawValue, "reason": reason, "by": "trader"]), in: db)
            try recordBehaviour(db, session: session, kind: BehaviourKind.orderCancel.rawValue, detail: clientOrderID, at: time)
        }
    }

    /// How an order was amended.
    public enum Amendment: String, Sendable {
        /// In place (`order/amend/keepPriority`): the same order, smaller.
        case keepPriority = "keep_priority"
        /// Canceled and replaced by a new order (`order/cancelReplace`).
        case cancelReplace = "cancel_replace"
    }

    /// An amendment that succeeded on the venue, in one transaction: the
    /// order's new quantity (in place), or the old order CANCELED as
    /// replaced by `replacement` (already recorded as placed); the
    /// `order.amended` event the bargaining indicator counts against `root`;
    /// and the behaviour event it counts in bursts.
    public func recordAmendment(_ kind: Amendment, of clientOrderID: String, root: String, session: String, quantity: Decimal, price: Decimal?,
                                replacement: String?, at time: Timestamp) throws {
        try write { db in
            switch kind {
            case .keepPriority:
                try db.execute(sql: "UPDATE orders SET quantity = ?, updated_at = ? WHERE client_order_id = ?",
                               arguments: [quantity.plainText, time.milliseconds, clientOrderID])
            case .cancelReplace:
                try db.execute(sql: "UPDATE orders SET status = 'CANCELED', reject_reason = ?, updated_at = ? WHERE client_order_id = ?",
                               arguments: [Store.replacedReasonPrefix + (replacement ?? "?"), time.milliseconds, clientOrderID])
            }
            var payload = ["kind": kind.rawValue, "root": root, "quantity": quantity.plainText]
            if let price { payload["price"] = price.plainText }
            if let replacement { payload["to"] = replacement }
            try append(AuditEvent(type: "order.amended", aggregateType: "order", aggregateID: clientOrderID, occurredAt: time, payload: payload), in: db)
            try recordBehaviour(db, session: session, kind: BehaviourKind.orderAmend.rawValue,
                                detail: "\(root): \(kind.rawValue) to \(quantity.plainText)\(price.map { " at \($0.plainText)" } ?? "")", at: time)
        }
    }

    /// A trade made outside GENESIS, as reconciliation found it.
    public struct OutsideTrade: Sendable, Equatable {
        /// `SYMBOL-id`, the exchange trade id.
        public var tradeID: String
        public var at: Timestamp
        public var detail: String

        public init(tradeID: String, at: Timestamp, detail: String) {
            self.tradeID = tradeID
            self.at = at
            self.detail = detail
        }
    }

    /// `gen-exec reconcile --acknowledge-trades`: records, in one
    /// transaction, that the trader made these trades outside GENESIS (the
    /// `trade.acknowledged` event reconciliation looks for, as
    /// `acknowledgeTrades` writes it) and counts each as a manual override
    /// for the tilt detector (`behaviour.app_trade`, dated at the trade).
    public func acknowledgeOutsideTrades(_ trades: [OutsideTrade], reason: String, session: String, at time: Timestamp) throws {
        try write { db in
            for trade in trades {
                try append(AuditEvent(type: "trade.acknowledged", aggregateType: "trade", aggregateID: trade.tradeID, occurredAt: time, payload: ["reason": reason]), in: db)
                try recordBehaviour(db, session: session, kind: BehaviourKind.appTrade.rawValue, detail: trade.detail, at: trade.at)
            }
        }
    }

    /// The refusal recorded for a signal judged before (a retried manual
    /// order), with its rule and message; nil when it was approved or never judged.
    public func recordedRefusal(signalID: String, session: String) throws -> Rejection? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT rule, message FROM signals WHERE session = ? AND id = ? AND decision = 'REJECTED'"), arguments: [session, signalID]).map { row in
                Rejection(RiskRule(rawValue: row["rule"] ?? "") ?? .notApproved, row["message"] ?? "refused")
            }
        }
    }
}
