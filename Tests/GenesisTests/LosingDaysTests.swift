import Foundation
import GRDB
import Testing
@testable import GenesisDomain
@testable import GenesisStore

/// "Losing days in a row" (DESIGN §3.3, the size halves after two): counted
/// on calendar days back from yesterday; an empty day ends the run.
@Suite struct LosingDaysTests {
    static let day: Int64 = 86_400_000
    let start = Timestamp(milliseconds: 1_709_251_200_000) // 2024-03-01

    /// A position of `session` closed at noon of day `offset` with `pnl`.
    func closed(_ store: Store, _ id: String, day offset: Int64, pnl: String) throws {
        let time = start.milliseconds + offset * Self.day + Self.day / 2
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO orders (client_order_id, session, venue, symbol, side, type, purpose, quantity, status, created_at, updated_at)
                VALUES (?, 'default', 'paper', 'BTCUSDT', 'BUY', 'MARKET', 'ENTRY', '1', 'FILLED', ?, ?)
                """, arguments: [id, time - 3_600_000, time - 3_600_000])
            try db.execute(sql: """
                INSERT INTO positions (session, symbol, side, status, quantity, entry_price, entry_client_order_id, opened_at, closed_at, fees, realized_pnl)
                VALUES ('default', 'BTCUSDT', 'LONG', 'CLOSED', '1', '100', ?, ?, ?, '0', ?)
                """, arguments: [id, time - 3_600_000, time, pnl])
        }
    }

    func losingDays(_ store: Store, onDay offset: Int64) throws -> Int {
        try store.riskState(session: "default", config: GenesisConfig(), now: start.adding(milliseconds: offset * Self.day + 3_600_000)).record.losingDaysInARow
    }

    @Test func twoLosingDaysWeeksApartAreNotInARow() throws {
        let store = try TestSupport.makeStore(balance: 5000, openedAt: start)
        try closed(store, "a", day: 0, pnl: "-5")
        try closed(store, "b", day: 14, pnl: "-5")
        #expect(try losingDays(store, onDay: 15) == 1)
        #expect(try losingDays(store, onDay: 16) == 0)   // day 15 had no trade: the run ended
    }

    @Test func consecutiveLosingDaysCountAndAWinningDayEndsThem() throws {
        let store = try TestSupport.makeStore(balance: 5000, openedAt: start)
        try closed(store, "a", day: 1, pnl: "3")
        try closed(store, "b", day: 2, pnl: "-5")
        try closed(store, "c", day: 3, pnl: "-1")
        try closed(store, "d", day: 3, pnl: "0.5")           // the day nets −0.5: still a losing day
        #expect(try losingDays(store, onDay: 4) == 2)
        try closed(store, "e", day: 4, pnl: "-2")
        #expect(try losingDays(store, onDay: 4) == 2)        // today's losses count from tomorrow
        #expect(try losingDays(store, onDay: 5) == 3)
    }
}
