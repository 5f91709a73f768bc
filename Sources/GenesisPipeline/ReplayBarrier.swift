import Foundation
import GenesisDomain

/// The replay barrier. In a replay every stage runs as fast as its pipe
/// allows, so gen-risk could judge a signal before gen-exec has booked the
/// fills that came before it, and the same backtest would give different
/// results from run to run. gen-exec posts, whenever its input runs dry,
/// the newest time it has seen and the bytes of input it has handled (on
/// the store's progress board, a microsecond's read: `PipelineProgress`);
/// gen-risk, before judging a signal, waits until gen-exec has handled every
/// byte gen-risk wrote before it.
///
/// Bytes, not the signal's time: several symbols' candles share one
/// timestamp, so a mark at time T can come from BTCUSDT's candle while
/// ETHUSDT's, written just before an ETHUSDT signal at T, is still in the pipe.
/// Should anything between the two change the bytes (a filter), gen-exec
/// falls idle short of the count; the barrier then says so and waits on
/// times alone for the rest of the run. Live trading does not wait: there
/// the store is current.
///
/// Never a deadlock. Everything the barrier waits for is something gen-risk
/// has already written: the bytes, or — on times — the newest time of the
/// market lines it forwarded before the signal (`time`), never the signal's
/// own time. A hand-written signal stamped between two candle closes (30 s
/// after a stop, say) has nothing at its own time ahead of it, and gen-exec,
/// idle, would never report reaching it while gen-risk waited for it. And
/// should gen-exec still fall idle short of what was written (a filter that
/// drops lines), gen-risk sees it: gen-exec's mark stands still for the
/// timeout while the pipe to it is empty, so waiting cannot help; the barrier
/// says so and stops waiting for the rest of the run.
public struct ReplayBarrier {
    let store: PipelineProgress
    let session: String
    let timeout: Duration
    /// Cleared after a timeout: with no gen-exec downstream, or one that went
    /// idle short of what was written, there is nothing to wait for.
    public private(set) var enabled = true
    /// Cleared when gen-exec's input is not exactly gen-risk's output.
    public private(set) var countsBytes = true
    /// Set when gen-exec stayed alive but idle short of what gen-risk wrote.
    public private(set) var stalled = false

    /// How long an idle gen-exec may stay short of the bytes written, past
    /// the signal's time, before the barrier concludes something between
    /// the two changes the stream.
    let mismatchGrace: Duration
    /// Bytes written toward gen-exec and not yet read by it (the pipe on
    /// gen-risk's standard output); nil when that cannot be told.
    let unread: () -> Int?

    public init(store: PipelineProgress, session: String, timeoutSeconds: Int, mismatchGrace: Duration = .seconds(2),
                output: Int32 = STDOUT_FILENO) {
        self.init(store: store, session: session, timeoutSeconds: timeoutSeconds, mismatchGrace: mismatchGrace, unread: { Self.unreadBytes(output) })
    }

    init(store: PipelineProgress, session: String, timeoutSeconds: Int, mismatchGrace: Duration = .seconds(2), unread: @escaping () -> Int?) {
        self.store = store
        self.session = session
        self.timeout = .seconds(timeoutSeconds)
        self.mismatchGrace = mismatchGrace
        self.unread = unread
    }

    /// Bytes waiting in the pipe `descriptor` writes to (FIONREAD works on
    /// either end of a pipe); nil when it is not a pipe.
    static func unreadBytes(_ descriptor: Int32) -> Int? {
        var count: Int32 = 0
        return ioctl(descriptor, UInt(FIONREAD), &count) == 0 ? Int(count) : nil
    }

    /// Waits until gen-exec has handled the first `written` bytes of
    /// gen-risk's output (or, when bytes cannot be compared, every line up to
    /// `time`, the newest time gen-risk forwarded). While the gen-exec that
    /// wrote the mark is alive and has input to read it waits as long as it
    /// takes (a slow reader is back-pressure, not absence); when no gen-exec
    /// ever reported, or the one that did sits idle short of the target with
    /// nothing left to read, it gives up after the timeout, returns false and
    /// stops waiting for the rest of the run.
    public mutating func wait(until time: Timestamp, written: Int64) throws -> Bool {
        guard enabled else { return false }
        let clock = ContinuousClock()
        var lastMark = try store.progress(session: session)
        var lastMove = clock.now
        var pause: Duration = .microseconds(10)
        while true {
            let mark = try store.progress(session: session)
            if let mark, countsBytes ? mark.consumed >= written : mark.ts >= time { return true }
            let execAlive = mark.map { $0.pid != getpid() && kill($0.pid, 0) == 0 } ?? false
            if mark != lastMark {
                lastMark = mark
                lastMove = clock.now
            } else if let mark, execAlive, countsBytes, mark.ts >= time, clock.now - lastMove > mismatchGrace {
                countsBytes = false
                return true
            } else if !execAlive, clock.now - lastMove > timeout {
                enabled = false
                return false
            } else if execAlive, clock.now - lastMove > timeout, (unread() ?? 0) == 0 {
                // gen-exec has read everything and sits idle short of it: only
                // more input would move it, and that input is gen-risk's.
                stalled = true
                enabled = false
                return false
            }
            Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18)
            pause = min(pause * 2, .milliseconds(5))
        }
    }
}
