import Foundation
import GenesisDomain
import GenesisStore

/// The audit events a trader must hear about, worded for a person
/// (`gen-alert events`). Tier and tilt events of a backtest or paper
/// session are left out: only the live account's reach the trader.
public enum EventAlerts {
    /// The event types read, in the audit trail's names.
    public static let types = ["tier.demoted", "tier.deleveraged", "trading.halted", "tilt.locked", "exchange.banned", "exchange.paused"]

    /// The alert for `event`, or nil when it is not one (another session's).
    public static func alert(for event: AlertableEvent) -> AlertMessage? {
        let p = event.payload
        func make(_ level: AlertLevel, _ code: String, _ message: String) -> AlertMessage {
            AlertMessage(level: level, code: code, message: message, ts: event.occurredAt, source: "events #\(event.seq)")
        }
        switch event.type {
        case "tier.demoted":
            guard event.aggregateID == Account.defaultSession else { return nil }
            let from = p["from"] ?? "?", to = p["to"] ?? "?", reason = p["reason"] ?? "a demotion trigger"
            if let trigger = p["trigger"].flatMap(DemotionTrigger.init(rawValue:)), trigger.isEmergency {
                let change = from == to ? "at \(to) (already the lowest tier, so its emergency limits apply)" : "from \(from) to \(to)"
                return make(.critical, "tier.emergency_demotion",
                            "EMERGENCY DEMOTION \(change) after \(reason). Positions are being closed, orders canceled and new entries paused; a journal entry (`gen-tilt journal`) comes before the next trade.")
            }
            return make(.critical, "tier.demoted", "Demoted from \(from) to \(to) after \(reason). Open orders were canceled.")
        case "tier.deleveraged":
            guard event.aggregateID == Account.defaultSession else { return nil }
            return make(.warning, "tier.deleveraging",
                        "Staged deleveraging \(p["stage"].map { "stage \($0)" } ?? ""): today's loss passed a deleveraging level, so open positions are being cut.")
        case "trading.halted":
            let reason = p["reason"] ?? "no reason given", by = p["by"] ?? "?"
            switch p["cause"].flatMap(HaltCause.init(rawValue:)) {
            case .reconciliation?:
                return make(.critical, "reconcile.halt",
                            "Trading HALTED by reconciliation: the exchange and the store disagree (\(reason)). Run `gen-exec reconcile` (docs/RUNBOOK.md); only a clean reconcile lifts it.")
            case .emergency?:
                return make(.critical, "trading.emergency_halt", "Trading HALTED by the emergency demotion (\(reason)); it lifts after the cooldown.")
            case .manual?, nil:
                return make(.critical, "trading.halted", "Trading HALTED by \(by): \(reason). `gen-exec resume` lifts it.")
            }
        case "tilt.locked":
            guard event.aggregateID == Account.defaultSession else { return nil }
            return make(.critical, "tilt.locked",
                        "Tilt LOCKED (score \(p["score"] ?? "?")\(p["reason"].map { ": \($0)" } ?? "")). No new entries until \(p["ends_at"] ?? "the lockout ends") and a journal entry (`gen-tilt journal`) is accepted.")
        case "exchange.banned":
            return make(.critical, "exchange.banned",
                        "Binance BANNED this IP (HTTP \(p["status"] ?? "418")) on \(event.aggregateID) until \(p["until"] ?? "?"): nothing can be sent or canceled there until then. \(p["reason"] ?? "")")
        case "exchange.paused":
            return make(.warning, "exchange.paused",
                        "Requests to \(event.aggregateID) paused until \(p["until"] ?? "?") after HTTP \(p["status"] ?? "429") (rate limit). \(p["reason"] ?? "")")
        default:
            return nil
        }
    }
}
