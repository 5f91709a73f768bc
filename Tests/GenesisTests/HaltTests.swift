import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// One way to halt (`Store.halt`), with its cause kept as a value: what a
/// second halt may and may not do, and what each cause means for `resume`.
@Suite struct HaltTests {
    let start = Timestamp(milliseconds: 1_709_294_400_000) // 2024-03-01

    func store() throws -> Store { try TestSupport.makeStore(balance: 1000, openedAt: start) }

    func events(_ store: Store, _ type: String) throws -> [AuditEntry] {
        try store.auditTrail(AuditFilter(typePrefix: type, limit: 100))
    }

    @Test func anEmergencyOutranksAManualHalt() throws {
        let store = try store()
        #expect(try store.halt(.manual, reason: "news spike", by: "gen-exec halt", at: start))
        #expect(try store.halt(.emergency, reason: "emergency: daily loss 18%", by: "tier", at: start.adding(milliseconds: 60_000)))
        #expect(try store.haltCause() == .emergency)
        #expect(try store.tradingStateChangedAt() == start.adding(milliseconds: 60_000))
    }

    @Test func nothingButAnEmergencyReplacesAHaltAndTheRequestIsKept() throws {
        let store = try store()
        try store.halt(.emergency, reason: "emergency: drawdown", by: "tier", at: start)
        #expect(try !store.halt(.manual, reason: "something else", by: "gen-exec halt", at: start.adding(milliseconds: 1000)))
        #expect(try !store.halt(.reconciliation, reason: "reconciliation: trade 7", by: "gen-exec watch", at: start.adding(milliseconds: 2000)))
        #expect(try store.haltCause() == .emergency)
        #expect(try store.tradingState().1 == "emergency: drawdown")
        #expect(try store.tradingStateChangedAt() == start)
        let kept = try events(store, "trading.halt_kept")
        #expect(kept.count == 2)
        #expect(kept[0].payload.contains(#""cause":"manual""#) && kept[1].payload.contains(#""cause":"reconciliation""#))
        #expect(kept.allSatisfy { $0.payload.contains(#""in_force":"emergency""#) })
    }

    @Test func anOlderEmergencyNeverShortensTheCooldown() throws {
        let store = try store()
        let later = start.adding(milliseconds: 3_600_000)
        try store.halt(.emergency, reason: "emergency: today", by: "tier", at: later)
        try store.halt(.emergency, reason: "emergency: replayed", by: "tier", at: start)
        #expect(try store.tradingStateChangedAt() == later)
    }

    @Test func theTradersHaltIsRefusedOverAnotherAndCountedAsBehaviour() throws {
        let store = try store()
        #expect(try store.haltByTrader(reason: "lunch", by: "gen-exec halt", at: start) == "trading HALTED (lunch); `gen-exec resume` lifts it")
        #expect(try events(store, "behaviour.halt").count == 1)
        do {
            _ = try store.haltByTrader(reason: "again", by: "control-api halt", at: start.adding(milliseconds: 1))
            Issue.record("a second halt was accepted")
        } catch let error as GenesisError {
            #expect("\(error)".contains("already HALTED (lunch)"))
            #expect(error.exitStatus == .stateConflict)
        }
        #expect(try events(store, "behaviour.halt").count == 1)
    }

    @Test func aSystemHaltIsNotTheTradersBehaviour() throws {
        let store = try store()
        try store.halt(.reconciliation, reason: "reconciliation: trade 9", by: "gen-exec", at: start)
        #expect(try events(store, "behaviour.halt").isEmpty)
        #expect(HaltCause.reconciliation.isSystem && HaltCause.emergency.isSystem && !HaltCause.manual.isSystem)
    }

    @Test func aReconciliationHaltOutranksTheTradersAndOnlyACleanReconcileLiftsIt() throws {
        let store = try store()
        let cooldown = TierMachine(config: GenesisConfig()).cooldownEnd
        try store.halt(.manual, reason: "lunch", by: "gen-exec halt", at: start)
        #expect(try store.halt(.reconciliation, reason: "reconciliation: trade 3", by: "gen-exec", at: start.adding(milliseconds: 1000)))
        // A further halt by the trader cannot stand in for it, so resume cannot lift it.
        #expect(try !store.halt(.manual, reason: "something else", by: "gen-exec halt", at: start.adding(milliseconds: 2000)))
        #expect(throws: GenesisError.self) { try store.resume(by: "gen-exec resume", at: start.adding(milliseconds: 3_600_000), cooldownEnd: cooldown) }
        #expect(try store.haltCause() == .reconciliation)
        #expect(try store.liftReconciliationHalt(by: "gen-exec reconcile", at: start.adding(milliseconds: 4_000_000)))
        #expect(try store.tradingState().0 == .active)
        #expect(try !store.liftReconciliationHalt(by: "gen-exec reconcile", at: start.adding(milliseconds: 4_000_001)))
    }

    @Test func noSequenceOfHaltsAndResumesShortensTheEmergencyCooldown() throws {
        let store = try store()
        let cooldown = TierMachine(config: GenesisConfig()).cooldownEnd
        try store.halt(.emergency, reason: "emergency: loss 18%", by: "tier", at: start)
        for (offset, step) in [(60_000, "halt"), (120_000, "resume"), (3_600_000, "halt"), (23 * 3_600_000, "resume")] {
            let time = start.adding(milliseconds: Int64(offset))
            if step == "halt" {
                #expect(try !store.halt(.manual, reason: "something else", by: "gen-exec halt", at: time))
                #expect(try !store.halt(.reconciliation, reason: "reconciliation", by: "gen-exec", at: time))
            } else {
                #expect(throws: GenesisError.self) { try store.resume(by: "gen-exec resume", at: time, cooldownEnd: cooldown) }
            }
            #expect(try store.haltCause() == .emergency)
        }
        #expect(try !store.liftReconciliationHalt(by: "gen-exec reconcile", at: start.adding(milliseconds: 3_600_000)))
        let after = cooldown(start).adding(milliseconds: 1)
        #expect(try store.resume(by: "gen-exec resume", at: after, cooldownEnd: cooldown).hasPrefix("trading ACTIVE again"))
        #expect(try events(store, "behaviour.forced_resume").count == 1)
    }

    @Test func haltsBeforeTypedCausesAreClassifiedOnceFromTheirWording() throws {
        // The v8 backfill, run on rows as older builds wrote them.
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE trading_state (id INTEGER PRIMARY KEY, state TEXT NOT NULL, reason TEXT NOT NULL, changed_at INTEGER, changed_by TEXT)")
            for (id, state, reason) in [(1, "HALTED", "Emergency: daily loss"), (2, "HALTED", "reconciliation: trade 3"), (3, "HALTED", "news"), (4, "ACTIVE", "resumed")] {
                try db.execute(sql: "INSERT INTO trading_state VALUES (?, ?, ?, 0, 'x')", arguments: [id, state, reason])
            }
            try db.execute(sql: Schema.v8)
            let causes = try String?.fetchAll(db, sql: "SELECT cause FROM trading_state ORDER BY id")
            #expect(causes == ["emergency", "reconciliation", "manual", nil])
        }
    }
}
