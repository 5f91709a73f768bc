import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// The tilt detector's memory in the store (DESIGN §4): lockouts escalate and
/// survive a restart, a journal lifts a lock only after its lockout.
@Suite struct TiltStoreTests {
    static let t0 = Timestamp(parsing: "2024-03-01T12:00:00Z")!
    let config = GenesisConfig()

    func minutes(_ value: Int64) -> Timestamp { Self.t0.adding(milliseconds: value * 60_000) }

    func overrides(_ store: Store, count: Int, at time: Timestamp) throws {
        for index in 0..<count { try store.recordBehaviour(kind: "override_attempt", detail: "attempt \(index)", at: time.adding(milliseconds: Int64(index) * 1000)) }
    }

    func draft(_ seed: UInt64) -> JournalDraft {
        JournalDraft(trigger: JournalCheckTests.prose(30, seed: seed), plan: JournalCheckTests.prose(30, seed: seed + 1), body: JournalCheckTests.prose(480, seed: seed + 2))
    }

    @Test func lockoutsEscalateAndSurviveARestart() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Self.t0)
        try overrides(store, count: 8, at: minutes(0))
        let first = try store.evaluateTilt(session: "default", config: config, now: minutes(1))
        #expect(first.assessment.level == .locked, "\(first.assessment.explanation)")
        #expect(first.lockoutStarted == minutes(6))                                       // 5 minutes
        // A journal written during the lockout is accepted but does not lift it yet.
        let early = try store.writeJournal(draft(10), config: config.tilt, now: minutes(3))
        #expect(early.accepted && !early.unlocked)
        #expect(try store.riskState(session: "default", config: config, now: minutes(4)).tilt.locked)
        // Once the lockout has ended, the next evaluation lifts it (the entry was written since it began).
        try store.evaluateTilt(session: "default", config: config, now: minutes(7))
        let unlocked = try store.riskState(session: "default", config: config, now: minutes(7)).tilt
        #expect(!unlocked.locked)
        #expect(unlocked.recoveryUntil == minutes(67))
        // New evidence after the unlock locks again, for longer: the second step of the ladder.
        try overrides(store, count: 8, at: minutes(10))
        let second = try store.evaluateTilt(session: "default", config: config, now: minutes(11))
        #expect(second.lockoutStarted == minutes(41))                                     // 30 minutes
        // A new process (or machine) reads the same state.
        let reopened = try Store(path: store.path)
        let standing = try reopened.riskState(session: "default", config: config, now: minutes(20)).tilt
        #expect(standing.locked && standing.lockoutEndsAt == minutes(41))
        let escalations = try reopened.read { try Int.fetchAll($0, sql: "SELECT escalation FROM lockouts ORDER BY id") }
        #expect(escalations == [1, 2])
        // A copy of the earlier entry is refused and lifts nothing.
        let copy = try reopened.writeJournal(draft(10), config: config.tilt, now: minutes(45))
        #expect(!copy.accepted)
        #expect(try reopened.riskState(session: "default", config: config, now: minutes(45)).tilt.locked)
        let fresh = try reopened.writeJournal(draft(20), config: config.tilt, now: minutes(45))
        #expect(fresh.unlocked)
    }

    /// A refused draft finished and sent again is the same reflection, not a
    /// copy: copies are judged against accepted entries only.
    @Test func aRefusedDraftRevisedIsNoCopyOfItself() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Self.t0)
        var entry = draft(40)
        entry.body = JournalCheckTests.prose(300, seed: 42)
        #expect(try store.writeJournal(entry, config: config.tilt, now: minutes(1)).message.hasPrefix("The entry has 360 words"))
        entry.body += " " + JournalCheckTests.prose(200, seed: 43)
        let revised = try store.writeJournal(entry, config: config.tilt, now: minutes(2))
        #expect(revised.accepted, "\(revised.message)")
        #expect(try !store.writeJournal(entry, config: config.tilt, now: minutes(3)).accepted)      // the accepted one again: a copy
    }

    @Test func anEmergencyJournalRequirementIsClearedByAnAcceptedEntry() throws {
        let store = try TestSupport.makeStore(balance: 500, openedAt: Self.t0)
        try store.write { db in
            var state = TierState()
            state.emergencyAt = Self.t0
            state.journalRequired = true
            try store.saveTierState(state, session: "default", at: Self.t0, in: db)
        }
        #expect(try store.tierState().journalRequired)
        _ = try store.writeJournal(draft(30), config: config.tilt, now: minutes(10))
        #expect(try !store.tierState().journalRequired)
    }
}
