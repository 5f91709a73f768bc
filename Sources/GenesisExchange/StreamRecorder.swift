import Foundation
import Logging
import GenesisDomain

/// Stores what `gen-fetch stream` writes (DESIGN §1.2 "Data") without ever
/// holding up stdout: the stream hands each item over and goes on; a queue
/// of the recorder's own stores them in batches when `batchSize` are waiting
/// or `flushAfter` has passed since the first of them. `finish` stores what
/// is left, and is called when the stream ends, SIGTERM and SIGINT included.
/// Two are used: `book` rows (`--record`), and every closed candle, so the
/// correlation limit, the pair scanner, the reports and the market-state
/// classifier see live candles as they see imported ones.
public final class StreamRecorder<Item: Sendable>: @unchecked Sendable {
    public struct Tally: Sendable, Equatable {
        public var stored = 0
        /// Items the store already held (a UNIQUE key: an import, a backfill or an earlier run).
        public var alreadyStored = 0
        /// Items lost: the store refused a batch, or the backlog outgrew `maximumBacklog` while it was slow.
        public var lost = 0
    }

    /// Stores one batch, returns how many were inserted and how many were already there.
    private let store: ([Item]) throws -> (inserted: Int, skipped: Int)
    private let what: String
    private let logger: Logger
    private let batchSize: Int
    private let flushAfter: DispatchTimeInterval
    /// Items held while the store is slow; past this, new ones are counted as lost rather than taking the memory.
    private let maximumBacklog: Int
    /// Guards everything below.
    private let lock = NSLock()
    private let queue: DispatchQueue
    private var backlog: [Item] = []
    private var drainQueued = false
    private var tally = Tally()
    private var failed = false

    init(what: String, logger: Logger, batchSize: Int, flushAfter: DispatchTimeInterval, maximumBacklog: Int,
         store: @escaping ([Item]) throws -> (inserted: Int, skipped: Int)) {
        self.what = what
        self.store = store
        self.logger = logger
        self.batchSize = batchSize
        self.flushAfter = flushAfter
        self.maximumBacklog = maximumBacklog
        queue = DispatchQueue(label: "genesis.\(what)-recorder")
    }

    /// Takes one item to store; never waits for the store.
    public func record(_ item: Item) {
        lock.lock()
        defer { lock.unlock() }
        guard backlog.count < maximumBacklog else {
            tally.lost += 1
            return
        }
        backlog.append(item)
        guard !drainQueued else { return }
        drainQueued = true
        if backlog.count >= batchSize {
            queue.async { self.drain() }
        } else {
            queue.asyncAfter(deadline: .now() + flushAfter) { self.drain() }
        }
    }

    /// Stores every item still waiting and returns what was stored.
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
            do {
                let (inserted, skipped) = try store(batch)
                lock.lock()
                tally.stored += inserted
                tally.alreadyStored += skipped
                lock.unlock()
            } catch {
                lock.lock()
                tally.lost += batch.count
                let first = !failed
                failed = true
                lock.unlock()
                if first { logger.error("storing \(what) failed: \(error); the stream goes on, what it could not store is counted as lost") }
            }
        }
    }
}

public typealias BookRecorder = StreamRecorder<BookRow>

extension StreamRecorder where Item == BookRow {
    /// `book` rows, one transaction per batch.
    public convenience init(store: BookRepository, logger: Logger, batchSize: Int = 1000, flushAfter: DispatchTimeInterval = .seconds(1), maximumBacklog: Int = 1_000_000) {
        self.init(what: "books", logger: logger, batchSize: batchSize, flushAfter: flushAfter, maximumBacklog: maximumBacklog) { try store.insertBooks($0) }
    }
}

/// A closed candle of one symbol and interval.
public struct StreamedCandle: Sendable {
    public var symbol: String
    public var interval: Interval
    public var row: KlineRow
}

public typealias CandleRecorder = StreamRecorder<StreamedCandle>

extension StreamRecorder where Item == StreamedCandle {
    /// Closed candles, one insert per symbol and interval in each batch, in
    /// the order they came; one already stored (UNIQUE symbol, interval,
    /// open time) is skipped.
    public convenience init(store: CandleRepository, logger: Logger, batchSize: Int = 500, flushAfter: DispatchTimeInterval = .seconds(1), maximumBacklog: Int = 100_000) {
        self.init(what: "candles", logger: logger, batchSize: batchSize, flushAfter: flushAfter, maximumBacklog: maximumBacklog) { batch in
            var groups: [(key: String, symbol: String, interval: Interval, rows: [KlineRow])] = []
            for item in batch {
                let key = item.symbol + "/" + item.interval.name
                if let index = groups.firstIndex(where: { $0.key == key }) {
                    groups[index].rows.append(item.row)
                } else {
                    groups.append((key, item.symbol, item.interval, [item.row]))
                }
            }
            var total: (inserted: Int, skipped: Int) = (0, 0)
            for group in groups {
                let result = try store.insertCandles(symbol: group.symbol, interval: group.interval, rows: group.rows)
                total.inserted += result.inserted
                total.skipped += result.skipped
            }
            return total
        }
    }

    public func record(symbol: String, interval: Interval, row: KlineRow) {
        record(StreamedCandle(symbol: symbol, interval: interval, row: row))
    }
}
