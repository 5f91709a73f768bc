import Foundation
import Testing
@testable import Shared

/// The watcher's look at the day: open positions marked to the bid count toward the daily loss.
@Suite struct MarkedToMarketSupervisionTests {
    let opened = Timestamp(milliseconds: 1_704_067_200_000) // 2024-01-01T00:00Z

    @Test func anUnrealisedLossPastTheEmergencyLimitDemotesEvenOnADayWithoutFills() throws {
        let store = try TestSupport.makeStore()
        try store.createAccount(.opening(balance: 500, at: opened), at: opened)
        let nextMorning = opened.adding(milliseconds: 30 * 3_600_000)
        // 14% on paper: deleveraging, not yet the emergency.
        let warning = try store.superviseTier(session: Store.defaultSession, config: GenesisConfig(), now: nextMorning, unrealized: -70)
        #expect(warning.change == nil)
        #expect(warning.sellShare != nil)
        #expect(try store.requireAccount().balance == 500) // marking never touches the stored balance
        // 16% on paper: the emergency, at once.
        let emergency = try store.superviseTier(session: Store.defaultSession, config: GenesisConfig(), now: nextMorning.adding(milliseconds: 1000), unrealized: -80)
        #expect(emergency.closeAll)
        #expect(emergency.change != nil)
        #expect(try store.tradingState().0 == .halted)
    }
}
