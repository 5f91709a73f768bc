import Foundation
import Logging
import GenesisDomain

/// Stores the closed candles `gen-fetch stream` writes in the `candles`
/// table (DESIGN §1.2 "Data"), so the correlation limit, the pair scanner,
/// the reports and the market-state classifier see live candles as they see
/// imported ones. Like `BookRecorder`, it never holds up stdout: the stream
/// hands each candle over and goes on; the recorder's own queue writes them
/// in batches (one transaction per symbol and interval) when `batchSize` are
/// waiting or `flushAfter` (`pipeline.candleBatchSeconds`) has passed since
/// the first of them. A candle already stored (by import, backfill or an
/// earlier run: UNIQUE symbol, interval, open time) is skipped. `finish`
/// stores what is left and is called when the stream ends, SIGTERM included.
public final class CandleRecorder: @unchecked Sendable {
    public struct Tally: Sendable, Equatable {
        public var stored = 0
        public var alreadyStored = 0
        /// Candles lost: the store refused a batch, or the backlog outgrew `maximumBacklog`.
        public var lost = 0
    }

    struct Pending {
        var symbol: String
        var interval: Interval
        var row: KlineRow
    }

    private let store: CandleRepository
    private let logger: Logger
    private let batchSize: Int
    private let flushAfter: DispatchTimeInterval
    private let maximumBacklog: Int
    /// Guards everything below.
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "genesis.candle-recorder")
    private var backlog: [Pending] = []
    private var drainQueued = false
    private var tally = Tally()
    private var failed = false

    public init(store: CandleRepository, logger: Logger, batchSize: Int = 500, flushAfter: DispatchTimeInterval = .seconds(1), maximumBacklog: Int = 100_000) {
        self.store = store
        self.logger = logger
        self.batchSize = batchSize
        self.flushAfter = flushAfter
        self.maximumBacklog = maximumBacklog
    }

    /// Takes one closed candle to store; never waits for the store.
    public func record(symbol: String, interval: Interval, row: KlineRow) {
        lock.lock()
        defer { lock.unlock() }
        guard backlog.count < maximumBacklog else {
            tally.lost += 1
            return
        }
        backlog.append(Pending(symbol: symbol, interval: interval, row: row))
        guard !drainQueued else { return }
        drainQueued = true
        if backlog.count >= batchSize {
            queue.async { self.drain() }
        } else {
            queue.asyncAfter(deadline: .now() + flushAfter) { self.drain() }
        }
    }

    /// Stores every candle still waiting and returns what was stored.
    @discardableResult
    public func finish() -> Tally {
        queue.sync { drain() }
        lock.lock()
        defer { lock.unlock() }
        return tally
    }

    /// On the recorder's queue: stores the backlog, a batch at a time.
    private func drain() {
        while true {
            lock.lock()
            let batch = Array(backlog.prefix(batchSize))
            backlog.removeFirst(batch.count)
            if batch.isEmpty { drainQueued = false }
            lock.unlock()
            if batch.isEmpty { return }
            // One insert per symbol and interval, in the order they came.
            var groups: [(key: String, symbol: String, interval: Interval, rows: [KlineRow])] = []
            for item in batch {
                let key = item.symbol + "/" + item.interval.name
                if let index = groups.firstIndex(where: { $0.key == key }) {
                    groups[index].rows.append(item.row)
                } else {
                    groups.append((key, item.symbol, item.interval, [item.row]))
                }
            }
            for group in groups {
                do {
                    let (inserted, skipped) = try store.insertCandles(symbol: group.symbol, interval: group.interval, rows: group.rows)
                    lock.lock()
                    tally.stored += inserted
                    tally.alreadyStored += skipped
                    lock.unlock()
                } catch {
                    lock.lock()
                    tally.lost += group.rows.count
                    let first = !failed
                    failed = true
                    lock.unlock()
                    if first { logger.error("storing candles failed: \(error); the stream goes on, the candles it could not store are counted as lost") }
                }
            }
        }
    }
}
