import Foundation
import Testing
@testable import GenesisDomain
@testable import GenesisPipeline

/// gen-exec's marks as a script: each read of the mark returns the next one.
private final class ScriptedProgress: PipelineProgress, @unchecked Sendable {
    private var marks: [ProgressMark]
    private(set) var reads = 0
    init(_ marks: [ProgressMark]) { self.marks = marks }
    func resetProgress(session: String) throws {}
    func recordProgress(session: String, ts: Timestamp, consumed: Int64, replayedFrom: Timestamp?) throws {}
    func progress(session: String) throws -> ProgressMark? {
        reads += 1
        return marks.count > 1 ? marks.removeFirst() : marks.first
    }
}

/// The barrier waits for every byte gen-risk wrote before a signal, not only
/// for the signal's time: with several symbols, gen-exec's mark reaches time
/// T on one symbol's candle while another's, at the same T, is still in the pipe.
@Suite struct ReplayBarrierTests {
    /// A process that is alive and is not this one, standing for gen-exec.
    let exec = getppid()

    @Test func waitsForTheBytesEvenWhenTheTimeIsAlreadyReached() throws {
        let t = Timestamp(milliseconds: 3_600_000)
        let progress = ScriptedProgress([
            ProgressMark(ts: t, consumed: 100, pid: exec), // BTCUSDT's candle at T handled
            ProgressMark(ts: t, consumed: 100, pid: exec),
            ProgressMark(ts: t, consumed: 180, pid: exec), // ETHUSDT's candle at T handled too
        ])
        var barrier = ReplayBarrier(store: progress, session: "s", timeoutSeconds: 30)
        #expect(try barrier.wait(until: t, written: 180))
        #expect(progress.reads == 3) // the time was reached at the first read; the bytes only at the third
        #expect(barrier.countsBytes)
    }

    @Test func anIdleGenExecShortOfTheBytesMeansSomethingChangesTheStream() throws {
        let t = Timestamp(milliseconds: 3_600_000)
        let progress = ScriptedProgress([ProgressMark(ts: t.adding(milliseconds: 60_000), consumed: 90, pid: exec)])
        var barrier = ReplayBarrier(store: progress, session: "s", timeoutSeconds: 30, mismatchGrace: .zero)
        #expect(try barrier.wait(until: t, written: 180))
        #expect(!barrier.countsBytes)
        // From then on the signal's time decides.
        #expect(try barrier.wait(until: t, written: 10_000))
    }

    /// Issue 12: a manual signal stamped between two candle closes (30 s
    /// after a stop) made gen-risk wait forever once it waited on times: no
    /// line at the signal's own time was ever ahead of it. The barrier now
    /// waits for the newest time gen-risk forwarded, which gen-exec reaches.
    @Test func onTimesItWaitsForWhatWasForwardedNotForTheSignalsOwnTime() throws {
        let close = Timestamp(milliseconds: 1_584_008_040_000)                 // the candle that stopped the position
        let progress = ScriptedProgress([ProgressMark(ts: close, consumed: 90, pid: exec)])
        var barrier = ReplayBarrier(store: progress, session: "s", timeoutSeconds: 30, mismatchGrace: .zero, unread: { 0 })
        #expect(try barrier.wait(until: close, written: 180))                  // idle short of the bytes: times from now on
        #expect(!barrier.countsBytes)
        #expect(try barrier.wait(until: close, written: 400))                  // the manual signal at close + 30 s: gen-risk forwarded up to `close`
        #expect(barrier.enabled)
    }

    /// Whatever it waits for, an idle gen-exec with nothing left to read
    /// cannot move: after the timeout the barrier says so and stops waiting.
    @Test func anIdleGenExecWithNothingToReadEndsTheWait() throws {
        let close = Timestamp(milliseconds: 3_600_000)
        let progress = ScriptedProgress([ProgressMark(ts: close, consumed: 90, pid: exec)])
        var barrier = ReplayBarrier(store: progress, session: "s", timeoutSeconds: 0, mismatchGrace: .seconds(3600), unread: { 0 })
        #expect(try barrier.wait(until: close.adding(milliseconds: 30_000), written: 180) == false)
        #expect(barrier.stalled && !barrier.enabled)
        #expect(try barrier.wait(until: close, written: 1) == false)           // no more waiting this run
        // While bytes are still in the pipe, gen-exec is busy, not idle: no stall yet.
        let busy = ScriptedProgress([ProgressMark(ts: close, consumed: 90, pid: exec), ProgressMark(ts: close, consumed: 90, pid: exec),
                                     ProgressMark(ts: close, consumed: 180, pid: exec)])
        var waiting = ReplayBarrier(store: busy, session: "s", timeoutSeconds: 0, mismatchGrace: .seconds(3600), unread: { 90 })
        #expect(try waiting.wait(until: close.adding(milliseconds: 30_000), written: 180))
        #expect(!waiting.stalled)
    }

    @Test func theMarkCountsTheBytesOfHandledLinesOnly() throws {
        // Two whole lines and the start of a third arrive; the mark, taken
        // when the reader would block, counts the two whole lines only.
        var pipe: [Int32] = [0, 0]
        #expect(Glibc.pipe(&pipe) == 0)
        let text = "{\"a\":1}\n{\"b\":2}\n{\"c\""
        _ = text.withCString { Glibc.write(pipe[1], $0, strlen($0)) }
        var marks: [Int64] = []
        var lines = 0
        let reader = LineReader(descriptor: pipe[0])
        let writerEnd = pipe[1]
        try reader.forEachLine(beforeBlocking: { consumed in
            marks.append(consumed)
            close(writerEnd) // the writer is done: the reader sees the end next
        }) { _, _ in lines += 1 }
        close(pipe[0])
        #expect(marks == [16])
        #expect(lines == 3)
    }
}
