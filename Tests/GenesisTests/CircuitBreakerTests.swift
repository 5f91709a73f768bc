import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisStore
@testable import GenesisPipeline
@testable import GenesisBinance
@testable import GenesisExchange
@testable import GenesisControl
@testable import GenesisSimulator
@testable import GenesisCommandLine

/// DESIGN §5: the breaker opens after 5 failures in 30 s and lets one trial
/// call through after 60 s; retries back off 1, 2, 4, 8 … 30 s.
@Suite struct CircuitBreakerTests {
    let settings = GenesisConfig().execution

    func breaker() -> CircuitBreaker {
        CircuitBreaker(failures: settings.breakerFailures, windowSeconds: settings.breakerWindowSeconds, halfOpenAfterSeconds: settings.breakerHalfOpenSeconds)
    }

    @Test func opensOnTheFifthFailureWithinThirtySeconds() {
        var breaker = breaker()
        for second in 0..<4 { breaker.recordFailure(at: Int64(second) * 1000) }
        #expect(breaker.waitBeforeCall(at: 4_000) == nil)         // four failures: still closed
        breaker.recordFailure(at: 29_000)                           // the fifth, 29 s after the first
        #expect(breaker.waitBeforeCall(at: 29_000) == 60_000)
        #expect(breaker.waitBeforeCall(at: 88_999) == 1)          // just before half-open
        #expect(breaker.waitBeforeCall(at: 89_000) == nil)        // half-open: one trial may go
    }

    @Test func failuresSpreadOverMoreThanTheWindowDoNotOpenIt() {
        var breaker = breaker()
        for second in [0, 10, 20, 30] { breaker.recordFailure(at: Int64(second) * 1000) }
        breaker.recordFailure(at: 30_001)                           // the first has aged out
        #expect(breaker.waitBeforeCall(at: 30_001) == nil)
        breaker.recordFailure(at: 31_000)
        #expect(breaker.waitBeforeCall(at: 31_000) != nil)
    }

    @Test func aFailedTrialReopensAndASuccessfulOneCloses() {
        var breaker = breaker()
        for _ in 0..<5 { breaker.recordFailure(at: 0) }
        breaker.recordFailure(at: 60_000)                           // the half-open trial failed
        #expect(breaker.waitBeforeCall(at: 60_000) == 60_000)
        #expect(breaker.waitBeforeCall(at: 120_000) == nil)
        breaker.recordSuccess()
        breaker.recordFailure(at: 120_001)                          // one new failure does not reopen
        #expect(breaker.waitBeforeCall(at: 120_001) == nil)
    }

    @Test func retriesBackOffAndCapAtThirtySeconds() {
        let retry = RetryPolicy(delaysSeconds: settings.retryBackoffSeconds)
        #expect((1...8).map(retry.delay(attempt:)) == [1, 2, 4, 8, 16, 30, 30, 30])
    }

    @Test func anOpenBreakerStopsCallsBeforeTheyReachTheExchange() async throws {
        var faults = SimFaults()
        faults.errorRate = 1 // every request answered 503
        let sim = try await LocalSim(faults: faults)
        let http = AsyncHTTPClientBox()
        let now = ManualClock(milliseconds: 1_000_000)
        let slept = ManualClock(milliseconds: 0) // the total of the pauses asked for, none of them waited
        let gateway = BinanceGateway(venue: "sim", restBase: sim.base, credentials: sim.credentials, http: http.client, state: nil,
                                     settings: settings, clock: now, sleeper: { slept.advance(milliseconds: $0) })
        // A GET is retried with back-off; five failures open the breaker.
        let first = await failure { try await gateway.call(.get, "/api/v3/depth", [("symbol", "BTCUSDT")]) }
        #expect(first != nil)
        let reached = await sim.api.served["/api/v3/depth", default: 0]
        #expect(reached == 5)
        #expect(slept.milliseconds == 31_000)                                // 1 + 2 + 4 + 8 s between the five tries, 16 s before the sixth, which the open breaker refuses
        // Open: nothing reaches the exchange, and the message says when to try again.
        let refused = await failure { try await gateway.call(.get, "/api/v3/depth", [("symbol", "BTCUSDT")]) }
        #expect("\(refused.map { "\($0)" } ?? "")".contains("circuit breaker is open"))
        #expect(await sim.api.served["/api/v3/depth", default: 0] == reached)
        // 60 s later one trial goes through (and fails again here).
        now.advance(seconds: 60)
        _ = await failure { try await gateway.call(.get, "/api/v3/depth", [("symbol", "BTCUSDT")]) }
        #expect(await sim.api.served["/api/v3/depth", default: 0] == reached + 1)
        await http.shutdown()
    }
}
