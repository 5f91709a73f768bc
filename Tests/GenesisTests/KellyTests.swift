import Foundation
import Testing
@testable import GenesisDomain

/// Fractional Kelly sizing at HUNTER (1%–10%, ¼ Kelly, 20 trades in 30
/// days), with hand-computed figures, and its edge cases defined.
@Suite struct KellyTests {
    func plan(trades: Int, wins: Int, averageWin: String, averageLoss: String) -> SizingPlan {
        var account = Account.opening(balance: 5000, at: Timestamp(milliseconds: 1_709_251_200_000))
        account.tier = .hunter
        var state = RiskState(account: account)
        state.record = TradingRecord(trades: trades, wins: wins, averageWin: Decimal(string: averageWin)!, averageLoss: Decimal(string: averageLoss)!)
        return SizingPlan(account: account, state: state, config: GenesisConfig(), now: Timestamp(milliseconds: 1_709_294_400_000))
    }

    @Test func nineteenTradesAreNotEnoughTwentyAre() {
        let short = plan(trades: 19, wins: 12, averageWin: "30", averageLoss: "20")
        #expect(short.baseFraction == Decimal(string: "0.05")!)
        #expect(short.method.contains("Kelly needs 20 trades in 30 days; 19 so far"))
        // 12 of 20 won, payoff 1.5: full Kelly 0.6 − 0.4 / 1.5 = 0.3333…; a quarter is 8.33%.
        let enough = plan(trades: 20, wins: 12, averageWin: "30", averageLoss: "20")
        #expect(abs(enough.baseFraction - Decimal(string: "0.0833333")!) < Decimal(string: "0.000001")!)
        #expect(enough.method.contains("full Kelly 33.33%"))
    }

    @Test func everyTradeWonIsFullKellyOneCappedByTheCeiling() {
        let plan = plan(trades: 25, wins: 25, averageWin: "30", averageLoss: "0")
        #expect(SizingPlan.fullKelly(TradingRecord(trades: 25, wins: 25, averageWin: 30, averageLoss: 0)) == 1)
        #expect(plan.baseFraction == Decimal(string: "0.10")!)      // ¼ × 100% = 25%, the HUNTER ceiling is 10%
        #expect(plan.method.contains("full Kelly 100%"))
        #expect(!plan.method.contains("needs"))
    }

    @Test func everyTradeLostTradesAtTheFloorWithoutDividingByZero() {
        let plan = plan(trades: 25, wins: 0, averageWin: "0", averageLoss: "20")
        #expect(plan.baseFraction == Decimal(string: "0.01")!)
        #expect(plan.method.contains("not one winning trade"))
        #expect(!plan.method.contains("NaN"))
        // A losing edge with some wins is a negative Kelly: the floor too.
        let losing = self.plan(trades: 20, wins: 5, averageWin: "10", averageLoss: "20") // 0.25 − 0.75 / 0.5 = −1.25
        #expect(losing.baseFraction == Decimal(string: "0.01")!)
        #expect(losing.method.contains("full Kelly -125%") && losing.method.contains("no edge, so the tier's floor"))
    }
}
