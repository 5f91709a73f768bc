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

/// DESIGN §1.3: a loosened protective setting waits out its cooling-off; a
/// tightened one applies at once. Directions come from `ConfigKeys.rules`.
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

    func eventTypes(_ store: Store) throws -> [String] {
        try store.read { try String.fetchAll($0, sql: "SELECT type FROM events WHERE type LIKE 'config.%' ORDER BY seq") }
    }

    // MARK: - The direction table

    @Test func onlyLimitsThatAllowMoreRiskCountAsLoosened() {
        let old = ConfigChange.flatten(config())
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(maxTrades: 150))) == ["risk.maxTradesPerDay"])
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(maxTrades: 50))).isEmpty)
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(dailyLoss: 40))) == ["tiers.sniper.dailyLossLimit"])
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(config(coolingOff: 5))) == ["risk.loosenCoolingOffMinutes"])
        var cosmetic = config()
        cosmetic.watcher.heartbeatSeconds = 9
        cosmetic.strategies.momentumBreakout.lookback = 30
        #expect(LimitCoolingOff.loosened(from: old, to: ConfigChange.flatten(cosmetic)).isEmpty)
    }

    @Test(arguments: [
        // key, old, new, the value in force while it cools off
        ("tilt.lockedAt", "80", "95", "80"),                         // larger is looser
        ("tilt.lockedAt", "80", "70", "70"),                         // tightening: at once
        ("tilt.decayMinutes", "240", "60", "240"),                   // smaller is looser
        ("tilt.decayMinutes", "240", "480", "480"),
        ("tilt.weights.revengeEntry", "30", "5", "30"),
        ("tilt.lockoutMinutes", "[5, 30, 1440]", "[1, 60, 1440]", "[5, 60, 1440]"), // item by item
        ("tilt.lockoutMinutes", "[5, 30, 1440]", "[5, 30]", "[5, 30, 1440]"),     // a new length waits whole
        ("tiers.sniper.orderTypes", "[MARKET]", "[MARKET, LIMIT]", "[MARKET]"),   // a set that grows
        ("tiers.hunter.orderTypes", "[MARKET, LIMIT, IOC]", "[MARKET, FOK]", "[MARKET]"), // dropped at once, added later
        ("tiers.hunter.strategies", "[a, b]", "[b]", "[b]"),
        ("execution.haltPhrase", "HALT TRADING NOW", "HALT TRADING NOW PLEASE", "HALT TRADING NOW"), // any change
        ("demotion.deleveraging", "[{cutFraction: 0.25, dailyLossFraction: 0.1}]", "[{cutFraction: 0.5, dailyLossFraction: 0.1}]",
         "[{cutFraction: 0.25, dailyLossFraction: 0.1}]"),
        ("tiers.hunter.promotion.minimumTrades", "100", "null", "100"),           // no gate: the loosest
        ("tiers.sniper.promotion.minimumTrades", "null", "100", "100"),
        ("tiers.sniper.sliceAboveNotional", "500", "null", "500"),               // never sliced: +∞
        ("tiers.sniper.sliceAboveNotional", "null", "500", "500"),
        ("tiers.architect.maximumBalance", "null", "1000000", "null"),           // smaller-is-looser +∞ is the strictest
        ("tiers.hunter.kellyMaximumFraction", "0.1", "null", "0.1"),              // not comparable: waits
        ("tiers.hunter.kellyMaximumFraction", "null", "0.1", "null"),
        ("watcher.heartbeatSeconds", "5", "60", "60"),                           // not protective
        ("strategies.momentumBreakout.lookback", "20", "2", "2"),
    ])
    func theValueInForceIsTheStricter(_ key: String, _ old: String, _ new: String, _ inForce: String) {
        #expect(LimitCoolingOff.stricter(key, old: old, new: new) == inForce)
        #expect(LimitCoolingOff.isLooser(key, old: old, new: new) == (inForce != new))
    }

    /// The relations checked between keys survive a partly held change: the
    /// stricter of two valid configurations, key by key, is valid.
    @Test func aPartlyHeldChangeIsStillAValidConfiguration() throws {
        var loose = GenesisConfig(), tight = GenesisConfig()
        loose.tilt.cautionAt = 50; loose.tilt.warningAt = 70; loose.tilt.lockedAt = 90
        tight.tilt.cautionAt = 10; tight.tilt.warningAt = 20; tight.tilt.lockedAt = 25
        loose.tiers.sniper.minimumBalance = 100; loose.tiers.sniper.maximumBalance = 150
        tight.tiers.sniper.minimumBalance = 600; tight.tiers.sniper.maximumBalance = 1900
        loose.risk.dailyLossReduceAt = 0.08; loose.risk.dailyLossNoNewPositionsAt = 0.13; loose.risk.dailyLossPrepareHaltAt = 0.14
        tight.risk.dailyLossReduceAt = 0.01; tight.risk.dailyLossNoNewPositionsAt = 0.02; tight.risk.dailyLossPrepareHaltAt = 0.03
        loose.execution.icebergMinSlices = 1; loose.execution.icebergMaxSlices = 2
        tight.execution.icebergMinSlices = 8; tight.execution.icebergMaxSlices = 9
        loose.tiers.architect.orderTypes = [.market, .limit]; loose.tiers.strategist.orderTypes = [.market, .limit]; loose.tiers.hunter.orderTypes = [.market, .limit]
        try loose.validate()
        try tight.validate()
        for (from, to) in [(loose, tight), (tight, loose)] {
            let old = ConfigChange.flatten(from), new = ConfigChange.flatten(to)
            let held = Dictionary(uniqueKeysWithValues: LimitCoolingOff.loosened(from: old, to: new).map { ($0, LimitCoolingOff.stricter($0, old: old[$0]!, new: new[$0]!)) })
            try ConfigChange.applying(held, to: to).validate()
        }
    }

    // MARK: - Adoption through the store

    @Test func aLoosenedLimitKeepsItsOldValueForAnHourAndATightenedOneAppliesAtOnce() throws {
        let store = try TestSupport.makeStore()
        #expect(try store.adoptConfiguration(config(), at: start).config.risk.maxTradesPerDay == 100)
        // Loosened: still 100 for the next hour, then 150.
        let loosened = try store.adoptConfiguration(config(maxTrades: 150, dailyLoss: 20), at: minutes(1))
        #expect(loosened.config.risk.maxTradesPerDay == 100)
        #expect(loosened.config.tiers.sniper.dailyLossLimit.value == 20) // tightened: at once
        #expect(loosened.changes.count == 2)
        #expect(loosened.pending.map(\.key) == ["risk.maxTradesPerDay"])
        #expect(try store.adoptConfiguration(config(maxTrades: 150, dailyLoss: 20), at: minutes(60)).config.risk.maxTradesPerDay == 100)
        #expect(try store.pendingLoosenings(session: Account.defaultSession).map(\.key) == ["risk.maxTradesPerDay"])
        let cooled = try store.adoptConfiguration(config(maxTrades: 150, dailyLoss: 20), at: minutes(61))
        #expect(cooled.config.risk.maxTradesPerDay == 150)
        #expect(cooled.adopted == ["risk.maxTradesPerDay"])
        #expect(try store.pendingLoosenings(session: Account.defaultSession).isEmpty)
        #expect(try eventTypes(store) == ["config.loosening_pending", "config.loosening_adopted"])
    }

    @Test func aLooseningTakenBackIsDropped() throws {
        let store = try TestSupport.makeStore()
        _ = try store.adoptConfiguration(config(), at: start)
        _ = try store.adoptConfiguration(config(maxTrades: 150), at: minutes(1))
        let back = try store.adoptConfiguration(config(), at: minutes(2))
        #expect(back.config.risk.maxTradesPerDay == 100)
        #expect(try store.pendingLoosenings(session: Account.defaultSession).isEmpty)
        #expect(try eventTypes(store) == ["config.loosening_pending", "config.loosening_withdrawn"])
        // Shortening the cooling-off is itself a loosening, so it cannot speed up another one.
        let sneaky = try store.adoptConfiguration(config(maxTrades: 150, coolingOff: 15), at: minutes(3))
        #expect(sneaky.config.risk.maxTradesPerDay == 100)
        #expect(sneaky.config.risk.loosenCoolingOffMinutes == 60)
        #expect(try store.adoptConfiguration(config(maxTrades: 150, coolingOff: 15), at: minutes(20)).config.risk.maxTradesPerDay == 100)
        #expect(try store.adoptConfiguration(config(maxTrades: 150, coolingOff: 15), at: minutes(63)).config.risk.maxTradesPerDay == 150)
    }

    /// Loosening further restarts the clock; easing back towards the old
    /// value (still looser than it) keeps the time already waited.
    @Test func loosenedFurtherRestartsTheClockButEasedBackKeepsIt() throws {
        let store = try TestSupport.makeStore()
        _ = try store.adoptConfiguration(config(), at: start)
        _ = try store.adoptConfiguration(config(maxTrades: 150), at: minutes(1))
        _ = try store.adoptConfiguration(config(maxTrades: 120), at: minutes(30))
        #expect(try store.pendingLoosenings(session: Account.defaultSession).first?.effectiveAt == minutes(61))
        _ = try store.adoptConfiguration(config(maxTrades: 200), at: minutes(40))
        #expect(try store.pendingLoosenings(session: Account.defaultSession).first?.effectiveAt == minutes(100))
        #expect(try store.adoptConfiguration(config(maxTrades: 200), at: minutes(99)).config.risk.maxTradesPerDay == 100)
        #expect(try store.adoptConfiguration(config(maxTrades: 200), at: minutes(100)).config.risk.maxTradesPerDay == 200)
    }

    /// The keys issue 12 found escaping: tilt, lockouts, journal, gates,
    /// demotion triggers, tier permissions, phrases, key length, execution.
    @Test func everyProtectiveSectionWaitsAndTighteningDoesNot() throws {
        let store = try TestSupport.makeStore()
        _ = try store.adoptConfiguration(GenesisConfig(), at: start)
        var loose = GenesisConfig()
        loose.tilt.lockedAt = 95
        loose.tilt.decayMinutes = 30
        loose.tilt.weights.revengeEntry = 1
        loose.tilt.lockoutMinutes = [1, 30, 1440]
        loose.tilt.journalMinimumWords = 100
        loose.tiers.hunter.promotion?.minimumTrades = 10
        loose.progression.minimumDaysAtTier = 1
        loose.demotion.stopLossesIn24Hours = 10
        loose.tiers.sniper.orderTypes = [.market, .limit]
        loose.tiers.sniper.strategies.append("mean_reversion")
        loose.execution.haltPhrase = "STOP NOW PLEASE"
        loose.control.minimumKeyLength = 64   // longer: tighter, at once
        loose.execution.icebergMinSlices = 1
        loose.tilt.cautionAt = 20            // lower: tighter, at once
        try loose.validate()
        let held = try store.adoptConfiguration(loose, at: minutes(1))
        let inForce = held.config
        #expect(inForce.tilt.lockedAt == 80 && inForce.tilt.decayMinutes == 240 && inForce.tilt.weights.revengeEntry == 30)
        #expect(inForce.tilt.lockoutMinutes == [5, 30, 1440] && inForce.tilt.journalMinimumWords == 500)
        #expect(inForce.tiers.hunter.promotion?.minimumTrades == 100 && inForce.progression.minimumDaysAtTier == 30)
        #expect(inForce.demotion.stopLossesIn24Hours == 3)
        #expect(inForce.tiers.sniper.orderTypes == [.market] && !inForce.tiers.sniper.strategies.contains("mean_reversion"))
        #expect(inForce.execution.haltPhrase == "HALT TRADING NOW" && inForce.execution.icebergMinSlices == 3)
        #expect(inForce.control.minimumKeyLength == 64 && inForce.tilt.cautionAt == 20)
        #expect(held.pending.count == 12)
        let later = try store.adoptConfiguration(loose, at: minutes(61))
        #expect(later.config == loose)
        #expect(later.adopted.count == 12)
    }

    /// A tier's promotion gates removed (`promotion: null`) wait whole and come back whole.
    @Test func removingPromotionGatesWaits() throws {
        let store = try TestSupport.makeStore()
        _ = try store.adoptConfiguration(GenesisConfig(), at: start)
        var loose = GenesisConfig()
        loose.tiers.hunter.promotion = nil
        let held = try store.adoptConfiguration(loose, at: minutes(1))
        #expect(held.config.tiers.hunter.promotion == GenesisConfig().tiers.hunter.promotion)
        #expect(try store.adoptConfiguration(loose, at: minutes(62)).config.tiers.hunter.promotion == nil)
    }

    /// Kelly sizing switched on (or off) for a tier waits, and the value in
    /// force is put back exactly, absent included.
    @Test func switchingKellySizingOnOrOffWaits() throws {
        let store = try TestSupport.makeStore()
        _ = try store.adoptConfiguration(GenesisConfig(), at: start)
        var changed = GenesisConfig()
        changed.tiers.sniper.kellyMinimumFraction = 0.01
        changed.tiers.sniper.kellyMaximumFraction = 0.2
        changed.tiers.hunter.kellyMinimumFraction = nil
        let held = try store.adoptConfiguration(changed, at: minutes(1)).config
        #expect(held.tiers.sniper.kellyMinimumFraction == nil && held.tiers.sniper.kellyMaximumFraction == nil)
        #expect(held.tiers.hunter.kellyMinimumFraction == 0.01)
        #expect(try store.adoptConfiguration(changed, at: minutes(61)).config == changed)
    }

    /// Each session cools off on its own; its first read has nothing to cool off against.
    @Test func sessionsAreSeparateAndTheFirstReadKeepsTheFile() throws {
        let store = try TestSupport.makeStore()
        #expect(try store.adoptConfiguration(config(maxTrades: 300), session: "backtest-1", at: start).config.risk.maxTradesPerDay == 300)
        _ = try store.adoptConfiguration(config(), at: start)
        #expect(try store.adoptConfiguration(config(maxTrades: 300), at: minutes(1)).config.risk.maxTradesPerDay == 100)
        #expect(try store.adoptConfiguration(config(maxTrades: 300), session: "backtest-1", at: minutes(1)).config.risk.maxTradesPerDay == 300)
    }

    /// A snapshot from an older build (a list of mappings over several
    /// lines, a `promotion: null` key) is read without inventing a change.
    @Test func anOlderSnapshotIsNotReadAsAChange() throws {
        let store = try TestSupport.makeStore()
        var old = ConfigChange.flatten(GenesisConfig()).filter { !$0.key.hasPrefix("tiers.sniper.promotion.") }
        old["tiers.sniper.promotion"] = "null"
        old["demotion.deleveraging"] = "[dailyLossFraction: '0.1'\ncutFraction: '0.25']"
        let text = String(decoding: try JSONEncoder().encode(old), as: UTF8.self)
        try store.write { try $0.execute(sql: "INSERT INTO config_snapshots (session, config, recorded_at) VALUES ('default', ?, 0)", arguments: [text]) }
        let adoption = try store.adoptConfiguration(GenesisConfig(), at: start)
        #expect(adoption.changes.isEmpty && adoption.pending.isEmpty)
    }
}
