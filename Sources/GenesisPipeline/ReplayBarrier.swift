import Foundation
import GenesisDomain

/// gen-risk's side of the replay barrier.
public struct ReplayBarrier {
    let store: PipelineProgress
    let session: String
    let timeout: Duration
    /// Cleared after a timeout: with no gen-exec downstream there is nothing to wait for.
    public private(set) var enabled = true

    public init(store: PipelineProgress, session: String, timeoutSeconds: Int) {
        self.store = store
        self.session = session
        self.timeout = .seconds(timeoutSeconds)
    }

    /// Waits until gen-exec has handled everything up to `time`. While the
    /// gen-exec that wrote the mark is alive it waits as long as it takes (a
    /// slow reader downstream is back-pressure, not absence); when no gen-exec
    /// ever reported, it gives up after the timeout, returns false and stops
    /// waiting for the rest of the run.
    public mutating func wait(until time: Timestamp) throws -> Bool {
        guard enabled else { return false }
        let clock = ContinuousClock()
        var lastMark = try store.progress(session: session)?.ts
        var lastMove = clock.now
        var pause: Duration = .microseconds(50)
        while true {
            let row = try store.progress(session: session)
            let mark = row?.ts
            if let mark, mark >= time { return true }
            let execAlive = row.map { $0.pid != getpid() && kill($0.pid, 0) == 0 } ?? false
            if mark != lastMark || execAlive {
                lastMark = mark
                lastMove = clock.now
            } else if clock.now - lastMove > timeout {
                enabled = false
                return false
            }
            Thread.sleep(forTimeInterval: Double(pause.components.attoseconds) / 1e18)
            pause = min(pause * 2, .milliseconds(5))
        }
    }
}
