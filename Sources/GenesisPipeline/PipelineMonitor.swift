import Foundation
import Logging
import GenesisDomain

/// gen-exec's side of the supervised pipeline (DESIGN §6): counts the lines
/// it reads and writes the `pipeline_heartbeat` row `gen-report health`
/// judges RUNNING, STOPPED or DEAD.
///
/// The row is written from a timer of the monitor's own, not from the read
/// loop: a live pipeline waiting for the next 1-minute candle reads nothing
/// for a minute and is still alive, while a hung or killed one stops beating.
/// `observe` only updates counters under a lock, so the stream never waits
/// for the store; a failed write is logged once and trading goes on (health
/// then sees the heartbeat go stale, which is the truth).
public final class PipelineMonitor: @unchecked Sendable {
    private let store: PipelineHeartbeatRepository
    private let intervalMs: Int64
    private let logger: Logger
    /// Guards `current`: taken by `observe` on the read loop, briefly.
    private let state = NSLock()
    private var current: PipelineHeartbeat
    /// Serialises writes, so a late timer beat can never overwrite the stop.
    private let writing = NSLock()
    private var lastWritten: Timestamp?
    private var stopped = false
    private var failed = false
    private let queue = DispatchQueue(label: "genesis.pipeline-monitor")
    private var timer: DispatchSourceTimer?
    private var signalSources: [DispatchSourceSignal] = []

    public init(store: PipelineHeartbeatRepository, session: String, venue: String, settings: GenesisConfig.Pipeline, logger: Logger,
                now: Timestamp = .now(), pid: Int = Int(ProcessInfo.processInfo.processIdentifier), host: String = ProcessInfo.processInfo.hostName) {
        self.store = store
        self.logger = logger
        intervalMs = Int64(settings.heartbeatSeconds) * 1000
        current = PipelineHeartbeat(session: session, venue: venue, pid: pid, host: host, startedAt: now, heartbeatAt: now)
    }

    /// Whether gen-exec keeps a heartbeat: always on an exchange venue (a
    /// live pipeline must be supervised), on paper only when asked
    /// (`--heartbeat`), so backtests and replays leave no rows behind.
    public static func wanted(onExchange: Bool, asked: Bool) -> Bool { onExchange || asked }

    /// The monitor gen-exec runs with, already beating and stopping cleanly
    /// on SIGTERM/SIGINT; nil when no heartbeat is wanted (see `wanted`).
    public static func started(store: PipelineHeartbeatRepository, session: String, venue: String, settings: GenesisConfig.Pipeline,
                               onExchange: Bool, asked: Bool, logger: Logger) -> PipelineMonitor? {
        guard wanted(onExchange: onExchange, asked: asked) else { return nil }
        let monitor = PipelineMonitor(store: store, session: session, venue: venue, settings: settings, logger: logger)
        monitor.start()
        monitor.stopOnSignals()
        return monitor
    }

    /// Counts one line gen-exec read: its type and, for candles, orders and
    /// executions, its time (a candle's own close time).
    public func observe(type: EventType, ts: Timestamp?) {
        state.lock()
        defer { state.unlock() }
        current.linesRead += 1
        switch type {
        case .candle:
            current.candles += 1
            if let ts, current.lastCandleAt.map({ ts > $0 }) ?? true { current.lastCandleAt = ts }
        case .signal:
            if let ts { current.lastSignalAt = ts }
        case .order:
            current.orders += 1
            if let ts { current.lastOrderAt = ts }
        case .execution:
            current.executions += 1
            if let ts { current.lastFillAt = ts }
        default:
            break
        }
    }

    /// Writes the heartbeat when `pipeline.heartbeatSeconds` have passed
    /// since the last write (or none was written yet); returns whether it
    /// wrote. Nothing after `stop`.
    @discardableResult
    public func beat(now: Timestamp) -> Bool {
        writing.lock()
        defer { writing.unlock() }
        guard !stopped else { return false }
        if let lastWritten, now.milliseconds - lastWritten.milliseconds < intervalMs { return false }
        return write(now: now, stopping: false)
    }

    /// Records the clean stop (end of input, SIGTERM, SIGINT): health then
    /// says STOPPED, not DEAD. Only the first call writes.
    public func stop(now: Timestamp) {
        writing.lock()
        defer { writing.unlock() }
        guard !stopped else { return }
        stopped = true
        timer?.cancel()
        _ = write(now: now, stopping: true)
    }

    /// A snapshot of the row as it would be written now.
    public var snapshot: PipelineHeartbeat {
        state.lock()
        defer { state.unlock() }
        return current
    }

    /// Called with `writing` held.
    private func write(now: Timestamp, stopping: Bool) -> Bool {
        state.lock()
        current.heartbeatAt = now
        if stopping { current.stoppedAt = now }
        let row = current
        state.unlock()
        do {
            try store.writePipelineHeartbeat(row)
            lastWritten = now
            return true
        } catch {
            if !failed { logger.error("writing the pipeline heartbeat failed: \(error); trading goes on, health will see the heartbeat go stale") }
            failed = true
            return false
        }
    }

    /// Beats now and then every `pipeline.heartbeatSeconds` on the monitor's own queue.
    public func start() {
        beat(now: .now())
        let timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(Int(intervalMs)), repeating: .milliseconds(Int(intervalMs)), leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.beat(now: .now()) }
        writing.lock()
        self.timer = timer
        writing.unlock()
        timer.resume()
    }

    /// SIGTERM or SIGINT: records the clean stop, then `end`s the process
    /// (exit 0, as gen-fetch stream and the watcher do on these signals;
    /// orders are idempotent by client order id, so one cut short is
    /// settled by the next start's reconcile).
    public func stopOnSignals(end: @escaping @Sendable () -> Void = { exit(0) }) {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { [weak self] in
                self?.logger.info("signal \(number): recording the pipeline's clean stop")
                self?.stop(now: .now())
                end()
            }
            source.resume()
            signalSources.append(source)
        }
    }
}
