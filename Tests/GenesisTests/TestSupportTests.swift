import Foundation
import Testing
@testable import GenesisDomain

/// The bounded waits of TestSupport.swift do bound: a hang fails fast.
@Suite struct TestSupportTests {
    @Test func withTimeoutHandsBackTheResultInTime() async throws {
        #expect(try await withTimeout(seconds: 10) { 42 } == 42)
        await #expect(throws: CancellationError.self) { try await withTimeout(seconds: 10) { throw CancellationError() } }
    }

    @Test func aStreamThatNeverAnswersTimesOut() async throws {
        let silent = AsyncStream<Int> { _ in } // never yields, never finishes
        let error = await #expect(throws: TimedOut.self) {
            try await withTimeout(seconds: 0.2, "a silent stream") {
                for await _ in silent {}
            }
        }
        #expect(error?.what == "a silent stream")
    }

    /// The timeout does not wait for work deaf to cancellation: it returns
    /// while that work is still blocked (released only afterwards).
    @Test func workThatIgnoresCancellationStillTimesOut() async throws {
        let release = DispatchSemaphore(value: 0)
        let finished = Locked(false)
        await #expect(throws: TimedOut.self) {
            try await withTimeout(seconds: 0.2) {
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().async {
                        _ = release.wait(timeout: .now() + 60)
                        finished.set(true)
                        continuation.resume()
                    }
                }
            }
        }
        #expect(!finished.value)
        release.signal()
    }

    @Test func eventuallyPollsUntilTheConditionOrTheDeadline() async throws {
        let calls = Locked(0)
        // A distant deadline: only the third poll may say yes, however late the polls come.
        #expect(try await eventually(600, every: .milliseconds(1)) { calls.update { $0 += 1; return $0 >= 3 } })
        #expect(calls.value == 3)
        #expect(try await eventually(0.1) { false } == false)
        #expect(waitUntil(0.05) { false } == false)
        #expect(waitUntil(5) { true })
    }

    @Test func aHungCommandIsStoppedAndFailsItsCall() throws {
        let started = ContinuousClock.now
        #expect(throws: TimedOut.self) { try TestSupport.run("/bin/sleep", ["300"], timeout: 0.5) }
        #expect(ContinuousClock.now - started < .seconds(120)) // stopped, not waited for
        #expect(try TestSupport.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]).status == 3)
    }

    @Test func aManualClockMovesOnlyByHand() {
        let clock = ManualClock(milliseconds: 1_000)
        #expect(clock.now() == Timestamp(milliseconds: 1_000))
        clock.advance(seconds: 2)
        clock.advance(milliseconds: 5)
        #expect(clock.milliseconds == 3_005)
    }
}
