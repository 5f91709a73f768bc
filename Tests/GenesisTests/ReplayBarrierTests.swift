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
    func recordProgress(session: String, ts: Timestamp, consumed: Int64) throws {}
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
