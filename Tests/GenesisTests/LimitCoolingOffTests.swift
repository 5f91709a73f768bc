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

/// DESIGN §1.3: a loosened risk limit waits out its cooling-off; a tightened one applies at once.
@Suite struct LimitCoolingOffTests {
    let start = Timestamp(milliseconds: 1_704_067_200_000) // 2024-01-01T00:00Z
    func minutes(_ count: Int64) -> Timestamp { start.adding(milliseconds: count * 60_000) }

    func config(maxTrades: Int = 100, dailyLoss: Decimal = 25, coolingOff: Int = 60) -> GenesisConfig {
        var config = GenesisConfig()
        config.risk.maxTradesPerDay = maxTrades
        config.tiers.sniper.dailyLossLimit = ExactDecimal(dailyLoss)
        config.risk.loosenCoolingOffMinutes = coolingOff
        return config
    }

    @Test func onlyLimitsThatAllowMoreRiskCountAsLoosened() {
        let old = ConfigChange.flatten(config())
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(maxTrades: 150))) == ["risk.maxTradesPerDay"])
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(maxTrades: 50))).isEmpty)
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(dailyLoss: 40))) == ["tiers.sniper.dailyLossLimit"])
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(coolingOff: 5))) == ["risk.loosenCoolingOffMinutes"])
        var cosmetic = config()
        cosmetic.watcher.heartbeatSeconds = 9
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(cosmetic)).isEmpty)
    }

    @Test func aLoosenedLimitKeepsItsOldValueForAnHourAndATightenedOneAppliesAtOnce() throws {
        let store = try TestSupport.makeStore()
        #expect(try store.adoptConfiguration(config(), at: start).config.risk.maxTradesPerDay == 100)
        // Loosened: still 100 for the next hour, then 150.
        let loosened = try store.adoptConfiguration(config(maxTrades: 150, dailyLoss: 20), at: minutes(1))
        #expect(loosened.config.risk.maxTradesPerDay == 100)
        #expect(loosened.config.tiers.sniper.dailyLossLimit.value == 20) // tightened: at once
        #expect(loosened.changes.count == 2)
        #expect(try store.adoptConfiguration(config(maxTrades: 150, dailyLoss: 20), at: minutes(60)).config.risk.maxTradesPerDay == 100)
        #expect(try store.pendingLoosenings(session: Account.defaultSession).map(\.key) == ["risk.maxTradesPerDay"])
        #expect(try store.adoptConfiguration(config(maxTrades: 150, dailyLoss: 20), at: minutes(61)).config.risk.maxTradesPerDay == 150)
        #expect(try store.pendingLoosenings(session: Account.defaultSession).isEmpty)
        let types = try store.writer.read { try String.fetchAll($0, sql: "SELECT type FROM events WHERE type LIKE 'risk.limit_loosen%' ORDER BY seq") }
        #expect(types == ["risk.limit_loosening", "risk.limit_loosened"])
    }

    @Test func aLooseningTakenBackIsDropped() throws {
        let store = try TestSupport.makeStore()
        _ = try store.adoptConfiguration(config(), at: start)
        _ = try store.adoptConfiguration(config(maxTrades: 150), at: minutes(1))
        let back = try store.adoptConfiguration(config(), at: minutes(2))
        #expect(back.config.risk.maxTradesPerDay == 100)
        #expect(try store.pendingLoosenings(session: Account.defaultSession).isEmpty)
        // Shortening the cooling-off is itself a loosening, so it cannot speed up another one.
        let sneaky = try store.adoptConfiguration(config(maxTrades: 150, coolingOff: 1), at: minutes(3))
        #expect(sneaky.config.risk.maxTradesPerDay == 100)
        #expect(sneaky.config.risk.loosenCoolingOffMinutes == 60)
        #expect(try store.adoptConfiguration(config(maxTrades: 150, coolingOff: 1), at: minutes(5)).config.risk.maxTradesPerDay == 100)
    }
}
