import Foundation
import Logging
import GenesisDomain

/// Stores the `book` lines `gen-fetch stream --record` writes (DESIGN §1.2
/// "Data"), without ever holding up stdout: the stream hands each row over
/// and goes on; a queue of the recorder's own writes them in batches (one
/// transaction each) when `batchSize` rows are waiting or `flushAfter` has
/// passed since the first of them. `finish` writes what is left, and is
/// called when the stream ends, SIGTERM and SIGINT included.
public final class BookRecorder: @unchecked Sendable {
    public struct Tally: Sendable, Equatable {
        public var stored = 0
        /// Rows the store already held (the same symbol, ts and update id).
        public var alreadyStored = 0
        /// Rows lost: the store refused a batch, or the backlog outgrew `maximumBacklog` while it was slow.
        public var lost = 0
    }

    private let store: BookRepository
    private let logger: Logger
    private let batchSize: Int
    private let flushAfter: DispatchTimeInterval
    /// Rows held while the store is slow; past this, new rows are counted as lost rather than taking the memory.
    private let maximumBacklog: Int
    /// Guards everything below.
    private let lock = NSLock()
    private let queue = DispatchQueue(label: "genesis.book-recorder")
    private var backlog: [BookRow] = []
    private var drainQueued = false
    private var tally = Tally()
    private var failed = false

    public init(store: BookRepository, logger: Logger, batchSize: Int = 1000, flushAfter: DispatchTimeInterval = .seconds(1), maximumBacklog: Int = 1_000_000) {
        self.store = store
        self.logger = logger
        self.batchSize = batchSize
        self.flushAfter = flushAfter
        self.maximumBacklog = maximumBacklog
    }

    /// Takes one row to store; never waits for the store.
    public func record(_ row: BookRow) {
        lock.lock()
        defer { lock.unlock() }
        guard backlog.count < maximumBacklog else {
            tally.lost += 1
            return
        }
        backlog.append(row)
        guard !drainQueued else { return }
        drainQueued = true
        if backlog.count >= batchSize {
            queue.async { self.drain() }
        } else {
            queue.asyncAfter(deadline: .now() + flushAfter) { self.drain() }
        }
    }

    /// Writes every row still waiting and returns what was stored.
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
                let (inserted, skipped) = try store.insertBooks(batch)
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
                if first { logger.error("recording books failed: \(error); the stream goes on, the books it could not store are counted as lost") }
            }
        }
    }
}
